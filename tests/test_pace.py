"""Pace: the share of a target due by a date (linear or in steps), the status thresholds, and the demo's 2026."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from kaohe import pace, results
from kaohe.access import LOCAL_VIEWER, AccessDenied, Role, Viewer
from kaohe.pace import PaceStatus
from kaohe.periods import expected_share, parse_period
from kaohe.scheme import SchemeError, load_scheme, parse_scheme, scheme_for_period
from kaohe.scoring import ScoreResult, score_period
from kaohe.store import Store

pytest_plugins = ["fixtures_app"]


@pytest.mark.parametrize(
    ("pace_", "period", "as_of", "share"),
    [
        pytest.param("linear", "2026", date(2026, 1, 1), 1 / 365, id="linear-first-day"),
        pytest.param("linear", "2026", date(2026, 7, 2), 183 / 365, id="linear-mid-year"),
        pytest.param("linear", "2024", date(2024, 2, 29), 60 / 366, id="linear-leap-year"),
        pytest.param("linear", "2026", date(2026, 12, 31), 1.0, id="linear-last-day"),
        pytest.param("linear", "2026", date(2025, 12, 31), 0.0, id="linear-before-start"),
        pytest.param("monthly", "2026", date(2026, 1, 30), 0.0, id="monthly-january-not-over"),
        pytest.param("monthly", "2026", date(2026, 1, 31), 1 / 12, id="monthly-january-over"),
        pytest.param("monthly", "2026", date(2026, 6, 15), 5 / 12, id="monthly-mid-june"),
        pytest.param("monthly", "2026", date(2026, 10, 31), 10 / 12, id="monthly-end-october"),
        pytest.param("quarterly", "2026", date(2026, 3, 30), 0.0, id="quarterly-q1-not-over"),
        pytest.param("quarterly", "2026", date(2026, 3, 31), 1 / 4, id="quarterly-q1-over"),
        pytest.param("quarterly", "2026", date(2026, 10, 31), 3 / 4, id="quarterly-end-october"),
        pytest.param("quarterly", "2026-H1", date(2026, 5, 31), 1 / 2, id="quarterly-in-a-half-year"),
        pytest.param("quarterly", "2026-05", date(2026, 5, 20), 0.0, id="quarterly-in-a-month-period"),
        pytest.param("monthly", "2026-Q2", date(2026, 6, 30), 1.0, id="monthly-quarter-complete"),
    ],
)
def test_expected_share(pace_: str, period: str, as_of: date, share: float) -> None:
    assert expected_share(pace_, parse_period(period), as_of) == pytest.approx(share)


def test_steps_lag_behind_the_linear_share_within_a_month() -> None:
    period, day = parse_period("2026"), date(2026, 6, 20)
    assert expected_share("quarterly", period, day) < expected_share("monthly", period, day)
    assert expected_share("monthly", period, day) < expected_share("linear", period, day)


@pytest.mark.parametrize(
    ("actual", "expected", "target", "status"),
    [
        pytest.param(120, 100, 200, PaceStatus.ON_TRACK, id="ahead"),
        pytest.param(95, 100, 200, PaceStatus.ON_TRACK, id="exactly-95-percent"),
        pytest.param(94.9, 100, 200, PaceStatus.BEHIND, id="just-under-95"),
        pytest.param(85, 100, 200, PaceStatus.BEHIND, id="exactly-85-percent"),
        pytest.param(84.9, 100, 200, PaceStatus.ALERT, id="just-under-85"),
        pytest.param(0, 100, 200, PaceStatus.ALERT, id="nothing-done"),
        pytest.param(200, 100, 200, PaceStatus.MET, id="whole-target-reached"),
        pytest.param(0, 0, 200, PaceStatus.ON_TRACK, id="nothing-due-yet"),
    ],
)
def test_pace_status(actual: float, expected: float, target: float, status: PaceStatus) -> None:
    assert pace.pace_status(actual, expected, target) is status


def test_scheme_refuses_an_unknown_pace_naming_the_indicator() -> None:
    import tomllib

    data = tomllib.loads((scheme_for_period(parse_period("2026"))).read_text(encoding="utf-8"))
    data["indicators"][6]["pace"] = "weekly"
    with pytest.raises(SchemeError) as err:
        parse_scheme(data, "2026.toml")
    expected = "指标 svc_count：字段 pace 应为 linear, monthly, quarterly 之一，实际为 'weekly'"
    assert expected in err.value.problem_texts("zh")


def test_the_default_cutoff_is_the_latest_ledger_date_capped_at_today(store: Store) -> None:
    with store.transaction() as cur:
        cur.execute("insert into units (unit_id, name, kind, members) values ('U1', '甲', '社区', 30)")
        cur.execute("insert into services values ('2026-05-20', 'U1', '义诊', 't', 3, 1, 1, 'x', 's.csv', 2, 1)")
        cur.execute("insert into meetings values ('2026-06-03', 'U1', '支委会', 5, 5, 't', 'm.csv', 2, 1)")
    period = parse_period("2026")
    assert results.default_cutoff(store, period, date(2026, 11, 28)) == date(2026, 6, 3)
    assert results.default_cutoff(store, period, date(2026, 6, 1)) == date(2026, 6, 1)
    # A period that has ended is scored whole, however far its ledgers reach.
    assert results.default_cutoff(store, parse_period("2025"), date(2026, 11, 28)) is None
    # A period under way with nothing imported yet is cut off today.
    assert results.default_cutoff(store, parse_period("2026-Q4"), date(2026, 11, 28)) == date(2026, 11, 28)


@pytest.fixture(scope="module")
def scored_2026(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[ScoreResult, date]:
    db = tmp_path_factory.mktemp("pace") / "kaohe.duckdb"
    shutil.copyfile(demo_db_template, db)
    period = parse_period("2026")
    with Store(db) as store:
        as_of = results.default_cutoff(store, period, date(2026, 11, 28))
        assert as_of == date(2026, 10, 31)
        result = score_period(store, period, load_scheme(scheme_for_period(period)), as_of)
    return result, as_of


@pytest.fixture(scope="module")
def pace_2026(scored_2026: tuple[ScoreResult, date]) -> pace.Pace:
    return pace.period_pace(scored_2026[0], LOCAL_VIEWER)


def test_demo_2026_flags_the_lagging_branches_in_october(pace_2026: pace.Pace) -> None:
    behind = set(pace_2026.behind()["unit_id"])
    # The demo generator runs these three at half their 2025 pace or less in 2026.
    assert {"SQ06", "JG05", "QY04"} <= behind
    # ... and most branches keep pace: a pace view that flags everyone tells the secretary nothing.
    assert len(behind) <= 12
    assert sum(pace_2026.counts().values()) == 36


def test_pace_lines_compare_actual_with_target_times_share(
    pace_2026: pace.Pace, scored_2026: tuple[ScoreResult, date]
) -> None:
    paced = pace_2026.lines
    sq06 = paced[(paced["unit_id"] == "SQ06") & (paced["indicator_id"] == "svc_errands")].iloc[0]
    assert sq06["pace"] == "monthly"
    assert sq06["expected_share"] == pytest.approx(10 / 12)
    assert sq06["expected"] == pytest.approx(sq06["target"] * 10 / 12)
    assert sq06["status"] == pace.pace_status(sq06["actual"], sq06["expected"], sq06["target"]).value
    # The expected figure is what scoring owes at the cut-off: pace and the scorecard agree.
    lines = scored_2026[0].lines
    scored = lines[(lines["unit_id"] == "SQ06") & (lines["indicator_id"] == "svc_errands")].iloc[0]
    assert sq06["expected"] == pytest.approx(scored["target"])
    assert sq06["target"] == pytest.approx(scored["target_full"])
    # Only count indicators with a target above 0 are paced (no rates, no qualitative scores).
    assert set(paced["indicator_id"]) == {"org_lecture", "svc_count", "svc_people", "svc_errands", "svc_deeds",
                                          "gov_consult"}  # fmt: skip
    assert not ((paced["indicator_id"] == "svc_errands") & (paced["kind"] == "机关")).any()


def test_a_branch_viewer_sees_only_its_own_pace(scored_2026: tuple[ScoreResult, date]) -> None:
    branch = Viewer(user="sq06", role=Role.BRANCH, unit_id="SQ06")
    own = pace.period_pace(scored_2026[0], branch)
    assert own.units["unit_id"].tolist() == ["SQ06"]
    assert set(own.lines["unit_id"]) == {"SQ06"}


def test_a_role_without_data_access_is_refused(scored_2026: tuple[ScoreResult, date]) -> None:
    with pytest.raises(AccessDenied):
        pace.period_pace(scored_2026[0], Viewer(user="root", role=Role.ADMIN))
