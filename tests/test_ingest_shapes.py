"""Ledger files in the shapes offices really export: encodings, title rows, merged and hidden columns,
several sheets, totals and blank rows, and headers that fit no ledger."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from conftest import csv_bytes

from kaohe.ingest import IngestError, import_file, preview_file
from kaohe.store import Store

HEADERS = ["服务日期", "所属支部", "服务类别", "服务内容", "服务人数"]
ROWS = [
    ["2024-03-05", "陇海村党支部", "医疗义诊", "免费测血压", "30"],
    ["2024年3月6日", "陇一社区", "科普讲座", "防诈骗讲座", "45人"],
]


def services(store: Store) -> list[tuple[object, ...]]:
    """The stored services as (date, unit, title, people, source_row), in file order."""
    return (
        store.cursor()
        .execute("select service_date, unit_id, title, people_served, source_row from services order by source_row")
        .fetchall()
    )


@pytest.mark.parametrize(
    ("encoding", "title", "recorded"),
    [
        pytest.param("utf-8", "便民服务台账", "utf-8", id="utf-8"),
        pytest.param("utf-8-sig", "便民服务台账", "utf-8", id="utf-8-with-bom"),
        pytest.param("gbk", "便民服务台账", "gb18030", id="gbk"),
        pytest.param("gb18030", "便民服务台账㐀", "gb18030", id="gb18030-beyond-gbk"),
    ],
)
def test_csv_encodings_on_the_ladder_are_read(units_roster: Store, encoding: str, title: str, recorded: str) -> None:
    data = csv_bytes([[title], HEADERS, *ROWS], encoding)
    result = import_file(units_roster, data, "台账.csv")
    assert (result.loaded, result.rejected) == (2, 0)
    assert services(units_roster)[1][1:] == ("U01", "防诈骗讲座", 45, 4)
    stored = units_roster.cursor().execute("select encoding, header_row from imports where ledger = 'services'")
    assert stored.fetchone() == (recorded, 2)


def test_a_file_in_neither_encoding_is_refused_naming_the_byte_offset(units_roster: Store) -> None:
    # ASCII up to a 0xFF byte, which neither UTF-8 nor GB18030 allows anywhere: both stop at byte 20.
    data = b"date,unit,title\r\n2024" + b"\xff\xfe,x\r\n"
    with pytest.raises(IngestError) as caught:
        import_file(units_roster, data, "乱码.csv")
    message = str(caught.value)
    assert "「乱码.csv」" in message
    assert "按 UTF-8 解码在字节偏移 21 处出错（字节 0xFF）" in message
    assert "按 GBK/GB18030 解码在字节偏移 21 处出错（字节 0xFF）" in message


def test_a_utf16_export_is_refused_not_misread(units_roster: Store) -> None:
    data = "服务日期,所属支部\r\n".encode("utf-16")
    with pytest.raises(IngestError, match="字节偏移 0 处出错"):
        import_file(units_roster, data, "unicode.csv")
    assert units_roster.cursor().execute("select count(*) from imports").fetchone() == (1,)


def test_title_and_reporting_lines_above_the_header_are_skipped_and_rows_keep_excel_numbers(
    units_roster: Store,
) -> None:
    rows = [
        ["2024年第一季度便民服务台账"],
        ["填报单位：陇海村党支部", "", "", "填报日期：2024年4月1日"],
        HEADERS,
        *ROWS,
    ]
    result = import_file(units_roster, csv_bytes(rows), "台账.csv")
    assert (result.rows_read, result.loaded, result.skipped) == (2, 2, 0)
    assert [row[4] for row in services(units_roster)] == [4, 5]


def test_a_two_row_merged_header_in_csv_is_flattened(units_roster: Store) -> None:
    rows = [
        ["服务日期", "所属支部", "服务类别", "服务内容", "服务情况", ""],
        ["", "", "", "", "服务人数", "参与党员"],
        ["2024-03-05", "U03", "医疗义诊", "免费测血压", "30", "4"],
    ]
    preview = preview_file(csv_bytes(rows), "合并表头.csv")
    assert [(m.header, m.field) for m in preview.mapping][4:] == [
        ("服务情况/服务人数", "people_served"),
        ("服务情况/参与党员", "members_involved"),
    ]
    result = import_file(units_roster, csv_bytes(rows), "合并表头.csv")
    assert result.loaded == 1
    row = units_roster.cursor().execute("select people_served, members_involved, source_row from services")
    assert row.fetchone() == (30, 4, 3)


def test_a_units_roster_is_not_mistaken_for_a_two_row_header(store: Store) -> None:
    rows = [["编号", "名称", "类型", "所属社区", "党员数"], ["U09", "某社区党支部", "社区", "某社区", "20"]]
    result = import_file(store, csv_bytes(rows), "名册.csv")
    assert (result.ledger, result.loaded) == ("units", 1)
    assert store.cursor().execute("select kind, community from units").fetchone() == ("社区", "某社区")


def messy_workbook() -> bytes:
    """A services sheet as offices make them: merged title, reporting line, two-row merged header, a hidden
    column, an empty column, real date cells and serial numbers, a unit merged down two rows, totals."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "便民服务"
    sheet.append(["2024年便民服务台账"])
    sheet.merge_cells("A1:I1")
    sheet.append(["填报单位：街道党工委", None, None, None, None, "填报日期：2024-12-31"])
    sheet.append(["序号", "服务日期", "所属支部", "服务类别", "服务内容", "服务情况", None, "地点", None])
    sheet.append([None, None, None, None, None, "服务人数", "参与党员", None, None])
    for column in "ABCDEH":
        sheet.merge_cells(f"{column}3:{column}4")
    sheet.merge_cells("F3:G3")
    sheet.append([1, dt.datetime(2024, 3, 5), "陇一社区", "科普讲座", "防诈骗讲座", 45, 3, "广场", None])
    sheet.append([2, 45357, None, "医疗义诊", "免费测血压", 30.0, 2, "卫生站", None])
    sheet.merge_cells("C5:C6")  # one unit for both rows
    sheet.append([None] * 9)
    sheet.append([3, dt.date(2024, 3, 7), "U03", "就业帮扶", "技能培训", "12人", 1, "村委会", None])
    sheet.append(["合计", None, None, None, None, 87, 6, None, None])
    sheet.append([None] * 9)
    sheet.column_dimensions["H"].hidden = True  # 地点 hidden: the clerk does not see it, neither do we
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_messy_xlsx_sheet_is_read_as_the_clerk_sees_it(units_roster: Store) -> None:
    data = messy_workbook()
    preview = preview_file(data, "台账.xlsx")
    assert (preview.ledger, preview.sheet, preview.header_row) == ("services", "便民服务", 3)
    assert [m.header for m in preview.mapping if m.field] == [
        "服务日期",
        "所属支部",
        "服务类别",
        "服务内容",
        "服务情况/服务人数",
        "服务情况/参与党员",
    ]
    assert "地点" not in [m.header for m in preview.mapping]
    assert preview.rows["所属支部"].tolist() == ["陇一社区", "陇一社区", "U03"]
    result = import_file(units_roster, data, "台账.xlsx")
    assert (result.rows_read, result.loaded, result.skipped, result.rejected) == (5, 3, 2, 0)
    assert services(units_roster) == [
        (dt.date(2024, 3, 5), "U01", "防诈骗讲座", 45, 5),
        (dt.date(2024, 3, 6), "U01", "免费测血压", 30, 6),
        (dt.date(2024, 3, 7), "U03", "技能培训", 12, 8),
    ]
    assert units_roster.cursor().execute("select count(location) from services").fetchone() == (0,)


def test_the_ledger_sheet_is_picked_from_a_workbook_with_several(units_roster: Store) -> None:
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "填表说明"
    notes.append(["请按月填写，日期格式为 2024-03-05"])
    summary = book.create_sheet("统计")
    summary.append(["支部", "次数"])
    summary.append(["陇一社区", 2])
    ledger = book.create_sheet("台账")
    ledger.append(HEADERS)
    for row in ROWS:
        ledger.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    result = import_file(units_roster, buffer.getvalue(), "工作簿.xlsx")
    assert (result.ledger, result.loaded) == ("services", 2)
    assert units_roster.cursor().execute("select sheet from imports where ledger = 'services'").fetchone() == ("台账",)


@pytest.mark.parametrize(
    ("rows", "read", "loaded", "skipped"),
    [
        pytest.param([ROWS[0], ["", "", "", "", ""], ROWS[1]], 3, 2, 1, id="blank-row-between"),
        pytest.param([ROWS[0], ["合计", "", "", "", "30"], ROWS[1]], 3, 2, 1, id="totals-first-cell"),
        pytest.param([*ROWS, ["", "小 计", "", "", "75"]], 3, 2, 1, id="subtotal-second-cell"),
        pytest.param([*ROWS, ["总计：", "", "", "", "75"]], 3, 2, 1, id="grand-total"),
        pytest.param([*ROWS, ["", "", "", "", ""], ["", "", "", "", ""]], 2, 2, 0, id="trailing-blanks-uncounted"),
        pytest.param([ROWS[0], ["  ", "　", "", "", ""], ROWS[1]], 3, 2, 1, id="whitespace-only-row"),
    ],
)
def test_totals_and_blank_rows_are_skipped_and_counted(
    units_roster: Store, rows: list[list[str]], read: int, loaded: int, skipped: int
) -> None:
    result = import_file(units_roster, csv_bytes([HEADERS, *rows]), "台账.csv")
    assert (result.rows_read, result.loaded, result.skipped, result.rejected) == (read, loaded, skipped, 0)


def test_empty_lines_and_quoted_newlines_keep_row_numbers_right(units_roster: Store) -> None:
    text = (
        "服务日期,所属支部,服务类别,服务内容,服务人数\r\n"
        '2024-03-05,U03,医疗义诊,"免费测血压\n（上午）",30\r\n'
        "\r\n"
        "2024-03-06,U03,医疗义诊,中医义诊,x\r\n"
    )
    result = import_file(units_roster, text.encode("utf-8"), "台账.csv")
    assert (result.loaded, result.skipped, result.rejected) == (1, 1, 1)
    assert result.rejects["source_row"].tolist() == [4]
    assert services(units_roster)[0][2:] == ("免费测血压\n（上午）", 30, 2)


def test_tab_separated_exports_are_read(units_roster: Store) -> None:
    data = "\r\n".join("\t".join(row) for row in [HEADERS, *ROWS]).encode("utf-8")
    assert import_file(units_roster, data, "台账.txt").loaded == 2


def test_ragged_rows_are_padded(units_roster: Store) -> None:
    data = csv_bytes([[*HEADERS, "备注"], ROWS[0], [*ROWS[1], "", "", ""]])
    result = import_file(units_roster, data, "台账.csv")
    assert (result.loaded, result.rejected) == (2, 0)


def test_headers_that_fit_no_ledger_are_refused_listing_what_was_found(store: Store) -> None:
    # 姓名 alone would map: it is the leaders list's name column.
    data = csv_bytes([["通讯录"], ["电话", "住址", "邮编"], ["138", "某小区", "450000"]])
    with pytest.raises(IngestError) as caught:
        import_file(store, data, "通讯录.csv")
    message = str(caught.value)
    assert message.startswith("文件「通讯录.csv」的表头不符合任何一种台账：没有一列能对应到台账的字段")
    assert "找到的表头：电话、住址、邮编" in message
    assert store.cursor().execute("select count(*) from imports").fetchone() == (0,)


def test_a_forced_ledger_reads_the_file_as_that_ledger(units_roster: Store) -> None:
    rows = [["日期", "党支部", "类别", "内容", "服务人数"], ["2024-03-05", "U01", "主题党日", "重温入党誓词", "20"]]
    assert preview_file(csv_bytes(rows), "a.csv").ledger == "services"
    result = import_file(units_roster, csv_bytes(rows), "b.csv", ledger="meetings")
    assert (result.ledger, result.loaded) == ("meetings", 1)
    assert units_roster.cursor().execute("select meeting_type, topic from meetings").fetchone() == (
        "主题党日",
        "重温入党誓词",
    )


def test_a_forced_ledger_missing_required_columns_is_refused_naming_them(units_roster: Store) -> None:
    with pytest.raises(IngestError) as caught:
        import_file(units_roster, csv_bytes([HEADERS, *ROWS]), "台账.csv", ledger="cases")
    assert str(caught.value) == (
        "文件「台账.csv」不能作为代办与实事台账导入：缺少必需的列 事项类别。"
        "找到的表头（第 1 行）：服务日期、所属支部、服务类别、服务内容、服务人数。"
    )


def test_preview_shows_the_first_twenty_rows_by_original_header() -> None:
    rows = [HEADERS] + [["2024-03-05", "U01", "义诊", f"第{i}次", str(i)] for i in range(1, 31)]
    preview = preview_file(csv_bytes(rows), "台账.csv")
    assert list(preview.rows.columns) == HEADERS
    assert len(preview.rows) == 20
    assert preview.rows["服务内容"].iloc[-1] == "第20次"
    assert (preview.encoding, preview.header_row, preview.sheet) == ("utf-8", 1, None)


@pytest.mark.parametrize(
    ("headers", "ledger"),
    [
        pytest.param(["支部编号", "支部名称", "组织类型", "党员人数", "支部书记"], "units", id="roster"),
        pytest.param(
            ["开展时间", "单位名称", "服务项目", "服务事项", "受益人数", "活动地点"], "services", id="services"
        ),
        pytest.param(["召开日期", "党组织", "会议形式", "议题", "应到人数", "实到人数"], "meetings", id="meetings"),
        pytest.param(
            ["受理日期", "所属支部", "事项性质", "业务类型", "诉求内容", "办结情况", "群众评价"], "cases", id="cases"
        ),
        pytest.param(
            ["发生日期", "支部", "矛盾类型", "基本情况", "是否化解", "是否引发上访"], "disputes", id="disputes"
        ),
    ],
)
def test_the_ledger_is_recognised_from_its_headers(headers: list[str], ledger: str) -> None:
    preview = preview_file(csv_bytes([headers, ["x"] * len(headers)]), "台账.csv")
    assert preview.ledger == ledger
    assert all(m.field is not None for m in preview.mapping)
