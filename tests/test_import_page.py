"""The import page (AppTest, widgets driven by key): the mapping step for a file the alias tables do not know,
saved spellings used by the next file and removed again, a roster's assigned codes and an assessor's code
change, file names shown literally, and the page in English."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from conftest import csv_bytes
from streamlit.testing.v1 import AppTest

from kaohe import PROJECT_ROOT, ui
from kaohe.store import Store

pytest_plugins = ["fixtures_app"]

APP = PROJECT_ROOT / "app.py"
PAGE = "pages/import_ledgers.py"
HEADERS = ["日子", "组织", "项目类型", "活动", "来了多少人", "备注"]
FIELDS = {
    "日子": "service_date",
    "组织": "unit_id",
    "项目类型": "category",
    "活动": "title",
    "来了多少人": "people_served",
}


@pytest.fixture
def page_db(app_db: Any, units_roster: Store) -> Path:
    """The four-unit roster's database, the app pointed at it."""
    path = Path(units_roster.path)
    units_roster.close()
    return Path(app_db(path))


def open_import(lang: str | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    if lang:
        at.query_params["lang"] = lang
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def upload(at: AppTest, *files: tuple[str, bytes]) -> AppTest:
    at.file_uploader(key="import_files").set_value([(name, data, "text/csv") for name, data in files]).run()
    assert not at.exception, at.exception
    return at


def key_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


def scalar(db: Path, sql: str) -> Any:
    with Store(db) as store:
        row = store.cursor().execute(sql).fetchone()
    return None if row is None else row[0]


def buttons(at: AppTest) -> list[str]:
    return [b.key for b in at.main.button if b.key]


def test_a_file_no_table_knows_is_mapped_on_the_page_saved_and_the_next_file_is_read_alone(page_db: Path) -> None:
    data = csv_bytes(
        [HEADERS, ["2025-03-05", "U01", "医疗义诊", "测血压", "12", ""], ["2025-03-06", "陇海村", "义诊", "x", "3", ""]]
    )
    at = upload(open_import(), ("活动.csv", data))
    (error,) = [e.value for e in at.main.error]
    assert "没有一列能对应到台账的字段" in error
    assert "import_submit" not in buttons(at)  # nothing to import until the columns are mapped
    sha = key_of(data)
    assert at.selectbox(key=f"import_map_{sha}_ledger").value == "services"
    for header, field in FIELDS.items():
        at.selectbox(key=f"import_map_{sha}_services_{HEADERS.index(header)}").set_value(field)
    at.run()
    assert not at.exception and not at.main.error
    assert list(at.main.dataframe[1].value.columns) == list(FIELDS)  # the preview follows the mapping
    at.checkbox(key=f"import_map_{sha}_save").check().run()
    at.button(key="import_submit").click().run()
    assert not at.exception
    assert {m.label: m.value for m in at.main.metric}["已导入"] == "2"
    assert "已保存 5 个表头写法" in [s.value for s in at.main.success]
    assert scalar(page_db, "select count(*) from services") == 2
    assert scalar(page_db, "select count(*) from header_aliases where saved_by = 'local'") == 5

    later = csv_bytes([HEADERS, ["2025-04-01", "U02", "就业帮扶", "招聘会", "80", ""]])
    at = upload(open_import(), ("四月活动.csv", later))
    assert not at.main.error
    assert "识别为：**便民服务**" in " ".join(m.value for m in at.main.markdown)
    at.button(key="import_submit").click().run()
    assert scalar(page_db, "select count(*) from services") == 3

    assert "已保存的表头写法（5 个）" in [e.label for e in at.main.expander]
    at.selectbox(key="import_alias_pick").set_value(1)
    at.button(key="import_alias_remove").click().run()
    assert not at.exception
    assert scalar(page_db, "select count(*) from header_aliases") == 4
    assert scalar(page_db, "select count(*) from audit_log where action = 'header_alias.remove'") == 1


def test_a_roster_without_codes_shows_its_codes_and_an_assessor_changes_one(page_db: Path) -> None:
    roster = csv_bytes(
        [["支部名称", "类型", "党员人数"], ["北三街社区党支部", "社区", "103"], ["民政科党支部", "机关", "8"]]
    )
    at = upload(open_import(), ("名册.csv", roster))
    assert "名册没有编号列" in " ".join(i.value for i in at.main.info)
    at.button(key="import_submit").click().run()
    (codes,) = [d.value for d in at.main.dataframe if "编号来源" in d.value.columns]
    assert codes[["编号", "党组织名称", "编号来源"]].values.tolist() == [
        ["SQ01", "北三街社区党支部", "新分配"],
        ["JG01", "民政科党支部", "新分配"],
    ]
    at.selectbox(key="import_code_unit").set_value("JG01")
    at.text_input(key="import_code_new").input("MZK01")
    at.button(key="import_code_save").click().run()
    assert not at.exception
    assert "已把「民政科党支部」的编号由 JG01 改为 MZK01" in [s.value for s in at.main.success]
    assert scalar(page_db, "select unit_id from units where name = '民政科党支部'") == "MZK01"
    at.selectbox(key="import_code_unit").set_value("U01")
    at.text_input(key="import_code_new").input("U02")
    at.button(key="import_code_save").click().run()
    assert any("编号「U02」已被「新郑路社区党支部」使用" in e.value for e in at.main.error)


def test_a_file_name_is_shown_literally_never_as_a_link(page_db: Path) -> None:
    name = "[点我](http://evil.example)**.csv"
    at = upload(open_import(), (name, b"\x00\x01binary"))
    (error,) = [e.value for e in at.main.error]
    assert "[点我](http" not in error and "**" not in error.replace("\\*", "")
    assert r"\[点我\]\(http\://evil\.example\)\*\*\.csv" in error
    title = [m.value for m in at.main.markdown if "点我" in m.value]
    assert title == [r"**\[点我\]\(http\://evil\.example\)\*\*\.csv**"]


def test_the_page_and_its_refusals_read_in_english(page_db: Path) -> None:
    data = csv_bytes([["日期", "支部名称", "服务内容", "人次"], ["2025-03-05", "U01", "测血压", "3"]])
    at = upload(open_import("en"), ("a.csv", data))
    (error,) = [e.value for e in at.main.error]
    assert error.startswith(
        "Cannot import: " + ui.escape_markdown("The headers of the file “a.csv” fit no ledger. The closest is Services")
    )
    assert at.selectbox(key=f"import_map_{key_of(data)}_ledger").label == "Import as"
    assert at.download_button(key="import_template_download").label == "Download the template (xlsx)"
