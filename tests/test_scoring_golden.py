"""The golden test: five units, a few dozen ledger rows, every rule type, every point worked out by hand.

Fixture: tests/data/scoring/*.csv, scheme tests/data/scoring/golden_scheme.toml, period 2025.
Units: A 甲社区 (社区, 8 members), B 乙社区 (社区, 6), C 丙科 (机关, 5), D 丁公司 (企业, 4, founded
2025-07-01, so active 6 of 12 months: count targets x 0.5, and it owes only Q3-Q4 / H2 meetings),
E 戊科 (机关, 6, vetoed).

Weighting (rule 10): 定量 indicators total 80 points and weigh 60%, so factor 0.6 x 100 / 80 = 0.75;
定性 indicators total 20 and weigh 40%, factor 0.4 x 100 / 20 = 2. Points are kept to 0.01 (half up),
weighted points = round(points x factor, 2).

Hand calculation, unit by unit (points -> weighted):

A 甲社区
  g_committee   支委会 every quarter, held Q1-Q4, 0 missing: 6 - 0 x 1.5 = 6            -> 4.50
  g_assembly    党员大会 each half year, held H1 and H2: 4 - 0 = 4                      -> 3.00
  g_party_day   3 主题党日 x 0.5 = 1.5 (max 3)                                          -> 1.125 -> 1.13
  g_lecture     2 党课, target 2: done -> 5                                             -> 3.75
  g_attendance  (7 + 8) / (8 + 8) = 0.9375; 6 + (0.9375 - 0.8) / 0.1 x 1 = 7.375 -> 7.38 -> 5.535 -> 5.54
  g_services    10 services in 2025 (the 2024-12-31 and 2026-01-01 rows are outside);
                target 1 per member x 8 = 8; 10 / 8 capped at 1 -> 10                  -> 7.50
  g_errands     5 代办, target 4 -> capped -> 6                                         -> 4.50
  g_deeds       4 实事 / target 4 = 100% -> step 1.0 -> 8                               -> 6.00
  g_satisfaction rated 5 代办 + 3 实事 = 8, satisfied 4 + 3 = 7: 87.5% -> step 0.7 -> 3  -> 2.25
  g_resolution  2 of 2 resolved = 100% -> 6                                             -> 4.50
  g_incidents   none -> 6                                                               -> 4.50
  g_closure     closed 8 of 9 = 88.9%, target 80%: capped -> 8                          -> 6.00
  g_review      评委1 first 5 then corrected to 9 (latest wins): 9, 8, 10, 7, 9; five assessors,
                drop 10 and 7: (9 + 8 + 9) / 3 = 8.667 -> 8.67                         -> 17.34
                (the 2024 score of 1 belongs to another period and is ignored)
  g_integrity   好 好 较好 好 一般 = 10 10 8 10 5; drop one 10 and the 5: 28 / 3 -> 9.33 -> 18.66
  dimensions    组织 4.50 + 3.00 + 1.13 + 3.75 + 5.54 = 17.92; 服务 7.50 + 4.50 + 6.00 + 2.25 = 20.25;
                治理 4.50 + 4.50 + 6.00 = 15.00; 评议 17.34 + 18.66 = 36.00; sum 89.17
  bonus         荣誉 市级 2 and 区级 1, "any one of" -> 2; 推广 1 + 1 = 2; 4 capped at 3 -> 3
  total         89.17 + 3 = 92.17 -> band 优秀, but the quota allows floor(0.2 x 5) = 1 and C is higher
                -> 良好

B 乙社区
  g_committee   Q3 missing: 6 - 1.5 = 4.5                                               -> 3.375 -> 3.38
  g_assembly    H2 missing: 4 - 2 = 2                                                   -> 1.50
  g_party_day   8 x 0.5 = 4, capped at 3                                                -> 2.25
  g_lecture     1 党课 < 2: 0                                                           -> 0.00
  g_attendance  4 / 6 = 0.667; 6 + (0.667 - 0.8) / 0.1 = 4.667 -> 4.67                 -> 3.5025 -> 3.50
  g_services    3 / (1 x 6) = 50% -> 5                                                  -> 3.75
  g_errands     2 / 4 = 50% -> 3                                                        -> 2.25
  g_deeds       3 / 4 = 75% -> step 0.75 -> 5                                           -> 3.75
  g_satisfaction 满意 2 + 基本满意 2 of 5 rated = 80% -> 3                               -> 2.25
  g_resolution  1 of 3 resolved = 33% < 50% -> 0                                        -> 0.00
  g_incidents   越级上访 4 + 未化解 2 + 逾期化解 (40 days > 30) 1 = 7 > 6 -> floor 0     -> 0.00
  g_closure     5 of 5 closed -> 8                                                      -> 6.00
  g_review      four assessors (< 5, no trimming): (6 + 7 + 8 + 5) / 4 = 6.5            -> 13.00
  g_integrity   一般 较好 差 = 5 8 2: 15 / 3 = 5                                         -> 10.00
  dimensions    组织 3.38 + 1.50 + 2.25 + 0 + 3.50 = 10.63; 服务 3.75 + 2.25 + 3.75 + 2.25 = 12.00;
                治理 0 + 0 + 6 = 6.00; 评议 23.00; sum 51.63
  deduction     通报 2 + 约谈 1 = 3, capped at 2 -> 2
  total         51.63 - 2 = 49.63 -> 不合格

C 丙科 (机关)
  g_committee 6 -> 4.50; g_assembly 4 -> 3.00; g_party_day 6 x 0.5 = 3 -> 2.25; g_lecture 2 -> 5 -> 3.75
  g_attendance  (5 + 4) / (5 + 5) = 0.9; 6 + 1 = 7                                      -> 5.25
  g_services    4 / 4 -> 10 -> 7.50; g_errands 机关 not required (target 0) -> 6 -> 4.50
  g_deeds       3 / 4 = 75% -> 5 -> 3.75; g_satisfaction 3 / 3 -> 6 -> 4.50
  g_resolution  no disputes, no_data = full -> 6 -> 4.50; g_incidents 6 -> 4.50; g_closure 3 / 3 -> 8 -> 6.00
  g_review      five 9s, drop one 9 each end: 9 -> 18.00; g_integrity five 好 -> 10 -> 20.00
  dimensions    组织 18.75; 服务 20.25; 治理 15.00; 评议 38.00; sum 92.00
  bonus         荣誉 省级 3 + 推广 1 = 4, capped at 3; total 95.00 -> 优秀 (first in the quota)

D 丁公司 (企业, active 2025-07-01: share 0.5)
  g_committee   owes Q3, Q4; held Q3 only: 6 - 1.5 = 4.5                                -> 3.38
  g_assembly    owes H2; held: 4                                                        -> 3.00
  g_party_day   0                                                                       -> 0.00
  g_lecture     target 2 x 0.5 = 1; held 1 -> 5                                        -> 3.75
  g_attendance  2 / 4 = 0.5; 6 + (0.5 - 0.8) / 0.1 = 3 (rates are not pro-rated)        -> 2.25
  g_services    1 / (4 x 0.5) = 50% -> 5                                                -> 3.75
  g_errands     企业 not required -> 6 -> 4.50
  g_deeds       1 / (4 x 0.5) = 50% -> step 0.5 -> 2                                    -> 1.50
  g_satisfaction 1 / 1 -> 6 -> 4.50; g_resolution no data -> 6 -> 4.50; g_incidents 6 -> 4.50
  g_closure     1 / 1 -> 8 -> 6.00
  g_review      7 6 9 2 7: drop 9 and 2: 20 / 3 = 6.667 -> 6.67                         -> 13.34
  g_integrity   较好 较好 好 (three, no trimming) = 26 / 3 = 8.667 -> 8.67              -> 17.34
  dimensions    组织 3.38 + 3.00 + 0 + 3.75 + 2.25 = 12.38; 服务 3.75 + 4.50 + 1.50 + 4.50 = 14.25;
                治理 15.00; 评议 30.68; total 72.31 -> 合格

E 戊科 (机关, vetoed)
  no meetings at all: g_committee 6 - 4 x 1.5 < 0 -> 0; g_assembly 4 - 2 x 2 = 0; g_party_day 0;
  g_lecture 0; g_attendance no data, no_data = zero -> 0                                 -> 组织 0.00
  g_services 5 / 4 -> 10 -> 7.50; g_errands not required -> 6 -> 4.50; g_deeds 0 / 4 -> 0;
  g_satisfaction 1 / 1 -> 6 -> 4.50                                                      -> 服务 16.50
  g_resolution 1 / 1 -> 6 -> 4.50; g_incidents 越级上访 4: 6 - 4 = 2 -> 1.50; g_closure 8 -> 6.00 -> 治理 12.00
  g_review five 10s -> 10 -> 20.00; g_integrity five 好 -> 20.00                         -> 评议 40.00
  sum 68.50; bonus 推广 1; total 69.50 (band 合格) but 一票否决 (违纪违法) -> 不合格, ranked after all others

Ranking: C 95.00 (1), A 92.17 (2), D 72.31 (3), B 49.63 (4), E vetoed (5).
Within kind: 社区 A 1, B 2; 机关 C 1, E 2; 企业 D 1.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_scoring_support import DATA, fixture_store

from kaohe.assessments import load_assessments
from kaohe.scheme import load_scheme
from kaohe.scoring import ScoreResult, lineage, score_period
from kaohe.store import Store

POINTS = {
    # indicator: (A, B, C, D, E) points before weighting
    "g_committee": (6.00, 4.50, 6.00, 4.50, 0.00),
    "g_assembly": (4.00, 2.00, 4.00, 4.00, 0.00),
    "g_party_day": (1.50, 3.00, 3.00, 0.00, 0.00),
    "g_lecture": (5.00, 0.00, 5.00, 5.00, 0.00),
    "g_attendance": (7.38, 4.67, 7.00, 3.00, 0.00),
    "g_services": (10.00, 5.00, 10.00, 5.00, 10.00),
    "g_errands": (6.00, 3.00, 6.00, 6.00, 6.00),
    "g_deeds": (8.00, 5.00, 5.00, 2.00, 0.00),
    "g_satisfaction": (3.00, 3.00, 6.00, 6.00, 6.00),
    "g_resolution": (6.00, 0.00, 6.00, 6.00, 6.00),
    "g_incidents": (6.00, 0.00, 6.00, 6.00, 2.00),
    "g_closure": (8.00, 8.00, 8.00, 8.00, 8.00),
    "g_review": (8.67, 6.50, 9.00, 6.67, 10.00),
    "g_integrity": (9.33, 5.00, 10.00, 8.67, 10.00),
}
UNITS = ("A", "B", "C", "D", "E")

EXPECTED_UNITS = [
    # unit, rank, rank_in_kind, 组织, 服务, 治理, 评议, bonus, deduction, total, grade, vetoed
    ("C", 1, 1, 18.75, 20.25, 15.00, 38.00, 3.0, 0.0, 95.00, "优秀", False),
    ("A", 2, 1, 17.92, 20.25, 15.00, 36.00, 3.0, 0.0, 92.17, "良好", False),
    ("D", 3, 1, 12.38, 14.25, 15.00, 30.68, 0.0, 0.0, 72.31, "合格", False),
    ("B", 4, 2, 10.63, 12.00, 6.00, 23.00, 0.0, 2.0, 49.63, "不合格", False),
    ("E", 5, 2, 0.00, 16.50, 12.00, 40.00, 1.0, 0.0, 69.50, "不合格", True),
]


@pytest.fixture(scope="module")
def golden(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, ScoreResult]]:
    store = fixture_store(tmp_path_factory.mktemp("golden") / "golden.duckdb")
    scheme = load_scheme(DATA / "golden_scheme.toml")
    load_assessments(store, DATA / "qualitative.csv", scheme=scheme)
    load_assessments(store, DATA / "adjustments.csv", scheme=scheme)
    yield store, score_period(store, "2025", scheme)
    store.close()


@pytest.mark.parametrize("indicator", list(POINTS), ids=list(POINTS))
def test_indicator_points_match_the_hand_calculation(golden: tuple[Store, ScoreResult], indicator: str) -> None:
    _, result = golden
    lines = result.lines[result.lines["indicator_id"] == indicator].set_index("unit_id")
    for unit, expected in zip(UNITS, POINTS[indicator], strict=True):
        assert lines.loc[unit, "points"] == pytest.approx(expected, abs=0.005), unit
        assert lines.loc[unit, "points_lost"] == pytest.approx(lines.loc[unit, "max_points"] - expected, abs=0.005)


@pytest.mark.parametrize("expected", EXPECTED_UNITS, ids=[row[0] for row in EXPECTED_UNITS])
def test_unit_totals_grades_and_ranks(golden: tuple[Store, ScoreResult], expected: tuple[object, ...]) -> None:
    _, result = golden
    unit, rank, rank_in_kind, org, svc, gov, qual, bonus, deduction, total, grade, vetoed = expected
    row = result.units.set_index("unit_id").loc[unit]
    assert (row["rank"], row["rank_in_kind"]) == (rank, rank_in_kind)
    for column, value in zip(("组织", "服务", "治理", "评议"), (org, svc, gov, qual), strict=True):
        assert row[column] == pytest.approx(value, abs=0.005), column
    assert row["bonus"] == pytest.approx(bonus)
    assert row["deduction"] == pytest.approx(deduction)
    assert row["total"] == pytest.approx(total, abs=0.005)
    assert row["grade"] == grade
    assert bool(row["vetoed"]) is vetoed


def test_quota_pushes_the_second_excellent_unit_down(golden: tuple[Store, ScoreResult]) -> None:
    _, result = golden
    units = result.units.set_index("unit_id")
    assert units.loc["A", "grade_before_quota"] == "优秀"
    assert units.loc["A", "grade"] == "良好"
    assert (result.units["grade"] == "优秀").sum() == 1


def test_veto_reason_is_shown(golden: tuple[Store, ScoreResult]) -> None:
    _, result = golden
    assert result.units.set_index("unit_id").loc["E", "veto_reason"] == "违纪违法：支部书记受党纪处分"


def test_any_one_of_bonus_counts_only_the_best(golden: tuple[Store, ScoreResult]) -> None:
    _, result = golden
    honours = result.adjustments[(result.adjustments["unit_id"] == "A") & (result.adjustments["category"] == "荣誉")]
    assert sorted(zip(honours["level"], honours["counted"], strict=True)) == [("区级", False), ("市级", True)]


def test_dimensions_add_up_to_the_total(golden: tuple[Store, ScoreResult]) -> None:
    _, result = golden
    units = result.units
    dims = units[list(result.dimensions)].sum(axis=1)
    assert (dims - units["indicator_total"]).abs().max() < 0.005
    assert ((dims + units["bonus"] - units["deduction"]) - units["total"]).abs().max() < 0.005


def test_lineage_names_the_source_rows(golden: tuple[Store, ScoreResult]) -> None:
    store, result = golden
    rows = lineage(store, result, "A", "g_services")
    # services.csv rows 3-12 are A's 2025 services; row 2 (2024-12-31) and row 13 (2026-01-01) are not.
    assert rows["source_file"].unique().tolist() == ["services.csv"]
    assert rows["source_row"].tolist() == list(range(3, 13))


def test_lineage_lists_the_missing_windows(golden: tuple[Store, ScoreResult]) -> None:
    store, result = golden
    rows = lineage(store, result, "D", "g_committee")
    assert rows["detail"].tolist() == ["2025-10 – 2025-12 未召开支委会"]


def test_lineage_marks_dropped_assessor_scores(golden: tuple[Store, ScoreResult]) -> None:
    store, result = golden
    rows = lineage(store, result, "A", "g_review").set_index("assessor")
    assert rows.loc["评委1", "points"] == 9  # the correction, not the first entry
    assert sorted(rows.index[~rows["kept"]]) == ["评委3", "评委4"]  # 10 and 7


def test_lineage_of_adjustments(golden: tuple[Store, ScoreResult]) -> None:
    store, result = golden
    rows = lineage(store, result, "B", "deduction")
    assert sorted(rows["level"]) == ["约谈", "通报"]


def test_result_hash_is_reproducible(golden: tuple[Store, ScoreResult], tmp_path: Path) -> None:
    store, result = golden
    again = score_period(store, "2025", result.scheme)
    assert again.result_hash == result.result_hash
    fresh = fixture_store(tmp_path / "again.duckdb")
    load_assessments(fresh, DATA / "qualitative.csv", scheme=result.scheme)
    load_assessments(fresh, DATA / "adjustments.csv", scheme=result.scheme)
    assert score_period(fresh, "2025", result.scheme).result_hash == result.result_hash
    fresh.close()
