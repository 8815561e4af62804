"""The secretary's pages on a phone (390×844) and on a desk (1440×900), in real headless Chromium.

What a person sees: the overview's short rankings show name, total and grade without scrolling sideways (every
cell's box lies within the screen and no table is wider than its frame), the veto is said in the grade, the four
headline cards are a 2×2 grid on the first screen, the drawer opens on the period picker above the menu, no chart
toolbar on a phone and no chart title under its legend; the scorecard's ranking puts rank, total and grade before
the name; pace alerts open to a unit's indicators and link to its card; a branch reads its own card first.

One server for the module over the demo with 2025 published and its rectification items issued. Screenshots go to
tests/artifacts/ (phone_after_*.png on the phone, wide_after_*.png on a desk).
"""

from __future__ import annotations

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

PASSWORD = "browser-phone-pass-1"
PHONE, WIDE = {"width": 390, "height": 844}, {"width": 1440, "height": 900}


@dataclass(frozen=True)
class PhoneServer:
    """A running app over the demo with 2025 published and its rectification items issued, and the 2025 figures the
    rankings must show."""

    url: str
    top: list[tuple[str, str, str]]  # (name, total, grade as shown) of the first five of 2025
    bottom: list[tuple[str, str, str]]  # the last five, a vetoed unit's grade marked
    vetoed: str  # the name of 2025's vetoed unit


@pytest.fixture(scope="module")
def server(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[PhoneServer]:
    from argon2 import PasswordHasher

    from kaohe import formats, rectification, scorecard
    from kaohe.access import LOCAL_VIEWER, Role, Viewer
    from kaohe.auth import Accounts
    from kaohe.labels import label
    from kaohe.periods import parse_period
    from kaohe.publish import publish
    from kaohe.scheme import load_scheme, scheme_for_period
    from kaohe.scoring import score_period
    from kaohe.store import Store

    work = tmp_path_factory.mktemp("browser_phone")
    db = work / "kaohe.duckdb"
    shutil.copyfile(demo_db_template, db)
    # Everything is set up before the server starts: DuckDB lets only one process open the file.
    with Store(db) as store:
        accounts = Accounts(store, hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
        for name, role, unit in (
            ("shuji", Role.SECRETARY, None),
            ("fenxi", Role.ANALYST, None),
            ("sq08", Role.BRANCH, "SQ08"),
        ):
            accounts.add_user(LOCAL_VIEWER, name, PASSWORD, role, unit_id=unit)
        period = parse_period("2025")
        result = score_period(store, period, load_scheme(scheme_for_period(period)))
        publish(store, Viewer("shuji", Role.SECRETARY), period)
        assessor = Viewer("kaohezu", Role.ASSESSOR)
        drafted = rectification.drafts(store, assessor, period, today=date(2026, 1, 10))
        rectification.create(store, assessor, period, drafted)
    top, bottom = scorecard.top_and_bottom(result, 5)

    def rows(frame: Any) -> list[tuple[str, str, str]]:
        veto = label("score.grade_vetoed", "zh")
        return [
            (str(r.unit), formats.score(r.total), veto.format(grade=r.grade) if r.vetoed else str(r.grade))
            for r in frame.itertuples()
        ]

    vetoed = result.units[result.units["vetoed"]]["unit"]
    assert len(vetoed) == 1, "the demo's 2025 has one vetoed unit, ranked last"
    with _running(db, work / "streamlit.log") as url:
        yield PhoneServer(url, rows(top), rows(bottom), str(vetoed.iloc[0]))


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    context.set_default_timeout(WAIT_MS)
    yield context
    context.close()


def _sign_in(page: Any, url: str, user: str, path: str) -> None:
    from playwright.sync_api import expect

    page.goto(f"{url}/{path}")
    page.get_by_label("用户名").fill(user)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", level=1).first).to_be_visible()


def _shot(page: Any, name: str, size: dict[str, int]) -> None:
    """The first screen, and the whole page (Streamlit scrolls inside the page: a tall viewport shows it all)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    prefix = "phone_after" if size["width"] < 600 else "wide_after"
    page.wait_for_timeout(800)  # let plotly finish drawing
    page.screenshot(path=str(ARTIFACTS / f"{prefix}_{name}_first.png"))
    page.set_viewport_size({"width": size["width"], "height": 4200})
    page.wait_for_timeout(1500)
    page.screenshot(path=str(ARTIFACTS / f"{prefix}_{name}_full.png"))
    page.set_viewport_size(size)
    page.wait_for_timeout(500)


# In the page: the short rankings (st.table whose first column is 排名), each row's name, total and grade cells
# with their boxes, and how wide each table is against its frame.
RANKINGS_JS = """() => [...document.querySelectorAll('[data-testid="stTable"]')]
  .filter(t => t.querySelector('thead th')?.innerText.trim() === '排名')
  .map(t => ({
    scroll: t.scrollWidth, client: t.clientWidth,
    rows: [...t.querySelectorAll('tbody tr')].map(tr => [...tr.querySelectorAll('td')].slice(1).map(td => {
      const b = td.getBoundingClientRect();
      return {text: td.innerText.trim(), left: b.left, right: b.right};
    })),
  }))"""


def _rankings(page: Any) -> list[dict[str, Any]]:
    from playwright.sync_api import expect

    heading = page.get_by_text("排名后五", exact=True)
    expect(heading).to_be_visible()
    heading.scroll_into_view_if_needed()
    found: list[dict[str, Any]] = page.evaluate(RANKINGS_JS)
    assert len(found) == 2, found
    return found


def _assert_rankings_fit(page: Any, server: PhoneServer, width: int) -> None:
    """Name, total and grade of both short rankings read in full within the screen, nothing scrolled sideways."""
    top, bottom = _rankings(page)
    for table, expected in ((top, server.top), (bottom, server.bottom)):
        assert table["scroll"] <= table["client"], table  # the table is no wider than its frame
        shown = [tuple(cell["text"] for cell in row) for row in table["rows"]]
        assert shown == expected
        for row in table["rows"]:
            for cell in row:
                assert cell["left"] >= 0 and cell["right"] <= width, (cell, width)
    assert f"{server.vetoed}" in bottom["rows"][-1][0]["text"] and bottom["rows"][-1][2]["text"].endswith(
        "（一票否决）"
    )
    page_width = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert page_width[0] <= page_width[1], page_width


def _boxes(page: Any, selector: str) -> list[dict[str, float]]:
    return [page.locator(selector).nth(i).bounding_box() for i in range(page.locator(selector).count())]


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def test_the_overview_on_a_phone(server: PhoneServer, context: Any) -> None:
    from playwright.sync_api import expect

    page = context.new_page()
    _sign_in(page, server.url, "shuji", "?period=2025")
    expect(page.get_by_role("heading", level=1, name="总览")).to_be_visible()

    # The four headline cards: a 2×2 grid on the first screen.
    cards = page.get_by_test_id("stMetric")
    expect(cards).to_have_count(4)
    boxes = [cards.nth(i).bounding_box() for i in range(4)]
    assert boxes[0]["y"] == boxes[1]["y"] and boxes[2]["y"] == boxes[3]["y"] > boxes[0]["y"], boxes
    assert boxes[1]["x"] > boxes[0]["x"] + boxes[0]["width"] - 1
    assert boxes[3]["y"] + boxes[3]["height"] <= PHONE["height"], boxes
    _shot(page, "overview_2025", PHONE)

    # The monthly chart: its title clear of its legend, and no toolbar.
    chart = page.locator(".js-plotly-plot").first
    expect(chart.locator(".gtitle")).to_be_visible()
    title, legend = chart.locator(".gtitle").bounding_box(), chart.locator(".legend").bounding_box()
    assert not _overlap(title, legend), (title, legend)
    chart.hover()
    assert page.evaluate("() => getComputedStyle(document.querySelector('.modebar-container')).display") == "none"
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "phone_after_overview_2025_chart.png"))

    _assert_rankings_fit(page, server, PHONE["width"])
    page.get_by_text("排名前五", exact=True).scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "phone_after_overview_2025_rankings.png"))


def test_the_drawer_opens_on_the_period_above_the_menu(server: PhoneServer, context: Any) -> None:
    from playwright.sync_api import expect

    page = context.new_page()
    _sign_in(page, server.url, "shuji", "?period=2026")
    page.get_by_test_id("stExpandSidebarButton").click()
    year = page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").filter(has_text="考核期")
    part = page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").filter(has_text="时段")
    expect(year).to_be_visible()
    menu = page.get_by_test_id("stSidebarNav").get_by_text("总览", exact=True)
    year_box, part_box, menu_box = year.bounding_box(), part.bounding_box(), menu.bounding_box()
    assert year_box["y"] + year_box["height"] < menu_box["y"], (year_box, menu_box)
    assert year_box["y"] + year_box["height"] <= PHONE["height"]  # on the drawer's first screen
    assert part_box["y"] == year_box["y"] and part_box["x"] > year_box["x"]  # year and part side by side
    expect(year.get_by_role("combobox")).to_have_value("2026 年")
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "phone_after_menu.png"))
    part.click()
    page.get_by_role("option", name="第三季度", exact=True).click()
    page.wait_for_url("**period=2026-Q3**")


def test_the_scorecard_ranking_shows_rank_total_and_grade_before_the_name(server: PhoneServer, context: Any) -> None:
    from playwright.sync_api import expect

    page = context.new_page()
    _sign_in(page, server.url, "shuji", "scorecard?period=2025")
    grid = page.get_by_test_id("stDataFrame").first
    expect(grid).to_be_visible()
    box = grid.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    # The grid draws on a canvas; its accessible table holds the columns on screen, in order. The name column
    # comes after rank, total and grade, so that it is on screen means the three before it are whole.
    expect(grid.locator("th", has_text="党组织")).to_have_count(1)  # drawn once the grid has its data
    headers = [h.strip() for h in grid.locator("th").all_inner_texts() if h.strip()]
    assert headers[:4] == ["排名", "总分", "等次", "党组织"], headers
    _shot(page, "scorecard_2025", PHONE)


def test_pace_alerts_open_a_units_indicators_and_its_card(server: PhoneServer, context: Any) -> None:
    from playwright.sync_api import expect

    page = context.new_page()
    _sign_in(page, server.url, "shuji", "?period=2026")
    picker = page.get_by_test_id("stSelectbox").filter(has_text="查看某个党组织各项指标的进度")
    picker.scroll_into_view_if_needed()
    unit = choose(page, picker)
    details = page.get_by_test_id("stTable").filter(has_text="差额")
    expect(details).to_be_visible()
    assert details.evaluate("t => t.scrollWidth <= t.clientWidth")
    details.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "phone_after_overview_2026_pace.png"))
    page.get_by_role("link", name=f"打开「{unit}」的考核评分").click()
    expect(page.get_by_role("heading", level=1, name="考核评分")).to_be_visible()
    expect(page.get_by_role("heading", level=2).filter(has_text=unit)).to_be_visible()


def test_a_branch_reads_its_own_card_first(server: PhoneServer, context: Any) -> None:
    from playwright.sync_api import expect

    page = context.new_page()
    _sign_in(page, server.url, "sq08", "?period=2026")
    expect(page.get_by_role("heading", level=1, name="本支部总览")).to_be_visible()
    card = page.locator(".st-key-overview_own")
    expect(card.get_by_text("排名（共 36 个）")).to_be_visible()
    expect(card.get_by_text("下面是已公布的 2025 年结果")).to_be_visible()
    expect(card.get_by_text("未销号的整改事项")).to_be_visible()
    assert card.bounding_box()["y"] < page.get_by_test_id("stMetric").filter(has_text="便民服务").bounding_box()["y"]
    _shot(page, "overview_branch", PHONE)
    page.get_by_test_id("stExpandSidebarButton").click()
    expect(page.get_by_test_id("stSidebarNav").get_by_text("本支部", exact=True)).to_be_visible()
    expect(page.get_by_test_id("stSidebarNav").get_by_text("书记看板", exact=True)).to_have_count(0)


def test_the_same_pages_on_a_desk(server: PhoneServer, context: Any) -> None:
    from playwright.sync_api import expect

    page = context.new_page()
    page.set_viewport_size(WIDE)
    _sign_in(page, server.url, "shuji", "?period=2025")
    cards = page.get_by_test_id("stMetric")
    expect(cards).to_have_count(4)
    boxes = [cards.nth(i).bounding_box() for i in range(4)]
    assert len({round(b["y"]) for b in boxes}) == 1, boxes  # four in a row
    _assert_rankings_fit(page, server, WIDE["width"])
    top, bottom = (t.bounding_box() for t in page.get_by_test_id("stTable").all()[:2])
    assert top["y"] == bottom["y"] and bottom["x"] > top["x"] + top["width"] - 1  # side by side
    chart = page.locator(".js-plotly-plot").first
    chart.hover()
    assert page.evaluate("() => getComputedStyle(document.querySelector('.modebar-container')).display") != "none"
    _shot(page, "overview_2025", WIDE)
    page.goto(f"{server.url}/scorecard?period=2025")
    expect(page.get_by_text("显示 36 / 36 个党组织")).to_be_visible()
    _shot(page, "scorecard_2025", WIDE)


def test_an_analyst_reads_dashboards_not_the_secretarys(server: PhoneServer, context: Any) -> None:
    from playwright.sync_api import expect

    page = context.new_page()
    page.set_viewport_size(WIDE)
    _sign_in(page, server.url, "fenxi", "?period=2023")
    nav = page.get_by_test_id("stSidebarNav")
    expect(nav.get_by_text("综合看板", exact=True)).to_be_visible()
    expect(nav.get_by_text("书记看板", exact=True)).to_have_count(0)
    expect(page.get_by_text("2023 年还没有导入便民服务台账，请联系考核组导入台账")).to_be_visible()
    expect(page.get_by_role("link", name="前往「台账导入」")).to_have_count(0)
