"""一级抓一级: how the units each leader answers for stand, for the leader's own page and the secretary's overview.

"形成一级抓一级、一级促一级的新格局": a leader (班子成员) answers for their 联系点 and the communities their department
is responsible for (kaohe.leaders). `my_units` is a leader's page (我的联系点): the standing of their units in the
period, pace alerts, their trend over the years and their rectification items; `by_leader` is the secretary's
chain at a glance, one row per leader. Every score comes from kaohe.results (the one door), every pace figure from
kaohe.pace through it, every item from kaohe.rectification; nothing here scores.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from kaohe import leaders, rectification, results
from kaohe.access import AccessDenied, Permission, Role, Viewer
from kaohe.labels import message
from kaohe.pace import Pace, PaceStatus
from kaohe.periods import Period
from kaohe.scheme import SchemeError
from kaohe.scoring import ScoringError, round_points
from kaohe.store import Store

# Columns of `by_leader`.
BY_LEADER_COLUMNS = (
    "leader", "post", "department", "units", "unit_names", "scored", "average", "lowest", "lowest_unit", "behind",
    "alert", "open_items", "overdue_items",
)  # fmt: skip
# Columns of MyUnits.units.
UNIT_COLUMNS = (
    "unit_id", "unit", "kind", "basis", "rank", "total", "grade", "vetoed", "prior_total", "change", "pace",
    "lagging", "open_items", "overdue_items",
)  # fmt: skip
TREND_YEARS = 3


def _shown(store: Store, viewer: Viewer, period: Period, as_of: date | None) -> results.Result | None:
    """The period's result as the viewer may see it, or None when there is none to see (unpublished, no scheme)."""
    try:
        return results.view(store, viewer, period, as_of=as_of)
    except (AccessDenied, SchemeError, ScoringError):
        return None


def _pace(store: Store, viewer: Viewer, period: Period, as_of: date | None) -> Pace | None:
    try:
        return results.progress(store, viewer, period, as_of)
    except (SchemeError, ScoringError):
        return None


def _visible_leaders(store: Store, viewer: Viewer) -> pd.DataFrame:
    """The leaders whose rows the viewer may read: every leader for an unscoped viewer, a leader their own."""
    listed = leaders.leader_list(store, viewer)
    if viewer.role is Role.LEADER:
        return listed[listed["name"] == viewer.leader].reset_index(drop=True)
    if viewer.unit_scope is not None:
        return listed.iloc[0:0]
    return listed


def by_leader(
    store: Store, viewer: Viewer, period: Period, as_of: date | None = None, today: date | None = None
) -> pd.DataFrame:
    """One row per leader (BY_LEADER_COLUMNS): their units (unit_names a tuple of names), the average and lowest
    total of those scored (None when the viewer may see no score of the period), how many are 滞后 and 预警 on pace
    (a period under way), and their open (not 销号) and overdue rectification items of any period. A leader gets
    their own row only."""
    viewer.require(Permission.VIEW_DATA)
    listed = _visible_leaders(store, viewer)
    links = leaders.leader_units(store, viewer)
    shown = _shown(store, viewer, period, as_of)
    pace = _pace(store, viewer, period, as_of)
    items = rectification.items(store, viewer, today=today)
    totals = shown.score.units.set_index("unit_id") if shown is not None else None
    statuses = pace.units.set_index("unit_id")["status"] if pace is not None else None
    rows = []
    for leader in listed.to_dict("records"):
        own = links[links["leader"] == leader["name"]]
        ids = list(own["unit_id"])
        scored = totals.loc[[u for u in ids if u in totals.index]] if totals is not None else None
        lowest = None
        if scored is not None and len(scored):
            lowest = scored.sort_values(["total", "rank"], ascending=[True, False]).iloc[0]
        mine = items[items["unit_id"].isin(ids)]
        status = statuses.reindex(ids).dropna() if statuses is not None else None
        rows.append(
            {
                "leader": leader["name"],
                "post": leader["post"],
                "department": leader["department"],
                "units": len(ids),
                "unit_names": tuple(own["unit"]),  # names, joined by whoever shows them, in their language
                "scored": None if scored is None else len(scored),
                # Half up, as every score (a mean of totals such as 87.365 is 87.37 whatever order it was summed in).
                "average": None if scored is None or scored.empty else float(round_points(scored["total"].mean())),
                "lowest": None if lowest is None else float(lowest["total"]),
                "lowest_unit": None if lowest is None else str(lowest["unit"]),
                "behind": None if status is None else int((status == PaceStatus.BEHIND.value).sum()),
                "alert": None if status is None else int((status == PaceStatus.ALERT.value).sum()),
                "open_items": len(rectification.still_open(mine)),
                "overdue_items": len(rectification.overdue(mine)),
            }
        )
    return pd.DataFrame(rows, columns=list(BY_LEADER_COLUMNS))


@dataclass(frozen=True)
class MyUnits:
    """What a leader's page (我的联系点) shows.

    leader: name, post, department. shown: the period's result as the viewer may see it (None: none to see).
    units: UNIT_COLUMNS, one row per unit the leader answers for, best rank first (units not scored last);
    prior_total and change compare with the same period a year earlier. lagging: the pace lines behind or on
    alert (kaohe.pace LINE_COLUMNS) of these units; pace: None for a period scored whole. trend: unit_id, unit,
    period, total for the last TREND_YEARS years the viewer may see. items: the units' rectification items.
    """

    leader: dict[str, Any]
    shown: results.Result | None
    pace: Pace | None
    units: pd.DataFrame
    lagging: pd.DataFrame
    trend: pd.DataFrame
    items: pd.DataFrame


def leader_of(viewer: Viewer, leader: str | None) -> str:
    """Whose page to show: a leader always sees their own; an unscoped viewer picks one. AccessDenied otherwise."""
    viewer.require(Permission.VIEW_DATA)
    if viewer.role is Role.LEADER:
        if leader not in (None, viewer.leader):
            raise AccessDenied("access.own_links_only", user=viewer.user, leader=viewer.leader)
        return str(viewer.leader)
    if viewer.unit_scope is not None:
        raise AccessDenied("access.no_links", user=viewer.user, role=message(f"app.role.{viewer.role.value}"))
    if not leader:
        raise ValueError("pick a leader")
    return leader


def my_units(
    store: Store,
    viewer: Viewer,
    period: Period,
    as_of: date | None = None,
    leader: str | None = None,
    today: date | None = None,
) -> MyUnits:
    """A leader's units in `period` as `viewer` may see them (see MyUnits); an unscoped viewer names the leader."""
    name = leader_of(viewer, leader)
    listed = leaders.leader_list(store, viewer)
    row = listed[listed["name"] == name]
    if row.empty:
        raise KeyError(name)
    links = leaders.leader_units(store, viewer, name)
    ids = list(links["unit_id"])
    shown = _shown(store, viewer, period, as_of)
    pace = _pace(store, viewer, period, as_of)
    prior = _shown(store, viewer, period.year_earlier(), None)
    items = rectification.items(store, viewer, today=today)
    items = items[items["unit_id"].isin(ids)].reset_index(drop=True)
    units = links[["unit_id", "unit", "kind", "basis"]].copy()
    if shown is not None:
        scored = shown.score.units[["unit_id", "rank", "total", "grade", "vetoed"]]
        units = units.merge(scored, on="unit_id", how="left")
    else:
        units = units.assign(rank=None, total=None, grade=None, vetoed=None)
    before = prior.score.units.set_index("unit_id")["total"] if prior is not None else pd.Series(dtype=float)
    units["prior_total"] = units["unit_id"].map(before)
    units["change"] = (units["total"].astype(float) - units["prior_total"].astype(float)).round(2)
    if pace is not None:
        status = pace.units.set_index("unit_id")
        units["pace"] = units["unit_id"].map(status["status"])
        units["lagging"] = [
            tuple(v) if isinstance(v, tuple) else () for v in units["unit_id"].map(status["indicators"])
        ]
        lagging = pace.lines[
            pace.lines["unit_id"].isin(ids)
            & pace.lines["status"].isin([PaceStatus.BEHIND.value, PaceStatus.ALERT.value])
        ].reset_index(drop=True)
    else:
        units["pace"], units["lagging"] = None, [()] * len(units)
        lagging = pd.DataFrame()
    units["open_items"] = units["unit_id"].map(rectification.still_open(items)["unit_id"].value_counts()).fillna(0)
    units["overdue_items"] = units["unit_id"].map(rectification.overdue(items)["unit_id"].value_counts()).fillna(0)
    units = units.astype({"open_items": "int64", "overdue_items": "int64"})
    units = units.sort_values(["rank", "unit_id"], na_position="last", kind="stable").reset_index(drop=True)
    return MyUnits(
        leader={str(k): v for k, v in row.iloc[0].items()},
        shown=shown,
        pace=pace,
        units=units[list(UNIT_COLUMNS)],
        lagging=lagging,
        trend=_trend(store, viewer, period, ids),
        items=items,
    )


def _trend(store: Store, viewer: Viewer, period: Period, ids: list[str]) -> pd.DataFrame:
    """Each unit's total in this period and the same period of the years before, as far as the viewer may see
    (a period not yet scored or not published for this viewer is left out). Columns: unit_id, unit, period,
    total, provisional."""
    frames = []
    current = period
    for _ in range(TREND_YEARS):
        as_of = results.default_cutoff(store, current)
        shown = _shown(store, viewer, current, as_of)
        if shown is not None:
            own = shown.score.units[shown.score.units["unit_id"].isin(ids)]
            frames.append(
                own[["unit_id", "unit", "total"]].assign(
                    period=current.code, provisional=shown.status is results.Status.PROVISIONAL
                )
            )
        current = current.year_earlier()
    if not frames:
        return pd.DataFrame(columns=["unit_id", "unit", "period", "total", "provisional"])
    trend = pd.concat(frames, ignore_index=True)
    return trend.sort_values(["unit_id", "period"]).reset_index(drop=True)[
        ["unit_id", "unit", "period", "total", "provisional"]
    ]
