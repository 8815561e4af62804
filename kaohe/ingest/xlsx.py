"""What a workbook declares about itself, read from its zip parts without loading a sheet into memory.

openpyxl's full mode inflates every cell of every sheet into Python objects before the first one can be looked
at (a 117 MB sheet took 79 s and 2 GB); its read-only mode streams rows but cannot see merged ranges or hidden
columns. So the importer streams rows in read-only mode and reads those two things, and the sheets' declared
sizes, here: the sheet list from `xl/workbook.xml`, `<dimension>` from the head of each sheet part, `<col
hidden>` from before its data and `<mergeCell>` from after it, by scanning the inflated bytes in blocks.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from xml.etree import ElementTree

from openpyxl.utils import column_index_from_string

WORKBOOK_PART = "xl/workbook.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
SHARED_STRINGS = "xl/sharedStrings.xml"
MAX_WORKBOOK_PART_BYTES = 8 * 1024 * 1024  # the sheet list; a real one is a few kilobytes
_BLOCK = 1 << 20
_OVERLAP = 4096  # longer than any tag looked for, so a tag cut by a block boundary is seen whole in the next
_HEAD = 64 * 1024  # <dimension> sits in the first few hundred bytes of a sheet part

_REF = rb"([A-Za-z]{1,3})([0-9]{1,7})"
_DIMENSION = re.compile(rb"<(?:[\w.-]+:)?dimension\s[^>]*?\bref=\"" + _REF + rb"(?::" + _REF + rb")?\"")
_COL = re.compile(rb"<(?:[\w.-]+:)?col\s([^>]*)>")
_MERGE = re.compile(rb"<(?:[\w.-]+:)?mergeCell\s[^>]*?\bref=\"" + _REF + rb"(?::" + _REF + rb")?\"")
_ATTRIBUTE = re.compile(rb"\b(min|max|hidden)=\"([^\"]*)\"")
_SHEET_DATA = re.compile(rb"<(?:[\w.-]+:)?sheetData\b")
_WORKSHEET_TYPE = "/worksheet"


@dataclass(frozen=True)
class SheetPart:
    """One worksheet of a workbook: its name, its part in the zip and whether it is shown."""

    name: str
    path: str
    visible: bool


@dataclass(frozen=True)
class Span:
    """A rectangle of cells, 0-based and inclusive."""

    first_row: int
    first_column: int
    last_row: int
    last_column: int


@dataclass(frozen=True)
class SheetShape:
    """What a sheet's XML says besides its cells: hidden columns and merged ranges (0-based)."""

    hidden_columns: frozenset[int]
    merged: tuple[Span, ...]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attribute(element: ElementTree.Element, name: str) -> str | None:
    for key, value in element.attrib.items():
        if _local(key) == name:
            return value
    return None


def _small_part(archive: zipfile.ZipFile, name: str) -> ElementTree.Element:
    info = archive.getinfo(name)
    if info.file_size > MAX_WORKBOOK_PART_BYTES:
        raise ValueError(f"{name} is {info.file_size} bytes")
    return ElementTree.fromstring(archive.read(name))


def workbook_sheets(archive: zipfile.ZipFile) -> list[SheetPart]:
    """The worksheets of a workbook in tab order (chart sheets left out); ValueError/KeyError if malformed."""
    targets: dict[str, str] = {}
    if WORKBOOK_RELS in archive.namelist():
        for rel in _small_part(archive, WORKBOOK_RELS):
            if (rel.get("Type") or "").endswith(_WORKSHEET_TYPE) and rel.get("Id") and rel.get("Target"):
                target = str(rel.get("Target"))
                path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
                targets[str(rel.get("Id"))] = posixpath.normpath(path)
    sheets = []
    for element in _small_part(archive, WORKBOOK_PART).iter():
        if _local(element.tag) != "sheet":
            continue
        part = targets.get(_attribute(element, "id") or "")
        if part is None:
            continue
        state = element.get("state", "visible")
        sheets.append(SheetPart(element.get("name", ""), part, state == "visible"))
    return sheets


def _span(match: re.Match[bytes]) -> Span:
    first_col, first_row, last_col, last_row = match.groups()
    last_col, last_row = last_col or first_col, last_row or first_row
    return Span(
        int(first_row) - 1,
        column_index_from_string(first_col.decode().upper()) - 1,
        int(last_row) - 1,
        column_index_from_string(last_col.decode().upper()) - 1,
    )


def declared_span(archive: zipfile.ZipFile, path: str) -> Span | None:
    """The cells a sheet declares it uses (`<dimension ref="A1:J5000">`), or None when it does not say."""
    with archive.open(path) as stream:
        head = stream.read(_HEAD)
    match = _DIMENSION.search(head)
    return _span(match) if match else None


def _hidden_columns(prefix: bytes) -> set[int]:
    hidden: set[int] = set()
    for col in _COL.finditer(prefix):
        attributes = {k.decode(): v.decode() for k, v in _ATTRIBUTE.findall(col.group(1))}
        if attributes.get("hidden") in ("1", "true") and attributes.get("min", "").isdigit():
            first = int(attributes["min"])
            last = int(attributes["max"]) if attributes.get("max", "").isdigit() else first
            hidden.update(range(first - 1, last))
    return hidden


def sheet_shape(archive: zipfile.ZipFile, path: str, check: Callable[[], None]) -> SheetShape:
    """Hidden columns and merged ranges of one sheet, read by streaming its part; `check` runs per block."""
    hidden: set[int] = set()
    merged: set[Span] = set()
    before_data = True
    prefix = b""
    tail = b""
    with archive.open(path) as stream:
        while block := stream.read(_BLOCK):
            check()
            buffer = tail + block
            if before_data:
                # Column widths and hidden flags (<cols>) come before the cells (<sheetData>).
                prefix += block
                start = _SHEET_DATA.search(prefix)
                if start is not None or len(prefix) > 16 * _BLOCK:
                    hidden = _hidden_columns(prefix[: start.start()] if start else prefix)
                    before_data = False
                    prefix = b""
            # A cell's text never holds "<", so only real merge elements match.
            if b"mergeCell" in buffer:
                merged.update(_span(m) for m in _MERGE.finditer(buffer))
            tail = buffer[-_OVERLAP:]
    if before_data:
        hidden = _hidden_columns(prefix)
    return SheetShape(frozenset(hidden), tuple(sorted(merged, key=lambda s: (s.first_row, s.first_column))))
