"""Benchmark: every page of the app (every row of kaohe.navigation.PAGES) run with AppTest on 1,000,000 service rows.

Not a test: run `python benchmarks/pages.py [--rows N] [--db PATH] [--period P]`. The database is the demo
(all ledgers, so every page has something to show) plus N synthetic services (benchmarks/pages_services.sql).
Each page's script run (app.py around the page, as a live server runs it) is timed

  cold: no cached query results (st.cache_data cleared: the first visit after a restart or an import),
  warm: the same page run again (a widget change that does not change the queries).

Targets: under 1 s warm and under 3 s cold for each page. Prints one line per page.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from kaohe.store import Store

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
APP = ROOT / "app.py"
COLD_TARGET, WARM_TARGET = 3.0, 1.0


def build(path: Path, rows: int) -> None:
    """The demo database plus `rows` synthetic services."""
    from kaohe.demo_build import build_demo

    started = time.perf_counter()
    with Store(path) as store:
        build_demo(store)
        with store.transaction() as cur:
            cur.execute("select setseed(0.42)")
            cur.execute((HERE / "pages_services.sql").read_text(encoding="utf-8"), {"rows": rows})
        total = store.cursor().execute("select count(*) from services").fetchone()
    print(f"built {path} with {total[0] if total else 0:,} service rows in {time.perf_counter() - started:.1f} s")


def _navigation_only() -> None:
    # As in tests/fixtures_app.py (v2_navigation): AppTest would otherwise run a page file on its own
    # (legacy pages/ mode) instead of app.py around it, which a live server does after its first run.
    import streamlit.testing.v1.app_test as app_test
    from streamlit.runtime.pages_manager import PagesManager

    class NavigationOnly(PagesManager):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            PagesManager.uses_pages_directory = False

    app_test.PagesManager = NavigationOnly  # type: ignore[misc]


def _timed(run: Any) -> float:
    started = time.perf_counter()
    at = run()
    elapsed = time.perf_counter() - started
    if at.exception:
        raise SystemExit(f"page failed: {at.exception}")
    return elapsed


def measure(db: Path, period: str, repeats: int) -> list[tuple[str, float, float]]:
    """(page path, median cold seconds, median warm seconds) for every page in kaohe.navigation.PAGES."""
    os.environ["KAOHE_DB"] = str(db)
    _navigation_only()
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from kaohe import navigation

    at = AppTest.from_file(str(APP), default_timeout=300)
    at.query_params["period"] = period
    first = _timed(at.run)
    print(f"first run (opens the database, overview page, nothing cached): {first:.2f} s")
    results = []
    for spec in navigation.PAGES:
        colds, warms = [], []
        for _ in range(repeats):
            st.cache_data.clear()
            colds.append(_timed(lambda spec=spec: at.switch_page(spec.path).run()))
            warms.append(_timed(at.run))
        results.append((spec.path, statistics.median(colds), statistics.median(warms)))
    return results


def _console_first_query(db: Path) -> float:
    """Seconds for the SQL console's first query: building the read-only snapshot, then the query."""
    from kaohe.sandbox import Console

    with Store(db) as store:
        console = Console(store)
        started = time.perf_counter()
        console.run("select count(*) from services")
        elapsed = time.perf_counter() - started
        console.close()
    print(f"SQL console, first query after a write (builds the snapshot): {elapsed:.2f} s")
    return elapsed


def main() -> None:
    """Build (or reuse) the database, time every page, print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=None, help="reuse this database if it exists, else build it there")
    parser.add_argument("--period", default="2025")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    db = args.db or Path(f"/tmp/kaohe_bench_pages_{args.rows}.duckdb")
    if not db.exists():
        build(db, args.rows)
    sys.path.insert(0, str(ROOT))
    _console_first_query(db)
    results = measure(db, args.period, args.repeats)
    print(f"{'page':<28} {'cold s':>8} {'warm s':>8}  verdict (cold < {COLD_TARGET:g} s, warm < {WARM_TARGET:g} s)")
    for path, cold, warm in results:
        verdict = "ok" if cold < COLD_TARGET and warm < WARM_TARGET else "SLOW"
        print(f"{path:<28} {cold:>8.2f} {warm:>8.2f}  {verdict}")


if __name__ == "__main__":
    main()
