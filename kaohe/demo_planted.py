"""Cases planted in the demo ledgers for the credibility checks (kaohe/checks.py), so their page is not empty.

Real ledgers have them: rows bunched before the deadline, rows copied and pasted, figures that cannot be true,
counts that are too tidy. Each case below changes rows the generator already made — dates moved within 2025, rows
given to another unit, figures changed with the difference made up on the same unit's other rows — so 2025 keeps
the article's totals exactly (1,688 services serving 26,190 people, 1,716 errands, 3,821 deeds, 29 decisions). The
cases, all in 2025 (data/demo/README.md lists them too):

- 期末突击: 城东南路社区 (SQ08) dates 60 of its practical deeds in the last four weeks of the year, 北三街社区 (SQ06)
  35 of its services;
- 复制粘贴: 陇海马路街道社会组织联合党支部 (SH02) records one 文明交通劝导 with the same head counts on five dates;
  郑州新郑里餐饮管理有限公司党支部 (QY07) has three rows identical to 新郑里社区's (SQ05) on the same days;
- 不可能的数值: 财政所党支部 (JG06, 7 members) a 党小组会 attended by 9; 阳光家政服务中心党支部 (SH05, 3 members) a
  service with 6 members taking part; 社会事务办党支部 (JG08) a service of 360 people where its usual is a few dozen;
  郑州陇海智慧物业 (QY10, founded 2025-07-01) a 主题党日 on 2025-06-28; 新郑里社区 (SQ05) two deeds closed a year
  before they were received (the year mistyped);
- 过于规整: 新郑路社区 (SQ02) lands exactly on its targets for errands (200), deeds (340) and people served (2,800),
  the surplus given to 陇海东路第一社区 (SQ01), which stays above every target; 财政所 (JG06) holds every 支委会 on
  the 15th; 陇海中路社区 (SQ07) writes every head count of ten or more as a multiple of ten.

Deterministic (its own seeded generator), like the rest of the demo.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import TypeVar

from kaohe.demo import (
    SEED,
    CaseRow,
    DemoData,
    MeetingRow,
    ServiceRow,
    Unit,
    yards,
)

YEAR = 2025
# The burst window of kaohe/checks.toml: the last 28 days of the year.
BURST_START = date(YEAR, 12, 4)
BURST_DAYS = 28
_Row = TypeVar("_Row", ServiceRow, CaseRow)


def plant(data: DemoData) -> DemoData:
    """The demo data with every case of the module docstring planted in 2025."""
    rng = random.Random(SEED + 16)
    units = {unit.unit_id: unit for unit in data.units}
    services = list(data.services[YEAR])
    cases = list(data.cases[YEAR])
    meetings = list(data.meetings[YEAR])

    deeds = [i for i, r in enumerate(cases) if r.unit.unit_id == "SQ08" and r.kind == "实事"]
    cases = _burst(rng, cases, deeds, 60, _case_day, _case_key, _case_moved)
    services = _burst(rng, services, _own(services, "SQ06"), 35, _service_day, _service_key, _service_moved)
    services = _copies_within(services, units["SH02"])
    services = _copies_across(rng, services, units["QY07"], "SQ05")
    meetings = _attendance_above_roll(meetings, "JG06")
    services = _members_above_roll(services, "SH05")
    services = _big_event(services, "JG08", "SQ01", 360)
    meetings = _before_founding(meetings, units["QY10"])
    cases = _closed_before_received(cases, "SQ05", 2)
    cases, services = _on_target(cases, services, units["SQ02"], units["SQ01"])
    meetings = _same_day(meetings, "JG06", "支委会", 15)
    services = _round_counts(services, "SQ07")

    services.sort(key=lambda r: (r.day, r.unit.unit_id, r.title))
    cases.sort(key=lambda r: (r.received, r.unit.unit_id, r.kind, r.title))
    meetings.sort(key=lambda r: (r.day, r.unit.unit_id, r.meeting_type))
    return replace(
        data,
        services={**data.services, YEAR: services},
        cases={**data.cases, YEAR: cases},
        meetings={**data.meetings, YEAR: meetings},
    )


# -- helpers: every row type's day and natural key ---------------------------------------------------------------


def _service_day(row: ServiceRow) -> date:
    return row.day


def _case_day(row: CaseRow) -> date:
    return row.received


def _service_key(row: ServiceRow) -> tuple[object, ...]:
    return (row.day, row.unit.unit_id, row.category, row.title, row.location)


def _case_key(row: CaseRow) -> tuple[object, ...]:
    return (row.received, row.unit.unit_id, row.kind, row.title)


def _service_moved(row: ServiceRow, day: date) -> ServiceRow:
    return replace(row, day=day)


def _case_moved(row: CaseRow, day: date) -> CaseRow:
    # Closed as many days after it was received as before.
    closed = None if row.closed is None else day + (row.closed - row.received)
    return replace(row, received=day, closed=closed)


def _fits_december(text: str) -> bool:
    """No summer topic moved to December (防汛, 防溺水, 夏季)."""
    return not any(word in text for word in ("防汛", "防溺水", "夏季"))


def _burst(
    rng: random.Random,
    rows: list[_Row],
    among: Sequence[int],
    count: int,
    day_of: Callable[[_Row], date],
    key_of: Callable[[_Row], tuple[object, ...]],
    moved: Callable[[_Row, date], _Row],
) -> list[_Row]:
    """Move `count` of the rows at `among` dated before October into the last four weeks of the year."""
    keys = {key_of(r) for r in rows}
    movable = [i for i in among if day_of(rows[i]).month < 10 and _fits_december(rows[i].title)]
    out = list(rows)
    for i in sorted(rng.sample(movable, count)):
        for _attempt in range(50):
            candidate = moved(out[i], BURST_START + timedelta(days=rng.randrange(BURST_DAYS)))
            if key_of(candidate) not in keys:
                keys.discard(key_of(out[i]))
                keys.add(key_of(candidate))
                out[i] = candidate
                break
    return out


def _spread(rows: list[ServiceRow], indexes: Sequence[int], difference: int, low: int, high: int) -> None:
    """Add `difference` people to the rows at `indexes` one at a time, each staying within [low, high]."""
    step = 1 if difference > 0 else -1
    position = 0
    stuck = 0
    while difference:
        i = indexes[position % len(indexes)]
        people = rows[i].people + step
        if low <= people <= high:
            rows[i] = replace(rows[i], people=people)
            difference -= step
            stuck = 0
        else:
            stuck += 1
            if stuck > len(indexes):
                raise RuntimeError("the planted demo cases cannot keep the unit's people served unchanged")
        position += 1


def _own(rows: Sequence[ServiceRow], unit_id: str) -> list[int]:
    return [i for i, r in enumerate(rows) if r.unit.unit_id == unit_id]


# -- the cases -----------------------------------------------------------------------------------------------


def _copies_within(rows: list[ServiceRow], unit: Unit) -> list[ServiceRow]:
    """Five of the unit's services become one 文明交通劝导 of 20 people and 3 members, on their own dates."""
    out = list(rows)
    own = _own(out, unit.unit_id)
    chosen: list[int] = []
    for i in own:
        if out[i].day not in {out[j].day for j in chosen}:
            chosen.append(i)
        if len(chosen) == 5:
            break
    before = sum(out[i].people for i in chosen)
    for i in chosen:
        out[i] = replace(
            out[i], category="党员志愿服务", title="党员志愿服务：文明交通劝导", people=20, members=3, hours=2.0
        )
    _spread(out, [i for i in own if i not in chosen], before - 20 * len(chosen), 1, 80)
    return out


def _copies_across(rng: random.Random, rows: list[ServiceRow], copier: Unit, source_id: str) -> list[ServiceRow]:
    """Three of `copier`'s services replaced by rows of `source_id` about a 楼院 (so not a text every unit uses):
    same day, category, title, people, members and hours."""
    out = list(rows)
    sources = [
        out[i]
        for i in _own(out, source_id)
        if "院" in out[i].title and out[i].people <= 8 and out[i].members <= copier.members
    ]
    picked = rng.sample(sources, 3)
    own = _own(out, copier.unit_id)
    targets = own[:3]
    before = sum(out[i].people for i in targets)
    for i, source in zip(targets, picked, strict=True):
        out[i] = replace(
            out[i], day=source.day, category=source.category, title=source.title, people=source.people,
            members=source.members, hours=source.hours,
        )  # fmt: skip
    _spread(out, own[3:], before - sum(s.people for s in picked), 1, 60)
    return out


def _attendance_above_roll(rows: list[MeetingRow], unit_id: str) -> list[MeetingRow]:
    """The unit's first 党小组会 of the year records two more attendees than members expected."""
    out = list(rows)
    i = next(i for i, r in enumerate(out) if r.unit.unit_id == unit_id and r.meeting_type == "党小组会")
    out[i] = replace(out[i], attended=out[i].expected + 2)
    return out


def _members_above_roll(rows: list[ServiceRow], unit_id: str) -> list[ServiceRow]:
    """One of the unit's services names twice its members as taking part."""
    out = list(rows)
    i = _own(out, unit_id)[0]
    out[i] = replace(out[i], members=2 * out[i].unit.members)
    return out


def _big_event(rows: list[ServiceRow], unit_id: str, donor_id: str, people: int) -> list[ServiceRow]:
    """One of the unit's services claims `people` people; `donor_id` (far above its target) gives the difference."""
    out = list(rows)
    own = _own(out, unit_id)
    i = next((i for i in own if out[i].category in ("医疗义诊", "科普讲座", "政策宣讲")), own[0])
    difference = people - out[i].people
    out[i] = replace(out[i], people=people)
    _spread(out, _own(out, donor_id), -difference, 1, 80)
    return out


def _before_founding(rows: list[MeetingRow], unit: Unit) -> list[MeetingRow]:
    """The unit's first 主题党日 dated three days before it was founded (its preparatory group's, recorded as its)."""
    out = list(rows)
    i = next(i for i, r in enumerate(out) if r.unit.unit_id == unit.unit_id and r.meeting_type == "主题党日")
    out[i] = replace(out[i], day=unit.founded - timedelta(days=3))
    return out


def _closed_before_received(rows: list[CaseRow], unit_id: str, count: int) -> list[CaseRow]:
    """`count` of the unit's closed deeds with the year of their closing date mistyped as the year before."""
    out = list(rows)
    own = [i for i, r in enumerate(out) if r.unit.unit_id == unit_id and r.kind == "实事" and r.closed is not None]
    for i in own[:count]:
        closed = out[i].closed
        assert closed is not None
        out[i] = replace(out[i], closed=closed.replace(year=closed.year - 1))
    return out


def _moved_case(row: CaseRow, unit: Unit, source: Unit) -> CaseRow:
    """A case given to another unit, its 楼院 named as one of the new unit's."""
    title = row.title
    own = yards(unit)
    for k, yard in enumerate(sorted(yards(source), key=len, reverse=True)):
        if yard in title:
            title = title.replace(yard, own[k % len(own)])
            break
    return replace(row, unit=unit, title=title)


def _on_target(
    cases: list[CaseRow], services: list[ServiceRow], unit: Unit, donee: Unit
) -> tuple[list[CaseRow], list[ServiceRow]]:
    """`unit` lands exactly on its errands (200), deeds (340) and people served (2,800) targets of the 2025 scheme;
    its surplus goes to `donee`, which stays above them."""
    targets = {"代办": 200, "实事": 340}
    out = list(cases)
    keys = {_case_key(r) for r in out}
    for kind, target in targets.items():
        own = [i for i, r in enumerate(out) if r.unit.unit_id == unit.unit_id and r.kind == kind]
        surplus = len(own) - target
        assert surplus >= 0, f"{unit.unit_id} has fewer {kind} than its target"
        moved = 0
        for i in reversed(own):
            if moved == surplus:
                break
            candidate = _moved_case(out[i], donee, unit)
            if _case_key(candidate) in keys:
                continue
            keys.discard(_case_key(out[i]))
            keys.add(_case_key(candidate))
            out[i] = candidate
            moved += 1
    rows = list(services)
    own_services = _own(rows, unit.unit_id)
    surplus_people = sum(rows[i].people for i in own_services) - 2800
    _spread(rows, own_services, -surplus_people, 1, 80)
    _spread(rows, _own(rows, donee.unit_id), surplus_people, 1, 80)
    return out, rows


def _same_day(rows: list[MeetingRow], unit_id: str, meeting_type: str, day: int) -> list[MeetingRow]:
    """Every meeting of the type on the same day of its month."""
    return [
        replace(r, day=r.day.replace(day=day)) if r.unit.unit_id == unit_id and r.meeting_type == meeting_type else r
        for r in rows
    ]


def _round_counts(rows: list[ServiceRow], unit_id: str) -> list[ServiceRow]:
    """Every head count of 10 or more written as a multiple of 10 (up or down, keeping the running sum close);
    what is left over goes to the unit's small services (1–9 people), so its people served stay the same."""
    out = list(rows)
    own = _own(out, unit_id)
    drift = 0
    for i in own:
        people = out[i].people
        if people < 10:
            continue
        low = people // 10 * 10
        rounded = low if abs(drift + low - people) <= abs(drift + low + 10 - people) else low + 10
        drift += rounded - people
        out[i] = replace(out[i], people=rounded)
    _spread(out, [i for i in own if out[i].people < 10], -drift, 1, 9)
    return out
