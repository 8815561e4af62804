"""The importer's bounds: a workbook is judged by the size it declares before a cell is read, a preview
is read once per file and within a time budget, wide CSV files are read as text, and a file without data rows
is refused without leaving anything behind."""

from __future__ import annotations

import io
import re
import time
import zipfile
from collections.abc import Callable
from typing import Any

import openpyxl
import pytest
import xlsxwriter
from conftest import csv_bytes

import kaohe.ingest.guard as guard
import kaohe.ingest.load as load
import kaohe.ingest.preview as preview
from kaohe.ingest import HeaderMismatch, IngestError, import_file, preview_file
from kaohe.store import Store

HEADERS = ["服务日期", "所属支部", "服务类别", "服务内容", "服务人数"]
ROW = ["2025-03-05", "U01", "医疗义诊", "测血压", "12"]


def small_workbook(shared_strings: bool = False) -> bytes:
    """A real services workbook of two rows, sheet 台账 (inline strings unless `shared_strings`)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": not shared_strings})
    sheet = book.add_worksheet("台账")
    for r, row in enumerate([HEADERS, ROW, [*ROW[:3], "量血压", "8"]]):
        sheet.write_row(r, 0, row)
    book.close()
    return buffer.getvalue()


def rewritten(data: bytes, part: str, change: Callable[[bytes], bytes]) -> bytes:
    """The workbook with one zip part's bytes changed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item)
            target.writestr(item.filename, change(content) if item.filename == part else content)
    return out.getvalue()


def declaring(ref: str) -> bytes:
    """The small workbook with its sheet claiming the range `ref` (as a sheet of that size would)."""
    return rewritten(
        small_workbook(),
        "xl/worksheets/sheet1.xml",
        lambda xml: re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>'.encode(), xml),
    )


@pytest.fixture
def no_cell_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if the workbook's cells are loaded at all."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the workbook was loaded")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


@pytest.mark.parametrize(
    ("data", "limits", "message"),
    [
        pytest.param(
            lambda: declaring("A1:Z200000"),
            {},
            "文件「大表.xlsx」的工作表「台账」有 200,000 行 × 26 列（5,200,000 个单元格），超过 xlsx 台账的上限 "
            "2,000,000 个单元格，未读取：请在 Excel 中另存为 CSV",
            id="declared-cells",
        ),
        pytest.param(
            lambda: rewritten(
                small_workbook(), "xl/worksheets/sheet1.xml", lambda x: re.sub(rb"<dimension[^>]*/>", b"", x)
            ),
            {"MAX_SHEET_BYTES": 100},
            "文件「大表.xlsx」的工作表「台账」解压后有",
            id="sheet-without-dimension-too-large",
        ),
        pytest.param(
            lambda: small_workbook(shared_strings=True),
            {"MAX_SHARED_STRINGS_BYTES": 100},
            "文件「大表.xlsx」的文字表（sharedStrings）解压后有",
            id="shared-strings",
        ),
    ],
)
def test_a_workbook_too_large_to_read_is_refused_before_a_cell_is_loaded(
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
    no_cell_reading: None,
    data: Callable[[], bytes],
    limits: dict[str, int],
    message: str,
) -> None:
    for name, value in limits.items():
        monkeypatch.setattr(guard, name, value)
    workbook = data()
    started = time.perf_counter()
    for attempt in (lambda: preview_file(workbook, "大表.xlsx"), lambda: import_file(store, workbook, "大表.xlsx")):
        with pytest.raises(IngestError) as caught:
            attempt()
        assert str(caught.value).startswith(message)
    assert time.perf_counter() - started < 5
    assert store.cursor().execute("select count(*) from imports").fetchone() == (0,)


def test_a_workbook_within_bounds_is_read_as_before(units_roster: Store) -> None:
    result = import_file(units_roster, declaring("A1:E3"), "小表.xlsx")
    assert (result.loaded, result.rejected) == (2, 0)


def test_a_preview_is_read_once_per_file_refusals_included(monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[str] = []
    real = preview.read_grids

    def counted(data: bytes, file_name: str, deadline: Any) -> Any:
        reads.append(file_name)
        return real(data, file_name, deadline)

    monkeypatch.setattr(preview, "read_grids", counted)
    good = csv_bytes([HEADERS, ROW])
    first = preview_file(good, "缓存.csv")
    assert preview_file(bytes(good), "缓存.csv") is first  # equal bytes, another object: the same preview
    odd = csv_bytes([["日子", "组织"], ["2025-03-05", "U01"]])
    messages = []
    for _ in range(3):
        with pytest.raises(HeaderMismatch) as caught:
            preview_file(odd, "不认识.csv")
        messages.append(str(caught.value))
    assert reads == ["缓存.csv", "不认识.csv"]
    assert len(set(messages)) == 1
    preview_file(good, "缓存.csv", mapping={"服务内容": "title"})  # another mapping is another reading
    assert reads[-1] == "缓存.csv" and len(reads) == 3


@pytest.mark.parametrize(
    ("data", "name"),
    [
        pytest.param(lambda: csv_bytes([HEADERS, ROW] * 20), "宽.csv", id="csv"),
        pytest.param(lambda: declaring("A1:E3"), "宽.xlsx", id="xlsx"),
    ],
)
def test_reading_stops_at_the_time_budget_with_a_message_naming_the_file(
    store: Store, monkeypatch: pytest.MonkeyPatch, data: Callable[[], bytes], name: str
) -> None:
    monkeypatch.setattr(preview, "PREVIEW_SECONDS", 0.0)
    monkeypatch.setattr(load, "IMPORT_SECONDS", 0.0)
    with pytest.raises(IngestError, match=f"读取文件「{name}」超过 0 秒仍未完成，已停止"):
        preview_file(data(), name)
    with pytest.raises(IngestError, match=f"读取文件「{name}」超过 0 秒仍未完成"):
        import_file(store, data(), name)
    assert store.cursor().execute("select count(*) from imports").fetchone() == (0,)


def test_a_csv_with_hundreds_of_filler_columns_is_read_as_text(units_roster: Store) -> None:
    # Fillers that a type-guessing reader would take for dates and numbers, before the columns that matter.
    fillers = [f"备注{i}" for i in range(600)]
    rows = [[*fillers, *HEADERS]]
    for day in range(1, 4):
        rows.append([*(f"2025-03-0{day}" if i % 2 else str(i) for i in range(600)), *ROW[:3], f"第{day}次", "5"])
    result = import_file(units_roster, csv_bytes(rows), "宽表.csv")
    assert (result.loaded, result.rejected, result.skipped) == (3, 0, 0)


@pytest.mark.parametrize(
    ("data", "name", "where"),
    [
        pytest.param(lambda: csv_bytes([HEADERS]), "空台账.csv", "第 1 行", id="csv-header-only"),
        pytest.param(
            lambda: csv_bytes([["便民服务台账"], HEADERS, ["合计", "", "", "", "0"], []]),
            "空台账.csv",
            "第 2 行",
            id="totals-only",
        ),
        pytest.param(
            lambda: rewritten(
                small_workbook(), "xl/worksheets/sheet1.xml", lambda x: re.sub(rb'<row r="[23]".*?</row>', b"", x)
            ),
            "空台账.xlsx",
            "工作表「台账」第 1 行",
            id="xlsx-header-only",
        ),
    ],
)
def test_a_file_without_data_rows_is_refused_and_leaves_nothing_behind(
    units_roster: Store, data: Callable[[], bytes], name: str, where: str
) -> None:
    before = units_roster.cursor().execute("select count(*) from audit_log").fetchone()
    for _ in range(2):  # the same bytes again: refused again, never "imported before"
        with pytest.raises(IngestError) as caught:
            import_file(units_roster, data(), name)
        assert str(caught.value) == (
            f"文件「{name}」在表头（{where}）下面没有数据行，没有导入任何内容：请填好数据后再导入。"
        )
        with pytest.raises(IngestError, match="没有数据行"):
            preview_file(data(), name)
    cur = units_roster.cursor()
    assert cur.execute("select count(*) from imports where ledger = 'services'").fetchone() == (0,)
    assert cur.execute("select count(*) from audit_log").fetchone() == before
    corrected = import_file(units_roster, csv_bytes([HEADERS, ROW]), "空台账（已补）.csv")
    assert (corrected.already_imported, corrected.loaded) == (False, 1)
