"""Every value format a clerk types into a ledger: accepted ones load as the right value, others are rejected
with a reason that names the column as it appears in the file and says what was expected."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from conftest import csv_bytes

from kaohe.ingest import import_file
from kaohe.store import Store

SERVICE_HEADERS = ["服务日期", "所属支部", "服务类别", "服务内容", "受益群众（人次）", "参与党员", "服务时长", "地点"]
GOOD_ROW = ["2024-03-05", "新郑路社区党支部", "科普讲座", "防诈骗讲座", "45", "3", "1.5", "党群服务中心"]


def import_one_service(store: Store, **cells: str) -> tuple[Any, dict[str, Any] | None]:
    """Import a services file with one row (GOOD_ROW with `cells` replaced by header); return result and row."""
    row = list(GOOD_ROW)
    for header, value in cells.items():
        row[SERVICE_HEADERS.index(header)] = value
    result = import_file(store, csv_bytes([SERVICE_HEADERS, row]), "服务.csv")
    frame = store.cursor().execute("select * from services").df()
    return result, (frame.iloc[0].to_dict() if len(frame) else None)


DATES = [
    pytest.param("2024-03-05", id="iso"),
    pytest.param("2024/3/5", id="slashes"),
    pytest.param("2024.3.5", id="dots"),
    pytest.param("2024年3月5日", id="chinese"),
    pytest.param("2024 年 3 月 5 日", id="chinese-spaced"),
    pytest.param("20240305", id="compact"),
    pytest.param("45356", id="excel-serial"),
    pytest.param("２０２４－０３－０５", id="full-width"),
    pytest.param("  2024-03-05 ", id="stray-spaces"),
    pytest.param("2024-03-05 09:30:00", id="with-time"),
]


@pytest.mark.parametrize("text", DATES)
def test_date_spellings_load_as_the_same_day(units_roster: Store, text: str) -> None:
    result, row = import_one_service(units_roster, 服务日期=text)
    assert (result.loaded, result.rejected) == (1, 0)
    assert row is not None and row["service_date"].date() == dt.date(2024, 3, 5)


BAD_DATES = [
    pytest.param("2024年13月5日", id="month-13"),
    pytest.param("2024-02-30", id="feb-30"),
    pytest.param("2023/2/29", id="not-a-leap-year"),
    pytest.param("明天", id="words"),
    pytest.param("1900-01-01", id="implausible-year"),
    pytest.param("12", id="small-number"),
]


@pytest.mark.parametrize("text", BAD_DATES)
def test_impossible_dates_are_rejected_with_the_column_and_the_expected_form(units_roster: Store, text: str) -> None:
    result, row = import_one_service(units_roster, 服务日期=text)
    assert (result.loaded, result.rejected, row) == (0, 1, None)
    assert result.rejects.iloc[0]["reason"] == f"「服务日期」列的“{text}”不是有效日期（应为 2024-03-05 这样的日期）"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("2025-03-05T25:00", id="hour-25"),
        pytest.param("2025-03-05 24:00", id="hour-24"),
        pytest.param("2025/3/5 10:60", id="minute-60"),
        pytest.param("2025年3月5日 10:00:61", id="second-61"),
    ],
)
def test_a_date_with_an_impossible_time_is_rejected_not_read_as_the_day(units_roster: Store, text: str) -> None:
    result, row = import_one_service(units_roster, 服务日期=text)
    assert (result.loaded, result.rejected, row) == (0, 1, None)
    assert result.rejects.iloc[0]["reason"] == (
        f"「服务日期」列的“{text}”中的时间无效（小时应为 0–23，分和秒应为 0–59）"
    )


@pytest.mark.parametrize("text", ["2025-03-05T23:59", "2025-03-05 00:00:59", "2025/3/5 9:05"])
def test_a_date_with_a_real_time_loads_as_the_day(units_roster: Store, text: str) -> None:
    result, row = import_one_service(units_roster, 服务日期=text)
    assert (result.loaded, result.rejected) == (1, 0)
    assert row is not None and row["service_date"].date() == dt.date(2025, 3, 5)


COUNTS = [
    pytest.param("45", 45, id="plain"),
    pytest.param("45人", 45, id="unit-suffix"),
    pytest.param("45 人次", 45, id="unit-suffix-spaced"),
    pytest.param("４５", 45, id="full-width"),
    pytest.param(" 45 ", 45, id="stray-spaces"),
    pytest.param("1,200", 1200, id="thousands-separator"),
    pytest.param("45.0", 45, id="excel-float"),
    pytest.param("0", 0, id="zero"),
]


@pytest.mark.parametrize(("text", "expected"), COUNTS)
def test_count_spellings_load_as_whole_numbers(units_roster: Store, text: str, expected: int) -> None:
    result, row = import_one_service(units_roster, **{"受益群众（人次）": text})
    assert (result.loaded, result.rejected) == (1, 0)
    assert row is not None and row["people_served"] == expected


BAD_COUNTS = [
    pytest.param("-3", "「受益群众（人次）」列的“-3”是负数（应为 0 或正整数）", id="negative"),
    pytest.param("很多", "「受益群众（人次）」列的“很多”不是有效的数（应为 0 或正整数，如 12）", id="words"),
    pytest.param("约12人", "「受益群众（人次）」列的“约12人”不是有效的数（应为 0 或正整数，如 12）", id="prefix"),
    pytest.param("12.5", "「受益群众（人次）」列的“12.5”不是整数（应为 0 或正整数，如 12）", id="fraction"),
]


@pytest.mark.parametrize(("text", "reason"), BAD_COUNTS)
def test_bad_counts_are_rejected(units_roster: Store, text: str, reason: str) -> None:
    result, row = import_one_service(units_roster, **{"受益群众（人次）": text})
    assert (result.loaded, result.rejected, row) == (0, 1, None)
    assert result.rejects.iloc[0]["reason"] == reason


HOURS = [
    pytest.param("1.5", 1.5, id="decimal"),
    pytest.param("2小时", 2.0, id="unit-suffix"),
    pytest.param("", None, id="optional-empty"),
]


@pytest.mark.parametrize(("text", "expected"), HOURS)
def test_hours_accept_decimals_and_may_be_empty(units_roster: Store, text: str, expected: float | None) -> None:
    result, row = import_one_service(units_roster, 服务时长=text)
    assert (result.loaded, result.rejected) == (1, 0)
    assert row is not None
    assert (row["hours"] if expected is not None else None) == expected
    if expected is None:
        assert row["hours"] != row["hours"]  # NaN: stored as NULL


UNITS = [
    pytest.param("新郑路社区党支部", "U02", id="exact-name"),
    pytest.param("  新郑路社区党支部　", "U02", id="trimmed-name"),
    pytest.param("陇一社区", "U01", id="alias"),
    pytest.param("党政综合办", "U04", id="alias-after-semicolon"),
    pytest.param("U03", "U03", id="unit-id"),
]


@pytest.mark.parametrize(("text", "unit_id"), UNITS)
def test_units_match_by_name_alias_or_id(units_roster: Store, text: str, unit_id: str) -> None:
    result, row = import_one_service(units_roster, 所属支部=text)
    assert (result.loaded, result.rejected) == (1, 0)
    assert row is not None and row["unit_id"] == unit_id


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("新郑路社区", id="near-miss-not-fuzzy"),
        pytest.param("新郑路社区党支部。", id="extra-punctuation"),
        pytest.param("不存在的支部", id="unknown"),
    ],
)
def test_unknown_units_are_rejected_never_guessed(units_roster: Store, text: str) -> None:
    result, row = import_one_service(units_roster, 所属支部=text)
    assert (result.loaded, result.rejected, row) == (0, 1, None)
    assert result.rejects.iloc[0]["reason"] == (
        f"「所属支部」列的“{text}”不在党组织名册中（请先导入党组织名册，或在名册的别名列登记该名称）"
    )


def test_units_cannot_be_matched_before_a_roster_is_imported(store: Store) -> None:
    result, _ = import_one_service(store)
    assert (result.loaded, result.rejected) == (0, 1)
    assert "请先导入党组织名册" in result.rejects.iloc[0]["reason"]


@pytest.mark.parametrize(
    ("header", "column"),
    [
        pytest.param("受益群众（人次）", "people_served", id="people-served"),
        pytest.param("服务内容", "title", id="title"),
        pytest.param("地点", "location", id="location"),
    ],
)
def test_an_empty_optional_cell_loads_as_null(units_roster: Store, header: str, column: str) -> None:
    result, row = import_one_service(units_roster, **{header: ""})
    assert (result.loaded, result.rejected) == (1, 0)
    stored = units_roster.cursor().execute(f"select {column} is null from services").fetchone()
    assert row is not None and stored == (True,)


def test_every_problem_of_a_row_is_listed_in_column_order(units_roster: Store) -> None:
    result, _ = import_one_service(
        units_roster, 服务日期="2024年13月5日", 所属支部="无名支部", 服务类别="", 参与党员="-1"
    )
    assert result.rejected == 1
    assert result.rejects.iloc[0]["reason"].split("；") == [
        "「服务日期」列的“2024年13月5日”不是有效日期（应为 2024-03-05 这样的日期）",
        "「所属支部」列的“无名支部”不在党组织名册中（请先导入党组织名册，或在名册的别名列登记该名称）",
        "「服务类别」列为空（此列必须填写）",
        "「参与党员」列的“-1”是负数（应为 0 或正整数）",
    ]


CASE_HEADERS = ["受理日期", "办结日期", "所属支部", "事项类别", "事项类型", "办理事项", "办理状态", "满意度"]
CASE_ROW = ["2024-05-06", "2024-05-20", "U01", "网格代办", "低保申请", "为张某代办低保", "已办结", "满意"]

CHOICES = [
    pytest.param("事项类别", "网格代办", "kind", "代办", None, id="kind-alias"),
    pytest.param("事项类别", "实事", "kind", "实事", None, id="kind-value"),
    pytest.param("办理状态", "完成", "status", "已办结", None, id="status-alias"),
    pytest.param("办理状态", "已 办结", "status", "已办结", None, id="status-with-space"),
    pytest.param("满意度", "一般", "satisfaction", "基本满意", None, id="satisfaction-alias"),
    pytest.param("满意度", "", "satisfaction", None, None, id="satisfaction-optional"),
    pytest.param(
        "事项类别",
        "其他",
        "kind",
        None,
        "「事项类别」列的“其他”不是可选的值（应为 代办、实事 之一）",
        id="kind-unknown",
    ),
    pytest.param(
        "满意度",
        "很好",
        "satisfaction",
        None,
        "「满意度」列的“很好”不是可选的值（应为 满意、基本满意、不满意 之一）",
        id="satisfaction-unknown",
    ),
]


@pytest.mark.parametrize(("header", "text", "column", "stored", "reason"), CHOICES)
def test_choice_fields_accept_their_values_and_aliases_only(
    units_roster: Store, header: str, text: str, column: str, stored: str | None, reason: str | None
) -> None:
    row = list(CASE_ROW)
    row[CASE_HEADERS.index(header)] = text
    result = import_file(units_roster, csv_bytes([CASE_HEADERS, row]), "诉求.csv")
    assert result.ledger == "cases"
    frame = units_roster.cursor().execute("select * from cases").df()
    if reason is None:
        assert (result.loaded, result.rejected) == (1, 0)
        value = frame.iloc[0][column]
        assert (None if value is None or value != value else value) == stored
    else:
        assert (result.loaded, result.rejected, len(frame)) == (0, 1, 0)
        assert result.rejects.iloc[0]["reason"] == reason


DISPUTE_HEADERS = ["登记日期", "所属支部", "纠纷类型", "简要情况", "是否化解", "是否上访"]


@pytest.mark.parametrize(
    ("resolved", "escalated", "expected"),
    [
        pytest.param("是", "否", (True, False), id="yes-no"),
        pytest.param("已化解", "无", (True, False), id="resolved-words"),
        pytest.param("调解中", "越级上访", (False, True), id="pending-escalated"),
    ],
)
def test_yes_no_fields_accept_their_spellings(
    units_roster: Store, resolved: str, escalated: str, expected: tuple[bool, bool]
) -> None:
    rows = [DISPUTE_HEADERS, ["2024-06-01", "U03", "邻里纠纷", "噪音扰民", resolved, escalated]]
    result = import_file(units_roster, csv_bytes(rows), "纠纷.csv")
    assert (result.ledger, result.loaded) == ("disputes", 1)
    stored = units_roster.cursor().execute("select resolved, escalated from disputes").fetchone()
    assert stored == expected


def test_an_unknown_yes_no_spelling_says_what_is_accepted(units_roster: Store) -> None:
    rows = [DISPUTE_HEADERS, ["2024-06-01", "U03", "邻里纠纷", "噪音扰民", "也许", "否"]]
    result = import_file(units_roster, csv_bytes(rows), "纠纷.csv")
    assert result.rejected == 1
    reason = result.rejects.iloc[0]["reason"]
    assert reason.startswith("「是否化解」列的“也许”无法识别（应为 是、已化解")
    assert "（表示否）" in reason
