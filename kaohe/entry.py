"""Assessment entry (考核录入): qualitative scores and bonus/deduction/veto items typed on the entry screen.

Both tables are append-only (schema 002): a correction is a new row, never an edit, so nothing anyone entered
is lost. Two assessors may save the same cell at once; each save names the version it was read at (the id of
the cell's latest row, or of the item being corrected) and is refused, with the newer value, when that is no
longer the latest: optimistic concurrency, checked under the store's writer lock inside the transaction.
Every saved cell or item writes one audit entry with its before and after.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd

from kaohe import audit
from kaohe.access import Permission, Viewer
from kaohe.labels import Message, ProblemsError, current_language, message
from kaohe.periods import Period
from kaohe.queries import load_query
from kaohe.scheme import ADJUSTMENT_TYPES, Scheme, method_relations
from kaohe.scoring import ScoreResult, adjustment_explanations, explained, score_period
from kaohe.store import Reader, Store
from kaohe.workflow import as_period

SHEET_COLUMNS = (
    "unit_id", "unit", "kind", "indicator_id", "indicator", "max_points", "score", "level", "comment", "score_id",
    "entered_by", "entered_at",
)  # fmt: skip


# What a row typed on the entry screen has in place of the file and row an assessors' file gives.
TYPED = {"source_file": None, "source_row": None}


class EntryError(ProblemsError, ValueError):
    """Input that cannot be saved; `problems` (Messages) name the unit, the indicator or item, the column and what
    is expected."""

    def __init__(self, problems: Sequence[Message | str]) -> None:
        super().__init__("entry.error.heading", problems)

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.problems,))


class AdjustmentConflict(EntryError):
    """The item was corrected or withdrawn by someone else since it was read; `current` is the row in force."""

    def __init__(self, said: Message, current: dict[str, Any] | None) -> None:
        ProblemsError.__init__(self, "entry.error.conflict", [said])
        self.current = current


# -- qualitative scores --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreInput:
    """One cell as saved from the grid: score or level (both None withdraws), comment, and the version read.

    expected_id is the score_id of the cell's latest row when the user read it (None: the cell was empty).
    """

    assessor: str
    unit_id: str
    indicator_id: str
    score: float | None
    level: str | None
    comment: str | None
    expected_id: int | None


@dataclass(frozen=True)
class StoredScore:
    """A cell's latest row as stored (score and level None for a withdrawal)."""

    score_id: int
    score: float | None
    level: str | None
    comment: str | None
    entered_by: str
    entered_at: datetime


@dataclass(frozen=True)
class ScoreConflict:
    """A cell saved by someone else since it was read: what this user tried and what is stored now."""

    attempted: ScoreInput
    current: StoredScore | None
    message: Message  # what happened to the cell, worded in the reader's language


@dataclass(frozen=True)
class SaveResult:
    """What saving a batch of cells did: the new rows, the cells refused as conflicts, the cells unchanged."""

    saved: tuple[tuple[ScoreInput, StoredScore], ...]
    conflicts: tuple[ScoreConflict, ...]
    unchanged: int


def _none(value: Any) -> Any:
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def score_sheet(store: Store, viewer: Viewer, period: Period | str, scheme: Scheme, assessor: str) -> pd.DataFrame:
    """One assessor's sheet: a row per scored unit and qualitative indicator (SHEET_COLUMNS), entries in force."""
    viewer.require(Permission.VIEW_COMMENTS)
    period = as_period(period)
    return store.query(
        "workflow/score_sheet",
        {**period.params(), "period": period.code, "assessor": assessor, "unit_scope": viewer.unit_scope},
        relations=_indicators(scheme),
    )[list(SHEET_COLUMNS)]


def _indicators(scheme: Scheme) -> dict[str, pd.DataFrame]:
    """The scheme's indicators as the relation the entry queries read (the scheme in memory, never stored here)."""
    return {"method_indicators": method_relations(scheme)["method_indicators"]}


def _stored(row: Any) -> StoredScore:
    return StoredScore(
        score_id=int(row[0]),
        score=_none(row[1]),
        level=_none(row[2]),
        comment=_none(row[3]),
        entered_by=str(row[4]),
        entered_at=row[5],
    )


def _value_text(score: float | None, level: str | None) -> Message:
    if score is not None:
        return message("entry.value.points", points=f"{score:g}")
    return message("entry.value.level", level=level) if level else message("entry.value.none")


def check_scores(store: Store, period: Period, scheme: Scheme, inputs: Sequence[ScoreInput]) -> list[Message]:
    """Every problem of a batch of cells (empty when all can be saved), for validation as the grid is edited."""
    units = store.query("workflow/units_in_period", {**period.params(), "unit_scope": None})
    names = dict(zip(units["unit_id"], units["unit"], strict=True))
    problems = []
    for item in inputs:
        ind = next((i for i in scheme.indicators if i.id == item.indicator_id and i.rule == "qualitative"), None)
        where = message(
            "entry.where.cell",
            unit=names.get(item.unit_id, item.unit_id),
            indicator=ind.name if ind else item.indicator_id,
            assessor=item.assessor or "?",
        )

        def bad(column: str, key: str, at: Message = where, **values: Any) -> None:
            problems.append(message("entry.problem", where=at, column=message(column), problem=message(key, **values)))

        if not item.assessor.strip():
            bad("entry.col.assessor", "entry.error.empty")
        if item.unit_id not in names:
            bad("score.unit", "entry.error.unit_not_listed", unit=item.unit_id, period=period.code)
        if ind is None:
            qualitative = [i.name for i in scheme.indicators if i.rule == "qualitative"]
            bad("score.indicator", "entry.error.not_qualitative", scheme=scheme.version_name, expected=qualitative)
            continue
        if item.score is not None and item.level is not None:
            bad("entry.col.score", "entry.error.score_or_level")
        if item.score is not None and not 0 <= item.score <= ind.max_points:
            bad("entry.col.score", "entry.error.score_range", score=f"{item.score:g}", max=f"{ind.max_points:g}")
        levels = dict(ind.levels)
        if item.level is not None and item.level not in levels:
            if levels:
                bad("entry.col.level", "entry.error.level_choice", level=item.level, expected=list(levels))
            else:
                bad("entry.col.level", "entry.error.no_levels", level=item.level)
    return problems


def save_scores(
    store: Store, viewer: Viewer, period: Period | str, scheme: Scheme, inputs: Sequence[ScoreInput]
) -> SaveResult:
    """Save changed cells as new rows; refuse (as conflicts, not errors) cells saved by someone else meanwhile.

    Every input is checked first and any problem refuses the whole batch (EntryError). Cells whose value and
    comment equal the stored ones are skipped. Each saved cell writes one 'score.enter' audit entry.
    """
    viewer.require(Permission.ENTER_SCORES)
    period = as_period(period)
    problems = check_scores(store, period, scheme, inputs)
    if problems:
        raise EntryError(problems)
    saved: list[tuple[ScoreInput, StoredScore]] = []
    conflicts: list[ScoreConflict] = []
    unchanged = 0
    now = datetime.now()
    with store.transaction() as cur:
        for item in inputs:
            cell = {
                "period": period.code,
                "assessor": item.assessor,
                "unit_id": item.unit_id,
                "indicator_id": item.indicator_id,
            }
            row = cur.execute(load_query("workflow/score_cell"), cell).fetchone()
            current = _stored(row) if row is not None else None
            current_id = current.score_id if current is not None else None
            if current_id != item.expected_id:
                said = (
                    message(
                        "entry.conflict.changed",
                        who=message("entry.by", who=current.entered_by, at=f"{current.entered_at:%Y-%m-%d %H:%M:%S}"),
                        value=_value_text(current.score, current.level),
                    )
                    if current
                    else message("entry.conflict.gone")
                )
                conflicts.append(ScoreConflict(item, current, said))
                continue
            old = (current.score, current.level, current.comment or None) if current else (None, None, None)
            if old == (item.score, item.level, item.comment or None):
                unchanged += 1
                continue
            new_id, entered_at = _returning(
                cur,
                "qualitative_scores/insert",
                {**cell, "score": item.score, "level": item.level, "comment": item.comment or None,
                 "entered_at": now, "entered_by": viewer.user, **TYPED},
            )  # fmt: skip
            stored = StoredScore(int(new_id), item.score, item.level, item.comment or None, viewer.user, entered_at)
            saved.append((item, stored))
            before = None if current is None else {"score": old[0], "level": old[1], "comment": old[2]}
            after = {"score": item.score, "level": item.level, "comment": item.comment or None, "score_id": new_id}
            target = f"{period.code} {item.assessor} {item.unit_id} {item.indicator_id}"
            audit.record(cur, viewer.user, "score.enter", target, before, after)
    return SaveResult(tuple(saved), tuple(conflicts), unchanged)


def scored_cells(sheet: pd.DataFrame) -> pd.Series:
    """Per row of a score sheet (as typed so far): whether it holds a score or a level."""
    level = sheet["level"].map(lambda v: _none(v) not in (None, ""))
    return pd.Series(sheet["score"].notna().to_numpy() | level.to_numpy(bool), index=sheet.index)


def sheet_inputs(before: pd.DataFrame, after: pd.DataFrame, assessor: str) -> list[ScoreInput]:
    """The cells of an edited sheet (same rows as `before`, from score_sheet) whose score, level or comment changed."""
    inputs = []
    for old, new in zip(before.to_dict("records"), after.to_dict("records"), strict=True):
        values = tuple(_none(new[c]) for c in ("score", "level", "comment"))
        if values == tuple(_none(old[c]) for c in ("score", "level", "comment")):
            continue
        score = _none(new["score"])
        level = _none(new["level"])
        comment = _none(new["comment"])
        inputs.append(
            ScoreInput(
                assessor=assessor,
                unit_id=str(old["unit_id"]),
                indicator_id=str(old["indicator_id"]),
                score=None if score is None else float(score),
                level=None if level in (None, "") else str(level),
                comment=None if comment in (None, "") else str(comment),
                expected_id=None if _none(old["score_id"]) is None else int(old["score_id"]),
            )
        )
    return inputs


def units_in_period(store: Reader, viewer: Viewer, period: Period) -> pd.DataFrame:
    """The units assessed in the period that the viewer may see: unit_id, unit (name), in the roster's order."""
    return store.query("workflow/units_in_period", {**period.params(), "unit_scope": viewer.unit_scope})


def assessors(store: Store, viewer: Viewer, period: Period | str) -> pd.DataFrame:
    """The panel as the entries show it: assessor, scores (in force), last_entry."""
    viewer.require(Permission.VIEW_COMMENTS)
    return store.query("workflow/assessors", {"period": as_period(period).code})


def missing_scores(
    store: Store, viewer: Viewer, period: Period | str, scheme: Scheme, panel: Sequence[str]
) -> pd.DataFrame:
    """Who has not scored whom: assessor, unit_id, unit, kind, indicator_id, indicator for each missing score."""
    viewer.require(Permission.VIEW_COMMENTS)
    period = as_period(period)
    return store.query(
        "workflow/missing_scores",
        {**period.params(), "period": period.code, "assessors": list(panel), "unit_scope": viewer.unit_scope},
        relations=_indicators(scheme),
    )


QUALITATIVE_COLUMNS = ("unit_id", "unit", "kind", "indicator_id", "indicator", "assessors", "points", "explanation")


def qualitative_progress(
    store: Store, viewer: Viewer, period: Period | str, scheme: Scheme, lang: str = "zh"
) -> pd.DataFrame:
    """The trimmed means so far, as scoring computes them (its SQL drops highest and lowest): QUALITATIVE_COLUMNS.

    assessors is the number of scores in force; points is the mean (NaN while nobody has scored).
    """
    viewer.require(Permission.VIEW_COMMENTS)
    period = as_period(period)
    result = score_period(store, period, scheme)
    lines = result.lines[result.lines["rule"] == "qualitative"]
    scope = viewer.unit_scope
    if scope is not None:
        lines = lines[lines["unit_id"].isin(scope)]
    lines = lines.drop(columns=["assessors"]).assign(explanation=explained(lines, scheme, lang))
    counts = store.query("workflow/qualitative_counts", {"period": period.code})
    merged = lines.merge(counts, on=["unit_id", "indicator_id"], how="left")
    merged["assessors"] = merged["assessors"].fillna(0).astype("int64")
    merged["points"] = merged["actual"]
    return merged[list(QUALITATIVE_COLUMNS)].reset_index(drop=True)


# -- bonus, deduction and veto items -------------------------------------------------------------------


@dataclass(frozen=True)
class AdjustmentInput:
    """One bonus/deduction/veto item as typed: points only for categories with entered points."""

    unit_id: str
    type: str
    category: str
    level: str | None
    points: float | None
    reason: str
    evidence: str | None


def _check_adjustment(store: Store, period: Period, scheme: Scheme, item: AdjustmentInput) -> list[Message]:
    units = store.query("workflow/units_in_period", {**period.params(), "unit_scope": None})
    names = dict(zip(units["unit_id"], units["unit"], strict=True))
    kind = message(f"adjustment.{item.type}") if item.type in ADJUSTMENT_TYPES else item.type
    where = message("entry.where.item", unit=names.get(item.unit_id, item.unit_id), type=kind)
    problems: list[Message] = []

    def bad(column: str, key: str, **values: Any) -> None:
        said = message(key, **values)
        problems.append(message("entry.problem_item", where=where, column=message(column), problem=said))

    if item.unit_id not in names:
        bad("score.unit", "entry.error.unit_not_listed", unit=item.unit_id, period=period.code)
    if item.type not in ADJUSTMENT_TYPES:
        bad("entry.col.type", "entry.error.type")
        return problems
    category = next((c for c in scheme.categories(item.type) if c.category == item.category), None)
    if category is None:
        expected = [c.category for c in scheme.categories(item.type)]
        bad("entry.col.category", "entry.error.category", category=item.category, scheme=scheme.version_name,
            expected=expected)  # fmt: skip
        return problems
    if category.levels:
        if item.level not in dict(category.levels):
            bad(
                "entry.col.item_level",
                "entry.error.level_choice",
                level=item.level or "",
                expected=list(dict(category.levels)),
            )
        if item.points is not None:
            bad("entry.col.points", "entry.error.points_by_level", category=category.category)
    elif category.max_points is not None:
        if item.points is None or not 0 < item.points <= category.max_points:
            bad("entry.col.points", "entry.error.points_range", max=f"{category.max_points:g}")
    elif item.points is not None:
        if category.points is not None:
            bad(
                "entry.col.points",
                "entry.error.points_fixed",
                category=category.category,
                points=f"{category.points:g}",
            )
        else:
            bad("entry.col.points", "entry.error.points_veto", category=category.category)
    if item.level is not None and not category.levels:
        bad("entry.col.item_level", "entry.error.no_category_levels", category=category.category)
    if not item.reason.strip():
        bad("entry.col.reason", "entry.error.empty")
    return problems


def _adjustment_params(period: Period, item: AdjustmentInput) -> dict[str, Any]:
    return {
        "period": period.code,
        "unit_id": item.unit_id,
        "type": item.type,
        "category": item.category,
        "level": item.level,
        "points": item.points,
        "reason": item.reason.strip(),
        "evidence": (item.evidence or "").strip() or None,
    }


def add_adjustment(store: Store, viewer: Viewer, period: Period | str, scheme: Scheme, item: AdjustmentInput) -> int:
    """Append a new item after checking it against the scheme's categories and bounds; its adjustment_id."""
    viewer.require(Permission.ENTER_SCORES)
    period = as_period(period)
    problems = _check_adjustment(store, period, scheme, item)
    if problems:
        raise EntryError(problems)
    params = _adjustment_params(period, item)
    with store.transaction() as cur:
        (new_id,) = _returning(
            cur,
            "adjustments/insert",
            {**params, "supersedes": None, "withdrawn": False, "entered_at": datetime.now(), "entered_by": viewer.user}
            | TYPED,
        )
        audit.record(cur, viewer.user, "adjustment.add", f"adjustment {new_id}", None, {**params, "id": new_id})
    return int(new_id)


def _returning(cur: Any, name: str, params: dict[str, Any]) -> tuple[Any, ...]:
    """Run an insert ... returning and give its one row."""
    row = cur.execute(load_query(name), params).fetchone()
    if row is None:
        raise RuntimeError(f"{name} returned no row")
    return tuple(row)


def _row_in_force(cur: Any, adjustment_id: int) -> dict[str, Any]:
    """The row to be replaced, refused (AdjustmentConflict) when a later row already replaced it."""
    frame = cur.execute(load_query("workflow/adjustment_row"), {"adjustment_id": adjustment_id}).df()
    if frame.empty:
        raise EntryError([message("entry.error.no_item", id=adjustment_id)])
    row = {k: _none(v) for k, v in frame.iloc[0].to_dict().items()}
    if row["withdrawn"]:
        raise EntryError([message("entry.error.withdrawal_row", id=adjustment_id)])
    last_id = row["last_id"]
    if last_id != adjustment_id:
        by = message(
            "entry.by", who=row["last_entered_by"], at=f"{pd.Timestamp(row['last_entered_at']):%Y-%m-%d %H:%M:%S}"
        )
        if row["last_withdrawn"]:
            raise AdjustmentConflict(message("entry.conflict.withdrawn", id=adjustment_id, who=by), None)
        current = cur.execute(load_query("workflow/adjustment_row"), {"adjustment_id": int(last_id)}).df()
        newer = {k: _none(v) for k, v in current.iloc[0].to_dict().items()}
        points = "" if newer["points"] is None else message("entry.value.points", points=f"{newer['points']:g}")
        said = message(
            "entry.conflict.corrected", id=adjustment_id, who=by, new_id=last_id, category=newer["category"],
            level=newer["level"] or "", points=points, reason=newer["reason"],
        )  # fmt: skip
        raise AdjustmentConflict(said, newer)
    return row


def correct_adjustment(
    store: Store, viewer: Viewer, period: Period | str, scheme: Scheme, adjustment_id: int, item: AdjustmentInput
) -> int:
    """Replace item `adjustment_id` by a corrected one (a new row naming it); AdjustmentConflict if already replaced."""
    viewer.require(Permission.ENTER_SCORES)
    period = as_period(period)
    problems = _check_adjustment(store, period, scheme, item)
    if problems:
        raise EntryError(problems)
    params = _adjustment_params(period, item)
    with store.transaction() as cur:
        old = _row_in_force(cur, adjustment_id)
        (new_id,) = _returning(
            cur,
            "adjustments/insert",
            {**params, "supersedes": adjustment_id, "withdrawn": False, "entered_at": datetime.now(),
             "entered_by": viewer.user, **TYPED},
        )  # fmt: skip
        before = {k: old[k] for k in params}
        audit.record(
            cur, viewer.user, "adjustment.correct", f"adjustment {adjustment_id}", before, {**params, "id": new_id}
        )
    return int(new_id)


def withdraw_adjustment(store: Store, viewer: Viewer, adjustment_id: int, reason: str) -> int:
    """Withdraw item `adjustment_id` (a new row marked withdrawn); AdjustmentConflict if already replaced."""
    viewer.require(Permission.ENTER_SCORES)
    if not reason.strip():
        raise EntryError([message("entry.error.withdraw_reason", id=adjustment_id)])
    with store.transaction() as cur:
        old = _row_in_force(cur, adjustment_id)
        params = {k: old[k] for k in ("period", "unit_id", "type", "category", "level", "points", "evidence")}
        (new_id,) = _returning(
            cur,
            "adjustments/insert",
            {**params, "reason": reason.strip(), "supersedes": adjustment_id, "withdrawn": True,
             "entered_at": datetime.now(), "entered_by": viewer.user, **TYPED},
        )  # fmt: skip
        before = {**params, "reason": old["reason"]}
        audit.record(cur, viewer.user, "adjustment.withdraw", f"adjustment {adjustment_id}", before, {"reason": reason})
    return int(new_id)


@dataclass(frozen=True)
class AdjustmentView:
    """The items in force with their points (scoring's adjustment lines) and each unit's pools before and after caps.

    items: adjustment_id, unit_id, unit, type, category, level, reason, evidence, entered_at, entered_by,
        item_points, counted, counted_points, explanation.
    pools: unit_id, unit, bonus_raw, bonus, deduction_raw, deduction, vetoed (raw = before the scheme's caps).
    """

    items: pd.DataFrame
    pools: pd.DataFrame


def adjustment_view(
    store: Store, viewer: Viewer, period: Period | str, scheme: Scheme, lang: str | None = None
) -> AdjustmentView:
    """Score the period and show the adjustments as they count, caps applied, explained in `lang`."""
    viewer.require(Permission.VIEW_COMMENTS)
    return adjustments_of(score_period(store, period, scheme), lang)


def adjustments_of(result: ScoreResult, lang: str | None = None) -> AdjustmentView:
    """The AdjustmentView of a scoring result, explained in `lang` (default: the current language)."""
    names = result.units[["unit_id", "unit"]]
    items = result.adjustments.merge(names, on="unit_id", how="left")
    items["explanation"] = adjustment_explanations(items, lang or current_language())
    raw = (
        items.pivot_table(index="unit_id", columns="type", values="counted_points", aggfunc="sum")
        .reindex(columns=["bonus", "deduction"])
        .fillna(0.0)
        .rename(columns={"bonus": "bonus_raw", "deduction": "deduction_raw"})
    )
    raw.columns.name = None
    pools = result.units[["unit_id", "unit", "bonus", "deduction", "vetoed"]].merge(
        raw, left_on="unit_id", right_index=True, how="left"
    )
    pools[["bonus_raw", "deduction_raw"]] = pools[["bonus_raw", "deduction_raw"]].fillna(0.0)
    pools = pools[(pools["bonus_raw"] > 0) | (pools["deduction_raw"] > 0) | pools["vetoed"]]
    columns = ["adjustment_id", "unit_id", "unit", "type", "category", "level", "reason", "evidence", "entered_at",
               "entered_by", "item_points", "counted", "counted_points", "explanation"]  # fmt: skip
    return AdjustmentView(
        items=items[columns].reset_index(drop=True),
        pools=pools[["unit_id", "unit", "bonus_raw", "bonus", "deduction_raw", "deduction", "vetoed"]].reset_index(
            drop=True
        ),
    )
