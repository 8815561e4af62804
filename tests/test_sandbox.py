"""The analysts' SQL console: every escape is refused by the engine or stopped by the time limit, data unchanged.

Each escape runs twice: on the app's console (a read-only snapshot of a Store that stays open read-write, as
in the app) and through `run_readonly` on the database file (as `kaohe sql` does).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kaohe.sandbox import Console, SandboxError, SandboxTimeout, SqlResult, run_readonly
from kaohe.store import Store

LEAK = Path("/tmp/kaohe_sandbox_leak.csv")


def _fill(store: Store) -> None:
    with store.transaction() as cur:
        cur.execute(
            "insert into units (unit_id, name, kind, members) values ('S01', '甲社区党支部', '社区', 30), "
            "('S02', '乙社区党支部', '社区', 20)"
        )
        cur.execute(
            "insert into services select date '2025-01-01' + cast(i as integer), 'S0' || (1 + i % 2), '医疗义诊', "
            "'义诊' || i, "
            "10, 2, 1.5, null, 'f.csv', i, 1 from range(100) as r(i)"
        )
        # The accounts table (schema 004) must never reach the console: it is not on the snapshot allow-list.
        cur.execute(
            "insert into users (user_name, display_name, role, password_hash, created_at, changed_at) "
            "values ('admin', '管理员', 'admin', '$argon2id$secret-hash', now(), now())"
        )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "k.duckdb") as store:
        _fill(store)
        yield store


@pytest.fixture
def console(store: Store, tmp_path: Path) -> Iterator[Console]:
    console = Console(store, folder=tmp_path / "snapshots")
    (tmp_path / "snapshots").mkdir()
    yield console
    console.close()


def _counts(store: Store) -> tuple[int, int, int]:
    cur = store.cursor()
    return (
        cur.execute("select count(*) from services").fetchone()[0],  # type: ignore[index]
        cur.execute("select count(*) from units").fetchone()[0],  # type: ignore[index]
        cur.execute("select count(*) from users").fetchone()[0],  # type: ignore[index]
    )


ESCAPES = [
    pytest.param("select * from read_csv('/etc/passwd')", id="read_csv"),
    pytest.param("select * from read_text('/etc/passwd')", id="read_text"),
    pytest.param("select * from read_blob('/etc/passwd')", id="read_blob"),
    pytest.param("select * from read_json('/etc/passwd')", id="read_json"),
    pytest.param("select * from glob('/etc/*')", id="glob"),
    pytest.param("select * from parquet_scan('/tmp/x.parquet')", id="parquet_scan"),
    pytest.param("select * from sniff_csv('/etc/passwd')", id="sniff_csv"),
    pytest.param("select * from read_csv('https://example.com/a.csv')", id="https-url"),
    pytest.param("select getenv('HOME')", id="getenv"),
    pytest.param(f"copy services to '{LEAK}'", id="copy-to"),
    pytest.param(f"copy (select * from units) to '{LEAK}' (format csv)", id="copy-select-to"),
    pytest.param("export database '/tmp/kaohe_sandbox_export'", id="export-database"),
    pytest.param("attach ':memory:' as other", id="attach-memory"),
    pytest.param("attach '/tmp/kaohe_sandbox_other.duckdb' as other", id="attach-file"),
    pytest.param("install httpfs", id="install"),
    pytest.param("load httpfs", id="load"),
    pytest.param("force install httpfs", id="force-install"),
    pytest.param("set enable_external_access = true", id="set-external-access"),
    pytest.param("set threads = 1", id="set-threads"),
    pytest.param("reset threads", id="reset"),
    pytest.param("pragma enable_profiling", id="pragma-setting"),
    pytest.param("select * from duckdb_secrets()", id="secrets"),
    pytest.param("create secret s (type s3, key_id 'a', secret 'b')", id="create-secret"),
    pytest.param("delete from services", id="delete"),
    pytest.param("update units set members = 0", id="update"),
    pytest.param("insert into units (unit_id, name, kind, members) values ('X', 'x', '社区', 1)", id="insert"),
    pytest.param("drop table services", id="drop"),
    pytest.param("create table x as select 1", id="create-table"),
    pytest.param("with d as (delete from services returning *) select count(*) from d", id="delete-in-cte"),
    pytest.param("select 1; delete from services", id="stacked"),
    pytest.param("select 1; select 2", id="stacked-selects"),
    pytest.param("select * from users", id="table-not-on-allow-list"),
]


@pytest.mark.parametrize("statement", ESCAPES)
def test_console_refuses_each_escape_and_data_are_unchanged(console: Console, store: Store, statement: str) -> None:
    before = _counts(store)
    with pytest.raises(SandboxError):
        console.run(statement)
    assert _counts(store) == before
    assert not LEAK.exists()
    assert not Path("/tmp/kaohe_sandbox_export").exists()
    # The console still answers afterwards.
    assert console.run("select count(*) as n from services").frame["n"].tolist() == [before[0]]


@pytest.mark.parametrize("statement", [p for p in ESCAPES if p.id != "table-not-on-allow-list"])
def test_run_readonly_refuses_each_escape_on_the_file(tmp_path: Path, statement: str) -> None:
    path = tmp_path / "k.duckdb"
    with Store(path) as store:
        _fill(store)
        before = _counts(store)
    with pytest.raises(SandboxError):
        run_readonly(path, statement)
    with Store(path) as store:
        assert _counts(store) == before
    assert not LEAK.exists()


def test_endless_cross_join_is_stopped_and_the_console_answers_the_next_query(console: Console, store: Store) -> None:
    started = time.monotonic()
    with pytest.raises(SandboxTimeout, match="1 秒"):
        console.run("select count(*) from range(1000000000000) as a, range(1000000) as b", timeout=1)
    assert time.monotonic() - started < 5
    assert console.run("select count(*) as n from units").frame["n"].tolist() == [2]
    assert _counts(store)[0] == 100


def test_run_readonly_has_the_same_time_limit(tmp_path: Path) -> None:
    path = tmp_path / "k.duckdb"
    Store(path).close()
    with pytest.raises(SandboxTimeout):
        run_readonly(path, "select count(*) from range(1000000000000) as a, range(1000000) as b", timeout=1)


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        pytest.param("select count(*) as n from duckdb_settings()", "rows", id="duckdb_settings"),
        pytest.param("select current_setting('threads') as n", "rows", id="current_setting"),
        pytest.param("summarize services", "rows", id="summarize"),
        pytest.param("describe services", "rows", id="describe"),
    ],
)
def test_harmless_introspection_is_allowed(console: Console, statement: str, expected: str) -> None:
    assert len(console.run(statement).frame) > 0


@pytest.mark.parametrize(
    ("cap", "rows", "truncated"),
    [
        pytest.param(10, 50, True, id="more-than-cap"),
        pytest.param(50, 50, False, id="exactly-cap"),
        pytest.param(100, 0, False, id="empty"),
    ],
)
def test_row_cap_marks_truncation(console: Console, cap: int, rows: int, truncated: bool) -> None:
    result: SqlResult = console.run(f"select * from range({rows})", row_cap=cap)
    assert result.truncated is truncated
    assert len(result.frame) == min(cap, rows)


def test_snapshot_holds_only_allow_listed_tables(console: Console) -> None:
    tables = set(console.run("select table_name from information_schema.tables").frame["table_name"])
    assert "users" not in tables and "audit_log" not in tables and "qualitative_scores" not in tables
    assert {"units", "services", "meetings", "cases", "disputes"} <= tables


def test_snapshot_follows_a_write_to_the_store(console: Console, store: Store) -> None:
    assert console.run("select count(*) as n from units").frame["n"].tolist() == [2]
    with store.transaction() as cur:
        cur.execute("insert into units (unit_id, name, kind, members) values ('S03', '丙社区党支部', '社区', 9)")
    assert console.run("select count(*) as n from units").frame["n"].tolist() == [3]
    # The superseded snapshot file is removed, only the current one stays.
    assert len(list(console._folder.glob("snapshot_*.duckdb"))) == 1


def test_a_console_error_names_the_problem(console: Console) -> None:
    with pytest.raises(SandboxError, match="no_such_table"):
        console.run("select * from no_such_table")
    with pytest.raises(SandboxError, match="语法有误"):
        console.run("selec 1")


@pytest.mark.parametrize(
    ("statement", "says", "hides"),
    [
        ("drop table services", "控制台是只读的", "snapshot"),
        ("select * from read_csv('/etc/passwd')", "控制台不能读写文件", "LINE 1"),
    ],
    ids=["write", "file"],
)
def test_a_refusal_is_explained_in_chinese_first(console: Console, statement: str, says: str, hides: str) -> None:
    with pytest.raises(SandboxError) as refused:
        console.run(statement)
    assert str(refused.value).startswith(says)
    assert hides not in str(refused.value)


# -- what a statement may cost the server ---------------------------------------------------------------------


def _max_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.mark.parametrize("where", ["console", "file"])
def test_a_statement_that_would_fill_the_servers_memory_is_refused_and_costs_it_nothing(
    console: Console, store: Store, tmp_path: Path, where: str
) -> None:
    huge = "select repeat('x', 50000000) from range(80)"  # 4 GB of result strings
    before = _max_rss_mb()
    with pytest.raises(SandboxError, match="内存超过上限") as refused:
        if where == "console":
            console.run(huge)
        else:
            store.close()
            run_readonly(store.path, huge)
    assert refused.value.key == "sandbox.memory"
    # The worker process took the blow; this process (the server) grew by far less than one result string.
    assert _max_rss_mb() - before < 40


def test_an_answer_is_cut_at_its_byte_cap(console: Console) -> None:
    result = console.run("select i, repeat('长', 100000) as text from range(200) as r(i)", byte_cap=2 * 1024 * 1024)
    assert result.truncated and result.truncated_by == "bytes"
    assert 0 < len(result.frame) < 10 and result.frame["i"].tolist() == list(range(len(result.frame)))
    assert int(result.frame["text"].str.len().sum()) * 3 <= 2 * 1024 * 1024


def test_the_row_cap_is_reported_as_such(console: Console) -> None:
    result = console.run("select * from range(50)", row_cap=10)
    assert (result.truncated, result.truncated_by) == (True, "rows")
