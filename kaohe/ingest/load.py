"""Import one ledger file into the store: stage its raw text, validate and dedupe it in SQL, load or reject rows.

Python only finds the layout and streams raw text rows into DuckDB in chunks; reading values, checking them,
composing the clerk's reasons and finding duplicates is vectorised SQL under `queries/ingest/`, which is what
makes a million-row export import in seconds. Each file is one transaction: its rows, its rejects and its
`imports` row are committed together or not at all.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from kaohe import audit
from kaohe.access import LOCAL_VIEWER, Permission, Viewer
from kaohe.ingest.body import Body, read_body
from kaohe.ingest.errors import IngestError
from kaohe.ingest.guard import MAX_DISK_FILE_BYTES, MAX_UPLOAD_BYTES, check_upload
from kaohe.ingest.ledgers import Field, Ledger, normalise_value
from kaohe.ingest.source import Layout, detect_layout
from kaohe.queries import load_query
from kaohe.store import Store

# The clerk's reason for each problem code of queries/ingest/cells.sql; several are joined with "；".
REASONS: dict[str, str] = {
    "missing": "「{header}」列为空（此列必须填写）",
    "bad_date": "「{header}」列的“{value}”不是有效日期（应为 2024-03-05 这样的日期）",
    "bad_count": "「{header}」列的“{value}”不是有效的数（应为 0 或正整数，如 12）",
    "negative": "「{header}」列的“{value}”是负数（应为 0 或正整数）",
    "not_whole": "「{header}」列的“{value}”不是整数（应为 0 或正整数，如 12）",
    "too_large": "「{header}」列的“{value}”大得不合常理（应为 0 或正整数，如 12）",
    "bad_number": "「{header}」列的“{value}”不是有效的数（应为 0 或正数，如 1.5）",
    "bad_choice": "「{header}」列的“{value}”不是可选的值（应为 {expected} 之一）",
    "bad_bool": "「{header}」列的“{value}”无法识别（应为 {expected}）",
    "unknown_unit": ("「{header}」列的“{value}”不在党组织名册中（请先导入党组织名册，或在名册的别名列登记该名称）"),
}


_FRAMES = (
    "ingest_fields_frame",
    "ingest_spellings_frame",
    "ingest_messages_frame",
    "ingest_valid_frame",
    "ingest_rejected_frame",
    "ingest_aliases_frame",
)


@dataclass(frozen=True)
class ImportResult:
    """What importing one file did; `rejects` has columns source_row (int), reason (str), raw (json str)."""

    file_name: str
    sha256: str
    ledger: str
    import_id: int | None
    already_imported: bool
    rows_read: int
    loaded: int
    skipped: int
    duplicate: int
    rejected: int
    rejects: pd.DataFrame


def _empty_rejects() -> pd.DataFrame:
    return pd.DataFrame({"source_row": pd.Series(dtype="int64"), "reason": [], "raw": []})


def _expected(field: Field) -> str | None:
    if field.type == "choice":
        return "、".join(field.values)
    if field.type == "bool":
        return f"{'、'.join(field.true)}（表示是）或 {'、'.join(field.false)}（表示否）"
    return None


def _spellings(ledger: Ledger) -> pd.DataFrame:
    rows: list[tuple[str, str, str]] = []
    for field in ledger.fields:
        pairs: list[tuple[str, str]] = []
        if field.type == "choice":
            pairs = [(v, v) for v in field.values] + list(field.value_aliases)
        elif field.type == "bool":
            pairs = [(t, "true") for t in field.true] + [(f, "false") for f in field.false]
        seen: set[str] = set()
        for spelling, value in pairs:
            key = normalise_value(spelling)
            if key not in seen:
                seen.add(key)
                rows.append((field.name, key, value))
    return pd.DataFrame(rows, columns=["field", "spelling", "value"])


def _fields_frame(layout: Layout, staged: list[str]) -> pd.DataFrame:
    ledger, mapped = layout.ledger, layout.fields
    rows: list[dict[str, Any]] = []
    for name in staged:
        field = ledger.field(name)
        column = mapped.get(name)
        rows.append(
            {
                "field": name,
                "type": field.type,
                "required": field.required,
                "header": column.header if column else None,
                "position": column.column if column else 10_000 + len(rows),
                "expected": _expected(field),
            }
        )
    frame = pd.DataFrame(rows)
    return frame.astype({"position": "int64", "header": "string", "expected": "string"})


def _run(cur: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None) -> None:
    cur.execute(load_query(name), params or {})


@dataclass(frozen=True)
class _Parsed:
    """Every staged cell's canonical value and problem code (NULL when none), by field; `bad` marks rows."""

    values: dict[str, pa.Array]
    problems: dict[str, pa.Array]
    bad: pa.Array


def _parse(cur: duckdb.DuckDBPyConnection, body: pa.Table, staged: list[str]) -> _Parsed:
    """Parse each field's distinct texts in SQL (ingest/values), then map every cell through them with Arrow."""
    distinct = pa.concat_tables(
        [
            pa.table({"field": pa.array([name] * len(u), pa.string()), "raw": u})
            for name in staged
            for u in [pc.unique(body[name]).cast(pa.string())]
        ]
    )
    cur.register("ingest_distinct_frame", distinct)
    _run(cur, "ingest/values")
    cur.unregister("ingest_distinct_frame")
    parsed = cur.sql(load_query("ingest/values_fetch")).to_arrow_table()
    values: dict[str, pa.Array] = {}
    problems: dict[str, pa.Array] = {}
    bad = pa.array(np.zeros(body.num_rows, dtype=bool))
    for name in staged:
        own = parsed.filter(pc.equal(parsed["field"], name))
        index = pc.index_in(body[name], value_set=own["raw"])
        values[name] = pc.take(own["value"], index)
        problems[name] = pc.take(own["problem"], index)
        bad = pc.or_(bad, pc.is_valid(problems[name]))
    return _Parsed(values, problems, bad)


def _stage(cur: duckdb.DuckDBPyConnection, layout: Layout, staged: list[str], columns: list[str]) -> Body:
    """Read and parse the body; register its valid rows (ingest_valid_frame) and rejected cells for the SQL."""
    body = read_body(layout, staged)
    table = body.table
    parsed = _parse(cur, table, staged)
    good = pc.invert(parsed.bad)
    valid = {"source_row": pc.filter(table["source_row"], good)}
    for name in staged:
        if name in columns:
            valid[name] = pc.filter(parsed.values[name], good)
    cur.register("ingest_valid_frame", pa.table(valid))
    rejected_rows = pc.filter(table["source_row"], parsed.bad)
    cells = [
        pa.table(
            {
                "source_row": rejected_rows,
                "field": pa.array([name] * len(rejected_rows), pa.string()),
                "raw": pc.filter(table[name], parsed.bad),
                "problem": pc.filter(parsed.problems[name], parsed.bad),
            }
        )
        for name in staged
    ]
    cur.register("ingest_rejected_frame", pa.concat_tables(cells))
    if "aliases" in staged:
        # The roster's aliases column is no units column; insert/unit_aliases reads it from here.
        aliases = pa.table({"source_row": valid["source_row"], "aliases": pc.filter(table["aliases"], good)})
        cur.register("ingest_aliases_frame", aliases)
    return body


def _load(
    cur: duckdb.DuckDBPyConnection, layout: Layout, import_id: int, file_name: str, user: str, sha256: str
) -> tuple[Body, dict[str, int]]:
    """Everything one import writes, on the transaction's cursor."""
    ledger = layout.ledger
    columns = [r[0] for r in cur.execute(load_query("ingest/table_columns"), {"table": ledger.table}).fetchall()]
    key_order = [c for c in columns if c in {f.name for f in ledger.key_fields}]
    staged = [f.name for f in ledger.fields if f.name in layout.fields or f.key]
    _run(cur, "ingest/macros")
    cur.register("ingest_fields_frame", _fields_frame(layout, staged))
    cur.register("ingest_spellings_frame", _spellings(ledger))
    cur.register("ingest_messages_frame", pd.DataFrame(list(REASONS.items()), columns=["problem", "template"]))
    _run(cur, "ingest/specs")
    _run(cur, "ingest/unit_names")
    body = _stage(cur, layout, staged, columns)
    _run(cur, "ingest/problems")
    _run(cur, "ingest/clean")
    _run(cur, "ingest/rows", {"table": ledger.table, "keys": key_order, "replace": ledger.name == "units"})
    status = dict(cur.execute(load_query("ingest/status_counts")).fetchall())
    source = {"import_id": import_id, "source_file": file_name}
    _run(cur, "ingest/rejects_insert", source)
    if status.get("loaded", 0):
        _insert_rows(cur, layout, source)
    _run(
        cur,
        "ingest/imports_insert",
        {
            "import_id": import_id,
            "file_name": file_name,
            "sha256": sha256,
            "ledger": ledger.name,
            "sheet": layout.grid.sheet,
            "encoding": layout.grid.encoding,
            "header_row": layout.header_row + 1,
            "rows_read": body.rows_read,
            "rows_loaded": status.get("loaded", 0),
            "rows_skipped": body.skipped,
            "rows_duplicate": status.get("duplicate", 0),
            "rows_rejected": status.get("rejected", 0),
            "imported_by": user,
        },
    )
    _run(cur, "ingest/drop_temp")
    for frame in _FRAMES:
        cur.unregister(frame)
    return body, status


def _insert_rows(cur: duckdb.DuckDBPyConnection, layout: Layout, source: dict[str, Any]) -> None:
    """Write the clean rows into the ledger's table (the roster replaces the units it names)."""
    ledger = layout.ledger
    if ledger.name != "units":
        _run(cur, f"ingest/insert/{ledger.name}", source)
        return
    _run(cur, "ingest/insert/units_delete")
    try:
        _run(cur, "ingest/insert/units", source)
    except duckdb.ConstraintException as exc:
        raise IngestError(
            f"名册中有两个编号不同的党组织使用了同一名称，无法导入（数据库提示：{exc}）。请检查「名称」列。"
        ) from exc
    if "aliases" in layout.fields:
        _run(cur, "ingest/insert/unit_aliases")


def import_file(
    store: Store,
    data: bytes,
    file_name: str,
    *,
    ledger: str | None = None,
    user: str = "local",
    viewer: Viewer = LOCAL_VIEWER,
    max_bytes: int = MAX_UPLOAD_BYTES,
) -> ImportResult:
    """Import one ledger file (xlsx or csv bytes); a file imported before (same SHA-256) changes nothing.

    `max_bytes` is the upload limit by default; `import_path` allows the larger limit for files on disk.
    """
    viewer.require(Permission.IMPORT)
    check_upload(data, file_name, max_bytes=max_bytes)
    sha256 = hashlib.sha256(data).hexdigest()
    earlier = store.query("ingest/import_by_sha", {"sha256": sha256})
    if len(earlier):
        return _already(file_name, sha256, earlier)
    layout = detect_layout(data, file_name, ledger)
    with store.transaction() as cur:
        # Checked again under the writer lock: two sessions may upload the same file at once.
        again = cur.execute(load_query("ingest/import_by_sha"), {"sha256": sha256}).df()
        if len(again):
            return _already(file_name, sha256, again)
        (import_id,) = cur.execute(load_query("ingest/next_import_id")).fetchall()[0]
        counts, status = _load(cur, layout, import_id, file_name, user, sha256)
        rejects = cur.execute(load_query("ingest/rejects_of_import"), {"import_id": import_id}).df()
        audit.record(
            cur,
            user,
            "import",
            file_name,
            after={"import_id": import_id, "ledger": layout.ledger.name, "sha256": sha256,
                   "rows_read": counts.rows_read, "loaded": status.get("loaded", 0), "skipped": counts.skipped,
                   "duplicate": status.get("duplicate", 0), "rejected": status.get("rejected", 0)},
        )  # fmt: skip
    return ImportResult(
        file_name=file_name,
        sha256=sha256,
        ledger=layout.ledger.name,
        import_id=import_id,
        already_imported=False,
        rows_read=counts.rows_read,
        loaded=status.get("loaded", 0),
        skipped=counts.skipped,
        duplicate=status.get("duplicate", 0),
        rejected=status.get("rejected", 0),
        rejects=rejects.astype({"source_row": "int64"}),
    )


def _already(file_name: str, sha256: str, earlier: pd.DataFrame) -> ImportResult:
    row = earlier.iloc[0]
    return ImportResult(
        file_name=file_name,
        sha256=sha256,
        ledger=str(row["ledger"]),
        import_id=int(row["import_id"]),
        already_imported=True,
        rows_read=0,
        loaded=0,
        skipped=0,
        duplicate=0,
        rejected=0,
        rejects=_empty_rejects(),
    )


def import_path(store: Store, path: Path, *, ledger: str | None = None, user: str = "local") -> ImportResult:
    """Import one ledger file from disk, recorded under its file name."""
    data = Path(path).read_bytes()
    return import_file(store, data, Path(path).name, ledger=ledger, user=user, max_bytes=MAX_DISK_FILE_BYTES)
