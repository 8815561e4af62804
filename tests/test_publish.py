"""Publishing: a frozen result never changes; later changes of data or scheme are reported as differences."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kaohe import entry, publish, results, workflow
from kaohe.access import LOCAL_VIEWER, AccessDenied, Role, Viewer
from kaohe.periods import parse_period
from kaohe.scoring import score_period
from kaohe.store import Store

pytest_plugins = ["fixtures_app"]

SECRETARY = Viewer("书记", Role.SECRETARY)
ASSESSOR = Viewer("考核组", Role.ASSESSOR)


@pytest.fixture
def demo(fresh_demo_db: Path) -> Iterator[Store]:
    with Store(fresh_demo_db) as store:
        yield store


def test_publishing_freezes_the_ranking_with_hash_scheme_who_and_when(demo: Store) -> None:
    scheme = workflow.scheme_in_force(demo, "2025")
    scored = score_period(demo, "2025", scheme)
    published = publish.publish(demo, SECRETARY, "2025", note="党工委会议审定")
    assert (published.period, published.revision, published.published_by) == ("2025", 1, "书记")
    assert (published.scheme_id, published.scheme_version, published.result_hash) == ("2025", 1, scored.result_hash)
    frozen = publish.frozen_result(demo, published)
    assert frozen.units[["unit_id", "rank", "total", "grade"]].equals(
        scored.units[["unit_id", "rank", "total", "grade"]]
    )
    assert len(frozen.lines) == len(scored.lines) and len(frozen.adjustments) == len(scored.adjustments)
    # The frozen rows are also queryable as tables.
    rows = (
        demo.cursor()
        .execute(
            "select unit_id, rank, total, grade from published_units where publication_id = ? order by rank, unit_id",
            [published.publication_id],
        )
        .fetchall()
    )
    expected = scored.units.sort_values(["rank", "unit_id"])[["unit_id", "rank", "total", "grade"]]
    assert rows == [tuple(r) for r in expected.itertuples(index=False)]
    assert publish.current_publication(demo, "2025") == published


def test_a_published_result_does_not_change_when_data_change_and_the_difference_is_reported(demo: Store) -> None:
    published = publish.publish(demo, SECRETARY, "2025")
    before = publish.frozen_result(demo, published).units.copy()
    assert not publish.drift(demo, LOCAL_VIEWER, published).changed
    scheme = workflow.scheme_in_force(demo, "2025")
    row = before.set_index("unit_id").loc["SQ07"]
    entry.add_adjustment(
        demo, ASSESSOR, "2025", scheme,
        entry.AdjustmentInput("SQ07", "bonus", "荣誉表彰", "省级", None, "省级表彰", "豫组〔2025〕40号"),
    )  # fmt: skip
    after = publish.frozen_result(demo, published).units
    assert after.equals(before)  # the publication is untouched
    drift = publish.drift(demo, LOCAL_VIEWER, published)
    assert (drift.changed, drift.data_changed, drift.scheme_changed) == (True, True, False)
    assert drift.result_hash_now != published.result_hash
    moved = drift.changes.set_index("unit_id").loc["SQ07"]
    assert (moved["total_before"], moved["total_after"]) == (row["total"], round(row["total"] + 3, 2))
    assert moved["reasons"] == "加分 0.00 → 3.00"


def test_a_publication_hashed_by_an_earlier_engine_stands_while_its_figures_do(demo: Store) -> None:
    """A new scoring engine may fingerprint results differently: drift is decided on the figures themselves."""
    published = publish.publish(demo, SECRETARY, "2025")
    with demo.transaction() as cur:
        cur.execute("update published_results set result_hash = 'an earlier engine''s hash'")
    old = publish.current_publication(demo, "2025")
    assert old is not None and old.result_hash != published.result_hash
    assert not publish.drift(demo, LOCAL_VIEWER, old).changed
    assert not results.view(demo, LOCAL_VIEWER, parse_period("2025")).drifted
    scheme = workflow.scheme_in_force(demo, "2025")
    entry.add_adjustment(
        demo, ASSESSOR, "2025", scheme,
        entry.AdjustmentInput("SQ07", "deduction", "负面清单", "通报批评", None, "台账缺失", "通报〔2025〕3号"),
    )  # fmt: skip
    assert publish.drift(demo, LOCAL_VIEWER, old).data_changed
    assert results.view(demo, LOCAL_VIEWER, parse_period("2025")).drifted


def test_a_new_scheme_version_after_publishing_is_reported(demo: Store) -> None:
    published = publish.publish(demo, SECRETARY, "2025")
    base = workflow.scheme_in_force(demo, "2025")
    grid = workflow.target_grid(base)
    grid.loc[grid["indicator_id"] == "svc_people", "社区"] = "5600"  # double the communities' target
    workflow.save_version(demo, ASSESSOR, base, workflow.edited_scheme(base, grid, 2))
    # Saved is not in force: nothing any surface shows has changed yet.
    assert not publish.drift(demo, LOCAL_VIEWER, published).changed
    workflow.activate(demo, ASSESSOR, "2025", 2)
    drift = publish.drift(demo, LOCAL_VIEWER, published)
    assert (drift.scheme_changed, drift.data_changed, drift.scheme_now.version) == (True, False, 2)
    communities = set(drift.changes.loc[drift.changes["kind"] == "社区", "unit_id"])
    assert communities and all(
        "服务群众人次" in r for r in drift.changes.loc[drift.changes["kind"] == "社区", "reasons"]
    )


def test_republishing_unchanged_results_is_refused_and_changed_ones_make_a_new_revision(demo: Store) -> None:
    first = publish.publish(demo, SECRETARY, "2025")
    with pytest.raises(publish.PublishError, match="没有变化"):
        publish.publish(demo, SECRETARY, "2025")
    scheme = workflow.scheme_in_force(demo, "2025")
    entry.add_adjustment(
        demo,
        ASSESSOR,
        "2025",
        scheme,
        entry.AdjustmentInput("SQ07", "deduction", "负面清单", "约谈提醒", None, "x", None),
    )
    second = publish.publish(demo, SECRETARY, "2025")
    assert second.revision == 2 and second.result_hash != first.result_hash
    listed = publish.publications(demo, "2025")
    assert [(p.revision, p.in_force) for p in listed] == [(2, True), (1, False)]
    assert publish.frozen_result(demo, first).result_hash == first.result_hash


@pytest.mark.parametrize(
    "viewer",
    [
        pytest.param(Viewer("考核组", Role.ASSESSOR), id="assessor"),
        pytest.param(Viewer("分析员", Role.ANALYST), id="analyst"),
        pytest.param(Viewer("支部", Role.BRANCH, unit_id="SQ01"), id="branch"),
    ],
)
def test_only_the_secretary_publishes(demo: Store, viewer: Viewer) -> None:
    with pytest.raises(AccessDenied):
        publish.publish(demo, viewer, "2025")
    assert publish.publications(demo) == []


def test_drift_shows_unpublished_figures_only_to_those_who_may_see_scores(demo: Store) -> None:
    published = publish.publish(demo, SECRETARY, "2025")
    with pytest.raises(AccessDenied):
        publish.drift(demo, Viewer("支部", Role.BRANCH, unit_id="SQ01"), published)
    # The published result itself is open to everyone.
    assert publish.current_publication(demo, "2025") == published
