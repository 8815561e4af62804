"""Score a period under a scheme: every unit's points per indicator, totals, grades, rankings and lineage.

The arithmetic lives in SQL (queries/scoring/): measures are computed by their own files, registered on one
cursor as the relation `measure_values`, and the scoring files turn them into indicator lines, adjustment
lines and unit results. This module only orchestrates, pivots the dimensions into columns and hashes the
result, so that one scheme edit or one SQL edit changes a rule everywhere it is shown.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pandas as pd
import pyarrow as pa

from kaohe.periods import Period, expected_share, parse_period
from kaohe.queries import load_query
from kaohe.scheme import MEASURES, Indicator, Scheme, SchemeError, check_unit_kinds, method_relations
from kaohe.store import Store

_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_COMMENT = re.compile(r"--[^\n]*")

_MEASURE_SCHEMA = pa.schema(
    [
        ("indicator_id", pa.string()),
        ("unit_id", pa.string()),
        ("kind", pa.string()),
        ("category", pa.string()),
        ("value", pa.float64()),
        ("numerator", pa.float64()),
        ("denominator", pa.float64()),
    ]
)

# Columns of ScoreResult.units after the dimension columns are inserted (see `_unit_frame`).
UNIT_COLUMNS = (
    "rank", "rank_in_kind", "unit_id", "unit", "kind", "community",
    # one column per dimension of the scheme goes here, in the scheme's order
    "indicator_total", "bonus", "deduction", "total", "grade", "grade_before_quota", "quota_position",
    "vetoed", "veto_reason",
)  # fmt: skip

LINE_COLUMNS = (
    "unit_id", "unit", "kind", "community", "dimension", "position", "indicator_id", "indicator", "component",
    "rule", "measure", "max_points", "target", "actual", "numerator", "denominator", "points", "points_lost",
    "factor", "weighted_points", "weighted_max", "target_full", "pending", "explanation",
)  # fmt: skip


class ScoringError(ValueError):
    """Scoring cannot run: a bad period, a scheme that does not fit the units, or no units at all."""


@dataclass(frozen=True)
class ScoreResult:
    """One period scored under one scheme version.

    units: one row per unit, ranked: rank, rank_in_kind, unit_id, unit, kind, community, one column per
        dimension (weighted points), indicator_total, bonus, deduction, total, grade, grade_before_quota,
        quota_position, vetoed, veto_reason.
    lines: one row per (unit, indicator): the rule, target, actual, points, points_lost, weighted points and
        an explanation in Chinese.
        target is what is owed by the cut-off, target_full what the whole period owes; pending marks a
        qualitative indicator nobody has scored yet (待评).
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
    def pending(self) -> int:
        """How many qualitative lines nobody has scored yet (待评)."""
        return int(self.lines["pending"].sum()) if "pending" in self.lines else 0

    @property
    def provisional(self) -> bool:
        """Whether the figures may still change by design: scored before the period ended, or with 待评 parts."""
        return self.as_of is not None or self.pending > 0

    @property
    def dimensions(self) -> tuple[str, ...]:
        """The dimension columns of `units`, in order."""
        return self.scheme.dimensions

    def unit_lines(self, unit_id: str) -> pd.DataFrame:
        """The indicator lines of one unit, in the scheme's order."""
        return self.lines[self.lines["unit_id"] == unit_id].reset_index(drop=True)


def bound_params(sql: str, available: dict[str, Any]) -> dict[str, Any]:
    """The parameters a query text actually uses, taken from `available` (DuckDB rejects extra ones)."""
    names = set(_PARAM.findall(_COMMENT.sub("", sql)))
    missing = names - set(available)
    if missing:
        raise KeyError(f"query needs parameters {sorted(missing)}")
    return {name: available[name] for name in names}


def _as_period(period: Period | str) -> Period:
    return period if isinstance(period, Period) else parse_period(period)


def _measure_values(cur: Any, scheme: Scheme, counted: Period, period_end: date) -> pa.Table:
    """Run every measure the scheme uses once per distinct argument set over `counted`, labelled by indicator."""
    tables = []
    cache: dict[tuple[str, str], pa.Table] = {}
    for ind in scheme.indicators:
        if ind.measure is None:
            continue
        params = {**ind.measure_params(), **counted.params(), "period_end": period_end}
        key = (ind.measure, json.dumps(params, sort_keys=True, default=str))
        if key not in cache:
            sql = load_query(f"measures/{ind.measure}")
            cache[key] = cur.sql(sql, params=bound_params(sql, params)).to_arrow_table()
        table = cache[key]
        n = table.num_rows
        tables.append(
            pa.table(
                {
                    "indicator_id": pa.array([ind.id] * n, pa.string()),
                    "unit_id": table.column("unit_id").cast(pa.string()),
                    "kind": pa.array([MEASURES[ind.measure].kind] * n, pa.string()),
                    "category": table.column("category").cast(pa.string()),
                    "value": table.column("value").cast(pa.float64()),
                    "numerator": table.column("numerator").cast(pa.float64()),
                    "denominator": table.column("denominator").cast(pa.float64()),
                },
                schema=_MEASURE_SCHEMA,
            )
        )
    if not tables:
        return _MEASURE_SCHEMA.empty_table()
    return pa.concat_tables(tables)


def _fetch(cur: Any, name: str, params: dict[str, Any]) -> pa.Table:
    sql = load_query(name)
    table: pa.Table = cur.sql(sql, params=bound_params(sql, params)).to_arrow_table()
    return table


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
    return store.memo(key, lambda: _score(store, period, scheme, as_of))


def _score(store: Store, period: Period, scheme: Scheme, as_of: date | None) -> ScoreResult:
    counted = period if as_of is None else period.through(as_of)
    kinds = store.query("scoring/scored_unit_kinds", period.params())["kind"].tolist()
    if not kinds:
        raise ScoringError(f"考核期 {period.code} 没有在册的党组织：请先导入党组织名册")
    check_unit_kinds(scheme, kinds)
    scheme_period = parse_period(scheme.period)
    params: dict[str, Any] = {
        **period.params(),
        "period": period.code,
        "scheme_start": scheme_period.start,
        "scheme_end": scheme_period.end,
        "estimate_pending": as_of is not None,
    }
    relations = method_relations(scheme)
    relations["method_indicators"] = relations["method_indicators"].assign(
        due_share=[1.0 if as_of is None else expected_share(ind.pace, period, as_of) for ind in scheme.indicators]
    )
    cur = store.cursor()
    try:
        for name, frame in relations.items():
            cur.register(name, frame)
        cur.register("measure_values", _measure_values(cur, scheme, counted, period.end))
        lines = _fetch(cur, "scoring/indicator_lines", params)
        adjustments = _fetch(cur, "scoring/adjustment_lines", params)
        cur.register("indicator_lines", lines)
        cur.register("adjustment_lines", adjustments)
        units = _fetch(cur, "scoring/unit_results", params)
        cur.register("unit_results", units)
        digest_params = {
            "scheme_hash": scheme.content_hash,
            "period": period.code if as_of is None else f"{period.code}@{as_of.isoformat()}",
        }
        digest = _fetch(cur, "scoring/result_digest", digest_params)
    finally:
        cur.close()
    lines_df = lines.to_pandas()
    units_df = _unit_frame(units.to_pandas(), lines_df, scheme)
    adjustments_df = adjustments.to_pandas()
    return ScoreResult(
        period=period,
        scheme=scheme,
        units=units_df,
        lines=lines_df[list(LINE_COLUMNS)],
        adjustments=adjustments_df,
        result_hash=str(digest.column("result_hash")[0].as_py()),
        as_of=as_of,
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


# -- lineage -------------------------------------------------------------------------------------------

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
    params: dict[str, Any] = {**counted.params(), "period_end": period.end, "unit_id": unit_id, "period": period.code}
    if indicator_id in ("bonus", "deduction", "veto"):
        adjustment_params = {"period": period.code, "unit_id": unit_id, "type": indicator_id}
        return store.query("scoring/lineage_adjustments", adjustment_params)
    try:
        ind = scheme.indicator(indicator_id)
    except KeyError:
        raise SchemeError(scheme.source or scheme.label, [f"指标 {indicator_id}：评分办法中没有这个指标"]) from None
    if ind.measure is None:
        return _qualitative_lineage(store, scheme, ind, params)
    name = f"measures/rows/{ind.measure}"
    sql = load_query(name)
    return store.query(name, bound_params(sql, {**ind.measure_params(), **params}))


def _qualitative_lineage(store: Store, scheme: Scheme, ind: Indicator, params: dict[str, Any]) -> pd.DataFrame:
    levels = method_relations(scheme)["method_indicator_levels"]
    rows = store.query(
        "scoring/lineage_qualitative",
        {"period": params["period"], "unit_id": params["unit_id"], "indicator_id": ind.id},
        relations={"method_indicator_levels": levels},
    )
    trim = ind.trim_from is not None and len(rows) >= ind.trim_from
    kept = [True] * len(rows)
    if trim:
        # The same highest and lowest the SQL drops: which of two equal scores is named does not change the mean.
        points = rows["points"].tolist()
        highest = max(range(len(points)), key=lambda i: points[i])
        kept[highest] = False
        lowest = min((i for i in range(len(points)) if i != highest), key=lambda i: points[i])
        kept[lowest] = False
    rows["kept"] = kept
    return rows
