"""Benchmark: grade stability (kaohe.stability) for the demo's 36 units and for 3,600 units.

Builds the demo database (or uses --db), scores 2025 under the scheme in force (not timed), and times
`grade_stability` — every unit's kept share over the draws of kaohe/checks.toml (2,000), its margins and the
indicators that decide it — on the demo's result, then on a result of 3,600 units: the demo's 36 units copied 100
times with each copy's points moved at random within [0, max] (seeded), graded by kaohe.scoring.grade_lines
itself as scoring grades (so the quota is decided among all 3,600). Prints the median of several runs of each, and
how many units are borderline. Targets: the demo well under 1 s; 3,600 units in a few seconds.

    .venv/bin/python benchmarks/stability.py [--db PATH] [--copies 100] [--runs 5]
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from kaohe import results, stability, thresholds
from kaohe.demo_build import build_demo
from kaohe.periods import parse_period
from kaohe.scoring import ScoreResult, grade_lines
from kaohe.store import Store


def scaled(result: ScoreResult, copies: int, seed: int = 11) -> ScoreResult:
    """The result's units copied `copies` times, each copy's points moved at random, graded by scoring.grade_lines."""
    rng = np.random.default_rng(seed)
    frames = []
    for k in range(copies):
        lines = result.lines.copy()
        jitter = rng.uniform(-0.15, 0.15, len(lines)) * lines["max_points"].to_numpy(float)
        points = np.clip(lines["points"].to_numpy(float) + jitter, 0, lines["max_points"].to_numpy(float)).round(2)
        lines["points"] = points
        lines["weighted_points"] = (points * lines["factor"].to_numpy(float)).round(2)
        lines["unit_id"] = lines["unit_id"] + f"-{k:03d}"
        lines["unit"] = lines["unit"] + f"（{k:03d}）"
        frames.append(lines)
    lines = pd.concat(frames, ignore_index=True)
    adjustments = pd.concat(
        [result.adjustments.assign(unit_id=result.adjustments["unit_id"] + f"-{k:03d}") for k in range(copies)],
        ignore_index=True,
    )
    units = grade_lines(lines, adjustments, result.scheme)
    return dataclasses.replace(result, units=units, lines=lines, adjustments=adjustments)


def timed(result: ScoreResult, settings: thresholds.StabilitySettings, runs: int) -> tuple[float, pd.DataFrame]:
    """The median seconds of `runs` measurements of grade_stability on `result`, and its frame."""
    seconds = []
    frame = pd.DataFrame()
    for _ in range(runs):
        start = time.perf_counter()
        frame = stability.grade_stability(result, settings)
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), frame


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=None, help="a demo database (default: built in a temp folder)")
    parser.add_argument("--copies", type=int, default=100, help="copies of the demo's units (100: 3,600 units)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    settings = thresholds.load().stability
    with tempfile.TemporaryDirectory() as work:
        db = args.db or Path(work) / "demo.duckdb"
        with Store(db) as store:
            if args.db is None:
                build_demo(store)
            demo = results.scored(store, parse_period("2025"))
    big = scaled(demo, args.copies)
    grading = stability.Grading.of(big.scheme)
    codes = stability.grade_codes(
        grading,
        big.units["total"].to_numpy(float)[:, None],
        big.units["vetoed"].to_numpy(bool),
        stability.tie_points(big, grading)[:, :, None],
        stability.name_order(big),
    )
    assert [grading.grades[c] for c in codes[:, 0]] == big.units["grade"].tolist(), "graded unlike the SQL"
    band, draws = f"±{settings.band:.0%}", f"{settings.draws:,}"
    print(f"grade stability: {band} of each indicator's max, {draws} draws, seed {settings.seed}")
    for name, result in (("demo", demo), (f"{len(big.units):,} units", big)):
        seconds, frame = timed(result, settings, args.runs)
        borderline = int((frame["status"] == "borderline").sum())
        print(
            f"  {name:>12}: {len(result.units):>5,} units  median {seconds:6.3f} s over {args.runs} runs  "
            f"({borderline:,} borderline)"
        )


if __name__ == "__main__":
    main()
