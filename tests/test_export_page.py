"""The export page (导出) under AppTest, and the audit trail of exporting a published result."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
from streamlit.testing.v1 import AppTest

from kaohe import PROJECT_ROOT, audit, export, publish
from kaohe.access import LOCAL_VIEWER
from kaohe.periods import parse_period
from kaohe.store import Store

pytest_plugins = ["fixtures_app"]

APP = PROJECT_ROOT / "app.py"
PAGE = "pages/exports.py"
PERIOD = parse_period("2025")


def open_page(period: str = "2025") -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params["period"] = period
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.main.caption)


def test_page_offers_the_three_downloads_of_the_live_result(app_db: Any, fresh_demo_db: Path) -> None:
    with Store(fresh_demo_db) as store:
        expected_hash = export.context(store, LOCAL_VIEWER, PERIOD, published=False).result.result_hash
    app_db(fresh_demo_db)
    at = open_page()
    assert [title.value for title in at.main.title] == ["导出"]
    buttons = {b.key: b.label for b in at.main.get("download_button")}
    assert buttons == {
        "exports_download_xlsx": "下载 Excel 工作簿",
        "exports_download_csv": "下载 CSV 排名",
        "exports_download_pdf": "下载 PDF 报告",
    }
    assert expected_hash[:12] in captions(at)
    assert "36 个党组织" in captions(at)
    assert "实时：按现行评分办法和当前数据计算，尚未发布" in captions(at)


def test_published_choice_without_a_publication_says_so(app_db: Any, fresh_demo_db: Path) -> None:
    app_db(fresh_demo_db)
    at = open_page()
    at.radio(key="exports_source").set_value("published").run()
    assert not at.exception, at.exception
    assert any("还没有发布过考核结果" in info.value for info in at.main.info)
    assert not at.main.get("download_button")


def test_published_result_is_offered_once_published(app_db: Any, fresh_demo_db: Path) -> None:
    with Store(fresh_demo_db) as store:
        published = publish.publish(store, LOCAL_VIEWER, "2025")
    app_db(fresh_demo_db)
    at = open_page()
    at.radio(key="exports_source").set_value("published").run()
    assert not at.exception, at.exception
    text = captions(at)
    assert f"已发布：{published.published_at:%Y-%m-%d %H:%M} 由 本机用户 发布" in text
    assert published.result_hash[:12] in text
    assert len(at.main.get("download_button")) == 3


# -- the library behind the page ---------------------------------------------------------------------------


def test_exporting_a_published_result_is_audited_and_a_live_one_is_not(fresh_demo_db: Path) -> None:
    with Store(fresh_demo_db) as store:
        published = publish.publish(store, LOCAL_VIEWER, "2025")
        live = export.context(store, LOCAL_VIEWER, PERIOD, published=False)
        frozen = export.context(store, LOCAL_VIEWER, PERIOD, published=True)
        before = audit.entries(store, LOCAL_VIEWER, audit.AuditFilter(action="export"))
        assert export.record_export(store, live, "xlsx") is False
        assert export.record_export(store, frozen, "pdf") is True
        after = audit.entries(store, LOCAL_VIEWER, audit.AuditFilter(action="export"))
    assert len(after) == len(before) + 1
    entry = after.iloc[0]
    assert entry["who"] == "local"
    assert "2025" in entry["target"]
    assert published.result_hash in entry["after"] and "pdf" in entry["after"]


def test_published_export_is_the_frozen_result_even_after_the_data_change(fresh_demo_db: Path) -> None:
    with Store(fresh_demo_db) as store:
        published = publish.publish(store, LOCAL_VIEWER, "2025")
        frozen = export.context(store, LOCAL_VIEWER, PERIOD, published=True)
        before = frozen.result.units[["unit_id", "total", "grade"]].copy()
        # A later entry moves the live result; the published export must not move with it.
        with store.transaction() as cur:
            cur.execute("update units set name = name || '（改）' where unit_id = 'SQ01'")
        again = export.context(store, LOCAL_VIEWER, PERIOD, published=True)
    assert again.result.result_hash == published.result_hash
    assert again.result.units[["unit_id", "total", "grade"]].equals(before)
    book = openpyxl.load_workbook(io.BytesIO(export.export_bytes(again, "xlsx")))
    assert "已发布：" in book["排名"]["A2"].value and "由 本机用户 发布" in book["排名"]["A2"].value
    assert not any("（改）" in str(c.value) for c in book["排名"]["D"])
