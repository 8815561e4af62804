"""整改: rectification items drafted from what lost a unit the most points, followed until they are closed (销号).

"奖优罚劣": a unit graded as the scheme's `[awards] rectify` says (不合格 by default) rectifies, and, when the scheme
says so, a unit flagged 预警 on pace during the year may be given items before the year ends. Each item is drafted
from one indicator (the ones that lost the most weighted points in the result every surface shows, kaohe.results;
for a unit on 预警, the indicators behind pace) or from a veto, with what is required in words, the branch
secretary as the person responsible and a deadline; the assessors then edit, close or withdraw it, and the branch
reports its own progress (status up to 已报整改, an evidence note). Every draft and change is a new row of the
append-only `rectification_items` and an audit entry; `rectification_items_current` is the item as it stands.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd

from kaohe import audit, formats, periods, publish, results
from kaohe.access import AccessDenied, Permission, Viewer
from kaohe.labels import LabelledError, Message, label, message
from kaohe.measures import MEASURES
from kaohe.pace import PaceStatus
from kaohe.periods import Period
from kaohe.queries import load_query
from kaohe.scheme import Scheme
from kaohe.store import Reader, Store

STATUSES = ("open", "in_progress", "reported", "closed")  # 待整改, 整改中, 已报整改, 已销号
BRANCH_STATUSES = ("open", "in_progress", "reported")  # closing (销号) is the assessors' acceptance
OPEN_STATUSES = ("open", "in_progress")  # not yet reported: these are overdue once the deadline passes
BASES = ("grade", "alert")
# Columns of `items` and of `drafts`.
ITEM_COLUMNS = (
    "item_id", "period", "unit_id", "unit", "basis", "indicator_id", "indicator", "points_lost", "requirement",
    "responsible", "deadline", "status", "evidence", "entered_by", "entered_at", "overdue",
)  # fmt: skip
DRAFT_COLUMNS = (
    "unit_id", "unit", "grade", "basis", "indicator_id", "indicator", "points_lost", "requirement", "responsible",
    "deadline",
)  # fmt: skip
TEXT_LENGTH = 500
EDITABLE = ("status", "evidence", "responsible", "deadline", "requirement")
BRANCH_EDITABLE = ("status", "evidence")


class RectificationError(LabelledError):
    """An item that cannot be drafted or changed as asked; the message says why."""


@dataclass(frozen=True)
class Rules:
    """Who rectifies and how, from the scheme's `[awards]` (defaults when it has none)."""

    grades: tuple[str, ...]
    alerts: bool
    items: int
    days: int


def rules(scheme: Scheme) -> Rules:
    """The scheme's rectification rules: `[awards]` rectify…, else the lowest grade, 3 items, 90 days."""
    awards = scheme.awards
    if awards is None:
        lowest = min(scheme.grades, key=lambda band: band.min_total).grade
        return Rules((lowest,), False, 3, 90)
    return Rules(awards.rectify, awards.rectify_alerts, awards.rectify_items, awards.rectify_days)


# -- drafting ------------------------------------------------------------------------------------------------


def _number(value: Any) -> str:
    if value is None or pd.isna(value):
        return "—"
    return f"{float(value):,.2f}".rstrip("0").rstrip(".")


def _value(value: Any, measure: Any) -> str:
    if isinstance(measure, str) and MEASURES[measure].kind == "rate" and value is not None and not pd.isna(value):
        return f"{float(value):.1%}"
    return _number(value)


def requirement(line: Mapping[Any, Any], lang: str, as_of: date | None = None, expected: Any = None) -> str:
    """What an item requires, in words, from the indicator line it is drafted from (and, for a unit on 预警, what
    was due by the cut-off)."""
    measure = line.get("measure")
    kind = MEASURES[measure].kind if isinstance(measure, str) else "qualitative"
    values = {
        "indicator": line["indicator"],
        "target": _value(line.get("target_full", line.get("target")), measure),
        "actual": _value(line.get("actual"), measure),
        "lost": formats.score(float(line["weighted_max"]) - float(line["weighted_points"])),
    }
    if as_of is not None:
        due = _number(round(float(expected), 1)) if expected is not None else "—"
        return label("rectify.req.alert", lang).format(**values, as_of=formats.day(as_of), expected=due)
    return label(f"rectify.req.{kind}", lang).format(**values)


def _publication_or_live(store: Store, viewer: Viewer, period: Period, as_of: date | None) -> results.Result:
    published = as_of is None and publish.current_publication(store, period) is not None
    return results.view(store, viewer, period, as_of=as_of, published=True if published else None)


def drafts(
    store: Store,
    viewer: Viewer,
    period: Period,
    *,
    as_of: date | None = None,
    alerts: bool | None = None,
    today: date | None = None,
    lang: str = "zh",
) -> pd.DataFrame:
    """Items to draft for the period (DRAFT_COLUMNS), nothing stored: for every unit of a `rectify` grade in the
    final result (the publication when there is one), its veto and the indicators that lost the most weighted
    points; for a period under way (`as_of`) and when `alerts` (default: the scheme's rectify_alerts), for every
    unit on 预警, the indicators behind pace. An indicator that already has an item for the unit is left out."""
    viewer.require(Permission.MANAGE_RECTIFICATION)
    shown = _publication_or_live(store, viewer, period, as_of)
    result = shown.score
    rule = rules(result.scheme)
    day = today or periods.today()
    deadline = day + timedelta(days=rule.days)
    existing = items(store, viewer, period, today=day)
    taken = set(zip(existing["unit_id"], existing["indicator_id"].fillna(""), strict=True))
    secretaries = dict(store.query("rectification/secretaries").itertuples(index=False, name=None))
    rows: list[dict[str, Any]] = []

    def add(
        unit: Mapping[Any, Any], basis: str, indicator_id: str | None, indicator: str, lost: Any, text: str
    ) -> None:
        if (unit["unit_id"], indicator_id or "") in taken:
            return
        rows.append(
            {
                "unit_id": unit["unit_id"], "unit": unit["unit"], "grade": unit["grade"], "basis": basis,
                "indicator_id": indicator_id, "indicator": indicator, "points_lost": lost, "requirement": text,
                "responsible": secretaries.get(unit["unit_id"]) or None, "deadline": deadline,
            }
        )  # fmt: skip

    lines = result.lines.assign(lost=(result.lines["weighted_max"] - result.lines["weighted_points"]).round(2))
    final = shown.status is not results.Status.PROVISIONAL
    for unit in result.units.to_dict("records"):
        if not final or str(unit["grade"]) not in rule.grades:
            continue
        if bool(unit["vetoed"]):
            text = label("rectify.req.veto", lang).format(reason=unit["veto_reason"])
            add(unit, "grade", None, label("rectify.veto", lang), None, text)
        own = lines[(lines["unit_id"] == unit["unit_id"]) & (lines["lost"] > 0)]
        for line in own.sort_values(["lost", "position"], ascending=[False, True]).head(rule.items).to_dict("records"):
            add(unit, "grade", str(line["indicator_id"]), str(line["indicator"]), line["lost"], requirement(line, lang))
    if as_of is not None and (rule.alerts if alerts is None else alerts):
        pace = results.progress(store, viewer, period, as_of)
        if pace is not None:
            lagging = pace.lines[pace.lines["status"].isin([PaceStatus.ALERT.value, PaceStatus.BEHIND.value])]
            alerted = set(pace.units.loc[pace.units["status"] == PaceStatus.ALERT.value, "unit_id"])
            units = result.units.set_index("unit_id")
            for unit_id in sorted(alerted):
                unit = {"unit_id": unit_id, **units.loc[unit_id].to_dict()}
                behind = lagging[lagging["unit_id"] == unit_id].merge(
                    lines[["unit_id", "indicator_id", "lost", "measure", "weighted_max", "weighted_points"]],
                    on=["unit_id", "indicator_id"],
                )
                behind = behind.sort_values(["lost", "ratio"], ascending=[False, True]).head(rule.items)
                for line in behind.to_dict("records"):
                    text = requirement(line, lang, as_of=as_of, expected=line["expected"])
                    add(unit, "alert", str(line["indicator_id"]), str(line["indicator"]), line["lost"], text)
    return pd.DataFrame(rows, columns=list(DRAFT_COLUMNS))


def _check_text(value: Any, field: str) -> str | None:
    text = None if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value).strip()
    if text and len(text) > TEXT_LENGTH:
        raise RectificationError("rectify.error.long", field=label(f"rectify.col.{field}"), limit=TEXT_LENGTH)
    return text or None


def create(store: Store, viewer: Viewer, period: Period, drafted: pd.DataFrame, now: datetime | None = None) -> int:
    """Store drafted items (rows of `drafts`, perhaps edited) as new items, status 待整改; each one audited."""
    viewer.require(Permission.MANAGE_RECTIFICATION)
    when = now or datetime.now().replace(microsecond=0)
    made = 0
    with store.transaction() as cur:
        for row in drafted.to_dict("records"):
            requirement_text = _check_text(row["requirement"], "requirement")
            if not requirement_text:
                raise RectificationError("rectify.error.no_requirement", unit=row["unit"], indicator=row["indicator"])
            if str(row["basis"]) not in BASES:
                raise ValueError(f"unknown basis {row['basis']!r}")
            (item_id,) = cur.execute(load_query("rectification/next_item_id")).fetchone() or (None,)
            entry = {
                "item_id": int(item_id), "period": period.code, "unit_id": row["unit_id"], "basis": row["basis"],
                "indicator_id": None if pd.isna(row["indicator_id"]) else str(row["indicator_id"]),
                "indicator": row["indicator"],
                "points_lost": None if pd.isna(row["points_lost"]) else float(row["points_lost"]),
                "requirement": requirement_text, "responsible": _check_text(row["responsible"], "responsible"),
                "deadline": pd.Timestamp(row["deadline"]).date(), "status": "open", "evidence": None,
                "withdrawn": False, "entered_by": viewer.user, "entered_at": when,
            }  # fmt: skip
            cur.execute(load_query("rectification/insert"), entry)
            audit.record(
                cur,
                viewer.user,
                "rectification.draft",
                f"{period.code} {row['unit']} · {row['indicator']}",
                None,
                {k: entry[k] for k in ("item_id", "unit_id", "indicator", "requirement", "responsible", "deadline")},
            )
            made += 1
    return made


# -- reading -------------------------------------------------------------------------------------------------


def items(
    source: Reader,
    viewer: Viewer,
    period: Period | None = None,
    *,
    year: int | None = None,
    unit_id: str | None = None,
    today: date | None = None,
) -> pd.DataFrame:
    """Items as they stand (ITEM_COLUMNS), within the viewer's units: of one period, of the periods of one year,
    or all; `overdue` when the deadline has passed and the item is neither reported nor closed."""
    viewer.require(Permission.VIEW_DATA)
    params = {
        "period": None if period is None else period.code,
        "year": year,
        "unit_id": unit_id,
        "unit_scope": viewer.unit_scope,
        "today": today or periods.today(),
    }
    frame = source.query("rectification/items", params)
    # Dates as dates (the engine hands them over as timestamps): a deadline is a day.
    return frame.assign(deadline=[pd.Timestamp(d).date() for d in frame["deadline"]])


def overdue(frame: pd.DataFrame) -> pd.DataFrame:
    """The overdue items of a frame of `items`."""
    return frame[frame["overdue"].fillna(False).astype(bool)].reset_index(drop=True)


def still_open(frame: pd.DataFrame) -> pd.DataFrame:
    """The items of a frame of `items` that are not closed (销号) yet."""
    return frame[frame["status"] != "closed"].reset_index(drop=True)


# -- changing ------------------------------------------------------------------------------------------------


def _current(cur: Any, item_id: int) -> dict[str, Any]:
    result = cur.execute(load_query("rectification/item"), {"item_id": item_id})
    row = result.fetchone()
    if row is None:
        raise RectificationError("rectify.error.gone", item=item_id)
    return dict(zip([d[0] for d in result.description], row, strict=True))


def update(
    store: Store, viewer: Viewer, item_id: int, changes: Mapping[str, Any], now: datetime | None = None
) -> Message:
    """Change an item: the assessors any of EDITABLE; the branch (REPORT_RECTIFICATION) of its own units only the
    status (not to or from 已销号) and the evidence note. A new row and an audit entry; nothing changed, nothing
    written."""
    can_manage = viewer.can(Permission.MANAGE_RECTIFICATION)
    if not can_manage:
        viewer.require(Permission.REPORT_RECTIFICATION)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    when = now or datetime.now().replace(microsecond=0)
    with store.transaction() as cur:
        item = _current(cur, item_id)
        if not viewer.sees_unit(str(item["unit_id"])):
            raise AccessDenied("access.rectify_own_units", user=viewer.user, units=viewer.scope_words())
        after = dict(item)
        for field, value in changes.items():
            if field == "deadline":
                after[field] = item[field] if value is None else pd.Timestamp(value).date()
            elif field == "status":
                after[field] = str(value)
            else:
                after[field] = _check_text(value, field)
        changed = [f for f in EDITABLE if after[f] != item[f]]
        if not changed:
            return message("rectify.unchanged")
        if after["status"] not in STATUSES:
            raise RectificationError("rectify.error.status", status=after["status"])
        if not can_manage:
            beyond = [f for f in changed if f not in BRANCH_EDITABLE]
            if beyond:
                fields = [message(f"rectify.col.{f}") for f in beyond]
                raise AccessDenied("access.rectify_fields", user=viewer.user, fields=fields)
            if "status" in changed and (item["status"] == "closed" or after["status"] not in BRANCH_STATUSES):
                raise RectificationError("rectify.error.close_is_assessors")
        if not after["requirement"]:
            raise RectificationError("rectify.error.no_requirement", unit=item["unit_id"], indicator=item["indicator"])
        cur.execute(load_query("rectification/insert"), {**after, "withdrawn": False, "entered_by": viewer.user,
                                                         "entered_at": when})  # fmt: skip
        audit.record(
            cur,
            viewer.user,
            "rectification.update",
            f"{item['period']} {item['unit_id']} · {item['indicator']}",
            {f: item[f] for f in changed},
            {f: after[f] for f in changed},
        )
    return message("rectify.updated", indicator=item["indicator"])


def withdraw(store: Store, viewer: Viewer, item_id: int, now: datetime | None = None) -> Message:
    """Withdraw an item drafted in error (the assessors only); audited."""
    viewer.require(Permission.MANAGE_RECTIFICATION)
    when = now or datetime.now().replace(microsecond=0)
    with store.transaction() as cur:
        item = _current(cur, item_id)
        cur.execute(
            load_query("rectification/insert"),
            {**item, "withdrawn": True, "entered_by": viewer.user, "entered_at": when},
        )
        audit.record(
            cur,
            viewer.user,
            "rectification.withdraw",
            f"{item['period']} {item['unit_id']} · {item['indicator']}",
            {"status": item["status"]},
            {"withdrawn": True},
        )
    return message("rectify.withdrawn", indicator=item["indicator"])
