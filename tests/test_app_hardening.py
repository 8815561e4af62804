"""The app under the faults and attacks of the hardening review, in AppTest: a damaged database, guessing at the sign-in
form, the session cookie's place, the console's memory, the admin's unlock and backups."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from conftest import add_accounts, sign_in_app
from streamlit.testing.v1 import AppTest

from kaohe import PROJECT_ROOT, navigation, ui
from kaohe.auth import NAME_RULE
from kaohe.backup import list_backups
from kaohe.sandbox import SqlResult

pytest_plugins = ["fixtures_app"]

APP = str(PROJECT_ROOT / "app.py")
PASSWORD = "hardening-pass-1"


@pytest.fixture
def db(app_db: Any, demo_db_template: Path, tmp_path: Path) -> Path:
    path = app_db(tmp_path / "kaohe.duckdb")
    shutil.copyfile(demo_db_template, path)
    add_accounts(path, PASSWORD, [("admin", "admin"), ("wang", "secretary"), ("zhao", "analyst")])
    return path


def tab(lang: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    if lang:
        at.query_params["lang"] = lang
    at.run()
    return at


def sign_in(user: str, password: str = PASSWORD) -> AppTest:
    return sign_in_app(user, password, timeout=90)  # type: ignore[no-any-return]


def sidebar_kinds(at: AppTest) -> list[str]:
    return [type(element).__name__ for element in at.sidebar]


# -- item 9: the cookie is written before the page shows anyone signed in -----------------------------------


def test_the_session_cookie_is_written_before_anything_shows_the_user_signed_in(db: Path) -> None:
    at = sign_in("wang")
    elements = list(at.sidebar)
    cookie = next(i for i, e in enumerate(elements) if "document.cookie" in str(getattr(e, "value", "")))
    signed_in = next(i for i, e in enumerate(elements) if str(getattr(e, "value", "")).startswith("当前用户"))
    assert cookie < signed_in, [type(e).__name__ for e in elements]


# -- items 2 and 4: guessing at the form -------------------------------------------------------------------


def test_guessing_through_the_form_is_held_off_the_same_way_for_real_and_made_up_names(db: Path) -> None:
    answers = {}
    for name in ("admin", "nobody"):
        at = tab()
        shown = []
        for attempt in range(NAME_RULE.free + 1):
            at.text_input(key="login_name").input(name)
            at.text_input(key="login_password").input(f"guess-{attempt}")
            at.button[0].click().run()
            shown.append(at.warning[0].value)
        answers[name] = shown
    assert answers["admin"] == answers["nobody"]
    assert answers["admin"][0] == "用户名或密码错误"
    assert answers["admin"][-1].startswith("登录尝试过于频繁")


def test_an_admin_lifts_a_hold_on_the_users_page(db: Path) -> None:
    for attempt in range(NAME_RULE.free):
        sign_in("wang", f"wrong-{attempt}")
    at = sign_in("admin")
    at.switch_page(str(PROJECT_ROOT / "pages" / "users.py")).run()
    table = at.main.dataframe[0].value
    assert table[table["用户名"] == "wang"]["状态"].tolist() == ["暂停登录（密码错误过多）"]
    at.selectbox(key="users_pick").select("wang").run()
    at.button(key="users_unlock").click().run()
    assert [s.value for s in at.main.success] == ["已解除用户 wang 的登录限制"]
    table = at.main.dataframe[0].value
    assert table[table["用户名"] == "wang"]["状态"].tolist() == ["正常"]
    assert sign_in("wang").sidebar.caption[0].value == "当前用户：wang（书记）"


# -- item 8: a database that is not one ---------------------------------------------------------------------

DAMAGES = [
    pytest.param(lambda data: b"", id="empty"),
    pytest.param(lambda data: data[: len(data) // 3], id="truncated"),
    pytest.param(lambda data: b"\x00garbage" * 5000, id="garbage"),
]


@pytest.mark.parametrize("damage", DAMAGES)
@pytest.mark.parametrize(
    ("lang", "says"),
    [("zh", "无法读取：它不是完整的 DuckDB 数据库"), ("en", "cannot be read: it is not a whole DuckDB database")],
)
def test_a_damaged_database_is_said_in_the_users_language(
    app_db: Any, tmp_path: Path, demo_db_template: Path, damage: Any, lang: str, says: str
) -> None:
    path = app_db(tmp_path / "kaohe.duckdb")
    path.write_bytes(damage(demo_db_template.read_bytes()))
    ui._store_for.clear()
    at = tab(lang)
    assert not at.exception, at.exception
    [error] = at.main.error
    assert says in error.value and str(path) in error.value
    assert "IOException" not in error.value and "IO Error" not in error.value
    # Nothing else is offered: no page, no sign-in form, the file untouched.
    assert [t.key for t in at.text_input] == []
    assert path.read_bytes() == damage(demo_db_template.read_bytes())


# -- item 1: the console keeps nothing large in the session ------------------------------------------------


def test_a_console_answer_is_not_kept_in_the_session_and_a_huge_one_is_refused(db: Path) -> None:
    at = sign_in("zhao")
    at.switch_page(str(PROJECT_ROOT / "pages" / "explorer.py")).run()
    at.text_area(key="explore_sql").input("select * from services")
    at.button(key="explore_run").click().run()
    assert not at.exception, at.exception
    assert not at.main.error, [e.value for e in at.main.error]
    [result] = [d.value for d in at.main.dataframe if "people_served" in d.value.columns]
    assert len(result) > 1000
    held = [key for key in at.session_state if isinstance(at.session_state[key], SqlResult | pd.DataFrame)]
    assert held == []
    at.text_area(key="explore_sql").input("select repeat('x', 50000000) from range(80)")
    at.button(key="explore_run").click().run()
    assert [e.value for e in at.main.error] == [
        "查询未执行：查询所需内存超过上限（1024 MB），已中止；请少选长文本列、加筛选条件或 limit 后再试"
    ]


# -- backups from the admin page -----------------------------------------------------------------------------


def test_the_admin_backs_up_now_and_sees_the_backup(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAOHE_BACKUP_DIR", str(tmp_path / "backups"))
    at = sign_in("admin")
    at.switch_page(str(PROJECT_ROOT / "pages" / "backups.py")).run()
    assert not at.exception, at.exception
    assert [i.value for i in at.main.info] == ["还没有备份。"]
    at.button(key="backups_now").click().run()
    [made] = list_backups(tmp_path / "backups")
    assert [s.value for s in at.main.success] == [f"已备份到 {made.path}（{made.size / 1024 / 1024:.1f} MB）"]
    assert at.main.dataframe[0].value["文件"].tolist() == [str(made.path)]


def test_only_admins_see_the_backup_page(db: Path) -> None:
    at = sign_in("wang")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(str(PROJECT_ROOT / "pages" / "backups.py"))
    assert [spec.path for spec in navigation.pages_for_role("admin")][-1] == "pages/backups.py"
