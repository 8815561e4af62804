"""The DuckDB store: one database file, its schema migrations, reads through cursors and one writer path.

A single DuckDB connection is not safe to share between threads, and Streamlit runs every session on its own
thread, so callers never use the connection directly: reads take a fresh cursor per query, and every write
goes through `Store.transaction()`, which serialises writers with a lock and commits all or nothing.
"""

from __future__ import annotations

import itertools
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Mapping
from concurrent.futures import Future
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pandas as pd

from kaohe import DEFAULT_DB
from kaohe.queries import QUERIES_DIR, load_query

Params = Mapping[str, Any]
T = TypeVar("T")

_SCHEMA_FILE = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")


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
        self._con = duckdb.connect(str(self.path))
        self._write_lock = threading.RLock()
        self._shared = _file_state(self.path)
        self.migrate()

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
            except BaseException:
                cur.rollback()
                raise
            else:
                cur.commit()
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
