"""The audit log: every write path appends who, when, what, before and after; nothing in the app can edit it."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from conftest import ROSTER_ROWS, csv_bytes

from kaohe import PROJECT_ROOT, audit, entry, publish, workflow
from kaohe.access import LOCAL_VIEWER, AccessDenied, Role, Viewer
from kaohe.assessments import load_assessments
from kaohe.ingest import import_file
from kaohe.sandbox import Console, SandboxError
from kaohe.scheme import SchemeError, save_scheme
from kaohe.store import Store

pytest_plugins = ["fixtures_app"]

ASSESSOR = Viewer("王秀兰", Role.ASSESSOR)
SECRETARY = Viewer("书记", Role.SECRETARY)


@pytest.fixture
def demo(fresh_demo_db: Path) -> Iterator[Store]:
    with Store(fresh_demo_db) as store:
        yield store


def log(store: Store, **where: object) -> pd.DataFrame:
    return audit.entries(store, LOCAL_VIEWER, audit.AuditFilter(**where))  # type: ignore[arg-type]


def newest(store: Store, action: str) -> pd.DataFrame:
    return log(store, action=action)


# -- every write path ----------------------------------------------------------------------------------


def test_an_import_logs_one_entry_with_its_counts(store: Store) -> None:
    rows = [*ROSTER_ROWS, ["U05", "", "社区", "", "x", ""]]  # one bad row: rejected, still one entry
    result = import_file(store, csv_bytes(rows), "名册.csv", user="录入员")
    entries = newest(store, "import")
    assert len(entries) == 1
    row = entries.iloc[0]
    assert (row["who"], row["target"], row["before"]) == ("录入员", "名册.csv", None)
    assert f'"loaded": {result.loaded}' in row["after"] and f'"rejected": {result.rejected}' in row["after"]
    assert result.rejected == 1
    # The same file again writes nothing, so it logs nothing.
    import_file(store, csv_bytes(rows), "名册.csv", user="录入员")
    assert len(newest(store, "import")) == 1


def test_a_scheme_save_and_activation_log_the_version_and_who(demo: Store) -> None:
    base = workflow.scheme_in_force(demo, "2025")
    saves = len(newest(demo, "scheme.save"))
    assert save_scheme(demo, base, who="考核组") is False  # stored by the demo build: no write, no entry
    assert len(newest(demo, "scheme.save")) == saves
    grid = workflow.target_grid(base)
    grid.loc[grid["indicator_id"] == "svc_count", "机关"] = "30"
    workflow.save_version(demo, ASSESSOR, base, workflow.edited_scheme(base, grid, 2))
    assert newest(demo, "scheme.save")[["who", "target"]].values.tolist()[0] == [ASSESSOR.user, "scheme 2025 v2"]
    workflow.activate(demo, ASSESSOR, "2025", 2, "党工委会议审定")
    activation = newest(demo, "scheme.activate").iloc[0]
    assert (activation["who"], activation["target"]) == (ASSESSOR.user, "scheme 2025 v2")
    assert "2025 第1版" in activation["before"] and "党工委会议审定" in activation["after"]


def test_an_assessors_file_logs_one_entry_with_the_row_count(demo: Store, tmp_path: Path) -> None:
    path = tmp_path / "补充评分.csv"
    path.write_text(
        "考核期,考核人,单位编号,指标,分数\n2025,陈静,SQ01,qual_review,8\n2025,陈静,SQ02,qual_review,7\n", "utf-8"
    )
    load_assessments(demo, path, who="考核组")
    row = newest(demo, "assessments.load").iloc[0]
    assert (row["who"], row["target"]) == ("考核组", "补充评分.csv")
    assert '"rows": 2' in row["after"] and '"kind": "qualitative"' in row["after"]


def test_each_saved_score_logs_its_before_and_after(demo: Store) -> None:
    scheme = workflow.scheme_in_force(demo, "2025")
    sheet = entry.score_sheet(demo, LOCAL_VIEWER, "2025", scheme, "陈静")
    edited = sheet.copy()
    edited.loc[0:2, "comment"] = "已复核"
    inputs = entry.sheet_inputs(sheet, edited, "陈静")
    entry.save_scores(demo, ASSESSOR, "2025", scheme, inputs)
    logged = newest(demo, "score.enter")
    assert len(logged) == 3 and set(logged["who"]) == {"王秀兰"}
    first = sheet.iloc[0]
    target = f"2025 陈静 {first['unit_id']} {first['indicator_id']}"
    row = logged[logged["target"] == target].iloc[0]
    assert '"comment": null' in row["before"] and '"comment": "已复核"' in row["after"]


def test_adjustments_log_add_correct_and_withdraw(demo: Store) -> None:
    scheme = workflow.scheme_in_force(demo, "2025")
    item = entry.AdjustmentInput("SQ05", "bonus", "创新项目", None, 1.0, "社区食堂", "文件")
    first = entry.add_adjustment(demo, ASSESSOR, "2025", scheme, item)
    second = entry.correct_adjustment(
        demo, ASSESSOR, "2025", scheme, first, item.__class__(**{**item.__dict__, "points": 2.0})
    )
    entry.withdraw_adjustment(demo, ASSESSOR, second, "重复录入")
    logged = log(demo, action="adjustment")
    assert logged[["action", "target"]].values.tolist() == [
        ["adjustment.withdraw", f"adjustment {second}"],
        ["adjustment.correct", f"adjustment {first}"],
        ["adjustment.add", f"adjustment {first}"],
    ]
    correct = logged.iloc[1]
    assert '"points": 1.0' in correct["before"] and '"points": 2.0' in correct["after"]


def test_publishing_and_exporting_a_published_result_are_logged(demo: Store) -> None:
    published = publish.publish(demo, SECRETARY, "2025")
    row = newest(demo, "publish").iloc[0]
    assert (row["who"], row["target"]) == ("书记", "2025 第1次发布")
    assert published.result_hash in row["after"]
    audit.log(demo, "书记", "export", f"publication {published.publication_id}", after={"file": "排名.xlsx"})
    assert newest(demo, "export")[["who", "target"]].values.tolist() == [["书记", "publication 1"]]


def test_a_refused_write_leaves_no_entry(demo: Store) -> None:
    scheme = workflow.scheme_in_force(demo, "2025")
    before = len(log(demo))
    with pytest.raises(entry.EntryError):
        entry.add_adjustment(
            demo, ASSESSOR, "2025", scheme, entry.AdjustmentInput("SQ05", "bonus", "无此类", None, 1, "x", None)
        )
    grid = workflow.target_grid(scheme)
    grid.loc[grid["indicator_id"] == "svc_count", "机关"] = "30"
    clash = workflow.edited_scheme(scheme, grid, 1)
    with pytest.raises(SchemeError):
        save_scheme(demo, clash, who="考核组")  # same version, other content: refused inside save_scheme
    assert len(log(demo)) == before


# -- reading and exporting the log ---------------------------------------------------------------------


def test_the_log_filters_by_who_action_date_and_text(demo: Store) -> None:
    audit.log(demo, "甲", "export", "publication 7")
    audit.log(demo, "乙", "export", "publication 8")
    today = date.today()
    assert log(demo, who="甲")["target"].tolist() == ["publication 7"]
    assert set(log(demo, action="export")["who"]) == {"甲", "乙"}
    assert log(demo, target_text="PUBLICATION 8")["who"].tolist() == ["乙"]
    assert len(log(demo, since=today, until=today, action="export")) == 2
    assert log(demo, until=today - timedelta(days=1)).empty
    facets = audit.facets(demo, LOCAL_VIEWER)
    assert {"甲", "乙", "demo"} <= set(facets.who) and "export" in facets.actions


def test_the_xlsx_export_keeps_formula_like_text_as_text(demo: Store) -> None:
    audit.log(demo, "=cmd|' /C calc'!A0", "export", "+1+1")
    frame = log(demo, action="export")
    headers = {c: c.upper() for c in audit.ENTRY_COLUMNS}
    book = openpyxl.load_workbook(io.BytesIO(audit.workbook(frame, headers, sheet="操作日志")))
    sheet = book["操作日志"]
    assert [c.value for c in sheet[1]] == [c.upper() for c in audit.ENTRY_COLUMNS]
    assert (sheet["C2"].value, sheet["C2"].data_type) == ("=cmd|' /C calc'!A0", "s")
    assert (sheet["E2"].value, sheet["E2"].data_type) == ("+1+1", "s")


@pytest.mark.parametrize(
    "viewer",
    [
        pytest.param(Viewer("分析员", Role.ANALYST), id="analyst"),
        pytest.param(Viewer("支部", Role.BRANCH, "SQ01"), id="branch"),
    ],
)
def test_only_roles_with_the_audit_right_read_the_log(demo: Store, viewer: Viewer) -> None:
    with pytest.raises(AccessDenied):
        audit.entries(demo, viewer)


# -- the log cannot be edited through the app ----------------------------------------------------------

_PROTECTED = r"(audit_log|published_results|published_units|published_lines)"
_EDIT = re.compile(rf"\b(update\s+{_PROTECTED}|delete\s+from\s+{_PROTECTED}|truncate\s+(table\s+)?{_PROTECTED}|"
                   rf"drop\s+(table|view)\s+(if\s+exists\s+)?{_PROTECTED}|alter\s+table\s+{_PROTECTED}|"
                   rf"insert\s+or\s+replace\s+into\s+{_PROTECTED}|on\s+conflict)", re.IGNORECASE)  # fmt: skip


def _sources() -> list[Path]:
    roots = [PROJECT_ROOT / "queries", PROJECT_ROOT / "kaohe", PROJECT_ROOT / "pages"]
    return [p for root in roots for p in root.rglob("*") if p.suffix in (".sql", ".py")] + [PROJECT_ROOT / "app.py"]


def test_no_statement_of_the_app_updates_or_deletes_the_log_or_a_publication() -> None:
    offenders = [
        f"{path.relative_to(PROJECT_ROOT)}: {m.group(0)}"
        for path in _sources()
        for m in _EDIT.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


@pytest.mark.parametrize(
    "text", ["delete from audit_log", "UPDATE published_results SET note = 'x'", "drop table audit_log"]
)
def test_the_edit_check_would_catch_an_edit(text: str) -> None:
    assert _EDIT.search(text)


@pytest.mark.parametrize(
    "sql",
    [
        "delete from audit_log",
        "update audit_log set who = 'x'",
        "drop table audit_log",
        "delete from published_results",
        "insert into audit_log (who, action, target) values ('x', 'y', 'z')",
    ],
)
def test_the_sql_console_cannot_edit_the_log(demo: Store, sql: str, tmp_path: Path) -> None:
    audit.log(demo, "书记", "export", "publication 1")
    before = len(log(demo))
    folder = tmp_path / "console"
    folder.mkdir()
    console = Console(demo, folder=folder)
    try:
        with pytest.raises(SandboxError):
            console.run(sql)
    finally:
        console.close()
    assert len(log(demo)) == before
