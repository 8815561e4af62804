"""The DuckDB store: one database file, its schema migrations, reads through cursors and one writer path.

A single DuckDB connection is not safe to share between threads, and Streamlit runs every session on its own
thread, so callers never use the connection directly: reads take a fresh cursor per query, and every write
goes through `Store.transaction()`, which serialises writers with a lock and commits all or nothing.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from kaohe import DEFAULT_DB
from kaohe.queries import QUERIES_DIR, load_query

Params = Mapping[str, Any]

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


class Store:
    """One DuckDB database file with its schema kept current."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._con = duckdb.connect(str(self.path))
        self._write_lock = threading.RLock()
        # Bumped after every committed write; caches key on it so no cached result outlives a write.
        self.generation = 0
        self.migrate()

    # -- reading -------------------------------------------------------------------------------------

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A new cursor on the shared connection: use one per query, from any thread."""
        return self._con.cursor()

    def query(self, name: str, params: Params | None = None) -> pd.DataFrame:
        """Run the named query from `queries/` with bound parameters and return its rows."""
        cur = self.cursor()
        try:
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
                    self.generation += 1
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
