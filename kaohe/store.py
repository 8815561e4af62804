"""The DuckDB store: one database file, its schema migrations, reads through cursors and one writer path.

A single DuckDB connection is not safe to share between threads, and Streamlit runs every session on its own
thread, so callers never use the connection directly: reads take a fresh cursor per query, and every write
goes through `Store.transaction()`, which serialises writers with a lock and commits all or nothing.

What can go wrong with the file itself (another process holds it, it is not a whole DuckDB database, the disk
is full) is raised as a `StoreError`, whose message is a label saying what happened and what to do, never the
engine's text: the CLI, the app and the backup code all show it as it is.
"""

from __future__ import annotations

import errno
import itertools
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Mapping
from concurrent.futures import Future
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, NoReturn, Protocol, TypeVar

import duckdb
import pandas as pd

from kaohe import DEFAULT_DB
from kaohe.labels import LabelledError
from kaohe.queries import QUERIES_DIR, load_query

Params = Mapping[str, Any]
T = TypeVar("T")

_SCHEMA_FILE = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")


class Reader(Protocol):
    """The one way the library reads: a named query from `queries/` with bound parameters, returning its rows.

    A `Store` is a Reader; so is the pages' cached source (`kaohe.ui.source()`), which answers from Streamlit's
    cache keyed by the data generation. Library functions that only read take a Reader, so a page can hand them
    either, and they never see a connection or a cursor.
    """

    def query(self, name: str, params: Mapping[str, Any] | None = None) -> pd.DataFrame:
        """Run the named query and return its rows."""
        ...


class StoreError(LabelledError):
    """The database file cannot be used as asked; the message says why and what to do."""


class StoreLocked(StoreError):
    """Another process (normally the running app) holds the database file."""


class StoreUnreadable(StoreError):
    """The file is not a whole DuckDB database: empty, truncated, corrupted or something else entirely."""


class StoreWriteFailed(StoreError):
    """A write could not reach the disk (full, too large, read-only); the transaction was rolled back."""


_LOCK_PID = re.compile(r"\(PID (\d+)\)")
# The OS's words for a write that cannot reach the disk, as DuckDB quotes them, and the label for each.
_WRITE_FAILURES = {
    os.strerror(errno.ENOSPC): "store.disk_full",
    os.strerror(errno.EDQUOT): "store.disk_full",
    os.strerror(errno.EFBIG): "store.file_too_large",
    os.strerror(errno.EROFS): "store.not_writable",
    os.strerror(errno.EACCES): "store.not_writable",
}
_UNREADABLE = ("not a valid DuckDB database file", "Could not read enough bytes", "Corrupt database file",
               "does not match stored checksum", "Serialization Error")  # fmt: skip


def explain_engine_error(exc: BaseException, path: Path) -> StoreError | None:
    """The StoreError an engine or OS error on the database file amounts to, or None if it is something else."""
    text = str(exc)
    if "Could not set lock" in text:
        pid = _LOCK_PID.search(text)
        return StoreLocked("store.locked", path=str(path), pid=pid.group(1) if pid else "?")
    if isinstance(exc, OSError) and exc.errno is not None:
        text = os.strerror(exc.errno)
    for message, key in _WRITE_FAILURES.items():
        if message in text:
            return StoreWriteFailed(key, path=str(path))
    if any(marker in text for marker in _UNREADABLE):
        return StoreUnreadable("store.unreadable", path=str(path))
    return None


def default_db_path() -> Path:
    """The database file: `$KAOHE_DB` when set, else `data/kaohe.duckdb` in the project."""
    env = os.environ.get("KAOHE_DB")
    return Path(env) if env else DEFAULT_DB


def schema_files() -> list[tuple[int, str, Path]]:
    """The schema migrations under `queries/schema/`, as (version, name, path), in order."""
    found = []
    for path in sorted((QUERIES_DIR / "schema").glob("*.sql")):
        match = _SCHEMA_FILE.match(path.name)
        if match is None:
            raise ValueError(f"schema file {path.name} is not named NNN_name.sql")
        found.append((int(match.group(1)), match.group(2), path))
    return found


class _Memo:
    """A small thread-safe cache where concurrent callers of one missing key wait for the first to compute it."""

    def __init__(self, size: int = 64) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._values: OrderedDict[Hashable, Future[Any]] = OrderedDict()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            future = self._values.get(key)
            owner = future is None
            if future is None:
                future = self._values[key] = Future()
                while len(self._values) > self._size:
                    self._values.popitem(last=False)
            else:
                self._values.move_to_end(key)
        if owner:
            try:
                future.set_result(compute())
            except BaseException as exc:
                # A failure is not cached: the next caller tries again (the data may have been fixed).
                with self._lock:
                    self._values.pop(key, None)
                future.set_exception(exc)
        value: T = future.result()
        return value


# Generations are unique across the process: a Store opened on a file, even on a path used before, never
# reuses one, so nothing cached for an earlier file or connection is ever served for this one.
_GENERATIONS = itertools.count(1)


class _FileState:
    """What every Store of one database file in this process shares: the data generation and the memo."""

    def __init__(self) -> None:
        self.generation = next(_GENERATIONS)
        self.memo = _Memo()


_FILES: dict[str, _FileState] = {}
_FILES_LOCK = threading.Lock()


def _file_state(path: Path) -> _FileState:
    with _FILES_LOCK:
        state = _FILES.setdefault(str(path.resolve()), _FileState())
        # Opening a file (perhaps replaced since: a copy, a restore) starts a new generation.
        state.generation = next(_GENERATIONS)
        return state


class Store:
    """One DuckDB database file with its schema kept current."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._con = duckdb.connect(str(self.path))
        except (duckdb.Error, OSError) as exc:
            _raise_explained(exc, self.path)
        self._write_lock = threading.RLock()
        self._shared = _file_state(self.path)
        try:
            self.migrate()
        except BaseException as exc:
            self._con.close()
            if isinstance(exc, duckdb.Error):
                _raise_explained(exc, self.path)
            raise

    @property
    def generation(self) -> int:
        """Changes after every committed write through any Store of this file in the process; caches key on it,
        so no cached result outlives a write."""
        return self._shared.generation

    # -- reading -------------------------------------------------------------------------------------

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A new cursor on the shared connection: use one per query, from any thread."""
        return self._con.cursor()

    def query(
        self, name: str, params: Params | None = None, relations: Mapping[str, pd.DataFrame] | None = None
    ) -> pd.DataFrame:
        """Run the named query from `queries/` with bound parameters and return its rows.

        `relations` are frames the query reads by name (e.g. the scheme in memory as `method_indicators`),
        registered on this query's cursor only.
        """
        cur = self.cursor()
        try:
            for relation, frame in (relations or {}).items():
                cur.register(relation, frame)
            return cur.execute(load_query(name), dict(params or {})).df()
        finally:
            cur.close()

    def query_text(self, sql: str, params: Params | None = None) -> pd.DataFrame:
        """Run a statement the library composed from query files (the explorer's pivots and filters), read-only
        by construction, with bound parameters; `query` is the way for everything else."""
        cur = self.cursor()
        try:
            return cur.execute(sql, dict(params or {})).df()
        finally:
            cur.close()

    def scalar(self, name: str, params: Params | None = None) -> Any:
        """Run the named query and return the first column of its first row (None when it has no rows)."""
        cur = self.cursor()
        try:
            row = cur.execute(load_query(name), dict(params or {})).fetchone()
        finally:
            cur.close()
        return None if row is None else row[0]

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """`compute()` once per key and data generation, shared by every thread (a result read by 30 sessions
        at once is computed once while the others wait for it). Callers must not mutate what comes back."""
        return self._shared.memo.get((self.generation, key), compute)

    # -- writing -------------------------------------------------------------------------------------

    @contextmanager
    def transaction(self, *, changes_data: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
        """The one writer path: a cursor inside a transaction, committed on success, rolled back on error.

        `changes_data=False` is for bookkeeping no page shows (a session's last-seen time): it does not bump
        `generation`, so it leaves the page caches warm.
        """
        with self._write_lock:
            cur = self._con.cursor()
            cur.begin()
            try:
                yield cur
                cur.commit()
            except (duckdb.Error, OSError) as exc:
                _rollback(cur)
                _raise_explained(exc, self.path)
            except BaseException:
                _rollback(cur)
                raise
            else:
                if changes_data:
                    self._shared.generation = next(_GENERATIONS)
            finally:
                cur.close()

    # -- schema --------------------------------------------------------------------------------------

    def schema_version(self) -> int:
        """The highest schema version applied to this database."""
        versions = self.query("store/applied_migrations")["version"]
        return int(versions.max()) if len(versions) else 0

    def migrate(self) -> list[int]:
        """Apply the schema files not yet applied, each in its own transaction; return their versions."""
        with self.transaction() as cur:
            cur.execute(load_query("schema/000_migrations"))
        applied = set(self.query("store/applied_migrations")["version"].tolist())
        done = []
        for version, name, path in schema_files():
            if version == 0 or version in applied:
                continue
            with self.transaction() as cur:
                cur.execute(path.read_text(encoding="utf-8"))
                cur.execute(load_query("store/record_migration"), {"version": version, "name": name})
            done.append(version)
        return done

    def close(self) -> None:
        """Close the connection; the Store cannot be used afterwards."""
        self._con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _raise_explained(exc: BaseException, path: Path) -> NoReturn:
    """Raise `exc` as the StoreError it amounts to, or unchanged (called inside its except block)."""
    explained = explain_engine_error(exc, path)
    if explained is None:
        raise exc
    raise explained from exc


def _rollback(cur: duckdb.DuckDBPyConnection) -> None:
    # A failed commit has already ended the transaction; rolling back again would only mask the first error.
    with suppress(duckdb.Error):
        cur.rollback()
