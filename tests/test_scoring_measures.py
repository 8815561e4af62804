"""Measures and their lineage rows agree, measures have the documented grain, and assessor files load safely."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_scoring_support import DATA, fixture_store

from kaohe.assessments import AssessmentError, load_assessments
from kaohe.periods import parse_period
from kaohe.queries import load_query
from kaohe.scheme import MEASURES, load_scheme, method_relations
from kaohe.scoring import bound_params
from kaohe.store import Store

PERIOD = parse_period("2025")
MEASURE_ARGS: list[tuple[str, dict[str, Any]]] = [
    ("service_count", {"category": None}),
    ("service_count", {"category": "科普讲座"}),
    ("people_served", {"category": None}),
    ("meeting_count", {"meeting_type": "主题党日"}),
    ("meeting_missing_periods", {"meeting_type": "支委会", "every_months": 1}),
    ("meeting_missing_periods", {"meeting_type": "支部党员大会", "every_months": 3}),
    ("meeting_attendance_rate", {"meeting_type": None}),
    ("case_count", {"kind": "实事"}),
    ("case_closure_rate", {"kind": None}),
    ("case_satisfaction_rate", {"kind": "代办"}),
    ("dispute_resolution_rate", {}),
    ("dispute_incidents", {"overdue_days": 30}),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with fixture_store(tmp_path_factory.mktemp("measures") / "m.duckdb") as opened:
        yield opened


def _run(store: Store, name: str, params: dict[str, Any]) -> Any:
    sql = load_query(name)
    return store.query(name, bound_params(sql, params))


def test_every_measure_is_exercised() -> None:
    assert {name for name, _ in MEASURE_ARGS} == set(MEASURES)


@pytest.mark.parametrize(("measure", "args"), MEASURE_ARGS, ids=[f"{m} {a}" for m, a in MEASURE_ARGS])
def test_measure_equals_the_sum_of_its_lineage_rows(store: Store, measure: str, args: dict[str, Any]) -> None:
    params = {**args, **PERIOD.params(), "period_end": PERIOD.end}
    values = _run(store, f"measures/{measure}", params)
    key = ["unit_id", "category"]
    assert not values.duplicated(key).any(), "one row per unit (and category)"
    kind = MEASURES[measure].kind
    for unit_id in ("A", "B", "C", "D", "E"):
        rows = _run(store, f"measures/rows/{measure}", {**params, "unit_id": unit_id})
        mine = values[values["unit_id"] == unit_id]
        if kind == "categories":
            counts = rows.groupby("category").size().to_dict()
            assert dict(zip(mine["category"], mine["value"], strict=True)) == counts
        elif kind == "rate":
            if len(rows) == 0:
                assert mine.empty
            else:
                assert mine["numerator"].item() == rows["numerator"].sum()
                assert mine["denominator"].item() == rows["denominator"].sum()
                assert mine["value"].item() == pytest.approx(rows["numerator"].sum() / rows["denominator"].sum())
        else:
            total = float(mine["value"].sum()) if len(mine) else 0.0
            assert total == rows["numerator"].sum()


def test_fixture_totals_reconcile_with_the_csv(store: Store) -> None:
    values = _run(store, "measures/service_count", {"category": None, **PERIOD.params()})
    # services.csv has 25 rows, two of them outside 2025.
    assert values["value"].sum() == 23


# -- assessor files -----------------------------------------------------------------------------------

SCHEME = load_scheme(DATA / "golden_scheme.toml")
QUAL_HEAD = "考核期,考核人,单位,指标,分数,等次,评语\n"
ADJ_HEAD = "考核期,单位,类型,类别,级别,分值,事由,佐证\n"

BAD_FILES = [
    (
        "unknown unit",
        QUAL_HEAD + "2025,评委1,不存在的支部,g_review,8,,\n",
        "第 2 行「单位」列：找不到单位「不存在的支部」",
    ),
    ("score above max", QUAL_HEAD + "2025,评委1,A,g_review,11,,\n", "第 2 行「分数」列：分数 11 应在 0 到 10 之间"),
    ("score not a number", QUAL_HEAD + "2025,评委1,A,g_review,很好,,\n", "第 2 行「分数」列：分数「很好」应为数字"),
    ("unknown level", QUAL_HEAD + "2025,评委1,A,g_integrity,,优,\n", "第 2 行「等次」列：等次「优」应为"),
    ("not a qualitative indicator", QUAL_HEAD + "2025,评委1,A,g_services,8,,\n", "第 2 行「指标」列"),
    ("bad period", QUAL_HEAD + "2025,评委1,A,g_review,8,,\n2025年,评委2,A,g_review,8,,\n", "第 3 行「考核期」列"),
    ("bad type", ADJ_HEAD + "2025,A,奖励,荣誉,区级,,事由,\n", "第 2 行「类型」列"),
    ("unknown category", ADJ_HEAD + "2025,A,加分,表彰,区级,,事由,\n", "第 2 行「类别」列：「表彰」不是"),
    ("unknown level of a category", ADJ_HEAD + "2025,A,加分,荣誉,国家级,,事由,\n", "第 2 行「级别」列"),
    ("reason missing", ADJ_HEAD + "2025,A,加分,推广,,,,\n", "第 2 行「事由」列：事由不能为空"),
    ("unrecognised headers", "甲,乙\n1,2\n", "既不像定性评分表"),
]


@pytest.mark.parametrize(("content", "message"), [c[1:] for c in BAD_FILES], ids=[c[0] for c in BAD_FILES])
def test_bad_assessor_file_is_refused_whole(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "input.csv"
    path.write_text(content, encoding="utf-8")
    with fixture_store(tmp_path / "a.duckdb") as store:
        with pytest.raises(AssessmentError) as caught:
            load_assessments(store, path, scheme=SCHEME)
        assert message in str(caught.value)
        assert "input.csv" in str(caught.value)
        # Nothing of the file was stored (the valid first row of the "bad period" case included).
        assert len(_qualitative_rows(store, "A", "g_review")) == 0
        adjustments = {"period": "2025", "unit_id": "A", "type": "bonus"}
        assert len(store.query("scoring/lineage_adjustments", adjustments)) == 0


def _qual_params(unit_id: str, indicator_id: str) -> dict[str, Any]:
    return {"period": "2025", "unit_id": unit_id, "indicator_id": indicator_id}


def _qualitative_rows(store: Store, unit_id: str, indicator_id: str) -> Any:
    levels = method_relations(SCHEME)["method_indicator_levels"]
    return store.query(
        "scoring/lineage_qualitative", _qual_params(unit_id, indicator_id), {"method_indicator_levels": levels}
    )


def test_the_same_file_is_loaded_once(tmp_path: Path) -> None:
    with fixture_store(tmp_path / "a.duckdb") as store:
        first = load_assessments(store, DATA / "adjustments.csv", scheme=SCHEME)
        again = load_assessments(store, DATA / "adjustments.csv", scheme=SCHEME)
        assert (first.rows_loaded, first.already_loaded) == (10, False)
        assert (again.rows_loaded, again.already_loaded) == (0, True)


def test_xlsx_assessor_file(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["考核期", "考核人", "单位", "指标", "分数"])
    sheet.append(["2025", "评委1", "甲社区党支部", "g_review", 7.5])
    book.save(tmp_path / "scores.xlsx")
    with fixture_store(tmp_path / "a.duckdb") as store:
        loaded = load_assessments(store, tmp_path / "scores.xlsx", scheme=SCHEME)
        assert (loaded.kind, loaded.rows_loaded) == ("qualitative", 1)
        rows = _qualitative_rows(store, "A", "g_review")
        assert rows[["assessor", "score", "source_row"]].values.tolist() == [["评委1", 7.5, 2]]
