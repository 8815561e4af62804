"""The command line when the database cannot be used: held by the running app, not a database, disk full.

Each case runs the real `kaohe` command in a subprocess, as an operator would, and checks what the operator
reads: a sentence in Chinese that says what happened and what to do (or, with --json, one error object on
stdout), exit status 1, and never a traceback or the engine's own message.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROSTER_ROWS, csv_bytes

from kaohe.store import Store

KAOHE = [sys.executable, "-m", "kaohe"]
HOLDER = "import duckdb, sys; con = duckdb.connect(sys.argv[1]); print('holding', flush=True); sys.stdin.read()"


def kaohe(*args: str, stdin: str = "", limit_file_bytes: int | None = None) -> subprocess.CompletedProcess[str]:
    """Run `kaohe ARGS` (optionally unable to grow any file past `limit_file_bytes`, as on a full disk)."""

    def limit() -> None:
        if limit_file_bytes is not None:
            # Writing past the limit then fails with EFBIG, as it fails with ENOSPC on a full disk.
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_file_bytes, limit_file_bytes))

    env = {**os.environ, "KAOHE_LANG": "zh"}
    return subprocess.run(
        [*KAOHE, *args], input=stdin, capture_output=True, text=True, preexec_fn=limit, env=env, timeout=120
    )


@pytest.fixture
def roster_db(tmp_path: Path) -> Path:
    from kaohe.ingest import import_file

    path = tmp_path / "kaohe.duckdb"
    with Store(path) as store:
        import_file(store, csv_bytes(ROSTER_ROWS), "名册.csv")
    return path


@pytest.fixture
def held(roster_db: Path) -> Iterator[int]:
    """Another process (standing in for the app) holds the database open; yields its PID."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(roster_db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
    yield holder.pid
    holder.communicate("")


def assert_said_not_traced(done: subprocess.CompletedProcess[str], *phrases: str) -> None:
    assert done.returncode == 1, done
    shown = done.stdout + done.stderr
    assert "Traceback" not in shown and "IOException" not in shown and "IO Error" not in shown
    for phrase in phrases:
        assert phrase in shown, shown


LOCKED_COMMANDS = [
    pytest.param(["import", "{roster}"], "", id="import"),
    pytest.param(["users", "passwd", "admin", "--password-stdin"], "new-password-1\n", id="users-passwd"),
    pytest.param(["users", "add", "li", "--role", "analyst", "--password-stdin"], "new-password-1\n", id="users-add"),
    pytest.param(["sql", "select 1"], "", id="sql"),
    pytest.param(["score", "--period", "2025"], "", id="score"),
    pytest.param(["backup"], "", id="backup"),
]


@pytest.mark.parametrize(("args", "stdin"), LOCKED_COMMANDS)
def test_a_database_held_by_the_app_is_said_in_chinese_with_what_to_do(
    roster_db: Path, held: int, tmp_path: Path, args: list[str], stdin: str
) -> None:
    roster = tmp_path / "名册.csv"
    roster.write_bytes(csv_bytes(ROSTER_ROWS))
    argv = [a.format(roster=roster) for a in args]
    done = kaohe(*argv, "--db", str(roster_db), stdin=stdin)
    assert_said_not_traced(done, "正被另一个程序", f"进程号 {held}", "「台账导入」", "「用户管理」", "停止看板")


def test_with_json_the_lock_is_one_error_object_on_stdout(roster_db: Path, held: int, tmp_path: Path) -> None:
    roster = tmp_path / "名册.csv"
    roster.write_bytes(csv_bytes(ROSTER_ROWS))
    done = kaohe("import", str(roster), "--db", str(roster_db), "--json")
    assert_said_not_traced(done)
    error = json.loads(done.stdout)["error"]
    assert error["code"] == "store.locked" and "正被另一个程序" in error["message"]


def test_restore_refuses_while_the_app_holds_the_database(roster_db: Path, held: int, tmp_path: Path) -> None:
    backup = tmp_path / "copy.duckdb"
    Store(backup).close()
    before = roster_db.read_bytes()
    done = kaohe("restore", str(backup), "--db", str(roster_db))
    assert_said_not_traced(done, "正被另一个程序")
    assert roster_db.read_bytes() == before
    assert not list(tmp_path.glob("*.replaced-*"))


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(lambda data: data[: len(data) // 3], id="truncated"),
        pytest.param(lambda data: b"not a database" * 1000, id="not-a-database"),
    ],
)
def test_a_damaged_database_is_said_not_traced(roster_db: Path, damage) -> None:  # type: ignore[no-untyped-def]
    roster_db.write_bytes(damage(roster_db.read_bytes()))
    done = kaohe("users", "list", "--db", str(roster_db))
    assert_said_not_traced(done, "无法读取", "kaohe restore")


def test_a_full_disk_during_import_is_said_and_the_data_are_intact(roster_db: Path, tmp_path: Path) -> None:
    services = [["服务日期", "党组织名称", "服务类别", "服务内容", "服务人数"]] + [
        ["2025-03-05", "新郑路社区党支部", "医疗义诊", f"义诊第{i}场" + "。" * 200, "12"] for i in range(3000)
    ]
    ledger = tmp_path / "便民服务台账.csv"
    ledger.write_bytes(csv_bytes(services))
    done = kaohe("import", str(ledger), "--db", str(roster_db), "--json", limit_file_bytes=200_000)
    assert_said_not_traced(done)
    [error] = json.loads(done.stdout)["errors"]
    assert "超过了系统允许的大小" in error["error"] and "已有数据没有变化" in error["error"]
    with Store(roster_db) as store:
        assert store.cursor().execute("select count(*) from services").fetchone() == (0,)
        assert store.cursor().execute("select count(*) from imports").fetchone() == (1,)
    # With room again, the same file imports in full.
    again = kaohe("import", str(ledger), "--db", str(roster_db), "--json")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["files"][0]["loaded"] == 3000
