"""Import one ledger file into the store: stage its raw text, validate and dedupe it in SQL, load or reject rows.

Python only finds the layout and streams raw text rows into DuckDB in chunks; reading values, checking them,
composing the clerk's reasons and finding duplicates is vectorised SQL under `queries/ingest/`, which is what
makes a million-row export import in seconds. Each file is one transaction: its rows, its rejects and its
`imports` row are committed together or not at all.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
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
from kaohe.ingest.coverage import absent_fields, indicators_without_data
from kaohe.ingest.errors import Deadline, IngestError
from kaohe.ingest.guard import MAX_DISK_FILE_BYTES, MAX_UPLOAD_BYTES, check_upload
from kaohe.ingest.ledgers import Field, Ledger, normalise_value
from kaohe.ingest.source import Layout, check_mapped_headers, detect_layout, read_grids
from kaohe.ingest.spellings import ledgers_for, saved_spellings
from kaohe.labels import Message, current_language, label
from kaohe.queries import load_query
from kaohe.store import Store

# The problem codes of queries/ingest/values.sql; each is worded by the label reject.<code>, several joined "；".
PROBLEMS = (
    "missing",
    "bad_date",
    "bad_time",
    "bad_count",
    "negative",
    "not_whole",
    "too_large",
    "bad_number",
    "bad_choice",
    "bad_bool",
    "unknown_unit",
)
# A file on disk or uploaded may take this long to read before the import gives up (the preview has its own).
IMPORT_SECONDS = 300.0

_FRAMES = (
    "ingest_fields_frame",
    "ingest_spellings_frame",
    "ingest_messages_frame",
    "ingest_valid_frame",
    "ingest_rejected_frame",
    "ingest_aliases_frame",
    "ingest_code_prefixes_frame",
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
    # Roster rows that came without a 编号: source_row, unit_id, name, kind, assigned (a new code, else the
    # stored unit's), status (loaded or duplicate = unchanged). Empty for other ledgers.
    codes: pd.DataFrame = dataclass_field(default_factory=lambda: _empty_codes())
    warnings: tuple[Message, ...] = ()  # indicators that get no data from the file, and the like


def _empty_rejects() -> pd.DataFrame:
    return pd.DataFrame({"source_row": pd.Series(dtype="int64"), "reason": [], "raw": []})


def _empty_codes() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "source_row": pd.Series(dtype="int64"),
            "unit_id": pd.Series(dtype="string"),
            "name": pd.Series(dtype="string"),
            "kind": pd.Series(dtype="string"),
            "assigned": pd.Series(dtype="bool"),
            "status": pd.Series(dtype="string"),
        }
    )


def _expected(field: Field, lang: str) -> str | None:
    separator = label("list.separator", lang)
    if field.type == "choice":
        return separator.join(field.values)
    if field.type == "bool":
        template = label("reject.expected_bool", lang)
        return template.format(true=separator.join(field.true), false=separator.join(field.false))
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


def _fields_frame(layout: Layout, staged: list[str], lang: str) -> pd.DataFrame:
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
                "expected": _expected(field, lang),
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


@dataclass(frozen=True)
class _Staged:
    """The body as read, and the years its valid rows' dates fall in (for the scheme-coverage warnings)."""

    body: Body
    years: tuple[int, ...]


def _stage(
    cur: duckdb.DuckDBPyConnection, layout: Layout, staged: list[str], columns: list[str], file_name: str
) -> _Staged:
    """Read and parse the body; register its valid rows (ingest_valid_frame) and rejected cells for the SQL."""
    body = read_body(layout, staged)
    table = body.table
    if table.num_rows == 0:
        # A header and nothing under it is a mistake to say, not an import to record (it would block the
        # corrected file's bytes... and a header-only file is never what the clerk meant to send).
        raise IngestError("ingest.no_data_rows", file=file_name, where=layout.where(), row=layout.header_row + 1)
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
    if layout.ledger.name == "units":
        # The roster's aliases column is no units column; unit_codes and insert/unit_aliases read it from here.
        rows = len(valid["source_row"])
        given = pc.filter(table["aliases"], good) if "aliases" in staged else pa.nulls(rows, pa.string())
        cur.register("ingest_aliases_frame", pa.table({"source_row": valid["source_row"], "aliases": given}))
    return _Staged(body, _years(layout.ledger, valid))


def _years(ledger: Ledger, valid: dict[str, Any]) -> tuple[int, ...]:
    """The years of the valid rows' dates ('2025-03-05' → 2025) in the ledger's date field."""
    dated = [f.name for f in ledger.key_fields if f.type == "date" and f.name in valid]
    if not dated or ledger.name == "units":
        return ()
    # Unique days first (a few hundred), then their years: no second million-row string column.
    years = pc.unique(pc.utf8_slice_codeunits(pc.unique(valid[dated[0]]), 0, 4)).drop_null().to_pylist()
    return tuple(int(y) for y in years if str(y).isdigit())


def _code_prefixes(ledger: Ledger) -> pd.DataFrame:
    prefixes = ledger.field("kind").code_prefixes
    return pd.DataFrame(list(prefixes), columns=["kind", "prefix"]).astype("string")


@dataclass(frozen=True)
class _Loaded:
    """What one import wrote, as counted inside its transaction."""

    body: Body
    status: dict[str, int]
    codes: pd.DataFrame
    years: tuple[int, ...]


def _load(
    cur: duckdb.DuckDBPyConnection, layout: Layout, import_id: int, file_name: str, user: str, sha256: str, lang: str
) -> _Loaded:
    """Everything one import writes, on the transaction's cursor."""
    ledger = layout.ledger
    columns = [r[0] for r in cur.execute(load_query("ingest/table_columns"), {"table": ledger.table}).fetchall()]
    key_order = [c for c in columns if c in {f.name for f in ledger.key_fields}]
    staged = [f.name for f in ledger.fields if f.name in layout.fields or f.key]
    roster = ledger.name == "units"
    _run(cur, "ingest/macros")
    cur.register("ingest_fields_frame", _fields_frame(layout, staged, lang))
    cur.register("ingest_spellings_frame", _spellings(ledger))
    messages = [(code, label(f"reject.{code}", lang)) for code in PROBLEMS]
    cur.register("ingest_messages_frame", pd.DataFrame(messages, columns=["problem", "template"]))
    _run(cur, "ingest/specs")
    _run(cur, "ingest/unit_names")
    staging = _stage(cur, layout, staged, columns, file_name)
    _run(cur, "ingest/problems")
    if roster:
        cur.register("ingest_code_prefixes_frame", _code_prefixes(ledger))
        _run(cur, "ingest/unit_codes")
        _run(cur, "ingest/clean_units")
    else:
        _run(cur, "ingest/clean")
    # A list of current state (the roster, the leaders) replaces a stored row only when the file changes it:
    # every column it gives is compared.
    compare = [c for c in columns if c in staged] if ledger.replaces else key_order
    _run(cur, "ingest/rows", {"table": ledger.table, "keys": key_order, "compare": compare})
    status = dict(cur.execute(load_query("ingest/status_counts")).fetchall())
    codes = cur.execute(load_query("ingest/unit_codes_result")).df() if roster else _empty_codes()
    source = {"import_id": import_id, "source_file": file_name}
    _run(cur, "ingest/rejects_insert", source)
    if status.get("loaded", 0) or (roster and "aliases" in layout.fields):
        _insert_rows(cur, layout, source, ["source_row", *(c for c in columns if c in staged)])
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
            "rows_read": staging.body.rows_read,
            "rows_loaded": status.get("loaded", 0),
            "rows_skipped": staging.body.skipped,
            "rows_duplicate": status.get("duplicate", 0),
            "rows_rejected": status.get("rejected", 0),
            "imported_by": user,
        },
    )
    _run(cur, "ingest/drop_temp")
    for frame in _FRAMES:
        cur.unregister(frame)
    return _Loaded(staging.body, status, codes, staging.years)


def _insert_rows(cur: duckdb.DuckDBPyConnection, layout: Layout, source: dict[str, Any], given: list[str]) -> None:
    """Write the clean rows into the ledger's table. A list of current state (the roster, the leaders) replaces
    the rows it names, keeping what the file has no column for (`given` are the columns it does have)."""
    ledger = layout.ledger
    if not ledger.replaces:
        _run(cur, f"ingest/insert/{ledger.name}", source)
        return
    # Identifiers cannot be bound: the table and key column come from ledgers.toml, never from a file.
    (key,) = [f.name for f in ledger.key_fields]
    names = {"table": _identifier(ledger.table), "key": _identifier(key)}
    cur.execute(load_query("ingest/insert/current_keep").format(**names), {"given": given})
    cur.execute(load_query("ingest/insert/current_delete").format(**names))
    try:
        cur.execute(load_query("ingest/insert/current").format(**names), source)
    except duckdb.ConstraintException as exc:
        raise IngestError("ingest.name_clash", file=source["source_file"], detail=str(exc)) from exc
    if ledger.name == "units" and "aliases" in layout.fields:
        _run(cur, "ingest/insert/unit_aliases")


def _identifier(name: str) -> str:
    if not name.isidentifier():
        raise ValueError(f"not a plain identifier: {name!r}")
    return '"' + name + '"'


def import_file(
    store: Store,
    data: bytes,
    file_name: str,
    *,
    ledger: str | None = None,
    mapping: Mapping[str, str] | None = None,
    user: str = "local",
    viewer: Viewer = LOCAL_VIEWER,
    max_bytes: int = MAX_UPLOAD_BYTES,
    lang: str | None = None,
) -> ImportResult:
    """Import one ledger file (xlsx or csv bytes); a file imported before (same SHA-256) changes nothing.

    `mapping` (header → field, or kaohe.ingest.IGNORE) says how to read columns the alias tables do not know;
    `max_bytes` is the upload limit by default (`import_path` allows the larger limit for files on disk);
    rejected rows' reasons are worded in `lang` (default: the current language).
    """
    viewer.require(Permission.IMPORT)
    check_upload(data, file_name, max_bytes=max_bytes)
    sha256 = hashlib.sha256(data).hexdigest()
    earlier = store.query("ingest/import_by_sha", {"sha256": sha256})
    if len(earlier):
        return _already(file_name, sha256, earlier)
    ledgers = ledgers_for(saved_spellings(store), mapping, ledger)
    grids = read_grids(data, file_name, Deadline(IMPORT_SECONDS, file_name))
    layout = detect_layout(grids, file_name, ledgers, ledger)
    if mapping:
        check_mapped_headers(layout, mapping, file_name)
    with store.transaction() as cur:
        # Checked again under the writer lock: two sessions may upload the same file at once.
        again = cur.execute(load_query("ingest/import_by_sha"), {"sha256": sha256}).df()
        if len(again):
            return _already(file_name, sha256, again)
        (import_id,) = cur.execute(load_query("ingest/next_import_id")).fetchall()[0]
        loaded = _load(cur, layout, import_id, file_name, user, sha256, lang or current_language())
        status, counts = loaded.status, loaded.body
        rejects = cur.execute(load_query("ingest/rejects_of_import"), {"import_id": import_id}).df()
        audit.record(
            cur,
            user,
            "import",
            file_name,
            after={"import_id": import_id, "ledger": layout.ledger.name, "sha256": sha256,
                   "rows_read": counts.rows_read, "loaded": status.get("loaded", 0), "skipped": counts.skipped,
                   "duplicate": status.get("duplicate", 0), "rejected": status.get("rejected", 0),
                   "mapping": dict(mapping) if mapping else None,
                   "codes_assigned": int(loaded.codes["assigned"].sum()) if len(loaded.codes) else 0},
        )  # fmt: skip
    absent = absent_fields(layout.ledger, layout.fields)
    warnings = indicators_without_data(store, layout.ledger, absent, loaded.years)
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
        codes=loaded.codes.astype({"source_row": "int64", "assigned": "bool"}),
        warnings=tuple(warnings),
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


def import_path(
    store: Store,
    path: Path,
    *,
    ledger: str | None = None,
    mapping: Mapping[str, str] | None = None,
    user: str = "local",
) -> ImportResult:
    """Import one ledger file from disk, recorded under its file name."""
    data = Path(path).read_bytes()
    return import_file(
        store, data, Path(path).name, ledger=ledger, mapping=mapping, user=user, max_bytes=MAX_DISK_FILE_BYTES
    )
