"""The scorecard library on the demo database: what each viewer sees, filters, the card, lineage, comparisons.

Expected figures come from kaohe.scoring.score_period on the same database (the engine is tested on its own in
the test_scoring_* files); these tests check that the scorecard passes them on, filtered and reshaped, intact.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from kaohe import results, scorecard
from kaohe.access import LOCAL_VIEWER, AccessDenied, Role, Viewer
from kaohe.periods import parse_period
from kaohe.scheme import load_scheme, scheme_for_period
from kaohe.scoring import ScoreResult, lineage, score_period
from kaohe.store import Store

pytest_plugins = ["fixtures_app"]

BRANCH = Viewer(user="sq06", role=Role.BRANCH, unit_id="SQ06")
ANALYST = Viewer(user="ana", role=Role.ANALYST)
SECRETARY = Viewer(user="sec", role=Role.SECRETARY)


@pytest.fixture(scope="module")
def store(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    db = tmp_path_factory.mktemp("scorecard") / "kaohe.duckdb"
    shutil.copyfile(demo_db_template, db)
    with Store(db) as opened:
        yield opened


def _score(store: Store, code: str) -> ScoreResult:
    period = parse_period(code)
    return score_period(store, period, load_scheme(scheme_for_period(period)))


@pytest.fixture(scope="module")
def result(store: Store) -> ScoreResult:
    return _score(store, "2025")


# -- who sees what ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("viewer", "units"),
    [
        pytest.param(LOCAL_VIEWER, 36, id="local-sees-all"),
        pytest.param(SECRETARY, 36, id="secretary-sees-all"),
        pytest.param(BRANCH, 1, id="branch-sees-own"),
        pytest.param(ANALYST, 36, id="analyst-sees-all"),
    ],
)
def test_visible_keeps_the_units_the_viewer_may_see(result: ScoreResult, viewer: Viewer, units: int) -> None:
    seen = results.visible(result, viewer)
    assert len(seen.units) == units
    assert set(seen.lines["unit_id"]) == set(seen.units["unit_id"])


@pytest.mark.parametrize("viewer", [BRANCH, ANALYST], ids=["branch", "analyst"])
def test_unpublished_scores_are_refused_without_view_scores(store: Store, viewer: Viewer) -> None:
    with pytest.raises(AccessDenied):
        results.view(store, viewer, parse_period("2025"))


def test_a_branch_keeps_its_rank_among_all_units_and_loses_the_evidence_notes(
    store: Store, result: ScoreResult
) -> None:
    seen = results.visible(result, BRANCH)
    full = result.units.set_index("unit_id").loc["SQ06"]
    assert seen.units["rank"].tolist() == [full["rank"]]
    assert seen.units["total"].tolist() == [full["total"]]
    assert seen.adjustments["evidence"].isna().all()
    assert result.adjustments["evidence"].notna().any()  # the full result does carry them
    with pytest.raises(AccessDenied):
        scorecard.unit_card(store, seen, "SQ01", BRANCH)


# -- the ranking -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kinds", "communities", "search", "expected"),
    [
        pytest.param((), (), "", lambda u: pd.Series(True, index=u.index), id="no-filter"),
        pytest.param(("社区",), (), "", lambda u: u["kind"] == "社区", id="kind"),
        pytest.param(("机关", "企业"), (), "", lambda u: u["kind"].isin(["机关", "企业"]), id="two-kinds"),
        pytest.param((), ("新郑路社区",), "", lambda u: u["community"] == "新郑路社区", id="community"),
        pytest.param((), (), "sq0", lambda u: u["unit_id"].str.startswith("SQ0"), id="id-any-case"),
        pytest.param((), (), "物业", lambda u: u["unit"].str.contains("物业"), id="name"),
        pytest.param(
            ("企业",), (), "物业", lambda u: (u["kind"] == "企业") & u["unit"].str.contains("物业"), id="both"
        ),
    ],
)
def test_ranking_filters(result: ScoreResult, kinds: tuple[str, ...], communities: tuple[str, ...], search: str,
                         expected: object) -> None:  # fmt: skip
    table = scorecard.ranking(result, kinds, communities, search)
    mask = expected(result.units)  # type: ignore[operator]
    assert table["unit_id"].tolist() == result.units.loc[mask, "unit_id"].tolist()
    assert len(table) > 0
    assert list(table.columns) == [*scorecard.RANKING_HEAD, *result.dimensions, *scorecard.RANKING_TAIL]


def test_grade_counts_and_top_and_bottom(result: ScoreResult) -> None:
    counts = scorecard.grade_counts(result)
    assert list(counts) == ["优秀", "良好", "合格", "不合格"]
    assert sum(counts.values()) == 36
    assert counts == result.units["grade"].value_counts().to_dict()
    top, bottom = scorecard.top_and_bottom(result, 5)
    assert top["unit_id"].tolist() == result.units["unit_id"].head(5).tolist()
    assert bottom["unit_id"].tolist() == result.units["unit_id"].tail(5).tolist()
    # A veto ranks last whatever the points: the bottom five end on the vetoed unit.
    assert bool(result.units.set_index("unit_id").loc[bottom["unit_id"].iloc[-1], "vetoed"])


# -- the card --------------------------------------------------------------------------------------------------


def test_card_carries_the_scored_lines_and_the_ledger_months(store: Store, result: ScoreResult) -> None:
    card = scorecard.unit_card(store, result, "SQ01", LOCAL_VIEWER)
    assert card.lines["points"].tolist() == result.unit_lines("SQ01")["points"].tolist()
    assert card.unit["total"] == result.units.set_index("unit_id").loc["SQ01", "total"]
    services = (
        store.cursor()
        .execute("select count(*) from services where unit_id = 'SQ01' and year(service_date) = 2025")
        .fetchone()
    )
    assert len(card.monthly) == 12
    assert int(card.monthly["services"].sum()) == services[0]  # type: ignore[index]
    assert card.comments is not None  # the local user may read comments (the demo has none)


def test_waterfall_goes_from_full_marks_to_the_total(store: Store, result: ScoreResult) -> None:
    labels = scorecard.WaterfallLabels("满分", "加分", "扣分", "总分")
    for unit_id in result.units["unit_id"]:
        card = scorecard.unit_card(store, result, unit_id, LOCAL_VIEWER)
        steps = scorecard.waterfall(card, result.scheme.total_points, labels)
        assert steps[0].value == 100 and steps[-1].value == card.unit["total"]
        running = sum(step.value for step in steps[:-1])
        # Each indicator's weighted points are kept to 0.01, so the steps may miss the total by a few cents.
        assert running == pytest.approx(card.unit["total"], abs=0.05), unit_id


def test_completion_is_actual_over_target(store: Store, result: ScoreResult) -> None:
    card = scorecard.unit_card(store, result, "SQ02", LOCAL_VIEWER)
    done = scorecard.completion(card).set_index("indicator_id")
    line = result.unit_lines("SQ02").set_index("indicator_id").loc["svc_count"]
    assert done.loc["svc_count", "completion"] == pytest.approx(line["actual"] / line["target"])
    assert "org_committee" not in done.index  # no target: a deduction per missed month


def test_comments_are_shown_to_whoever_may_read_them(demo_db_template: Path, tmp_path: Path) -> None:
    db = tmp_path / "kaohe.duckdb"
    shutil.copyfile(demo_db_template, db)
    with Store(db) as store:
        with store.transaction() as cur:
            cur.execute(
                "insert into qualitative_scores (period, assessor, unit_id, indicator_id, score, comment, entered_by)"
                " values ('2025', '张三', 'SQ06', 'qual_review', 8, '台账规范，服务有特色', 'test')"
            )
        result = _score(store, "2025")
        card = scorecard.unit_card(store, result, "SQ06", SECRETARY)
        assert card.comments is not None
        assert card.comments[["indicator", "assessor", "comment"]].values.tolist() == [
            ["书记述职评议", "张三", "台账规范，服务有特色"]
        ]
        branch_card = scorecard.unit_card(store, results.visible(result, BRANCH), "SQ06", BRANCH)
        assert branch_card.comments is None


def test_monthly_query_binds_the_unit_scope(store: Store) -> None:
    params = {**parse_period("2025").params(), "unit_id": "SQ01"}
    assert len(store.query("scorecard/unit_monthly", {**params, "unit_scope": ("SQ06",)})) == 0
    assert len(store.query("scorecard/unit_monthly", {**params, "unit_scope": ("SQ01",)})) == 12
    # A leader's several units: one of them is enough.
    assert len(store.query("scorecard/unit_monthly", {**params, "unit_scope": ("QY01", "SQ01")})) == 12
    assert len(store.query("scorecard/unit_monthly", {**params, "unit_scope": None})) == 12


# -- lineage and downloads -------------------------------------------------------------------------------------


@pytest.mark.parametrize("indicator_id", ["svc_count", "svc_deeds", "gov_resolution", "bonus"])
def test_indicator_rows_are_the_scoring_lineage(store: Store, result: ScoreResult, indicator_id: str) -> None:
    rows = scorecard.indicator_rows(store, result, "SQ01", indicator_id, LOCAL_VIEWER)
    expected = lineage(store, result, "SQ01", indicator_id)
    pd.testing.assert_frame_equal(rows, expected)
    assert len(rows) > 0


def test_csv_has_a_bom_and_escapes_formulas_and_xlsx_reads_back() -> None:
    frame = pd.DataFrame({"内容": ["=1+1", "义诊"], "人次": [3, 4]})
    data = scorecard.csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines() == ["内容,人次", "'=1+1,3", "义诊,4"]
    sheet = openpyxl.load_workbook(io.BytesIO(scorecard.xlsx_download(frame, "计分依据"))).active
    assert [c.value for c in sheet[2]] == ["=1+1", 3]
    assert sheet["A2"].data_type == "s"  # text, not a formula


# -- comparisons -----------------------------------------------------------------------------------------------


def test_compare_units_side_by_side(result: ScoreResult) -> None:
    comparison = scorecard.compare_units(result, ["SQ01", "JG05"], LOCAL_VIEWER)
    assert comparison.names == ("陇海东路第一社区", "民政科党支部")
    units = result.units.set_index("unit_id")
    assert comparison.dimensions["陇海东路第一社区"].tolist() == units.loc["SQ01", list(result.dimensions)].tolist()
    assert comparison.totals["民政科党支部"] == units.loc["JG05", "total"]
    assert comparison.dimensions["max"].sum() == pytest.approx(100, abs=0.05)
    with pytest.raises(ValueError, match="至少选择两个"):
        scorecard.compare_units(result, ["SQ01"], LOCAL_VIEWER)


def test_compare_a_unit_with_the_year_before(store: Store, result: ScoreResult) -> None:
    before = _score(store, "2024")
    comparison = scorecard.compare_periods(result, before, "SQ01", LOCAL_VIEWER)
    assert comparison.names == ("2025", "2024")
    assert comparison.totals == {
        "2025": result.units.set_index("unit_id").loc["SQ01", "total"],
        "2024": before.units.set_index("unit_id").loc["SQ01", "total"],
    }
    points_2024 = before.unit_lines("SQ01").set_index("indicator_id")["points"]
    assert comparison.indicators.set_index("indicator_id")["2024"].to_dict() == points_2024.to_dict()


def test_without_view_scores_a_viewer_sees_the_published_result_only(demo_db_template: Path, tmp_path: Path) -> None:
    from kaohe import publish

    db = tmp_path / "kaohe.duckdb"
    shutil.copyfile(demo_db_template, db)
    period = parse_period("2025")
    with Store(db) as store:
        live = _score(store, "2025")
        with pytest.raises(AccessDenied, match="尚未公布"):
            results.view(store, BRANCH, period)
        assert len(results.view(store, SECRETARY, period).score.units) == 36
        publication = publish.publish(store, LOCAL_VIEWER, "2025")
        assert publication.result_hash == live.result_hash
        own = results.view(store, BRANCH, period)
        assert own.status is results.Status.PUBLISHED
        assert own.score.units["unit_id"].tolist() == ["SQ06"]
        assert own.score.result_hash == live.result_hash
        assert len(results.view(store, ANALYST, period).score.units) == 36
