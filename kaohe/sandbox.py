"""Run analysts' SQL safely: read-only by the engine, no files, no network, no extensions, no settings, a time limit.

Safety does not come from inspecting the statement text (a data-modifying CTE reports itself as a SELECT):
the statement runs on its own connection opened `read_only`, with external access disabled and the
configuration locked, so the engine itself refuses writes, file and network reads, ATTACH, INSTALL/LOAD
and SET. A watchdog thread interrupts a statement that runs past the time limit.

Inside the app the database file is already open read-write by the `Store` of the same process, and DuckDB
will not open the same file a second time read-only. So the app's console (`Console`) queries a snapshot:
the allow-listed tables copied from the Store's connection into a separate file, rebuilt whenever the Store
has written since (its generation changed), and opened read-only like any other file. Tables not on the
allow-list (assessors' input, the audit log, any later table such as users) never reach the snapshot.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from kaohe.queries import load_query
from kaohe.store import Store

DEFAULT_ROW_CAP = 10_000
DEFAULT_TIMEOUT = 10.0

# The tables (and views, copied as tables) analysts may query in the app's console. An allow-list, so that
# a table added later is invisible until someone decides it is fit for analysts.
SNAPSHOT_TABLES: tuple[str, ...] = (
    "units",
    "unit_aliases",
    "services",
    "meetings",
    "cases",
    "disputes",
    "imports",
    "rejects",
    "schema_migrations",
    "schemes",
    "scheme_dimensions",
    "scheme_components",
    "indicators",
    "targets",
    "ladder_steps",
    "grade_bands",
    "scheme_in_force",
    # Published rankings are public once published; they hold no assessors' comments or evidence notes.
    "published_units",
    "published_lines",
)


class SandboxError(RuntimeError):
    """The statement was refused or failed; the message is the engine's (or ours), safe to show."""


def _explain(exc: duckdb.Error) -> str:
    """The engine's refusal in words an analyst reads first, its own first line after (no caret diagram)."""
    detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if isinstance(exc, duckdb.PermissionException) or "disabled by configuration" in detail:
        return f"控制台不能读写文件、访问网络或修改设置，只能查询下方列出的表。（{detail}）"
    if "read-only mode" in detail:
        # The engine's text names the snapshot's internal database; the analyst only needs the rule.
        return "控制台是只读的：不能修改、删除或新建表和数据，只能用 select 查询。"
    return detail


class SandboxTimeout(SandboxError):
    """The statement ran past the time limit and was interrupted."""


@dataclass(frozen=True)
class SqlResult:
    """Rows of a console query, at most `row_cap` of them; `truncated` when more existed."""

    frame: pd.DataFrame
    truncated: bool
    row_cap: int = DEFAULT_ROW_CAP
    seconds: float = 0.0


def open_readonly(db_path: Path, memory_limit: str = "1GB") -> duckdb.DuckDBPyConnection:
    """A connection that can only read the tables of `db_path`: no files, network, extensions or settings."""
    config: dict[str, str | bool | int | float | list[str]] = {
        "enable_external_access": False,
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
        "allow_community_extensions": False,
        "memory_limit": memory_limit,
        "lock_configuration": True,
    }
    return duckdb.connect(str(db_path), read_only=True, config=config)


def run_statement(
    con: duckdb.DuckDBPyConnection,
    sql: str,
    row_cap: int = DEFAULT_ROW_CAP,
    timeout: float = DEFAULT_TIMEOUT,
) -> SqlResult:
    """Run exactly one statement on a fresh cursor of a read-only `con`, interrupted after `timeout` seconds."""
    cursor = con.cursor()
    try:
        try:
            statements = cursor.extract_statements(sql)
        except duckdb.Error as exc:
            raise SandboxError(str(exc)) from exc
        if len(statements) != 1:
            raise SandboxError(f"一次只能执行一条语句（收到 {len(statements)} 条）")
        # A timer thread, not a setting: DuckDB has no statement timeout, but interrupt() is thread-safe.
        watchdog = threading.Timer(timeout, cursor.interrupt)
        watchdog.daemon = True
        started = time.perf_counter()
        watchdog.start()
        try:
            result = cursor.execute(statements[0])
            if result.description is None:
                raise SandboxError("该语句不返回数据")
            columns = [d[0] for d in result.description]
            rows = result.fetchmany(row_cap + 1)
        except duckdb.InterruptException as exc:
            raise SandboxTimeout(
                f"查询超过 {timeout:g} 秒的时限，已中止；请缩小范围（加筛选条件或 limit）后再试"
            ) from exc
        except duckdb.Error as exc:
            raise SandboxError(_explain(exc)) from exc
        finally:
            watchdog.cancel()
        seconds = time.perf_counter() - started
    finally:
        cursor.close()
    truncated = len(rows) > row_cap
    frame = pd.DataFrame(rows[:row_cap], columns=pd.Index(_unique(columns)))
    return SqlResult(frame=frame, truncated=truncated, row_cap=row_cap, seconds=seconds)


def _unique(columns: list[str]) -> list[str]:
    # `select 1, 1` yields two columns named "1"; a DataFrame for display needs distinct names.
    seen: dict[str, int] = {}
    out = []
    for name in columns:
        count = seen.get(name, 0)
        seen[name] = count + 1
        out.append(name if count == 0 else f"{name}_{count + 1}")
    return out


def run_readonly(
    db_path: Path,
    sql: str,
    row_cap: int = DEFAULT_ROW_CAP,
    timeout: float = DEFAULT_TIMEOUT,
) -> SqlResult:
    """Run one analyst statement against `db_path` read-only and return at most `row_cap` rows."""
    if not db_path.exists():
        raise SandboxError(f"数据库文件不存在：{db_path}")
    try:
        con = open_readonly(db_path)
    except duckdb.Error as exc:
        raise SandboxError(f"无法只读打开 {db_path}：{exc}") from exc
    try:
        return run_statement(con, sql, row_cap=row_cap, timeout=timeout)
    finally:
        con.close()


def build_snapshot(store: Store, path: Path, tables: tuple[str, ...] = SNAPSHOT_TABLES) -> tuple[str, ...]:
    """Copy the allow-listed `tables` that exist in `store` into a new database file; return those copied."""
    if path.exists():
        raise FileExistsError(f"snapshot file {path} already exists")
    # A plain cursor, not Store.transaction(): nothing in the Store's own file changes (the writes go to the
    # attached snapshot), and a transaction would bump the generation and so invalidate every cached result.
    cur = store.cursor()
    try:
        present = set(cur.execute(load_query("sandbox/existing_tables")).df()["table_name"])
        copied = tuple(t for t in tables if t in present)
        cur.execute(load_query("sandbox/attach_snapshot"), {"path": str(path)})
        try:
            for table in copied:
                # Identifiers cannot be bound; these come from the allow-list above, never from a user.
                cur.execute(load_query("sandbox/copy_table").format(table=_identifier(table)))
        finally:
            cur.execute(load_query("sandbox/detach_snapshot"))
    finally:
        cur.close()
    return copied


def _identifier(name: str) -> str:
    if not name.isidentifier():
        raise ValueError(f"not a plain identifier: {name!r}")
    return '"' + name + '"'


class Console:
    """The app's SQL console: a read-only snapshot of the Store, rebuilt after every write to the Store."""

    def __init__(
        self,
        store: Store,
        tables: tuple[str, ...] = SNAPSHOT_TABLES,
        folder: Path | None = None,
    ) -> None:
        self.store = store
        self.tables = tables
        self._folder = folder or Path(tempfile.mkdtemp(prefix="kaohe-console-"))
        self._owns_folder = folder is None
        self._lock = threading.Lock()
        self._generation: int | None = None
        self._con: duckdb.DuckDBPyConnection | None = None
        self._path: Path | None = None
        self.copied: tuple[str, ...] = ()

    def connection(self) -> duckdb.DuckDBPyConnection:
        """The read-only connection to a snapshot as fresh as the Store's last write."""
        with self._lock:
            if self._con is None or self._generation != self.store.generation:
                generation = self.store.generation
                # A new file per generation: the old one may still be open (read-only) by a running query,
                # and DuckDB refuses to attach a file this process already has open.
                path = self._folder / f"snapshot_{generation}_{uuid.uuid4().hex[:8]}.duckdb"
                self.copied = build_snapshot(self.store, path, self.tables)
                old_path = self._path
                self._con, self._path, self._generation = open_readonly(path), path, generation
                if old_path is not None:
                    # Unlinking an open file is safe on POSIX; a query still running on it finishes first.
                    old_path.unlink(missing_ok=True)
            return self._con

    def run(self, sql: str, row_cap: int = DEFAULT_ROW_CAP, timeout: float = DEFAULT_TIMEOUT) -> SqlResult:
        """Run one analyst statement on the snapshot."""
        return run_statement(self.connection(), sql, row_cap=row_cap, timeout=timeout)

    def close(self) -> None:
        """Close the snapshot connection and remove the snapshot files."""
        with self._lock:
            if self._con is not None:
                self._con.close()
            self._con, self._generation = None, None
            if self._path is not None:
                self._path.unlink(missing_ok=True)
            if self._owns_folder:
                shutil.rmtree(self._folder, ignore_errors=True)
