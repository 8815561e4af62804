"""Run analysts' SQL safely: read-only by the engine, no files, no network, no extensions, no settings, and
bounded in time, memory and result size, whatever the statement is.

Safety does not come from inspecting the statement text (a data-modifying CTE reports itself as a SELECT):
the statement runs on its own connection opened `read_only`, with external access disabled and the
configuration locked, so the engine itself refuses writes, file and network reads, ATTACH, INSTALL/LOAD
and SET.

Cost is bounded by the operating system, not by the engine: the engine's `memory_limit` does not cover result
strings handed to Python (`select repeat('x', 50000000) from range(80)` once grew the server to 11.8 GB), and
an interrupt does not stop a fetch that is already copying rows. So every statement runs in a short-lived
worker process (kaohe/sandbox_worker.py) that caps its own address space and CPU time before it loads the
engine, stops fetching at a row cap and a byte cap, and answers with an Arrow IPC stream; the server waits for
it at most the time limit plus a start-up allowance and then kills it. A worker that runs out of memory dies
alone. At most `MAX_WORKERS` run at once, so a crowd of analysts cannot multiply the cap. A fresh process per
statement (about 0.2 s to start) rather than a pool keeps each statement's limits its own and leaves nothing
behind; Arrow rather than pickle keeps the server from deserialising anything but data.

Inside the app the database file is already open read-write by the `Store` of the same process, and DuckDB
will not let another process open it. So the app's console (`Console`) queries a snapshot: the allow-listed
tables copied from the Store's connection into a separate file, rebuilt whenever the Store has written since
(its generation changed), and opened read-only by each worker. Tables not on the allow-list (assessors' input,
the audit log, any later table such as users) never reach the snapshot.
"""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa

from kaohe.labels import LABELS, LabelledError, message
from kaohe.queries import load_query
from kaohe.store import Store, explain_engine_error

DEFAULT_ROW_CAP = 10_000
DEFAULT_TIMEOUT = 10.0
DEFAULT_BYTE_CAP = 8 * 1024 * 1024  # what one answer may hold in the server (and in its cache) and send the browser
WORKER_MEMORY_MB = 2048  # address space of a worker: Python, the engine and its buffers, the answer
ENGINE_MEMORY_MB = 1024  # the engine's own limit inside that, so it refuses politely before the OS does
WORKER_THREADS = 2
MAX_WORKERS = 2  # statements running at once per server; more wait their turn (within the time limit)
START_ALLOWANCE = 5.0  # seconds a worker may take to start and answer beyond the statement's own limit
WORKER = Path(__file__).with_name("sandbox_worker.py")
_SLOTS = threading.BoundedSemaphore(MAX_WORKERS)

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
    # Who answers for which units (班子成员, 联系点, 分包社区): organisation, not assessment.
    "leaders",
    "leader_units",
    # Published rankings are public once published; they hold no assessors' comments or evidence notes.
    "published_units",
    "published_lines",
)


class SandboxError(LabelledError):
    """The statement was refused or failed; the message says why in the reader's language."""


class SandboxTimeout(SandboxError):
    """The statement ran past the time limit and was stopped."""


@dataclass(frozen=True)
class SqlResult:
    """Rows of a console query, at most `row_cap` of them and `byte_cap` bytes; `truncated` when more existed.

    `truncated_by` says which cap cut the answer: "rows", "bytes" or None.
    """

    frame: pd.DataFrame
    truncated: bool
    row_cap: int = DEFAULT_ROW_CAP
    seconds: float = 0.0
    truncated_by: str | None = None
    byte_cap: int = DEFAULT_BYTE_CAP


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:g}"


def _refusal(header: dict[str, object], timeout: float) -> SandboxError:
    """The worker's failure as the label an analyst reads first, the engine's first line after where it helps."""
    kind = str(header.get("kind"))
    detail = str(header.get("detail") or "")
    if kind == "timeout":
        return SandboxTimeout("sandbox.timeout", seconds=f"{timeout:g}")
    if kind == "memory":
        return SandboxError("sandbox.memory", megabytes=str(ENGINE_MEMORY_MB))
    if kind == "permission":
        return SandboxError("sandbox.permission")
    if kind == "read_only":
        # The engine's text names the snapshot's internal database; the analyst only needs the rule.
        return SandboxError("sandbox.read_only")
    if kind == "statements":
        return SandboxError("sandbox.one_statement", n=str(header.get("count")))
    if kind == "no_rows":
        return SandboxError("sandbox.no_rows")
    if kind == "open":
        return SandboxError("sandbox.cannot_open", detail=detail)
    return explain_engine_text(str(header.get("message") or detail))


# What the engine says, in the analyst's words: the kind of mistake and the name it is about, never the engine's
# English. Names (columns, tables, functions) are shown as code, as the analyst typed them.
_ENGINE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r'Referenced column "(?P<name>[^"]+)" not found'), "sandbox.sql.column"),
    (re.compile(r'Ambiguous reference to column name "(?P<name>[^"]+)"'), "sandbox.sql.ambiguous"),
    (re.compile(r"Table with name (?P<name>\S+) does not exist"), "sandbox.sql.table"),
    (re.compile(r"Function with name (?P<name>\S+) does not exist"), "sandbox.sql.function"),
    (re.compile(r"No function matches the given name and argument types '(?P<name>[^']+)'"), "sandbox.sql.types"),
    (re.compile(r"Could not convert string '(?P<value>[^']*)' to (?P<type>\w+)"), "sandbox.sql.convert"),
    (re.compile(r'syntax error at or near "(?P<name>[^"]*)"'), "sandbox.sql.syntax"),
    (re.compile(r"syntax error at end of input"), "sandbox.sql.syntax_end"),
    (re.compile(r"unterminated quoted"), "sandbox.sql.unterminated"),
)
_ENGINE_CLASS = re.compile(r"^(?P<kind>[A-Za-z ]+?) Error:")
_CANDIDATES = re.compile(r"Candidate bindings: (?P<names>.+)")
_DID_YOU_MEAN = re.compile(r'Did you mean "(?P<name>[^"]+)"')
_LINE = re.compile(r"^LINE (?P<line>\d+):", re.MULTILINE)
_TYPE_WORDS = {
    "INT8": "integer", "INT16": "integer", "INT32": "integer", "INT64": "integer", "INT128": "integer",
    "INTEGER": "integer", "BIGINT": "integer", "SMALLINT": "integer", "TINYINT": "integer", "HUGEINT": "integer",
    "DOUBLE": "number", "FLOAT": "number", "DECIMAL": "number", "DATE": "date", "TIMESTAMP": "timestamp",
    "BOOLEAN": "boolean",
}  # fmt: skip


def explain_engine_text(text: str) -> SandboxError:
    """A DuckDB error message as a labelled refusal: what is wrong, the name it concerns, a hint, the line."""
    line = _LINE.search(text)
    where = message("sandbox.sql.line", line=line.group("line")) if line else ""
    for pattern, key in _ENGINE_PATTERNS:
        found = pattern.search(text)
        if found is None:
            continue
        values: dict[str, object] = {k: v for k, v in found.groupdict().items()}
        if key == "sandbox.sql.convert":
            type_word = _TYPE_WORDS.get(str(values["type"]).upper())
            values["type"] = message(f"sandbox.sql.type.{type_word}") if type_word else f"`{values['type']}`"
        hint: object = ""
        if (candidates := _CANDIDATES.search(text)) and key == "sandbox.sql.column":
            names = [f"`{n.strip().strip(chr(34))}`" for n in candidates.group("names").split(",")][:5]
            hint = message("sandbox.sql.hint_columns", names=names)
        elif (meant := _DID_YOU_MEAN.search(text)) and key == "sandbox.sql.function":
            hint = message("sandbox.sql.hint_name", name=f"`{meant.group('name')}`")
        return SandboxError(key, **values, hint=hint, where=where)
    engine_class = _ENGINE_CLASS.match(text)
    words = (engine_class.group("kind") if engine_class else "").strip().lower().replace(" ", "_")
    key = f"sandbox.sql.class.{words}"
    return SandboxError(key if key in LABELS else "sandbox.sql.other", where=where)


def run_in_worker(
    db_path: Path,
    sql: str,
    row_cap: int = DEFAULT_ROW_CAP,
    timeout: float = DEFAULT_TIMEOUT,
    byte_cap: int = DEFAULT_BYTE_CAP,
) -> SqlResult:
    """Run exactly one statement read-only on `db_path` in a worker process, within the time and size caps."""
    request = {
        "db": str(db_path),
        "sql": sql,
        "row_cap": row_cap,
        "byte_cap": byte_cap,
        "timeout": timeout,
        "memory_mb": WORKER_MEMORY_MB,
        "engine_memory_mb": ENGINE_MEMORY_MB,
        "threads": WORKER_THREADS,
        "cpu_seconds": math.ceil(timeout * WORKER_THREADS + START_ALLOWANCE),
    }
    started = time.perf_counter()
    # Waiting for a free slot counts against the same time limit as running.
    if not _SLOTS.acquire(timeout=timeout):
        raise SandboxError("sandbox.busy", n=str(MAX_WORKERS))
    try:
        remaining = max(timeout - (time.perf_counter() - started), 0.0)
        request["timeout"] = remaining
        out = _spawn(request, remaining + START_ALLOWANCE, timeout)
    finally:
        _SLOTS.release()
    seconds = time.perf_counter() - started
    head, _, payload = out.partition(b"\n")
    try:
        header = json.loads(head.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        # No answer at all: the OS ended the worker (out of memory, CPU time) before it could say anything.
        raise SandboxError("sandbox.memory", megabytes=str(ENGINE_MEMORY_MB)) from None
    if not header.get("ok"):
        raise _refusal(header, timeout)
    table = pa.ipc.open_stream(payload).read_all()
    table = table.rename_columns(_unique(table.column_names))
    truncated_by = header.get("truncated_by")
    return SqlResult(
        frame=table.to_pandas(),
        truncated=truncated_by is not None,
        row_cap=row_cap,
        seconds=seconds,
        truncated_by=None if truncated_by is None else str(truncated_by),
        byte_cap=byte_cap,
    )


def _spawn(request: dict[str, object], deadline: float, timeout: float) -> bytes:
    """The worker's whole answer; the worker is killed once `deadline` seconds have passed."""
    # -I: isolated from the environment and the user's site; the worker imports nothing from kaohe.
    worker = subprocess.Popen(
        [sys.executable, "-I", str(WORKER)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env={},
    )
    try:
        out, _ = worker.communicate(json.dumps(request).encode("utf-8"), timeout=deadline)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.communicate()
        raise SandboxTimeout("sandbox.timeout", seconds=f"{timeout:g}") from None
    except BaseException:
        worker.kill()
        worker.communicate()
        raise
    return out


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
    byte_cap: int = DEFAULT_BYTE_CAP,
) -> SqlResult:
    """Run one analyst statement against the database file `db_path` (as `kaohe sql` does).

    A file another process holds (the running app) or that is not a whole database raises the StoreError that
    says so, as every other command does.
    """
    if not db_path.exists():
        raise SandboxError("sandbox.no_database", path=str(db_path))
    try:
        return run_in_worker(db_path, sql, row_cap=row_cap, timeout=timeout, byte_cap=byte_cap)
    except SandboxError as err:
        if err.key == "sandbox.cannot_open":
            # Most often the app holds the file; say so as the other commands do.
            explained = explain_engine_error(RuntimeError(str(err.values.get("detail"))), db_path)
            if explained is not None:
                raise explained from err
        raise


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
        self._path: Path | None = None
        self.copied: tuple[str, ...] = ()

    def snapshot(self) -> Path:
        """The snapshot file, as fresh as the Store's last write."""
        with self._lock:
            if self._path is None or self._generation != self.store.generation:
                generation = self.store.generation
                # A new file per generation: a worker may still be reading the old one.
                path = self._folder / f"snapshot_{generation}_{uuid.uuid4().hex[:8]}.duckdb"
                self.copied = build_snapshot(self.store, path, self.tables)
                old_path = self._path
                self._path, self._generation = path, generation
                if old_path is not None:
                    # Unlinking an open file is safe on POSIX; a worker still reading it finishes first.
                    old_path.unlink(missing_ok=True)
            return self._path

    def run(
        self,
        sql: str,
        row_cap: int = DEFAULT_ROW_CAP,
        timeout: float = DEFAULT_TIMEOUT,
        byte_cap: int = DEFAULT_BYTE_CAP,
    ) -> SqlResult:
        """Run one analyst statement on the snapshot, in a worker process."""
        return run_in_worker(self.snapshot(), sql, row_cap=row_cap, timeout=timeout, byte_cap=byte_cap)

    def close(self) -> None:
        """Remove the snapshot files."""
        with self._lock:
            self._generation = None
            if self._path is not None:
                self._path.unlink(missing_ok=True)
            self._path = None
            if self._owns_folder:
                shutil.rmtree(self._folder, ignore_errors=True)
