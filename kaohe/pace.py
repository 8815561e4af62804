"""Pace (进度): how far each unit's count targets should be by now, against what its ledgers show.

A year-end score tells the secretary in December who fell short; pace tells it in June, while there is time
to act. The expected actual to date is the target (as scored, so per-member and pro-rated targets are the
scoring engine's) times the share of the period due by the as-of date, built up evenly by day or in monthly or
quarterly steps as the scheme says (`pace` on an indicator). Pace never changes points.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

import pandas as pd

from kaohe.access import Permission, Viewer
from kaohe.measures import MEASURES
from kaohe.periods import Period
from kaohe.scoring import ScoreResult

# Actual / expected at or above ON_TRACK is on track; from ALERT up to ON_TRACK is behind; below ALERT an alert.
ON_TRACK = 0.95
ALERT = 0.85

# Columns of Pace.lines and Pace.units (documented here because pages and tests read them by name).
LINE_COLUMNS = (
    "unit_id", "unit", "kind", "community", "indicator_id", "indicator", "pace", "target", "actual",
    "expected_share", "expected", "ratio", "status",
)  # fmt: skip
UNIT_COLUMNS = ("unit_id", "unit", "kind", "community", "status", "ratio", "lagging", "indicators")
# Columns of Pace.unit_lines: one unit's paced indicators with the gap between what it did and what was due.
UNIT_LINE_COLUMNS = ("indicator_id", "indicator", "target", "expected", "actual", "gap", "ratio", "status")


class PaceStatus(StrEnum):
    """Where a unit stands against its expected progress, worst last."""

    MET = "met"  # 达标: the whole period's target is already reached
    ON_TRACK = "on_track"  # 正常: at least 95% of what is due by now
    BEHIND = "behind"  # 滞后: 85% to 95%
    ALERT = "alert"  # 预警: below 85%


SEVERITY = {status: rank for rank, status in enumerate(PaceStatus)}


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

    def unit_lines(self, unit_id: str) -> pd.DataFrame:
        """One unit's paced indicators, worst first (UNIT_LINE_COLUMNS): the whole period's target, what is due by
        the as-of date (expected), the actual to date and the gap (actual − expected; negative: behind)."""
        lines = self.lines[self.lines["unit_id"] == unit_id]
        lines = lines.assign(
            gap=lines["actual"] - lines["expected"], _severity=lines["status"].map(lambda s: SEVERITY[PaceStatus(s)])
        )
        lines = lines.sort_values(["_severity", "ratio", "indicator_id"], ascending=[False, True, True])
        return lines[list(UNIT_LINE_COLUMNS)].reset_index(drop=True)

    def counts(self) -> dict[PaceStatus, int]:
        """How many units are in each status, every status present."""
        counts = self.units["status"].value_counts()
        return {status: int(counts.get(status.value, 0)) for status in PaceStatus}


def period_pace(result: ScoreResult, viewer: Viewer) -> Pace:
    """The pace of every unit the viewer may see, from a period scored at a cut-off (kaohe.results).

    The expected figure is the target scoring owes at the cut-off (`target` of a provisional result's lines), and
    the target is the whole period's (`target_full`), so pace and the scorecard agree on every indicator.
    Raises ValueError for a result scored whole: a closed period's shortfalls are its scores.
    """
    viewer.require(Permission.VIEW_DATA)
    if result.as_of is None:
        raise ValueError(
            f"period {result.period.code} is scored whole: it has no pace"
        )  # a caller's mistake, never shown
    as_of = result.as_of
    lines = result.lines
    counts = {
        ind.id: ind.pace for ind in result.scheme.indicators if ind.measure and MEASURES[ind.measure].kind == "count"
    }
    paced = lines[lines["indicator_id"].isin(list(counts)) & (lines["target_full"].fillna(0) > 0)]
    scope = viewer.unit_scope
    if scope is not None:
        paced = paced[paced["unit_id"].isin(scope)]
    frame = paced[
        ["unit_id", "unit", "kind", "community", "indicator_id", "indicator", "target_full", "target", "actual"]
    ].rename(columns={"target": "expected"})
    frame = frame.rename(columns={"target_full": "target"})
    frame["actual"] = frame["actual"].fillna(0.0)
    frame["pace"] = frame["indicator_id"].map(counts)
    frame["expected_share"] = (frame["expected"] / frame["target"]).astype(float)
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
                "indicators": tuple(lagging["indicator"]),  # names; a page joins them in its language
                "_severity": int(severity.max()),
            }
        )
    frame = pd.DataFrame(rows, columns=[*UNIT_COLUMNS, "_severity"])
    frame = frame.sort_values(["_severity", "ratio", "unit_id"], ascending=[False, True, True], na_position="last")
    return frame.drop(columns="_severity").reset_index(drop=True)
