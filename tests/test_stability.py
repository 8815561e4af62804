"""Grade stability: graded exactly as kaohe.scoring grades, 100% far from every boundary, falling towards one.

`grade_codes` (numpy, units × draws) must give the grades kaohe.scoring.grade_units gives — bands, veto,
quota, tie-break dimensions and pinyin or code-point names — which a property test checks on random results
graded by the engine itself. The perturbation is then checked on results built for the purpose: a unit whose total
is further from every grade line than all indicators together can move keeps its grade in every draw, and the
nearer a unit is to a line the more often its grade changes.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaohe import export, results, scorecard, stability
from kaohe.access import LOCAL_VIEWER, AccessDenied, Role, Viewer
from kaohe.periods import parse_period
from kaohe.scheme import Scheme, parse_scheme
from kaohe.scoring import ScoreResult, grade_lines, name_keys
from kaohe.store import Store
from kaohe.thresholds import StabilitySettings

pytest_plugins = ["fixtures_app"]

NAMES = (
    "陇海东路第一社区", "新郑路社区", "陇一社区", "南仓街社区", "新郑里社区", "北三街社区", "陇海中路社区",
    "城东南路社区", "陇海村", "党政办党支部", "党建办党支部", "综治办党支部", "城管科党支部", "民政科党支部",
)  # fmt: skip
FEW_DRAWS = StabilitySettings(band=0.10, draws=400, seed=16, stable_share=0.90)


def scheme_of(
    grades: Sequence[tuple[str, float]] = (("优秀", 90), ("良好", 80), ("合格", 60), ("不合格", 0)),
    quota: float | None = None,
    tie_break: Sequence[str] = ("dimension:甲", "name"),
    maxes: Sequence[float] = (50, 50),
) -> Scheme:
    """A scheme of qualitative indicators in dimensions 甲 and 乙 (the first half in 甲), with these grades."""
    dims = ["甲", "乙"]
    indicators = [
        {"id": f"i{k}", "name": f"指标{k}", "dimension": dims[0] if k < len(maxes) / 2 else dims[1],
         "rule": "qualitative", "max": m}
        for k, m in enumerate(maxes)
    ]  # fmt: skip
    data: dict[str, Any] = {
        "scheme": {"id": "s", "version": 1, "name": "稳定性测试", "period": "2025", "total": sum(maxes),
                   "dimensions": dims},
        "indicators": indicators,
        "grades": [{"grade": g, "min": m} for g, m in grades],
        "veto": {"categories": ["违纪违法"]},
    }  # fmt: skip
    if quota is not None:
        data["quota"] = {"grade": grades[0][0], "share": quota, "tie_break": list(tie_break)}
    return parse_scheme(data)


def scored(scheme: Scheme, points: Sequence[Sequence[float]], vetoed: Sequence[bool] = ()) -> ScoreResult:
    """A result of `points` (units × indicators) graded by kaohe.scoring's own grading (grade_lines)."""
    names = list(NAMES[: len(points)])
    keys = name_keys(pd.Series(names), "pinyin" in scheme.tie_break)
    lines = []
    for u, row in enumerate(points):
        for ind, value in zip(scheme.indicators, row, strict=True):
            lines.append(
                {"unit_id": f"U{u:02d}", "unit": names[u], "kind": "社区", "community": None, "name_key": keys[u],
                 "dimension": ind.dimension, "indicator_id": ind.id, "points": float(value),
                 "max_points": ind.max_points, "factor": 1.0, "weighted_points": float(value), "status": "scored"}
            )  # fmt: skip
    line_frame = pd.DataFrame(lines)
    veto_rows = [
        {"unit_id": f"U{u:02d}", "type": "veto", "category": "违纪违法", "reason": "测试", "counted": True,
         "counted_points": 0.0, "adjustment_id": u}
        for u, v in enumerate(vetoed) if v
    ]  # fmt: skip
    adjustments = pd.DataFrame(
        veto_rows, columns=["unit_id", "type", "category", "reason", "counted", "counted_points", "adjustment_id"]
    )
    units = grade_lines(line_frame, adjustments, scheme)
    return ScoreResult(parse_period("2025"), scheme, units, line_frame.drop(columns=["name_key"]), adjustments, "x")


def grades_again(result: ScoreResult) -> list[str]:
    """The result's own totals graded by `grade_codes` (one draw: no perturbation)."""
    grading = stability.Grading.of(result.scheme)
    totals = result.units["total"].to_numpy(float)[:, None]
    ties = stability.tie_points(result, grading)[:, :, None]
    codes = stability.grade_codes(
        grading, totals, result.units["vetoed"].to_numpy(bool), ties, stability.name_order(result)
    )
    return [grading.grades[c] for c in codes[:, 0]]


# -- graded as the engine grades ---------------------------------------------------------------------------------

# Mostly coarse points near the top, so equal totals split differently between the dimensions — the ties at the
# quota line that the tie-break settles — are common.
coarse_points = st.sampled_from([40.0, 45.0, 50.0]) | st.integers(0, 100).map(lambda n: n / 2)


@st.composite
def results_to_grade(draw: st.DrawFn) -> ScoreResult:
    n = draw(st.integers(2, len(NAMES)))
    points = [[draw(coarse_points), draw(coarse_points)] for _ in range(n)]
    vetoed = draw(st.lists(st.booleans(), min_size=n, max_size=n).map(lambda v: [x and (i % 3 == 0) for i, x in
                                                                                 enumerate(v)]))  # fmt: skip
    quota = draw(st.sampled_from([None, 0.0, 0.2, 0.34, 0.5, 1.0]))
    tie_break = draw(st.sampled_from([("dimension:甲", "name"), ("dimension:乙", "pinyin"), ("pinyin",), ("name",)]))
    grades = draw(
        st.sampled_from(
            [
                (("优秀", 90), ("良好", 80), ("合格", 60), ("不合格", 0)),
                (("好", 60), ("一般", 30), ("差", 0)),
                (("甲等", 75), ("乙等", 50), ("丙等", 49.5), ("丁等", 0)),
            ]
        )
    )
    return scored(scheme_of(grades, quota, tie_break), points, vetoed)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(results_to_grade())
def test_grade_codes_grade_as_the_scoring_engine(result: ScoreResult) -> None:
    assert grades_again(result) == result.units["grade"].tolist()


@pytest.mark.parametrize(
    ("tie_break", "points"),
    [
        # 95 each, one place: 新郑路社区 has more 甲, 陇海东路第一社区 more 乙 and comes later by code point.
        pytest.param(("dimension:乙", "name"), [[45, 50], [50, 45], [30, 30]], id="dimension-before-name"),
        pytest.param(("dimension:甲", "name"), [[45, 50], [50, 45], [30, 30]], id="other-dimension"),
        pytest.param(("name",), [[45, 50], [50, 45], [30, 30]], id="code-point-name"),
        # By code point 新 (U+65B0) comes before 陇 (U+9647); in pinyin order 陇 (long) before 新 (xin).
        pytest.param(("pinyin",), [[45, 50], [50, 45], [30, 30]], id="pinyin-name"),
        pytest.param(("dimension:甲", "pinyin"), [[45, 50], [45, 50], [50, 45], [30, 30]], id="dimension-then-pinyin"),
    ],
)
def test_ties_at_the_quota_line_are_settled_as_the_scoring_engine_settles_them(
    tie_break: tuple[str, ...], points: list[list[float]]
) -> None:
    result = scored(scheme_of(quota=0.34, tie_break=tie_break), points)
    assert grades_again(result) == result.units["grade"].tolist()
    assert result.units["grade"].tolist().count("优秀") == 1


def test_totals_are_rounded_as_the_scoring_engine_rounds_them() -> None:
    values = np.array([89.994999, 89.995, 0.005, -3.0, 2.675, 79.99999999])
    assert stability.round_total(values).tolist() == [89.99, 90.0, 0.01, 0.0, 2.68, 80.0]


@pytest.fixture(scope="module")
def demo(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path = tmp_path_factory.mktemp("stability_demo") / "kaohe.duckdb"
    shutil.copyfile(demo_db_template, path)
    with Store(path) as store:
        yield store


@pytest.mark.parametrize("code", ["2024", "2025", "2026"])
def test_the_demo_grades_are_given_back_unperturbed(demo: Store, code: str) -> None:
    period = parse_period(code)
    result = results.scored(demo, period, as_of=results.default_cutoff(demo, period))
    assert grades_again(result) == result.units["grade"].tolist()
    # The whole perturbation pipeline with a band too narrow to move a total keeps every grade in every draw.
    still = stability.kept_shares(result, StabilitySettings(band=1e-12, draws=50, seed=1))
    assert still.tolist() == [1.0] * len(result.units)


# -- stable far from a line, less so near one -----------------------------------------------------------------

# Four indicators of 25 points: ±10% moves each by at most 2.5, the total by at most 10. Grade lines 95/70/40.
WIDE = scheme_of((("优秀", 95), ("良好", 70), ("合格", 40), ("不合格", 0)), maxes=(25, 25, 25, 25))


def one_unit(total: float) -> ScoreResult:
    """One unit of `total` points spread evenly, every indicator between 5 and 20 (so no draw is clipped)."""
    return scored(WIDE, [[total / 4] * 4])


@settings(max_examples=30, deadline=None)
@given(st.floats(50.01, 59.99))
def test_a_unit_far_from_every_line_keeps_its_grade_in_every_draw(total: float) -> None:
    assert stability.kept_shares(one_unit(round(total, 2)), FEW_DRAWS).tolist() == [1.0]


@settings(max_examples=30, deadline=None)
@given(st.floats(0.01, 11.0), st.floats(0.01, 11.0))
def test_the_nearer_a_line_the_less_often_the_grade_holds(a: float, b: float) -> None:
    near, far = sorted((round(a, 2), round(b, 2)))
    # Both 良好, above the 70 line; one draw moves both totals alike (same seed, one unit each).
    kept_near = stability.kept_shares(one_unit(70 + near), FEW_DRAWS)[0]
    kept_far = stability.kept_shares(one_unit(70 + far), FEW_DRAWS)[0]
    assert kept_near <= kept_far
    if far >= 10:
        assert kept_far == 1.0
    if near <= 0.5:
        assert kept_near < 0.75


def test_a_grade_held_by_a_hair_is_borderline_and_names_what_decides_it() -> None:
    scheme = scheme_of(maxes=(40, 30, 20, 10))
    # 90.3: 0.3 above 优秀; 70: 10 from both its lines (every indicator together moves it 10 at most); 60.2: 0.2
    # above 合格.
    result = scored(scheme, [[37.3, 28, 16, 9], [30, 20, 14, 6], [24.2, 18, 12, 6]])
    frame = stability.grade_stability(result, FEW_DRAWS).set_index("unit_id")
    assert frame["status"].tolist() == ["borderline", "stable", "borderline"]
    assert frame["grade"].tolist() == ["优秀", "合格", "合格"]
    assert frame.loc["U01", "kept_share"] == 1.0
    assert frame.loc["U00", "boundary_margin"] == pytest.approx(0.3)
    assert frame.loc["U02", "boundary"] == 60 and frame.loc["U02", "boundary_grade"] == "合格"
    # To fall 0.3, the indicator that can lose most (4 of 40 points) is enough; stable units name none.
    assert frame.loc["U00", "deciding"] == (("i0", -4.0),)
    assert frame.loc["U01", "deciding"] == ()
    assert np.isnan(frame["quota_margin"]).all()


def test_the_quota_line_margin_of_kept_and_left_out_units() -> None:
    # One place of 优秀 (floor(0.34 × 3) = 1): 93 keeps it, 92 is left out, 86 never reached 90.
    scheme = scheme_of(quota=0.34)
    result = scored(scheme, [[47, 46], [46, 46], [43, 43]])
    frame = stability.grade_stability(result, FEW_DRAWS).set_index("unit_id")
    assert frame["grade"].tolist() == ["优秀", "良好", "良好"]
    assert frame.loc["U00", "quota_margin"] == pytest.approx(1.0)
    assert frame.loc["U01", "quota_margin"] == pytest.approx(-1.0)
    assert np.isnan(frame.loc["U02", "quota_margin"])
    assert frame.loc["U02", "boundary_margin"] == pytest.approx(-4.0)
    # One point apart for one place: neither grade is safe.
    assert (frame.loc[["U00", "U01"], "status"] == "borderline").all()


def test_a_vetoed_unit_keeps_its_grade_whatever_the_points() -> None:
    result = scored(scheme_of(), [[45, 45], [30, 30]], vetoed=[True, False])
    frame = stability.grade_stability(result, FEW_DRAWS).set_index("unit_id")
    assert frame.loc["U00", "grade"] == "不合格"
    assert (frame.loc["U00", "kept_share"], frame.loc["U00", "status"]) == (1.0, "stable")


def test_lines_not_required_of_a_unit_do_not_move() -> None:
    # 92: the first line at full points can only lose (up to 5), unless it is exempt (not required of the unit:
    # full points by rule), when only the second moves.
    result = scored(scheme_of(maxes=(50, 50)), [[50, 42]])
    lines = result.lines.assign(status=["not_required", "scored"])
    moving = stability.kept_shares(result, FEW_DRAWS)[0]
    fixed = stability.kept_shares(replace(result, lines=lines), FEW_DRAWS)[0]
    assert fixed > moving


# -- through the one door: who sees it, and the export column ---------------------------------------------------


def test_stability_comes_through_results_for_those_who_see_scores(demo: Store) -> None:
    shown = results.view(demo, LOCAL_VIEWER, parse_period("2025"))
    frame = results.grade_stability(demo, LOCAL_VIEWER, shown)
    assert frame["unit_id"].tolist() == shown.score.units["unit_id"].tolist()
    assert set(frame["status"]) == {"stable", "borderline"}
    again = results.grade_stability(demo, Viewer("书记", Role.SECRETARY), shown)
    pd.testing.assert_frame_equal(again, frame)
    for viewer in (Viewer("分析员", Role.ANALYST), Viewer("支部", Role.BRANCH, "SQ01")):
        with pytest.raises(AccessDenied):
            results.grade_stability(demo, viewer, shown)


def test_the_exported_ranking_says_how_stable_each_grade_is(demo: Store) -> None:
    ctx = export.context(demo, LOCAL_VIEWER, parse_period("2025"))
    assert ctx.stability is not None
    book = openpyxl.load_workbook(io.BytesIO(export.export_bytes(ctx, "xlsx")))
    sheet = book["排名"]
    headings = [c.value for c in sheet[4]]
    column = headings.index("等次稳定性")
    written = [row[column].value for row in sheet.iter_rows(min_row=5)]
    pairs = zip(ctx.stability["status"], ctx.stability["kept_share"], strict=True)
    statuses = dict(zip(ctx.stability["unit_id"], pairs, strict=True))
    expected = [
        "稳定" if statuses[u][0] == "stable" else f"临界（保持 {100 * statuses[u][1]:.0f}%）"
        for u in ctx.result.units["unit_id"]
    ]
    assert written == expected
    assert any(text.startswith("临界") for text in written) and "稳定" in written


def test_the_ranking_gets_the_aids_columns(demo: Store) -> None:
    shown = results.view(demo, LOCAL_VIEWER, parse_period("2025"))
    frame = results.grade_stability(demo, LOCAL_VIEWER, shown)
    table = scorecard.ranking(shown.score, aids=scorecard.assessor_aids(shown.score, frame, None))
    assert list(table.columns[:9]) == ["rank", "unit_id", "unit", "kind", "community", "total", "grade",
                                       "stability", "open_flags"]  # fmt: skip
    assert table["open_flags"].isna().all()
    borderline = set(frame.loc[frame["status"] == "borderline", "unit_id"])
    assert set(table.loc[table["stability"] == "borderline", "unit_id"]) == borderline
