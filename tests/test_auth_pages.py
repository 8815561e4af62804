"""The account pages in the app: changing one's password signs out; the admin adds and disables users."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from conftest import sign_in_app
from streamlit.testing.v1 import AppTest

from kaohe import PROJECT_ROOT, ui
from kaohe.access import LOCAL_VIEWER
from kaohe.auth import Accounts
from kaohe.labels import label
from kaohe.store import Store

pytest_plugins = ["fixtures_app"]

APP = str(PROJECT_ROOT / "app.py")
PASSWORD = "page-test-pass-1"


@pytest.fixture
def db(app_db: Any, demo_db_template: Path, tmp_path: Path) -> Path:
    path = app_db(tmp_path / "kaohe.duckdb")
    shutil.copyfile(demo_db_template, path)
    with Store(path) as store:
        accounts = Accounts(store, hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
        accounts.add_user(LOCAL_VIEWER, "admin", PASSWORD, "admin")
        accounts.add_user(LOCAL_VIEWER, "li", PASSWORD, "analyst", display_name="李娜")
    ui._store_for.clear()
    ui._accounts_for.clear()
    return path


def sign_in(user: str, password: str = PASSWORD) -> AppTest:
    return sign_in_app(user, password, 60)  # type: ignore[no-any-return]


def submit(at: AppTest) -> None:
    next(b for b in at.main.button if b.label == "修改密码").click().run()


def test_changing_the_password_signs_out_and_the_new_one_works(db: Path) -> None:
    at = sign_in("li")
    at.switch_page(str(PROJECT_ROOT / "pages" / "account.py")).run()
    assert "li（李娜）" in at.main.caption[0].value
    at.text_input(key="account_old_password").input(PASSWORD)
    at.text_input(key="account_new_password").input("brand-new-pass-2")
    at.text_input(key="account_confirm_password").input("brand-new-pass-2")
    submit(at)
    assert not at.exception, at.exception
    assert [w.value for w in at.warning] == [label("auth.password_changed")]
    assert [t.label for t in at.text_input] == ["用户名", "密码"]
    assert sign_in("li", "brand-new-pass-2").sidebar.caption[0].value == "当前用户：li（分析员）"


def test_a_wrong_current_password_changes_nothing(db: Path) -> None:
    at = sign_in("li")
    at.switch_page(str(PROJECT_ROOT / "pages" / "account.py")).run()
    at.text_input(key="account_old_password").input("guess-guess")
    at.text_input(key="account_new_password").input("brand-new-pass-2")
    at.text_input(key="account_confirm_password").input("brand-new-pass-2")
    submit(at)
    assert [e.value for e in at.main.error] == ["当前密码不正确"]


def test_the_admin_adds_a_branch_user_and_disables_another(db: Path) -> None:
    at = sign_in("admin")
    at.switch_page(str(PROJECT_ROOT / "pages" / "users.py")).run()
    assert at.main.dataframe[0].value["用户名"].tolist() == ["admin", "li"]
    at.text_input(key="users_add_name").input("sq01")
    at.selectbox(key="users_add_role").select("branch")
    at.selectbox(key="users_add_unit").select("SQ01")
    at.text_input(key="users_add_password").input(PASSWORD)
    at.text_input(key="users_add_confirm").input(PASSWORD)
    next(b for b in at.main.button if b.label == "新建用户").click().run()
    assert not at.exception, at.exception
    assert [s.value for s in at.main.success] == ["已新建用户 sq01"]
    table = at.main.dataframe[0].value
    assert table[table["用户名"] == "sq01"][["角色", "所属党组织", "状态"]].values.tolist() == [
        ["支部", "SQ01", "正常"]
    ]
    at.selectbox(key="users_pick").select("li")
    at.button(key="users_disable").click().run()
    table = at.main.dataframe[0].value
    assert table[table["用户名"] == "li"]["状态"].tolist() == ["已停用"]
    refused = sign_in("li")
    assert [w.value for w in refused.warning] == ["该账号已停用，请联系管理员"]


# -- staying signed in: the session cookie ----------------------------------------------------------------
# AppTest cannot send cookies, so these tests stand in for the browser at ui._browser_cookies and read the
# scripts the app sends to write the cookie; tests/test_browser_auth.py checks that Chromium runs them.


def browser_sends(monkeypatch: pytest.MonkeyPatch, token: str | None) -> None:
    """The cookies the browser sent when the tab connected: the session cookie with `token`, or none."""
    cookies = {} if token is None else {ui.SESSION_COOKIE: token}
    monkeypatch.setattr(ui, "_browser_cookies", lambda: cookies)


def cookie_scripts(at: AppTest) -> list[str]:
    # Only the scripts that touch the cookie: the sign-in form also sends one that does nothing (ui.py says why).
    return [element.value for element in at.sidebar.html if "document.cookie" in element.value]


def sets_cookie(script: str, token: str) -> bool:
    return f"\"{ui.SESSION_COOKIE}\" + '=' + \"{token}\" + '; Path=/; Max-Age=1800; SameSite=Strict'" in script


def removes_cookie(script: str, token: str) -> bool:
    return f'includes("{ui.SESSION_COOKIE}" + \'=\' + "{token}")' in script and "Max-Age=0" in script


def new_tab() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def idle_30_minutes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KAOHE_SESSION_MINUTES", raising=False)


def test_signing_in_writes_the_cookie_once_for_the_idle_timeout(
    db: Path, monkeypatch: pytest.MonkeyPatch, idle_30_minutes: None
) -> None:
    browser_sends(monkeypatch, None)
    at = sign_in("li")
    token = str(at.session_state[ui.TOKEN_KEY])
    [script] = cookie_scripts(at)
    assert sets_cookie(script, token)
    # Not on every run: only when the server touches the session (at most once a minute).
    at.run()
    assert cookie_scripts(at) == []


def test_a_new_tab_with_the_cookie_is_signed_in_and_renews_it(
    db: Path, monkeypatch: pytest.MonkeyPatch, idle_30_minutes: None
) -> None:
    token = ui.accounts().login("li", PASSWORD).token
    browser_sends(monkeypatch, token)
    at = new_tab()
    assert at.sidebar.caption[0].value == "当前用户：li（分析员）"
    assert [t.label for t in at.text_input if t.key == "login_name"] == []
    assert at.session_state[ui.TOKEN_KEY] == token
    [script] = cookie_scripts(at)
    assert sets_cookie(script, token)


def _signed_out(token: str) -> None:
    ui.accounts().logout(token)


def _password_reset(token: str) -> None:
    ui.accounts().set_password(LOCAL_VIEWER, "li", "reset-by-admin-9")


def _disabled(token: str) -> None:
    ui.accounts().set_disabled(LOCAL_VIEWER, "li", True)


@pytest.mark.parametrize(
    "end_session",
    [
        pytest.param(_signed_out, id="signed-out-in-another-tab"),
        pytest.param(_password_reset, id="password-reset-by-admin"),
        pytest.param(_disabled, id="account-disabled"),
        pytest.param(None, id="token-never-issued"),
    ],
)
def test_a_cookie_whose_session_ended_shows_the_form_and_is_removed(
    db: Path, monkeypatch: pytest.MonkeyPatch, end_session: Any
) -> None:
    if end_session is None:
        token = "never-issued-" + "x" * 30
    else:
        token = ui.accounts().login("li", PASSWORD).token
        end_session(token)
    browser_sends(monkeypatch, token)
    at = new_tab()
    assert [t.key for t in at.text_input] == ["login_name", "login_password"]
    assert [w.value for w in at.warning] == [label("auth.ended")]
    assert ui.TOKEN_KEY not in at.session_state
    [script] = cookie_scripts(at)
    assert removes_cookie(script, token) and not sets_cookie(script, token)
    at.run()
    assert cookie_scripts(at) == []
    assert [t.key for t in at.text_input] == ["login_name", "login_password"]


def test_signing_out_removes_the_cookie_and_the_tab_stays_signed_out(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    token = ui.accounts().login("li", PASSWORD).token
    browser_sends(monkeypatch, token)
    at = new_tab()
    at.button(key="app_logout").click().run()
    assert [t.key for t in at.text_input] == ["login_name", "login_password"]
    [script] = cookie_scripts(at)
    assert removes_cookie(script, token)
    # The tab still "sent" the cookie when it connected (st.context keeps it): it must not sign in again.
    at.run()
    assert [t.key for t in at.text_input] == ["login_name", "login_password"]
    assert cookie_scripts(at) == []
    assert ui.accounts().session(token) is None
