"""Browser tests for staying signed in: the session cookie in real headless Chromium.

Streamlit starts a new session (empty session state) on every refresh and in every new tab, so only the
`kaohe_session` cookie, written by a script after sign-in, carries the token across. These tests check what a
person sees (signed in after a refresh and in a new tab, signed out after signing out or being disabled) and
what the browser holds (the cookie's attributes, and no cookie once the session ended).
Screenshots go to tests/artifacts/ for a human look.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import WAIT_MS
from test_browser import ARTIFACTS
from test_browser_explore import _running

from kaohe.auth import DEFAULT_IDLE_MINUTES
from kaohe.ui import SESSION_COOKIE

pytest_plugins = ["fixtures_app"]
pytestmark = pytest.mark.browser

PASSWORD = "browser-auth-pass-1"


@dataclass(frozen=True)
class AuthServer:
    """A running app whose database has an admin, a secretary and an analyst account."""

    url: str


@pytest.fixture(scope="module")
def server(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AuthServer]:
    from argon2 import PasswordHasher

    from kaohe.access import LOCAL_VIEWER, Role
    from kaohe.auth import Accounts
    from kaohe.store import Store

    work = tmp_path_factory.mktemp("browser_auth")
    db = work / "kaohe.duckdb"
    shutil.copyfile(demo_db_template, db)
    # The accounts exist before the server starts: DuckDB lets only one process open the file.
    with Store(db) as store:
        accounts = Accounts(store, hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
        accounts.add_user(LOCAL_VIEWER, "admin", PASSWORD, Role.ADMIN)
        accounts.add_user(LOCAL_VIEWER, "wang", PASSWORD, Role.SECRETARY, display_name="王书记")
        # Disabled by the last test; an account of its own keeps the others independent of the order.
        accounts.add_user(LOCAL_VIEWER, "zhao", PASSWORD, Role.ANALYST, display_name="赵分析")
    with _running(db, work / "streamlit.log") as url:
        yield AuthServer(url)


def _context(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="zh-CN")
    context.set_default_timeout(WAIT_MS)
    return context


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    context = _context(browser)
    yield context
    context.close()


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _expect_title(page: Any, title: str) -> None:
    from playwright.sync_api import expect

    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()


def _sign_in(page: Any, url: str, user: str) -> None:
    from playwright.sync_api import expect

    page.goto(url)
    page.get_by_label("用户名").fill(user)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_text(f"当前用户：{user}（")).to_be_visible()


def _expect_sign_in_form(page: Any) -> None:
    from playwright.sync_api import expect

    expect(page.get_by_role("heading", name="请登录")).to_be_visible()
    expect(page.get_by_label("密码")).to_be_visible()
    expect(page.get_by_text("当前用户：")).to_have_count(0)


def _session_cookies(context: Any) -> list[dict[str, Any]]:
    return [cookie for cookie in context.cookies() if cookie["name"] == SESSION_COOKIE]


def _wait_for_session_cookies(context: Any, page: Any, count: int) -> list[dict[str, Any]]:
    """The cookies once `count` are there: the script that writes them runs as the sidebar draws."""
    for _ in range(50):
        cookies = _session_cookies(context)
        if len(cookies) == count:
            return cookies
        page.wait_for_timeout(100)
    pytest.fail(f"expected {count} {SESSION_COOKIE} cookie(s), the browser holds {_session_cookies(context)}")


def test_signed_in_survives_refresh_and_a_deep_link_in_a_new_tab_until_sign_out(
    server: AuthServer, context: Any
) -> None:
    from playwright.sync_api import expect

    page = context.new_page()
    _sign_in(page, f"{server.url}/?period=2025", "wang")
    signed_in_at = time.time()
    [cookie] = _wait_for_session_cookies(context, page, 1)
    assert (cookie["path"], cookie["sameSite"], cookie["httpOnly"]) == ("/", "Strict", False)
    assert cookie["domain"] == "localhost"
    # Max-Age is the idle timeout: the cookie dies when the server would end the session anyway.
    assert abs(cookie["expires"] - (signed_in_at + DEFAULT_IDLE_MINUTES * 60)) < 30

    page.get_by_role("link", name="服务趋势").click()
    _expect_title(page, "服务趋势")
    page.reload()
    _expect_title(page, "服务趋势")
    expect(page.get_by_text("当前用户：wang（书记）")).to_be_visible()
    assert "/trends" in page.url and "period=2025" in page.url
    _shot(page, "auth_refresh_still_signed_in")

    # A bookmark or a link opened in a new tab of the same browser.
    tab = context.new_page()
    tab.goto(f"{server.url}/scorecard?period=2025")
    _expect_title(tab, "考核评分")
    expect(tab.get_by_text("当前用户：wang（书记）")).to_be_visible()
    _shot(tab, "auth_new_tab_deep_link")
    tab.close()

    page.get_by_role("button", name="退出登录").click()
    _expect_sign_in_form(page)
    _wait_for_session_cookies(context, page, 0)
    page.reload()
    _expect_sign_in_form(page)
    _shot(page, "auth_signed_out_after_refresh")


def test_a_cookie_saved_before_sign_out_no_longer_signs_in(server: AuthServer, context: Any, browser: Any) -> None:
    page = context.new_page()
    _sign_in(page, f"{server.url}/?period=2025", "wang")
    [saved] = _wait_for_session_cookies(context, page, 1)
    page.get_by_role("button", name="退出登录").click()
    _expect_sign_in_form(page)

    # Someone who copied the cookie before the sign-out: the server ended the session, so it is worthless.
    other = _context(browser)
    try:
        other.add_cookies([{k: saved[k] for k in ("name", "value", "domain", "path", "expires", "sameSite")}])
        stale = other.new_page()
        stale.goto(f"{server.url}/trends?period=2025")
        _expect_sign_in_form(stale)
        _wait_for_session_cookies(other, stale, 0)
    finally:
        other.close()


def test_a_disabled_users_cookie_no_longer_works(server: AuthServer, context: Any, browser: Any) -> None:
    from playwright.sync_api import expect

    page = context.new_page()
    _sign_in(page, f"{server.url}/?period=2025", "zhao")
    _wait_for_session_cookies(context, page, 1)

    admin_context = _context(browser)
    try:
        admin = admin_context.new_page()
        _sign_in(admin, f"{server.url}/users", "admin")
        _expect_title(admin, "用户管理")
        admin.get_by_test_id("stSelectbox").filter(has_text="选择用户").click()
        admin.get_by_role("option", name="zhao", exact=True).click()
        admin.get_by_role("button", name="停用（立即结束其会话）").click()
        expect(admin.get_by_text("用户 zhao 已停用，其所有会话已结束")).to_be_visible()
    finally:
        admin_context.close()

    page.reload()
    _expect_sign_in_form(page)
    expect(page.get_by_text("会话已结束")).to_be_visible()
    _wait_for_session_cookies(context, page, 0)
    _shot(page, "auth_disabled_user_cookie_refused")
