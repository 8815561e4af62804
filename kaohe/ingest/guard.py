"""Checks an uploaded file must pass before the importer reads a byte of it: name, size and real type.

The importer opens workbooks with openpyxl, which inflates every part of the zip into memory, and the upload
comes from a browser, so a file is judged by its bytes, not by the name it claims: an .xlsx that is really an
HTML page (what many office systems call an "Excel export"), a zip bomb, a binary file named .csv, a name
that tries to climb out of a folder. Each is refused with a message a clerk can act on, before anything is
written.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from kaohe.ingest.errors import IngestError
from kaohe.ingest.xlsx import SHARED_STRINGS, declared_span, workbook_sheets
from kaohe.labels import Message, message

MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # as .streamlit/config.toml's server.maxUploadSize: 50 MB
# A file an administrator imports from the server's own disk (`kaohe import`) may be a whole district's year;
# the bound keeps one file's import within the machine's memory (a million-row CSV is about 120 MB).
MAX_DISK_FILE_BYTES = 1024 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 500 * 1024 * 1024  # a 10-million-cell workbook inflates to about this
MAX_RATIO = 100  # xlsx parts compress 5–20 times; zip bombs compress a thousand times and more
MAX_ZIP_ENTRIES = 10_000
# What one xlsx sheet may declare before anything is loaded. Rows are streamed, so memory stays small, but
# every cell costs time: 2 million cells (200,000 rows of 10 columns) read in about 20 s here. Larger ledgers
# go through CSV, which the importer reads a hundred times faster.
MAX_XLSX_CELLS = 2_000_000
MAX_SHEET_BYTES = 200 * 1024 * 1024  # a sheet part without a <dimension> is bounded by its inflated size
MAX_SHARED_STRINGS_BYTES = 100 * 1024 * 1024  # loaded whole by openpyxl, even in read-only mode
_RATIO_FLOOR = 1024 * 1024  # small parts (shared strings of a blank sheet) may compress very well
MAX_NAME_LENGTH = 200

XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})
TEXT_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})
_REQUIRED_PARTS = ("[Content_Types].xml", "xl/workbook.xml")

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_HTML = re.compile(rb"^\s*<(!doctype\s+html|html|\?xml|table|meta|head|body)\b", re.IGNORECASE)
_BINARY_MAGIC = {  # signature → label key of what the file really is
    b"%PDF": "ingest.kind.pdf",
    b"\x89PNG": "ingest.kind.png",
    b"\xff\xd8\xff": "ingest.kind.jpeg",
    b"GIF8": "ingest.kind.gif",
    b"Rar!": "ingest.kind.rar",
    b"7z\xbc\xaf": "ingest.kind.7z",
    b"\x1f\x8b": "ingest.kind.gzip",
    b"MZ": "ingest.kind.exe",
    b"\x7fELF": "ingest.kind.elf",
}
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Control bytes other than tab, newline, carriage return, form feed and escape do not occur in text exports
# (GBK and UTF-8 multi-byte sequences never use bytes below 0x30).
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")
_SNIFF = 64 * 1024


@dataclass(frozen=True)
class Checked:
    """A file that passed the checks: its name and the kind its bytes really are ("xlsx" or "text")."""

    file_name: str
    kind: str


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def check_file_name(file_name: str) -> str:
    """The file's name if it is a plain name (no folders, no '..', no control characters), else IngestError."""
    shown = file_name.encode("unicode_escape").decode("ascii") if not file_name.isprintable() else file_name
    if not file_name.strip():
        raise IngestError("ingest.name_empty")
    if len(file_name) > MAX_NAME_LENGTH:
        raise IngestError("ingest.name_too_long", length=len(file_name), limit=MAX_NAME_LENGTH)
    plain = PurePosixPath(file_name).name == file_name and PureWindowsPath(file_name).name == file_name
    if not plain or not file_name.isprintable() or file_name.strip(" .") in ("", "..") or ":" in file_name:
        raise IngestError("ingest.name_not_plain", file=shown)
    return file_name


def check_upload(data: bytes, file_name: str, *, max_bytes: int = MAX_UPLOAD_BYTES) -> Checked:
    """Refuse a file whose name, size or real type is not that of a ledger export; return what it really is."""
    name = check_file_name(file_name)
    if len(data) > max_bytes:
        raise IngestError("ingest.too_big", file=name, size=_mb(len(data)), limit=_mb(max_bytes))
    if not data:
        raise IngestError("ingest.empty_file", file=name)
    suffix = PurePosixPath(name).suffix.lower()
    if suffix == ".xls" or data.startswith(_OLE_MAGIC):
        raise IngestError("ingest.xls", file=name)
    if suffix not in XLSX_SUFFIXES | TEXT_SUFFIXES:
        raise IngestError("ingest.bad_suffix", file=name, suffix=suffix or message("ingest.no_suffix"))
    head = data[:_SNIFF]
    if _HTML.match(head.removeprefix(b"\xef\xbb\xbf")):
        kind = message("ingest.kind.workbook" if suffix in XLSX_SUFFIXES else "ingest.kind.csv")
        raise IngestError("ingest.html", file=name, kind=kind)
    if suffix in XLSX_SUFFIXES:
        _check_workbook(data, name)
        return Checked(name, "xlsx")
    if data.startswith(_ZIP_MAGIC):
        raise IngestError("ingest.zip_named_text", file=name, suffix=suffix)
    _check_text(head, name)
    return Checked(name, "text")


def _binary_kind(data: bytes) -> Message | None:
    return next((message(key) for magic, key in _BINARY_MAGIC.items() if data.startswith(magic)), None)


def _check_workbook(data: bytes, name: str) -> None:
    """An xlsx must be a zip holding a workbook, of bounded inflated size, whose sheets declare a bounded size."""
    if not data.startswith(_ZIP_MAGIC):
        kind = _binary_kind(data)
        found = message("ingest.content_is", kind=kind) if kind else message("ingest.content_not_xlsx")
        raise IngestError("ingest.not_zip", file=name, found=found)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            _check_parts(entries, name)
            _check_declared_sizes(archive, entries, name)
    except IngestError:
        raise
    except (zipfile.BadZipFile, ValueError, KeyError, OSError, SyntaxError, EOFError) as exc:
        # SyntaxError: ElementTree's ParseError, for a sheet list that is not XML.
        raise IngestError("ingest.corrupt", file=name, detail=str(exc)) from exc


def _check_parts(entries: list[zipfile.ZipInfo], name: str) -> None:
    if len(entries) > MAX_ZIP_ENTRIES:
        raise IngestError("ingest.too_many_parts", file=name, n=len(entries), limit=MAX_ZIP_ENTRIES)
    parts = {entry.filename for entry in entries}
    missing = [part for part in _REQUIRED_PARTS if part not in parts]
    if missing:
        raise IngestError("ingest.zip_not_workbook", file=name, parts=missing)
    total = sum(entry.file_size for entry in entries)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise IngestError("ingest.zip_bomb_total", file=name, size=_mb(total), limit=_mb(MAX_UNCOMPRESSED_BYTES))
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > _RATIO_FLOOR and ratio > MAX_RATIO:
            raise IngestError(
                "ingest.zip_bomb_ratio", file=name, part=entry.filename, ratio=f"{ratio:.0f}", limit=MAX_RATIO
            )


def _check_declared_sizes(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo], name: str) -> None:
    """Refuse a workbook whose sheets or text table are too large to read in time, before reading any cell."""
    sizes = {entry.filename: entry.file_size for entry in entries}
    strings = sizes.get(SHARED_STRINGS, 0)
    if strings > MAX_SHARED_STRINGS_BYTES:
        raise IngestError("ingest.strings_too_large", file=name, size=_mb(strings), limit=_mb(MAX_SHARED_STRINGS_BYTES))
    for sheet in workbook_sheets(archive):
        if sheet.path not in sizes:
            raise IngestError("ingest.corrupt", file=name, detail=sheet.path)
        span = declared_span(archive, sheet.path)
        if span is not None:
            rows = span.last_row - span.first_row + 1
            columns = span.last_column - span.first_column + 1
            if rows * columns > MAX_XLSX_CELLS:
                raise IngestError(
                    "ingest.sheet_too_many_cells",
                    file=name,
                    sheet=sheet.name,
                    rows=f"{rows:,}",
                    columns=f"{columns:,}",
                    cells=f"{rows * columns:,}",
                    limit=f"{MAX_XLSX_CELLS:,}",
                )
        if sizes[sheet.path] > MAX_SHEET_BYTES:
            raise IngestError(
                "ingest.sheet_too_large",
                file=name,
                sheet=sheet.name,
                size=_mb(sizes[sheet.path]),
                limit=_mb(MAX_SHEET_BYTES),
            )


def _check_text(head: bytes, name: str) -> None:
    """A CSV must be text: no known binary signature and no control bytes (UTF-16 is left to the decoder)."""
    kind = _binary_kind(head)
    if kind is not None:
        raise IngestError("ingest.binary_text", file=name, kind=kind)
    if head.startswith(_UTF16_BOMS):
        # A UTF-16 export is text; the decoder refuses it with the byte offset and how to re-save it.
        return
    control = _CONTROL.search(head)
    if control is not None:
        raise IngestError("ingest.control_char", file=name, offset=control.start(), byte=f"{head[control.start()]:02X}")
