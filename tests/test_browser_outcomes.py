"""What the result leads to, in real headless Chromium: a leader's home page and drill-down, the secretary's
by-leader overview, the assessors confirming the honours, a branch reporting on its own rectification item.

One server for the module over the demo with 2025 published and its rectification items issued. Screenshots go to
tests/artifacts/ (outcome_*.png) at 1440×900 and on a phone (390×844) for a human look.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import WAIT_MS, choose
from test_browser import ARTIFACTS
from test_browser_explore import _running

pytest_plugins = ["fixtures_app"]
pytestmark = pytest.mark.browser

PASSWORD = "browser-outcome-pass-1"
WIDE, PHONE = {"width": 1440, "height": 900}, {"width": 390, "height": 844}


@dataclass(frozen=True)
class OutcomeServer:
    """A running app over the demo with 2025 published and its rectification items issued."""

    url: str
    leader_units: tuple[str, ...]  # the names of 王志刚's units
    leaders: tuple[str, ...]  # the 12 leaders in the list's order


@pytest.fixture(scope="module")
def server(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[OutcomeServer]:
    from argon2 import PasswordHasher

    from kaohe import rectification
    from kaohe.access import LOCAL_VIEWER, Role, Viewer
    from kaohe.auth import Accounts
    from kaohe.periods import parse_period
    from kaohe.publish import publish
    from kaohe.store import Store

    work = tmp_path_factory.mktemp("browser_outcomes")
    db = work / "kaohe.duckdb"
    shutil.copyfile(demo_db_template, db)
    # Everything is set up before the server starts: DuckDB lets only one process open the file.
    with Store(db) as store:
        accounts = Accounts(store, hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
        accounts.add_user(LOCAL_VIEWER, "wang", PASSWORD, Role.LEADER, display_name="王志刚", leader="王志刚")
        accounts.add_user(LOCAL_VIEWER, "shuji", PASSWORD, Role.SECRETARY)
        accounts.add_user(LOCAL_VIEWER, "kaohezu", PASSWORD, Role.ASSESSOR)
        accounts.add_user(LOCAL_VIEWER, "sq08", PASSWORD, Role.BRANCH, unit_id="SQ08")
        publish(store, Viewer("shuji", Role.SECRETARY), parse_period("2025"))
        assessor = Viewer("kaohezu", Role.ASSESSOR)
        drafted = rectification.drafts(store, assessor, parse_period("2025"), today=date(2026, 1, 10))
        rectification.create(store, assessor, parse_period("2025"), drafted)
        cur = store.cursor()
        units = cur.execute(
            "select u.name from leader_units join units as u using (unit_id) where leader = '王志刚' order by 1"
        ).fetchall()
        leaders = cur.execute("select name from leaders order by source_row").fetchall()
    with _running(db, work / "streamlit.log") as url:
        yield OutcomeServer(url, tuple(n for (n,) in units), tuple(n for (n,) in leaders))


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=WIDE, locale="zh-CN")
    context.set_default_timeout(WAIT_MS)
    yield context
    context.close()


def _sign_in(page: Any, url: str, user: str, path: str = "") -> None:
    from playwright.sync_api import expect

    page.goto(f"{url}/{path}")
    page.get_by_label("用户名").fill(user)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_text(f"当前用户：{user}（")).to_be_visible()


def _title(page: Any, title: str) -> None:
    from playwright.sync_api import expect

    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()


def _shots(page: Any, name: str) -> None:
    """The page as it is now, wide and on a phone (Streamlit scrolls its main area inside the page, so a tall
    viewport shows the whole page in one picture)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for suffix, size in (("wide", {"width": 1440, "height": 3000}), ("phone", {"width": 390, "height": 3400})):
        page.set_viewport_size(size)
        page.wait_for_timeout(1200)  # let the layout and plotly settle at the new width
        page.screenshot(path=str(ARTIFACTS / f"outcome_{name}_{suffix}.png"))
    page.set_viewport_size(WIDE)


def test_a_leader_lands_on_my_units_and_drills_into_a_units_scorecard(server: OutcomeServer, context: Any) -> None:
    from playwright.sync_api import expect

    page = context.new_page()
    _sign_in(page, server.url, "wang")
    _title(page, "我的联系点")
    expect(page.get_by_text("王志刚（党工委书记），分管党政办")).to_be_visible()
    table = page.get_by_test_id("stDataFrame").first
    expect(table).to_be_visible()
    # The trend chart draws (plotly's SVG), one line per unit.
    expect(page.locator(".js-plotly-plot .scatterlayer .trace")).to_have_count(len(server.leader_units))
    _shots(page, "my_units_leader")
    # The menu offers no page a leader may not open.
    sidebar = page.get_by_test_id("stSidebarNav")
    for forbidden in ("台账导入", "评优评先", "考核录入", "结果发布", "用户管理", "班子成员联系点"):
        expect(sidebar.get_by_text(forbidden, exact=True)).to_have_count(0)
    # The best-ranked unit is picked first: 康乐养老服务中心党支部 (SH01), first of the whole office in 2025.
    page.get_by_role("button", name="打开评分详情").click()
    _title(page, "考核评分")
    expect(page.get_by_role("heading", level=2, name="康乐养老服务中心党支部（SH01）")).to_be_visible()
    expect(page).to_have_url(re.compile(r"unit=SH01"))


def test_the_secretary_sees_the_chain_by_leader_and_overdue_items(server: OutcomeServer, context: Any) -> None:
    from playwright.sync_api import expect

    page = context.new_page()
    _sign_in(page, server.url, "shuji")
    _title(page, "总览")
    expect(page.get_by_role("heading", name="班子成员联系点一览")).to_be_visible()
    expect(page.get_by_role("heading", name="逾期未完成的整改")).to_be_visible()
    expect(page.get_by_text("有 16 项整改已逾期未完成")).to_be_visible()
    heading = page.get_by_role("heading", name="班子成员联系点一览")
    heading.scroll_into_view_if_needed()
    _shots(page, "overview_by_leader")
    page.goto(f"{server.url}/my_units?period=2025&leader=赵春燕")
    _title(page, "我的联系点")
    expect(page.get_by_text("赵春燕（党工委委员、组织委员），分管平安建设办")).to_be_visible()


def test_the_assessors_confirm_the_honours(server: OutcomeServer, context: Any) -> None:
    from playwright.sync_api import expect

    page = context.new_page()
    _sign_in(page, server.url, "kaohezu", "awards?period=2025")
    _title(page, "评优评先")
    expect(page.get_by_text("尚未确认")).to_be_visible()
    _shots(page, "awards_proposed")
    page.get_by_role("button", name="确认名单").click()
    expect(page.get_by_text("名单已确认（36 个党组织的结论记入操作日志）")).to_be_visible()
    expect(page.get_by_text("名单已由 kaohezu 于")).to_be_visible()
    _shots(page, "awards_confirmed")


def test_a_branch_reports_on_its_own_rectification_item(server: OutcomeServer, context: Any) -> None:
    from playwright.sync_api import expect

    page = context.new_page()
    _sign_in(page, server.url, "sq08", "rectification?period=2025")
    _title(page, "整改落实")
    expect(page.get_by_text("仅含本支部（SQ08）的记录")).to_be_visible()
    expect(page.get_by_text("有 3 项整改已逾期未完成")).to_be_visible()
    _shots(page, "rectification_branch")
    status = page.get_by_test_id("stSelectbox").filter(has_text="状态")
    choose(page, status, "已报整改")
    expect(status.get_by_role("combobox")).to_have_value("已报整改")
    page.get_by_label("佐证说明").fill("已召开专题组织生活会，会议记录见第 12 页")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已更新整改事项")).to_be_visible()
    # The item stays picked and now reads as reported; it is no longer overdue (three were).
    expect(status.get_by_role("combobox")).to_have_value("已报整改")
    expect(page.get_by_text("有 2 项整改已逾期未完成")).to_be_visible()
    # Closing (销号) is not offered to a branch.
    page.get_by_test_id("stSelectbox").filter(has_text="状态").click()
    expect(page.get_by_role("option", name="整改中", exact=True)).to_be_visible()
    expect(page.get_by_role("option", name="已销号", exact=True)).to_have_count(0)


def test_an_assessor_asks_and_the_secretary_confirms_the_publication(server: OutcomeServer, browser: Any) -> None:
    from playwright.sync_api import expect

    for user in ("kaohezu", "shuji"):
        context = browser.new_context(viewport=WIDE, locale="zh-CN")
        context.set_default_timeout(WAIT_MS)
        page = context.new_page()
        _sign_in(page, server.url, user, "publish?period=2024")
        _title(page, "结果发布")
        if user == "kaohezu":
            page.get_by_label("申请说明").fill("2024 年定性评分已录齐，请书记审定发布")
            page.get_by_role("button", name="提交发布申请").click()
            expect(page.get_by_text("申请发布2024 年的结果，等待书记处理")).to_be_visible()
        else:
            expect(page.get_by_text("kaohezu 于")).to_be_visible()
            expect(page.get_by_text("2024 年定性评分已录齐，请书记审定发布").first).to_be_visible()
            expect(page.get_by_text("发布后将关闭 1 条发布申请。")).to_be_visible()
            for suffix, size in (("wide", WIDE), ("phone", PHONE)):
                page.set_viewport_size(size)
                page.wait_for_timeout(1200)
                page.screenshot(path=str(ARTIFACTS / f"outcome_publish_confirm_{suffix}.png"))
            page.set_viewport_size(WIDE)
            page.get_by_role("button", name="冻结并发布").click()
            expect(page.get_by_text("请先勾选确认，再发布。")).to_be_visible()
            page.get_by_text("我已核对以上内容").click()
            page.get_by_role("button", name="冻结并发布").click()
            expect(page.get_by_role("heading", name="2024 年已发布的结果（第 1 次发布）")).to_be_visible()
            expect(page.get_by_text("待处理的发布申请")).to_have_count(0)  # the publication closed the request
            _shots(page, "publish_published")
        context.close()
