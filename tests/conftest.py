"""Fixtures shared by the test suite: a fresh store per test and a small units roster imported into it."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from kaohe import PROJECT_ROOT
from kaohe.store import Store

# The demo's ledgers run to 31 October 2026: the whole suite, app servers included, runs as on 30 November 2026,
# so 2026 is the year under way and 2024 and 2025 are closed whatever day the suite runs on.
os.environ.setdefault("KAOHE_TODAY", "2026-11-30")

# A roster of four units: two communities, a village and an office section, with aliases.
ROSTER_ROWS: list[list[str]] = [
    ["编号", "党组织名称", "类型", "所属社区", "党员数", "别名"],
    ["U01", "陇海东路第一社区党支部", "社区", "陇海东路第一社区", "45", "陇一社区、陇海一社区"],
    ["U02", "新郑路社区党支部", "社区", "新郑路社区", "38", ""],
    ["U03", "陇海村党支部", "村", "陇海村", "52", "陇海村"],
    ["U04", "街道党政办党支部", "机关", "", "12", "党政办；党政综合办"],
]


def csv_bytes(rows: Sequence[Sequence[object]], encoding: str = "utf-8") -> bytes:
    """Rows written as a CSV file in `encoding`, as Excel or an office system would export them."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh store (schema applied) in the test's own directory."""
    with Store(tmp_path / "kaohe.duckdb") as fresh:
        yield fresh


@pytest.fixture
def units_roster(store: Store) -> Store:
    """The store with the four-unit roster of ROSTER_ROWS imported."""
    from kaohe.ingest import import_file

    result = import_file(store, csv_bytes(ROSTER_ROWS), "名册.csv")
    assert (result.loaded, result.rejected) == (4, 0)
    return store


def pytest_configure(config: pytest.Config) -> None:
    """Browser assertions wait as long as browser actions: a cold page on a loaded 2-core CI machine takes seconds.

    Apps started by tests (AppTest and browser servers) make no scheduled backups: a backup at start-up would add
    an audit row and a file to every test database. tests/test_backup.py drives the schedule itself.
    """
    import os

    from playwright.sync_api import expect

    expect.set_options(timeout=20_000)
    os.environ["KAOHE_BACKUP_HOURS"] = "0"


# -- browser tests: one Chromium per module, a fresh context per test ----------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
WAIT_MS = 20_000


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (no downloaded browser: this machine has no network)."""
    if not CHROMIUM.exists():
        pytest.fail("install Debian chromium: apt-get install -y chromium fonts-noto-cjk")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A page in a fresh browser context (no cookies or storage from other tests), Chinese locale."""
    context = browser.new_context(viewport={"width": 1440, "height": 1400}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    yield page
    context.close()


# -- app tests: accounts and signing in through the form ------------------------------------------------------


def choose(page: Any, box: Any, name: str | None = None, attempts: int = 3) -> str:
    """Pick an option of a Streamlit selectbox as a person does: open the list, click the option (by `name`, else the
    first); the option's text. A rerun that redraws the box closes an open list, so under load the list is opened
    again rather than waited on."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in range(attempts):
        box.click()
        option = page.get_by_role("option", name=name, exact=True) if name else page.get_by_role("option").first
        try:
            text = str(option.inner_text(timeout=WAIT_MS // 4)).strip()
            option.click(timeout=WAIT_MS // 4)
            return text
        except PlaywrightTimeout:
            if attempt == attempts - 1:
                raise
            page.keyboard.press("Escape")
    raise AssertionError("unreachable")


def sign_in_app(user: str, password: str, timeout: float = 60) -> Any:
    """A new tab of the app (AppTest through app.py) in which `user` has signed in with the form."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=timeout)
    at.run()
    at.text_input(key="login_name").input(user)
    at.text_input(key="login_password").input(password)
    at.button[0].click().run()
    assert not at.exception, at.exception
    return at


def add_accounts(path: Path, password: str, accounts: list[tuple[str, str]]) -> None:
    """Accounts (name, role) on the database at `path`, with cheap argon2 parameters, and the app's caches reset."""
    from argon2 import PasswordHasher

    from kaohe import ui
    from kaohe.access import LOCAL_VIEWER
    from kaohe.auth import Accounts

    with Store(path) as store:
        made = Accounts(store, hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
        for name, role in accounts:
            made.add_user(LOCAL_VIEWER, name, password, role)
    ui._store_for.clear()
    ui._accounts_for.clear()
