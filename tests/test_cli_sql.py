"""`kaohe sql`: read-only by the engine, one JSON object or CSV on stdout, exit codes as documented."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kaohe.cli import main
from kaohe.store import Store


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "k.duckdb"
    with Store(path) as store, store.transaction() as cur:
        cur.executemany("insert into unit_aliases values (?, ?)", [("陇一", "S03"), ("新郑路", "S02")])
    return path


def test_select_as_json(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "sql",
                "select alias, unit_id from unit_aliases order by unit_id",
                "--db",
                str(db),
                "--format",
                "json",
            ]
        )
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert out == {
        "rows": [{"alias": "新郑路", "unit_id": "S02"}, {"alias": "陇一", "unit_id": "S03"}],
        "truncated": False,
    }


def test_row_cap_marks_truncation(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sql", "select * from range(50)", "--db", str(db), "--format", "json", "--max-rows", "10"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out["rows"]) == 10 and out["truncated"] is True


@pytest.mark.parametrize(
    "statement",
    [
        "delete from unit_aliases",
        "with d as (delete from unit_aliases returning *) select * from d",
        "select * from read_csv('/etc/passwd')",
        "copy unit_aliases to '/tmp/kaohe_leak.csv'",
        "attach ':memory:' as other",
        "install httpfs",
        "set enable_external_access = true",
        "select 1; delete from unit_aliases",
    ],
    ids=["delete", "delete-in-cte", "read-file", "copy-to", "attach", "install", "set", "stacked"],
)
def test_escapes_are_refused_and_data_unchanged(db: Path, statement: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sql", statement, "--db", str(db)]) == 1
    assert "kaohe sql:" in capsys.readouterr().err
    assert not Path("/tmp/kaohe_leak.csv").exists()
    with Store(db) as store:
        assert store.cursor().execute("select count(*) from unit_aliases").fetchone() == (2,)


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["sql"])
    assert exc.value.code == 2
    assert "用法错误" in capsys.readouterr().err
