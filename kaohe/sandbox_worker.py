"""One analyst statement in a process of its own, under OS limits: the child side of kaohe.sandbox.

Run as a script (`python -I kaohe/sandbox_worker.py`), it reads one JSON request on stdin, caps its own address
space, CPU time and priority *before* it imports the engine, runs the statement read-only, and writes one JSON
header line on stdout followed, when the statement succeeded, by the rows as an Arrow IPC stream. It imports
nothing from kaohe, so nothing the server has loaded or configured reaches it, and whatever the statement does
to this process (a 50 MB string times 80 rows, a runaway join) costs the server nothing: the OS refuses the
memory, the parent kills the process at its deadline, and the server only ever reads a bounded stream.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import threading
import time
from typing import Any

# Rows are fetched in batches of this many; the byte budget is checked per batch, then per row in the last one.
BATCH_ROWS = 1024


def _limit(memory_mb: int, cpu_seconds: int) -> None:
    """Cap this process: address space, CPU seconds (a backstop to the parent's wall clock), low priority."""
    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # The console shares the server's cores with every page; pages come first.
    os.nice(10)


def _reply(header: dict[str, Any], payload: bytes = b"") -> None:
    out = sys.stdout.buffer
    out.write(json.dumps(header, ensure_ascii=False).encode("utf-8") + b"\n")
    out.write(payload)
    out.flush()


def _failure(exc: BaseException) -> dict[str, Any]:
    """What went wrong, as a kind the parent turns into a label, and the engine's first line for the analyst."""
    import duckdb

    detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if isinstance(exc, duckdb.InterruptException):
        kind = "timeout"
    elif isinstance(exc, MemoryError | duckdb.OutOfMemoryException) or "Out of Memory" in detail:
        kind = "memory"
    elif isinstance(exc, duckdb.PermissionException) or "disabled by configuration" in detail:
        kind = "permission"
    elif "read-only mode" in detail:
        kind = "read_only"
    else:
        kind = "engine"
    # The whole text too: the parent reads the names and positions in it (kaohe.sandbox.explain_engine_text).
    return {"ok": False, "kind": kind, "detail": detail, "message": str(exc)}


def _fit(batch: Any, budget: int) -> Any:
    """The longest head of `batch` whose size fits in `budget` bytes (binary search over slices)."""
    low, high = 0, batch.num_rows
    while low < high:
        middle = (low + high + 1) // 2
        if batch.slice(0, middle).nbytes <= budget:
            low = middle
        else:
            high = middle - 1
    return batch.slice(0, low)


def run(request: dict[str, Any]) -> None:
    """Run the one statement of `request` and reply on stdout."""
    import duckdb
    import pyarrow as pa

    row_cap, byte_cap, timeout = int(request["row_cap"]), int(request["byte_cap"]), float(request["timeout"])
    config: dict[str, str | bool | int | float | list[str]] = {
        "enable_external_access": False,
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
        "allow_community_extensions": False,
        "memory_limit": f"{int(request['engine_memory_mb'])}MB",
        "threads": int(request["threads"]),
        "lock_configuration": True,
    }
    started = time.perf_counter()
    try:
        con = duckdb.connect(str(request["db"]), read_only=True, config=config)
    except duckdb.Error as exc:
        _reply({"ok": False, "kind": "open", "detail": str(exc).splitlines()[0]})
        return
    # DuckDB has no statement timeout; interrupt() from another thread stops a statement, even mid-fetch.
    watchdog = threading.Timer(timeout, con.interrupt)
    watchdog.daemon = True
    watchdog.start()
    try:
        statements = con.extract_statements(str(request["sql"]))
        if len(statements) != 1:
            _reply({"ok": False, "kind": "statements", "count": len(statements)})
            return
        relation = con.sql(statements[0].query)
        if relation is None:
            _reply({"ok": False, "kind": "no_rows"})
            return
        reader = relation.to_arrow_reader(BATCH_ROWS)
        kept: list[Any] = []
        rows = size = 0
        truncated_by = None
        for batch in reader:
            if rows + batch.num_rows > row_cap:
                batch = batch.slice(0, row_cap - rows)
                truncated_by = "rows"
            if size + batch.nbytes > byte_cap:
                batch = _fit(batch, byte_cap - size)
                truncated_by = "bytes"
            kept.append(batch)
            rows += batch.num_rows
            size += batch.nbytes
            if truncated_by:
                break
        schema = reader.schema
    except (duckdb.Error, MemoryError) as exc:
        _reply(_failure(exc))
        return
    finally:
        watchdog.cancel()
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, schema) as writer:
        for batch in kept:
            writer.write_batch(batch)
    payload = sink.getvalue().to_pybytes()
    header = {
        "ok": True,
        "rows": rows,
        "bytes": size,
        "truncated_by": truncated_by,
        "seconds": time.perf_counter() - started,
    }
    _reply(header, payload)


def main() -> None:
    """Read the request, limit this process, run the statement."""
    request = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    _limit(int(request["memory_mb"]), int(request["cpu_seconds"]))
    run(request)


if __name__ == "__main__":
    main()
