"""本支部: what a branch user reads first on its home page — where its own branch stands, out of every unit.

A branch user sees its own unit's rows only, but its rank is out of every unit scored, and its figures are the
ones every other surface shows: they come from kaohe.results (which says whether they are the publication, a live
or a provisional score). A branch may see only published results, so while the period asked for is unpublished
the card shows the latest publication before it, named as such; this year's pace and the rectification items
still open complete the card.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from kaohe import periods, publish, rectification, results
from kaohe.access import AccessDenied, Viewer
from kaohe.pace import Pace
from kaohe.periods import Period, parse_period
from kaohe.scheme import SchemeError
from kaohe.scoring import ScoringError
from kaohe.store import Store
from kaohe.workflow import NoScheme

LOST_SHOWN = 3  # the indicators that lost most points, as many as the card lists
# Columns of OwnUnit.lost: the indicator and the weighted points it could give, gave and lost (the waterfall's).
LOST_COLUMNS = ("indicator_id", "indicator", "weighted_max", "weighted_points", "lost")


@dataclass(frozen=True)
class OwnUnit:
    """One branch's own standing.

    name: the unit's name (its id when the roster does not know it).
    asked: the period asked for.
    result: the result shown — of the period asked for, else the latest publication before it (None: nothing
        published yet); `result.score.period` says which period it is.
    standing: the unit's row of that result's units (rank out of every unit, total, grade, vetoed …); None when
        the result has no row for it.
    lost: the indicators that lost most weighted points, at most LOST_SHOWN, most first (LOST_COLUMNS).
    pace: this year's pace of the unit's count targets (None: no pace to follow).
    items: its rectification items not closed yet (kaohe.rectification.ITEM_COLUMNS), overdue ones first.
    """

    unit_id: str
    name: str
    asked: Period
    result: results.Result | None
    standing: Mapping[str, Any] | None
    lost: pd.DataFrame
    pace: Pace | None
    items: pd.DataFrame

    @property
    def substitute(self) -> bool:
        """Whether the result shown is an earlier publication standing in for an unpublished period."""
        return self.result is not None and self.result.score.period.code != self.asked.code


def _result(store: Store, viewer: Viewer, period: Period, as_of: date | None) -> results.Result | None:
    """The period's result as the viewer may see it, else the latest publication of a period ended by then."""
    try:
        return results.view(store, viewer, period, as_of=as_of)
    except AccessDenied:
        pass
    ended = [parse_period(p.period) for p in publish.publications(store) if p.in_force]
    ended = [p for p in ended if p.end <= period.end]
    if not ended:
        return None
    # The latest to end, and of two ending together (a year and its second half) the whole year.
    latest = max(ended, key=lambda p: (p.end, -p.start.toordinal()))
    return results.view(store, viewer, latest, published=True)


def _lost(result: results.Result, unit_id: str) -> pd.DataFrame:
    lines = result.score.lines
    lines = lines[lines["unit_id"] == unit_id]
    frame = pd.DataFrame(
        {
            "indicator_id": lines["indicator_id"],
            "indicator": lines["indicator"],
            "weighted_max": lines["weighted_max"].astype(float),
            "weighted_points": lines["weighted_points"].astype(float),
        }
    )
    # Kept to 0.01 as the waterfall keeps it; an indicator still to be scored (NaN) has lost nothing yet.
    frame["lost"] = (frame["weighted_max"] - frame["weighted_points"]).round(2)
    frame = frame[frame["lost"] > 0].sort_values(["lost", "indicator_id"], ascending=[False, True])
    return frame.head(LOST_SHOWN)[list(LOST_COLUMNS)].reset_index(drop=True)


def _pace(store: Store, viewer: Viewer, year: Period, as_of: date | None) -> Pace | None:
    try:
        return results.progress(store, viewer, year, as_of)
    except (NoScheme, SchemeError, ScoringError):
        return None  # no scheme for the year yet: nothing to pace against


def own_unit(
    store: Store,
    viewer: Viewer,
    period: Period,
    as_of: date | None,
    pace_as_of: date | None,
    today: date | None = None,
) -> OwnUnit:
    """The standing of the viewer's own branch in `period` (cut off at `as_of`), with the pace of the year under
    way at `pace_as_of` (None: no year under way) and the branch's open rectification items."""
    if viewer.unit_id is None:
        raise ValueError(f"user {viewer.user!r} has no branch of its own")
    unit_id = str(viewer.unit_id)
    today = today or periods.today()
    shown = _result(store, viewer, period, as_of)
    standing = None
    lost = pd.DataFrame(columns=list(LOST_COLUMNS))
    if shown is not None:
        rows = shown.score.units[shown.score.units["unit_id"] == unit_id]
        if len(rows):
            standing = {str(k): v for k, v in rows.iloc[0].items()}
            lost = _lost(shown, unit_id)
    this_year = parse_period(str(today.year))
    pace = _pace(store, viewer, this_year, pace_as_of)
    items = rectification.still_open(rectification.items(store, viewer, today=today))
    items = items.sort_values(["overdue", "deadline"], ascending=[False, True]).reset_index(drop=True)
    name = store.scalar("roster/unit_name", {"unit_id": unit_id})
    return OwnUnit(unit_id, str(name or unit_id), period, shown, standing, lost, pace, items)
