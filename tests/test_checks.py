"""Ledger credibility checks: a hand-made ledger per case (flagged and clean), thresholds, reviews and the CLI.

Each case builds a small store — a few units and only the rows the case needs — and asserts which flags the checks
raise and which ledger rows each names. Clean ledgers next to every flagged one must raise nothing, so a check
that flags everything fails here as surely as one that flags nothing.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from kaohe import audit, checks, thresholds
from kaohe.access import LOCAL_VIEWER, AccessDenied, Role, Viewer
from kaohe.cli import main
from kaohe.periods import parse_period
from kaohe.scheme import parse_scheme
from kaohe.store import Store
from kaohe.workflow import adopt_scheme

pytest_plugins = ["fixtures_app"]

PERIOD = parse_period("2023")
ASSESSOR = Viewer("王秀兰", Role.ASSESSOR)
SECRETARY = Viewer("书记", Role.SECRETARY)
ANALYST = Viewer("分析员", Role.ANALYST)
FILE = "测试台账.csv"


# -- hand-made ledgers -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    unit_id: str
    name: str
    kind: str = "社区"
    members: int = 20
    community: str | None = None
    residents: int | None = None
    active_from: date | None = None
    active_to: date | None = None


@dataclass
class Ledger:
    """Rows for one case: units and services, meetings and cases as dicts (missing columns take defaults)."""

    units: Sequence[Unit] = (Unit("A", "甲社区"), Unit("B", "乙社区"), Unit("C", "丙社区"))
    services: list[dict[str, Any]] = field(default_factory=list)
    meetings: list[dict[str, Any]] = field(default_factory=list)
    cases: list[dict[str, Any]] = field(default_factory=list)


def _insert(store: Store, ledger: Ledger) -> None:
    with store.transaction() as cur:
        for u in ledger.units:
            cur.execute(
                "insert into units (unit_id, name, kind, community, members, residents, active_from, active_to) "
                "values (?, ?, ?, ?, ?, ?, ?, ?)",
                [u.unit_id, u.name, u.kind, u.community, u.members, u.residents, u.active_from, u.active_to],
            )
        row = 2
        for s in ledger.services:
            cur.execute(
                "insert into services (service_date, unit_id, category, title, people_served, members_involved, "
                "hours, location, source_file, source_row, import_id) values (?, ?, ?, ?, ?, ?, 1, '活动室', ?, ?, 1)",
                [s["day"], s["unit"], s.get("category", "志愿服务"), s.get("title", f"服务{row}"),
                 s.get("people", 10 + row % 7), s.get("members", 3), FILE, row],
            )  # fmt: skip
            row += 1
        for m in ledger.meetings:
            cur.execute(
                "insert into meetings (meeting_date, unit_id, meeting_type, attendees, members_total, topic, "
                "source_file, source_row, import_id) values (?, ?, ?, ?, ?, ?, ?, ?, 1)",
                [m["day"], m["unit"], m.get("type", "支委会"), m.get("attendees", 3), m.get("expected", 3),
                 m.get("topic") or f"议题{row}", FILE, row],
            )  # fmt: skip
            row += 1
        for c in ledger.cases:
            cur.execute(
                "insert into cases (received_date, closed_date, unit_id, kind, type, title, status, satisfaction, "
                "source_file, source_row, import_id) values (?, ?, ?, ?, '帮困', ?, '已办结', '满意', ?, ?, 1)",
                [c["day"], c.get("closed", c["day"] + timedelta(days=2)), c["unit"], c.get("kind", "实事"),
                 c.get("title", f"实事{row}"), FILE, row],
            )  # fmt: skip
            row += 1


def spread(unit: str, n: int, start: date = date(2023, 1, 3), end: date = date(2023, 11, 30)) -> list[date]:
    """`n` days spread evenly over [start, end]."""
    span = (end - start).days
    return [start + timedelta(days=round(i * span / max(n - 1, 1))) for i in range(n)]


WINDOW = date(2023, 12, 4)  # the last 28 days of 2023


def december(n: int) -> list[date]:
    """`n` days in the last four weeks of 2023."""
    return [date(2023, 12, 5) + timedelta(days=i % 26) for i in range(n)]


def flags_of(tmp_path: Path, ledger: Ledger) -> tuple[list[tuple[str, str, str]], checks.Findings]:
    """The (unit, check, subject) of every flag the checks raise on `ledger` in 2023, and the findings."""
    with Store(tmp_path / "case.duckdb") as store:
        _insert(store, ledger)
        found = checks.find(store, PERIOD, thresholds.load(), today=date(2026, 11, 30))
    keys = [(str(f["unit_id"]), str(f["check_id"]), str(f["subject"])) for f in found.flags.to_dict("records")]
    return keys, found


def services(unit: str, days: Sequence[date], **values: Any) -> list[dict[str, Any]]:
    return [{"day": d, "unit": unit, **values} for d in days]


def meetings(unit: str, days: Sequence[date], **values: Any) -> list[dict[str, Any]]:
    return [{"day": d, "unit": unit, **values} for d in days]


def deeds(unit: str, days: Sequence[date], **values: Any) -> list[dict[str, Any]]:
    return [{"day": d, "unit": unit, **values} for d in days]


def steady_office() -> Ledger:
    """Three units each recording 24 services, 24 deeds and a monthly 支委会 evenly over the year."""
    ledger = Ledger()
    for u in ("A", "B", "C"):
        ledger.services += services(u, spread(u, 24, end=date(2023, 12, 28)))
        ledger.cases += deeds(u, spread(u, 24, end=date(2023, 12, 28)))
        ledger.meetings += meetings(u, [date(2023, m, 3 + m) for m in range(1, 13)])
    return ledger


# -- the case table ------------------------------------------------------------------------------------------


def case_burst_deeds() -> Ledger:
    ledger = steady_office()
    ledger.cases += deeds("A", december(14))
    return ledger


def case_burst_services() -> Ledger:
    ledger = steady_office()
    ledger.services += services("B", december(12))
    return ledger


def case_burst_meetings() -> Ledger:
    ledger = steady_office()
    ledger.meetings += meetings("C", december(10), type="党小组会")
    return ledger


def case_whole_office_busy_in_december() -> Ledger:
    # Every unit bunches deeds at year end (a campaign): no unit stands out from its peers.
    ledger = steady_office()
    for u in ("A", "B", "C"):
        ledger.cases += deeds(u, december(14))
    return ledger


def case_burst_too_few_rows() -> Ledger:
    ledger = steady_office()
    ledger.cases += deeds("A", december(5))
    return ledger


def case_burst_of_a_unit_founded_in_november() -> Ledger:
    # A unit founded on 20 November records its first work in December: it has no pace of its own to compare.
    ledger = steady_office()
    ledger.units = (*ledger.units, Unit("D", "丁支部", active_from=date(2023, 11, 20)))
    ledger.cases += deeds("D", december(12))
    return ledger


def case_copy_within_services() -> Ledger:
    ledger = steady_office()
    ledger.services += services("A", spread("A", 4), title="党员志愿服务：文明交通劝导", people=20, members=3)
    return ledger


def case_copy_within_meetings() -> Ledger:
    ledger = steady_office()
    ledger.meetings += meetings("B", spread("B", 4), type="党小组会", topic="学习党章", attendees=9, expected=10)
    return ledger


def case_copy_within_three_dates() -> Ledger:
    ledger = steady_office()
    ledger.services += services("A", spread("A", 3), title="党员志愿服务：文明交通劝导", people=20, members=3)
    return ledger


def case_copy_within_same_title_other_counts() -> Ledger:
    # A routine repeated every month with real, varying head counts.
    ledger = steady_office()
    for i, day in enumerate(spread("A", 6)):
        ledger.services += services("A", [day], title="党员志愿服务：文明交通劝导", people=15 + i, members=3)
    return ledger


def case_copy_across_units() -> Ledger:
    ledger = steady_office()
    row = {"title": "为新郑里3号院赵某修理水管", "people": 2, "members": 1}
    ledger.services += services("A", [date(2023, 5, 6)], **row) + services("B", [date(2023, 5, 6)], **row)
    return ledger


def case_copy_across_common_text() -> Ledger:
    # The office's monthly topic, held the same day by five units with the same committee of three.
    ledger = steady_office()
    ledger.units = (*ledger.units, Unit("D", "丁社区"), Unit("E", "戊社区"))
    for u in ("A", "B", "C", "D", "E"):
        ledger.meetings += meetings(u, [date(2023, 7, 1)], topic="7月支委会：研究防汛安全工作", attendees=3)
    return ledger


def case_copy_across_other_day() -> Ledger:
    ledger = steady_office()
    row = {"title": "为新郑里3号院赵某修理水管", "people": 2, "members": 1}
    ledger.services += services("A", [date(2023, 5, 6)], **row) + services("B", [date(2023, 5, 7)], **row)
    return ledger


def case_attendees_above_expected() -> Ledger:
    ledger = steady_office()
    ledger.meetings += meetings("A", [date(2023, 6, 30)], type="支部党员大会", topic="大会", attendees=23, expected=20)
    return ledger


def case_attendees_above_members() -> Ledger:
    # No 应到 recorded, and more attendees than the branch has members.
    ledger = steady_office()
    ledger.meetings += meetings("B", [date(2023, 6, 30)], type="党课", topic="党课", attendees=25, expected=None)
    return ledger


def case_residents_at_a_decision_meeting() -> Ledger:
    # 一征三议两公开 invites residents: 30 people at a branch of 20 members is normal.
    ledger = steady_office()
    ledger.meetings += meetings(
        "A", [date(2023, 6, 30)], type="一征三议两公开", topic="议事", attendees=30, expected=35
    )
    return ledger


def case_full_attendance() -> Ledger:
    ledger = steady_office()
    ledger.meetings += meetings("A", [date(2023, 6, 30)], type="支部党员大会", topic="大会", attendees=20, expected=20)
    return ledger


def case_members_involved_above_roll() -> Ledger:
    ledger = steady_office()
    ledger.services += services("C", [date(2023, 4, 1)], members=21)
    return ledger


def case_members_involved_whole_roll() -> Ledger:
    ledger = steady_office()
    ledger.services += services("C", [date(2023, 4, 1)], members=20)
    return ledger


def case_people_far_above_usual() -> Ledger:
    ledger = steady_office()
    ledger.services += services("A", [date(2023, 9, 9)], people=400)
    return ledger


def case_people_large_but_usual_for_a_big_unit() -> Ledger:
    # Services of 60–90 people all year: one of 99 is below the 100-person floor and within 5 × usual.
    ledger = steady_office()
    for i, day in enumerate(spread("B", 12)):
        ledger.services += services("B", [day], people=60 + 3 * i, title=f"义诊{i}")
    ledger.services += services("B", [date(2023, 9, 9)], people=99, title="大型义诊")
    return ledger


def case_people_above_community_residents() -> Ledger:
    # An enterprise branch (two services only: no usual range) claims more people than its community has.
    ledger = steady_office()
    ledger.units = (
        Unit("A", "甲社区", residents=300),
        Unit("B", "乙社区"),
        Unit("C", "丙社区"),
        Unit("Q", "某公司支部", kind="企业", members=5, community="甲社区"),
    )
    ledger.services += services("Q", [date(2023, 3, 3)], people=350) + services("Q", [date(2023, 4, 3)], people=12)
    return ledger


def case_meeting_before_founding() -> Ledger:
    ledger = steady_office()
    ledger.units = (*ledger.units, Unit("D", "丁支部", active_from=date(2023, 7, 1)))
    ledger.meetings += meetings("D", [date(2023, 6, 28), date(2023, 7, 1)], type="主题党日")
    return ledger


def case_service_after_dissolution() -> Ledger:
    ledger = steady_office()
    ledger.units = (*ledger.units, Unit("D", "丁支部", active_to=date(2023, 9, 1)))
    ledger.services += services("D", [date(2023, 8, 31), date(2023, 9, 1)])
    return ledger


def case_closed_before_received() -> Ledger:
    ledger = steady_office()
    ledger.cases += deeds("B", [date(2023, 5, 10)], closed=date(2022, 5, 12))
    return ledger


def case_closed_same_day_or_open() -> Ledger:
    ledger = steady_office()
    ledger.cases += deeds("B", [date(2023, 5, 10)], closed=date(2023, 5, 10))
    ledger.cases += deeds("B", [date(2023, 5, 11)], closed=None)
    return ledger


def case_same_day_every_month() -> Ledger:
    ledger = steady_office()
    ledger.meetings += meetings("A", [date(2023, m, 15) for m in range(1, 13)], type="主题党日")
    return ledger


def case_same_day_but_one() -> Ledger:
    ledger = steady_office()
    days = [date(2023, m, 15) for m in range(1, 12)] + [date(2023, 12, 16)]
    ledger.meetings += meetings("A", days, type="主题党日")
    return ledger


def case_same_day_too_few() -> Ledger:
    ledger = steady_office()
    ledger.meetings += meetings("A", [date(2023, m, 15) for m in range(1, 9)], type="主题党日")
    return ledger


def case_round_head_counts() -> Ledger:
    ledger = steady_office()
    for i, day in enumerate(spread("C", 14)):
        ledger.services += services("C", [day], people=(2 + i % 5) * 10, title=f"宣讲{i}")
    for s in ledger.services:
        if s["unit"] == "C" and "people" not in s:
            s["people"] = 3  # the steady services of C are small visits
    return ledger


def case_real_head_counts() -> Ledger:
    ledger = steady_office()
    for i, day in enumerate(spread("C", 14)):
        ledger.services += services("C", [day], people=[20, 37, 18, 44, 30, 52, 26][i % 7], title=f"宣讲{i}")
    return ledger


CASES = [
    pytest.param(case_burst_deeds, [("A", "burst", "deeds")], id="burst-deeds-in-december"),
    pytest.param(case_burst_services, [("B", "burst", "services")], id="burst-services-in-december"),
    pytest.param(case_burst_meetings, [("C", "burst", "meetings")], id="burst-meetings-in-december"),
    pytest.param(case_whole_office_busy_in_december, [], id="clean-whole-office-busy-in-december"),
    pytest.param(case_burst_too_few_rows, [], id="clean-burst-of-five-rows"),
    pytest.param(case_burst_of_a_unit_founded_in_november, [], id="clean-new-unit-starts-in-december"),
    pytest.param(case_copy_within_services, [("A", "copy_within", "services")], id="copy-within-services"),
    pytest.param(case_copy_within_meetings, [("B", "copy_within", "meetings")], id="copy-within-meetings"),
    pytest.param(case_copy_within_three_dates, [], id="clean-same-row-on-three-dates"),
    pytest.param(case_copy_within_same_title_other_counts, [], id="clean-routine-with-real-counts"),
    pytest.param(
        case_copy_across_units, [("A", "copy_across", "services"), ("B", "copy_across", "services")], id="copy-across"
    ),
    pytest.param(case_copy_across_common_text, [], id="clean-office-wide-monthly-topic"),
    pytest.param(case_copy_across_other_day, [], id="clean-same-text-another-day"),
    pytest.param(
        case_attendees_above_expected, [("A", "attendees_over_roll", "meetings")], id="attendees-above-expected"
    ),
    pytest.param(case_attendees_above_members, [("B", "attendees_over_roll", "meetings")], id="attendees-above-roll"),
    pytest.param(case_residents_at_a_decision_meeting, [], id="clean-residents-at-decision-meeting"),
    pytest.param(case_full_attendance, [], id="clean-full-attendance"),
    pytest.param(case_members_involved_above_roll, [("C", "members_over_roll", "services")], id="members-above-roll"),
    pytest.param(case_members_involved_whole_roll, [], id="clean-whole-roll-takes-part"),
    pytest.param(case_people_far_above_usual, [("A", "people_implausible", "services")], id="people-far-above-usual"),
    pytest.param(case_people_large_but_usual_for_a_big_unit, [], id="clean-big-unit-big-event"),
    pytest.param(
        case_people_above_community_residents, [("Q", "people_implausible", "services")], id="people-above-residents"
    ),
    pytest.param(case_meeting_before_founding, [("D", "outside_active", "meetings")], id="meeting-before-founding"),
    pytest.param(case_service_after_dissolution, [("D", "outside_active", "services")], id="service-after-dissolved"),
    pytest.param(case_closed_before_received, [("B", "closed_before_received", "cases")], id="closed-before-received"),
    pytest.param(case_closed_same_day_or_open, [], id="clean-closed-same-day-or-open"),
    pytest.param(case_same_day_every_month, [("A", "same_day", "主题党日")], id="same-day-every-month"),
    pytest.param(case_same_day_but_one, [], id="clean-one-meeting-on-another-day"),
    pytest.param(case_same_day_too_few, [], id="clean-eight-meetings-on-one-day"),
    pytest.param(case_round_head_counts, [("C", "round_numbers", "services")], id="round-head-counts"),
    pytest.param(case_real_head_counts, [], id="clean-real-head-counts"),
    pytest.param(steady_office, [], id="clean-steady-office"),
]


@pytest.mark.parametrize(("make", "expected"), CASES)
def test_each_check_flags_its_case_and_nothing_clean(
    tmp_path: Path, make: Any, expected: list[tuple[str, str, str]]
) -> None:
    found, _ = flags_of(tmp_path, make())
    assert sorted(found) == sorted(expected)


@dataclass(frozen=True)
class Named:
    """A flag and the ledger rows (dates) it must name."""

    make: Any
    key: tuple[str, str, str]
    days: list[date]


ROWS_NAMED = [
    pytest.param(Named(case_burst_deeds, ("A", "burst", "deeds"),
                       [d["day"] for d in case_burst_deeds().cases if d["unit"] == "A" and d["day"] >= WINDOW]),
                 id="burst-names-the-window-rows"),
    pytest.param(Named(case_copy_within_services, ("A", "copy_within", "services"), spread("A", 4)),
                 id="copy-names-each-repeat"),
    pytest.param(Named(case_attendees_above_expected, ("A", "attendees_over_roll", "meetings"), [date(2023, 6, 30)]),
                 id="attendance-names-the-meeting"),
    pytest.param(Named(case_meeting_before_founding, ("D", "outside_active", "meetings"), [date(2023, 6, 28)]),
                 id="before-founding-names-only-the-early-one"),
    pytest.param(Named(case_people_far_above_usual, ("A", "people_implausible", "services"), [date(2023, 9, 9)]),
                 id="people-names-the-outlier"),
]  # fmt: skip


@pytest.mark.parametrize("named", ROWS_NAMED)
def test_a_flag_names_exactly_the_rows_behind_it(tmp_path: Path, named: Named) -> None:
    _, found = flags_of(tmp_path, named.make())
    report = checks.CheckReport(found.period, found.flags.assign(status="open"), found.rows, found.skipped)
    rows = report.rows_of(*named.key)
    assert sorted(rows["row_date"]) == sorted(named.days)
    assert (rows["source_file"] == FILE).all() and rows["source_row"].is_unique


def test_a_burst_explains_itself_with_its_figures(tmp_path: Path) -> None:
    _, found = flags_of(tmp_path, case_burst_deeds())
    flag = found.flags.iloc[0].to_dict()
    facts = flag["facts"]
    # The 14 December deeds and the steady unit's own two in those weeks, of 24 + 14 in all.
    assert (facts["window_rows"], facts["total_rows"]) == (16, 38)
    assert facts["peer_share"] == pytest.approx(4 / 48)
    text = checks.explain(flag, "zh")
    assert "最后 28 天登记 16 条，占全期 38 条的 42%" in text and "其他单位同期只占各自全期的 8%" in text
    assert "other units put 8%" in checks.explain(flag, "en")


def test_the_row_note_says_what_is_wrong(tmp_path: Path) -> None:
    _, found = flags_of(tmp_path, case_attendees_above_expected())
    rows = checks.explained_rows(found.rows, "zh")
    assert rows["note"].tolist() == ["实到 23 人；应到 20 人；在册党员 20 人"]
    _, found = flags_of(tmp_path / "a", case_attendees_above_members())
    assert checks.explained_rows(found.rows, "zh")["note"].tolist() == ["实到 25 人；在册党员 20 人"]
    _, found = flags_of(tmp_path / "b", case_people_above_community_residents())
    assert checks.explained_rows(found.rows, "zh")["note"].tolist() == ["服务 350 人；社区常住人口 300 人"]


# -- counts exactly on target (from the scored lines) --------------------------------------------------------

ON_TARGET_SCHEME = {
    "scheme": {"id": "t2023", "version": 1, "name": "测试办法", "period": "2023", "total": 100,
               "dimensions": ["服务"]},
    "indicators": [
        {"id": "svc", "name": "服务次数", "dimension": "服务", "measure": "service_count", "max": 30, "rule": "ratio",
         "target": 24},
        {"id": "people", "name": "服务人次", "dimension": "服务", "measure": "people_served", "max": 30,
         "rule": "ratio", "target": 240},
        {"id": "deeds", "name": "办实事", "dimension": "服务", "measure": "case_count", "args": {"kind": "实事"},
         "max": 30, "rule": "ratio", "target": 24},
        {"id": "lectures", "name": "党课", "dimension": "服务", "measure": "meeting_count",
         "args": {"meeting_type": "党课"}, "max": 10, "rule": "all_or_nothing", "target": 4},
    ],
}  # fmt: skip


def _on_target_office(people_a: int) -> Ledger:
    """A and B record 24 services (B's serving 240 people, A's `people_a`), 24 deeds and 4 党课; C records more than
    every target."""
    ledger = steady_office()
    for i, s in enumerate(ledger.services):
        s["people"] = 7 if i % 2 else 13  # 24 services add up to 240, none of them round
    a_services = [s for s in ledger.services if s["unit"] == "A"]
    a_services[0]["people"] += people_a - 240
    ledger.services += services("C", spread("C", 5), title="加开服务")
    ledger.cases += deeds("C", spread("C", 3))
    for u in ("A", "B"):
        ledger.meetings += [
            {"day": day, "unit": u, "type": "党课", "topic": f"{u}第{i}次党课"} for i, day in enumerate(spread(u, 4))
        ]
    return ledger


@pytest.mark.parametrize(
    ("people_a", "expected"),
    [
        pytest.param(240, [("A", "on_target", "counts"), ("B", "on_target", "counts")], id="three-counts-on-target"),
        pytest.param(241, [("B", "on_target", "counts")], id="clean-two-on-target-one-above"),
    ],
)
def test_counts_exactly_on_target(tmp_path: Path, people_a: int, expected: list[tuple[str, str, str]]) -> None:
    with Store(tmp_path / "t.duckdb") as store:
        _insert(store, _on_target_office(people_a))
        adopt_scheme(store, LOCAL_VIEWER, parse_scheme(ON_TARGET_SCHEME))
        found = checks.find(store, PERIOD, thresholds.load(), today=date(2026, 11, 30))
        keys = [(str(f["unit_id"]), str(f["check_id"]), str(f["subject"])) for f in found.flags.to_dict("records")]
        assert sorted(keys) == expected
        flag = found.flags[found.flags["unit_id"] == "B"].iloc[0].to_dict()
        # Four 党课 of four owed is exactly on target too, but a target under 20 is what is expected, not tidy.
        assert [i["indicator"] for i in flag["facts"]["indicators"]] == ["服务次数", "服务人次", "办实事"]
        assert "服务次数 24/24" in checks.explain(flag, "zh")
        # The rows behind it are the lineage of those three indicators: B's 24 services (twice) and 24 deeds.
        assert flag["rows"] == 24 + 24 + 24
        under_way = checks.find(store, PERIOD, thresholds.load(), today=date(2023, 12, 1))
    assert under_way.skipped == (("on_target", "check.skipped.under_way"),)
    assert under_way.flags.empty


# -- thresholds -------------------------------------------------------------------------------------------------


def test_the_shipped_file_states_exactly_the_defaults() -> None:
    shipped = thresholds.load(thresholds.SHIPPED)
    assert {name: dict(values) for name, values in shipped.checks} == {
        name: {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}
        for name, values in thresholds.DEFAULTS.items()
        if name != "stability"
    }
    assert shipped.stability == thresholds.StabilitySettings(**thresholds.DEFAULTS["stability"])
    assert {c.id for c in checks.CHECKS} == set(thresholds.DEFAULTS) - {"stability"}


def test_an_office_file_changes_only_what_it_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "ours.toml"
    path.write_text("[copy_within]\nmin_dates = 3\n\n[stability]\ndraws = 500\n", encoding="utf-8")
    monkeypatch.setenv("KAOHE_CHECKS", str(path))
    ours = thresholds.load()
    assert ours.of("copy_within") == {"min_dates": 3}
    assert ours.of("burst") == thresholds.DEFAULTS["burst"]
    assert (ours.stability.draws, ours.stability.band) == (500, 0.10)
    # The same row on three dates, clean under the shipped thresholds (the case table), flags under the office's.
    with Store(tmp_path / "ours.duckdb") as store:
        _insert(store, case_copy_within_three_dates())
        keys = checks.find(store, PERIOD, ours, today=date(2026, 11, 30)).flags["check_id"].tolist()
    assert keys == ["copy_within"]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        pytest.param("[bursts]\nmin_rows = 3\n", "thresholds.unknown_section", id="unknown-check"),
        pytest.param("[burst]\nmin_row = 3\n", "thresholds.unknown_key", id="misspelt-key"),
        pytest.param('[burst]\nmin_rows = "8"\n', "thresholds.bad_value", id="text-for-a-number"),
        pytest.param("[burst]\nmin_share = -0.1\n", "thresholds.bad_value", id="negative"),
        pytest.param("[stability]\nband = 0\n", "thresholds.bad_stability", id="no-band"),
        pytest.param("[burst\n", "thresholds.unreadable", id="not-toml"),
    ],
)
def test_a_bad_thresholds_file_is_refused_naming_the_key(tmp_path: Path, text: str, key: str) -> None:
    path = tmp_path / f"{key}.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(thresholds.ThresholdError) as refused:
        thresholds.load(path)
    assert refused.value.key == key
    assert str(path.name) in str(refused.value)


# -- the demo: the planted cases and nothing else -------------------------------------------------------------

PLANTED_2025 = [
    ("JG06", "attendees_over_roll", "meetings"),
    ("JG06", "same_day", "支委会"),
    ("JG08", "people_implausible", "services"),
    ("QY07", "copy_across", "services"),
    ("QY10", "outside_active", "meetings"),
    ("SH02", "copy_within", "services"),
    ("SH05", "members_over_roll", "services"),
    ("SQ02", "on_target", "counts"),
    ("SQ05", "copy_across", "services"),
    ("SQ05", "closed_before_received", "cases"),
    ("SQ06", "burst", "services"),
    ("SQ07", "round_numbers", "services"),
    ("SQ08", "burst", "deeds"),
]


@pytest.fixture(scope="module")
def demo(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path = tmp_path_factory.mktemp("checks_demo") / "kaohe.duckdb"
    shutil.copyfile(demo_db_template, path)
    with Store(path) as store:
        yield store


def test_the_demo_flags_exactly_its_planted_cases_in_2025(demo: Store) -> None:
    report = checks.report(demo, LOCAL_VIEWER, parse_period("2025"))
    keys = [(str(f["unit_id"]), str(f["check_id"]), str(f["subject"])) for f in report.flags.to_dict("records")]
    assert sorted(keys) == sorted(PLANTED_2025)
    assert (report.flags["status"] == "open").all()
    by_unit = report.open_by_unit()
    assert by_unit.iloc[0]["unit_id"] in ("JG06", "SQ05") and by_unit.iloc[0]["open"] == 2


@pytest.mark.parametrize("code", ["2024", "2026"])
def test_the_demo_flags_nothing_in_the_other_years(demo: Store, code: str) -> None:
    assert checks.report(demo, LOCAL_VIEWER, parse_period(code)).flags.empty


# -- reviews: append-only, audited, latest wins, a click only -------------------------------------------------


@pytest.fixture
def reviewed(demo_db_template: Path, tmp_path: Path) -> Iterator[Store]:
    path = tmp_path / "kaohe.duckdb"
    shutil.copyfile(demo_db_template, path)
    with Store(path) as store:
        yield store


def _flag(store: Store, unit_id: str, check_id: str) -> dict[str, Any]:
    report = checks.report(store, ASSESSOR, parse_period("2025"))
    flags = report.flags
    row = flags[(flags["unit_id"] == unit_id) & (flags["check_id"] == check_id)].iloc[0]
    return {str(k): v for k, v in row.items()}


def _review(flag: dict[str, Any], verdict: str, note: str, seen: int | None = None) -> checks.ReviewInput:
    return checks.ReviewInput(
        str(flag["unit_id"]), str(flag["check_id"]), str(flag["subject"]), str(flag["fingerprint"]), verdict, note, seen
    )


def _count(store: Store, table: str) -> int:
    return int(store.cursor().execute(f"select count(*) from {table}").fetchone()[0])  # type: ignore[index]


def test_reading_the_checks_writes_nothing(reviewed: Store) -> None:
    before = (_count(reviewed, "check_reviews"), _count(reviewed, "audit_log"), reviewed.generation)
    for viewer in (ASSESSOR, SECRETARY, LOCAL_VIEWER):
        checks.report(reviewed, viewer, parse_period("2025"))
    assert (_count(reviewed, "check_reviews"), _count(reviewed, "audit_log"), reviewed.generation) == before


def test_a_review_is_appended_audited_and_in_force(reviewed: Store) -> None:
    flag = _flag(reviewed, "SQ08", "burst")
    first = checks.review(reviewed, ASSESSOR, parse_period("2025"), _review(flag, "rectify", "年底补录，要求整改"))
    now = _flag(reviewed, "SQ08", "burst")
    shown = (now["status"], now["verdict"], now["note"], now["reviewed_by"])
    assert shown == ("rectify", "rectify", "年底补录，要求整改", "王秀兰")
    second = checks.review(reviewed, ASSESSOR, parse_period("2025"), _review(flag, "verified", "已补材料", first))
    assert second > first and _flag(reviewed, "SQ08", "burst")["status"] == "verified"
    assert _count(reviewed, "check_reviews") == 2  # the first is kept; the view shows the latest
    entries = audit.entries(reviewed, LOCAL_VIEWER, audit.AuditFilter(action="check.review"))
    assert len(entries) == 2
    latest = json.loads(entries.iloc[0]["after"])
    assert (latest["verdict"], latest["unit_id"], latest["check_id"]) == ("verified", "SQ08", "burst")
    assert json.loads(entries.iloc[0]["before"])["verdict"] == "rectify"
    assert pd.isna(entries.iloc[1]["before"])


def test_a_review_over_someone_elses_is_refused(reviewed: Store) -> None:
    flag = _flag(reviewed, "SQ02", "on_target")
    checks.review(reviewed, ASSESSOR, parse_period("2025"), _review(flag, "verified", "核对了原始记录"))
    with pytest.raises(checks.ReviewConflict) as refused:
        # Drawn before that review: the page saw no review in force.
        checks.review(
            reviewed, Viewer("李志强", Role.ASSESSOR), parse_period("2025"), _review(flag, "rectify", "不同意")
        )
    assert "王秀兰" in str(refused.value)
    assert _count(reviewed, "check_reviews") == 1


@pytest.mark.parametrize(
    ("verdict", "note", "key"),
    [
        pytest.param("", "说明", "check.error.verdict_missing", id="no-verdict"),
        pytest.param("ok", "说明", "check.error.verdict", id="unknown-verdict"),
        pytest.param("verified", "  ", "check.error.note_missing", id="no-note"),
        pytest.param("verified", "字" * 501, "check.error.note_long", id="note-too-long"),
    ],
)
def test_a_review_needs_a_verdict_and_a_note(reviewed: Store, verdict: str, note: str, key: str) -> None:
    flag = _flag(reviewed, "SH02", "copy_within")
    with pytest.raises(checks.ReviewError) as refused:
        checks.review(reviewed, ASSESSOR, parse_period("2025"), _review(flag, verdict, note))
    assert refused.value.key == key
    assert _count(reviewed, "check_reviews") == 0


def test_a_review_holds_for_its_rows_only(reviewed: Store) -> None:
    flag = _flag(reviewed, "SH05", "members_over_roll")
    checks.review(reviewed, ASSESSOR, parse_period("2025"), _review(flag, "verified", "登记有误，已更正"))
    # A second impossible row appears for the same unit: the flag names other rows, so it is open again.
    with reviewed.transaction() as cur:
        cur.execute(
            "insert into services select * replace (source_row + 10000 as source_row, "
            "service_date + 1 as service_date) from services where unit_id = 'SH05' and members_involved > 3"
        )
    now = _flag(reviewed, "SH05", "members_over_roll")
    assert (now["status"], now["stale"], now["rows"]) == ("open", True, 2)
    with pytest.raises(checks.ReviewConflict):
        checks.review(reviewed, ASSESSOR, parse_period("2025"), _review(flag, "verified", "旧页面"))


def test_who_may_read_and_review(reviewed: Store) -> None:
    period = parse_period("2025")
    assert len(checks.report(reviewed, SECRETARY, period).flags) == len(PLANTED_2025)
    for viewer in (ANALYST, Viewer("支部", Role.BRANCH, "SQ08")):
        with pytest.raises(AccessDenied):
            checks.report(reviewed, viewer, period)
    flag = _flag(reviewed, "SQ06", "burst")
    with pytest.raises(AccessDenied):
        checks.review(reviewed, SECRETARY, period, _review(flag, "verified", "书记不录入"))


# -- the command line -----------------------------------------------------------------------------------------


def test_kaohe_checks_prints_the_flags(
    demo_db_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "kaohe.duckdb"
    shutil.copyfile(demo_db_template, path)
    assert main(["checks", "--period", "2025", "--db", str(path), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert (payload["period"], payload["open"], len(payload["flags"])) == ("2025", 13, 13)
    copy = next(f for f in payload["flags"] if f["check"] == "copy_within")
    assert copy["unit"] == "陇海马路街道社会组织联合党支部" and copy["status_name"] == "未核实"
    assert len(copy["rows"]) == 5 and all(r["source_file"].endswith(".csv") for r in copy["rows"])
    assert "5 个日期" in copy["rows"][0]["note"]
    assert main(["checks", "--period", "2025", "--db", str(path)]) == 0
    text = capsys.readouterr().out
    assert text.startswith("台账可信度检查　考核期 2025　疑点 13 条，其中未核实 13 条")
    assert "【未核实】城东南路社区（SQ08）　期末集中登记" in text
    assert main(["checks", "--period", "2025-13", "--db", str(path)]) == 1
