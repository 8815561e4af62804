"""Hardening in real Chromium (faults, attacks, a double-click download): what a person sees in real Chromium.

- Quick clicks on downloads deliver every file, even while another user keeps the server busy (a second
  click within a second of the first once lost its file: "Deferred file … not found").
- Refreshing the moment the page shows one signed in keeps one signed in (the cookie once came seconds later).
- A download's /media/… link no longer answers once its user has signed out.
- A damaged database shows one page that says so, with no menu of raw page names.
Screenshots go to tests/artifacts/ for a human look.
"""

from __future__ import annotations

import io
import shutil
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from conftest import WAIT_MS, add_accounts
from test_browser import ARTIFACTS
from test_browser_explore import _running

from kaohe.ui import SESSION_COOKIE

pytest_plugins = ["fixtures_app"]
pytestmark = pytest.mark.browser

PASSWORD = "browser-hardening-1"


@dataclass(frozen=True)
class Running:
    url: str
    log: Path


@pytest.fixture(scope="module")
def server(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    work = tmp_path_factory.mktemp("browser_hardening")
    db = work / "kaohe.duckdb"
    shutil.copyfile(demo_db_template, db)
    add_accounts(db, PASSWORD, [("wang", "secretary")])
    log = work / "streamlit.log"
    with _running(db, log) as url:
        yield Running(url, log)


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN", accept_downloads=True)
    context.set_default_timeout(WAIT_MS)
    yield context
    context.close()


def _sign_in(page: Any, url: str) -> None:
    from playwright.sync_api import expect

    page.goto(url)
    page.get_by_label("用户名").fill("wang")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_text("当前用户：wang（")).to_be_visible()


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(300)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _workbook_rows(path: str) -> int:
    book = openpyxl.load_workbook(io.BytesIO(Path(path).read_bytes()))
    return sum(sheet.max_row for sheet in book.worksheets)


def test_quick_clicks_on_downloads_deliver_every_file_while_others_use_the_app(
    server: Running, context: Any, browser: Any
) -> None:
    from playwright.sync_api import expect

    # Another user's tab keeps the server busy: each of its runs ends with Streamlit collecting unused files.
    other = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    other.set_default_timeout(WAIT_MS)
    try:
        busy = other.new_page()
        _sign_in(busy, f"{server.url}/overview?period=2025")
        page = context.new_page()
        _sign_in(page, f"{server.url}/exports?period=2025")
        arrived: list[Any] = []
        page.on("download", lambda download: arrived.append(download))
        for name in ("下载 Excel 工作簿", "下载 CSV 排名", "下载 Excel 工作簿", "下载 PDF 报告"):
            page.get_by_role("button", name=name).click()
            busy.reload()
            expect(busy.get_by_text("当前用户：wang（")).to_be_visible()
        for _ in range(WAIT_MS // 100):
            if len(arrived) == 4:
                break
            page.wait_for_timeout(100)
        assert sorted(d.suggested_filename.rsplit(".", 1)[1] for d in arrived) == ["csv", "pdf", "xlsx", "xlsx"]
        workbooks = [_workbook_rows(d.path()) for d in arrived if d.suggested_filename.endswith(".xlsx")]
        assert workbooks[0] == workbooks[1] > 36
        assert "not found" not in server.log.read_text(encoding="utf-8", errors="replace")
        _shot(page, "hardening_quick_downloads")
    finally:
        other.close()


def test_refreshing_as_soon_as_signed_in_stays_signed_in(server: Running, browser: Any) -> None:
    from playwright.sync_api import expect

    for attempt in range(3):
        context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
        context.set_default_timeout(WAIT_MS)
        try:
            page = context.new_page()
            _sign_in(page, f"{server.url}/trends?period=2025")
            # No waiting for the cookie: the refresh comes the moment the page says who is signed in.
            page.reload()
            expect(page.get_by_text("当前用户：wang（书记）")).to_be_visible()
            assert [c["name"] for c in context.cookies()].count(SESSION_COOKIE) == 1, attempt
        finally:
            context.close()


def test_a_download_link_no_longer_answers_after_sign_out(server: Running, context: Any) -> None:
    from playwright.sync_api import expect

    page = context.new_page()
    _sign_in(page, f"{server.url}/audit_log?period=2025")
    with page.expect_download() as caught:
        page.get_by_role("button", name="导出为 Excel").click()
    link = caught.value.url
    assert "/media/" in link
    page.get_by_role("button", name="退出登录").click()
    expect(page.get_by_role("heading", name="请登录")).to_be_visible()
    with pytest.raises(urllib.error.HTTPError) as gone:
        urllib.request.urlopen(link, timeout=10)
    assert gone.value.code == 404


@pytest.fixture(scope="module")
def damaged_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    work = tmp_path_factory.mktemp("browser_damaged")
    db = work / "kaohe.duckdb"
    db.write_bytes(b"")
    log = work / "streamlit.log"
    with _running(db, log) as url:
        yield Running(url, log)


@pytest.mark.parametrize("path", ["/", "/explorer", "/users"])
def test_a_damaged_database_shows_one_page_that_says_what_to_do(
    damaged_server: Running, context: Any, path: str
) -> None:
    from playwright.sync_api import expect

    page = context.new_page()
    page.goto(f"{damaged_server.url}{path}")
    expect(page.get_by_text("无法读取：它不是完整的 DuckDB 数据库")).to_be_visible()
    sidebar = page.get_by_test_id("stSidebar")
    # Neither Streamlit's English error nor the raw names of page files.
    for raw in ("explorer", "import_ledgers", "scorecard", "Error"):
        expect(sidebar.get_by_text(raw, exact=True)).to_have_count(0)
    expect(page.get_by_text("Page not found")).to_have_count(0)
    if path == "/":
        _shot(page, "hardening_damaged_database")
