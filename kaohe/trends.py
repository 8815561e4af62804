"""Service trends: monthly and weekly series, people served, year on year, a calendar and the category mix.

The page's charts filter one another (click a bar, the rest of the page follows). Each chart therefore
ignores the filter it sets itself — the category mix still shows every category while one is selected, so
another can be clicked — and every other chart applies it. Filters also travel in the URL, so they have a
text form (`to_params` / `from_params`).

Every read takes the `Viewer` it acts for: it needs Permission.VIEW_DATA, and a branch viewer's unit is bound
as `$unit_scope` in the SQL itself, so the cards, charts and pickers count that unit's services only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

import pandas as pd

from kaohe.access import Permission, Viewer
from kaohe.periods import Period
from kaohe.store import Reader

BREAKDOWNS = ("category", "community", "kind")
# What the page can be narrowed to besides a day range: the breakdowns and one unit (branch).
PICKS = (*BREAKDOWNS, "unit")
GRAINS = ("month", "week")


@dataclass(frozen=True)
class TrendFilters:
    """What the trends page is narrowed to; None means all. `day_from`/`day_to` is a half-open day range.

    A community (`community`) counts every unit located in it — its community branch and the offices and firms
    within it; `unit` (a unit_id) counts one branch alone.
    """

    category: str | None = None
    community: str | None = None
    kind: str | None = None
    unit: str | None = None
    day_from: date | None = None
    day_to: date | None = None

    def without(self, *names: str) -> TrendFilters:
        """The same filters with `names` set back to all."""
        return replace(self, **dict.fromkeys(names))

    @property
    def active(self) -> bool:
        """Whether anything is filtered."""
        return any(v is not None for v in (self.category, self.community, self.kind, self.unit, self.day_from))

    def to_params(self) -> dict[str, str]:
        """The filters as URL query parameters (only those set)."""
        found = {name: getattr(self, name) for name in PICKS}
        params = {k: v for k, v in found.items() if v is not None}
        if self.day_from is not None and self.day_to is not None:
            params["from"] = self.day_from.isoformat()
            params["to"] = (self.day_to - timedelta(days=1)).isoformat()
        return params

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> TrendFilters:
        """Filters from URL query parameters; a malformed date range is dropped, not an error."""
        day_from = day_to = None
        try:
            if params.get("from") and params.get("to"):
                day_from = date.fromisoformat(params["from"])
                day_to = date.fromisoformat(params["to"]) + timedelta(days=1)
        except ValueError:
            day_from = day_to = None
        picked = {name: params.get(name) or None for name in PICKS}
        return cls(**picked, day_from=day_from, day_to=day_to)


def _params(viewer: Viewer, period: Period, filters: TrendFilters, no_community: str, **extra: Any) -> dict[str, Any]:
    viewer.require(Permission.VIEW_DATA)
    day_from, day_to = filters.day_from, filters.day_to
    return {
        **period.params(),
        "unit_scope": viewer.unit_scope,
        "day_from": day_from,
        "day_to": day_to,
        "category": filters.category,
        "community": filters.community,
        "kind": filters.kind,
        "unit": filters.unit,
        "no_community": no_community,
        **extra,
    }


def options(source: Reader, viewer: Viewer, period: Period, no_community: str) -> dict[str, dict[str, str]]:
    """The categories, communities, unit kinds and units among the period's services, most services first: for
    each of PICKS, value → what a picker shows (a unit's name for its unit_id, else the value itself)."""
    viewer.require(Permission.VIEW_DATA)
    params = {**period.params(), "no_community": no_community, "unit_scope": viewer.unit_scope}
    frame = source.query("trends/options", params)
    picked = {d: frame[frame["dimension"] == d] for d in PICKS}
    return {
        d: dict(zip(rows["value"].astype(str), rows["label"].astype(str), strict=True)) for d, rows in picked.items()
    }


def series(
    source: Reader,
    viewer: Viewer,
    period: Period,
    filters: TrendFilters,
    grain: str,
    breakdown: str,
    no_community: str,
) -> pd.DataFrame:
    """Services per bucket and breakdown value; ignores the day range (this chart sets it).

    Columns: bucket (date: first of the month or Monday of the week), breakdown (str), services, people_served.
    """
    if grain not in GRAINS or breakdown not in BREAKDOWNS:
        raise ValueError(f"grain {grain!r} / breakdown {breakdown!r} not one of {GRAINS} / {BREAKDOWNS}")
    without_days = filters.without("day_from", "day_to")
    params = _params(viewer, period, without_days, no_community, grain=grain, breakdown=breakdown)
    return source.query("trends/series", params)


def breakdown(
    source: Reader, viewer: Viewer, period: Period, filters: TrendFilters, dimension: str, no_community: str
) -> pd.DataFrame:
    """Services and people served by `dimension`, ignoring the filter on that dimension (this chart sets it).

    Columns: value (str), services, people_served; largest first.
    """
    if dimension not in BREAKDOWNS:
        raise ValueError(f"dimension {dimension!r} not one of {BREAKDOWNS}")
    params = _params(viewer, period, filters.without(dimension), no_community, breakdown=dimension)
    return source.query("trends/breakdown", params)


def calendar(source: Reader, viewer: Viewer, period: Period, filters: TrendFilters, no_community: str) -> pd.DataFrame:
    """Services per day (days with none are absent); ignores the day range (this chart sets it).

    Columns: day (date), services, people_served.
    """
    params = _params(viewer, period, filters.without("day_from", "day_to"), no_community)
    return source.query("trends/calendar", params)


@dataclass(frozen=True)
class Totals:
    """Services and people served under the filters, now and in the same span a year earlier."""

    services: int
    people_served: int
    prior_services: int
    prior_people_served: int

    @property
    def people_per_service(self) -> float | None:
        """People served per service (None without services)."""
        return self.people_served / self.services if self.services else None

    @staticmethod
    def change(now: int, before: int) -> float | None:
        """Relative change (0.12 = +12%); None when there is nothing to compare with."""
        return None if before == 0 else (now - before) / before


def totals(source: Reader, viewer: Viewer, period: Period, filters: TrendFilters, no_community: str) -> Totals:
    """The filtered totals of the period and a year earlier."""
    frame = source.query("trends/totals", _params(viewer, period, filters, no_community))
    found = {
        str(which): (int(services), int(people))
        for which, services, people in zip(
            frame["which"].tolist(), frame["services"].tolist(), frame["people_served"].tolist(), strict=True
        )
    }
    (services, people), (prior_services, prior_people) = found["current"], found["prior"]
    return Totals(services, people, prior_services, prior_people)


def year_on_year(
    source: Reader, viewer: Viewer, period: Period, filters: TrendFilters, no_community: str
) -> pd.DataFrame:
    """Services per calendar month, this period against a year earlier; ignores the day range.

    Columns: month (1-12), services, prior_services.
    """
    params = _params(viewer, period, filters, no_community)
    for name in ("day_from", "day_to"):
        params.pop(name)
    return source.query("trends/yoy", params)


def bucket_range(bucket: date, grain: str) -> tuple[date, date]:
    """The half-open day range of one month or week bucket."""
    if grain == "week":
        return bucket, bucket + timedelta(days=7)
    next_month = date(bucket.year + bucket.month // 12, bucket.month % 12 + 1, 1)
    return bucket, next_month


def calendar_grid(days: pd.DataFrame, period: Period) -> pd.DataFrame:
    """The calendar as a grid: one row per weekday (0 = Monday) and one column per week (its Monday).

    Cells hold the day's services (0 on a day without), NaN outside the period.
    """
    first_monday = period.start - timedelta(days=period.start.weekday())
    all_days = pd.date_range(period.start, period.end - timedelta(days=1), freq="D")
    counts: dict[pd.Timestamp, int] = {
        pd.Timestamp(day): int(n) for day, n in zip(days["day"].tolist(), days["services"].tolist(), strict=True)
    }
    rows = [
        {
            "week": (first_monday + timedelta(days=7 * ((d.date() - first_monday).days // 7))),
            "weekday": d.weekday(),
            "services": counts.get(d, 0),
        }
        for d in all_days
    ]
    grid = pd.DataFrame(rows).pivot(index="weekday", columns="week", values="services")
    return grid.reindex(index=range(7))
