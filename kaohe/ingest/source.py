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
import zipfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from kaohe.ingest.errors import Deadline, IngestError
from kaohe.ingest.ledgers import Ledger, normalise_header
from kaohe.ingest.xlsx import SheetShape, Span, sheet_shape, workbook_sheets
from kaohe.labels import Message, message

HEAD_ROWS = 30
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_TOTALS = re.compile(r"^(合计|总计|小计)")  # cjk: totals rows as offices label them
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
    rows: Callable[[], Iterator[list[str]]]  # every row from the top; checks the file's time budget as it goes
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

    @property
    def closeness(self) -> tuple[int, int, int]:
        """How close a layout that does not fit comes: fewest required columns missing, then most mapped."""
        return (-len(self.missing), len(self.fields), len(self.ledger.required))

    def where(self) -> Message | str:
        """The sheet the headers are on, for messages ("" for a CSV file)."""
        return message("ingest.where_sheet", sheet=self.grid.sheet) if self.grid.sheet else ""

    def found_headers(self) -> list[str]:
        """The headers of this layout's header row, as the file spells them."""
        return [m.header for m in self.mapping]


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
    failures: list[Message] = []
    for encoding, shown in (("utf-8-sig", "UTF-8"), ("gb18030", "GBK/GB18030")):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            failures.append(
                message("ingest.decode_error", encoding=shown, offset=exc.start, byte=f"{data[exc.start]:02X}")
            )
        else:
            offset = data.index(b"\x00") if "\x00" in text else 0
            failures.append(message("ingest.decode_nul", encoding=shown, offset=offset))
    raise IngestError("ingest.encoding", file=file_name, utf8=failures[0], gbk=failures[1])


def _delimiter(text: str) -> str:
    head = "\n".join(text.splitlines()[:HEAD_ROWS])
    return "\t" if head.count("\t") > head.count(",") else ","


def csv_grid(data: bytes, file_name: str, deadline: Deadline) -> Grid:
    """A CSV file as a grid of text cells."""
    encoding = detect_encoding(data, file_name)
    # Rows are read from UTF-8 bytes (the Arrow reader needs them too); only GBK files are re-encoded.
    utf8 = data if encoding == "utf-8" else data.decode("gb18030").encode("utf-8")
    offset = 3 if utf8.startswith(codecs.BOM_UTF8) else 0
    delimiter = _delimiter(utf8[offset : offset + 65536].decode("utf-8", errors="ignore"))

    def rows() -> Iterator[list[str]]:
        stream = io.BytesIO(utf8)
        stream.seek(offset)
        reader = csv.reader(io.TextIOWrapper(stream, encoding="utf-8", newline=""), delimiter=delimiter)
        for n, row in enumerate(reader):
            if n % 10_000 == 0:
                deadline.check()
            yield row

    head = [row for _, row in zip(range(HEAD_ROWS), rows(), strict=False)]
    return Grid(None, encoding, head, frozenset(), frozenset(), rows, utf8, offset, delimiter)


# -- xlsx --------------------------------------------------------------------------------------------


def cell_text(value: object) -> str:
    """The text of one xlsx cell value, as a clerk would read it on screen."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"  # cjk: a yes/no cell shown as the ledgers write it
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d") if value.time() == dt.time() else value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def xlsx_grids(data: bytes, file_name: str, deadline: Deadline) -> list[Grid]:
    """Every visible sheet of a workbook as a grid, with merged cells filled and hidden columns known.

    Rows are streamed (openpyxl's read-only mode); merged ranges and hidden columns, which that mode cannot
    see, come from kaohe.ingest.xlsx. `guard.check_upload` has already bounded the sheets' declared sizes.
    """
    import openpyxl

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = {part.name: part for part in workbook_sheets(archive)}
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise IngestError("ingest.xlsx_unreadable", file=file_name, detail=str(exc)) from exc
    deadline.check()
    grids = []
    for sheet in book.worksheets:
        part = parts.get(sheet.title)
        if sheet.sheet_state != "visible" or (part is not None and not part.visible):
            continue
        # A sheet whose part the sheet list does not name is still read, only without merges or hidden columns.
        shape = sheet_shape(archive, part.path, deadline.check) if part is not None else SheetShape(frozenset(), ())
        grids.append(_sheet_grid(shape, sheet, deadline))
    return grids


def _sheet_grid(shape: SheetShape, sheet: object, deadline: Deadline) -> Grid:
    # Merged cells carry their value in the top-left cell only; every cell of the range shows it on screen.
    spans: dict[int, list[Span]] = {}  # row → the merged ranges through it
    across: set[tuple[int, int]] = set()
    for span in shape.merged:
        for r in range(span.first_row, span.last_row + 1):
            spans.setdefault(r, []).append(span)
            if span.last_column > span.first_column:
                across.update((r, c) for c in range(span.first_column, span.last_column + 1))
    # Dimensions are not trusted for reading: some writers declare A1 only, which would cut every row short.
    sheet.reset_dimensions()  # type: ignore[attr-defined]
    top_left: dict[Span, str] = {}

    def rows() -> Iterator[list[str]]:
        for r, values in enumerate(sheet.iter_rows(values_only=True)):  # type: ignore[attr-defined]
            if r % 1000 == 0:
                deadline.check()
            cells = [cell_text(v) for v in values]
            for span in spans.get(r, ()):
                if len(cells) <= span.last_column:
                    cells.extend([""] * (span.last_column + 1 - len(cells)))
                if r == span.first_row:
                    top_left[span] = cells[span.first_column]
                text = top_left.get(span, "")
                for c in range(span.first_column, span.last_column + 1):
                    cells[c] = text
            yield cells

    head = [row for _, row in zip(range(HEAD_ROWS), rows(), strict=False)]
    return Grid(str(sheet.title), None, head, shape.hidden_columns, frozenset(across), rows)  # type: ignore[attr-defined]


def read_grids(data: bytes, file_name: str, deadline: Deadline) -> list[Grid]:
    """The grids of a file: each visible sheet of an xlsx workbook, or the one table of a CSV file."""
    if data.startswith(_ZIP_MAGIC):
        return xlsx_grids(data, file_name, deadline)
    if data.startswith(_OLE_MAGIC):
        raise IngestError("ingest.xls", file=file_name)
    return [csv_grid(data, file_name, deadline)]


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
    matches = [(column, header, ledger.match(header), ledger.overridden(header)) for column, header in headers]
    # A spelling the user gave wins its field over a column the shipped table would map to it.
    taken = {field for _, _, field, given in matches if given and field is not None}
    mapping = []
    for column, header, field, given in matches:
        if field is not None and not given:
            field = None if field in taken else field
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


def closest_layout(grids: list[Grid], ledgers: list[Ledger]) -> Layout | None:
    """Of layouts that do not fit, the one missing fewest required columns (then mapping most), or None."""
    closest: Layout | None = None
    for grid in grids:
        for ledger in ledgers:
            for layout in layouts(grid, ledger):
                if layout.fields and (closest is None or layout.closeness > closest.closeness):
                    closest = layout
    return closest


class HeaderMismatch(IngestError):
    """Headers that fit no ledger. `layout` is how the closest ledger reads the file (None when nothing maps);
    the preview replaces it with `closest`, a FilePreview the import page's mapping step starts from."""

    layout: Layout | None = None
    closest: object = None


def detect_layout(
    grids: list[Grid], file_name: str, ledgers: Mapping[str, Ledger], ledger: str | None = None
) -> Layout:
    """Find the sheet, header rows and column mapping of a file; refuse it when no ledger fits.

    `ledgers` are the definitions in force for this file (the shipped table with saved and given spellings).
    The refusal names the closest ledger, where its headers are and which of its required columns are missing.
    """
    if ledger is not None and ledger not in ledgers:
        raise IngestError("ingest.unknown_ledger", ledger=ledger, choices=list(ledgers))
    candidates = [ledgers[ledger]] if ledger else list(ledgers.values())
    best = best_layout(grids, candidates)
    if best is not None and not best.missing:
        return best
    closest = closest_layout(grids, candidates)
    if closest is None:
        error = HeaderMismatch("ingest.nothing_recognised", file=file_name, found=_found_headers(grids))
        error.layout = _fallback_layout(grids, candidates)
        raise error
    else:
        missing = [closest.ledger.field(name).display() for name in closest.missing]
        values = {
            "file": file_name,
            "ledger": closest.ledger.display(),
            "where": closest.where(),
            "row": closest.header_row + 1,
            "missing": missing,
            "found": closest.found_headers(),
        }
        error = HeaderMismatch("ingest.forced_missing" if ledger else "ingest.no_ledger_fits", **values)
    error.layout = closest
    raise error


def _fallback_layout(grids: list[Grid], ledgers: list[Ledger]) -> Layout | None:
    """When no column maps anywhere: the most header-like row read as the first ledger of activity (not a list of
    current state such as the roster or the leaders), so the import page can still offer every column for mapping."""
    best: tuple[int, Grid, int] | None = None
    for grid in grids:
        for r in range(len(grid.head)):
            headers = _headers(grid, r, two_rows=False) or []
            if headers and (best is None or len(headers) > best[0]):
                best = (len(headers), grid, r)
    if best is None:
        return None
    _, grid, r = best
    ledger = next((one for one in ledgers if not one.replaces), ledgers[0])
    return Layout(grid, ledger, r, r + 1, _map(ledger, _headers(grid, r, two_rows=False) or []))


def _found_headers(grids: list[Grid]) -> Message | list[str]:
    """The most header-like row (most filled cells) of the file, for a refusal that recognised nothing."""
    best: tuple[int, Grid | None, list[str]] = (0, None, [])
    for grid in grids:
        for row in grid.head:
            cells = [c.strip() for c in row if c.strip()]
            if len(cells) > best[0]:
                best = (len(cells), grid, cells)
    _, where, cells = best
    if not cells:
        return message("ingest.no_headers")
    if where is not None and where.sheet:
        return message("ingest.headers_on_sheet", sheet=where.sheet, headers=cells)
    return cells


def is_totals(row: list[str]) -> bool:
    """A 合计/总计/小计 row: its first non-empty cell starts with one of those words."""
    for cell in row:
        if cell and not cell.isspace():
            return _TOTALS.match(_SPACES.sub("", cell)) is not None
    return False


def check_mapped_headers(layout: Layout, mapping: Mapping[str, str], file_name: str) -> None:
    """Refuse a mapping naming a header the file's header row does not have (a typo in `--map`)."""
    found = {normalise_header(m.header) for m in layout.mapping}
    found.update(normalise_header(m.header.rsplit("/", 1)[1]) for m in layout.mapping if "/" in m.header)
    for header in mapping:
        if normalise_header(header) not in found:
            raise IngestError("ingest.map_header_missing", header=header, file=file_name, found=layout.found_headers())
