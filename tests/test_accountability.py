"""一级抓一级: the by-leader view and a leader's own units, on the demo's 12 leaders.

Each leader's units are spelled out from data/demo/README.md (or read from leader_units with plain SQL); totals are
checked against results.view for the whole office, computed apart from the code under test.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from kaohe import accountability, rectification, results
from kaohe.access import LOCAL_VIEWER, AccessDenied, Role, Viewer
from kaohe.periods import parse_period
from kaohe.publish import publish
from kaohe.scoring import round_points
from kaohe.store import Store

pytest_plugins = ["fixtures_app"]

Y2025, Y2026 = parse_period("2025"), parse_period("2026")
SECRETARY = Viewer("shuji", Role.SECRETARY)
ASSESSOR = Viewer("kaohezu", Role.ASSESSOR)
# 陈丽娟 (纪工委书记): linked to 新郑里社区 and its restaurant firm; 信访办, which she leads, answers for 陇海村.
CHEN_UNITS = {"SQ05": "link", "QY07": "link", "CUN01": "department"}


@pytest.fixture(scope="module")
def store(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path = tmp_path_factory.mktemp("accountability") / "kaohe.duckdb"
    shutil.copyfile(demo_db_template, path)
    with Store(path) as opened:
        publish(opened, SECRETARY, Y2025)
        drafted = rectification.drafts(opened, ASSESSOR, Y2025, today=date(2026, 1, 10))
        rectification.create(opened, ASSESSOR, Y2025, drafted)
        yield opened


def leader_units(store: Store) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for leader, unit_id in store.cursor().execute("select leader, unit_id from leader_units").fetchall():
        found.setdefault(leader, set()).add(unit_id)
    return found


def leader_viewer(store: Store, name: str) -> Viewer:
    return Viewer(name, Role.LEADER, leader=name, units=tuple(sorted(leader_units(store)[name])))


def test_the_demo_has_the_articles_12_leaders_each_with_a_link(store: Store) -> None:
    units = leader_units(store)
    assert len(units) == 12
    assert {leader: units[leader] for leader in ("陈丽娟",)} == {"陈丽娟": set(CHEN_UNITS)}
    basis = dict(store.cursor().execute("select unit_id, basis from leader_units where leader = '陈丽娟'").fetchall())
    assert basis == CHEN_UNITS
    # Every one of the 36 units has a leader linked to it (每个班子成员联系1个社区党组织, 一级抓一级).
    linked = {u for (u,) in store.cursor().execute("select unit_id from leader_units where basis = 'link'").fetchall()}
    assert len(linked) == 36


def test_the_by_leader_view_has_one_row_per_leader_with_the_result_every_surface_shows(store: Store) -> None:
    chain = accountability.by_leader(store, SECRETARY, Y2025)
    assert len(chain) == 12 and chain["leader"].iloc[0] == "王志刚"  # the list's order
    totals = results.view(store, SECRETARY, Y2025).score.units.set_index("unit_id")
    items = rectification.items(store, SECRETARY)
    for row in chain.to_dict("records"):
        mine = leader_units(store)[row["leader"]]
        own = totals.loc[sorted(mine)]
        assert row["units"] == row["scored"] == len(mine)
        # The names as data (a tuple), so that each screen joins them with its own language's separator.
        assert isinstance(row["unit_names"], tuple) and set(row["unit_names"]) == set(own["unit"])
        assert row["average"] == pytest.approx(float(round_points(own["total"].mean())))
        assert row["lowest"] == own["total"].min() and row["lowest_unit"] in set(own["unit"])
        assert row["open_items"] == int(items["unit_id"].isin(mine).sum())
        assert row["behind"] is None and row["alert"] is None  # 2025 has ended: pace is for a period under way
    # The 不合格 units' leaders carry their rectification items.
    assert chain.set_index("leader").loc["赵春燕", "open_items"] == 7  # SQ08 (3) and QY04 (veto + 3)


def test_in_a_period_under_way_the_view_counts_units_behind_and_on_alert(store: Store) -> None:
    as_of = results.default_cutoff(store, Y2026)
    chain = accountability.by_leader(store, SECRETARY, Y2026, as_of).set_index("leader")
    pace = results.progress(store, SECRETARY, Y2026, as_of)
    assert pace is not None
    status = pace.units.set_index("unit_id")["status"]
    for leader, units in leader_units(store).items():
        assert chain.loc[leader, "behind"] == sum(status.get(u) == "behind" for u in units)
        assert chain.loc[leader, "alert"] == sum(status.get(u) == "alert" for u in units)
    assert chain["alert"].sum() > 0


def test_a_leader_sees_their_own_row_and_a_branch_none(store: Store) -> None:
    chen = leader_viewer(store, "陈丽娟")
    assert accountability.by_leader(store, chen, Y2025)["leader"].tolist() == ["陈丽娟"]
    assert accountability.by_leader(store, Viewer("b", Role.BRANCH, unit_id="SQ05"), Y2025).empty


def test_my_units_shows_the_leaders_units_their_trend_and_items_and_nothing_else(store: Store) -> None:
    chen = leader_viewer(store, "陈丽娟")
    as_of = results.default_cutoff(store, Y2026)
    mine = accountability.my_units(store, chen, Y2026, as_of)
    assert dict(zip(mine.units["unit_id"], mine.units["basis"], strict=True)) == CHEN_UNITS
    assert mine.shown is not None and set(mine.shown.score.units["unit_id"]) == set(CHEN_UNITS)
    assert mine.shown.units_scored == 36  # ranks stay out of every unit
    whole = results.view(store, LOCAL_VIEWER, Y2026, as_of=as_of).score.units.set_index("unit_id")
    for row in mine.units.to_dict("records"):
        assert (row["rank"], row["total"]) == (whole.loc[row["unit_id"], "rank"], whole.loc[row["unit_id"], "total"])
    before = results.view(store, LOCAL_VIEWER, Y2025).score.units.set_index("unit_id")["total"]
    for row in mine.units.to_dict("records"):
        assert row["change"] == pytest.approx(round(row["total"] - before[row["unit_id"]], 2))
    assert set(mine.trend["period"]) == {"2024", "2025", "2026"} and set(mine.trend["unit_id"]) == set(CHEN_UNITS)
    assert mine.trend.loc[mine.trend["period"] == "2026", "provisional"].all()
    assert set(mine.lagging["unit_id"]) <= set(CHEN_UNITS)
    assert set(mine.items["unit_id"]) <= set(CHEN_UNITS)


def test_a_leader_cannot_open_another_leaders_page_nor_a_branch_any(store: Store) -> None:
    chen = leader_viewer(store, "陈丽娟")
    with pytest.raises(AccessDenied, match="只能查看本人"):
        accountability.my_units(store, chen, Y2025, leader="王志刚")
    with pytest.raises(AccessDenied):
        accountability.my_units(store, Viewer("b", Role.BRANCH, unit_id="SQ05"), Y2025, leader="陈丽娟")
    # The secretary picks any leader and sees exactly that leader's units.
    wang = accountability.my_units(store, SECRETARY, Y2025, leader="王志刚")
    assert set(wang.units["unit_id"]) == leader_units(store)["王志刚"]
