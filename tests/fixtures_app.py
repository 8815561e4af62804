"""Fixtures for the app's page and browser tests: the demo database, built once per session, and AppTest set-up.

Loaded as a pytest plugin by the test files that need it (`pytest_plugins = ["fixtures_app"]`).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from kaohe import PROJECT_ROOT
from kaohe.store import Store

APP = PROJECT_ROOT / "app.py"


@dataclass(frozen=True)
class DemoFacts:
    """Totals read straight from the demo database's tables, to compare with what the pages show."""

    db: Path

    def scalar(self, sql: str, *params: Any) -> Any:
        """One value from the database (a plain read, independent of the app's queries)."""
        with Store(self.db) as store:
            row = store.cursor().execute(sql, list(params)).fetchone()
        if row is None:
            raise LookupError(f"no row from {sql!r}")
        return row[0]

    def year_totals(self, year: int) -> tuple[int, int, int, int]:
        """(services, people served, errands, practical deeds) received in `year`."""
        services = self.scalar("select count(*) from services where year(service_date) = ?", year)
        people = self.scalar("select coalesce(sum(people_served), 0) from services where year(service_date) = ?", year)
        errands = self.scalar("select count(*) from cases where kind = '代办' and year(received_date) = ?", year)
        deeds = self.scalar("select count(*) from cases where kind = '实事' and year(received_date) = ?", year)
        return int(services), int(people), int(errands), int(deeds)


@pytest.fixture(scope="session")
def demo_db_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database built once from `data/demo/` through the real importer; tests copy it, never write to it."""
    from kaohe.demo_build import build_demo

    path = tmp_path_factory.mktemp("demo") / "template.duckdb"
    with Store(path) as store:
        build_demo(store)
    return path


@pytest.fixture(scope="session")
def demo_db(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A read-only copy shared by the tests that only look (the app caches one connection per file)."""
    path = tmp_path_factory.mktemp("shared") / "kaohe.duckdb"
    shutil.copyfile(demo_db_template, path)
    return path


@pytest.fixture
def fresh_demo_db(demo_db_template: Path, tmp_path: Path) -> Path:
    """A private copy of the demo database for a test that imports into it."""
    path = tmp_path / "kaohe.duckdb"
    shutil.copyfile(demo_db_template, path)
    return path


@pytest.fixture
def demo_facts(demo_db: Path) -> DemoFacts:
    """Direct reads of the shared demo database."""
    return DemoFacts(demo_db)


@pytest.fixture
def facts_of() -> type[DemoFacts]:
    """`facts_of(path)`: direct reads of any database file (test modules need not import this plugin)."""
    return DemoFacts


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Callable[[], bytes]]]:
    """The download buttons pages draw, by key, each with the callable that makes its bytes: kaohe.ui's
    download_button swapped for a recorder, so a test checks exactly the bytes a click would hand out."""
    from kaohe import ui

    made: dict[str, Callable[[], bytes]] = {}

    def record(label_text: str, make: Callable[[], bytes], *, key: str, **options: Any) -> None:
        made[key] = make

    monkeypatch.setattr(ui, "download_button", record)
    yield made


@pytest.fixture
def v2_navigation(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run AppTest the way a live server runs after its first script run: `st.navigation` only.

    AppTest forgets before every run that `st.navigation` was called, and with a `pages/` folder beside app.py
    it then runs a page file on its own (Streamlit's legacy pages-folder mode) instead of app.py around it.
    A live server remembers after the first run; the browser tests cover that first run itself.
    """
    import streamlit.testing.v1.app_test as app_test
    from streamlit.runtime.pages_manager import PagesManager

    class NavigationOnly(PagesManager):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            PagesManager.uses_pages_directory = False

    monkeypatch.setattr(app_test, "PagesManager", NavigationOnly)


@pytest.fixture
def app_db(monkeypatch: pytest.MonkeyPatch, v2_navigation: None) -> Iterator[Any]:
    """Point the app at a database: call with a path; KAOHE_DB is restored afterwards."""

    def use(path: Path) -> Path:
        monkeypatch.setenv("KAOHE_DB", str(path))
        return path

    yield use
