"""Files offices really have: only the columns a ledger cannot do without, the closest ledger named when headers
fit none, columns mapped for one file (library and `--map`) or saved as spellings for the next."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import openpyxl
import pytest
from conftest import csv_bytes

from kaohe.access import Role, Viewer
from kaohe.cli import EXIT_INPUT, EXIT_OK, EXIT_USAGE, main
from kaohe.ingest import (
    IGNORE,
    HeaderMismatch,
    IngestError,
    import_file,
    preview_file,
    remove_spelling,
    save_spellings,
    saved_spellings,
)
from kaohe.ingest.ledgers import load_ledgers
from kaohe.labels import LABELS
from kaohe.measures import MEASURES
from kaohe.scheme import SCHEMES_DIR, load_scheme
from kaohe.store import Store

ASSESSOR = Viewer("kaozhe", Role.ASSESSOR)


# -- a meetings register from another office ------------------------------------------------------------------


def meetings_register(with_attendance: bool = True) -> bytes:
    """A 三会一课 register as another office keeps it: a notes sheet first, then a two-row merged title over
    序号/日期/支部名称/会议类型/应到人数/实到人数, no topic column, real date cells."""
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "填表说明"
    notes.append(["1. 每次会议填写一行；2. 会议类型填写：支部党员大会、支委会、党小组会、党课、主题党日"])
    notes.append(["3. 应到人数为支部党员总数"])
    sheet = book.create_sheet("三会一课登记")
    headers = ["序号", "日期", "支部名称", "会议类型", "应到人数", "实到人数"]
    width = len(headers) if with_attendance else 4
    sheet.append(["2025年第一季度“三会一课”开展情况登记表"])
    sheet.append([])
    sheet.merge_cells(start_row=1, start_column=1, end_row=2, end_column=width)
    sheet.append(headers[:width])
    rows = [
        [1, dt.datetime(2025, 1, 6), "陇海东路第一社区党支部", "支委会", 9, 8],
        [2, dt.datetime(2025, 1, 15), "陇海东路第一社区党支部", "党员大会", 45, 41],
        [3, dt.datetime(2025, 2, 8), "新郑路社区党支部", "主题党日活动", 38, 35],
        [4, dt.datetime(2025, 3, 3), "陇海村", "党课", 52, 50],
    ]
    for row in rows:
        sheet.append(row[:width])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def indicators_using(measure: str, year: int = 2025) -> list[str]:
    """The names of the shipped scheme's indicators scored by `measure`."""
    scheme = load_scheme(SCHEMES_DIR / f"{year}.toml")
    return [ind.name for ind in scheme.indicators if ind.measure == measure]


def test_a_meetings_register_without_topic_under_a_merged_title_imports(units_roster: Store) -> None:
    result = import_file(units_roster, meetings_register(), "三会一课登记表.xlsx")
    assert (result.ledger, result.loaded, result.rejected, result.warnings) == ("meetings", 4, 0, ())
    rows = units_roster.cursor().execute(
        "select meeting_date, unit_id, meeting_type, members_total, attendees, topic, source_row "
        "from meetings order by source_row"
    )
    assert rows.fetchall() == [
        (dt.date(2025, 1, 6), "U01", "支委会", 9, 8, None, 4),
        (dt.date(2025, 1, 15), "U01", "支部党员大会", 45, 41, None, 5),
        (dt.date(2025, 2, 8), "U02", "主题党日", 38, 35, None, 6),
        (dt.date(2025, 3, 3), "U03", "党课", 52, 50, None, 7),
    ]
    stored = units_roster.cursor().execute("select sheet, header_row from imports where ledger = 'meetings'")
    assert stored.fetchone() == ("三会一课登记", 3)


@pytest.mark.parametrize(
    ("data", "file_name", "measure", "columns"),
    [
        pytest.param(
            lambda: csv_bytes(
                [["服务日期", "所属支部", "服务类别", "服务内容"], ["2025-03-05", "U01", "义诊", "测血压"]]
            ),
            "服务.csv",
            "people_served",
            "「服务人数」",
            id="services-without-people-served",
        ),
        pytest.param(
            lambda: meetings_register(with_attendance=False),
            "三会一课.xlsx",
            "meeting_attendance_rate",
            "「实到人数」、「应到人数」",
            id="meetings-without-attendance",
        ),
        pytest.param(
            lambda: csv_bytes(
                [["受理日期", "所属支部", "类别", "办理事项"], ["2025-05-06", "U02", "代办", "低保申请"]]
            ),
            "代办.csv",
            "case_closure_rate",
            "「办理状态」",
            id="cases-without-status",
        ),
    ],
)
def test_a_file_without_a_column_an_indicator_needs_loads_and_names_the_indicators(
    units_roster: Store, data: object, file_name: str, measure: str, columns: str
) -> None:
    result = import_file(units_roster, data(), file_name)  # type: ignore[operator]
    assert result.loaded >= 1 and result.rejected == 0
    texts = [w.render("zh") for w in result.warnings]
    scheme = load_scheme(SCHEMES_DIR / "2025.toml")
    named = [t for t in texts if t.startswith(f"文件中没有{columns}列：{scheme.name}的指标")]
    assert len(named) == 1, texts
    for indicator in indicators_using(measure):
        assert f"「{indicator}」" in named[0]
    assert all("的指标" in t for t in texts)


def test_no_warning_for_years_without_a_scheme(units_roster: Store) -> None:
    data = csv_bytes([["服务日期", "所属支部", "服务类别"], ["2031-03-05", "U01", "义诊"]])
    result = import_file(units_roster, data, "服务.csv")
    assert (result.loaded, result.warnings) == (1, ())


def test_every_measure_reads_columns_its_ledger_has() -> None:
    ledgers = load_ledgers()
    for measure in MEASURES.values():
        fields = {f.name for f in ledgers[measure.ledger].fields}
        assert set(measure.columns) <= fields, measure.name


def test_every_field_of_every_ledger_has_a_name_in_both_languages() -> None:
    """The mapping step lists each field by name: a field added to ledgers.toml needs its label too."""
    for ledger in load_ledgers().values():
        for field in ledger.fields:
            zh, en = LABELS[f"field.{field.name}"]
            assert zh and en and zh != en, field.name


# -- headers that fit no ledger --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "ledger", "missing"),
    [
        pytest.param(["日期", "支部名称", "服务内容", "人次"], "便民服务台账", "服务类别", id="services-no-category"),
        pytest.param(
            ["召开日期", "党组织", "议题", "应到人数", "实到人数"], "组织生活台账", "会议类型", id="meetings-no-type"
        ),
        pytest.param(
            ["受理日期", "所属支部", "事项类型", "办理事项", "办理状态"],
            "代办与实事台账",
            "事项类别",
            id="cases-no-kind",
        ),
        pytest.param(
            ["登记日期", "支部", "简要情况", "是否化解", "是否上访"],
            "矛盾纠纷与信访台账",
            "纠纷类型",
            id="disputes-no-type",
        ),
        pytest.param(["支部名称", "党员人数", "书记"], "党组织名册", "类型", id="roster-no-kind"),
        pytest.param(["序号", "支部名称", "类型", "书记"], "党组织名册", "党员数", id="roster-no-members"),
    ],
)
def test_a_file_that_fits_nothing_names_the_closest_ledger_and_its_missing_columns(
    store: Store, headers: list[str], ledger: str, missing: str
) -> None:
    data = csv_bytes([["2025年工作台账（第一季度）"], headers, ["x"] * len(headers)])
    with pytest.raises(HeaderMismatch) as caught:
        import_file(store, data, "台账.csv")
    assert str(caught.value).startswith(
        f"文件「台账.csv」的表头不符合任何一种台账。最接近的是{ledger}（第 2 行表头），缺少必需的列 {missing}。"
        f"找到的表头：{'、'.join(headers)}。"
    )
    assert "2025年工作台账" not in str(caught.value)  # the title row is not taken for the headers
    assert store.cursor().execute("select count(*) from imports").fetchone() == (0,)


def test_the_refusal_reads_in_english_when_switched() -> None:
    data = csv_bytes([["日期", "支部名称", "服务内容", "人次"], ["2025-03-05", "U01", "测血压", "3"]])
    with pytest.raises(HeaderMismatch) as caught:
        preview_file(data, "a.csv")
    assert caught.value.render("en").startswith(
        "The headers of the file “a.csv” fit no ledger. The closest is Services (headers in row 1), which lacks "
        "the required columns Category."
    )
    closest = caught.value.closest
    assert closest is not None and (closest.ledger, closest.missing) == ("services", ("category",))  # type: ignore[attr-defined]


# -- mapping columns for one file ------------------------------------------------------------------------

ODD_HEADERS = ["日子", "组织", "项目类型", "活动", "来了多少人", "备注"]
ODD_ROWS = [
    ["2025-03-05", "U01", "医疗义诊", "测血压", "12", "无"],
    ["2025-03-06", "陇海村", "科普讲座", "防诈骗", "30", ""],
]
ODD_MAP = {
    "日子": "service_date",
    "组织": "unit_id",
    "项目类型": "category",
    "活动": "title",
    "来了多少人": "people_served",
}


def test_headers_no_table_knows_are_read_with_a_mapping(units_roster: Store) -> None:
    data = csv_bytes([ODD_HEADERS, *ODD_ROWS])
    with pytest.raises(HeaderMismatch, match="没有一列能对应到台账的字段"):
        import_file(units_roster, data, "活动.csv")
    preview = preview_file(data, "活动.csv", mapping=ODD_MAP)
    assert [(m.header, m.field) for m in preview.mapping] == [*ODD_MAP.items(), ("备注", None)]
    result = import_file(units_roster, data, "活动.csv", mapping=ODD_MAP)
    assert (result.ledger, result.loaded, result.rejected) == ("services", 2, 0)
    rows = units_roster.cursor().execute("select unit_id, category, title, people_served from services order by 1")
    assert rows.fetchall() == [("U01", "医疗义诊", "测血压", 12), ("U03", "科普讲座", "防诈骗", 30)]
    audited = units_roster.cursor().execute("select after from audit_log where action = 'import' order by audit_id")
    assert json.loads(audited.fetchall()[-1][0])["mapping"] == ODD_MAP


def test_a_mapping_wins_over_the_shipped_table_and_can_leave_a_column_out(units_roster: Store) -> None:
    headers = ["服务日期", "所属支部", "服务类别", "服务内容", "实际内容"]
    data = csv_bytes([headers, ["2025-03-05", "U01", "义诊", "（见备注）", "为老人测血压"]])
    result = import_file(units_roster, data, "a.csv", mapping={"实际内容": "title", "服务内容": IGNORE})
    assert result.loaded == 1
    assert units_roster.cursor().execute("select title from services").fetchone() == ("为老人测血压",)


@pytest.mark.parametrize(
    ("ledger", "mapping", "message"),
    [
        pytest.param(
            None,
            {"日子": "service_date", "组织": "service_date"},
            "「日子」和「组织」都对应到字段「service_date」",
            id="two-columns-one-field",
        ),
        pytest.param(
            None, {**ODD_MAP, "没有这列": "location"}, "列对应中的列「没有这列」不在文件「活动.csv」的表头中", id="typo"
        ),
        pytest.param(None, {"活动": "titel"}, "列对应中的字段「titel」不是任何台账的字段", id="unknown-field"),
        pytest.param(
            "meetings", {"活动": "category"}, "列对应中的字段「category」不是组织生活台账的字段", id="wrong-ledger"
        ),
    ],
)
def test_a_wrong_mapping_is_refused_saying_what_is_wrong(
    units_roster: Store, ledger: str | None, mapping: dict[str, str], message: str
) -> None:
    with pytest.raises(IngestError, match=message):
        import_file(units_roster, csv_bytes([ODD_HEADERS, *ODD_ROWS]), "活动.csv", ledger=ledger, mapping=mapping)
    assert units_roster.cursor().execute("select count(*) from services").fetchone() == (0,)


def test_kaohe_import_takes_a_map(units_roster: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "活动.csv"
    path.write_bytes(csv_bytes([ODD_HEADERS, *ODD_ROWS]))
    db = str(units_roster.path)
    units_roster.close()
    option = ",".join(f"{h}={f}" for h, f in ODD_MAP.items()) + ",备注=ignore"
    assert main(["import", str(path), "--db", db, "--map", option, "--json"]) == EXIT_OK
    (imported,) = json.loads(capsys.readouterr().out)["files"]
    assert (imported["ledger"], imported["loaded"], imported["rejected"]) == ("services", 2, 0)


@pytest.mark.parametrize(
    ("option", "status", "message"),
    [
        pytest.param("日子", EXIT_USAGE, "--map 的写法应为", id="no-equals"),
        pytest.param("日子=service_date,组织=unit", EXIT_INPUT, "字段「unit」不是任何台账的字段", id="unknown-field"),
    ],
)
def test_kaohe_import_refuses_a_wrong_map(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str, status: int, message: str
) -> None:
    path = tmp_path / "活动.csv"
    path.write_bytes(csv_bytes([ODD_HEADERS, *ODD_ROWS]))
    assert main(["import", str(path), "--db", str(tmp_path / "k.duckdb"), "--map", option]) == status
    assert message in capsys.readouterr().err


# -- saved spellings -------------------------------------------------------------------------------------


def test_saved_spellings_read_the_next_file_and_removing_one_restores_the_refusal(units_roster: Store) -> None:
    assert save_spellings(units_roster, ASSESSOR, "services", {**ODD_MAP, "备注": IGNORE}) == 5
    saved = {(s.header, s.field) for s in saved_spellings(units_roster)}
    assert saved == set(ODD_MAP.items())  # 备注 is ignored by the shipped table already: nothing to save
    later = csv_bytes([ODD_HEADERS, ["2025-04-01", "U02", "就业帮扶", "招聘会", "80", ""]])
    result = import_file(units_roster, later, "四月活动.csv")
    assert (result.ledger, result.loaded) == ("services", 1)
    logged = units_roster.cursor().execute("select who, action, target from audit_log where action like 'header%'")
    assert ("kaozhe", "header_alias.save", "services:来了多少人") in logged.fetchall()

    remove_spelling(units_roster, ASSESSOR, "services", "组织")
    with pytest.raises(HeaderMismatch, match="缺少必需的列 所属支部"):
        import_file(units_roster, csv_bytes([ODD_HEADERS, ["2025-05-01", "U02", "义诊", "x", "1", ""]]), "五月.csv")
    assert ("组织", "unit_id") not in {(s.header, s.field) for s in saved_spellings(units_roster)}
    removed = units_roster.cursor().execute("select before from audit_log where action = 'header_alias.remove'")
    assert json.loads(removed.fetchone()[0]) == {"header": "组织", "field": "unit_id"}


def test_a_saved_spelling_wins_over_the_shipped_table(units_roster: Store) -> None:
    # This office writes 类别 for what it did (title) and 项目 for the category.
    save_spellings(units_roster, ASSESSOR, "services", {"类别": "title", "项目": "category"})
    data = csv_bytes([["日期", "支部", "项目", "类别"], ["2025-03-05", "U01", "义诊", "测血压"]])
    assert import_file(units_roster, data, "a.csv").loaded == 1
    assert units_roster.cursor().execute("select category, title from services").fetchone() == ("义诊", "测血压")


def test_spellings_are_saved_only_by_a_role_that_imports(units_roster: Store) -> None:
    from kaohe.access import AccessDenied

    with pytest.raises(AccessDenied):
        save_spellings(units_roster, Viewer("fenxi", Role.ANALYST), "services", ODD_MAP)
    assert saved_spellings(units_roster) == ()
