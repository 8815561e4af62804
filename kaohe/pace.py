"""Pace (进度): how far each unit's count targets should be by now, against what its ledgers show.

A year-end score tells the secretary in December who fell short; pace tells it in June, while there is time
to act. The expected actual to date is the target (as scored, so per-member and pro-rated targets are the
scoring engine's) times the share of the period due by the as-of date, built up evenly by day or in monthly or
quarterly steps as the scheme says (`pace` on an indicator). Pace never changes points.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

import pandas as pd

from kaohe.access import Permission, Viewer
from kaohe.overview import QuerySource
from kaohe.periods import Period
from kaohe.scheme import MEASURES
from kaohe.scoring import ScoreResult

# Actual / expected at or above ON_TRACK is on track; from ALERT up to ON_TRACK is behind; below ALERT an alert.
ON_TRACK = 0.95
ALERT = 0.85
_STEP_MONTHS = {"monthly": 1, "quarterly": 3}

# Columns of Pace.lines and Pace.units (documented here because pages and tests read them by name).
LINE_COLUMNS = (
    "unit_id", "unit", "kind", "community", "indicator_id", "indicator", "pace", "target", "actual",
    "expected_share", "expected", "ratio", "status",
)  # fmt: skip
UNIT_COLUMNS = ("unit_id", "unit", "kind", "community", "status", "ratio", "lagging", "indicators")


class PaceStatus(StrEnum):
    """Where a unit stands against its expected progress, worst last."""

    MET = "met"  # 达标: the whole period's target is already reached
    ON_TRACK = "on_track"  # 正常: at least 95% of what is due by now
    BEHIND = "behind"  # 滞后: 85% to 95%
    ALERT = "alert"  # 预警: below 85%


SEVERITY = {status: rank for rank, status in enumerate(PaceStatus)}


def _months_between(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, min(day.day, 28) if day.day > 28 else day.day)


def expected_share(pace: str, period: Period, as_of: date) -> float:
    """The share of the period's target due by the end of `as_of` (0 to 1) under `pace`.

    linear: days elapsed (as_of included) / days of the period. monthly, quarterly: windows of 1 or 3 months
    from the period start (the last one ends with the period) that have ended by as_of / all windows.
    """
    if as_of < period.start:
        return 0.0
    if as_of >= period.end - timedelta(days=1):
        return 1.0
    if pace == "linear":
        return ((as_of - period.start).days + 1) / (period.end - period.start).days
    step = _STEP_MONTHS.get(pace)
    if step is None:
        raise ValueError(f"unknown pace {pace!r}: expected linear, monthly or quarterly")
    months = _months_between(period.start, period.end)
    windows = max(1, -(-months // step))
    day_after = as_of + timedelta(days=1)
    ended = sum(1 for k in range(1, windows) if _add_months(period.start, k * step) <= day_after)
    return ended / windows


def pace_status(actual: float, expected: float, target: float) -> PaceStatus:
    """The status of one indicator: met when the whole target is reached, else by actual / expected."""
    if target > 0 and actual >= target:
        return PaceStatus.MET
    if expected <= 0:
        # Nothing is due yet (the first month of a monthly step): no one can be behind.
        return PaceStatus.ON_TRACK
    ratio = actual / expected
    if ratio >= ON_TRACK:
        return PaceStatus.ON_TRACK
    if ratio >= ALERT:
        return PaceStatus.BEHIND
    return PaceStatus.ALERT


def period_closed(period: Period, as_of: date) -> bool:
    """Whether the data reach the period's last day, so everything is due and pace has nothing to add."""
    return as_of >= period.end - timedelta(days=1)


def as_of_date(source: QuerySource, period: Period, today: date) -> date | None:
    """The latest ledger date in `period`, capped at `today`; None when no ledger has a row in it."""
    value = source.query("pace/as_of", period.params())["as_of"].iloc[0]
    if value is None or pd.isna(value):
        return None
    return min(pd.Timestamp(value).date(), today)


@dataclass(frozen=True)
class Pace:
    """Progress against count targets in a period as of a date.

    lines: one row per unit and paced indicator (LINE_COLUMNS): target (the scored target for the whole
        period), actual (to date), expected_share, expected (target × share), ratio (actual / expected; NaN when
        nothing is due yet) and status (a PaceStatus value).
    units: one row per unit (UNIT_COLUMNS), worst first: status (its worst indicator's), ratio (its lowest),
        lagging (how many indicators are behind or on alert) and indicators (their names, joined by "、").
    """

    period: Period
    as_of: date
    lines: pd.DataFrame
    units: pd.DataFrame

    def behind(self) -> pd.DataFrame:
        """The units behind pace or on alert, worst first."""
        return self.units[self.units["status"].isin([PaceStatus.BEHIND.value, PaceStatus.ALERT.value])]

    def counts(self) -> dict[PaceStatus, int]:
        """How many units are in each status, every status present."""
        counts = self.units["status"].value_counts()
        return {status: int(counts.get(status.value, 0)) for status in PaceStatus}


def period_pace(result: ScoreResult, as_of: date, viewer: Viewer) -> Pace:
    """The pace of every unit the viewer may see, from a scored period (its targets and actuals to date)."""
    viewer.require(Permission.VIEW_DATA)
    lines = result.lines
    counts = {
        ind.id: ind.pace for ind in result.scheme.indicators if ind.measure and MEASURES[ind.measure].kind == "count"
    }
    paced = lines[lines["indicator_id"].isin(list(counts)) & (lines["target"].fillna(0) > 0)]
    if viewer.unit_scope is not None:
        paced = paced[paced["unit_id"] == viewer.unit_scope]
    frame = paced[["unit_id", "unit", "kind", "community", "indicator_id", "indicator", "target", "actual"]].copy()
    frame["actual"] = frame["actual"].fillna(0.0)
    frame["pace"] = frame["indicator_id"].map(counts)
    shares = {pace: expected_share(pace, result.period, as_of) for pace in set(counts.values())}
    frame["expected_share"] = frame["pace"].map(shares).astype(float)
    frame["expected"] = frame["target"] * frame["expected_share"]
    frame["ratio"] = (frame["actual"] / frame["expected"]).where(frame["expected"] > 0)
    frame["status"] = [
        pace_status(a, e, t).value for a, e, t in zip(frame["actual"], frame["expected"], frame["target"], strict=True)
    ]
    frame = frame[list(LINE_COLUMNS)].reset_index(drop=True)
    return Pace(period=result.period, as_of=as_of, lines=frame, units=_unit_summary(frame))


def _unit_summary(lines: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for unit_id, group in lines.groupby("unit_id", sort=True):
        severity = group["status"].map(lambda s: SEVERITY[PaceStatus(s)])
        worst = group.iloc[int(severity.to_numpy().argmax())]
        lagging = group[group["status"].isin([PaceStatus.BEHIND.value, PaceStatus.ALERT.value])]
        rows.append(
            {
                "unit_id": unit_id,
                "unit": worst["unit"],
                "kind": worst["kind"],
                "community": worst["community"],
                "status": worst["status"],
                "ratio": group["ratio"].min(),
                "lagging": len(lagging),
                "indicators": "、".join(lagging["indicator"]),
                "_severity": int(severity.max()),
            }
        )
    frame = pd.DataFrame(rows, columns=[*UNIT_COLUMNS, "_severity"])
    frame = frame.sort_values(["_severity", "ratio", "unit_id"], ascending=[False, True, True], na_position="last")
    return frame.drop(columns="_severity").reset_index(drop=True)
