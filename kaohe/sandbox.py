"""Run analysts' SQL safely: read-only by the engine, no files, no network, no extensions, no settings.

Safety does not come from inspecting the statement text (a data-modifying CTE reports itself as a SELECT):
the statement runs on its own connection opened `read_only`, with external access disabled and the
configuration locked, so the engine itself refuses writes, file and network reads, ATTACH, INSTALL/LOAD
and SET.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

DEFAULT_ROW_CAP = 10_000


class SandboxError(RuntimeError):
    """The statement was refused or failed; the message is the engine's, safe to show."""


@dataclass(frozen=True)
class SqlResult:
    """Rows of a console query, at most `row_cap` of them; `truncated` when more existed."""

    frame: pd.DataFrame
    truncated: bool


def open_readonly(db_path: Path) -> duckdb.DuckDBPyConnection:
    """A connection that can only read the tables of `db_path`."""
    config: dict[str, str | bool | int | float | list[str]] = {
        "enable_external_access": False,
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
        "allow_community_extensions": False,
        "lock_configuration": True,
    }
    return duckdb.connect(str(db_path), read_only=True, config=config)


def run_readonly(db_path: Path, sql: str, row_cap: int = DEFAULT_ROW_CAP) -> SqlResult:
    """Run one analyst statement against `db_path` read-only and return at most `row_cap` rows."""
    if not db_path.exists():
        raise SandboxError(f"数据库文件不存在：{db_path}")
    con = open_readonly(db_path)
    try:
        try:
            statements = con.extract_statements(sql)
        except duckdb.Error as exc:
            raise SandboxError(str(exc)) from exc
        if len(statements) != 1:
            raise SandboxError(f"一次只能执行一条语句（收到 {len(statements)} 条）")
        try:
            cursor = con.execute(statements[0])
            if cursor.description is None:
                raise SandboxError("该语句不返回数据")
            columns = [d[0] for d in cursor.description]
            rows = cursor.fetchmany(row_cap + 1)
        except duckdb.Error as exc:
            raise SandboxError(str(exc)) from exc
        truncated = len(rows) > row_cap
        frame = pd.DataFrame(rows[:row_cap], columns=columns)
        return SqlResult(frame=frame, truncated=truncated)
    finally:
        con.close()
