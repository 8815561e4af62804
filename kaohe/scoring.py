"""Score a period under a scheme: every unit's points per indicator, totals, grades, rankings and lineage.

One pass per ledger: every measure the scheme uses on a ledger is summed in one grouped scan of it (kaohe.measures
builds the scan from the measures' declarations). The rule arithmetic is each family's, on arrays, one indicator
and every unit at once (kaohe.rules); what all families share — not required, not yet due, no data, pending, the
multiplier of a shared task, rounding and weighting — is done here, once. Totals, grades with the quota, veto and
ranks are set-based SQL over the lines (queries/scoring/unit_results.sql), the bonus and deduction items too
(adjustment_lines.sql). Scoring only reads: the scheme is scored in memory, never stored, and a result is
memoised per data generation, shared by every caller.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd
from pypinyin import Style, lazy_pinyin

from kaohe.labels import label
from kaohe.measures import MEASURES, Use, months_between, rows_sql, scan_sql
from kaohe.periods import Period, expected_share, parse_period
from kaohe.queries import load_query
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


class ScoringError(ValueError):
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
    """The scoring itself, uncached (`score_period` is what callers want; benchmarks time this)."""
    counted = period if as_of is None else period.through(as_of)
    scheme_period = parse_period(scheme.period)
    units = store.query(
        "scoring/scored_units",
        {**period.params(), "scheme_start": scheme_period.start, "scheme_end": scheme_period.end},
    )
    if units.empty:
        raise ScoringError(f"考核期 {period.code} 没有在册的党组织：请先导入党组织名册")
    check_unit_kinds(scheme, units["kind"].unique().tolist())
    units["name_key"] = name_keys(units["unit"], "pinyin" in scheme.tie_break)
    measured = _measure_values(store, scheme, counted, period.end, units)
    inputs = _assessor_inputs(store, scheme, period)
    frames = [
        _indicator_lines(ind, position, scheme, units, measured, inputs, period, as_of)
        for position, ind in enumerate(scheme.indicators, start=1)
    ]
    lines = pd.concat(frames, ignore_index=True)
    if as_of is not None:
        lines = _estimate_pending(lines)
    relations = method_relations(scheme)
    params = {**period.params(), "period": period.code}
    cur = store.cursor()
    try:
        for name in (
            "method_schemes",
            "method_grade_bands",
            "method_adjustment_categories",
            "method_adjustment_levels",
        ):
            cur.register(name, relations[name])
        adjustments = cur.execute(load_query("scoring/adjustment_lines"), params).df()
        cur.register("indicator_lines", lines)
        cur.register("adjustment_lines", adjustments)
        unit_results = cur.execute(load_query("scoring/unit_results")).df()
        cur.register("unit_results", unit_results)
        cut = period.code if as_of is None else f"{period.code}@{as_of.isoformat()}"
        digest = cur.execute(load_query("scoring/result_digest"), {"scheme_hash": scheme.content_hash, "period": cut})
        result_hash = str(digest.fetchone()[0])  # type: ignore[index]
    finally:
        cur.close()
    return ScoreResult(
        period=period,
        scheme=scheme,
        units=_unit_frame(unit_results, lines, scheme),
        lines=lines[list(LINE_COLUMNS)],
        adjustments=adjustments,
        result_hash=result_hash,
        as_of=as_of,
    )


# -- measures: one grouped scan per ledger ------------------------------------------------------------------------


def _measure_values(
    store: Store, scheme: Scheme, counted: Period, period_end: date, units: pd.DataFrame
) -> dict[Use, pd.DataFrame]:
    """Every (measure, arguments) the scheme uses: per unit (index), value, numerator, denominator, and for
    categories one `category:<name>` column each."""
    uses: dict[str, list[Use]] = {}
    for ind in scheme.indicators:
        if ind.measure is not None:
            use = Use(MEASURES[ind.measure], ind.args)
            ledger_uses = uses.setdefault(use.measure.ledger, [])
            if use not in ledger_uses:
                ledger_uses.append(use)
    found: dict[Use, pd.DataFrame] = {}
    for ledger, ledger_uses in uses.items():
        sql, params, columns = scan_sql(ledger, ledger_uses)
        cur = store.cursor()
        try:
            scanned = cur.execute(sql, {**counted.params(), **params}).df().set_index("unit_id")
        finally:
            cur.close()
        for use, cols in zip(ledger_uses, columns, strict=True):
            found[use] = _use_values(use, scanned[cols], counted, period_end, units)
    return found


def _use_values(
    use: Use, scanned: pd.DataFrame, counted: Period, period_end: date, units: pd.DataFrame
) -> pd.DataFrame:
    kind = use.measure.kind
    if kind == "items":
        return _missing_windows(use, scanned.iloc[:, 0], counted, period_end, units)
    if kind == "categories":
        out = scanned.copy()
        out.columns = [f"category:{name}" for name, _ in use.measure.categories]
        out["value"] = out.sum(axis=1)
        out["numerator"], out["denominator"] = out["value"], np.nan
        return out
    numerator = scanned.iloc[:, 0]
    if kind == "rate":
        denominator = scanned.iloc[:, 1]
        value = numerator / denominator.where(denominator > 0)
        return pd.DataFrame({"value": value, "numerator": numerator, "denominator": denominator})
    return pd.DataFrame({"value": numerator, "numerator": numerator, "denominator": np.nan})


def _missing_windows(
    use: Use, months: pd.Series, counted: Period, period_end: date, units: pd.DataFrame
) -> pd.DataFrame:
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
    active_from = units["active_from"].to_numpy("datetime64[D]")
    active_to = units["active_to"].to_numpy("datetime64[D]")
    owed = (
        (np.isnat(active_from)[:, None] | (active_from[:, None] <= window_start[None, :]))
        & (np.isnat(active_to)[:, None] | (active_to[:, None] >= window_end[None, :]))
        & (window_end[None, :] <= np.datetime64(counted.end))
    )
    held_bits = months.reindex(units["unit_id"]).fillna(0).to_numpy(np.uint64)
    held = (held_bits[:, None] & masks[None, :]) != 0
    missed = (owed & ~held).sum(axis=1).astype(float)
    return pd.DataFrame(
        {"value": missed, "numerator": missed, "denominator": owed.sum(axis=1).astype(float)},
        index=units["unit_id"].to_numpy(),
    )


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


# -- assessors' input: qualitative scores, self-assessment, parts in shared tasks -----------------------------


@dataclass(frozen=True)
class _Inputs:
    qualitative: pd.DataFrame  # unit_id, indicator_id, assessor, score (points, clamped)
    self_scores: pd.DataFrame  # unit_id, indicator_id, score
    parts: pd.DataFrame  # unit_id, indicator_id, part


def _assessor_inputs(store: Store, scheme: Scheme, period: Period) -> _Inputs:
    relations = method_relations(scheme)
    wanted = {
        "method_indicators": relations["method_indicators"],
        "method_indicator_levels": relations["method_indicator_levels"],
    }
    qualitative = store.query("scoring/qualitative_scores", {"period": period.code}, relations=wanted)
    has_self = any(ind.values.get("self_weight") for ind in scheme.indicators)
    has_parts = any(ind.parts for ind in scheme.indicators)
    self_scores = store.query("scoring/self_scores", {"period": period.code}) if has_self else _EMPTY_SELF
    parts = store.query("scoring/task_parts", {"period": period.code}) if has_parts else _EMPTY_PARTS
    return _Inputs(qualitative, self_scores, parts)


_EMPTY_SELF = pd.DataFrame({"unit_id": [], "indicator_id": [], "score": []})
_EMPTY_PARTS = pd.DataFrame({"unit_id": [], "indicator_id": [], "part": []})


def _qualitative(ind: Indicator, units: pd.DataFrame, inputs: _Inputs) -> pd.DataFrame:
    """Per unit: assessors, panel mean (去掉最高分和最低分 from trim_from on), self score, and the actual."""
    values = ind.values
    scores = inputs.qualitative[inputs.qualitative["indicator_id"] == ind.id]
    clamped = scores["score"].clip(lower=0, upper=ind.max_points)
    grouped = clamped.groupby(scores["unit_id"])
    stats = pd.DataFrame({"n": grouped.count(), "sum": grouped.sum(), "max": grouped.max(), "min": grouped.min()})
    trim = stats["n"] >= int(values["trim_from"])
    trimmed_mean = (stats["sum"] - stats["max"] - stats["min"]) / (stats["n"] - 2).where(trim)
    stats["panel"] = trimmed_mean.where(trim, stats["sum"] / stats["n"])
    stats["trimmed"] = trim
    frame = stats.reindex(units["unit_id"])
    weight = float(values.get("self_weight") or 0.0)
    own = inputs.self_scores[inputs.self_scores["indicator_id"] == ind.id].set_index("unit_id")["score"]
    own = own.clip(lower=0, upper=ind.max_points).reindex(units["unit_id"])
    actual = frame["panel"] if not weight else weight * own.fillna(0.0) + (1 - weight) * frame["panel"]
    return pd.DataFrame(
        {
            "actual": actual.to_numpy(float),
            "assessors": frame["n"].fillna(0).to_numpy(int),
            "trimmed": frame["trimmed"].fillna(False).to_numpy(bool),
            "self_score": own.to_numpy(float) if weight else np.nan,
            "panel_score": frame["panel"].to_numpy(float),
        }
    )


# -- one indicator, every unit ------------------------------------------------------------------------------------


def name_keys(names: pd.Series, pinyin: bool) -> pd.Series:
    """The order ties are broken in by name: pinyin (拼音顺序, as a Chinese office lists units) or Unicode order."""
    if not pinyin:
        return names.astype(str)
    return names.map(lambda name: " ".join(lazy_pinyin(str(name), style=Style.TONE3)) + "\x00" + str(name))


def _round2(values: Any) -> np.ndarray:
    """To 0.01, halves up, as on a paper score sheet: 2.675 → 2.68 (rounded to 1e-6 first, so 267.49999… is .5)."""
    array = np.asarray(values, dtype=float)
    return np.floor(np.round(array * 100, 6) + 0.5) / 100


def _targets(ind: Indicator, scheme: Scheme, units: pd.DataFrame, measure_kind: str | None) -> np.ndarray:
    """The whole period's target of each unit (NaN: none, or a basis the roster lacks)."""
    if not ind.targets:
        return np.full(len(units), np.nan)
    out = np.full(len(units), np.nan)
    kinds = units["kind"].to_numpy()
    for i, kind in enumerate(kinds):
        target = ind.target_for(str(kind))
        if target is None:
            continue
        column = TARGET_BASES[target.basis]
        if column is None:
            out[i] = target.value
        else:
            quantity = units[column].iloc[i]
            if quantity is not None and not pd.isna(quantity):
                out[i] = target.value * float(quantity) / BASIS_DIVISORS[target.basis]
    if ind.prorate and measure_kind == "count":
        out = out * units["active_share"].to_numpy(float)
    return out


def _indicator_lines(
    ind: Indicator,
    position: int,
    scheme: Scheme,
    units: pd.DataFrame,
    measured: Mapping[Use, pd.DataFrame],
    inputs: _Inputs,
    period: Period,
    as_of: date | None,
) -> pd.DataFrame:
    family = RULES[ind.rule]
    values = ind.values
    measure_kind = MEASURES[ind.measure].kind if ind.measure else None
    lines = pd.DataFrame(
        {
            "unit_id": units["unit_id"].to_numpy(),
            "unit": units["unit"].to_numpy(),
            "name_key": units["name_key"].to_numpy(),
            "kind": units["kind"].to_numpy(),
            "community": units["community"].to_numpy(),
            "dimension": ind.dimension,
            "position": position,
            "indicator_id": ind.id,
            "indicator": ind.name,
            "component": ind.component,
            "rule": ind.rule,
            "measure": ind.measure,
            "measure_kind": measure_kind,
            "max_points": ind.max_points,
            "factor": scheme.component_factor(ind.component),
        }
    )
    for column in ("assessors", "trimmed", "self_score", "panel_score", "rank_position", "rank_of", "incidents"):
        lines[column] = np.nan if column not in ("trimmed",) else False
    lines["assessors"] = 0
    lines["incidents"] = None
    if ind.measure is not None:
        found = measured[Use(MEASURES[ind.measure], ind.args)].reindex(lines["unit_id"])
        value = found["value"].to_numpy(float)
        lines["actual"] = value if measure_kind == "rate" else np.nan_to_num(value, nan=0.0)
        lines["numerator"] = found["numerator"].to_numpy(float)
        lines["denominator"] = found["denominator"].to_numpy(float)
        for column in found.columns:
            if column.startswith("category:"):
                lines[column] = found[column].fillna(0).to_numpy(float)
    else:
        qualitative = _qualitative(ind, units, inputs)
        for column in qualitative.columns:
            lines[column] = qualitative[column].to_numpy()
        lines["numerator"] = np.nan
        lines["denominator"] = np.nan
    full = _targets(ind, scheme, units, measure_kind)
    due = 1.0 if as_of is None or measure_kind != "count" else expected_share(ind.pace, period, as_of)
    lines["target_full"] = full
    lines["target"] = full * due

    status = np.full(len(lines), "scored", dtype=object)
    actual = lines["actual"].to_numpy(float)
    if ind.targets:
        with np.errstate(invalid="ignore"):
            status = np.where(np.isnan(full) & (family.target == "required"), "no_basis", status)
            status = np.where(full <= 0, "not_required", status)
            status = np.where((full > 0) & (lines["target"].to_numpy(float) <= 0), "not_due", status)
    if measure_kind == "rate":
        status = np.where((status == "scored") & np.isnan(actual), "no_data", status)
    if ind.measure is None:
        status = np.where((status == "scored") & (lines["assessors"].to_numpy() == 0), "pending", status)
    lines["status"] = status
    lines["pending"] = status == "pending"

    scored = status == "scored"
    if isinstance(family, RankPoints):
        rank, size = RankPoints.positions(lines, values)
        lines["rank_position"], lines["rank_of"] = rank, size
    raw = np.zeros(len(lines))
    if scored.any():
        raw[scored] = family.points(lines[scored], values)
    max_points = float(ind.max_points)
    raw = np.where(np.isin(status, ["not_required", "not_due"]), max_points, raw)
    raw = np.where(status == "no_data", max_points if ind.no_data == "full" else 0.0, raw)

    parts = dict(ind.parts)
    if parts:
        entered = inputs.parts[inputs.parts["indicator_id"] == ind.id].set_index("unit_id")["part"]
        part = entered.reindex(lines["unit_id"]).fillna(ind.default_part or "").to_numpy(object)
        multiplier = np.array([parts.get(str(p), 1.0) for p in part])
        raw = raw * multiplier
        lines["part"], lines["multiplier"] = part, multiplier
    else:
        lines["part"], lines["multiplier"] = None, 1.0
    if measure_kind == "categories":
        lines["incidents"] = _incidents_text(lines, ind)

    points = _round2(np.clip(raw, 0, max_points))
    factor = lines["factor"].to_numpy(float)
    lines["points"] = points
    lines["points_lost"] = _round2(max_points - points)
    lines["weighted_points"] = _round2(points * factor)
    lines["weighted_max"] = _round2(max_points * factor)
    lines["unit_rate"] = np.nan
    return lines


def _incidents_text(lines: pd.DataFrame, ind: Indicator) -> np.ndarray:
    """Per line, its incidents as 'category=count' pairs (for the explanation), None when there are none."""
    columns = [c for c in lines.columns if c.startswith("category:")]
    counts = lines[columns].to_numpy(float) if columns else np.zeros((len(lines), 0))
    names = [c.removeprefix("category:") for c in columns]
    out = np.full(len(lines), None, dtype=object)
    for i in np.flatnonzero(counts.sum(axis=1) > 0):
        out[i] = json.dumps({n: int(v) for n, v in zip(names, counts[i], strict=True) if v > 0}, ensure_ascii=False)
    return out


def _estimate_pending(lines: pd.DataFrame) -> pd.DataFrame:
    """A period under way: each 待评 part is estimated at the unit's rate on the indicators already scored."""
    pending = lines["pending"].to_numpy(bool)
    if not pending.any():
        return lines
    done = lines[~pending]
    earned = (done["points"] * done["factor"]).groupby(done["unit_id"]).sum()
    possible = (done["max_points"] * done["factor"]).groupby(done["unit_id"]).sum()
    rate = (earned / possible.where(possible > 0)).reindex(lines["unit_id"]).fillna(0.0).to_numpy(float)
    points = np.where(pending, _round2(lines["max_points"].to_numpy(float) * rate), lines["points"].to_numpy(float))
    factor = lines["factor"].to_numpy(float)
    return lines.assign(
        points=points,
        points_lost=_round2(lines["max_points"].to_numpy(float) - points),
        weighted_points=_round2(points * factor),
        unit_rate=np.where(pending, rate, np.nan),
    )


def _unit_frame(units: pd.DataFrame, lines: pd.DataFrame, scheme: Scheme) -> pd.DataFrame:
    """Insert one column per dimension (weighted points, to 0.01) after the unit's identity columns."""
    dims = (
        lines.pivot_table(index="unit_id", columns="dimension", values="weighted_points", aggfunc="sum")
        .reindex(columns=list(scheme.dimensions))
        .fillna(0.0)
        .round(2)
    )
    dims.columns.name = None
    merged = units.merge(dims, left_on="unit_id", right_index=True, how="left")
    head = ["rank", "rank_in_kind", "unit_id", "unit", "kind", "community"]
    tail = [c for c in UNIT_COLUMNS if c not in head]
    return merged[head + list(scheme.dimensions) + tail].reset_index(drop=True)


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
    if factor != 1:
        text += label("explain.weighted", lang).format(
            factor=f"{factor:.4g}", weighted=f"{float(line['weighted_points']):.2f}"
        )
    return text


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


def lineage(store: Store, result: ScoreResult, unit_id: str, indicator_id: str) -> pd.DataFrame:
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
        raise SchemeError(scheme.source or scheme.label, [f"指标 {indicator_id}：评分办法中没有这个指标"]) from None
    if ind.measure is None:
        return _qualitative_lineage(store, scheme, ind, period.code, unit_id)
    sql, params = rows_sql(Use(MEASURES[ind.measure], ind.args))
    cur = store.cursor()
    try:
        bound = {**params, **counted.params(), "unit_id": unit_id, "period_end": period.end}
        used = {name for name in bound if f"${name}" in sql}
        return cur.execute(sql, {k: v for k, v in bound.items() if k in used}).df()
    finally:
        cur.close()


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
