"""Weighting never lets a dimension read above its full mark: the "17.51 against a full mark of 17.50" of the printed
report card.

The demo's 2025 scheme weighs its 定量 indicators by 0.7 × 100 / 80 = 0.875. Rounded one by one, 基层治理's four
indicators (6, 6, 5 and 3 points) were worth 5.25 + 5.25 + 4.38 + 2.63 = 17.51, the dimension's max × factor 17.50;
full points everywhere gave 100.02 of 100. kaohe.scoring.weighted_maxima settles the cents within the dimension.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
import pypdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kaohe import PROJECT_ROOT, export, results
from kaohe.access import LOCAL_VIEWER
from kaohe.export_content import dimension_max
from kaohe.periods import parse_period
from kaohe.scheme import load_scheme
from kaohe.scoring import round_points, weigh, weighted_maxima
from kaohe.store import Store

pytest_plugins = ["fixtures_app"]

SCHEMES = {
    "demo-2024": PROJECT_ROOT / "data" / "schemes" / "2024.toml",
    "demo-2025": PROJECT_ROOT / "data" / "schemes" / "2025.toml",
    "demo-2026": PROJECT_ROOT / "data" / "schemes" / "2026.toml",
    "golden": PROJECT_ROOT / "tests" / "data" / "scoring" / "golden_scheme.toml",
}


@pytest.mark.parametrize(
    ("indicators", "expected"),
    [
        pytest.param(
            {"gov_resolution": 5.25, "gov_incidents": 5.25, "gov_closure": 4.38, "gov_consult": 2.62},
            17.50,
            id="基层治理-one-cent-settled-on-the-larger-max",
        ),
        pytest.param(
            {
                "org_committee": 5.25,
                "org_assembly": 5.25,
                "org_group": 3.5,
                "org_party_day": 2.62,
                "org_lecture": 3.5,
                "org_attendance": 6.13,
            },
            26.25,
            id="组织建设-one-cent-of-two-equal-remainders-to-the-larger-max",
        ),
    ],
)
def test_demo_weighted_maxima_add_up_to_the_dimension(indicators: dict[str, float], expected: float) -> None:
    maxima = weighted_maxima(load_scheme(SCHEMES["demo-2025"]))
    assert {key: maxima[key] for key in indicators} == indicators
    assert round(sum(indicators.values()), 2) == expected


@pytest.mark.parametrize("name", list(SCHEMES))
def test_full_points_everywhere_give_exactly_each_dimension_max_and_the_schemes_total(name: str) -> None:
    scheme = load_scheme(SCHEMES[name])
    maxima = weighted_maxima(scheme)
    for dimension in scheme.dimensions:
        members = [ind for ind in scheme.indicators if ind.dimension == dimension]
        exact = sum(ind.max_points * scheme.component_factor(ind.component) for ind in members)
        assert round(sum(maxima[ind.id] for ind in members), 2) == float(round_points(exact)), dimension
    assert round(sum(maxima.values()), 2) == scheme.total_points


@settings(max_examples=60, deadline=None)
@given(shares=st.lists(st.floats(0, 1), min_size=17, max_size=17))
def test_no_points_can_weigh_more_than_the_dimension_max(shares: list[float]) -> None:
    scheme = load_scheme(SCHEMES["demo-2025"])
    maxima = weighted_maxima(scheme)
    sums = dict.fromkeys(scheme.dimensions, 0.0)
    for ind, share in zip(scheme.indicators, shares, strict=True):
        points = round_points(share * ind.max_points)
        weighted = float(weigh(points, float(ind.max_points), maxima[ind.id]))
        assert 0 <= weighted <= maxima[ind.id]
        sums[ind.dimension] += weighted
    for dimension, total in sums.items():
        top = sum(maxima[i.id] for i in scheme.indicators if i.dimension == dimension)
        assert round(total, 2) <= round(top, 2), dimension


def test_weighing_unchanged_where_max_times_factor_needs_no_settling() -> None:
    # 4.67 of 6 at 0.875: 4.08625 → 4.09, as points × factor always gave; 2.5 of 5 at 0.875 (4.38): 2.19.
    assert weigh(np.array([4.67, 6.0, 0.0]), 6.0, 5.25).tolist() == [4.09, 5.25, 0.0]
    assert weigh(np.array([2.5, 5.0]), 5.0, 4.38).tolist() == [2.19, 4.38]


def test_the_demo_result_and_its_printed_report_card_agree_and_stay_within_the_full_marks(demo_db: Path) -> None:
    with Store(demo_db) as store:
        ctx = export.context(store, LOCAL_VIEWER, parse_period("2025"), published=False, lang="zh")
        shown = results.view(store, LOCAL_VIEWER, parse_period("2025"), published=False)
    units = shown.score.units
    maxima = dimension_max(shown.score)
    assert maxima["基层治理"] == 17.50
    for dimension, top in maxima.items():
        assert (units[dimension] <= top).all(), units.loc[units[dimension] > top, ["unit", dimension]]
    # Lines add up to the dimension columns exactly (the same figures on every surface).
    sums = shown.score.lines.groupby(["unit_id", "dimension"])["weighted_points"].sum().round(2).unstack()
    for dimension in maxima:
        assert sums[dimension].reindex(units["unit_id"]).tolist() == units[dimension].tolist()
    full = units[units["基层治理"] == 17.50]
    assert not full.empty  # units with full points on 基层治理 read 17.50, as its full mark does
    reader = pypdf.PdfReader(io.BytesIO(export.export_bytes(ctx, "pdf")))
    position = int(full.index[0])
    card = re.sub(r"[\s\x00]+", "", reader.pages[-len(units) + position].extract_text())
    assert card.startswith(re.sub(r"\s+", "", str(full["unit"].iloc[0])))
    assert "17.51" not in card
    assert card.count("17.50") >= 2  # the unit's points and the full mark, side by side
