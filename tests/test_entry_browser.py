"""Browser tests for the assessors' pages: deep links, refresh, and the audit log's xlsx download in Chromium."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest

# The running server, Chromium and page fixtures of the app's browser tests, reused rather than copied.
from test_browser import Server, _expect_title, _shot, server  # noqa: F401

pytest_plugins = ["fixtures_app"]
pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("path", "title", "text"),
    [
        pytest.param("/scheme_settings?period=2025", "考核设置", "本期评分办法", id="scheme-settings"),
        pytest.param("/assessment_entry?period=2025", "考核录入", "去掉最高分和最低分后的平均分", id="entry"),
        pytest.param("/publish?period=2025", "结果发布", "2025 年的考核结果尚未发布", id="publishing"),
        pytest.param("/audit_log?period=2025", "操作日志", "操作日志只追加", id="audit-log"),
    ],
)
def test_each_assessor_page_by_url_and_after_refresh(
    server: Server,  # noqa: F811 (a fixture imported above)
    page: Any,
    path: str,
    title: str,
    text: str,
) -> None:
    from playwright.sync_api import expect

    page.goto(f"{server.url}{path}")
    _expect_title(page, title)
    expect(page.get_by_text(text).first).to_be_visible()
    page.reload()
    _expect_title(page, title)
    expect(page.get_by_text(text).first).to_be_visible()
    assert "period=2025" in page.url
    _shot(page, f"assess_{path.split('?')[0].strip('/')}")


def test_the_audit_log_downloads_as_a_workbook(server: Server, page: Any) -> None:  # noqa: F811
    page.goto(f"{server.url}/audit_log?period=2025")
    _expect_title(page, "操作日志")
    with page.expect_download() as info:
        page.get_by_role("button", name="导出为 Excel").click()
    download = info.value
    assert download.suggested_filename.startswith("操作日志_") and download.suggested_filename.endswith(".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(download.path().read_bytes()))
    sheet = book["操作日志"]
    assert [c.value for c in sheet[1]] == ["序号", "时间", "操作人", "操作", "对象", "修改前", "修改后"]
    actions = {row[3] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert "导入台账" in actions and "导入考核录入文件" in actions
