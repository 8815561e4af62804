"""Self-assessment (自评) and shared-task parts: the two inputs the rule families take besides the assessors' scores.

A qualitative indicator with `self_weight` (自评 30% + 考核组评分 70%) weighs the branch's own score: the branch
user enters it for its own unit only, until a deadline the assessors set. An indicator with `parts` (牵头 1.0,
配合 0.95) multiplies its points by each unit's part in the shared task, which the assessors enter per unit. Both
are append-only like the assessors' scores, the latest row winning, and every write is audited.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pandas as pd

from kaohe import audit, periods
from kaohe.access import AccessDenied, Permission, Viewer
from kaohe.labels import LabelledError
from kaohe.periods import Period
from kaohe.queries import load_query
from kaohe.scheme import Indicator, Scheme
from kaohe.store import Store

SHEET_COLUMNS = ("indicator_id", "indicator", "max_points", "weight", "score", "comment", "entered_by", "entered_at")
PARTS_COLUMNS = ("unit_id", "unit", "kind", "indicator_id", "indicator", "part", "multiplier")


class SelfAssessmentError(LabelledError):
    """A self-score or part that cannot be saved; the message says why, in the user's language."""


def weighed_indicators(scheme: Scheme) -> tuple[Indicator, ...]:
    """The indicators that take a self-assessment (qualitative with a self_weight)."""
    return tuple(ind for ind in scheme.indicators if ind.values.get("self_weight"))


def shared_indicators(scheme: Scheme) -> tuple[Indicator, ...]:
    """The indicators scored as shared tasks (with parts)."""
    return tuple(ind for ind in scheme.indicators if ind.parts)


# -- the deadline --------------------------------------------------------------------------------------------


def deadline(store: Store, period: Period) -> date | None:
    """The last day branches may enter their self-assessment for the period (None: not opened yet)."""
    value = store.scalar("self_assessment/deadline", {"period": period.code})
    if value is None:
        return None
    return value if isinstance(value, date) else pd.Timestamp(value).date()


def set_deadline(store: Store, viewer: Viewer, period: Period, day: date) -> None:
    """Open (or move) the self-assessment until `day`; assessors only, audited."""
    viewer.require(Permission.ENTER_SCORES)
    before = deadline(store, period)
    with store.transaction() as cur:
        cur.execute(
            load_query("self_assessment/set_deadline"),
            {"period": period.code, "deadline": day, "set_by": viewer.user, "set_at": datetime.now()},
        )
        audit.record(
            cur,
            viewer.user,
            "self.deadline",
            period.code,
            None if before is None else {"deadline": before.isoformat()},
            {"deadline": day.isoformat()},
        )


# -- a branch's own scores -----------------------------------------------------------------------------------


def entered(store: Store, viewer: Viewer, period: Period) -> pd.DataFrame:
    """Every unit's own scores in force for the period (scoring/self_scores), for the assessors' overview of them."""
    viewer.require(Permission.VIEW_COMMENTS)
    return store.query("scoring/self_scores", {"period": period.code})


def own_unit(viewer: Viewer, unit_id: str | None) -> str:
    """The unit a self-assessment is for: a branch user's own, whatever is asked; others must name one."""
    if viewer.unit_id is not None:
        if unit_id not in (None, viewer.unit_id):
            raise AccessDenied("access.self_own_unit", user=viewer.user, unit=viewer.unit_id)
        return viewer.unit_id
    if not unit_id:
        raise SelfAssessmentError("self.no_unit")
    return unit_id


def sheet(store: Store, viewer: Viewer, period: Period, scheme: Scheme, unit_id: str | None = None) -> pd.DataFrame:
    """The unit's self-assessment sheet: one row per weighed indicator (SHEET_COLUMNS), its score in force."""
    viewer.require(Permission.SELF_ASSESS)
    unit = own_unit(viewer, unit_id)
    stored = store.query("self_assessment/own_scores", {"period": period.code, "unit_id": unit}).set_index(
        "indicator_id"
    )
    rows = []
    for ind in weighed_indicators(scheme):
        row: dict[str, Any] = {str(k): v for k, v in stored.loc[ind.id].items()} if ind.id in stored.index else {}
        rows.append(
            {
                "indicator_id": ind.id,
                "indicator": ind.name,
                "max_points": ind.max_points,
                "weight": float(ind.values["self_weight"]),
                "score": row.get("score"),
                "comment": row.get("comment"),
                "entered_by": row.get("entered_by"),
                "entered_at": row.get("entered_at"),
            }
        )
    return pd.DataFrame(rows, columns=list(SHEET_COLUMNS))


def save(
    store: Store,
    viewer: Viewer,
    period: Period,
    scheme: Scheme,
    indicator_id: str,
    score: float | None,
    comment: str | None = None,
    unit_id: str | None = None,
    today: date | None = None,
) -> None:
    """Save the unit's own score on one weighed indicator (None withdraws it); refused after the deadline,
    before one is set, or outside [0, max points]. Audited."""
    viewer.require(Permission.SELF_ASSESS)
    unit = own_unit(viewer, unit_id)
    ind = next((i for i in weighed_indicators(scheme) if i.id == indicator_id), None)
    if ind is None:
        raise SelfAssessmentError("self.not_weighed", indicator=indicator_id)
    last_day = deadline(store, period)
    if last_day is None:
        raise SelfAssessmentError("self.not_open", period=period.code)
    if (today or periods.today()) > last_day:
        raise SelfAssessmentError("self.closed", deadline=last_day.isoformat())
    if score is not None and not 0 <= score <= ind.max_points:
        raise SelfAssessmentError(
            "self.out_of_range", indicator=ind.name, max=f"{ind.max_points:g}", score=f"{score:g}"
        )
    key = {"period": period.code, "unit_id": unit, "indicator_id": ind.id}
    before = store.query("self_assessment/own_scores", {"period": period.code, "unit_id": unit})
    before = before[before["indicator_id"] == ind.id]
    with store.transaction() as cur:
        cur.execute(
            load_query("self_assessment/insert_score"),
            {
                **key,
                "score": score,
                "comment": comment or None,
                "entered_by": viewer.user,
                "entered_at": datetime.now(),
            },
        )
        audit.record(
            cur,
            viewer.user,
            "self.score",
            f"{period.code} {unit} {ind.id}",
            None if before.empty else {"score": float(before["score"].iloc[0])},
            {"score": score, "comment": comment or None},
        )


# -- parts in shared tasks -----------------------------------------------------------------------------------


def parts_sheet(store: Store, viewer: Viewer, period: Period, scheme: Scheme) -> pd.DataFrame:
    """Every scored unit × shared indicator with its part in force (the indicator's default when none was
    entered) and the multiplier it gives (PARTS_COLUMNS)."""
    viewer.require(Permission.VIEW_SCORES)
    units = store.query("workflow/units_in_period", {**period.params(), "unit_scope": viewer.unit_scope})
    entered = store.query("scoring/task_parts", {"period": period.code}).set_index(["unit_id", "indicator_id"])
    rows = []
    for ind in shared_indicators(scheme):
        factors = dict(ind.parts)
        for unit in units.itertuples():
            part = entered["part"].get((unit.unit_id, ind.id), ind.default_part)
            rows.append(
                {
                    "unit_id": unit.unit_id,
                    "unit": unit.unit,
                    "kind": unit.kind,
                    "indicator_id": ind.id,
                    "indicator": ind.name,
                    "part": part,
                    "multiplier": factors.get(str(part), 1.0),
                }
            )
    return pd.DataFrame(rows, columns=list(PARTS_COLUMNS))


def set_part(
    store: Store, viewer: Viewer, period: Period, scheme: Scheme, unit_id: str, indicator_id: str, part: str
) -> None:
    """Record a unit's part in a shared task (one of the indicator's parts); assessors only, audited."""
    viewer.require(Permission.ENTER_SCORES)
    ind = next((i for i in shared_indicators(scheme) if i.id == indicator_id), None)
    if ind is None:
        raise SelfAssessmentError("parts.not_shared", indicator=indicator_id)
    if part not in dict(ind.parts):
        raise SelfAssessmentError("parts.unknown", part=part, indicator=ind.name, parts=list(dict(ind.parts)))
    with store.transaction() as cur:
        cur.execute(
            load_query("self_assessment/insert_part"),
            {"period": period.code, "unit_id": unit_id, "indicator_id": ind.id, "part": part,
             "entered_by": viewer.user, "entered_at": datetime.now()},
        )  # fmt: skip
        audit.record(cur, viewer.user, "parts.set", f"{period.code} {unit_id} {ind.id}", None, {"part": part})
