"""Score a period under a scheme: every unit's points per indicator, totals, grades, rankings and lineage.

One pass per ledger: every measure the scheme uses on a ledger is summed in one grouped scan of it (kaohe.measures
builds the scan from the measures' declarations). The rule arithmetic is each family's, on arrays, one indicator
and every unit at once (kaohe.rules); what all families share — not required, not yet due, no data, pending, the
multiplier of a shared task, rounding and weighting — is done here, once, as are totals, grades with the quota,
veto and ranks (`grade_units`). The bonus and deduction items are priced in SQL (queries/scoring/
adjustment_lines.sql). Scoring only reads: the scheme is scored in memory, never stored. What cannot change between
scorings until the data do — the units scored, the lines' labels, the assessors' entries and adjustments — is
read once per data generation; a whole result is memoised too (`score_period`), shared by every caller.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd
from pypinyin import Style, lazy_pinyin

from kaohe.labels import LabelledError, current_language, label, message
from kaohe.measures import MEASURES, Use, months_between, rows_sql, scan_sql
from kaohe.periods import Period, expected_share, parse_period
from kaohe.rules import RULES, RankPoints, num
from kaohe.scheme import (
    BASIS_DIVISORS,
    TARGET_BASES,
    Indicator,
    Scheme,
    SchemeError,
    check_unit_kinds,
    method_relations,
)
from kaohe.store import Store

# Columns of ScoreResult.units after the dimension columns are inserted (see `_unit_frame`).
UNIT_COLUMNS = (
    "rank", "rank_in_kind", "unit_id", "unit", "kind", "community",
    # one column per dimension of the scheme goes here, in the scheme's order
    "indicator_total", "bonus", "deduction", "total", "grade", "grade_before_quota", "quota_position",
    "vetoed", "veto_reason",
)  # fmt: skip

# Columns of ScoreResult.lines. status says how the points came about: scored (by the rule), not_required (target
# 0 or less), not_due (nothing due yet at the cut-off), no_basis (a per-resident or per-household target for a unit
# whose roster lacks the figure), no_data (a rate without data: no_data decides), pending (qualitative, 待评).
LINE_COLUMNS = (
    "unit_id", "unit", "kind", "community", "dimension", "position", "indicator_id", "indicator", "component",
    "rule", "measure", "measure_kind", "max_points", "target", "target_full", "actual", "numerator", "denominator",
    "points", "points_lost", "factor", "weighted_points", "weighted_max", "status", "pending", "assessors",
    "trimmed", "self_score", "panel_score", "rank_position", "rank_of", "part", "multiplier", "unit_rate",
    "incidents",
)  # fmt: skip


# A line's status, stored as its position here while lines are computed.
STATUSES = ("scored", "not_required", "not_due", "no_basis", "no_data", "pending")
SCORED, NOT_REQUIRED, NOT_DUE, NO_BASIS, NO_DATA, PENDING = range(len(STATUSES))


class ScoringError(LabelledError, ValueError):
    """Scoring cannot run: a bad period, a scheme that does not fit the units, or no units at all."""


@dataclass(frozen=True)
class ScoreResult:
    """One period scored under one scheme version.

    units: one row per unit, ranked: rank, rank_in_kind, unit_id, unit, kind, community, one column per
        dimension (weighted points), indicator_total, bonus, deduction, total, grade, grade_before_quota,
        quota_position, vetoed, veto_reason.
    lines: one row per (unit, indicator): LINE_COLUMNS. target is what is owed by the cut-off, target_full what the
        whole period owes; `explain` puts each line's points in words.
    adjustments: one row per bonus/deduction/veto item in force, with its points and whether it counted.
    result_hash: sha256 over the scheme's content hash, the period (and cut-off) and every figure above; the
        same data and scheme always give the same hash.
    as_of: the cut-off of a period scored while in progress (the last day counted), None for a whole period.
    """

    period: Period
    scheme: Scheme
    units: pd.DataFrame
    lines: pd.DataFrame
    adjustments: pd.DataFrame
    result_hash: str
    as_of: date | None = None

    @property
    def dimensions(self) -> tuple[str, ...]:
        """The dimension columns of `units`, in order."""
        return self.scheme.dimensions

    @property
    def pending(self) -> int:
        """How many qualitative lines nobody has scored yet (待评)."""
        return int(self.lines["pending"].sum()) if "pending" in self.lines else 0

    @property
    def provisional(self) -> bool:
        """Whether the figures may still change by design: scored before the period ended, or with 待评 parts."""
        return self.as_of is not None or self.pending > 0

    def unit_lines(self, unit_id: str) -> pd.DataFrame:
        """The indicator lines of one unit, in the scheme's order."""
        return self.lines[self.lines["unit_id"] == unit_id].reset_index(drop=True)


def _as_period(period: Period | str) -> Period:
    return period if isinstance(period, Period) else parse_period(period)


def score_period(store: Store, period: Period | str, scheme: Scheme, as_of: date | None = None) -> ScoreResult:
    """Score every unit active in `period` under `scheme` (held in memory: nothing is written).

    `as_of` is the cut-off of a period in progress, the last day counted: count targets owe only the share due
    by then (the scheme's pace), windows ending after it are not owed, and qualitative indicators nobody has
    scored yet are estimated at the unit's rate on the rest. None (or a day at or after the period's last)
    scores the whole period. The result is shared with other callers: do not change its frames.
    """
    period = _as_period(period)
    if as_of is not None and as_of >= period.end - timedelta(days=1):
        as_of = None
    # Scoring only reads, so one result per (data generation, period, scheme, cut-off) serves every caller.
    key = ("score_period", period, scheme.id, scheme.version, scheme.content_hash, as_of)
    return store.memo(key, lambda: compute(store, period, scheme, as_of))


def compute(store: Store, period: Period, scheme: Scheme, as_of: date | None = None) -> ScoreResult:
    """The scoring itself (`score_period` is what callers want; benchmarks time this): the measures, the assessors'
    input and the rules are computed on every call; only what cannot change between calls is kept, per data
    generation — the units scored and the lines' names and labels (`_frame_of`)."""
    counted = period if as_of is None else period.through(as_of)
    key = ("scoring_frame", period, scheme.id, scheme.version, scheme.content_hash)
    frame = store.memo(key, lambda: _frame_of(store, period, scheme))
    inputs = store.memo(("scoring_inputs", *key[1:]), lambda: _assessor_inputs(store, scheme, period, frame.units))
    measured = _measure_values(store, scheme, counted, period.end, frame.units)
    parts: dict[str, list[np.ndarray]] = {}
    maxima = weighted_maxima(scheme)
    for ind in scheme.indicators:
        columns = _indicator_lines(ind, maxima[ind.id], frame.units, measured, inputs, period, as_of)
        for name, values in columns.items():
            parts.setdefault(name, []).append(values)
    figures = {name: np.concatenate(columns) for name, columns in parts.items()}
    figures["status"] = np.asarray(STATUSES, dtype=object)[figures["status"]]
    if as_of is not None:
        figures.update(_estimate_pending(figures, frame))
    sums = _dimension_sums(frame, figures["weighted_points"], scheme)
    graded = grade_units(frame.units, sums, inputs.pools, scheme)
    cut = period.code if as_of is None else f"{period.code}@{as_of.isoformat()}"
    digest = result_digest(scheme.content_hash, cut, graded, frame.labels_hash, figures, inputs.adjustments_bytes)
    # Text columns stay plain objects: turning each into pandas' string type costs more than the rest of the lines.
    lines = pd.DataFrame(
        {
            c: frame.labels[c] if c in LABEL_COLUMNS else pd.Series(figures[c], dtype=figures[c].dtype, copy=False)
            for c in LINE_COLUMNS
        },
        copy=False,
    )
    return ScoreResult(
        period=period,
        scheme=scheme,
        units=_unit_frame(graded, sums, scheme),
        lines=lines,
        adjustments=inputs.adjustments,
        result_hash=digest,
        as_of=as_of,
    )


@dataclass(frozen=True)
class _Frame:
    """What does not change between scorings of one period under one scheme until the data do: the units scored
    and the lines' names and labels (one row per indicator and unit, indicator by indicator, units by id)."""

    units: _Units
    labels: pd.DataFrame  # LABEL_COLUMNS
    labels_hash: bytes  # the labels' part of the result hash
    dimension_codes: np.ndarray  # each line's dimension, as its position in scheme.dimensions
    unit_codes: np.ndarray  # each line's unit, as its row in units


# The lines' columns that name things (the rest are figures, computed on every scoring).
LABEL_COLUMNS = (
    "unit_id", "unit", "kind", "community", "dimension", "position", "indicator_id", "indicator", "component", "rule",
    "measure", "measure_kind", "max_points", "factor",
)  # fmt: skip


def _frame_of(store: Store, period: Period, scheme: Scheme) -> _Frame:
    scheme_period = parse_period(scheme.period)
    units = store.query(
        "scoring/scored_units",
        {**period.params(), "scheme_start": scheme_period.start, "scheme_end": scheme_period.end},
    )
    if units.empty:
        raise ScoringError("scoring.error.no_units", period=period.code)
    check_unit_kinds(scheme, units["kind"].unique().tolist())
    units["name_key"] = name_keys(units["unit"], "pinyin" in scheme.tie_break)
    n, k = len(units), len(scheme.indicators)
    inds = scheme.indicators

    def per_indicator(values: list[Any]) -> np.ndarray:
        return np.repeat(np.array(values, dtype=object), n)

    def per_unit(column: str) -> np.ndarray:
        return np.tile(units[column].to_numpy(object), k)

    labels = pd.DataFrame(
        {
            "unit_id": per_unit("unit_id"),
            "unit": per_unit("unit"),
            "kind": per_unit("kind"),
            "community": per_unit("community"),
            "dimension": per_indicator([i.dimension for i in inds]),
            "position": np.repeat(np.arange(1, k + 1), n),
            "indicator_id": per_indicator([i.id for i in inds]),
            "indicator": per_indicator([i.name for i in inds]),
            "component": per_indicator([i.component for i in inds]),
            "rule": per_indicator([i.rule for i in inds]),
            "measure": per_indicator([i.measure for i in inds]),
            "measure_kind": per_indicator([MEASURES[i.measure].kind if i.measure else None for i in inds]),
            "max_points": np.repeat([float(i.max_points) for i in inds], n),
            "factor": np.repeat([scheme.component_factor(i.component) for i in inds], n),
        }
    )
    hashed = pd.util.hash_pandas_object(labels[["unit_id", "indicator_id"]], index=False).to_numpy()
    dimensions = {d: i for i, d in enumerate(scheme.dimensions)}
    return _Frame(
        units=_Units.of(units),
        labels=labels,
        labels_hash=hashed.tobytes(),
        dimension_codes=np.repeat([dimensions[i.dimension] for i in inds], n),
        unit_codes=np.tile(np.arange(n), k),
    )


def _dimension_sums(frame: _Frame, weighted_points: np.ndarray, scheme: Scheme) -> np.ndarray:
    """Weighted points per unit (rows, as in frame.units) and dimension (columns, in the scheme's order)."""
    dims, n = len(scheme.dimensions), len(frame.units)
    cells = frame.unit_codes * dims + frame.dimension_codes
    return np.bincount(cells, weights=weighted_points, minlength=n * dims).reshape(n, dims)


def result_digest(
    scheme_hash: str,
    period_key: str,
    units: pd.DataFrame,
    labels_hash: bytes,
    figures: Mapping[str, np.ndarray],
    adjustments_bytes: bytes,
) -> str:
    """sha256 over the scheme's content hash, the period (and cut-off) and every figure of a result, in a fixed
    order (units by id; lines as scored, indicator by indicator and units by id; adjustments by id), numbers as
    integers of hundredths (targets and actuals of millionths): the same data and scheme always give the same
    hash, and any change of a score, an input figure or an adjustment changes it."""
    digest = hashlib.sha256(f"{scheme_hash}\x1e{period_key}".encode())
    ordered = units if units["unit_id"].is_monotonic_increasing else units.sort_values("unit_id")
    digest.update(_text_bytes(ordered[["unit_id", "grade", "grade_before_quota", "vetoed", "veto_reason"]]))
    scales: tuple[tuple[str, float], ...] = (
        ("rank", 1.0), ("rank_in_kind", 1.0), ("indicator_total", 100.0), ("bonus", 100.0), ("deduction", 100.0),
        ("total", 100.0),
    )  # fmt: skip
    for column, scale in scales:
        digest.update(_scaled_bytes(ordered[column], scale))
    digest.update(labels_hash)
    for column, scale in (("target", 1e6), ("actual", 1e6), ("points", 100), ("weighted_points", 100)):
        digest.update(_scaled_bytes(figures[column], scale))
    digest.update(adjustments_bytes)
    return digest.hexdigest()


# A veto reason is part of the result hash, so its punctuation stays as every publication froze it.
_VETO_JOIN = "："  # cjk: category：reason, as hashed and published
_VETO_SEP = "；"  # cjk: between two vetoes of a unit, as hashed and published


def _adjustments_bytes(adjustments: pd.DataFrame) -> bytes:
    """The adjustments' part of the result hash (they are read once per data generation, so it is too)."""
    items = adjustments.sort_values("adjustment_id")
    text = _text_bytes(items[["adjustment_id", "unit_id", "type", "category", "level", "counted"]])
    return text + _scaled_bytes(items["item_points"], 100)


def _text_bytes(frame: pd.DataFrame) -> bytes:
    return bytes(pd.util.hash_pandas_object(frame.astype(str), index=False).to_numpy().tobytes())


def _scaled_bytes(values: Any, scale: float) -> bytes:
    array = np.asarray(values, dtype=float)
    return np.where(np.isnan(array), -(2**62), np.rint(array * scale)).astype(np.int64).tobytes()


# -- measures: one grouped scan per ledger ------------------------------------------------------------------------


def _measure_values(
    store: Store, scheme: Scheme, counted: Period, period_end: date, units: _Units
) -> dict[Use, dict[str, np.ndarray]]:
    """Every (measure, arguments) the scheme uses, as arrays aligned with the units scored: value, numerator,
    denominator, and for categories one `category:<name>` array each."""
    uses: dict[str, list[Use]] = {}
    for ind in scheme.indicators:
        if ind.measure is not None:
            use = Use(MEASURES[ind.measure], ind.args)
            ledger_uses = uses.setdefault(use.measure.ledger, [])
            if use not in ledger_uses:
                ledger_uses.append(use)
    found: dict[Use, dict[str, np.ndarray]] = {}
    for ledger, ledger_uses in uses.items():
        sql, params, columns = scan_sql(ledger, ledger_uses)
        cur = store.cursor()
        try:
            scanned = cur.execute(sql, {**counted.params(), **params}).fetchnumpy()
        finally:
            cur.close()
        # Aligned with the units scored once, so that every indicator reads plain arrays (NaN: no rows).
        rows = units.index.get_indexer(pd.Index(scanned.pop("unit_id")))
        kept = rows >= 0
        aligned = {}
        for name, values in scanned.items():
            column = np.full(len(units), np.nan)
            column[rows[kept]] = np.ma.filled(np.ma.asarray(values, dtype=float), np.nan)[kept]
            aligned[name] = column
        for use, cols in zip(ledger_uses, columns, strict=True):
            found[use] = _use_values(use, [aligned[c] for c in cols], counted, period_end, units)
    return found


def _use_values(
    use: Use, scanned: list[np.ndarray], counted: Period, period_end: date, units: _Units
) -> dict[str, np.ndarray]:
    kind = use.measure.kind
    if kind == "items":
        return _missing_windows(use, scanned[0], counted, period_end, units)
    if kind == "categories":
        out = {
            f"category:{name}": np.nan_to_num(c) for (name, _), c in zip(use.measure.categories, scanned, strict=True)
        }
        value = np.sum(list(out.values()), axis=0)
        return {**out, "value": value, "numerator": value, "denominator": np.full(len(units), np.nan)}
    numerator = scanned[0]
    if kind == "rate":
        denominator = scanned[1]
        with np.errstate(invalid="ignore", divide="ignore"):
            value = np.where(denominator > 0, numerator / denominator, np.nan)
        return {"value": value, "numerator": numerator, "denominator": denominator}
    return {"value": numerator, "numerator": numerator, "denominator": np.full(len(units), np.nan)}


def _missing_windows(
    use: Use, months: np.ndarray, counted: Period, period_end: date, units: _Units
) -> dict[str, np.ndarray]:
    """Windows of `every_months` months from the period's start in which a unit held nothing, of those it owed.

    A window is owed when the unit was active for all of it (active_from ≤ its start, active_to absent or ≥ its
    end) and it ended by the cut-off (`counted.end`): a unit founded mid-year owes nothing before, and a year
    scored as of 31 October owes ten monthly windows, not a stub of November.
    """
    every = int(use.params["every_months"])
    start = counted.start
    total_months = months_between(start, period_end)
    bounds = [(k, min(k + every, total_months)) for k in range(0, total_months, every)]
    window_start = np.array([np.datetime64(_add_months(start, a)) for a, _ in bounds])
    window_end = np.array([np.datetime64(_add_months(start, b)) for _, b in bounds])
    masks = np.array([sum(1 << m for m in range(a, b)) for a, b in bounds], dtype=np.uint64)
    active_from, active_to = units.active_from, units.active_to
    owed = (
        (np.isnat(active_from)[:, None] | (active_from[:, None] <= window_start[None, :]))
        & (np.isnat(active_to)[:, None] | (active_to[:, None] >= window_end[None, :]))
        & (window_end[None, :] <= np.datetime64(counted.end))
    )
    held_bits = np.nan_to_num(months).astype(np.uint64)
    held = (held_bits[:, None] & masks[None, :]) != 0
    missed = (owed & ~held).sum(axis=1).astype(float)
    return {"value": missed, "numerator": missed, "denominator": owed.sum(axis=1).astype(float)}


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


# -- assessors' input: qualitative scores, self-assessment, parts in shared tasks, adjustments ---------------------


@dataclass(frozen=True)
class _Inputs:
    """What the assessors entered for a period, aligned with the units scored. It does not depend on the cut-off,
    so it is read once per data generation (`compute`)."""

    qualitative: Mapping[str, Mapping[str, np.ndarray]]  # indicator → assessors, total, highest, lowest per unit
    self_scores: Mapping[str, np.ndarray]  # indicator → the unit's own score (NaN: none entered)
    parts: Mapping[str, np.ndarray]  # indicator → the unit's part in the shared task (None: not set)
    adjustments: pd.DataFrame  # adjustment_lines.sql
    pools: Pools  # the counted adjustments per unit
    adjustments_bytes: bytes  # the adjustments' part of the result hash


@dataclass(frozen=True)
class Pools:
    """The counted adjustments of each unit, aligned with the units scored (before the pools' caps)."""

    bonus: np.ndarray  # counted bonus points per unit
    deduction: np.ndarray  # counted deduction points per unit
    vetoed: np.ndarray
    veto_reason: np.ndarray  # "category：reason" of each veto, joined by "；" (None: no veto)

    @classmethod
    def of(cls, adjustments: pd.DataFrame, unit_ids: pd.Index) -> Pools:
        """Pools from adjustment rows (adjustment_lines.sql's columns) for the units `unit_ids`, in that order."""
        counted = adjustments[adjustments["counted"].astype(bool)]
        codes = unit_ids.get_indexer(pd.Index(counted["unit_id"].to_numpy(object)))

        def pool(kind: str) -> np.ndarray:
            mine = (counted["type"] == kind).to_numpy(bool) & (codes >= 0)
            weights = counted["counted_points"].to_numpy(float)[mine]
            return np.bincount(codes[mine], weights=weights, minlength=len(unit_ids)).astype(float)

        vetoes = counted[counted["type"] == "veto"].sort_values("adjustment_id")
        reasons = (vetoes["category"] + _VETO_JOIN + vetoes["reason"]).groupby(vetoes["unit_id"]).agg(_VETO_SEP.join)
        return cls(
            bonus=pool("bonus"),
            deduction=pool("deduction"),
            vetoed=np.isin(unit_ids.to_numpy(object), vetoes["unit_id"].to_numpy(object)),
            veto_reason=reasons.reindex(unit_ids).to_numpy(object),
        )


def _assessor_inputs(store: Store, scheme: Scheme, period: Period, units: _Units) -> _Inputs:
    relations = method_relations(scheme)
    wanted = {
        "method_indicators": relations["method_indicators"],
        "method_indicator_levels": relations["method_indicator_levels"],
    }
    code = {"period": period.code}
    qualitative = store.query("scoring/qualitative_scores", code, relations=wanted)
    has_self = any(ind.values.get("self_weight") for ind in scheme.indicators)
    has_parts = any(ind.parts for ind in scheme.indicators)
    self_scores = store.query("scoring/self_scores", code) if has_self else None
    parts = store.query("scoring/task_parts", code) if has_parts else None
    adjustments = store.query(
        "scoring/adjustment_lines",
        {**period.params(), **code},
        relations={name: relations[name] for name in ("method_adjustment_categories", "method_adjustment_levels")},
    )
    # Worded in the process's language for what freezes it (a publication); pages re-word it in their own.
    adjustments["explanation"] = adjustment_explanations(adjustments, current_language())

    def aligned(rows: pd.DataFrame, indicator_id: str, column: str) -> np.ndarray:
        own = rows[rows["indicator_id"] == indicator_id]
        at = units.index.get_indexer(pd.Index(own["unit_id"].to_numpy(object)))
        values = own[column].to_numpy(float if column != "part" else object)
        out = np.full(len(units), np.nan if column != "part" else None, dtype=values.dtype)
        out[at[at >= 0]] = values[at >= 0]
        return out

    qualitative_ids = [ind.id for ind in scheme.indicators if ind.measure is None]
    return _Inputs(
        qualitative={
            i: {c: aligned(qualitative, i, c) for c in ("assessors", "total", "highest", "lowest")}
            for i in qualitative_ids
        },
        self_scores={i: aligned(self_scores, i, "score") for i in qualitative_ids} if self_scores is not None else {},
        parts={ind.id: aligned(parts, ind.id, "part") for ind in scheme.indicators if ind.parts}
        if parts is not None
        else {},
        adjustments=adjustments,
        pools=Pools.of(adjustments, units.index),
        adjustments_bytes=_adjustments_bytes(adjustments),
    )


def _qualitative(ind: Indicator, n: int, inputs: _Inputs) -> dict[str, np.ndarray]:
    """Per unit: assessors, panel mean (去掉最高分和最低分 from trim_from on), self score, and the actual."""
    values = ind.values
    stats = inputs.qualitative[ind.id]
    count = np.nan_to_num(stats["assessors"], nan=0.0)
    total, high, low = stats["total"], stats["highest"], stats["lowest"]
    trimmed = count >= int(values["trim_from"])
    with np.errstate(invalid="ignore", divide="ignore"):
        panel = np.where(trimmed, (total - high - low) / (count - 2), total / count)
    weight = float(values.get("self_weight") or 0.0)
    own = np.full(n, np.nan)
    if weight:
        own = np.clip(inputs.self_scores[ind.id], 0, ind.max_points)
    actual = panel if not weight else weight * np.nan_to_num(own, nan=0.0) + (1 - weight) * panel
    return {"actual": actual, "assessors": count, "trimmed": trimmed, "self_score": own, "panel_score": panel}


# -- one indicator, every unit ------------------------------------------------------------------------------------


def name_keys(names: pd.Series, pinyin: bool) -> pd.Series:
    """The order ties are broken in by name: pinyin (拼音顺序, as a Chinese office lists units) or Unicode order."""
    if not pinyin:
        return names.astype(str)
    return names.map(lambda name: " ".join(lazy_pinyin(str(name), style=Style.TONE3)) + "\x00" + str(name))


def round_points(values: Any) -> np.ndarray:
    """To 0.01, halves up, as on a paper score sheet: kept to 1e-6 first (so the binary 2.67499999… of 2.675 is
    2.675), then 2.675 → 2.68."""
    kept = np.round(np.asarray(values, dtype=float), 6)
    return np.asarray(np.floor(np.round(kept * 100, 4) + 0.5) / 100)


def weighted_maxima(scheme: Scheme) -> dict[str, float]:
    """Each indicator's weighted max: its max points × its component's factor, to 0.01, with the cents that rounding
    each indicator on its own would add or lose settled within its dimension and component, so that they add up to
    the dimension's max × factor to 0.01 (largest remainder; equal remainders go to the larger max, then the earlier
    indicator). Rounded one by one, 5 × 0.875 = 4.375 → 4.38 and 3 × 0.875 = 2.625 → 2.63 make a 20-point dimension
    worth 17.51 instead of 17.50, and full points everywhere more than the scheme's total."""
    groups: dict[tuple[str, str | None], list[Indicator]] = {}
    for ind in scheme.indicators:
        groups.setdefault((ind.dimension, ind.component), []).append(ind)
    out: dict[str, float] = {}
    for (_, component), members in groups.items():
        factor = scheme.component_factor(component)
        # In hundredths, kept to 1e-6 first as round_points does (2.675 is 267.5, not 267.4999…).
        exact = [round(float(ind.max_points) * factor * 100, 4) for ind in members]
        cents = [math.floor(value + 1e-9) for value in exact]
        owed = math.floor(round(sum(exact), 4) + 0.5) - sum(cents)
        order = sorted(range(len(members)), key=lambda i: (-(exact[i] - cents[i]), -float(members[i].max_points), i))
        for i in order[:owed]:
            cents[i] += 1
        out.update({ind.id: cent / 100 for ind, cent in zip(members, cents, strict=True)})
    return out


def weigh(points: np.ndarray, max_points: np.ndarray | float, weighted_max: np.ndarray | float) -> np.ndarray:
    """Weighted points: the share of the indicator's weighted max that its points are of its max, to 0.01 (full
    points give exactly the weighted max, so no dimension ever exceeds its own)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(np.asarray(max_points) > 0, np.asarray(points, dtype=float) / max_points, 0.0)
    return round_points(share * weighted_max)


@dataclass(frozen=True)
class _Units:
    """The scored units as arrays, read once per scoring and shared by every indicator."""

    frame: pd.DataFrame
    ids: np.ndarray
    index: pd.Index  # unit_id → row
    kinds: np.ndarray
    quantities: Mapping[str, np.ndarray]  # members, residents, households (NaN where the roster has none)
    active_share: np.ndarray
    active_from: np.ndarray
    active_to: np.ndarray
    strings: Mapping[str, np.ndarray]  # unit, name_key, kind, community

    @classmethod
    def of(cls, units: pd.DataFrame) -> _Units:
        return cls(
            frame=units,
            ids=units["unit_id"].to_numpy(object),
            index=pd.Index(units["unit_id"].to_numpy(object)),
            active_from=units["active_from"].to_numpy("datetime64[D]"),
            active_to=units["active_to"].to_numpy("datetime64[D]"),
            kinds=units["kind"].to_numpy(object),
            quantities={c: units[c].to_numpy(float, na_value=np.nan) for c in ("members", "residents", "households")},
            active_share=units["active_share"].to_numpy(float),
            strings={c: units[c].to_numpy(object) for c in ("unit", "name_key", "kind", "community")},
        )

    def __len__(self) -> int:
        return len(self.ids)


def _targets(ind: Indicator, units: _Units, measure_kind: str | None) -> np.ndarray:
    """The whole period's target of each unit (NaN: none, or a basis the roster lacks)."""
    out = np.full(len(units), np.nan)
    if not ind.targets:
        return out
    own = {t.unit_kind for t in ind.targets}
    for target in ind.targets:
        mask = units.kinds == target.unit_kind if target.unit_kind != "*" else ~np.isin(units.kinds, list(own))
        column = TARGET_BASES[target.basis]
        basis = 1.0 if column is None else units.quantities[column] / BASIS_DIVISORS[target.basis]
        out = np.where(mask, target.value * basis, out)
    if ind.prorate and measure_kind == "count":
        out = out * units.active_share
    return np.asarray(out)


_NO_STRING = np.array([None], dtype=object)


def _indicator_lines(
    ind: Indicator,
    weighted_max: float,
    units: _Units,
    measured: Mapping[Use, Mapping[str, np.ndarray]],
    inputs: _Inputs,
    period: Period,
    as_of: date | None,
) -> dict[str, np.ndarray]:
    """The figures of one indicator's lines, every unit at once, as columns (LINE_COLUMNS but LABEL_COLUMNS);
    weighted_max: the indicator's own (`weighted_maxima`)."""
    family = RULES[ind.rule]
    values = ind.values
    n = len(units)
    measure_kind = MEASURES[ind.measure].kind if ind.measure else None
    max_points = float(ind.max_points)

    def same(value: Any) -> np.ndarray:
        return np.full(n, value, dtype=object if value is None or isinstance(value, str) else None)

    cols: dict[str, np.ndarray] = {
        "assessors": np.zeros(n),
        "trimmed": np.zeros(n, dtype=bool),
        "self_score": np.full(n, np.nan),
        "panel_score": np.full(n, np.nan),
        "rank_position": np.full(n, np.nan),
        "rank_of": np.full(n, np.nan),
        "incidents": same(None),
    }
    categories: dict[str, np.ndarray] = {}
    if ind.measure is not None:
        found = measured[Use(MEASURES[ind.measure], ind.args)]
        actual = found["value"] if measure_kind == "rate" else np.nan_to_num(found["value"], nan=0.0)
        cols["numerator"], cols["denominator"] = found["numerator"], found["denominator"]
        categories = {c: v for c, v in found.items() if c.startswith("category:")}
    else:
        qualitative = _qualitative(ind, n, inputs)
        actual = qualitative.pop("actual")
        cols.update(qualitative)
        cols["numerator"] = cols["denominator"] = np.full(n, np.nan)
    full = _targets(ind, units, measure_kind)
    due = 1.0 if as_of is None or measure_kind != "count" else expected_share(ind.pace, period, as_of)
    target = full * due
    cols["actual"], cols["target_full"], cols["target"] = actual, full, target

    # The status as its position in STATUSES (text only once all lines are joined: cheaper on large periods).
    status = np.zeros(n, dtype=np.int8)
    if ind.targets:
        with np.errstate(invalid="ignore"):
            if family.target == "required":
                status[np.isnan(full)] = NO_BASIS
            status[full <= 0] = NOT_REQUIRED
            status[(full > 0) & (target <= 0)] = NOT_DUE
    if measure_kind == "rate":
        status[(status == SCORED) & np.isnan(actual)] = NO_DATA
    if ind.measure is None:
        status[(status == SCORED) & (cols["assessors"] == 0)] = PENDING
    cols["status"] = status
    cols["pending"] = status == PENDING

    scored = status == SCORED
    given = {"actual": actual, "target": target, "max_points": np.full(n, max_points), "kind": units.kinds}
    given.update(categories)
    if isinstance(family, RankPoints):
        rank, size = RankPoints.positions(given, values)
        cols["rank_position"], cols["rank_of"] = rank, size
        given["rank_position"] = rank
    raw = np.zeros(n)
    if scored.any():
        raw[scored] = family.points({name: column[scored] for name, column in given.items()}, values)
    raw[(status == NOT_REQUIRED) | (status == NOT_DUE)] = max_points
    raw[status == NO_DATA] = max_points if ind.no_data == "full" else 0.0

    if ind.parts:
        factors = dict(ind.parts)
        entered = inputs.parts[ind.id]
        part = np.where(pd.isna(entered), ind.default_part or "", entered)
        multiplier = np.array([factors.get(str(p), 1.0) for p in part])
        raw = raw * multiplier
        cols["part"], cols["multiplier"] = part, multiplier
    else:
        cols["part"], cols["multiplier"] = same(None), np.ones(n)
    if categories:
        cols["incidents"] = _incidents_text(categories)

    points = round_points(np.clip(raw, 0, max_points))
    cols["points"] = points
    cols["points_lost"] = round_points(max_points - points)
    cols["weighted_points"] = weigh(points, max_points, weighted_max)
    cols["weighted_max"] = np.full(n, weighted_max)
    cols["unit_rate"] = np.full(n, np.nan)
    return cols


def _incidents_text(categories: Mapping[str, np.ndarray]) -> np.ndarray:
    """Per line, its incidents as JSON {category: count} (for the explanation), None when there are none. Each
    distinct combination of counts is written once: there are few."""
    names = [column.removeprefix("category:") for column in categories]
    counts = np.column_stack([np.nan_to_num(c).astype(np.int64) for c in categories.values()])
    # One number per combination of counts (a row's index in the grid of all counts up to each column's highest).
    keys = np.ravel_multi_index(counts.T, tuple(int(c) + 1 for c in counts.max(axis=0)))
    _, first, which = np.unique(keys, return_index=True, return_inverse=True)
    combinations = counts[first]
    texts = [
        json.dumps({name: int(n) for name, n in zip(names, row, strict=True) if n > 0}, ensure_ascii=False)
        if row.any()
        else None
        for row in combinations
    ]
    return np.array(texts, dtype=object)[which.ravel()]


def _estimate_pending(figures: Mapping[str, np.ndarray], frame: _Frame) -> dict[str, np.ndarray]:
    """A period under way: each 待评 part is estimated at the unit's rate on the indicators already scored (the
    figures that change)."""
    pending = figures["pending"]
    if not pending.any():
        return {}
    max_points = frame.labels["max_points"].to_numpy(float)
    weighted_max = figures["weighted_max"]
    points = figures["points"]
    done = ~pending
    n = len(frame.units)
    earned = np.bincount(frame.unit_codes[done], weights=figures["weighted_points"][done], minlength=n)
    possible = np.bincount(frame.unit_codes[done], weights=weighted_max[done], minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        unit_rate = np.where(possible > 0, earned / possible, 0.0)
    rate = unit_rate[frame.unit_codes]
    points = np.where(pending, round_points(max_points * rate), points)
    return {
        "points": points,
        "points_lost": round_points(max_points - points),
        "weighted_points": weigh(points, max_points, weighted_max),
        "unit_rate": np.where(pending, rate, np.nan),
    }


def _unit_frame(graded: pd.DataFrame, sums: np.ndarray, scheme: Scheme) -> pd.DataFrame:
    """The units ranked (by rank, then name), with one column per dimension (weighted points, to 0.01) after the
    unit's identity columns. `graded` and `sums` are in the units' order."""
    head = ["rank", "rank_in_kind", "unit_id", "unit", "kind", "community"]
    tail = [c for c in UNIT_COLUMNS if c not in head]
    columns: dict[str, Any] = {c: graded[c] for c in head}
    columns.update({d: np.round(sums[:, i], 2) for i, d in enumerate(scheme.dimensions)})
    columns.update({c: graded[c] for c in tail})
    ranked = np.lexsort((graded["unit"].to_numpy(object), graded["rank"].to_numpy()))
    return pd.DataFrame(columns, copy=False).take(ranked).reset_index(drop=True)


# -- totals, grades and ranks --------------------------------------------------------------------------------------


def grade_units(units: _Units, sums: np.ndarray, pools: Pools, scheme: Scheme) -> pd.DataFrame:
    """Every unit's total, grade and ranks (UNIT_COLUMNS but the dimensions), in the units' order.

    The rules, all here: total = weighted indicator points + min(bonus, bonus cap) − min(deductions, deduction
    cap) (a pool declared uncapped has no min), never below 0, kept to 0.01. A unit reaches the highest band whose
    minimum its total meets; a veto forces the lowest band. At most floor(quota share × units scored) units keep the
    quota grade, chosen by total, then the scheme's tie-break dimensions (higher first), then name (pinyin order
    when the scheme says `pinyin`, else Unicode order); the others drop one band. Ranks: vetoed units after the
    rest, then by total; equal totals share a rank (1, 1, 3); the same within each kind.
    """
    n = len(units)
    indicator_points = sums.sum(axis=1)
    bonus = pools.bonus if scheme.bonus_cap is None else np.minimum(pools.bonus, scheme.bonus_cap)
    deduction = pools.deduction if scheme.deduction_cap is None else np.minimum(pools.deduction, scheme.deduction_cap)
    vetoed, veto_reason = pools.vetoed, pools.veto_reason
    total = round_points(np.maximum(indicator_points + bonus - deduction, 0.0))

    bands = sorted(scheme.grades, key=lambda band: -band.min_total)
    lowest = bands[-1].grade
    base = np.full(n, lowest, dtype=object)
    for band in reversed(bands):  # from the lowest up: the highest band reached wins
        base = np.where(total >= band.min_total, band.grade, base)
    base = np.where(vetoed, lowest, base)
    grade = base.copy()
    quota_position = np.full(n, np.nan)
    if scheme.quota is not None:
        places = math.floor(scheme.quota.share * n + 1e-9)
        candidates = np.flatnonzero(base == scheme.quota.grade)
        keys: list[np.ndarray] = [-total[candidates]]
        for item in scheme.tie_break:
            if item.startswith("dimension:"):
                keys.append(-sums[candidates, scheme.dimensions.index(item.split(":", 1)[1])])
        keys.append(units.strings["name_key"][candidates].astype(str))
        keys.append(units.strings["unit"][candidates].astype(str))
        order = candidates[np.lexsort(tuple(reversed(keys)))]
        quota_position[order] = np.arange(1, len(order) + 1)
        following = {b.grade: bands[i + 1].grade for i, b in enumerate(bands[:-1])}
        grade[order[places:]] = following[scheme.quota.grade]

    frame = pd.DataFrame(
        {
            "unit_id": units.ids,
            "unit": units.strings["unit"],
            "kind": units.kinds,
            "community": units.strings["community"],
            "indicator_total": round_points(indicator_points),
            "bonus": bonus,
            "deduction": deduction,
            "total": total,
            "grade": grade,
            "grade_before_quota": base,
            "quota_position": quota_position,
            "vetoed": vetoed,
            "veto_reason": pd.Series(veto_reason, dtype=object),
        }
    )
    standing = np.where(vetoed, 1e9, 0.0) - total  # vetoed last, then the highest total first
    frame.insert(0, "rank", _rank_min(standing, np.zeros(n, dtype=np.int64)))
    frame.insert(1, "rank_in_kind", _rank_min(standing, pd.factorize(units.kinds)[0]))
    return frame


def grade_lines(lines: pd.DataFrame, adjustments: pd.DataFrame, scheme: Scheme) -> pd.DataFrame:
    """The units of a result (ScoreResult.units) made from its indicator lines and adjustments by `grade_units`.

    For results built outside `compute` (tests, benchmarks, what-if copies): lines need unit_id, unit, kind,
    community, dimension and weighted_points; adjustments adjustment_lines.sql's columns.
    """
    first = lines.drop_duplicates("unit_id")
    names = first["unit"].astype(str)
    ids = first["unit_id"].to_numpy(object)
    units = _Units(
        frame=first,
        ids=ids,
        index=pd.Index(ids),
        kinds=first["kind"].to_numpy(object),
        quantities={},
        active_share=np.ones(len(ids)),
        active_from=np.zeros(len(ids), dtype="datetime64[D]"),
        active_to=np.zeros(len(ids), dtype="datetime64[D]"),
        strings={
            "unit": names.to_numpy(object),
            "name_key": name_keys(names, "pinyin" in scheme.tie_break).to_numpy(object),
            "kind": first["kind"].to_numpy(object),
            "community": first["community"].to_numpy(object),
        },
    )
    dims = len(scheme.dimensions)
    rows = units.index.get_indexer(pd.Index(lines["unit_id"].to_numpy(object)))
    cols = pd.Index(scheme.dimensions).get_indexer(pd.Index(lines["dimension"].to_numpy(object)))
    cells = rows * dims + cols
    weights = lines["weighted_points"].to_numpy(float)
    sums = np.bincount(cells, weights=weights, minlength=len(ids) * dims).reshape(len(ids), dims)
    graded = grade_units(units, sums, Pools.of(adjustments, units.index), scheme)
    return _unit_frame(graded, sums, scheme)


def _rank_min(values: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Rank of each value within its group, lowest first, equal values sharing the better rank (1, 1, 3)."""
    order = np.lexsort((values, groups))
    v, g = values[order], groups[order]
    new_group = np.r_[True, g[1:] != g[:-1]]
    new_value = new_group | np.r_[True, v[1:] != v[:-1]]
    position = np.arange(len(values))
    group_start = np.maximum.accumulate(np.where(new_group, position, 0))
    tie_start = np.maximum.accumulate(np.where(new_value, position, 0))
    ranks = np.empty(len(values), dtype=np.int64)
    ranks[order] = tie_start - group_start + 1
    return ranks


# -- explanations -------------------------------------------------------------------------------------------------


def explain_line(line: Mapping[str, Any], scheme: Scheme, lang: str) -> str:
    """Why one line scored what it did, in words: its rule with its own figures, then the points and weighting."""
    ind = scheme.indicator(str(line["indicator_id"]))
    status = str(line.get("status") or "scored")
    if status == "scored":
        text = ind.family.explain(line, ind.values, lang)
    elif status == "pending":
        rate = line.get("unit_rate")
        if rate is not None and not pd.isna(rate):
            text = label("explain.pending_estimated", lang).format(rate=f"{100 * float(rate):.1f}%")
        else:
            text = label("explain.pending", lang)
    elif status == "no_data":
        text = label(f"explain.no_data.{ind.no_data}", lang)
    else:
        text = label(f"explain.{status}", lang)
    multiplier = line.get("multiplier")
    if multiplier is not None and not pd.isna(multiplier) and float(multiplier) != 1.0:
        text += label("explain.part", lang).format(part=line["part"], multiplier=num(multiplier))
    text += label("explain.points", lang).format(points=f"{float(line['points']):.2f}")
    factor = float(line["factor"])
    weighted = f"{float(line['weighted_points']):.2f}"
    max_points, weighted_max = float(line["max_points"]), float(line["weighted_max"])
    if abs(weighted_max - float(round_points(max_points * factor))) > 1e-9:
        # A cent settled within the dimension (weighted_maxima): say what the full points count as.
        text += label("explain.weighted_settled", lang).format(
            max=num(max_points), weighted_max=f"{weighted_max:.2f}", weighted=weighted
        )
    elif factor != 1:
        text += label("explain.weighted", lang).format(factor=f"{factor:.4g}", weighted=weighted)
    return text


def adjustment_explanations(adjustments: pd.DataFrame, lang: str) -> list[str]:
    """Why each adjustment item counts as it does, in `lang` (adjustment_lines.sql's explain_kind and figures).

    Items frozen by a publication made before explain_kind existed keep the words they were published with.
    """
    words = []
    for item in adjustments.to_dict("records"):
        kind = item.get("explain_kind")
        if not isinstance(kind, str):
            words.append(str(item.get("explanation") or ""))
            continue
        values = {
            "category": item["category"],
            "level": item["level"],
            **{
                name: "" if pd.isna(item[column]) else num(item[column])
                for name, column in (("points", "item_points"), ("cap", "category_cap"), ("counted", "counted_points"))
            },
        }
        words.append(label(f"adjustment.explain.{kind}", lang).format(**values))
    return words


def explained(lines: pd.DataFrame, scheme: Scheme, lang: str) -> pd.Series:
    """The explanation of every line (for the lines a page or an export shows: explaining is done on demand)."""
    records = lines.to_dict("records")
    return pd.Series(
        [explain_line({str(k): v for k, v in r.items()}, scheme, lang) for r in records],
        index=lines.index,
        dtype=object,
    )


# -- lineage -------------------------------------------------------------------------------------------------------

LINEAGE_COLUMNS = ("source_file", "source_row", "row_date", "detail", "category", "numerator", "denominator")


def lineage(
    store: Store, result: ScoreResult, unit_id: str, indicator_id: str, lang: str | None = None
) -> pd.DataFrame:
    """The rows behind one unit's actual value on one indicator of a result (up to its cut-off).

    For a measured indicator: the ledger rows (source_file, source_row, row_date, detail, category, and the
    numerator/denominator each row contributes) or, for missed meetings, the missing months or quarters.
    For a qualitative indicator: each assessor's score with `kept` False for the dropped highest/lowest.
    For 'bonus', 'deduction' or 'veto' as indicator_id: the adjustment items of that type.
    """
    period, scheme = result.period, result.scheme
    counted = period if result.as_of is None else period.through(result.as_of)
    if indicator_id in ("bonus", "deduction", "veto"):
        adjustment_params = {"period": period.code, "unit_id": unit_id, "type": indicator_id}
        return store.query("scoring/lineage_adjustments", adjustment_params)
    try:
        ind = scheme.indicator(indicator_id)
    except KeyError:
        raise SchemeError(
            scheme.version_name, [message("scoring.error.no_indicator", indicator=indicator_id)]
        ) from None
    if ind.measure is None:
        return _qualitative_lineage(store, scheme, ind, period.code, unit_id)
    sql, params = rows_sql(Use(MEASURES[ind.measure], ind.args))
    cur = store.cursor()
    try:
        bound = {**params, **counted.params(), "unit_id": unit_id, "period_end": period.end}
        used = {name for name in bound if f"${name}" in sql}
        rows = cur.execute(sql, {k: v for k, v in bound.items() if k in used}).df()
    finally:
        cur.close()
    missed = rows["category"] == "missed"  # a window without the meeting (measures/missing_windows.sql)
    if missed.any():
        language = lang or current_language()
        meeting = dict(ind.args).get("meeting_type", "")
        rows.loc[missed, "detail"] = [
            label("lineage.missed", language).format(window=w, meeting_type=meeting) for w in rows.loc[missed, "detail"]
        ]
        rows.loc[missed, "category"] = label("lineage.missed_category", language)
    return rows


def _qualitative_lineage(store: Store, scheme: Scheme, ind: Indicator, period: str, unit_id: str) -> pd.DataFrame:
    levels = method_relations(scheme)["method_indicator_levels"]
    rows = store.query(
        "scoring/lineage_qualitative",
        {"period": period, "unit_id": unit_id, "indicator_id": ind.id},
        relations={"method_indicator_levels": levels},
    )
    trim = ind.trim_from is not None and len(rows) >= ind.trim_from
    kept = [True] * len(rows)
    if trim:
        # The same highest and lowest scoring drops: which of two equal scores is named does not change the mean.
        points = rows["points"].tolist()
        highest = max(range(len(points)), key=lambda i: points[i])
        kept[highest] = False
        lowest = min((i for i in range(len(points)) if i != highest), key=lambda i: points[i])
        kept[lowest] = False
    rows["kept"] = kept
    return rows
