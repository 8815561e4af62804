"""The data rows of a file as an Arrow table, with blank and totals rows told apart without a Python loop.

A CSV body goes through pyarrow's multi-threaded reader when its rows can be numbered by position (no empty
lines inside it, no ragged rows); anything else goes through the csv module, which is slower but never
misnumbers a row. Row numbers are the ones a clerk sees in Excel: 1-based, counting title and header rows.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from kaohe.ingest.source import Grid, Layout

_EMPTY_LINE = re.compile(rb"\n[ \t]*\r?\n")
_TOTALS = r"^(合\s*计|总\s*计|小\s*计)"  # cjk: totals rows as offices label them
_MIN_TEXT_COLUMNS = 512
_NUMERIC_TYPES = ("date", "count", "number")
_TOTALS_COLUMNS = 3


@dataclass(frozen=True)
class Body:
    """The rows to stage, and the counts of what was read and skipped before staging."""

    table: pa.Table  # source_row (int32) then one string column per staged field
    rows_read: int
    skipped: int


def _column(i: int) -> str:
    return f"f{i}"


def _arrow_rows(grid: Grid, skip: int) -> pa.Table | None:
    """The body read by pyarrow, or None when only the csv module can number its rows right."""
    if grid.utf8 is None:
        return None
    empty_line = _EMPTY_LINE.search(grid.utf8, grid.utf8_offset)
    if empty_line is not None and grid.utf8[empty_line.end() :].strip():
        return None  # an empty line inside the data: the Arrow reader would drop it and shift the numbering
    if any("\n" in cell or "\r" in cell for row in grid.head[:skip] for cell in row):
        return None  # a multi-line title cell: skip_rows would count its lines, not its rows
    # Every column is read as text, however many there are: a column left to type inference (a date column
    # after 600 fillers) comes back typed and breaks the text functions below.
    width = max(_MIN_TEXT_COLUMNS, max((len(row) for row in grid.head), default=0) + 1)
    try:
        return pacsv.read_csv(
            pa.BufferReader(pa.py_buffer(grid.utf8)[grid.utf8_offset :]),
            read_options=pacsv.ReadOptions(skip_rows=skip, autogenerate_column_names=True),
            parse_options=pacsv.ParseOptions(delimiter=grid.delimiter, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types={_column(i): pa.string() for i in range(width)},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid:
        return None  # ragged rows or an unusual dialect


def _python_rows(grid: Grid, skip: int) -> pa.Table:
    """The body read row by row (xlsx sheets, and CSV files the Arrow reader cannot number)."""
    rows = list(itertools.islice(grid.rows(), skip, None))  # grid.rows() keeps to the file's time budget
    width = max((len(row) for row in rows), default=0)
    padded = [row + [""] * (width - len(row)) if len(row) < width else row for row in rows]
    columns = list(zip(*padded, strict=True)) if padded else []
    return pa.table({_column(i): pa.array(list(col), pa.string()) for i, col in enumerate(columns)})


def read_body(layout: Layout, staged: list[str]) -> Body:
    """The data rows under the header, trimmed: blank and 合计/总计/小计 rows are counted as skipped, not staged.

    Blank rows after the last row with data are not counted at all: an Excel sheet's used range often
    runs on past the data.
    """
    grid = layout.grid
    raw = _arrow_rows(grid, layout.data_start)
    if raw is None:
        raw = _python_rows(grid, layout.data_start)
    n = raw.num_rows
    mapped = layout.fields
    empty = pa.array([""] * n, pa.string())
    # The totals label sits in the first cells of the row (序号 or 支部 column), never further right.
    first_cells = [c for c in range(raw.num_columns) if c not in grid.hidden][:_TOTALS_COLUMNS]
    needed = {m.column for m in mapped.values()} | set(first_cells)
    trimmed = {c: pc.utf8_trim_whitespace(raw[_column(c)]) if c < raw.num_columns else empty for c in sorted(needed)}
    del raw  # only the trimmed columns are needed from here; a million-row body is worth freeing early

    def cell(column: int) -> pa.ChunkedArray | pa.Array:
        return trimmed[column]

    blank = pa.array(np.ones(n, dtype=bool))
    for name in staged:
        if name in mapped:
            blank = pc.and_(blank, pc.equal(cell(mapped[name].column), ""))
    first: pa.ChunkedArray | pa.Array = pa.nulls(n, pa.string())
    for column in first_cells:
        first = pc.coalesce(first, pc.if_else(pc.equal(cell(column), ""), None, cell(column)))
    totals = pc.fill_null(pc.match_substring_regex(first, _TOTALS), False)
    blank_np = np.asarray(pc.and_(blank, pc.invert(totals)))
    totals_np = np.asarray(totals)
    used = np.flatnonzero(~blank_np)
    rows_read = int(used[-1]) + 1 if len(used) else 0
    skipped = int(totals_np[:rows_read].sum() + blank_np[:rows_read].sum())
    keep_np = ~blank_np & ~totals_np
    keep = pa.array(keep_np)
    everything = bool(keep_np.all())  # the usual clean export: no copies needed to filter
    arrays: dict[str, pa.ChunkedArray | pa.Array] = {
        "source_row": pa.array(np.flatnonzero(keep_np).astype(np.int32) + layout.data_start + 1)
    }
    for name in staged:
        value = cell(mapped[name].column) if name in mapped else empty  # empty: a key field without a column
        if not everything:
            value = pc.filter(value, keep)
        if layout.ledger.field(name).type in _NUMERIC_TYPES:
            # Full-width digits and signs from a Chinese input method read as ASCII ("２０２４－０３－０５").
            value = pc.utf8_normalize(value, "NFKC")
        arrays[name] = value
    return Body(pa.table(arrays), rows_read, skipped)
