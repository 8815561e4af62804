"""The ledger definitions in ledgers.toml: header normalisation, alias families, and a file that is wrong."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest

from kaohe.ingest import LEDGERS
from kaohe.ingest.ledgers import LEDGERS_FILE, load_ledgers, normalise_header, parse_ledgers
from kaohe.store import Store


@pytest.mark.parametrize(
    ("header", "normalised"),
    [
        pytest.param("受益群众（人次）", "受益群众", id="full-width-brackets"),
        pytest.param("服务时长(小时)", "服务时长", id="ascii-brackets"),
        pytest.param("参与党员【人】", "参与党员", id="lenticular-brackets"),
        pytest.param(" 服务\n日期 ", "服务日期", id="spaces-and-newlines"),
        pytest.param("服务　日期", "服务日期", id="ideographic-space"),
        pytest.param("ｓｅｒｖｉｃｅ＿ｄａｔｅ", "service_date", id="full-width-latin"),
    ],
)
def test_headers_are_normalised_before_matching(header: str, normalised: str) -> None:
    assert normalise_header(header) == normalised


@pytest.mark.parametrize(
    ("ledger", "header", "field"),
    [
        pytest.param("services", "支部名称", "unit_id", id="unit-family"),
        pytest.param("services", "所属党组织", "unit_id", id="unit-family-2"),
        pytest.param("services", "开展时间", "service_date", id="date-family"),
        pytest.param("services", "受益群众（人次）", "people_served", id="bracketed-unit"),
        pytest.param("services", "服务情况/参与党员", "members_involved", id="flattened-two-row"),
        pytest.param("services", "备注", None, id="unmapped"),
        pytest.param("cases", "受理日期", "received_date", id="cases-date"),
        pytest.param("cases", "办结日期", "closed_date", id="cases-closed"),
        pytest.param("meetings", "会议类型", "meeting_type", id="meetings-type"),
        pytest.param("units", "党支部", "name", id="roster-name"),
    ],
)
def test_headers_map_to_fields(ledger: str, header: str, field: str | None) -> None:
    assert load_ledgers()[ledger].match(header) == field


def test_ledgers_are_listed_in_import_order_roster_first() -> None:
    assert LEDGERS == ["units", "leaders", "services", "meetings", "cases", "disputes"]


def test_every_field_except_the_roster_aliases_is_a_column_of_its_table(store: Store) -> None:
    cur = store.cursor()
    for ledger in load_ledgers().values():
        columns = {r[0] for r in cur.execute(f"select column_name from (describe {ledger.table})").fetchall()}
        fields = {f.name for f in ledger.fields} - {"aliases"}
        assert fields <= columns, ledger.name
        assert {"source_file", "source_row", "import_id"} <= columns


def _definitions() -> dict[str, Any]:
    with LEDGERS_FILE.open("rb") as fh:
        return tomllib.load(fh)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param(
            lambda d: d["ledgers"]["services"]["fields"][2]["aliases"].append("地点"),
            "the header '地点' maps to both",
            id="alias-on-two-fields",
        ),
        pytest.param(
            lambda d: d["ledgers"]["services"]["fields"][0].update(type="datetime"),
            "has type 'datetime'",
            id="unknown-type",
        ),
        pytest.param(
            lambda d: d["ledgers"]["services"]["fields"][0].update(families=["when"]),
            "unknown family 'when'",
            id="unknown-family",
        ),
        pytest.param(
            lambda d: d["ledgers"]["cases"]["fields"][3]["value_aliases"].update(代跑="跑腿"),
            "maps '代跑' to unknown '跑腿'",
            id="value-alias-to-nothing",
        ),
        pytest.param(
            lambda d: d["ledgers"]["units"]["fields"][2]["code_prefixes"].pop("学校"),
            "code_prefixes must give a prefix for each of",
            id="kind-without-code-prefix",
        ),
    ],
)
def test_a_wrong_definition_is_refused_naming_the_entry(change: Any, message: str) -> None:
    definitions = _definitions()
    change(definitions)
    with pytest.raises(ValueError, match=message):
        parse_ledgers(definitions)
