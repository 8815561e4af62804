"""Grade stability (等次稳定性): would a unit's grade survive a small change in the method?

For each unit of a scored result: how far its total is from the nearest grade boundary and from the quota cut-off,
and how often its grade changes when every indicator's points move a little — each by an even draw within ±band of
its max points (kaohe/checks.toml: ±10%), clipped to [0, max] as any real change of target or rule would be (full
marks can only be lost, zero only gained), weighted by its component, thousands of times from a fixed seed. Bonus,
deductions and veto stay as entered. A unit whose grade holds in at least `stable_share` of the draws is 稳定
(stable), else 临界 (borderline), with the indicators whose movement within the band can carry it across.

The perturbed results are graded exactly as kaohe.scoring.grade_units grades the real one — total to 0.01,
the highest band reached, a veto forcing the lowest band, at most floor(share × units) keeping the quota grade chosen
by total, then the scheme's tie-break dimensions, then name (pinyin when the scheme says so), the rest one band
down — but on units × draws arrays (`grade_codes`), one indicator at a time and never a loop per draw: the demo's 36
units take milliseconds, 3,600 units a few seconds (benchmarks/stability.py). tests/test_stability.py checks that
`grade_codes` gives grade_units' grades on random results. Nothing here changes a score.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kaohe.scheme import Scheme
from kaohe.scoring import ScoreResult, name_keys, round_points
from kaohe.thresholds import StabilitySettings

# Columns of `grade_stability`: one row per unit, in the result's order.
#   status: 'stable' (稳定) or 'borderline' (临界); kept_share: share of draws keeping the grade (1.0 when vetoed).
#   boundary, boundary_grade: the nearest band minimum above 0 and the grade it starts; boundary_margin: total −
#   boundary (negative below it). quota_margin: for a unit the quota decides (its total reached the quota grade, and
#   more units did than places): how far it is above the first unit left out (kept) or below the last unit kept
#   (left out, negative); NaN otherwise. deciding: the indicators whose movement within the band can carry the grade
#   across its nearer threshold, as (indicator_id, signed points it can move), largest first (empty when stable).
STABILITY_COLUMNS = (
    "unit_id", "total", "grade", "vetoed", "status", "kept_share", "boundary", "boundary_grade", "boundary_margin",
    "quota_margin", "deciding",
)  # fmt: skip

# Cells per block of draws: 3,600 units × 500 draws of float64 keep each temporary array near 15 MB.
_BLOCK_CELLS = 2_000_000
_MOST_DECIDING = 3


@dataclass(frozen=True)
class Grading:
    """A scheme's grade rules as arrays, best band first (as kaohe.scoring.grade_units reads them).

    mins: each band's minimum total, descending; quota_band: the position of the quota grade (None: no quota);
    quota_share: its share of the units scored; tie_dimensions: the tie-break dimensions, in order.
    """

    grades: tuple[str, ...]
    mins: np.ndarray
    quota_band: int | None
    quota_share: float
    tie_dimensions: tuple[str, ...]

    @classmethod
    def of(cls, scheme: Scheme) -> Grading:
        """The grading of a scheme."""
        grades = tuple(band.grade for band in scheme.grades)
        quota = scheme.quota
        return cls(
            grades=grades,
            mins=np.array([band.min_total for band in scheme.grades], dtype=float),
            quota_band=grades.index(quota.grade) if quota is not None else None,
            quota_share=quota.share if quota is not None else 1.0,
            tie_dimensions=tuple(t.split(":", 1)[1] for t in scheme.tie_break if t.startswith("dimension:")),
        )

    def places(self, units: int) -> int:
        """How many units may keep the quota grade (floor, as the engine does)."""
        return int(np.floor(self.quota_share * units + 1e-9))


def round_total(values: np.ndarray) -> np.ndarray:
    """Totals as kaohe.scoring makes them: at least 0, then to 0.01 half up (the engine's own rounding)."""
    return round_points(np.maximum(values, 0.0))


def grade_codes(
    grading: Grading, totals: np.ndarray, vetoed: np.ndarray, ties: np.ndarray, name_rank: np.ndarray
) -> np.ndarray:
    """The grade of every unit in every draw, as band positions (0 = best), graded as kaohe.scoring.grade_units grades.

    totals: units × draws, already rounded (`round_total`); vetoed: per unit; ties: tie-break dimensions × units ×
    draws (the dimensions' weighted points); name_rank: per unit, its place in the name order (name_key, then name).
    """
    lowest = len(grading.grades) - 1
    # The highest band whose minimum the total reaches: bands are best first with descending minimums.
    reached = (totals[None, :, :] >= grading.mins[:, None, None]).argmax(axis=0)
    codes = np.where(vetoed[:, None], lowest, reached)
    if grading.quota_band is None:
        return codes
    units = totals.shape[0]
    places = grading.places(units)
    candidates = codes == grading.quota_band
    if places >= units or not candidates.any():
        return codes
    # Only units that reach the quota grade in some draw can be left out of it: order those alone (within each
    # draw: candidates first, by total (higher first), the tie-break dimensions (higher first), then name).
    rows = np.flatnonzero(candidates.any(axis=1))
    among = candidates[rows]
    keys = [np.broadcast_to(name_rank[rows, None], among.shape)]
    keys += [-ties[k][rows] for k in range(ties.shape[0] - 1, -1, -1)]
    keys += [-totals[rows], (~among).astype(np.int8)]
    order = np.lexsort(keys, axis=0)
    position = np.empty_like(order)
    np.put_along_axis(position, order, np.broadcast_to(np.arange(len(rows))[:, None], order.shape), axis=0)
    left_out = np.zeros_like(candidates)
    left_out[rows] = among & (position >= places)
    return np.where(left_out, np.minimum(codes + 1, lowest), codes)


@dataclass(frozen=True)
class _Arrays:
    """The scored result as arrays: units × indicators, in the result's unit order."""

    points: np.ndarray
    max_points: np.ndarray
    factor: np.ndarray
    fixed: np.ndarray  # lines that do not move (not required of the unit: full points by exemption)
    indicators: tuple[str, ...]
    dimensions: tuple[str, ...]  # each indicator's dimension


def _arrays(result: ScoreResult) -> _Arrays:
    order = {unit_id: i for i, unit_id in enumerate(result.units["unit_id"])}
    ids = tuple(ind.id for ind in result.scheme.indicators)
    column = {indicator_id: j for j, indicator_id in enumerate(ids)}
    lines = result.lines
    rows = lines["unit_id"].map(order).to_numpy(int)
    cols = lines["indicator_id"].map(column).to_numpy(int)
    shape = (len(order), len(ids))
    points, max_points, factor = np.zeros(shape), np.zeros(shape), np.zeros(shape)
    fixed = np.ones(shape, dtype=bool)
    points[rows, cols] = lines["points"].to_numpy(float)
    max_points[rows, cols] = lines["max_points"].to_numpy(float)
    factor[rows, cols] = lines["factor"].to_numpy(float)
    fixed[rows, cols] = (lines["status"] == "not_required").to_numpy(bool)
    dimensions = tuple(ind.dimension for ind in result.scheme.indicators)
    return _Arrays(points, max_points, factor, fixed, ids, dimensions)


def tie_points(result: ScoreResult, grading: Grading) -> np.ndarray:
    """Each tie-break dimension's weighted points per unit (dimensions × units), summed from the lines as the SQL
    sums them."""
    out = np.zeros((len(grading.tie_dimensions), len(result.units)))
    for k, dimension in enumerate(grading.tie_dimensions):
        lines = result.lines[result.lines["dimension"] == dimension]
        sums = lines.groupby("unit_id")["weighted_points"].sum()
        out[k] = sums.reindex(result.units["unit_id"]).fillna(0.0).to_numpy(float)
    return out


def name_order(result: ScoreResult) -> np.ndarray:
    """Each unit's place in the order ties are finally settled in (name_key, then name), as the SQL sorts."""
    names = result.units["unit"].astype(str)
    keys = name_keys(names, "pinyin" in result.scheme.tie_break)
    ranked = sorted(range(len(names)), key=lambda i: (str(keys.iloc[i]), str(names.iloc[i])))
    rank = np.empty(len(names), dtype=np.int64)
    rank[ranked] = np.arange(len(names))
    return rank


def kept_shares(result: ScoreResult, settings: StabilitySettings) -> np.ndarray:
    """Per unit, the share of perturbed draws in which its grade is the one scored."""
    grading = Grading.of(result.scheme)
    arrays = _arrays(result)
    units = result.units
    n_units = len(units)
    base = (
        units["indicator_total"].to_numpy(float) + units["bonus"].to_numpy(float) - units["deduction"].to_numpy(float)
    )
    vetoed = units["vetoed"].to_numpy(bool)
    scored = np.array([grading.grades.index(str(g)) for g in units["grade"]])
    ties = tie_points(result, grading)
    tie_of = [np.array([d == dimension for d in arrays.dimensions], dtype=bool) for dimension in grading.tie_dimensions]
    rank = name_order(result)
    rng = np.random.default_rng(settings.seed)
    # A line moves by an even draw in ±swing, kept within [0, max] points: the move itself is clipped to
    # [-points, max - points]; a line that does not move has both bounds 0. Draws are float32 (they are noise),
    # totals float64.
    swing = (settings.band * arrays.max_points).astype(np.float32)
    lowest_move = np.where(arrays.fixed, 0.0, -arrays.points).astype(np.float32)
    highest_move = np.where(arrays.fixed, 0.0, arrays.max_points - arrays.points).astype(np.float32)
    factor = arrays.factor.astype(np.float32)
    kept = np.zeros(n_units)
    block = max(1, min(settings.draws, _BLOCK_CELLS // max(n_units, 1)))
    done = 0
    while done < settings.draws:
        size = min(block, settings.draws - done)
        totals = np.repeat(base[:, None], size, axis=1)
        tie_draws = np.repeat(ties[:, :, None], size, axis=2)
        for j in range(len(arrays.indicators)):
            noise = rng.random((n_units, size), dtype=np.float32)
            noise = (noise * 2 - 1) * swing[:, j, None]
            moved = np.clip(noise, lowest_move[:, j, None], highest_move[:, j, None], out=noise)
            weighted = moved * factor[:, j, None]
            totals += weighted
            for k, members in enumerate(tie_of):
                if members[j]:
                    tie_draws[k] += weighted
        codes = grade_codes(grading, round_total(totals), vetoed, tie_draws, rank)
        kept += (codes == scored[:, None]).sum(axis=1)
        done += size
    return kept / settings.draws


def _quota_cut(result: ScoreResult, grading: Grading) -> tuple[float, float] | None:
    """(total of the last unit kept, total of the first left out) when the quota binds, else None."""
    if grading.quota_band is None:
        return None
    units = result.units
    candidates = units[units["grade_before_quota"] == grading.grades[grading.quota_band]]
    places = grading.places(len(units))
    if len(candidates) <= places or places == 0:
        return None
    ordered = candidates.sort_values("quota_position")
    return float(ordered["total"].iloc[places - 1]), float(ordered["total"].iloc[places])


def _margins(total: float, code: int, grading: Grading, cut: tuple[float, float] | None) -> tuple[float, float]:
    """How far the total may fall (down) or must rise (up) before the unit's grade changes, at the scored figures."""
    lowest = len(grading.grades) - 1
    quota = grading.quota_band
    down = np.inf
    if code < lowest:
        floor = float(grading.mins[code])
        if cut is not None and code == quota:
            floor = max(floor, cut[1])
        down = total - floor
    up = np.inf
    if code > 0:
        ceiling = float(grading.mins[code - 1])
        if cut is not None and code - 1 == quota:
            ceiling = max(ceiling, cut[0])
        up = ceiling - total
    return float(down), float(up)


def _deciding(arrays: _Arrays, i: int, band: float, down: float, up: float) -> tuple[tuple[str, float], ...]:
    """The indicators, largest first, whose movement within the band can carry the total across the nearer
    threshold (at most three), with the points each can move in that direction."""
    swing = band * arrays.max_points[i] * ~arrays.fixed[i]
    can_lose = np.minimum(swing, arrays.points[i]) * arrays.factor[i]
    can_gain = np.minimum(swing, arrays.max_points[i] - arrays.points[i]) * arrays.factor[i]
    options = sorted(((down, -1.0, can_lose), (up, 1.0, can_gain)), key=lambda o: o[0])
    for margin, sign, capacity in options:
        if not np.isfinite(margin) or capacity.sum() < margin:
            continue
        order = np.argsort(-capacity, kind="stable")
        reach = np.cumsum(capacity[order])
        needed = int(np.searchsorted(reach, margin - 1e-9)) + 1
        chosen = order[: min(needed, _MOST_DECIDING)]
        return tuple((arrays.indicators[j], round(sign * float(capacity[j]), 2)) for j in chosen if capacity[j] > 0)
    return ()


def grade_stability(result: ScoreResult, settings: StabilitySettings) -> pd.DataFrame:
    """Every unit's stability under the scheme and figures of `result` (the whole result, every unit: the quota
    is decided among all of them). Columns: STABILITY_COLUMNS."""
    grading = Grading.of(result.scheme)
    units = result.units
    kept = kept_shares(result, settings)
    vetoed = units["vetoed"].to_numpy(bool)
    kept = np.where(vetoed, 1.0, kept)
    totals = units["total"].to_numpy(float)
    boundaries = grading.mins[grading.mins > 0]
    if len(boundaries):
        nearest = np.abs(totals[:, None] - boundaries[None, :]).argmin(axis=1)
        boundary = boundaries[nearest]
        boundary_grade: list[str | None] = [grading.grades[int(np.flatnonzero(grading.mins == b)[0])] for b in boundary]
    else:
        boundary = np.full(len(units), np.nan)
        boundary_grade = [None] * len(units)
    cut = _quota_cut(result, grading)
    quota_margin = np.full(len(units), np.nan)
    if cut is not None:
        places = grading.places(len(units))
        position = units["quota_position"].to_numpy(float)
        candidate = (units["grade_before_quota"] == grading.grades[int(grading.quota_band or 0)]).to_numpy(bool)
        quota_margin = np.where(
            candidate & (position <= places), totals - cut[1], np.where(candidate, totals - cut[0], np.nan)
        )
    arrays = _arrays(result)
    status = np.where(kept >= settings.stable_share, "stable", "borderline")
    deciding: list[tuple[tuple[str, float], ...]] = []
    for i, (total, grade, veto) in enumerate(zip(totals, units["grade"], vetoed, strict=True)):
        if status[i] == "stable" or veto:
            deciding.append(())
            continue
        down, up = _margins(float(total), grading.grades.index(str(grade)), grading, cut)
        deciding.append(_deciding(arrays, i, settings.band, down, up))
    return pd.DataFrame(
        {
            "unit_id": units["unit_id"].to_numpy(),
            "total": totals,
            "grade": units["grade"].to_numpy(),
            "vetoed": vetoed,
            "status": status,
            "kept_share": kept,
            "boundary": boundary,
            "boundary_grade": boundary_grade,
            "boundary_margin": np.round(totals - boundary, 2),
            "quota_margin": np.round(quota_margin, 2),
            "deciding": deciding,
        },
        columns=list(STABILITY_COLUMNS),
    )
