"""The one writer of every spreadsheet file the product hands out (xlsx and CSV), so that text stays text.

Ledger cells, unit names, reasons and console results come from files and people; a cell such as
`=HYPERLINK("http://…","点我")` or `=cmd|' /C calc'!A0` must reach the clerk's Excel as the text it is, never
as a formula that runs or a link that calls out. So:

- xlsx: every workbook is opened by `workbook()` with xlsxwriter's `strings_to_formulas`, `strings_to_urls` and
  `strings_to_numbers` off, every cell is written by `write_cell` (numbers as numbers, dates as dates, anything
  else with `write_string`, which never makes a formula), and text that looks like a formula also gets Excel's
  quote prefix, so that it stays text when someone edits the cell.
- Every cell is set in a Chinese font (等线, Office's default for Chinese, also in WPS): Excel's default Calibri has no
  Chinese glyphs, so Chinese text would fall back to whatever font the reader's machine picks. Rates are numbers
  shown as percentages (0.75 reads 75.0%), never text.
- CSV: a CSV has no cell types, so whatever opens it decides; text that a spreadsheet would take for a formula
  (=, +, -, @, tab, carriage return, and their full-width forms a Chinese input method types) gets a leading
  apostrophe, as OWASP's CSV-injection advice says. CSV carries a byte-order mark, or Excel on a Chinese Windows
  reads it as GBK and garbles it.

xlsxwriter rather than openpyxl: it streams rows to the file and has the print settings exports need; pandas'
`to_excel` is not used because it passes strings through xlsxwriter's `write()`, which guesses formulas and URLs.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import numbers
import unicodedata
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import pandas as pd
import xlsxwriter

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")  # cjk: full-width forms
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
NUMBER_FORMAT = "0.00"
PERCENT_FORMAT = "0.0%"
# The font of every cell of every workbook, and its size (font_scheme "none": the name is used as it is, not
# replaced by the theme's Latin font).
FONT = {"font_name": "等线", "font_size": 11, "font_scheme": "none"}  # cjk: the font's own name
MAX_WIDTH = 60
SHEET_NAME_LIMIT = 31
_SHEET_NAME_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet would take this text for a formula (or a DDE command)."""
    return text.startswith(FORMULA_PREFIXES)


def escape_csv_cell(value: Any) -> Any:
    """Formula-like text with a leading apostrophe; every other value unchanged."""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


def _escaped(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.map(escape_csv_cell)
    out.columns = pd.Index([escape_csv_cell(str(c)) for c in frame.columns])
    return out


def csv_text(frame: pd.DataFrame, line_terminator: str = "\r\n") -> str:
    """The frame as CSV text, headings included, formula-like text escaped."""
    return _escaped(frame).to_csv(index=False, lineterminator=line_terminator)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The frame as a CSV file for Excel: UTF-8 with a byte-order mark, CRLF lines, formula-like text escaped."""
    return csv_text(frame).encode("utf-8-sig")


# -- xlsx --------------------------------------------------------------------------------------------


def workbook(target: Any) -> Any:
    """A new xlsxwriter workbook (path or binary file object) that never turns text into formulas or links."""
    options = {
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
        "nan_inf_to_errors": True,
        "in_memory": True,
        "default_format_properties": dict(FONT),
    }
    return xlsxwriter.Workbook(target, options)


def sheet_name(name: str) -> str:
    """A name Excel accepts for a worksheet: no []:*?/\\ and at most 31 characters."""
    return (name.translate(_SHEET_NAME_FORBIDDEN).strip("'") or "Sheet1")[:SHEET_NAME_LIMIT]


class Formats:
    """xlsxwriter formats made once per distinct set of properties (a workbook holds a limited number)."""

    def __init__(self, book: Any) -> None:
        self._book = book
        self._made: dict[tuple[tuple[str, Any], ...], Any] = {}

    def get(self, **props: Any) -> Any:
        """The format with exactly these properties (None for none)."""
        if not props:
            return None
        key = tuple(sorted(props.items()))
        if key not in self._made:
            self._made[key] = self._book.add_format(props)
        return self._made[key]


def is_missing(value: Any) -> bool:
    """None, NaN, NaT or pd.NA."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def write_cell(sheet: Any, formats: Formats, row: int, col: int, value: Any, **props: Any) -> None:
    """One cell: numbers as numbers (to two decimals unless props give a num_format, such as PERCENT_FORMAT), dates
    as dates, anything else as text that can never run as a formula."""
    if is_missing(value):
        if props:
            sheet.write_blank(row, col, None, formats.get(**props))
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, col, value, formats.get(**props))
    elif isinstance(value, numbers.Integral):
        sheet.write_number(row, col, int(value), formats.get(**props))
    elif isinstance(value, float | Decimal | numbers.Real):
        number = float(value)
        if math.isinf(number):
            sheet.write_string(row, col, str(number), formats.get(**props))
        else:
            sheet.write_number(row, col, number, formats.get(**{"num_format": NUMBER_FORMAT, **props}))
    elif isinstance(value, dt.datetime):
        stamp = value.replace(tzinfo=None)
        shape = DATE_FORMAT if stamp.time() == dt.time() else DATETIME_FORMAT
        sheet.write_datetime(row, col, stamp, formats.get(**{**props, "num_format": shape}))
    elif isinstance(value, dt.date):
        sheet.write_datetime(row, col, value, formats.get(**{**props, "num_format": DATE_FORMAT}))
    else:
        text = str(value)
        if is_formula_like(text):
            props = {**props, "quote_prefix": True}
        sheet.write_string(row, col, text, formats.get(**props))


def shown(value: Any) -> str:
    """A cell as it reads on screen, for column widths."""
    if is_missing(value):
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def write_frame(
    book: Any,
    formats: Formats,
    name: str,
    frame: pd.DataFrame,
    widths: Mapping[int, float] | None = None,
) -> Any:
    """A worksheet holding `frame` under a bold heading row, header frozen, columns sized to their content."""
    sheet = book.add_worksheet(sheet_name(name))
    for col, title in enumerate(frame.columns):
        write_cell(sheet, formats, 0, col, str(title), bold=True, bg_color="#D9D9D9", border=1)
    for row, values in enumerate(frame.itertuples(index=False), start=1):
        for col, value in enumerate(values):
            write_cell(sheet, formats, row, col, value)
    for col, title in enumerate(frame.columns):
        if widths and col in widths:
            width = widths[col]
        else:
            sample = frame.iloc[:500, col]
            width = min(MAX_WIDTH, max([display_width(str(title))] + [display_width(shown(v)) for v in sample]) + 2)
        sheet.set_column(col, col, width)
    sheet.freeze_panes(1, 0)
    return sheet


def display_width(text: str) -> int:
    """Width in spreadsheet columns: a Chinese (wide) character takes two, a Latin one one."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def xlsx_bytes(sheets: Mapping[str, pd.DataFrame], widths: Mapping[str, Mapping[int, float]] | None = None) -> bytes:
    """A workbook with one sheet per (name, frame), in order, as bytes."""
    buffer = io.BytesIO()
    book = workbook(buffer)
    try:
        formats = Formats(book)
        for name, frame in sheets.items():
            write_frame(book, formats, name, frame, (widths or {}).get(name))
    finally:
        book.close()
    return buffer.getvalue()
