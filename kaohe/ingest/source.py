"""Read a ledger file as office staff really export it: find its sheet, its header rows and its columns.

Everything here works on the first rows of the file only (the "head"); the body is handed on as an iterator
of raw text rows so that the loader can stream a million-row CSV into DuckDB in chunks.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from kaohe.ingest.errors import IngestError
from kaohe.ingest.ledgers import Ledger, load_ledgers

HEAD_ROWS = 30
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_TOTALS = re.compile(r"^(合计|总计|小计)")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class ColumnMapping:
    """How one column of the file is read: its 0-based index, header as in the file, and field (or None)."""

    column: int
    header: str
    field: str | None


@dataclass(frozen=True)
class Grid:
    """One sheet (or a CSV file) as text: its first rows, and a way to read all rows again from the top."""

    sheet: str | None
    encoding: str | None
    head: list[list[str]]
    hidden: frozenset[int]
    merged_across: frozenset[tuple[int, int]]  # (row, column) cells inside a merge spanning several columns
    rows: Callable[[], Iterator[list[str]]]
    utf8: bytes | None = None  # a CSV file's bytes as UTF-8, for the fast Arrow reader
    utf8_offset: int = 0  # where the text starts in `utf8` (after a BOM)
    delimiter: str = ","


@dataclass(frozen=True)
class Layout:
    """Where the data sits in a grid and what each column means, for one ledger."""

    grid: Grid
    ledger: Ledger
    header_row: int  # 0-based index of the (upper) header row
    data_start: int  # 0-based index of the first data row
    mapping: tuple[ColumnMapping, ...]

    @property
    def fields(self) -> dict[str, ColumnMapping]:
        """The mapped columns by field."""
        return {m.field: m for m in self.mapping if m.field is not None}

    @property
    def missing(self) -> tuple[str, ...]:
        """The required fields no column maps to."""
        mapped = self.fields
        return tuple(f.name for f in self.ledger.required if f.name not in mapped)

    @property
    def score(self) -> tuple[int, int]:
        """How well the headers fit the ledger: (fits, mapped fields); higher is better."""
        return (0 if self.missing else 1, len(self.fields))


# -- decoding ----------------------------------------------------------------------------------------


_BLOCK = 1 << 20


def _decodes(data: bytes, encoding: str) -> bool:
    """Whether `data` decodes strictly, checked block by block so a large file is never held twice as text."""
    decoder = codecs.getincrementaldecoder(encoding)()
    view = memoryview(data)
    try:
        for start in range(0, len(data), _BLOCK):
            if "\x00" in decoder.decode(view[start : start + _BLOCK], final=False):
                return False
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def detect_encoding(data: bytes, file_name: str) -> str:
    """The encoding of a CSV file by the strict ladder utf-8-sig then gb18030 ("utf-8" or "gb18030").

    No charset guessing: guessers read short GBK files as Korean. A file that is neither is refused with
    the byte offsets where each decoding failed.
    """
    for encoding, name in (("utf-8-sig", "utf-8"), ("gb18030", "gb18030")):
        if _decodes(data, encoding):
            return name
    failures = []
    for encoding, shown in (("utf-8-sig", "UTF-8"), ("gb18030", "GBK/GB18030")):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            failures.append(f"按 {shown} 解码在字节偏移 {exc.start} 处出错（字节 0x{data[exc.start]:02X}）")
        else:
            offset = data.index(b"\x00") if "\x00" in text else 0
            failures.append(f"按 {shown} 解码在字节偏移 {offset} 处遇到空字符（0x00，像是 UTF-16 文件）")
    raise IngestError(
        f"文件「{file_name}」不是 UTF-8 或 GBK/GB18030 编码的 CSV：{'；'.join(failures)}。"
        "请在 Excel 中用“另存为 → CSV UTF-8（逗号分隔）”或“xlsx 工作簿”重新保存后再导入。"
    )


def _delimiter(text: str) -> str:
    head = "\n".join(text.splitlines()[:HEAD_ROWS])
    return "\t" if head.count("\t") > head.count(",") else ","


def csv_grid(data: bytes, file_name: str) -> Grid:
    """A CSV file as a grid of text cells."""
    encoding = detect_encoding(data, file_name)
    # Rows are read from UTF-8 bytes (the Arrow reader needs them too); only GBK files are re-encoded.
    utf8 = data if encoding == "utf-8" else data.decode("gb18030").encode("utf-8")
    offset = 3 if utf8.startswith(codecs.BOM_UTF8) else 0
    delimiter = _delimiter(utf8[offset : offset + 65536].decode("utf-8", errors="ignore"))

    def rows() -> Iterator[list[str]]:
        stream = io.BytesIO(utf8)
        stream.seek(offset)
        return csv.reader(io.TextIOWrapper(stream, encoding="utf-8", newline=""), delimiter=delimiter)

    head = [row for _, row in zip(range(HEAD_ROWS), rows(), strict=False)]
    return Grid(None, encoding, head, frozenset(), frozenset(), rows, utf8, offset, delimiter)


# -- xlsx --------------------------------------------------------------------------------------------


def cell_text(value: object) -> str:
    """The text of one xlsx cell value, as a clerk would read it on screen."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d") if value.time() == dt.time() else value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def xlsx_grids(data: bytes, file_name: str) -> list[Grid]:
    """Every visible sheet of a workbook as a grid, with merged cells filled and hidden columns known."""
    import openpyxl
    from openpyxl.utils import column_index_from_string

    try:
        # Not read-only: read-only mode cannot see merged ranges or hidden columns.
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:
        raise IngestError(f"文件「{file_name}」无法作为 xlsx 工作簿打开：{exc}") from exc
    grids = []
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            continue
        hidden: set[int] = set()
        for letter, dim in sheet.column_dimensions.items():
            if dim.hidden:
                first = dim.min or column_index_from_string(letter)
                last = dim.max or first
                hidden.update(range(first - 1, last))
        # Merged cells carry their value in the top-left cell only; every cell of the range shows it on screen.
        fill: dict[int, list[tuple[int, str]]] = {}
        across: set[tuple[int, int]] = set()
        for merged in sheet.merged_cells.ranges:
            text = cell_text(sheet.cell(merged.min_row, merged.min_col).value)
            for r in range(merged.min_row - 1, merged.max_row):
                for c in range(merged.min_col - 1, merged.max_col):
                    fill.setdefault(r, []).append((c, text))
                    if merged.max_col > merged.min_col:
                        across.add((r, c))

        def rows(sheet: object = sheet, fill: dict[int, list[tuple[int, str]]] = fill) -> Iterator[list[str]]:
            for r, values in enumerate(sheet.iter_rows(values_only=True)):  # type: ignore[attr-defined]
                cells = [cell_text(v) for v in values]
                for c, text in fill.get(r, ()):
                    if c < len(cells):
                        cells[c] = text
                yield cells

        head = [row for _, row in zip(range(HEAD_ROWS), rows(), strict=False)]
        grids.append(Grid(sheet.title, None, head, frozenset(hidden), frozenset(across), rows))
    return grids


def read_grids(data: bytes, file_name: str) -> list[Grid]:
    """The grids of a file: each visible sheet of an xlsx workbook, or the one table of a CSV file."""
    if data.startswith(_ZIP_MAGIC):
        return xlsx_grids(data, file_name)
    if data.startswith(_OLE_MAGIC):
        raise IngestError(
            f"文件「{file_name}」是旧版 Excel（.xls）格式，无法直接读取；请在 Excel 中另存为 xlsx 工作簿后再导入。"
        )
    return [csv_grid(data, file_name)]


# -- headers -----------------------------------------------------------------------------------------


def _cell(rows: list[list[str]], r: int, c: int) -> str:
    if r >= len(rows) or c >= len(rows[r]):
        return ""
    return rows[r][c].strip()


def _headers(grid: Grid, r: int, two_rows: bool) -> list[tuple[int, str]] | None:
    """The (column, header) pairs when the header starts at row `r`, or None when that shape does not apply."""
    head = grid.head
    width = max((len(row) for row in head[r : r + 2]), default=0)
    tops = [_cell(head, r, c) for c in range(width)]
    if not two_rows:
        return [(c, t) for c, t in enumerate(tops) if t and c not in grid.hidden]
    bottoms = [_cell(head, r + 1, c) for c in range(width)]
    grouped = {c for c in range(width) if (r, c) in grid.merged_across}
    # A CSV export keeps a merged group's title in its first cell only: "服务情况","" over "服务人数","参与党员".
    for c in range(1, width):
        if not tops[c] and bottoms[c] and tops[c - 1] and bottoms[c - 1]:
            tops[c] = tops[c - 1]
            grouped.update({c - 1, c})
    # A real two-row header has groups and columns of their own above; a title spanning every column has none.
    if not grouped or all(c in grouped for c in range(width) if tops[c]):
        return None
    found = []
    for c in range(width):
        top, bottom = tops[c], bottoms[c]
        header = f"{top}/{bottom}" if top and bottom and top != bottom else (top or bottom)
        if header and c not in grid.hidden:
            found.append((c, header))
    return found


def _map(ledger: Ledger, headers: list[tuple[int, str]]) -> tuple[ColumnMapping, ...]:
    taken: set[str] = set()
    mapping = []
    for column, header in headers:
        field = ledger.match(header)
        if field in taken:
            field = None
        if field is not None:
            taken.add(field)
        mapping.append(ColumnMapping(column, _SPACES.sub(" ", header), field))
    return tuple(mapping)


def layouts(grid: Grid, ledger: Ledger) -> Iterator[Layout]:
    """Every plausible header position of `grid` read as `ledger`."""
    for r in range(len(grid.head)):
        single = _headers(grid, r, two_rows=False)
        if not single:
            continue
        one = Layout(grid, ledger, r, r + 1, _map(ledger, single))
        yield one
        double = _headers(grid, r, two_rows=True)
        if double:
            two = Layout(grid, ledger, r, r + 2, _map(ledger, double))
            # Only a strictly better fit makes the next row a second header row rather than data.
            if two.score > one.score:
                yield two


def best_layout(grids: list[Grid], ledgers: list[Ledger]) -> Layout | None:
    """The layout that fits best over all grids and ledgers (fitting ones first, then most fields mapped)."""
    best: Layout | None = None
    for grid in grids:
        for ledger in ledgers:
            for layout in layouts(grid, ledger):
                if best is None or layout.score > best.score:
                    best = layout
    return best


def detect_layout(data: bytes, file_name: str, ledger: str | None = None) -> Layout:
    """Find the sheet, header rows and column mapping of a file; refuse it when no ledger fits."""
    grids = read_grids(data, file_name)
    all_ledgers = load_ledgers()
    if ledger is not None and ledger not in all_ledgers:
        raise IngestError(f"未知的台账类型「{ledger}」，可选：{'、'.join(all_ledgers)}")
    candidates = [all_ledgers[ledger]] if ledger else list(all_ledgers.values())
    best = best_layout(grids, candidates)
    if best is not None and not best.missing:
        return best
    found = _found_headers(grids)
    if ledger is not None:
        wanted = all_ledgers[ledger]
        missing = best.missing if best is not None else tuple(f.name for f in wanted.required)
        raise IngestError(
            f"文件「{file_name}」不能作为{wanted.label}导入：缺少必需的列 "
            f"{'、'.join(wanted.field(m).label for m in missing)}。找到的表头：{found}。"
        )
    expected = []
    for candidate in all_ledgers.values():
        names = "、".join(f.label for f in candidate.required)
        expected.append(f"{candidate.label}（{names}）")
    raise IngestError(
        f"文件「{file_name}」的表头不符合任何一种台账，无法识别。找到的表头：{found}。"
        f"各台账必需的列：{'；'.join(expected)}。表头名称可以是常见的写法（如“日期”“服务日期”），"
        "如仍无法识别，请改成上面的列名。"
    )


def _found_headers(grids: list[Grid]) -> str:
    """The most header-like row of each grid, for the refusal message."""
    parts = []
    for grid in grids:
        rows = [[c.strip() for c in row if c.strip()] for row in grid.head]
        row = max(rows, key=len, default=[])
        where = f"工作表「{grid.sheet}」" if grid.sheet else ""
        parts.append(where + ("、".join(row) if row else "（空）"))
    return "；".join(parts)


def is_totals(row: list[str]) -> bool:
    """A 合计/总计/小计 row: its first non-empty cell starts with one of those words."""
    for cell in row:
        if cell and not cell.isspace():
            return _TOTALS.match(_SPACES.sub("", cell)) is not None
    return False
