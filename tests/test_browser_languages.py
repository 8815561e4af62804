"""Both languages in a real browser: the audit log in words, the SQL console's errors, the import page's uploader
and the data dictionary, in Chinese and in English.

What AppTest cannot see is checked here: the uploader's built-in English drawn over by a style rule, a console
error as the analyst reads it after running a statement, and the dictionary's long meanings wrapping instead of
being cut off. Screenshots go to tests/artifacts/languages_*.png for a human look.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_browser import ARTIFACTS
from test_browser_explore import _running

from kaohe.labels import label

pytest_plugins = ["fixtures_app"]
pytestmark = pytest.mark.browser

LANGS = ("zh", "en")
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def url(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    work = tmp_path_factory.mktemp("browser_languages")
    db = work / "kaohe.duckdb"
    shutil.copyfile(demo_db_template, db)
    with _running(db, work / "streamlit.log") as running:
        yield running


def _open(page: Any, url: str, path: str, lang: str) -> None:
    from playwright.sync_api import expect

    page.goto(f"{url}/{path}" + ("?lang=en" if lang == "en" else ""))
    expect(page.get_by_role("heading", level=1).first).to_be_visible()


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(800)
    page.screenshot(path=str(ARTIFACTS / f"languages_{name}.png"), full_page=True)


def _main_text(page: Any) -> str:
    return str(page.get_by_test_id("stMain").inner_text())


@pytest.mark.parametrize("lang", LANGS)
def test_the_audit_log_reads_in_words(url: str, page: Any, lang: str) -> None:
    from playwright.sync_api import expect

    _open(page, url, "audit_log", lang)
    # An English link is English from the first run: the menu too, which is built before the language switch.
    expect(page.get_by_test_id("stSidebarNav").get_by_text(label("page.audit", lang), exact=True)).to_be_visible()
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible()
    page.wait_for_timeout(1500)  # the grid draws its cells on a canvas after the frame appears
    _shot(page, f"audit_{lang}")
    text = _main_text(page)
    assert label("audit.dates", lang) in text
    assert "yyyy" not in text.lower()


@pytest.mark.parametrize("lang", LANGS)
def test_a_console_error_names_the_mistake_in_the_language(url: str, page: Any, lang: str) -> None:
    from playwright.sync_api import expect

    _open(page, url, "explorer", lang)
    page.get_by_role("tab", name=label("explore.tab.console", lang)).click()
    page.get_by_label(label("explore.sql", lang)).fill("select nosuch_column from units")
    page.get_by_role("button", name=label("explore.run", lang)).click()
    alert = page.get_by_test_id("stAlert").filter(has_text="nosuch_column")
    expect(alert).to_be_visible()
    said = str(alert.inner_text())
    assert "Binder" not in said and "^^^" not in said and "Referenced column" not in said
    assert ("找不到列" in said) == (lang == "zh")
    assert bool(CJK.search(said)) == (lang == "zh")
    _shot(page, f"console_error_{lang}")


@pytest.mark.parametrize("lang", LANGS)
def test_the_data_dictionary_speaks_the_language_and_wraps(url: str, page: Any, lang: str) -> None:
    from playwright.sync_api import expect

    _open(page, url, "explorer", lang)
    page.get_by_role("tab", name=label("explore.tab.schema", lang)).click()
    units = page.get_by_test_id("stExpander").filter(has_text="units").first
    units.locator("summary").click()
    table = units.get_by_test_id("stTable")
    expect(table).to_be_visible()
    meaning = "党组织编号" if lang == "zh" else "the branch's code"
    cell = table.get_by_text(meaning, exact=False).first
    expect(cell).to_be_visible()
    box = cell.bounding_box()
    assert box is not None and box["height"] > 30, "a long meaning wraps onto more lines instead of being cut off"
    _shot(page, f"dictionary_{lang}")


@pytest.mark.parametrize("lang", LANGS)
def test_the_uploader_shows_no_builtin_english(url: str, page: Any, lang: str) -> None:
    from playwright.sync_api import expect

    _open(page, url, "import_ledgers", lang)
    zone = page.get_by_test_id("stFileUploaderDropzone")
    expect(zone).to_be_visible()
    expect(zone.get_by_text("per file")).to_be_hidden()
    drawn = page.evaluate(
        "() => getComputedStyle(document.querySelector('[data-testid=stFileUploaderDropzone] button'), '::after')"
        ".content"
    )
    assert label("upload.button", lang) in drawn
    _shot(page, f"import_{lang}")
