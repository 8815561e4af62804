"""The what-if in Chromium: edit a target on 考核设置, see the effect beside the version in force, leave: nothing is
stored and the scorecard is unchanged; save the version and put it in force (启用): the scorecard changes."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

# The running server, Chromium and page fixtures of the app's browser tests, reused rather than copied.
from test_browser import Server, _expect_title, _shot, server  # noqa: F401

from kaohe import formats, results, workflow
from kaohe.access import LOCAL_VIEWER
from kaohe.periods import parse_period
from kaohe.store import Store

pytest_plugins = ["fixtures_app"]
pytestmark = pytest.mark.browser

INDICATOR, KIND, NEW_TARGET = "svc_count", "机关", "30"


@pytest.fixture(scope="module")
def expected(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Which unit the edit moves, its total before and after, and where the cell is in the grid."""
    db = tmp_path_factory.mktemp("what_if") / "kaohe.duckdb"
    shutil.copyfile(demo_db_template, db)
    with Store(db) as store:
        base = workflow.scheme_in_force(store, "2025")
        grid = workflow.target_grid(base)
        row = int(grid.index[grid["indicator_id"] == INDICATOR][0])
        grid.loc[row, KIND] = NEW_TARGET
        outcome = workflow.what_if(store, LOCAL_VIEWER, "2025", base, workflow.edited_scheme(base, grid, 2))
        before = results.view(store, LOCAL_VIEWER, parse_period("2025")).score.units.set_index("unit_id")
    moved = outcome.changes[outcome.changes["kind"] == KIND].iloc[0]
    visible = [c for c in grid.columns if c != "indicator_id"]
    return {
        "unit_id": moved["unit_id"],
        "before": formats.score(before.loc[moved["unit_id"], "total"]),
        "after": formats.score(moved["total_after"]),
        "row": row,
        "column": visible.index(KIND),
        "changes": len(outcome.changes),
    }


def _type_target(page: Any, expected: dict[str, Any]) -> None:
    """Type the new target into the grid cell as a person does: click the row, arrow across, Enter to edit.

    The grid is a canvas that settles after the page scrolls; when the first try lands before it does (the
    draft's effect does not appear), the person tries again, as anyone would.
    """
    from playwright.sync_api import expect

    for _ in range(3):
        editor = page.get_by_test_id("stDataFrame").nth(1)  # the scheme as a table, then the editable grid
        editor.scroll_into_view_if_needed()
        editor.locator("canvas").first.wait_for()
        page.wait_for_timeout(1000)
        box = editor.bounding_box()
        assert box is not None
        # The heading row and each data row are 35 px high; the first column starts at the left.
        page.mouse.click(box["x"] + 40, box["y"] + 35 * (expected["row"] + 1) + 17)
        page.wait_for_timeout(300)
        for _ in range(expected["column"]):
            page.keyboard.press("ArrowRight")
        page.wait_for_timeout(300)
        page.keyboard.press("Enter")
        page.wait_for_timeout(500)  # the cell's editor opens over the canvas
        page.keyboard.press("Control+a")
        page.keyboard.type(NEW_TARGET)
        page.wait_for_timeout(300)  # a person pauses before confirming; an Enter too soon is lost
        page.keyboard.press("Enter")
        try:
            expect(page.get_by_text("修改后的效果（模拟测算，未保存）")).to_be_visible(timeout=10_000)
            return
        except AssertionError:
            continue
    raise AssertionError("the edit never reached the grid")


def _card_total(page: Any, url: str, unit_id: str) -> str:
    from playwright.sync_api import expect

    page.goto(f"{url}/scorecard?period=2025&unit={unit_id}")
    metric = page.get_by_test_id("stMetric").filter(has_text="总分").first
    expect(metric).to_be_visible()
    return str(metric.get_by_test_id("stMetricValue").inner_text())


def test_a_what_if_stores_nothing_until_a_version_is_saved_and_put_in_force(
    server: Server,  # noqa: F811 (a fixture imported above)
    page: Any,
    expected: dict[str, Any],
) -> None:
    from playwright.sync_api import expect

    unit_id = expected["unit_id"]
    assert _card_total(page, server.url, unit_id) == expected["before"]

    page.goto(f"{server.url}/scheme_settings?period=2025")
    _expect_title(page, "考核设置")
    _type_target(page, expected)
    expect(page.get_by_text(f"{expected['changes']} 个单位得分或名次变化").first).to_be_visible()
    _shot(page, "scheme_what_if")

    # Leave without saving: nothing stored, the scorecard unchanged, the version list still only version 1.
    assert _card_total(page, server.url, unit_id) == expected["before"]
    page.goto(f"{server.url}/scheme_settings?period=2025")
    _expect_title(page, "考核设置")
    expect(page.get_by_role("button", name="启用第 2 版…")).to_have_count(0)

    # Edit again, save as version 2: saved is not in force.
    _type_target(page, expected)
    page.get_by_role("button", name="保存为第 2 版").click()
    expect(page.get_by_text("已保存为第 2 版。")).to_be_visible()
    assert _card_total(page, server.url, unit_id) == expected["before"]

    # 启用 with a confirmation: the scorecard now scores under version 2.
    page.goto(f"{server.url}/scheme_settings?period=2025")
    activate = page.get_by_role("button", name="启用第 2 版…")
    activate.scroll_into_view_if_needed()
    activate.click()
    expect(page.get_by_text("启用第 2 版后").first).to_be_visible()
    _shot(page, "scheme_activate_confirm")
    page.get_by_role("button", name="确认启用").click()
    expect(page.get_by_text("第 2 版已启用。")).to_be_visible()
    assert _card_total(page, server.url, unit_id) == expected["after"]
