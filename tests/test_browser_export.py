"""Browser test of the export page: open it by URL in headless Chromium and download the workbook."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from test_browser import Server, _expect_title, _shot, server  # noqa: F401  (fixture reused)

pytest_plugins = ["fixtures_app"]
pytestmark = pytest.mark.browser


def test_export_page_downloads_the_workbook(server: Server, page: Any) -> None:  # noqa: F811
    from playwright.sync_api import expect

    # Not the fresh server's first request: a deep link as the very first request shows Streamlit's
    # "Page not found" dialog over this page (legacy pages/ handling before st.navigation has run once).
    page.goto(f"{server.url}/?period=2025")
    _expect_title(page, "总览")
    page.goto(f"{server.url}/exports?period=2025")
    _expect_title(page, "导出")
    button = page.get_by_role("button", name="下载 Excel 工作簿")
    expect(button).to_be_visible()
    _shot(page, "export_page")
    with page.expect_download(timeout=60_000) as download_info:
        button.click()
    download = download_info.value
    assert download.suggested_filename == "考核结果_2025_实时.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    assert book.sheetnames[0] == "排名" and "评分办法" in book.sheetnames
    ranking = book["排名"]
    assert ranking["A1"].value == "2025 年党组织考核结果"
    names = [c.value for c in ranking["D"][4:]]
    assert len(names) == 36
    assert server.unit_name in names
