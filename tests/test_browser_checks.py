"""Browser test of the review workflow: a unit's credibility flag reviewed through the form in headless Chromium,
kept after a refresh, and its grade stability shown beside it; on a desktop and a phone-sized screen.

The server and screenshot helpers are those of tests/test_browser.py (imported, not copied).
"""

from __future__ import annotations

from typing import Any

import pytest
import test_browser

pytest_plugins = ["fixtures_app"]
pytestmark = pytest.mark.browser

server = test_browser.server
_expect_title, _shot = test_browser._expect_title, test_browser._shot


def test_an_assessor_reviews_a_flag_and_it_stays_reviewed(server: Any, page: Any) -> None:
    from playwright.sync_api import expect

    page.goto(f"{server.url}/scorecard?period=2025&unit=SQ06")
    _expect_title(page, "考核评分")
    expect(page.get_by_role("heading", name="北三街社区（SQ06）")).to_be_visible()
    expect(page.get_by_role("heading", name="等次稳定性")).to_be_visible()
    flag = page.get_by_text("期末集中登记", exact=True)
    expect(flag).to_be_visible()
    expect(page.get_by_text("便民服务：考核期最后 28 天登记 49 条", exact=False)).to_be_visible()
    expect(page.get_by_text("未核实", exact=True)).to_be_visible()
    page.get_by_text("所涉台账行（49 行）").click()
    _shot(page, "checks_flag_open")

    form = page.get_by_test_id("stForm")
    form.get_by_test_id("stRadio").get_by_text("已核实").click()
    form.get_by_placeholder("核对了什么、依据是什么，或需整改的内容").fill("12月开展冬季集中服务，有签到表和照片")
    page.wait_for_timeout(500)  # let the typed note reach the server before the click, as a person would
    form.get_by_role("button", name="保存核实结果").click()
    expect(page.get_by_text("已保存「期末集中登记」的核实结果。")).to_be_visible()
    expect(page.get_by_text("已核实", exact=True).first).to_be_visible()
    expect(page.get_by_text("12月开展冬季集中服务，有签到表和照片", exact=False).first).to_be_visible()
    _shot(page, "checks_flag_reviewed")

    page.reload()
    expect(page.get_by_role("heading", name="北三街社区（SQ06）")).to_be_visible()
    expect(page.get_by_text("未核实", exact=True)).to_have_count(0)
    expect(page.get_by_text("12月开展冬季集中服务，有签到表和照片", exact=False).first).to_be_visible()


def test_the_flags_read_on_a_phone(server: Any, browser: Any) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(f"{server.url}/scorecard?period=2025&unit=SQ02")
        expect(page.get_by_role("heading", name="新郑路社区（SQ02）")).to_be_visible(timeout=30_000)
        expect(page.get_by_text("多项计数恰好等于目标", exact=True)).to_be_visible()
        expect(page.get_by_role("button", name="保存核实结果")).to_be_visible()
        _shot(page, "checks_phone")
    finally:
        context.close()
