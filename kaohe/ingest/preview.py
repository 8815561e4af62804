"""What the Import page shows before importing: the detected ledger, the column mapping and the first rows."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass

import pandas as pd

from kaohe import spreadsheet
from kaohe.ingest.guard import check_upload
from kaohe.ingest.source import ColumnMapping, detect_layout, is_totals

PREVIEW_ROWS = 20


@dataclass(frozen=True)
class FilePreview:
    """A file as the importer reads it; `rows` holds the first data rows as raw text, by original header."""

    file_name: str
    ledger: str
    sheet: str | None
    encoding: str | None
    header_row: int  # 1-based row of the (upper) header row
    mapping: tuple[ColumnMapping, ...]
    rows: pd.DataFrame


def preview_file(data: bytes, file_name: str, ledger: str | None = None) -> FilePreview:
    """Detect a file's ledger and layout and read its first rows, without touching the store."""
    check_upload(data, file_name)
    layout = detect_layout(data, file_name, ledger)
    mapped = [m for m in layout.mapping if m.field is not None]
    rows = []
    for row in itertools.islice(layout.grid.rows(), layout.data_start, None):
        cells = [row[m.column].strip() if m.column < len(row) else "" for m in mapped]
        if any(cells) and not is_totals(row):
            rows.append(cells)
        if len(rows) == PREVIEW_ROWS:
            break
    return FilePreview(
        file_name=file_name,
        ledger=layout.ledger.name,
        sheet=layout.grid.sheet,
        encoding=layout.grid.encoding,
        header_row=layout.header_row + 1,
        mapping=layout.mapping,
        rows=pd.DataFrame(rows, columns=[m.header for m in mapped], dtype="string"),
    )


def rejects_workbook(rejects: pd.DataFrame) -> bytes:
    """An xlsx of rejected rows for the clerk: row number, reason, then the raw values under their headers."""
    records = []
    headers: dict[str, None] = {}
    for source_row, reason, value in zip(rejects["source_row"], rejects["reason"], rejects["raw"], strict=True):
        raw = value if isinstance(value, dict) else json.loads(str(value))
        headers.update(dict.fromkeys(raw))
        records.append((int(source_row), str(reason), raw))
    columns = ["源文件行号", "退回原因", *headers]
    frame = pd.DataFrame(
        [[number, reason, *(raw.get(h, "") for h in headers)] for number, reason, raw in records],
        columns=columns,
    )
    # Raw cells are whatever the clerk's file held (=HYPERLINK(…) included): the one writer keeps them text.
    widths = {0: 10, 1: 60, **{col: 16 for col in range(2, len(columns))}}
    return spreadsheet.xlsx_bytes({"退回行": frame}, widths={"退回行": widths})
