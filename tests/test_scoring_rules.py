"""Rule case tables: each rule family on one unit with a handful of ledger rows, and grades/quota/ranking cases."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from test_scoring_support import fixture_store

from kaohe.assessments import load_assessments
from kaohe.periods import parse_period
from kaohe.rules import RULES
from kaohe.scheme import Scheme, SchemeError, parse_scheme
from kaohe.scoring import ScoreResult, explain_line, score_period
from kaohe.store import Store

YEAR = "2025"


def one_indicator_scheme(indicator: dict[str, Any]) -> Scheme:
    """A scheme whose single indicator is `indicator` (max points = the scheme total)."""
    full = {"id": "x", "name": "测试指标", "dimension": "维度", **indicator}
    data = {
        "scheme": {"id": "rule", "version": 1, "name": "规则测试", "period": YEAR, "total": full["max"]},
        "indicators": [full],
    }
    data["scheme"]["dimensions"] = ["维度"]
    return parse_scheme(data, "rule-test")


def unit(kind: str = "社区", members: int = 10, active_from: date | None = None) -> pd.DataFrame:
    return pd.DataFrame(
        [{"unit_id": "U1", "name": "测试支部", "kind": kind, "members": members, "active_from": active_from}]
    )


def ledger(rows: list[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    frame["source_file"] = "case.csv"
    frame["source_row"] = range(2, len(frame) + 2)
    frame["import_id"] = 1
    return frame


def services(n: int) -> pd.DataFrame:
    return ledger(
        [
            {"service_date": date(2025, 1 + i % 12, 1 + i // 12), "unit_id": "U1", "category": "科普讲座",
             "title": f"服务{i}", "people_served": 10}
            for i in range(n)
        ]
    )  # fmt: skip


def meetings(kind: str, months: list[int], attendees: int | None = None, total: int | None = None) -> pd.DataFrame:
    return ledger(
        [
            {"meeting_date": date(2025, m, 10), "unit_id": "U1", "meeting_type": kind, "attendees": attendees,
             "members_total": total, "topic": f"{kind}{m}"}
            for m in months
        ]
    )  # fmt: skip


def cases(statuses: list[tuple[str, str | None]]) -> pd.DataFrame:
    return ledger(
        [
            {"received_date": date(2025, 3, 1 + i), "unit_id": "U1", "kind": "实事", "type": "环境",
             "title": f"实事{i}", "status": status, "satisfaction": satisfaction}
            for i, (status, satisfaction) in enumerate(statuses)
        ]
    )  # fmt: skip


def disputes(kinds: list[str]) -> pd.DataFrame:
    """'ok' resolved in 5 days, 'late' resolved in 40 days, 'open' unresolved, 'escalated'."""
    rows = []
    for i, k in enumerate(kinds):
        resolved = k in ("ok", "late", "escalated")
        rows.append(
            {"dispute_date": date(2025, 2, 1 + i), "unit_id": "U1", "type": "邻里", "summary": f"纠纷{i}",
             "resolved": resolved, "resolved_date": date(2025, 2, 1 + i) + pd.Timedelta(days=40 if k == "late" else 5)
             if resolved else None, "escalated": k == "escalated"}
        )  # fmt: skip
    return ledger(rows)


def score_one(tmp_path: Path, indicator: dict[str, Any], ledgers: dict[str, pd.DataFrame]) -> pd.Series:
    empty = {
        "units": unit(),
        "services": ledger([]),
        "meetings": ledger([]),
        "cases": ledger([]),
        "disputes": ledger([]),
    }
    store = fixture_store(tmp_path / "rule.duckdb", {**empty, **ledgers})
    try:
        result = score_period(store, YEAR, one_indicator_scheme(indicator))
    finally:
        store.close()
    return explained_line(result, 0)


def explained_line(result: ScoreResult, index: int) -> pd.Series:
    """One line of a result with its explanation in Chinese, as the scorecard shows it."""
    line = result.lines.iloc[index].copy()
    line["explanation"] = explain_line({str(k): v for k, v in line.items()}, result.scheme, "zh")
    return line


RATIO = {"measure": "service_count", "max": 10, "rule": "ratio"}
LINEAR = {
    "measure": "meeting_attendance_rate", "args": {"meeting_type": "支部党员大会"}, "max": 7, "rule": "linear",
    "target": 0.9, "base": 5, "step": 0.05, "points_per_step": 1, "prorate": False,
}  # fmt: skip
LADDER = {"measure": "service_count", "max": 10, "rule": "ladder", "steps": [[0.95, 10], [0.9, 8], [0.8, 5]]}
RATE_LADDER = {"measure": "case_satisfaction_rate", "max": 4, "rule": "ladder", "steps": [[0.95, 4], [0.8, 2]]}
ALL = {"measure": "meeting_count", "args": {"meeting_type": "党课"}, "max": 4, "rule": "all_or_nothing", "target": 4}
DEDUCT = {
    "measure": "meeting_missing_periods", "args": {"meeting_type": "支委会"}, "max": 6, "rule": "deduct_per_item",
    "per_item": 2,
}  # fmt: skip
CREDIT = {"measure": "meeting_count", "args": {"meeting_type": "主题党日"}, "max": 3, "rule": "per_item_credit",
          "per_item": 0.5}  # fmt: skip
INCIDENT = {
    "measure": "dispute_incidents", "max": 6, "rule": "per_incident",
    "severity": {"越级上访": 3, "未化解": 2, "逾期化解": 0.5},
}  # fmt: skip

# (id, indicator, ledgers, expected points)
RULE_CASES: list[tuple[str, dict[str, Any], dict[str, pd.DataFrame], float]] = [
    ("ratio below target", {**RATIO, "target": 10}, {"services": services(4)}, 4.0),
    ("ratio capped at the target", {**RATIO, "target": 10}, {"services": services(13)}, 10.0),
    ("ratio with a cap below 1", {**RATIO, "target": 10, "cap": 0.5}, {"services": services(8)}, 5.0),
    ("ratio per member", {**RATIO, "target": {"per_member": 2}}, {"services": services(5)}, 2.5),
    (
        "ratio by kind uses the kind's row",
        {**RATIO, "target": {"社区": 5, "default": 50}},
        {"services": services(4)},
        8.0,
    ),
    (
        "ratio by kind falls back to default",
        {**RATIO, "target": {"机关": 5, "default": 20}},
        {"services": services(4)},
        2.0,
    ),
    ("ratio target 0 means not required", {**RATIO, "target": {"default": 0}}, {}, 10.0),
    (
        "ratio pro-rated for a unit founded 1 July",
        {**RATIO, "target": 10},
        {"units": unit(active_from=date(2025, 7, 1)), "services": services(4)},
        8.0,
    ),
    (
        "ratio of a rate, ratio of sums",
        {**RATIO, "measure": "case_closure_rate", "target": 0.8},
        {"cases": cases([("已办结", None), ("已办结", None), ("办理中", None), ("已办结", None)])},
        9.38,
    ),
    ("ratio of a rate without data, zero", {**RATIO, "measure": "case_closure_rate", "target": 0.8}, {}, 0.0),
    (
        "ratio of a rate without data, full",
        {**RATIO, "measure": "case_closure_rate", "target": 0.8, "no_data": "full"},
        {},
        10.0,
    ),
    ("linear at the target gives the base", LINEAR, {"meetings": meetings("支部党员大会", [3, 9], 9, 10)}, 5.0),
    ("linear one step above", LINEAR, {"meetings": meetings("支部党员大会", [3, 9], 19, 20)}, 6.0),
    ("linear capped at max", LINEAR, {"meetings": meetings("支部党员大会", [3], 10, 10)}, 7.0),
    ("linear floored at 0", LINEAR, {"meetings": meetings("支部党员大会", [3], 3, 10)}, 0.0),
    ("linear between steps", LINEAR, {"meetings": meetings("支部党员大会", [3, 9], 17, 20)}, 4.0),
    ("ladder exactly on a threshold", {**LADDER, "target": 20}, {"services": services(19)}, 10.0),
    ("ladder just below a threshold", {**LADDER, "target": 20}, {"services": services(18)}, 8.0),
    ("ladder below every step", {**LADDER, "target": 20}, {"services": services(15)}, 0.0),
    (
        "ladder on a rate without target",
        RATE_LADDER,
        {"cases": cases([("已办结", "满意")] * 9 + [("已办结", "不满意")])},
        2.0,
    ),
    (
        "ladder on a rate counts 基本满意",
        RATE_LADDER,
        {"cases": cases([("已办结", "基本满意")] * 19 + [("已办结", "不满意")])},
        4.0,
    ),
    ("all or nothing, done", ALL, {"meetings": meetings("党课", [1, 4, 7, 10])}, 4.0),
    ("all or nothing, not done", ALL, {"meetings": meetings("党课", [1, 4, 7])}, 0.0),
    (
        "all or nothing, pro-rated target",
        ALL,
        {"units": unit(active_from=date(2025, 7, 1)), "meetings": meetings("党课", [8, 11])},
        4.0,
    ),
    ("deduct per missing month", DEDUCT, {"meetings": meetings("支委会", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])}, 2.0),
    (
        "deduct, two meetings in a month do not cover another",
        DEDUCT,
        {
            "meetings": meetings("支委会", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]).assign(
                meeting_date=lambda f: [date(2025, m, 10) if m < 11 else date(2025, 10, 20) for m in range(1, 12)]
            )
        },
        2.0,
    ),
    ("deduct floors at 0", DEDUCT, {"meetings": meetings("支委会", [1, 2])}, 0.0),
    (
        "deduct only from the month a unit was founded",
        DEDUCT,
        {"units": unit(active_from=date(2025, 9, 1)), "meetings": meetings("支委会", [9, 10, 12])},
        4.0,
    ),
    (
        "deduct, a unit founded mid-month owes from the next month",
        DEDUCT,
        {"units": unit(active_from=date(2025, 9, 15)), "meetings": meetings("支委会", [10, 11, 12])},
        6.0,
    ),
    ("credit per item", CREDIT, {"meetings": meetings("主题党日", [1, 2, 3])}, 1.5),
    ("credit capped", CREDIT, {"meetings": meetings("主题党日", list(range(1, 13)))}, 3.0),
    ("incidents by severity", INCIDENT, {"disputes": disputes(["escalated", "late", "ok", "late"])}, 2.0),
    ("unresolved incident", INCIDENT, {"disputes": disputes(["open", "ok"])}, 4.0),
    ("incidents floor at 0", INCIDENT, {"disputes": disputes(["escalated", "escalated", "open"])}, 0.0),
    ("no incidents, full points", INCIDENT, {"disputes": disputes(["ok"])}, 6.0),
]


@pytest.mark.parametrize(
    ("indicator", "ledgers", "expected"), [c[1:] for c in RULE_CASES], ids=[c[0] for c in RULE_CASES]
)
def test_rule(tmp_path: Path, indicator: dict[str, Any], ledgers: dict[str, pd.DataFrame], expected: float) -> None:
    line = score_one(tmp_path, indicator, ledgers)
    assert line["points"] == pytest.approx(expected, abs=0.005), line["explanation"]
    assert 0 <= line["points"] <= line["max_points"]
    assert line["explanation"].endswith(f"得 {expected:.2f} 分")


# -- a target of 0 or less means "not required of this kind": full points, whatever the rule -----------------

QUALITATIVE = {"max": 5, "rule": "qualitative"}
# One case per rule family, each with a unit whose own target is 0 (or below) and nothing done: full points.
NOT_REQUIRED_CASES: list[tuple[str, dict[str, Any]]] = [
    ("ratio", RATIO),
    ("linear", {**LINEAR, "target": {"社区": 0, "default": 0.9}}),
    ("ladder", LADDER),
    ("ladder on a rate", RATE_LADDER),
    ("all_or_nothing", ALL),
    ("deduct_per_item", DEDUCT),
    ("per_item_credit", CREDIT),
    ("per_incident", INCIDENT),
    ("qualitative", QUALITATIVE),
]


@pytest.mark.parametrize("target", [0, -1], ids=["target-0", "target-below-0"])
@pytest.mark.parametrize("indicator", [c[1] for c in NOT_REQUIRED_CASES], ids=[c[0] for c in NOT_REQUIRED_CASES])
def test_a_target_of_zero_or_less_means_not_required(tmp_path: Path, indicator: dict[str, Any], target: int) -> None:
    # A rule that takes a target gets one for the other kinds too; for the others a target only exempts a kind.
    takes_target = RULES[indicator["rule"]].target != "none"
    case = {**indicator, "target": {"社区": target, "default": 5} if takes_target else {"社区": target}}
    # Nothing done at all (and, for incidents, the worst): only "not required" can give full points.
    ledgers = {"disputes": disputes(["escalated", "escalated", "open"])} if indicator is INCIDENT else {}
    line = score_one(tmp_path, case, ledgers)
    assert line["points"] == line["max_points"], line["explanation"]
    assert line["explanation"].startswith("本单位类型不作要求，得满分")


# -- a period scored before it ends: only what is due by the cut-off is owed -----------------------------------


def score_as_of(tmp_path: Path, indicator: dict[str, Any], ledgers: dict[str, pd.DataFrame], as_of: date) -> Any:
    empty = {name: ledger([]) for name in ("services", "meetings", "cases", "disputes")}
    store = fixture_store(tmp_path / "cutoff.duckdb", {"units": unit(), **empty, **ledgers})
    try:
        return score_period(store, YEAR, one_indicator_scheme(indicator), as_of)
    finally:
        store.close()


# (id, indicator, ledgers, cut-off, expected points, expected target)
CUTOFF_CASES: list[tuple[str, dict[str, Any], dict[str, pd.DataFrame], date, float, float | None]] = [
    # 12 services a year, evenly by day: by 30 June 181/365 of the target is due; 6 done = 6 / 5.95 -> full.
    ("ratio pro-rated by day", {**RATIO, "target": 12}, {"services": services(6)}, date(2025, 6, 30), 10.0,
     12 * 181 / 365),
    # Monthly pace: by 31 March three of twelve monthly steps are due.
    ("ratio in monthly steps", {**RATIO, "target": 12, "pace": "monthly"}, {"services": services(2)},
     date(2025, 3, 31), 6.67, 3.0),
    # Quarterly lectures: by 31 October three of four are due and three were given: done.
    ("all or nothing, quarters due", ALL | {"pace": "quarterly"}, {"meetings": meetings("党课", [1, 4, 7])},
     date(2025, 10, 31), 4.0, 3.0),
    # Nothing due yet in the first quarter: not owed, full points.
    ("nothing due yet", ALL | {"pace": "quarterly"}, {}, date(2025, 2, 15), 4.0, 0.0),
    # Monthly committee meetings to 31 October: ten windows owed, two missed; November and December not owed.
    ("windows after the cut-off are not owed", DEDUCT, {"meetings": meetings("支委会", [1, 2, 3, 4, 5, 6, 7, 8])},
     date(2025, 10, 31), 2.0, None),
    # The window the cut-off falls in is not owed until it ends.
    ("the window under way is not owed", DEDUCT, {"meetings": meetings("支委会", [1, 2, 3, 4, 5, 6, 7, 8, 9])},
     date(2025, 10, 15), 6.0, None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("indicator", "ledgers", "as_of", "expected", "target"),
    [c[1:] for c in CUTOFF_CASES],
    ids=[c[0] for c in CUTOFF_CASES],
)
def test_a_period_in_progress_owes_only_what_is_due(
    tmp_path: Path,
    indicator: dict[str, Any],
    ledgers: dict[str, pd.DataFrame],
    as_of: date,
    expected: float,
    target: float | None,
) -> None:
    result = score_as_of(tmp_path, indicator, ledgers, as_of)
    line = explained_line(result, 0)
    assert line["points"] == pytest.approx(expected, abs=0.005), line["explanation"]
    if target is not None:
        assert line["target"] == pytest.approx(target)
    assert result.as_of == as_of and result.provisional


def test_windows_owed_to_the_cutoff(tmp_path: Path) -> None:
    result = score_as_of(tmp_path, DEDUCT, {}, date(2025, 10, 31))
    assert result.lines.iloc[0]["denominator"] == 10  # January to October


def test_a_qualitative_part_not_scored_yet_is_estimated_while_the_period_runs(tmp_path: Path) -> None:
    data = {
        "scheme": {"id": "p", "version": 1, "name": "进行中", "period": YEAR, "total": 20, "dimensions": ["甲"]},
        "indicators": [
            {**RATIO, "id": "svc", "name": "服务", "dimension": "甲", "target": 10},
            {"id": "q", "name": "评议", "dimension": "甲", "rule": "qualitative", "max": 10},
        ],
    }
    empty = {"units": unit(), "meetings": ledger([]), "cases": ledger([]), "disputes": ledger([])}
    store = fixture_store(tmp_path / "pending.duckdb", {**empty, "services": services(4)})
    try:
        scheme = parse_scheme(data, "pending")
        closed = score_period(store, YEAR, scheme)
        running = score_period(store, YEAR, scheme, date(2025, 6, 30))
    finally:
        store.close()
    pending = explained_line(closed, int(closed.lines.index[closed.lines["indicator_id"] == "q"][0]))
    # A closed period: 待评 counts 0 until scored, and the result is provisional until then.
    assert (pending["points"], bool(pending["pending"]), closed.provisional) == (0.0, True, True)
    assert pending["explanation"].startswith("待评：尚无考核组评分，暂计 0 分")
    # Under way: 4 of the 4.96 services due by 30 June is 80.6% of the points, and the 待评 part is estimated at
    # that rate rather than counted as failed.
    lines = running.lines.set_index("indicator_id")
    rate = lines.loc["svc", "points"] / lines.loc["svc", "max_points"]
    assert lines.loc["q", "points"] == pytest.approx(round(10 * rate, 2))
    estimated = explained_line(running, int(running.lines.index[running.lines["indicator_id"] == "q"][0]))
    assert estimated["explanation"].startswith("待评：尚无考核组评分，按本单位已评指标得分率")


# -- qualitative, grades, quota, ranking --------------------------------------------------------------

QUAL_SCHEME: dict[str, Any] = {
    "scheme": {"id": "q", "version": 1, "name": "定性", "period": YEAR, "total": 100, "dimensions": ["甲", "乙"]},
    "indicators": [
        {"id": "q1", "name": "评议一", "dimension": "甲", "rule": "qualitative", "max": 50, "trim_from": 5},
        {"id": "q2", "name": "评议二", "dimension": "乙", "rule": "qualitative", "max": 50,
         "levels": {"好": 50, "较好": 40, "一般": 30, "差": 10}},
    ],
    "veto": {"categories": ["违纪违法"]},
}  # fmt: skip


def score_qualitative(
    tmp_path: Path,
    scores: dict[str, tuple[list[float], list[str]]],
    kinds: dict[str, str] | None = None,
    quota: dict[str, Any] | None = None,
    veto: tuple[str, ...] = (),
) -> ScoreResult:
    """Units named by `scores` get q1 scores (list) and q2 levels (list) from distinct assessors."""
    units = pd.DataFrame(
        [{"unit_id": u, "name": f"支部{u}", "kind": (kinds or {}).get(u, "社区"), "members": 5} for u in scores]
    )
    empty = {name: ledger([]) for name in ("services", "meetings", "cases", "disputes")}
    store = fixture_store(tmp_path / "q.duckdb", {"units": units, **empty})
    data = {**QUAL_SCHEME, **({"quota": quota} if quota else {})}
    scheme = parse_scheme(data, "q")
    qual = tmp_path / "qual.csv"
    with qual.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["period", "assessor", "unit", "indicator_id", "score", "level"])
        for u, (points, levels) in scores.items():
            writer.writerows([YEAR, f"评委{i}", u, "q1", p, ""] for i, p in enumerate(points))
            writer.writerows([YEAR, f"评委{i}", u, "q2", "", lv] for i, lv in enumerate(levels))
    load_assessments(store, qual, scheme=scheme)
    if veto:
        adj = tmp_path / "veto.csv"
        with adj.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["period", "unit", "type", "category", "reason"])
            writer.writerows([YEAR, u, "一票否决", "违纪违法", "受处分"] for u in veto)
        load_assessments(store, adj, scheme=scheme)
    try:
        return score_period(store, YEAR, scheme)
    finally:
        store.close()


QUALITATIVE_CASES = [
    ("four assessors: plain mean", [40, 30, 20, 10], 25.0),
    ("five assessors: drop highest and lowest", [50, 40, 30, 20, 0], 30.0),
    ("six assessors: drop one of two equal highest", [50, 50, 40, 30, 20, 10], 35.0),
    ("one assessor", [37.5], 37.5),
]


@pytest.mark.parametrize(
    ("points", "expected"), [c[1:] for c in QUALITATIVE_CASES], ids=[c[0] for c in QUALITATIVE_CASES]
)
def test_qualitative_scores(tmp_path: Path, points: list[float], expected: float) -> None:
    result = score_qualitative(tmp_path, {"A": (points, [])})
    assert result.unit_lines("A").set_index("indicator_id").loc["q1", "points"] == pytest.approx(expected)


def test_levels_map_to_points(tmp_path: Path) -> None:
    result = score_qualitative(tmp_path, {"A": ([], ["好", "较好", "差"])})
    assert result.unit_lines("A").set_index("indicator_id").loc["q2", "points"] == pytest.approx(33.33, abs=0.005)


GRADE_CASES = [
    # (id, q1 score, q2 level, expected total, expected grade) with default bands 90/80/60
    ("exactly 90 is 优秀", 40, "好", 90.0, "优秀"),
    ("89.5 is 良好", 39.5, "好", 89.5, "良好"),
    ("exactly 80 is 良好", 40, "较好", 80.0, "良好"),
    ("exactly 60 is 合格", 30, "一般", 60.0, "合格"),
    ("below 60 is 不合格", 29, "一般", 59.0, "不合格"),
]


@pytest.mark.parametrize(("q1", "q2", "total", "grade"), [c[1:] for c in GRADE_CASES], ids=[c[0] for c in GRADE_CASES])
def test_grade_bands(tmp_path: Path, q1: float, q2: str, total: float, grade: str) -> None:
    row = score_qualitative(tmp_path, {"A": ([q1], [q2])}).units.iloc[0]
    assert (row["total"], row["grade"]) == (pytest.approx(total), grade)


def test_equal_totals_share_a_rank(tmp_path: Path) -> None:
    result = score_qualitative(
        tmp_path, {"A": ([40], ["好"]), "B": ([40], ["好"]), "C": ([30], ["好"]), "D": ([45], ["较好"])},
        kinds={"A": "社区", "B": "机关", "C": "社区", "D": "机关"},
    )  # fmt: skip
    ranks = result.units.set_index("unit_id")
    # A = 40 + 50 = 90, B = 90, D = 45 + 40 = 85, C = 30 + 50 = 80
    assert ranks["rank"].to_dict() == {"A": 1, "B": 1, "D": 3, "C": 4}
    assert ranks["rank_in_kind"].to_dict() == {"A": 1, "B": 1, "C": 2, "D": 2}


def test_quota_tie_settled_by_dimension_then_name(tmp_path: Path) -> None:
    # Five units, 20% quota -> 1 place. A = 40 + 50, B = 50 + 40, C = 50 + 40: all total 90. On dimension 甲
    # B and C (50) lead A (40); B and C tie on 甲 as well, so the name decides: 支部B before 支部C.
    result = score_qualitative(
        tmp_path,
        {"A": ([40], ["好"]), "B": ([50], ["较好"]), "C": ([50], ["较好"]), "D": ([10], ["差"]), "E": ([10], ["差"])},
        quota={"grade": "优秀", "share": 0.2, "tie_break": ["dimension:甲", "name"]},
    )
    units = result.units.set_index("unit_id")
    assert units.loc[["A", "B", "C"], "total"].tolist() == [90.0, 90.0, 90.0]
    assert units.loc[["A", "B", "C"], "grade_before_quota"].tolist() == ["优秀"] * 3
    assert units.loc[["A", "B", "C"], "grade"].tolist() == ["良好", "优秀", "良好"]
    assert units.loc[["B", "C", "A"], "quota_position"].tolist() == [1, 2, 3]


@pytest.mark.parametrize(("units", "places"), [(4, 0), (5, 1), (9, 1), (10, 2)], ids=["4 units", "5", "9", "10"])
def test_quota_rounds_down(tmp_path: Path, units: int, places: int) -> None:
    scores = {f"U{i:02d}": ([50], ["好"]) for i in range(units)}
    result = score_qualitative(tmp_path, scores, quota={"grade": "优秀", "share": 0.2})
    assert (result.units["grade"] == "优秀").sum() == places
    assert (result.units["grade"] == "良好").sum() == units - places


def test_veto_forces_the_lowest_grade_and_last_rank(tmp_path: Path) -> None:
    result = score_qualitative(tmp_path, {"A": ([50], ["好"]), "B": ([10], ["差"])}, veto=("A",))
    units = result.units.set_index("unit_id")
    assert units.loc["A", "total"] == 100.0
    assert units.loc["A", "grade"] == "不合格"
    assert units.loc["A", "rank"] == 2 and units.loc["B", "rank"] == 1
    assert units.loc["A", "veto_reason"] == "违纪违法：受处分"


# -- the rule families and options published 细则 use (each with hand-worked values) ---------------------------


def units(*rows: tuple[str, str, int, int | None, int | None]) -> pd.DataFrame:
    """Units as (unit_id, kind, members, residents, households)."""
    return pd.DataFrame(
        [{"unit_id": u, "name": f"支部{u}", "kind": k, "members": m, "residents": r, "households": h}
         for u, k, m, r, h in rows]
    )  # fmt: skip


def services_of(counts: dict[str, int]) -> pd.DataFrame:
    return ledger(
        [
            {"service_date": date(2025, 1 + i % 12, 1 + i // 12), "unit_id": unit, "category": "科普讲座",
             "title": f"服务{i}", "people_served": 10}
            for unit, n in counts.items()
            for i in range(n)
        ]
    )  # fmt: skip


def score_units(tmp_path: Path, scheme: Scheme, frames: dict[str, pd.DataFrame]) -> ScoreResult:
    empty = {name: ledger([]) for name in ("services", "meetings", "cases", "disputes")}
    store = fixture_store(tmp_path / "families.duckdb", {**empty, **frames})
    try:
        return score_period(store, YEAR, scheme)
    finally:
        store.close()


FOUR = units(("A", "社区", 10, None, None), ("B", "社区", 10, None, None), ("C", "机关", 10, None, None),
             ("D", "机关", 10, None, None))  # fmt: skip
RANK = {"measure": "service_count", "max": 60, "rule": "rank_points", "first": 60, "per_rank": 3}

# (id, indicator, service counts per unit, expected points per unit)
FAMILY_CASES: list[tuple[str, dict[str, Any], dict[str, int], dict[str, float]]] = [
    # 第一名得 60 分，以后每降一个名次减 3 分: 10, 8, 8, 3 services rank 1, 2, 2, 4.
    ("rank points, ties share the better rank", RANK, {"A": 10, "B": 8, "C": 8, "D": 3},
     {"A": 60, "B": 57, "C": 57, "D": 51}),
    # Within kind: A and B are 社区 (1st, 2nd), C and D 机关 (1st, 2nd).
    ("rank points within kind", {**RANK, "within": "kind"}, {"A": 10, "B": 8, "C": 8, "D": 3},
     {"A": 60, "B": 57, "C": 60, "D": 57}),
    # A floor: 30 points less per place would go below 20 for the third and fourth.
    ("rank points with a floor", {**RANK, "per_rank": 30, "floor": 20}, {"A": 4, "B": 3, "C": 2, "D": 1},
     {"A": 60, "B": 30, "C": 20, "D": 20}),
    # With a target the rank is on completion: A 10/20 = 50%, C 8/8 = 100% ranks first.
    ("rank points on completion of a target", {**RANK, "target": {"社区": 20, "机关": 8}},
     {"A": 10, "B": 4, "C": 8, "D": 2}, {"A": 57, "B": 51, "C": 60, "D": 54}),
    # A unit without a single service ranks last.
    ("rank points, no data ranks last", RANK, {"A": 2, "B": 1, "C": 1}, {"A": 60, "B": 57, "C": 57, "D": 51}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("indicator", "counts", "expected"), [c[1:] for c in FAMILY_CASES], ids=[c[0] for c in FAMILY_CASES]
)
def test_rule_family_on_several_units(
    tmp_path: Path, indicator: dict[str, Any], counts: dict[str, int], expected: dict[str, float]
) -> None:
    result = score_units(tmp_path, one_indicator_scheme(indicator), {"units": FOUR, "services": services_of(counts)})
    points = dict(zip(result.lines["unit_id"], result.lines["points"], strict=True))
    assert points == pytest.approx(expected)
    first = explained_line(result, int(result.lines.index[result.lines["unit_id"] == "A"][0]))
    assert "排第" in first["explanation"] and "每降一个名次减" in first["explanation"]


# (id, target, unit's residents and households, services, expected points, expected target)
BASIS_CASES: list[tuple[str, dict[str, Any], int | None, int | None, int, float, float | None]] = [
    # 5,000 residents × 2 per 1,000 = a target of 10; 4 services = 40% of 10 points.
    ("per 1,000 residents", {"per_1000_residents": 2}, 5000, None, 4, 4.0, 10.0),
    # 2,000 households × 1 per 100 = 20; 5 services = 25%.
    ("per 100 households", {"per_100_households": 1}, None, 2000, 5, 2.5, 20.0),
    # No residents on the roster: the target cannot be reckoned, no points, and the line says why.
    ("a roster without residents", {"per_1000_residents": 2}, None, None, 4, 0.0, None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("target", "residents", "households", "done", "expected", "target_value"),
    [c[1:] for c in BASIS_CASES],
    ids=[c[0] for c in BASIS_CASES],
)
def test_targets_per_resident_or_household(
    tmp_path: Path,
    target: dict[str, Any],
    residents: int | None,
    households: int | None,
    done: int,
    expected: float,
    target_value: float | None,
) -> None:
    scheme = one_indicator_scheme({**RATIO, "target": target})
    frames = {"units": units(("A", "社区", 10, residents, households)), "services": services_of({"A": done})}
    result = score_units(tmp_path, scheme, frames)
    line = explained_line(result, 0)
    assert line["points"] == pytest.approx(expected), line["explanation"]
    if target_value is None:
        assert pd.isna(line["target"]) and line["explanation"].startswith("名册缺少计算目标所需的常住人口或户数")
    else:
        assert line["target"] == pytest.approx(target_value)


def test_targets_per_resident_are_read_from_an_imported_roster(store: Store) -> None:
    from conftest import csv_bytes

    from kaohe.ingest import import_file

    roster = [
        ["支部名称", "类型", "党员人数", "常住人口", "居民户数"],
        ["测试社区党支部", "社区", "30", "6500", "2100"],
    ]
    assert import_file(store, csv_bytes(roster), "名册.csv").loaded == 1
    stored = store.query(
        "scoring/scored_units",
        {
            "start": date(2025, 1, 1),
            "end": date(2026, 1, 1),
            "scheme_start": date(2025, 1, 1),
            "scheme_end": date(2026, 1, 1),
        },
    )
    assert stored[["residents", "households"]].values.tolist() == [[6500, 2100]]


QUAL_SELF: dict[str, Any] = {
    "scheme": {"id": "s", "version": 1, "name": "自评", "period": YEAR, "total": 100, "dimensions": ["评议"]},
    "indicators": [{"id": "q", "name": "述职评议", "dimension": "评议", "rule": "qualitative", "max": 100,
                    "self_weight": 0.3}],
}  # fmt: skip


@pytest.mark.parametrize(
    ("own", "panel", "expected"),
    [
        pytest.param(90.0, [60.0, 70.0, 80.0], 76.0, id="30%-self-70%-panel"),  # 0.3 × 90 + 0.7 × 70
        pytest.param(None, [60.0, 70.0, 80.0], 49.0, id="no-self-assessment-counts-0"),  # 0.7 × 70
    ],
)
def test_self_assessment_is_weighed_with_the_assessors_score(
    tmp_path: Path, own: float | None, panel: list[float], expected: float
) -> None:
    from kaohe import self_assessment
    from kaohe.access import Role, Viewer

    scheme = parse_scheme(QUAL_SELF, "self-test")
    empty = {name: ledger([]) for name in ("services", "meetings", "cases", "disputes")}
    store = fixture_store(tmp_path / "self.duckdb", {"units": unit(), **empty})
    try:
        path = tmp_path / "q.csv"
        rows = [f"{YEAR},评委{i},U1,q,{score}" for i, score in enumerate(panel, start=1)]
        path.write_text("考核期,考核人,单位,指标,分数\n" + "\n".join(rows) + "\n", encoding="utf-8")
        load_assessments(store, path, scheme=scheme)
        branch = Viewer("u1", Role.BRANCH, unit_id="U1")
        period = parse_period(YEAR)
        self_assessment.set_deadline(store, Viewer("考核组", Role.ASSESSOR), period, date(2025, 12, 20))
        if own is not None:
            self_assessment.save(store, branch, period, scheme, "q", own, today=date(2025, 12, 1))
        result = score_period(store, period, scheme)
    finally:
        store.close()
    line = explained_line(result, 0)
    assert line["points"] == pytest.approx(expected)
    assert ("自评" in line["explanation"]) and ("未自评" in line["explanation"]) == (own is None)


def test_self_assessment_is_the_branchs_own_and_closes_at_the_deadline(tmp_path: Path) -> None:
    from kaohe import self_assessment
    from kaohe.access import AccessDenied, Role, Viewer
    from kaohe.self_assessment import SelfAssessmentError

    scheme = parse_scheme(QUAL_SELF, "self-test")
    two = pd.concat([unit(), unit().assign(unit_id="U2", name="另一支部")])
    store = fixture_store(
        tmp_path / "own.duckdb",
        {"units": two, **{n: ledger([]) for n in ("services", "meetings", "cases", "disputes")}},
    )
    period = parse_period(YEAR)
    branch = Viewer("u1", Role.BRANCH, unit_id="U1")
    try:
        with pytest.raises(SelfAssessmentError, match="尚未开放"):
            self_assessment.save(store, branch, period, scheme, "q", 80, today=date(2025, 12, 1))
        self_assessment.set_deadline(store, Viewer("考核组", Role.ASSESSOR), period, date(2025, 12, 20))
        with pytest.raises(AccessDenied):
            self_assessment.save(store, branch, period, scheme, "q", 80, unit_id="U2", today=date(2025, 12, 1))
        with pytest.raises(SelfAssessmentError, match="0 到 100"):
            self_assessment.save(store, branch, period, scheme, "q", 120, today=date(2025, 12, 1))
        self_assessment.save(store, branch, period, scheme, "q", 80, today=date(2025, 12, 20))
        with pytest.raises(SelfAssessmentError, match="已于 2025-12-20 截止"):
            self_assessment.save(store, branch, period, scheme, "q", 85, today=date(2025, 12, 21))
        assert self_assessment.sheet(store, branch, period, scheme)["score"].tolist() == [80.0]
        with pytest.raises(AccessDenied):
            self_assessment.set_deadline(store, branch, period, date(2026, 1, 31))
        actions = [a for (a,) in store.cursor().execute("select action from audit_log").fetchall()]
        assert actions.count("self.score") == 1 and actions.count("self.deadline") == 1
    finally:
        store.close()


POOLS: dict[str, Any] = {
    "scheme": {"id": "p", "version": 1, "name": "加扣分", "period": YEAR, "total": 10, "dimensions": ["甲"]},
    "indicators": [{**RATIO, "id": "x", "name": "服务", "dimension": "甲", "target": 10}],
    "bonus": {"cap": "none", "categories": [{"category": "创新", "max": 10}]},
    "deduction": {"cap": 20, "categories": [
        {"category": "问责", "levels": {"书记": 10, "班子成员": 5, "支部书记": 2}, "cap": 12}]},
}  # fmt: skip


@pytest.mark.parametrize(
    ("items", "bonus", "deduction"),
    [
        # 上不封顶: 4 + 6 + 9 = 19 of bonus all count.
        pytest.param([("bonus", "创新", None, 4), ("bonus", "创新", None, 6), ("bonus", "创新", None, 9)], 19, 0,
                     id="uncapped-bonus"),
        # 书记 10 + 班子成员 5 = 15, the category counts at most 12.
        pytest.param([("deduction", "问责", "书记", None), ("deduction", "问责", "班子成员", None)], 0, 12,
                     id="role-deductions-capped-by-category"),
        # Two 支部书记 items: 2 + 2 = 4, under the cap.
        pytest.param([("deduction", "问责", "支部书记", None), ("deduction", "问责", "支部书记", None)], 0, 4,
                     id="role-deductions-per-person"),
    ],
)  # fmt: skip
def test_uncapped_bonus_and_role_keyed_deductions(
    tmp_path: Path, items: list[tuple[str, str, str | None, float | None]], bonus: float, deduction: float
) -> None:
    path = tmp_path / "adj.csv"
    names = {"bonus": "加分", "deduction": "扣分"}
    body = [f"{YEAR},U1,{names[t]},{c},{lv or ''},{'' if p is None else p},事由{i}," for i, (t, c, lv, p) in
            enumerate(items)]  # fmt: skip
    path.write_text("考核期,单位,类型,类别,级别,分值,事由,佐证\n" + "\n".join(body) + "\n", encoding="utf-8")
    scheme = parse_scheme(POOLS, "pools")
    store = fixture_store(tmp_path / "pools.duckdb", {"units": unit(), **{n: ledger([]) for n in (
        "services", "meetings", "cases", "disputes")}, "services": services(10)})  # fmt: skip
    try:
        load_assessments(store, path, scheme=scheme)
        result = score_period(store, YEAR, scheme)
    finally:
        store.close()
    row = result.units.iloc[0]
    assert (row["bonus"], row["deduction"]) == (bonus, deduction)
    assert row["total"] == pytest.approx(max(0, 10 + bonus - deduction))


def test_a_pool_is_never_uncapped_by_leaving_cap_out() -> None:
    data = {**POOLS, "bonus": {"categories": [{"category": "创新", "max": 10}]}}
    with pytest.raises(SchemeError, match='不设上限请明确写 cap = "none"'):
        parse_scheme(data, "pools")


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        pytest.param("牵头", 8.0, id="lead"),
        pytest.param("配合", 7.6, id="support"),
        pytest.param(None, 8.0, id="default"),
    ],
)
def test_a_shared_task_multiplies_the_points_by_the_units_part(
    tmp_path: Path, part: str | None, expected: float
) -> None:
    from kaohe import self_assessment
    from kaohe.access import Role, Viewer

    indicator = {**RATIO, "max": 8, "target": 10, "parts": {"牵头": 1.0, "配合": 0.95}}
    scheme = one_indicator_scheme(indicator)
    store = fixture_store(tmp_path / "parts.duckdb", {"units": unit(), **{n: ledger([]) for n in (
        "meetings", "cases", "disputes")}, "services": services(10)})  # fmt: skip
    try:
        if part is not None:
            self_assessment.set_part(
                store, Viewer("考核组", Role.ASSESSOR), parse_period(YEAR), scheme, "U1", "x", part
            )
        result = score_period(store, YEAR, scheme)
    finally:
        store.close()
    line = explained_line(result, 0)
    assert line["points"] == pytest.approx(expected)
    assert ("配合 ×0.95" in line["explanation"]) == (part == "配合")


def test_incidents_are_named_in_the_explanation(tmp_path: Path) -> None:
    line = score_one(tmp_path, INCIDENT, {"disputes": disputes(["escalated", "late", "ok", "late"])})
    assert line["explanation"].startswith("越级上访 1 起 × 3，逾期化解 2 起 × 0.5，扣完为止")
