"""Browser tests for the service trends and explorer pages: the real app in headless Chromium.

They cover what AppTest cannot: opening each page by its URL and refreshing it, clicking a bar of a plotly
chart (a selection event from the browser) and seeing the page filter, and typing a query into the console.
Screenshots go to tests/artifacts/ for a human look.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from test_browser import ARTIFACTS, _free_port, _wait_healthy

from kaohe import PROJECT_ROOT, ui

pytest_plugins = ["fixtures_app"]
pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Server:
    """A running app and the 2025 figures its database holds, read before the server opened it."""

    url: str
    services_2025: int
    by_category_2025: dict[str, int]
    units: int


@contextmanager
def _running(db: Path, log: Path) -> Iterator[str]:
    """A Streamlit server on a free local port over `db`; yields its URL and stops it afterwards."""
    port = _free_port()
    url = f"http://localhost:{port}"
    env = {**os.environ, "KAOHE_DB": str(db)}
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true"]
    command += ["--server.port", str(port), "--server.fileWatcherType", "none"]
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_healthy(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def server(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    from fixtures_app import DemoFacts

    work = tmp_path_factory.mktemp("browser_explore")
    db = work / "kaohe.duckdb"
    shutil.copyfile(demo_db_template, db)
    facts = DemoFacts(db)
    services = int(facts.scalar("select count(*) from services where year(service_date) = 2025"))
    by_category = dict(
        facts.scalar(
            "select map(list(category), list(n)) from (select category, count(*) as n from services "
            "where year(service_date) = 2025 group by all)"
        )
    )
    units = int(facts.scalar("select count(*) from units"))
    with _running(db, work / "streamlit.log") as url:
        yield Server(url, services, by_category, units)


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(800)  # let plotly finish drawing before the picture
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _expect_title(page: Any, title: str) -> None:
    from playwright.sync_api import expect

    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()


def _first_metric(page: Any) -> Any:
    return page.get_by_test_id("stMetricValue").first


def _chart(page: Any, title_start: str) -> Any:
    return page.locator(".js-plotly-plot").filter(has=page.locator(".gtitle", has_text=title_start))


def test_trends_page_by_url_survives_refresh_and_filters_on_a_bar_click(server: Server, page: Any) -> None:
    from playwright.sync_api import expect

    page.goto(f"{server.url}/trends?period=2025")
    _expect_title(page, "服务趋势")
    expect(_first_metric(page)).to_have_text(ui.fmt_count(server.services_2025, "zh"))
    page.reload()
    _expect_title(page, "服务趋势")
    expect(_first_metric(page)).to_have_text(ui.fmt_count(server.services_2025, "zh"))
    mix = _chart(page, "服务类别构成")
    bars = mix.locator(".bars path")
    expect(bars).to_have_count(len(server.by_category_2025))
    _shot(page, "trends_2025")

    # The mix lists categories largest first; click the top bar as a person would (hover, then click).
    top = max(server.by_category_2025, key=lambda c: (server.by_category_2025[c], c))
    bars.first.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    box = bars.first.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.click(x, y)
    expect(_first_metric(page)).to_have_text(ui.fmt_count(server.by_category_2025[top], "zh"))
    page.wait_for_url("**category=**")
    expect(page.get_by_text(f"当前筛选：服务类别={top}")).to_be_visible()
    _shot(page, "trends_2025_filtered")

    # The filter is in the URL: a refresh (or the link sent to a colleague) shows the same view.
    page.reload()
    expect(_first_metric(page)).to_have_text(ui.fmt_count(server.by_category_2025[top], "zh"))
    page.get_by_role("button", name="清除筛选").click()
    expect(_first_metric(page)).to_have_text(ui.fmt_count(server.services_2025, "zh"))


def test_explorer_by_url_survives_refresh_and_runs_a_console_query(server: Server, page: Any) -> None:
    from playwright.sync_api import expect

    page.goto(f"{server.url}/explorer?period=2025&ledger=cases&rows=kind&measure=satisfaction_rate")
    _expect_title(page, "数据探索")
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible()
    expect(_chart(page, "满意率")).to_have_count(1)
    page.reload()
    _expect_title(page, "数据探索")
    expect(_chart(page, "满意率").locator(".bars path")).to_have_count(2)
    assert "ledger=cases" in page.url
    _shot(page, "explorer_pivot")

    page.get_by_role("tab", name="SQL 查询").click()
    page.get_by_label("SQL 语句（只读，只能执行一条）").fill("select count(*) as 支部数 from units")
    page.get_by_role("button", name="执行查询").click()
    expect(page.get_by_text("共 1 行")).to_be_visible()
    _shot(page, "explorer_console")

    page.get_by_label("SQL 语句（只读，只能执行一条）").fill("delete from units")
    page.get_by_role("button", name="执行查询").click()
    expect(page.get_by_text("查询未执行")).to_be_visible()
    page.get_by_label("SQL 语句（只读，只能执行一条）").fill("select count(*) as 支部数 from units")
    page.get_by_role("button", name="执行查询").click()
    expect(page.get_by_text("共 1 行")).to_be_visible()


# -- a signed-in branch user --------------------------------------------------------------------------

BRANCH_PASSWORD = "browser-branch-pass-1"


@dataclass(frozen=True)
class BranchServer:
    """A running app with accounts, and the 2025 figures of the branch user's own unit and of all units."""

    url: str
    unit_services_2025: int
    all_services_2025: int


@pytest.fixture(scope="module")
def branch_server(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BranchServer]:
    from argon2 import PasswordHasher
    from fixtures_app import DemoFacts

    from kaohe.access import LOCAL_VIEWER, Role
    from kaohe.auth import Accounts
    from kaohe.store import Store

    work = tmp_path_factory.mktemp("browser_branch")
    db = work / "kaohe.duckdb"
    shutil.copyfile(demo_db_template, db)
    with Store(db) as store:
        accounts = Accounts(store, hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
        accounts.add_user(LOCAL_VIEWER, "sq01", BRANCH_PASSWORD, Role.BRANCH, unit_id="SQ01")
    facts = DemoFacts(db)
    unit_services = facts.scalar("select count(*) from services where unit_id = 'SQ01' and year(service_date) = 2025")
    everything = facts.scalar("select count(*) from services where year(service_date) = 2025")
    with _running(db, work / "streamlit.log") as url:
        yield BranchServer(url, int(unit_services), int(everything))


def test_a_branch_user_sees_only_its_units_rows_in_trends_and_explorer(branch_server: BranchServer, page: Any) -> None:
    from playwright.sync_api import expect

    # Signed in from the start page: a stranger's deep link lands on the sign-in form, not on the page asked for.
    page.goto(f"{branch_server.url}/?period=2025")
    page.get_by_label("用户名").fill("sq01")
    page.get_by_label("密码").fill(BRANCH_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_text("当前用户：sq01（支部）")).to_be_visible()

    page.get_by_role("link", name="服务趋势").click()
    _expect_title(page, "服务趋势")
    assert branch_server.unit_services_2025 < branch_server.all_services_2025
    expect(_first_metric(page)).to_have_text(ui.fmt_count(branch_server.unit_services_2025, "zh"))
    expect(page.get_by_text("仅含本支部（SQ01）的记录")).to_be_visible()
    _shot(page, "trends_branch_sq01")

    page.get_by_role("link", name="数据探索").click()
    _expect_title(page, "数据探索")
    expect(page.get_by_text(f"符合条件的记录：{branch_server.unit_services_2025:,} 条")).to_be_visible()
    expect(page.get_by_role("tab", name="数据字典")).to_be_visible()
    expect(page.get_by_role("tab", name="SQL 查询")).to_have_count(0)
    _shot(page, "explorer_branch_sq01")
