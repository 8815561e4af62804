"""Benchmark: the ledger credibility checks (kaohe.checks) on the demo and on the demo scaled ten times.

Builds the demo database (or copies --db), times `checks.find` for 2025 — every check of queries/checks/ over the
period's rows, and counts exactly on target from the scored lines — then adds nine copies of every unit and of its
2025 services, meetings and cases (each copy's dates moved by a few days, so copies are not copies of each other),
and times it again on ten times the rows. Prints the median of several runs and the flags found.

    .venv/bin/python benchmarks/checks.py [--db PATH] [--scale 10] [--runs 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from kaohe import checks, thresholds
from kaohe.demo_build import build_demo
from kaohe.periods import parse_period
from kaohe.store import Store

PERIOD = parse_period("2025")
HERE = Path(__file__).parent


def timed(store: Store, runs: int) -> tuple[float, int, int]:
    """Median seconds of `runs` runs of checks.find over 2025, with the rows and flags found."""
    seconds = []
    found = None
    for _ in range(runs):
        start = time.perf_counter()
        found = checks.find(store, PERIOD, thresholds.load(), today=date(2026, 11, 30))
        seconds.append(time.perf_counter() - start)
    assert found is not None
    cur = store.cursor()
    try:
        rows = int(cur.execute((HERE / "checks_rows.sql").read_text(encoding="utf-8"), PERIOD.params()).fetchone()[0])
    finally:
        cur.close()
    return statistics.median(seconds), rows, len(found.flags)


def report(name: str, store: Store, runs: int) -> None:
    """Print one line of figures."""
    seconds, rows, flags = timed(store, runs)
    print(f"  {name:>8}: {rows:>7,} ledger rows  median {seconds:6.3f} s over {runs} runs  ({flags} flags)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=None, help="a demo database to copy (default: built anew)")
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        db = Path(work) / "demo.duckdb"
        if args.db is not None:
            shutil.copyfile(args.db, db)
        with Store(db) as store:
            if args.db is None:
                build_demo(store)
            print(f"ledger credibility checks, 2025 ({len(checks.CHECKS)} checks)")
            report("demo", store, args.runs)
            text = (HERE / "checks_copy.sql").read_text(encoding="utf-8")
            code = "\n".join(line for line in text.splitlines() if not line.startswith("--"))
            statements = [sql for sql in code.split(";\n") if sql.strip()]
            with store.transaction() as cur:
                for copy in range(1, args.scale):
                    for sql in statements:
                        params = {"copy": copy, **PERIOD.params()}
                        cur.execute(sql, {k: v for k, v in params.items() if f"${k}" in sql})
            report(f"{args.scale}x", store, args.runs)


if __name__ == "__main__":
    main()
