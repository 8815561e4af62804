"""整改: items drafted from what lost the most points, followed by the branch and the assessors.

On the demo: 2025 published (its 不合格 units and QY04's veto), 2026 under way (units on 预警 as of 31 October).
Expected units and indicators are read from the frozen ranking and lines, never from the code under test.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from kaohe import rectification, results
from kaohe.access import AccessDenied, Role, Viewer
from kaohe.periods import parse_period
from kaohe.publish import frozen_result, publications, publish
from kaohe.rectification import RectificationError
from kaohe.store import Store

pytest_plugins = ["fixtures_app"]

Y2025, Y2026 = parse_period("2025"), parse_period("2026")
SECRETARY = Viewer("shuji", Role.SECRETARY)
ASSESSOR = Viewer("kaohezu", Role.ASSESSOR)
DRAFTED_ON = date(2026, 1, 10)


@pytest.fixture
def store(demo_db_template: Path, tmp_path: Path) -> Iterator[Store]:
    path = tmp_path / "kaohe.duckdb"
    shutil.copyfile(demo_db_template, path)
    with Store(path) as opened:
        publish(opened, SECRETARY, Y2025)
        yield opened


def issued(store: Store) -> None:
    rectification.create(store, ASSESSOR, Y2025, rectification.drafts(store, ASSESSOR, Y2025, today=DRAFTED_ON))


def item_of(store: Store, unit_id: str) -> int:
    items = rectification.items(store, ASSESSOR, Y2025)
    return int(items[items["unit_id"] == unit_id]["item_id"].iloc[0])


def test_each_unit_graded_to_rectify_gets_its_three_costliest_indicators_and_a_veto_its_own_item(
    store: Store,
) -> None:
    drafted = rectification.drafts(store, ASSESSOR, Y2025, today=DRAFTED_ON)
    frozen = frozen_result(store, publications(store, "2025")[0])
    failed = set(frozen.units.loc[frozen.units["grade"] == "不合格", "unit_id"])
    assert set(drafted["unit_id"]) == failed
    lines = frozen.lines.assign(lost=(frozen.lines["weighted_max"] - frozen.lines["weighted_points"]).round(2))
    for unit_id in failed:
        own = drafted[drafted["unit_id"] == unit_id]
        costliest = lines[(lines["unit_id"] == unit_id) & (lines["lost"] > 0)].nlargest(3, "lost")
        assert set(own["indicator_id"].dropna()) == set(costliest["indicator_id"])
        assert sorted(own["points_lost"].dropna(), reverse=True) == sorted(costliest["lost"], reverse=True)
    veto = drafted[drafted["indicator_id"].isna()]
    rectification.create(store, ASSESSOR, Y2025, veto)
    stored = store.cursor().execute("select indicator_id from rectification_items where unit_id = 'QY04'").fetchall()
    assert stored == [(None,)]  # a veto item names no indicator: NULL, never the text 'nan'
    assert veto["unit_id"].tolist() == ["QY04"] and veto["indicator"].tolist() == ["一票否决事项"]
    assert "重大安全责任事故" in veto["requirement"].iloc[0]
    assert set(drafted["deadline"]) == {date(2026, 4, 10)}  # rectify_days = 90
    secretary = store.cursor().execute("select secretary from units where unit_id = 'SQ08'").fetchone()
    assert set(drafted.loc[drafted["unit_id"] == "SQ08", "responsible"]) == {secretary[0]}


def test_issuing_stores_each_item_once_and_audits_it(store: Store) -> None:
    drafted = rectification.drafts(store, ASSESSOR, Y2025, today=DRAFTED_ON)
    assert rectification.create(store, ASSESSOR, Y2025, drafted) == len(drafted) == 16
    items = rectification.items(store, ASSESSOR, Y2025, today=DRAFTED_ON)
    assert len(items) == 16 and set(items["status"]) == {"open"} and not items["overdue"].any()
    assert rectification.drafts(store, ASSESSOR, Y2025, today=DRAFTED_ON).empty  # nothing drafted twice
    logged = store.cursor().execute("select count(*) from audit_log where action = 'rectification.draft'").fetchone()
    assert logged == (16,)


def test_a_period_under_way_drafts_for_units_on_alert_only_and_only_when_asked(store: Store) -> None:
    as_of = results.default_cutoff(store, Y2026)
    assert as_of == date(2026, 10, 31)
    pace = results.progress(store, ASSESSOR, Y2026, as_of)
    assert pace is not None
    alerted = set(pace.units.loc[pace.units["status"] == "alert", "unit_id"])
    assert alerted and rectification.drafts(store, ASSESSOR, Y2026, as_of=as_of, alerts=False).empty
    drafted = rectification.drafts(store, ASSESSOR, Y2026, as_of=as_of)  # the scheme says rectify_alerts = true
    assert set(drafted["unit_id"]) == alerted and set(drafted["basis"]) == {"alert"}
    lagging = pace.lines[pace.lines["status"].isin(["behind", "alert"])]
    for row in drafted.to_dict("records"):
        assert row["indicator_id"] in set(lagging.loc[lagging["unit_id"] == row["unit_id"], "indicator_id"])
        assert row["requirement"].startswith(f"按进度补齐「{row['indicator']}」：截至 2026-10-31 应完成")


def test_the_branch_reports_progress_on_its_own_items_and_nothing_else(store: Store) -> None:
    issued(store)
    branch = Viewer("sq08", Role.BRANCH, unit_id="SQ08")
    own, other = item_of(store, "SQ08"), item_of(store, "JG07")
    done = rectification.update(store, branch, own, {"status": "reported", "evidence": "已补开支委会，记录见第 3 页"})
    assert str(done).startswith("已更新整改事项")
    mine = rectification.items(store, branch)
    assert set(mine["unit_id"]) == {"SQ08"}  # a branch lists its own items only
    assert mine.loc[mine["item_id"] == own, "status"].iloc[0] == "reported"
    with pytest.raises(AccessDenied, match=r"只能处理其负责的党组织（SQ08）"):
        rectification.update(store, branch, other, {"status": "reported"})
    with pytest.raises(AccessDenied, match="不能修改整改期限"):
        rectification.update(store, branch, own, {"deadline": date(2027, 1, 1)})
    with pytest.raises(RectificationError, match="销号由考核组验收后办理"):
        rectification.update(store, branch, own, {"status": "closed"})
    # The assessors accept and close it (销号); the branch can no longer reopen it.
    rectification.update(store, ASSESSOR, own, {"status": "closed"})
    with pytest.raises(RectificationError, match="销号由考核组验收后办理"):
        rectification.update(store, branch, own, {"status": "in_progress"})
    entries = (
        store.cursor()
        .execute("select entered_by, status from rectification_items where item_id = ? order by entry_id", [own])
        .fetchall()
    )
    assert entries == [("kaohezu", "open"), ("sq08", "reported"), ("kaohezu", "closed")]
    log = (
        store.cursor()
        .execute("select who, before, after from audit_log where action = 'rectification.update' order by audit_id")
        .fetchall()
    )
    assert [(who, json.loads(after)["status"]) for who, _, after in log] == [
        ("sq08", "reported"),
        ("kaohezu", "closed"),
    ]


def test_leaders_and_the_secretary_read_items_but_change_none(store: Store) -> None:
    issued(store)
    own = item_of(store, "SQ08")
    leader = Viewer("zhao", Role.LEADER, leader="赵春燕", units=("QY04", "SQ07", "SQ08"))
    assert set(rectification.items(store, leader)["unit_id"]) == {"QY04", "SQ08"}
    for viewer in (leader, SECRETARY):
        with pytest.raises(AccessDenied):
            rectification.update(store, viewer, own, {"status": "reported"})
        with pytest.raises(AccessDenied):
            rectification.withdraw(store, viewer, own)


def test_an_item_past_its_deadline_is_overdue_until_reported(store: Store) -> None:
    issued(store)
    own = item_of(store, "SQ08")
    rectification.update(store, ASSESSOR, own, {"deadline": date(2026, 3, 31)})  # the others: 10 April
    items = rectification.items(store, ASSESSOR, today=date(2026, 4, 1))
    assert rectification.overdue(items)["item_id"].tolist() == [own]
    rectification.update(store, Viewer("sq08", Role.BRANCH, unit_id="SQ08"), own, {"status": "in_progress"})
    assert rectification.overdue(rectification.items(store, ASSESSOR, today=date(2026, 4, 1)))["item_id"].tolist() == [
        own
    ]
    rectification.update(store, Viewer("sq08", Role.BRANCH, unit_id="SQ08"), own, {"status": "reported"})
    assert rectification.overdue(rectification.items(store, ASSESSOR, today=date(2026, 4, 1))).empty


def test_a_withdrawn_item_is_gone_and_nothing_changed_writes_nothing(store: Store) -> None:
    issued(store)
    own = item_of(store, "SQ08")
    entries = store.cursor().execute("select count(*) from rectification_items").fetchone()
    assert str(rectification.update(store, ASSESSOR, own, {"status": "open"})) == "没有改动"
    assert store.cursor().execute("select count(*) from rectification_items").fetchone() == entries
    rectification.withdraw(store, ASSESSOR, own)
    assert own not in set(rectification.items(store, ASSESSOR)["item_id"])
    with pytest.raises(RectificationError, match="不存在或已撤回"):
        rectification.update(store, ASSESSOR, own, {"status": "closed"})


def test_last_years_items_are_found_by_year_for_the_next_periods_scorecard(store: Store) -> None:
    issued(store)
    last_year = rectification.items(store, ASSESSOR, year=2025, unit_id="SQ08")
    assert len(last_year) == 3 and set(last_year["period"]) == {"2025"}
    assert rectification.items(store, ASSESSOR, year=2024, unit_id="SQ08").empty
