"""What the Import page shows before importing: the detected ledger, the column mapping and the first rows.

A preview runs on every rerun of the page (each widget change), so it is cached per file content, name, ledger
and mapping, refusals included: a large workbook is read once, not on every click. Reading keeps to a hard time
budget, and `guard.check_upload` has refused sheets too large to read in it before anything is parsed.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from kaohe import spreadsheet
from kaohe.ingest.coverage import absent_fields
from kaohe.ingest.errors import Deadline, IngestError
from kaohe.ingest.guard import check_upload
from kaohe.ingest.source import (
    ColumnMapping,
    HeaderMismatch,
    Layout,
    check_mapped_headers,
    detect_layout,
    is_totals,
    read_grids,
)
from kaohe.ingest.spellings import SavedSpelling, ledgers_for
from kaohe.labels import label

PREVIEW_ROWS = 20
PREVIEW_SECONDS = 20.0
CACHE_SIZE = 32


@dataclass(frozen=True)
class FilePreview:
    """A file as the importer reads it; `rows` holds the first data rows as raw text, by original header.

    `missing` lists the ledger's required fields no column maps to (only in the closest preview a refusal
    carries); `examples` holds, per column of `mapping`, its first value; `absent` the fields some measure
    reads that the file has no column for.
    """

    file_name: str
    sha256: str
    ledger: str
    sheet: str | None
    encoding: str | None
    header_row: int  # 1-based row of the (upper) header row
    mapping: tuple[ColumnMapping, ...]
    rows: pd.DataFrame
    missing: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()

    @property
    def needs_codes(self) -> bool:
        """A roster without a code column: codes are assigned on import."""
        return self.ledger == "units" and all(m.field != "unit_id" for m in self.mapping)


_cache: OrderedDict[tuple[Any, ...], FilePreview | IngestError] = OrderedDict()
_cache_lock = threading.Lock()


def preview_file(
    data: bytes,
    file_name: str,
    ledger: str | None = None,
    *,
    mapping: Mapping[str, str] | None = None,
    saved: tuple[SavedSpelling, ...] = (),
) -> FilePreview:
    """Detect a file's ledger and layout and read its first rows, without touching the store.

    `mapping` and `saved` are header spellings for this file and saved ones (kaohe.ingest.spellings). A file
    whose headers fit no ledger raises HeaderMismatch, whose `closest` is the preview of the closest ledger.
    """
    check_upload(data, file_name)
    key = (hashlib.sha256(data).hexdigest(), file_name, ledger, tuple(sorted((mapping or {}).items())), saved)
    with _cache_lock:
        cached = _cache.get(key)
        if cached is not None:
            _cache.move_to_end(key)
    if isinstance(cached, IngestError):
        raise cached.with_traceback(None)
    if cached is not None:
        return cached
    try:
        found: FilePreview | IngestError = _preview(data, file_name, key[0], ledger, mapping, saved)
    except IngestError as err:
        # Kept without its traceback and causes: their frames hold the file's bytes, which the cache must not.
        found = err.with_traceback(None)
        found.__cause__ = found.__context__ = None
    with _cache_lock:
        _cache[key] = found
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    if isinstance(found, IngestError):
        raise found.with_traceback(None)
    return found


def _preview(
    data: bytes,
    file_name: str,
    sha256: str,
    ledger: str | None,
    mapping: Mapping[str, str] | None,
    saved: tuple[SavedSpelling, ...],
) -> FilePreview:
    deadline = Deadline(PREVIEW_SECONDS, file_name)
    grids = read_grids(data, file_name, deadline)
    try:
        layout = detect_layout(grids, file_name, ledgers_for(saved, mapping, ledger), ledger)
    except HeaderMismatch as mismatch:
        # The refusal carries how the closest ledger reads the file (without the file's bytes, for the cache).
        if mismatch.layout is not None:
            mismatch.closest = _read_preview(mismatch.layout, file_name, sha256)
        mismatch.layout = None
        raise
    if mapping:
        check_mapped_headers(layout, mapping, file_name)
    preview = _read_preview(layout, file_name, sha256)
    if preview.rows.empty:
        raise IngestError("ingest.no_data_rows", file=file_name, where=layout.where(), row=layout.header_row + 1)
    return preview


def _read_preview(layout: Layout, file_name: str, sha256: str) -> FilePreview:
    """The first data rows of a layout (blank and totals rows left out), every header column kept for examples."""
    columns = layout.mapping
    found = []
    for row in itertools.islice(layout.grid.rows(), layout.data_start, None):
        cells = [row[m.column].strip() if m.column < len(row) else "" for m in columns]
        if any(cells) and not is_totals(row):
            found.append(cells)
        if len(found) == PREVIEW_ROWS:
            break
    mapped = [i for i, m in enumerate(columns) if m.field is not None]
    examples = tuple(next((row[i] for row in found if row[i]), "") for i in range(len(columns)))
    return FilePreview(
        file_name=file_name,
        sha256=sha256,
        ledger=layout.ledger.name,
        sheet=layout.grid.sheet,
        encoding=layout.grid.encoding,
        header_row=layout.header_row + 1,
        mapping=columns,
        rows=pd.DataFrame(
            [[row[i] for i in mapped] for row in found], columns=[columns[i].header for i in mapped], dtype="string"
        ),
        missing=layout.missing,
        examples=examples,
        absent=absent_fields(layout.ledger, layout.fields),
    )


def rejects_workbook(rejects: pd.DataFrame, lang: str | None = None) -> bytes:
    """An xlsx of rejected rows for the clerk: row number, reason, then the raw values under their headers; its own
    headings and sheet name in `lang` (default: the current language)."""
    records = []
    headers: dict[str, None] = {}
    for source_row, reason, value in zip(rejects["source_row"], rejects["reason"], rejects["raw"], strict=True):
        raw = value if isinstance(value, dict) else json.loads(str(value))
        headers.update(dict.fromkeys(raw))
        records.append((int(source_row), str(reason), raw))
    columns = [label("import.rejects_col.row", lang), label("import.rejects_col.reason", lang), *headers]
    frame = pd.DataFrame(
        [[number, reason, *(raw.get(h, "") for h in headers)] for number, reason, raw in records],
        columns=columns,
    )
    # Raw cells are whatever the clerk's file held (=HYPERLINK(…) included): the one writer keeps them text.
    widths = {0: 10, 1: 60, **{col: 16 for col in range(2, len(columns))}}
    sheet = label("import.rejects_sheet", lang)
    return spreadsheet.xlsx_bytes({sheet: frame}, widths={sheet: widths})
