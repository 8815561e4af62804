"""Measures and their lineage rows agree, measures have the documented grain, and assessor files load safely."""

from __future__ import annotations

import json
import pickle
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from test_scoring_support import DATA, fixture_store

from kaohe.assessments import AssessmentError, load_assessments
from kaohe.measures import MEASURES
from kaohe.periods import parse_period
from kaohe.scheme import load_scheme, method_relations, parse_scheme
from kaohe.scoring import ScoreResult, lineage, score_period
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


# The rule each kind of measure is scored under here: any rule that takes the kind will do.
RULE_FOR_KIND: dict[str, dict[str, Any]] = {
    "count": {"rule": "ratio", "target": 1},
    "rate": {"rule": "ratio", "target": 1},
    "items": {"rule": "deduct_per_item", "per_item": 1},
    "categories": {"rule": "per_incident", "severity": {"越级上访": 1, "未化解": 1, "逾期化解": 1}},
}


def scored_measure(store: Store, measure: str, args: dict[str, Any]) -> ScoreResult:
    """The fixture's 2025 scored under a scheme whose one indicator is `measure` with `args`."""
    indicator = {"id": "x", "name": "度量", "dimension": "维度", "measure": measure, "max": 100,
                 **({"args": args} if args else {}), **RULE_FOR_KIND[MEASURES[measure].kind]}  # fmt: skip
    head = {"id": "m", "version": 1, "name": "度量测试", "period": "2025", "total": 100, "dimensions": ["维度"]}
    return score_period(store, PERIOD, parse_scheme({"scheme": head, "indicators": [indicator]}, "measure-test"))


def test_every_measure_is_exercised() -> None:
    assert {name for name, _ in MEASURE_ARGS} == set(MEASURES)


@pytest.mark.parametrize(("measure", "args"), MEASURE_ARGS, ids=[f"{m} {a}" for m, a in MEASURE_ARGS])
def test_measure_equals_the_sum_of_its_lineage_rows(store: Store, measure: str, args: dict[str, Any]) -> None:
    """One grouped scan gives each unit's value; the lineage query lists the rows: they must agree."""
    result = scored_measure(store, measure, args)
    kind = MEASURES[measure].kind
    assert not result.lines.duplicated(["unit_id", "indicator_id"]).any(), "one line per unit"
    for unit_id in ("A", "B", "C", "D", "E"):
        line = result.unit_lines(unit_id).iloc[0]
        rows = lineage(store, result, unit_id, "x")
        if kind == "categories":
            shown = json.loads(line["incidents"]) if isinstance(line["incidents"], str) else {}
            assert shown == rows.groupby("category").size().to_dict()
        elif kind == "rate":
            if len(rows) == 0:
                assert pd.isna(line["actual"])
            else:
                assert line["numerator"] == rows["numerator"].sum()
                assert line["denominator"] == rows["denominator"].sum()
                assert line["actual"] == pytest.approx(rows["numerator"].sum() / rows["denominator"].sum())
        elif kind == "items":
            assert line["actual"] == len(rows) == rows["numerator"].sum()
        else:
            assert line["actual"] == rows["numerator"].sum()


def test_fixture_totals_reconcile_with_the_csv(store: Store) -> None:
    # services.csv has 25 rows, two of them outside 2025.
    assert scored_measure(store, "service_count", {"category": None}).lines["actual"].sum() == 23


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


CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


@pytest.mark.parametrize("content", [c[1] for c in BAD_FILES], ids=[c[0] for c in BAD_FILES])
def test_an_assessor_file_refused_reads_in_english_with_only_its_values_in_chinese(
    tmp_path: Path, content: str
) -> None:
    path = tmp_path / "input.csv"
    path.write_text(content, encoding="utf-8")
    with fixture_store(tmp_path / "a.duckdb") as store, pytest.raises(AssessmentError) as caught:
        load_assessments(store, path, scheme=SCHEME)
    english = caught.value.text("en")
    assert english.startswith("input.csv: 1 problem(s); nothing of the file was loaded:")
    # What is left once the quoted values and the scheme's own names (data the office wrote) are taken out.
    names = [value for line in content.split() for value in line.split(",")]
    names += [c.category for c in SCHEME.adjustment_categories]
    names += [lv for c in SCHEME.adjustment_categories for lv in dict(c.levels)]
    names += [lv for i in SCHEME.indicators for lv in dict(i.levels)]
    words = re.sub(r"“[^”]*”", "", english)
    for name in sorted(names, key=len, reverse=True):
        words = words.replace(name, "")
    assert not CJK.search(words), english
    # The same refusal, pickled as a cached page result is, keeps its problems and its language-free form.
    again = pickle.loads(pickle.dumps(caught.value))
    assert again.text("en") == english and again.text("zh") == caught.value.text("zh")


def test_a_file_wrong_throughout_lists_the_first_fifty_problems(tmp_path: Path) -> None:
    path = tmp_path / "input.csv"
    path.write_text(QUAL_HEAD + "2025,评委1,不存在,g_review,8,,\n" * 60, encoding="utf-8")
    with fixture_store(tmp_path / "a.duckdb") as store, pytest.raises(AssessmentError) as caught:
        load_assessments(store, path, scheme=SCHEME)
    assert len(caught.value.problems) == 60
    assert caught.value.text("zh").count("\n  - ") == 50 and caught.value.text("zh").endswith("…另有 10 处")
    assert caught.value.text("en").endswith("… and 10 more")


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
