"""Browser tests of the scorecard, comparison and overview additions: the real app in headless Chromium.

The server and screenshot helpers are those of tests/test_browser.py (imported, not copied). Figures
expected on screen come from kaohe.scoring on a copy of the same demo database.
"""

from __future__ import annotations

import csv
import io
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import test_browser

from kaohe import pace, results, ui
from kaohe.access import LOCAL_VIEWER
from kaohe.periods import parse_period
from kaohe.scheme import load_scheme, scheme_for_period
from kaohe.scoring import ScoreResult, lineage, score_period
from kaohe.store import Store

pytest_plugins = ["fixtures_app"]
pytestmark = pytest.mark.browser

# The server fixture of test_browser.py, bound here so pytest finds it for this module (browser and page come
# from conftest.py).
server = test_browser.server
_expect_title, _shot = test_browser._expect_title, test_browser._shot


@pytest.fixture(scope="module")
def expected(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[ScoreResult, int]:
    """2025 as scored by the engine, and how many rows the lineage of the top unit's services holds."""
    db = tmp_path_factory.mktemp("browser_expected") / "kaohe.duckdb"
    shutil.copyfile(demo_db_template, db)
    period = parse_period("2025")
    with Store(db) as store:
        result = score_period(store, period, load_scheme(scheme_for_period(period)))
        top = str(result.units["unit_id"].iloc[0])
        rows = len(lineage(store, result, top, "svc_count"))
    return result, rows


@pytest.fixture(scope="module")
def alerts_2026(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> int:
    """How many units pace puts on alert in 2026, computed outside the app."""
    db = tmp_path_factory.mktemp("browser_pace") / "kaohe.duckdb"
    shutil.copyfile(demo_db_template, db)
    period = parse_period("2026")
    with Store(db) as store:
        progress = results.progress(store, LOCAL_VIEWER, period, results.default_cutoff(store, period))
    assert progress is not None and progress.as_of == date(2026, 10, 31)
    return progress.counts()[pace.PaceStatus.ALERT]


def _click_first_row(page: Any) -> None:
    """Tick the selection box of the ranking's first row (the grid is a canvas: click by position)."""
    grid = page.get_by_test_id("stDataFrame").first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None
    # The row-marker column is ~30 px wide at the left; the header row and each data row are 35 px high.
    page.mouse.click(box["x"] + 15, box["y"] + 35 + 17)


def test_scorecard_by_url_refresh_click_a_unit_and_download_its_lineage(
    server: Any, page: Any, expected: tuple[ScoreResult, int]
) -> None:
    from playwright.sync_api import expect

    result, lineage_rows = expected
    top = result.units.iloc[0]
    page.goto(f"{server.url}/scorecard?period=2025")
    _expect_title(page, "考核评分")
    expect(page.get_by_text("显示 36 / 36 个党组织")).to_be_visible()
    page.reload()
    _expect_title(page, "考核评分")
    assert "period=2025" in page.url
    _shot(page, "scorecard_2025")

    _click_first_row(page)
    expect(page.get_by_role("heading", level=2, name=f"{top['unit']}（{top['unit_id']}）")).to_be_visible()
    page.wait_for_url(f"**unit={top['unit_id']}**")
    metric = page.get_by_test_id("stMetric").filter(has_text="总分").first
    expect(metric.get_by_test_id("stMetricValue")).to_have_text(ui.fmt_score(top["total"]))
    charts = page.locator(".js-plotly-plot")
    expect(charts).to_have_count(3)
    for title in ("目标完成情况（实际 ÷ 目标）", "得分与失分（满分 100 分）", "每月工作量（2025 年）"):
        expect(page.locator(".gtitle", has_text=title)).to_be_visible()
    expect(charts.nth(1).locator(".waterfalllayer .point")).not_to_have_count(0)
    _shot(page, "scorecard_card")

    picker = page.get_by_test_id("stSelectbox").filter(has_text="选择指标或加扣分项")
    picker.scroll_into_view_if_needed()
    picker.click()
    page.keyboard.type("便民服务次数")
    page.get_by_role("option", name="便民服务次数", exact=True).click()
    expect(page.get_by_text(f"共 {lineage_rows:,} 行")).to_be_visible()
    _shot(page, "scorecard_lineage")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="下载 CSV").click()
    download = download_info.value
    assert download.suggested_filename == f"计分依据_{top['unit_id']}_svc_count_2025.csv"
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:2] == ["来源文件", "原表行号"]
    assert len(rows) - 1 == lineage_rows


def test_a_link_to_a_unit_survives_refresh(server: Any, page: Any, expected: tuple[ScoreResult, int]) -> None:
    from playwright.sync_api import expect

    result, _ = expected
    unit = result.units.set_index("unit_id").loc["SQ06"]
    page.goto(f"{server.url}/scorecard?period=2025&unit=SQ06")
    heading = page.get_by_role("heading", level=2, name="北三街社区（SQ06）")
    expect(heading).to_be_visible()
    page.reload()
    expect(heading).to_be_visible()
    expect(page.get_by_text(f"总分 {ui.fmt_score(unit['total'])}").first).to_be_visible()
    assert "unit=SQ06" in page.url


def test_comparison_by_url_draws_radar_and_bars(server: Any, page: Any) -> None:
    from playwright.sync_api import expect

    page.goto(f"{server.url}/compare?period=2025")
    _expect_title(page, "对比分析")
    page.reload()
    _expect_title(page, "对比分析")
    expect(page.locator(".gtitle", has_text="各维度得分率")).to_be_visible()
    expect(page.locator(".gtitle", has_text="各维度得分")).to_have_count(2)
    expect(page.locator(".js-plotly-plot .scatterlayer .trace")).to_have_count(3)
    _shot(page, "compare_units_2025")


def test_overview_shows_grades_and_units_behind_pace(server: Any, page: Any, alerts_2026: int) -> None:
    from playwright.sync_api import expect

    page.goto(f"{server.url}/?period=2026")
    _expect_title(page, "总览")
    expect(page.get_by_role("heading", name="等次分布")).to_be_visible()
    # The second chart is the grade distribution: one bar per grade of the scheme.
    expect(page.locator(".js-plotly-plot").nth(1).locator(".bars path")).to_have_count(4)
    _shot(page, "overview_2026")
    pace = page.get_by_role("heading", name="进度预警")
    pace.scroll_into_view_if_needed()
    expect(page.get_by_text("截至 2026-10-31").first).to_be_visible()
    assert alerts_2026 > 0
    expect(page.get_by_text(f"预警 {alerts_2026} 个")).to_be_visible()
    _shot(page, "overview_2026_pace")
