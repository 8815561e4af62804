"""Scheme versions: grid edits become validated new versions, diffs, what-if re-scoring, a new period by copy."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kaohe import workflow
from kaohe.access import AccessDenied, Role, Viewer
from kaohe.scheme import SchemeError, Target, load_scheme
from kaohe.scoring import score_period
from kaohe.store import Store

pytest_plugins = ["fixtures_app"]

ASSESSOR = Viewer("考核组", Role.ASSESSOR)


@pytest.fixture
def demo(fresh_demo_db: Path) -> Iterator[Store]:
    with Store(fresh_demo_db) as store:
        yield store


@pytest.mark.parametrize(
    ("text", "target"),
    [
        pytest.param("", None, id="empty"),
        pytest.param("24", Target("*", "fixed", 24.0), id="fixed"),
        pytest.param("0.95", Target("*", "fixed", 0.95), id="rate"),
        pytest.param("1.6/人", Target("*", "per_member", 1.6), id="per-member"),
        pytest.param(" 2 / 人 ", Target("*", "per_member", 2.0), id="per-member-spaces"),
    ],
)
def test_target_cells_read_back(text: str, target: Target | None) -> None:
    assert workflow.parse_target_text(text) == target
    if target is not None:
        assert workflow.parse_target_text(workflow.target_text(target)) == target


@pytest.mark.parametrize("text", ["abc", "-3", "1.6/户", "二十"])
def test_bad_target_cells_say_what_is_expected(text: str) -> None:
    with pytest.raises(ValueError, match=r"应为数字|不能为负数"):
        workflow.parse_target_text(text)


def test_the_grid_shows_targets_by_kind_as_in_the_scheme_file(demo: Store) -> None:
    grid = workflow.target_grid(workflow.scheme_in_force(demo, "2025")).set_index("indicator_id")
    assert grid.loc["svc_count", ["社区", "村", "机关", "企业", "社会组织", "*"]].tolist() == [
        "1.6/人", "1/人", "24", "12", "16", "",
    ]  # fmt: skip
    assert grid.loc["gov_closure", "*"] == "0.98"
    assert grid.loc["svc_count", "max_points"] == 8


def test_an_edit_saves_a_new_version_and_keeps_the_old_one(demo: Store) -> None:
    base = workflow.scheme_in_force(demo, "2025")
    grid = workflow.target_grid(base)
    ids = grid["indicator_id"]
    grid.loc[ids == "svc_count", "机关"] = "30"
    grid.loc[ids == "svc_count", "max_points"] = 9
    grid.loc[ids == "svc_people", "max_points"] = 5
    edited = workflow.edited_scheme(base, grid, 2)
    saved = workflow.save_version(demo, ASSESSOR, base, edited)
    assert (saved.version, saved.indicator("svc_count").max_points) == (2, 9.0)
    assert saved.indicator("svc_count").target_for("机关") == Target("机关", "fixed", 30.0)
    listed = workflow.versions(demo, "2025")
    assert listed[["version", "saved_by"]].values.tolist() == [[2, "考核组"], [1, "demo"]]
    # Saving does not put a version in force; 启用 does, and an earlier version can be put back.
    assert workflow.scheme_in_force(demo, "2025").version == 1
    workflow.activate(demo, ASSESSOR, "2025", 2)
    assert workflow.scheme_in_force(demo, "2025").version == 2
    with pytest.raises(SchemeError, match="已经是现行评分办法"):
        workflow.activate(demo, ASSESSOR, "2025", 2)
    workflow.activate(demo, ASSESSOR, "2025", 1)
    assert workflow.scheme_in_force(demo, "2025").version == 1
    diff = workflow.diff_schemes(base, saved)
    assert diff.values.tolist() == [
        ["svc_count", "max_points", "8", "9"],
        ["svc_count", "target[机关]", "24", "30"],
        ["svc_people", "max_points", "6", "5"],
    ]
    # What the settings page shows: names and labels, never ids or target[…], in either language.
    assert workflow.diff_in_words(diff, base, saved, "zh").values.tolist() == [
        ["便民服务次数", "满分", "8", "9"],
        ["便民服务次数", "目标（机关）", "24", "30"],
        ["服务群众人次", "满分", "6", "5"],
    ]
    assert workflow.diff_in_words(diff, base, saved, "en")["field"].tolist() == [
        "max points", "target (机关)", "max points"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("edits", "fragment"),
    [
        pytest.param({("svc_count", "max_points"): 9}, "各指标满分之和为 101", id="points-no-longer-add-up"),
        pytest.param({("svc_count", "机关"): "很多"}, "「便民服务次数」的「机关」列：「很多」应为数字", id="text"),
        pytest.param({("svc_count", "max_points"): -1}, "「满分」列：应为不小于 0 的数字", id="negative-points"),
        pytest.param(
            {("svc_deeds", "max_points"): 5, ("svc_people", "max_points"): 7}, "最高一档应得满分 5", id="ladder"
        ),
    ],
)  # fmt: skip
def test_grid_edits_are_validated_like_a_scheme_file(
    demo: Store, edits: dict[tuple[str, str], object], fragment: str
) -> None:
    base = workflow.scheme_in_force(demo, "2025")
    grid = workflow.target_grid(base)
    for (indicator_id, column), value in edits.items():
        grid.loc[grid["indicator_id"] == indicator_id, column] = value
    with pytest.raises(SchemeError, match=fragment):
        workflow.edited_scheme(base, grid, 2)


def test_saving_without_changes_or_over_a_newer_version_is_refused(demo: Store) -> None:
    base = workflow.scheme_in_force(demo, "2025")
    grid = workflow.target_grid(base)
    with pytest.raises(SchemeError, match="没有任何改动"):
        workflow.save_version(demo, ASSESSOR, base, workflow.edited_scheme(base, grid, 2))
    grid.loc[grid["indicator_id"] == "svc_count", "机关"] = "30"
    workflow.save_version(demo, ASSESSOR, base, workflow.edited_scheme(base, grid, 2))
    # A second assessor still editing version 1 cannot overwrite or skip the colleague's version 2.
    grid.loc[grid["indicator_id"] == "svc_count", "机关"] = "20"
    with pytest.raises(workflow.VersionConflict, match="已有第2版"):
        workflow.save_version(demo, ASSESSOR, base, workflow.edited_scheme(base, grid, 2))
    assert workflow.latest_version(demo, "2025") == 2


def test_what_if_names_the_units_that_change_grade_and_why(demo: Store) -> None:
    base = workflow.scheme_in_force(demo, "2025")
    grid = workflow.target_grid(base)
    grid.loc[grid["indicator_id"] == "svc_people", "社区"] = "5600"
    stricter = workflow.save_version(demo, ASSESSOR, base, workflow.edited_scheme(base, grid, 2))
    result = workflow.what_if(demo, ASSESSOR, "2025", base, stricter)
    before = score_period(demo, "2025", base).units.set_index("unit_id")
    after = score_period(demo, "2025", stricter).units.set_index("unit_id")
    differing = sorted(u for u in before.index if before.loc[u, "grade"] != after.loc[u, "grade"])
    assert sorted(result.grade_changes["unit_id"]) == differing and differing
    communities = result.changes[result.changes["kind"] == "社区"]
    assert len(communities) and all(r.startswith("服务群众人次") for r in communities["reasons"])
    # Units of other kinds only move because the communities did: their own points are the same.
    others = result.changes[result.changes["kind"] != "社区"]
    assert (others["total_change"] == 0).all()


def test_a_new_period_starts_as_a_copy_of_the_last(demo: Store) -> None:
    last = workflow.scheme_in_force(demo, "2025")
    copied = workflow.start_period(demo, ASSESSOR, last, "2027")
    assert (copied.id, copied.version, copied.period, copied.name) == ("2027", 1, "2027", "2027年度党支部考核评分办法")
    assert [set(i.targets) for i in copied.indicators] == [set(i.targets) for i in last.indicators]
    assert workflow.diff_schemes(last, copied)[["item", "field"]].values.tolist() == [
        ["[scheme]", "name"], ["[scheme]", "period"],
    ]  # fmt: skip
    assert workflow.scheme_in_force(demo, "2027") == copied
    assert workflow.scheme_in_force(demo, "2027-Q1").id == "2027"
    with pytest.raises(SchemeError, match="已有评分办法"):
        workflow.start_period(demo, ASSESSOR, last, "2027")


def test_the_shipped_file_is_in_force_until_a_version_is_put_in_force(units_roster: Store) -> None:
    shipped = load_scheme(workflow.scheme_for_period(workflow.as_period("2025")))
    assert workflow.in_force(units_roster, "2025") == workflow.InForce(shipped)  # read from the file, not stored
    assert workflow.latest_version(units_roster, "2025") == 0
    assert workflow.adopt_scheme(units_roster, ASSESSOR, shipped) is True
    adopted = workflow.in_force(units_roster, "2025")
    assert (adopted.scheme.content_hash, adopted.activated_by) == (shipped.content_hash, ASSESSOR.user)
    with pytest.raises(SchemeError, match="还没有评分办法"):
        workflow.scheme_in_force(units_roster, "2031")


@pytest.mark.parametrize(
    "viewer",
    [
        pytest.param(Viewer("书记", Role.SECRETARY), id="secretary"),
        pytest.param(Viewer("分析员", Role.ANALYST), id="analyst"),
        pytest.param(Viewer("支部", Role.BRANCH, unit_id="SQ01"), id="branch"),
    ],
)
def test_only_assessors_change_the_scheme(demo: Store, viewer: Viewer) -> None:
    base = workflow.scheme_in_force(demo, "2025")
    grid = workflow.target_grid(base)
    grid.loc[grid["indicator_id"] == "svc_count", "机关"] = "30"
    with pytest.raises(AccessDenied):
        workflow.save_version(demo, viewer, base, workflow.edited_scheme(base, grid, 2))
    with pytest.raises(AccessDenied):
        workflow.start_period(demo, viewer, base, "2026")
