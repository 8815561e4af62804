"""The scorecard: who may see a scored period, the ranking with its filters, one unit's card, and comparisons.

Results come from `kaohe.results` (the one door: it picks the scheme, scores, and applies the viewer's scope);
this module only reshapes a viewable result for the page. The ledger queries of a card (monthly activity,
comments) bind the viewer's scope themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from kaohe import scoring, spreadsheet
from kaohe.access import AccessDenied, Permission, Viewer
from kaohe.checks import CheckReport
from kaohe.labels import LabelledError
from kaohe.scoring import ScoreResult
from kaohe.store import Reader, Store


class CompareError(LabelledError, ValueError):
    """A comparison that cannot be drawn (fewer than two units); the message is a label."""


# Columns of `ranking()` around the scheme's dimension columns.
RANKING_HEAD = ("rank", "unit_id", "unit", "kind", "community", "total", "grade")
RANKING_TAIL = ("bonus", "deduction", "vetoed")
CARD_LINE_COLUMNS = (
    "dimension", "indicator_id", "indicator", "rule", "measure", "target", "actual", "max_points", "points",
    "points_lost", "weighted_max", "weighted_points", "explanation",
)  # fmt: skip
ADJUSTMENT_COLUMNS = ("type", "category", "level", "item_points", "counted", "reason", "evidence", "explanation")


def _require_unit(result: ScoreResult, unit_id: str, viewer: Viewer) -> None:
    if not viewer.sees_unit(unit_id):
        raise AccessDenied("access.results_own_units", user=viewer.user, units=viewer.scope_words())
    if unit_id not in set(result.units["unit_id"]):
        raise KeyError(f"no result for unit {unit_id} in period {result.period.code}")  # a caller's bug, not a user's


# -- the ranking -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FilterOptions:
    """The values the ranking's filters offer: unit kinds in the scheme's order, communities by name."""

    kinds: tuple[str, ...]
    communities: tuple[str, ...]


def filter_options(result: ScoreResult) -> FilterOptions:
    """Unit kinds and communities present among the scored units."""
    present = set(result.units["kind"].dropna())
    order = [k for k in result.scheme.unit_kinds if k in present] + sorted(present - set(result.scheme.unit_kinds))
    communities = sorted(set(result.units["community"].dropna()))
    return FilterOptions(tuple(order), tuple(communities))


def ranking(
    result: ScoreResult,
    kinds: Sequence[str] = (),
    communities: Sequence[str] = (),
    search: str = "",
    aids: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The ranking table, filtered by unit kind, community and a name or id fragment (case-insensitive).

    Columns: rank, unit_id, unit, kind, community, total, grade, then (with `aids`, from `assessor_aids`) stability
    and open_flags, then one per dimension (weighted points), bonus, deduction, vetoed. Rows in rank order.
    """
    units = result.units
    keep = pd.Series(True, index=units.index)
    if kinds:
        keep &= units["kind"].isin(list(kinds))
    if communities:
        keep &= units["community"].isin(list(communities))
    text = search.strip().casefold()
    if text:
        names = units["unit"].fillna("").str.casefold()
        ids = units["unit_id"].str.casefold()
        keep &= names.str.contains(text, regex=False) | ids.str.contains(text, regex=False)
    columns = [*RANKING_HEAD, *result.dimensions, *RANKING_TAIL]
    table = units.loc[keep, columns].reset_index(drop=True)
    if aids is None:
        return table
    added = table[["unit_id"]].merge(aids, on="unit_id", how="left")
    position = len(RANKING_HEAD)
    for offset, column in enumerate(AID_COLUMNS):
        table.insert(position + offset, column, added[column].to_numpy())
    return table


# Columns `assessor_aids` gives the ranking, after the grade: stability ('stable' or 'borderline', None when not
# measured) and open_flags (credibility flags not yet reviewed; None when the viewer may not read them).
AID_COLUMNS = ("stability", "open_flags")


def assessor_aids(result: ScoreResult, stability: pd.DataFrame | None, report: CheckReport | None) -> pd.DataFrame:
    """Per unit of `result`, the assessors' aids the ranking shows: unit_id, stability, open_flags (None where the
    aid is not given)."""
    frame = result.units[["unit_id"]].copy()
    frame["stability"] = None
    if stability is not None:
        statuses = dict(zip(stability["unit_id"], stability["status"], strict=True))
        frame["stability"] = frame["unit_id"].map(statuses)
    frame["open_flags"] = None
    if report is not None:
        open_counts = report.open_flags.groupby("unit_id").size()
        frame["open_flags"] = frame["unit_id"].map(open_counts).fillna(0).astype(int)
    return frame


@dataclass(frozen=True)
class StabilityCard:
    """One unit's grade stability as the card shows it (kaohe.stability, measured on the whole result).

    status: 'stable' or 'borderline'; kept_share: share of draws that keep the grade; boundary, boundary_grade,
    boundary_margin: the nearest grade line, the grade it starts and how far the total is above it (negative:
    below); quota_margin: how far above the first unit the quota leaves out (negative: below the last kept), None
    when the quota does not decide the unit; deciding: (indicator name, points it can move the total) for a
    borderline unit; vetoed: the grade is fixed by a veto.
    """

    status: str
    kept_share: float
    boundary: float | None
    boundary_grade: str | None
    boundary_margin: float | None
    quota_margin: float | None
    deciding: tuple[tuple[str, float], ...]
    vetoed: bool


def _present(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def unit_stability(stability: pd.DataFrame, result: ScoreResult, unit_id: str) -> StabilityCard | None:
    """The stability card of one unit (None when the unit was not measured)."""
    rows = stability[stability["unit_id"] == unit_id]
    if rows.empty:
        return None
    row = rows.iloc[0]
    names = {ind.id: ind.name for ind in result.scheme.indicators}
    return StabilityCard(
        status=str(row["status"]),
        kept_share=float(row["kept_share"]),
        boundary=_present(row["boundary"]),
        boundary_grade=None if row["boundary_grade"] is None else str(row["boundary_grade"]),
        boundary_margin=_present(row["boundary_margin"]),
        quota_margin=_present(row["quota_margin"]),
        deciding=tuple((names.get(str(i), str(i)), float(p)) for i, p in row["deciding"]),
        vetoed=bool(row["vetoed"]),
    )


def grade_counts(result: ScoreResult) -> dict[str, int]:
    """How many units hold each grade, in the scheme's band order, every grade present (0 when none)."""
    counts = result.units["grade"].value_counts()
    return {band.grade: int(counts.get(band.grade, 0)) for band in result.scheme.grades}


def top_and_bottom(result: ScoreResult, n: int = 5) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The first `n` units by rank, and the last `n` (worst last).

    Columns rank, unit_id, unit, kind, total, grade, vetoed: a vetoed unit ranks last whatever its total, so a
    short ranking must say so next to the total.
    """
    columns = ["rank", "unit_id", "unit", "kind", "total", "grade", "vetoed"]
    ranked = result.units.sort_values(["rank", "unit"], kind="stable")[columns]
    return ranked.head(n).reset_index(drop=True), ranked.tail(n).reset_index(drop=True)


# -- one unit's card ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitCard:
    """Everything the card of one unit shows.

    unit: the unit's row of ScoreResult.units (rank, total, grade, dimensions …).
    lines: its indicator lines (CARD_LINE_COLUMNS), in the scheme's order.
    adjustments: its bonus, deduction and veto items (ADJUSTMENT_COLUMNS).
    comments: assessors' comments (indicator_id, indicator, assessor, level, score, comment, entered_at), or None
        when the viewer may not read them.
    monthly: its activity per month (month, services, people_served, meetings, errands, deeds, disputes).
    """

    unit: dict[str, Any]
    lines: pd.DataFrame
    adjustments: pd.DataFrame
    comments: pd.DataFrame | None
    monthly: pd.DataFrame


def unit_card(source: Reader, result: ScoreResult, unit_id: str, viewer: Viewer, lang: str = "zh") -> UnitCard:
    """The card of one unit in a result the viewer may see (from kaohe.results), explained in `lang`."""
    _require_unit(result, unit_id, viewer)
    unit = {str(k): v for k, v in result.units[result.units["unit_id"] == unit_id].iloc[0].items()}
    own = result.unit_lines(unit_id)
    lines = own.assign(explanation=scoring.explained(own, result.scheme, lang))[list(CARD_LINE_COLUMNS)]
    adjustments = result.adjustments[result.adjustments["unit_id"] == unit_id]
    adjustments = adjustments.assign(explanation=scoring.adjustment_explanations(adjustments, lang))
    adjustments = adjustments.reindex(columns=list(ADJUSTMENT_COLUMNS)).reset_index(drop=True)
    scope = {"unit_id": unit_id, "unit_scope": viewer.unit_scope}
    monthly = source.query("scorecard/unit_monthly", {**result.period.params(), **scope})
    comments = None
    if viewer.can(Permission.VIEW_COMMENTS):
        comments = source.query("scorecard/unit_comments", {"period": result.period.code, **scope})
        names = {ind.id: ind.name for ind in result.scheme.indicators}
        comments.insert(1, "indicator", comments["indicator_id"].map(names))
    return UnitCard(unit=unit, lines=lines, adjustments=adjustments, comments=comments, monthly=monthly)


def completion(card: UnitCard) -> pd.DataFrame:
    """Actual against target for the indicators that have a target above 0.

    Columns: indicator_id, indicator, actual, target, completion (actual / target, 1.0 = target met).
    """
    lines = card.lines[card.lines["target"].fillna(0) > 0]
    frame = lines[["indicator_id", "indicator", "actual", "target"]].copy()
    frame["actual"] = frame["actual"].fillna(0.0)
    frame["completion"] = frame["actual"] / frame["target"]
    return frame.reset_index(drop=True)


@dataclass(frozen=True)
class WaterfallStep:
    """One bar of the points waterfall: 'absolute' (drawn from 0) or 'relative' (a change from the bar before)."""

    label: str
    measure: str
    value: float


@dataclass(frozen=True)
class WaterfallLabels:
    """The user-facing names of the waterfall's fixed bars."""

    full_marks: str
    bonus: str
    deduction: str
    total: str


def waterfall(card: UnitCard, full_marks: float, labels: WaterfallLabels) -> tuple[WaterfallStep, ...]:
    """Full marks, minus the weighted points lost on each indicator that lost any, plus bonus, minus deductions.

    The last bar is the total as scored, drawn from 0: weighted points are kept to 0.01 per indicator, so the
    steps may differ from it by a rounding cent, and a veto keeps its points but not its grade.
    """
    steps = [WaterfallStep(labels.full_marks, "absolute", full_marks)]
    for indicator, weighted_max, weighted_points in zip(
        card.lines["indicator"], card.lines["weighted_max"], card.lines["weighted_points"], strict=True
    ):
        lost = round(float(weighted_max) - float(weighted_points), 2)
        if lost > 0:
            steps.append(WaterfallStep(str(indicator), "relative", -lost))
    bonus = float(card.unit["bonus"])
    deduction = float(card.unit["deduction"])
    if bonus:
        steps.append(WaterfallStep(labels.bonus, "relative", bonus))
    if deduction:
        steps.append(WaterfallStep(labels.deduction, "relative", -deduction))
    steps.append(WaterfallStep(labels.total, "absolute", float(card.unit["total"])))
    return tuple(steps)


def indicator_rows(
    store: Store, result: ScoreResult, unit_id: str, indicator_id: str, viewer: Viewer, lang: str | None = None
) -> pd.DataFrame:
    """The source rows behind one unit's indicator (scoring's lineage), for a result the viewer may see."""
    _require_unit(result, unit_id, viewer)
    rows = scoring.lineage(store, result, unit_id, indicator_id, lang)
    if not viewer.can(Permission.VIEW_COMMENTS):
        rows = rows.drop(columns=[c for c in ("comment", "evidence") if c in rows.columns])
    return rows


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV in UTF-8 with a BOM (Excel on Chinese Windows), text that Excel would run as a formula escaped."""
    return spreadsheet.csv_bytes(frame)


def xlsx_download(frame: pd.DataFrame, sheet: str) -> bytes:
    """One sheet of an xlsx workbook, written without formulas."""
    return spreadsheet.xlsx_bytes({sheet: frame})


# -- comparisons -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """Units (or one unit in two periods) side by side.

    names: the column names, one per compared entry, in order.
    dimensions: one row per dimension: dimension, max (weighted full marks), then one column per name with its
        weighted points.
    indicators: one row per indicator: dimension, indicator_id, indicator, max_points, then one column per name
        with its points (NaN where a scheme lacks the indicator).
    standing: name -> the unit's row of its result (total, grade, rank, rank_in_kind, kind …).
    """

    names: tuple[str, ...]
    dimensions: pd.DataFrame
    indicators: pd.DataFrame
    standing: dict[str, dict[str, Any]]

    @property
    def totals(self) -> dict[str, float]:
        """name -> total score."""
        return {name: float(row["total"]) for name, row in self.standing.items()}


def _entry(result: ScoreResult, unit_id: str) -> tuple[pd.DataFrame, dict[str, Any]]:
    lines = result.unit_lines(unit_id)
    row = result.units[result.units["unit_id"] == unit_id].iloc[0]
    return lines, {str(k): v for k, v in row.items()}


def _compare(entries: Sequence[tuple[str, pd.DataFrame, dict[str, Any]]]) -> Comparison:
    names = tuple(name for name, _, _ in entries)
    first = entries[0][1]
    dims = first.groupby("dimension", sort=False)["weighted_max"].sum().round(2).rename("max").reset_index()
    inds = first[["dimension", "indicator_id", "indicator", "max_points"]].copy()
    for name, lines, _ in entries:
        points = lines.groupby("dimension", sort=False)["weighted_points"].sum().round(2)
        dims[name] = dims["dimension"].map(points)
        inds[name] = inds["indicator_id"].map(lines.set_index("indicator_id")["points"])
    return Comparison(
        names=names,
        dimensions=dims.reset_index(drop=True),
        indicators=inds.reset_index(drop=True),
        standing={name: row for name, _, row in entries},
    )


def compare_units(result: ScoreResult, unit_ids: Sequence[str], viewer: Viewer) -> Comparison:
    """Two or more units of one result side by side, named by unit name."""
    if len(unit_ids) < 2:
        raise CompareError("compare.pick_two")
    entries = []
    for unit_id in unit_ids:
        _require_unit(result, unit_id, viewer)
        lines, row = _entry(result, unit_id)
        entries.append((str(row["unit"]), lines, row))
    return _compare(entries)


def compare_periods(now: ScoreResult, before: ScoreResult, unit_id: str, viewer: Viewer) -> Comparison:
    """One unit in two results (this year and last), named by period code, indicators matched by id."""
    _require_unit(now, unit_id, viewer)
    _require_unit(before, unit_id, viewer)
    entries = []
    for result in (now, before):
        lines, row = _entry(result, unit_id)
        entries.append((result.period.code, lines, row))
    return _compare(entries)
