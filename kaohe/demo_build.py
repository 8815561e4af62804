"""The demo database at run time: which files the demo is, whether a database still needs them, and importing them.

The app's first start, `kaohe demo` and the tests build the demo database from the shipped exports in data/demo/
with the real importer (`build_demo`). The files themselves are written by the generator (kaohe.demo, planted with
the credibility checks' cases by kaohe.demo_planted, the assessors' input by kaohe.demo_assessments; all run by
`python -m kaohe.demo_generate`), which nothing at run time imports.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kaohe import PROJECT_ROOT
from kaohe.labels import label

if TYPE_CHECKING:
    from kaohe.ingest import ImportResult
    from kaohe.store import Store

DEMO_DIR = PROJECT_ROOT / "data" / "demo"
DEMO_PERIOD = "2025"
ASSESSMENTS_DIR: Path = DEMO_DIR / "assessments"
# The years the assessors have finished (kaohe.demo_assessments writes their input); 2026, the year in
# progress, has none: assessors score at year-end.
ASSESSED_PERIODS = ("2024", "2025")


def assessment_files(period: str) -> tuple[str, str]:
    """One period's assessor files under `assessments/`, in load order: qualitative scores, then adjustments."""
    return (f"qualitative_scores_{period}.csv", f"adjustments_{period}.csv")


DEMO_ASSESSMENT_FILES = tuple(name for period in ASSESSED_PERIODS for name in assessment_files(period))


# -- file names, in import order (the units roster first: every ledger row names a unit) ----------------

UNITS_FILE = "01_党组织名册.xlsx"  # cjk: a shipped file\'s name
SERVICES_2024_FILE = "02_2024年便民服务台账（汇总）.csv"  # cjk: a shipped file\'s name
SERVICES_2025_COMMUNITY_FILE = "03_2025年社区便民服务台账.xlsx"  # cjk: a shipped file\'s name
SERVICES_2025_OFFICE_FILE = "04_2025年机关企业便民服务台账.csv"  # cjk: a shipped file\'s name
SERVICES_2025_LATE_FILE = "05_2025年便民服务补报.csv"  # cjk: a shipped file\'s name
SERVICES_2026_FILE = "06_2026年1-10月便民服务台账.xlsx"  # cjk: a shipped file\'s name
MEETINGS_2024_FILE = "07_2024年组织生活台账.xlsx"  # cjk: a shipped file\'s name
MEETINGS_2025_FILE = "08_2025年组织生活台账.xlsx"  # cjk: a shipped file\'s name
DECISIONS_2025_FILE = "09_2025年一征三议两公开议事台账.xlsx"  # cjk: a shipped file\'s name
MEETINGS_2026_FILE = "10_2026年1-10月组织生活台账.xlsx"  # cjk: a shipped file\'s name
CASES_2024_FILE = "11_2024年代办与实事台账.xlsx"  # cjk: a shipped file\'s name
ERRANDS_2025_FILE = "12_2025年网格代办台账.csv"  # cjk: a shipped file\'s name
DEEDS_2025_FILE = "13_2025年为民办实事台账.xlsx"  # cjk: a shipped file\'s name
CASES_2026_FILE = "14_2026年1-10月代办与实事台账.csv"  # cjk: a shipped file\'s name
DISPUTES_FILE = "15_矛盾纠纷排查化解台账（2024-2026）.csv"  # cjk: a shipped file\'s name
LEADERS_FILE = "16_班子成员联系点名册.xlsx"  # cjk: a shipped file\'s name

FILE_ORDER = (
    UNITS_FILE,
    SERVICES_2024_FILE,
    SERVICES_2025_COMMUNITY_FILE,
    SERVICES_2025_OFFICE_FILE,
    SERVICES_2025_LATE_FILE,
    SERVICES_2026_FILE,
    MEETINGS_2024_FILE,
    MEETINGS_2025_FILE,
    DECISIONS_2025_FILE,
    MEETINGS_2026_FILE,
    CASES_2024_FILE,
    ERRANDS_2025_FILE,
    DEEDS_2025_FILE,
    CASES_2026_FILE,
    DISPUTES_FILE,
    # Last, although the roster is all it needs: it came after the other files, and numbering stays stable.
    LEADERS_FILE,
)


def demo_files(demo_dir: Path = DEMO_DIR) -> list[Path]:
    """The demo exports in import order, the units roster first; raises if one is missing."""
    paths = [demo_dir / name for name in FILE_ORDER]
    missing = [p.name for p in paths if not p.is_file()]
    if missing:
        raise FileNotFoundError(
            label("demo.incomplete").format(folder=demo_dir, files=label("list.separator").join(missing))
        )
    return paths


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def needs_demo_build(store: Store, demo_dir: Path = DEMO_DIR) -> bool:
    """Whether to (re)run build_demo: the database has no units, or a demo build stopped part-way.

    Every step of build_demo is idempotent (a file already imported is skipped by its SHA-256), so an
    interrupted first start, say a browser closed mid-build, resumes where it stopped instead of leaving a
    half-built database that looks finished. A database whose ledgers did not come from the demo is left alone.
    """
    if not store.scalar("overview/unit_count"):
        return True
    imported = set(store.query("demo/imported_sha256")["sha256"])
    ledgers = {_sha256(path) for path in demo_files(demo_dir)}
    if not imported & ledgers:
        return False
    assessments_loaded = all(
        store.scalar("scoring/assessment_file_loaded", {"sha256": _sha256(demo_dir / "assessments" / name)})
        for name in DEMO_ASSESSMENT_FILES
    )
    return not (ledgers <= imported and assessments_loaded)


def build_demo(
    store: Store,
    demo_dir: Path = DEMO_DIR,
    progress: Callable[[int, int, str], None] | None = None,
) -> list[ImportResult]:
    """Import the demo exports into `store` with the real importer; `progress(i, n, name)` before each file."""
    from kaohe.access import Role, Viewer
    from kaohe.assessments import load_assessments
    from kaohe.ingest import import_path
    from kaohe.scheme import SCHEMES_DIR, load_scheme
    from kaohe.workflow import adopt_scheme

    files = demo_files(demo_dir)
    results = []
    for index, path in enumerate(files):
        if progress is not None:
            progress(index, len(files), path.name)
        results.append(import_path(store, path, user="demo"))
    # Each year's sample scheme is taken into the database and put in force, as an office does with the method
    # it adopts; the assessors' demo input (qualitative scores, bonus/deduction/veto items) is checked against it.
    demo_viewer = Viewer(user="demo", role=Role.LOCAL)
    for path in sorted(SCHEMES_DIR.glob("*.toml")):
        adopt_scheme(store, demo_viewer, load_scheme(path))
    for period in ASSESSED_PERIODS:
        scheme = load_scheme(SCHEMES_DIR / f"{period}.toml")
        for name in assessment_files(period):
            load_assessments(store, demo_dir / "assessments" / name, who="demo", scheme=scheme)
    return results
