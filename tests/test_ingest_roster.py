"""Rosters of names only: codes assigned by kind, kept on every later import (matched by name or alias), never
renumbered; a roster imported again changes nothing; an assessor can change a code, audited."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import csv_bytes

from kaohe.access import Role, Viewer
from kaohe.ingest import IngestError, import_file
from kaohe.ingest.roster import set_unit_code, unit_codes
from kaohe.store import Store

# The roster an office really had: names, kinds as the office writes them, no code column.
OFFICE_HEADERS = ["支部名称", "类型", "所属社区", "党员人数", "书记"]
OFFICE_ROWS = [
    ["陇海东路第一社区党支部", "社区党支部", "陇海东路第一社区", "142", "张某"],
    ["陇海村党支部", "村党支部", "陇海村", "88", "李某"],
    ["党政办党支部", "机关科室", "", "12", "王某"],
    ["新郑路社区党支部", "社区", "新郑路社区", "131", ""],
    ["郑州陇海物业服务有限公司党支部", "非公企业", "陇海东路第一社区", "16", ""],
]
FIRST_CODES = {
    "陇海东路第一社区党支部": "SQ01",
    "陇海村党支部": "CUN01",
    "党政办党支部": "JG01",
    "新郑路社区党支部": "SQ02",
    "郑州陇海物业服务有限公司党支部": "QY01",
}


def stored_units(store: Store) -> dict[str, str]:
    """name → unit_id of every stored unit."""
    return dict(store.cursor().execute("select name, unit_id from units").fetchall())


def snapshot(store: Store) -> list[tuple[Any, ...]]:
    """Every stored unit and alias, with where each unit row came from."""
    cur = store.cursor()
    units = cur.execute("select * from units order by unit_id").fetchall()
    aliases = cur.execute("select * from unit_aliases order by alias").fetchall()
    return [*units, *aliases]


@pytest.fixture
def office_roster(store: Store) -> Store:
    result = import_file(store, csv_bytes([OFFICE_HEADERS, *OFFICE_ROWS]), "党组织名册.csv")
    assert (result.ledger, result.loaded, result.rejected) == ("units", 5, 0)
    return store


@pytest.mark.parametrize(
    ("headers", "rows", "codes"),
    [
        pytest.param(OFFICE_HEADERS, OFFICE_ROWS, FIRST_CODES, id="names-only-numbered-by-kind-in-file-order"),
        pytest.param(
            ["编号", *OFFICE_HEADERS],
            [["", *OFFICE_ROWS[0]], ["JG07", *OFFICE_ROWS[2]], ["", *OFFICE_ROWS[3]]],
            {"陇海东路第一社区党支部": "SQ01", "党政办党支部": "JG07", "新郑路社区党支部": "SQ02"},
            id="blank-codes-filled-given-codes-kept",
        ),
        pytest.param(
            OFFICE_HEADERS,
            [OFFICE_ROWS[0], OFFICE_ROWS[0], OFFICE_ROWS[3]],
            {"陇海东路第一社区党支部": "SQ01", "新郑路社区党支部": "SQ02"},
            id="a-name-twice-gets-one-code",
        ),
    ],
)
def test_a_roster_without_codes_gets_readable_codes_by_kind(
    store: Store, headers: list[str], rows: list[list[str]], codes: dict[str, str]
) -> None:
    result = import_file(store, csv_bytes([headers, *rows]), "名册.csv")
    assert result.rejected == 0
    assert stored_units(store) == codes
    # The result lists the rows that came without a code, with the code each got.
    assert set(zip(result.codes["name"], result.codes["unit_id"], strict=True)) <= set(codes.items())
    assert len(result.codes) == sum(1 for row in rows if len(row) == len(OFFICE_HEADERS) or not row[0])
    assert result.codes["assigned"].all()


@pytest.mark.parametrize(
    ("headers", "rows", "expected", "loaded", "duplicate"),
    [
        pytest.param(OFFICE_HEADERS, OFFICE_ROWS, FIRST_CODES, 0, 5, id="same-roster-re-exported-changes-nothing"),
        pytest.param(
            OFFICE_HEADERS,
            [OFFICE_ROWS[3], ["北三街社区党支部", "社区", "北三街社区", "103", ""], OFFICE_ROWS[0]],
            {**FIRST_CODES, "北三街社区党支部": "SQ03"},
            1,
            2,
            id="new-unit-numbered-on-others-kept-in-any-order",
        ),
        pytest.param(
            [*OFFICE_HEADERS, "曾用名"],
            [["陇海东路一社区党支部", "社区", "陇海东路第一社区", "142", "张某", "陇海东路第一社区党支部"]],
            {**{k: v for k, v in FIRST_CODES.items() if k != "陇海东路第一社区党支部"}, "陇海东路一社区党支部": "SQ01"},
            1,
            0,
            id="renamed-unit-found-by-its-alias-keeps-its-code",
        ),
        pytest.param(
            OFFICE_HEADERS,
            [["陇海村党支部", "村", "陇海村", "90", "李某"]],
            FIRST_CODES,
            1,
            0,
            id="changed-figures-replace-the-unit-under-its-code",
        ),
    ],
)
def test_a_later_roster_never_renumbers(
    office_roster: Store,
    headers: list[str],
    rows: list[list[str]],
    expected: dict[str, str],
    loaded: int,
    duplicate: int,
) -> None:
    before = snapshot(office_roster)
    # A title row makes the bytes differ from the first file, so this is a real second import, not a repeat.
    result = import_file(office_roster, csv_bytes([["党组织名册（新）"], headers, *rows]), "名册（新）.csv")
    assert (result.loaded, result.duplicate, result.rejected) == (loaded, duplicate, 0)
    assert stored_units(office_roster) == expected
    if loaded == 0:
        assert snapshot(office_roster) == before  # not even source_file or import_id moved
    kept = result.codes[~result.codes["assigned"]]
    assert set(kept["unit_id"]) <= set(FIRST_CODES.values())


def test_a_roster_without_a_column_keeps_what_was_stored_in_it(office_roster: Store) -> None:
    # No 书记 column this time; 陇海村's members changed, so its row is replaced, and its secretary stays.
    rows = [["陇海村党支部", "村", "陇海村", "90"], ["党政办党支部", "机关", "", "12"]]
    result = import_file(office_roster, csv_bytes([OFFICE_HEADERS[:4], *rows]), "名册（无书记）.csv")
    assert (result.loaded, result.duplicate) == (1, 1)
    stored = office_roster.cursor().execute("select members, secretary, source_file from units where unit_id = 'CUN01'")
    assert stored.fetchone() == (90, "李某", "名册（无书记）.csv")


def test_a_renamed_unit_is_found_by_an_alias_stored_earlier(office_roster: Store) -> None:
    office_roster.cursor().execute("insert into unit_aliases values ('陇海物业党支部', 'QY01')")
    rows = [["陇海物业党支部", "企业", "陇海东路第一社区", "17", ""]]
    result = import_file(office_roster, csv_bytes([OFFICE_HEADERS, *rows]), "名册.csv")
    assert (result.loaded, result.rejected) == (1, 0)
    assert result.codes[["unit_id", "assigned"]].values.tolist() == [["QY01", False]]
    assert stored_units(office_roster)["陇海物业党支部"] == "QY01"


def test_a_second_name_pointing_at_a_stored_unit_gets_its_own_code_never_folds_into_it(office_roster: Store) -> None:
    rows = [
        ["新郑路社区党支部", "社区", "新郑路社区", "131", "", ""],
        ["新郑路社区第二党支部", "社区", "新郑路社区", "20", "", "新郑路社区党支部"],
    ]
    result = import_file(office_roster, csv_bytes([[*OFFICE_HEADERS, "别名"], *rows]), "名册.csv")
    assert (result.loaded, result.duplicate, result.rejected) == (1, 1, 0)
    assert result.codes[["name", "unit_id", "assigned"]].values.tolist() == [
        ["新郑路社区党支部", "SQ02", False],
        ["新郑路社区第二党支部", "SQ03", True],
    ]
    assert stored_units(office_roster)["新郑路社区党支部"] == "SQ02"


def test_ledgers_name_units_of_a_coded_roster(office_roster: Store) -> None:
    headers = ["服务日期", "所属支部", "服务类别"]
    rows = [["2025-03-05", "陇海村党支部", "医疗义诊"], ["2025-03-06", "QY01", "科普讲座"]]
    assert import_file(office_roster, csv_bytes([headers, *rows]), "服务.csv").loaded == 2
    units = office_roster.cursor().execute("select unit_id from services order by service_date").fetchall()
    assert units == [("CUN01",), ("QY01",)]


ASSESSOR = Viewer("kaozhe", Role.ASSESSOR)


def test_an_assessor_changes_a_code_everywhere_and_the_change_is_audited(office_roster: Store) -> None:
    headers = ["服务日期", "所属支部", "服务类别"]
    import_file(office_roster, csv_bytes([headers, ["2025-03-05", "陇海村党支部", "医疗义诊"]]), "服务.csv")
    office_roster.cursor().execute("insert into unit_aliases values ('陇海村', 'CUN01')")
    done = set_unit_code(office_roster, ASSESSOR, "CUN01", "cun-lh")
    assert done.render("zh") == "已把「陇海村党支部」的编号由 CUN01 改为 CUN-LH"
    assert done.render("en") == "陇海村党支部: code changed from CUN01 to CUN-LH"
    cur = office_roster.cursor()
    assert cur.execute("select unit_id from services").fetchall() == [("CUN-LH",)]
    assert cur.execute("select unit_id from unit_aliases where alias = '陇海村'").fetchall() == [("CUN-LH",)]
    assert "CUN-LH" in set(unit_codes(office_roster)["unit_id"])
    logged = cur.execute("select who, action, target, before, after from audit_log where action = 'unit.code'")
    assert logged.fetchall() == [
        ("kaozhe", "unit.code", "陇海村党支部", '{"unit_id": "CUN01"}', '{"unit_id": "CUN-LH"}')
    ]
    # The roster imported again keeps the edited code (found by name), never renumbers it back.
    again = import_file(
        office_roster, csv_bytes([["党组织名册"], OFFICE_HEADERS, *OFFICE_ROWS]), "名册（再次导出）.csv"
    )
    assert stored_units(office_roster)["陇海村党支部"] == "CUN-LH" and again.loaded == 0


@pytest.mark.parametrize(
    ("unit_id", "new_code", "setup", "message"),
    [
        pytest.param("SQ01", "SQ 01", None, "编号「SQ 01」不合规", id="space-in-code"),
        pytest.param("SQ01", "", None, "编号「」不合规", id="empty"),
        pytest.param("SQ01", "SQ02", None, "编号「SQ02」已被「新郑路社区党支部」使用", id="taken"),
        pytest.param("SQ09", "SQ10", None, "没有编号为「SQ09」的党组织", id="unknown-unit"),
        pytest.param("SQ01", "sq01", None, "的编号已经是 SQ01，未做改动", id="same"),
        pytest.param(
            "SQ01",
            "LHC",
            "insert into unit_aliases values ('LHC', 'CUN01')",
            "编号「LHC」与党组织「陇海村党支部」的名称或别名相同",
            id="an-alias-of-another-unit",
        ),
        pytest.param(
            "SQ01",
            "LH01",
            "insert into adjustments (period, unit_id, type, category, reason, entered_by) "
            "values ('2025', 'SQ01', 'bonus', '荣誉表彰', '市级先进', 'kaozhe')",
            "已用于考核评分、加扣分或已发布的结果，不能再修改",
            id="named-by-assessor-input",
        ),
    ],
)
def test_a_code_change_that_would_confuse_is_refused_and_changes_nothing(
    office_roster: Store, unit_id: str, new_code: str, setup: str | None, message: str
) -> None:
    if setup:
        office_roster.cursor().execute(setup)
    before = snapshot(office_roster)
    with pytest.raises(IngestError, match=message):
        set_unit_code(office_roster, ASSESSOR, unit_id, new_code)
    assert snapshot(office_roster) == before
    assert office_roster.cursor().execute("select count(*) from audit_log where action = 'unit.code'").fetchone() == (
        0,
    )


def test_only_a_role_that_imports_may_change_codes(office_roster: Store) -> None:
    from kaohe.access import AccessDenied

    with pytest.raises(AccessDenied):
        set_unit_code(office_roster, Viewer("fenxi", Role.ANALYST), "SQ01", "LH01")
