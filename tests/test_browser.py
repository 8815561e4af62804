"""Browser tests: the real app under `streamlit run`, driven in headless Chromium as a person would use it.

They check what AppTest cannot: the first request to a fresh server arriving on a deep link (Streamlit's
legacy `pages/` handling applies until `st.navigation` has run once), browser refreshes, plotly actually
drawing, and a file upload through the real widget. Screenshots go to tests/artifacts/ for a human look.
"""

from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from kaohe import PROJECT_ROOT, ui

pytest_plugins = ["fixtures_app"]
pytestmark = pytest.mark.browser

ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts"


@dataclass(frozen=True)
class Server:
    """A running `streamlit run app.py` and the figures its database holds."""

    url: str
    totals_2025: tuple[int, int, int, int]
    totals_2024: tuple[int, int, int, int]
    unit_name: str


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"streamlit exited with {process.returncode}:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"streamlit did not become healthy in 60 s:\n{log.read_text(errors='replace')}")


@pytest.fixture(scope="module")
def server(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    from fixtures_app import DemoFacts

    work = tmp_path_factory.mktemp("browser")
    db = work / "kaohe.duckdb"
    shutil.copyfile(demo_db_template, db)
    # Read the expected figures before the server opens the file: DuckDB lets one process hold it.
    facts = DemoFacts(db)
    totals_2025, totals_2024 = facts.year_totals(2025), facts.year_totals(2024)
    unit_name = str(facts.scalar("select name from units order by unit_id limit 1"))

    port = _free_port()
    url = f"http://localhost:{port}"
    log = work / "streamlit.log"
    env = {**os.environ, "KAOHE_DB": str(db)}
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true"]
    command += ["--server.port", str(port), "--server.fileWatcherType", "none"]
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_healthy(url, process, log)
        yield Server(url, totals_2025, totals_2024, unit_name)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(500)  # let plotly finish its transition before the picture
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _expect_headlines(page: Any, totals: tuple[int, int, int, int]) -> None:
    from playwright.sync_api import expect

    values = page.get_by_test_id("stMetricValue")
    expect(values).to_have_text([ui.fmt_count(value, "zh") for value in totals])


def _expect_title(page: Any, title: str) -> None:
    from playwright.sync_api import expect

    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()


# The order matters for the first test only: it must be the fresh server's first request.
def test_deep_link_to_a_page_is_the_first_request_and_survives_refresh(server: Server, page: Any) -> None:
    from playwright.sync_api import expect

    page.goto(f"{server.url}/import_ledgers?period=2025")
    _expect_title(page, "台账导入")
    # The page ran inside app.py: the sidebar is the app's Chinese menu and chrome, not Streamlit's legacy list
    # of page files, and no "Page not found" dialog stands over it.
    nav = page.get_by_test_id("stSidebarNav")
    expect(nav.get_by_text("总览", exact=True)).to_be_visible()
    expect(nav.get_by_text("import ledgers", exact=True)).to_have_count(0)
    expect(page.get_by_text("陇海马路街道党工委")).to_be_visible()
    expect(page.get_by_text("Page not found")).to_have_count(0)
    page.reload()
    _expect_title(page, "台账导入")
    assert "period=2025" in page.url
    _shot(page, "import_empty")


def test_overview_shows_the_headlines_and_draws_the_chart(server: Server, page: Any) -> None:
    from playwright.sync_api import expect

    page.goto(f"{server.url}/?period=2025")
    _expect_title(page, "总览")
    _expect_headlines(page, server.totals_2025)
    chart = page.locator(".js-plotly-plot").first
    expect(chart.locator("svg.main-svg").first).to_be_attached()
    expect(chart.locator(".bars path")).to_have_count(12)
    expect(chart.locator(".gtitle")).to_have_text("每月便民服务次数（2025 年）")
    _shot(page, "overview_2025")


@pytest.mark.parametrize(
    ("path", "title", "year"),
    [
        pytest.param("/overview?period=2024", "总览", 2024, id="overview-2024"),
        pytest.param("/?period=2025", "总览", 2025, id="root-2025"),
    ],
)
def test_every_page_by_url_and_after_refresh(server: Server, page: Any, path: str, title: str, year: int) -> None:
    totals = server.totals_2024 if year == 2024 else server.totals_2025
    page.goto(f"{server.url}{path}")
    _expect_title(page, title)
    _expect_headlines(page, totals)
    page.reload()
    _expect_title(page, title)
    _expect_headlines(page, totals)
    assert f"period={year}" in page.url


def test_period_picked_in_the_sidebar_goes_into_the_url_and_carries_to_other_pages(server: Server, page: Any) -> None:
    page.goto(f"{server.url}/?period=2025")
    _expect_headlines(page, server.totals_2025)
    # The picker is a year and a part of it (全年 by default): pick the year, as a person would.
    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").filter(has_text="考核期").click()
    page.get_by_role("option", name="2024 年", exact=True).click()
    _expect_headlines(page, server.totals_2024)
    page.wait_for_url("**period=2024**")
    page.get_by_test_id("stSidebarNav").get_by_text("台账导入").click()
    _expect_title(page, "台账导入")
    page.wait_for_url("**/import_ledgers?period=2024**")


def test_in_english_the_period_can_be_changed_and_the_language_survives_a_refresh(server: Server, page: Any) -> None:
    # Found by trying the app: after switching to English the picker came back holding "2025 年" and every page
    # failed; and a refresh went back to Chinese.
    from playwright.sync_api import expect

    page.goto(f"{server.url}/?period=2025")
    _expect_headlines(page, server.totals_2025)
    page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click()
    _expect_title(page, "Overview")
    # Each language has its own picker; until the run ends the Chinese one may still be on screen.
    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").filter(has_text="Period").click()
    page.keyboard.type("2024")
    page.get_by_role("option", name="2024", exact=True).click()
    page.wait_for_url("**period=2024**")
    page.get_by_test_id("stSidebarNav").get_by_text("Scorecard", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Scorecard")).to_be_visible()
    expect(page.get_by_text("Something went wrong", exact=False)).to_have_count(0)
    page.reload()
    expect(page.get_by_role("heading", level=1, name="Scorecard")).to_be_visible()
    assert "lang=en" in page.url and "period=2024" in page.url
    _shot(page, "scorecard_english_2024")


def test_upload_a_file_and_see_the_counts(server: Server, page: Any) -> None:
    from playwright.sync_api import expect

    csv = "\n".join(
        [
            "支部名称,服务日期,服务类别,服务内容,服务人数,参与党员",
            f"{server.unit_name},2025-03-05,医疗义诊,浏览器测试义诊一,12,3",
            f"{server.unit_name},2025年3月6日,医疗义诊,浏览器测试义诊二,8人,2",
            "没有这个支部,2025-03-07,医疗义诊,浏览器测试义诊三,5,1",
            "合计,,,,25,6",
        ]
    )
    page.goto(f"{server.url}/import_ledgers?period=2025")
    _expect_title(page, "台账导入")
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "浏览器测试.csv", "mimeType": "text/csv", "buffer": csv.encode("utf-8")}]
    )
    expect(page.get_by_text("识别为：")).to_be_visible()
    page.get_by_role("button", name="导入（1 个文件可以导入）").click()
    metrics = page.get_by_test_id("stMetric")
    expect(metrics).to_have_count(4)
    expect(page.get_by_test_id("stMetricValue")).to_have_text(["2", "1", "0", "1"])
    _shot(page, "import_done")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="下载退回行（xlsx）").click()
    download = download_info.value
    assert download.suggested_filename == "退回行_浏览器测试.xlsx"
    workbook = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes()), read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    assert len(rows) == 2 and 4 in rows[1] and "没有这个支部" in rows[1]

    page.goto(f"{server.url}/?period=2025")
    services, people, errands, deeds = server.totals_2025
    _expect_headlines(page, (services + 2, people + 20, errands, deeds))


def test_a_blank_template_downloads_with_the_roster_in_its_drop_down(server: Server, page: Any) -> None:
    page.goto(f"{server.url}/import_ledgers?period=2025")
    _expect_title(page, "台账导入")
    page.get_by_text("下载空白模板").click()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="下载模板（xlsx）").click()
    download = download_info.value
    assert download.suggested_filename == "便民服务台账_模板.xlsx"
    workbook = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    assert workbook.sheetnames == ["便民服务台账", "填表说明", "选项"]
    assert [c.value for c in workbook["便民服务台账"][1]][:2] == ["服务日期", "所属支部"]
    assert server.unit_name in [c.value for c in workbook["选项"]["A"]]
