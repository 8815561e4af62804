"""Every role × page and every role × write path: what a signed-in user is offered, and what is refused.

Pages are driven with AppTest through app.py (sign-in included); write paths are called as library functions
with each role's Viewer, since the library enforces permissions whatever page or command calls it.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from conftest import ROSTER_ROWS, csv_bytes, sign_in_app
from streamlit.navigation.page import calc_hash
from streamlit.testing.v1 import AppTest

from kaohe import PROJECT_ROOT, navigation, ui
from kaohe.access import LOCAL_VIEWER, AccessDenied, Permission, Role, Viewer
from kaohe.auth import Accounts
from kaohe.labels import label
from kaohe.store import Store

pytest_plugins = ["fixtures_app"]

APP = str(PROJECT_ROOT / "app.py")
TIMEOUT = 60
PASSWORD = "role-test-pass-1"
ACCOUNT_ROLES = [Role.SECRETARY, Role.ASSESSOR, Role.ANALYST, Role.BRANCH, Role.LEADER, Role.ADMIN]
UNIT = "SQ01"
LEADER = "王志刚"  # the demo's 党工委书记: linked to SQ01 and the firms and organisation in its community


@pytest.fixture(scope="module")
def accounts_db(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database with one account per role (user name = role name)."""
    path = tmp_path_factory.mktemp("roles") / "kaohe.duckdb"
    shutil.copyfile(demo_db_template, path)
    with Store(path) as store:
        accounts = Accounts(store, hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
        for role in ACCOUNT_ROLES:
            unit = UNIT if role is Role.BRANCH else None
            leader = LEADER if role is Role.LEADER else None
            accounts.add_user(LOCAL_VIEWER, role.value, PASSWORD, role, unit_id=unit, leader=leader)
    return path


@pytest.fixture
def app_with_accounts(app_db: Any, accounts_db: Path) -> Path:
    return app_db(accounts_db)


def sign_in(user: str, password: str = PASSWORD) -> AppTest:
    return sign_in_app(user, password, TIMEOUT)  # type: ignore[no-any-return]


def registered(at: AppTest) -> set[str]:
    """The page files in this run's navigation."""
    return {
        str(Path(str(info["script_path"])).relative_to(PROJECT_ROOT))
        for info in at._registered_pages.values()
        if info.get("script_path")
    }


def titles(at: AppTest) -> list[str]:
    return [t.value for t in at.main.title]


# -- signing in --------------------------------------------------------------------------------------


def test_a_stranger_sees_only_the_sign_in_form_whatever_url(app_with_accounts: Path) -> None:
    for spec in navigation.PAGES:
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        at._page_hash = calc_hash(spec.url_path)
        at.run()
        assert not at.exception, at.exception
        assert [t.label for t in at.text_input] == ["用户名", "密码"], spec.url_path
        assert registered(at) == set() and label(spec.title_key) not in titles(at)
        assert not at.sidebar.selectbox  # no period picker, no data


def test_a_wrong_password_keeps_the_form_and_says_why(app_with_accounts: Path) -> None:
    at = sign_in("analyst", "not-the-password")
    assert [w.value for w in at.warning] == ["用户名或密码错误"]
    assert registered(at) == set()


# -- role × page -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ACCOUNT_ROLES, ids=[r.value for r in ACCOUNT_ROLES])
def test_the_navigation_lists_exactly_the_pages_of_the_role(app_with_accounts: Path, role: Role) -> None:
    at = sign_in(role.value)
    assert registered(at) == {spec.path for spec in navigation.pages_for_role(role.value)}
    assert f"当前用户：{role.value}（{label(f'app.role.{role.value}')}）" in [c.value for c in at.sidebar.caption]


FORBIDDEN = [(role, spec) for role in ACCOUNT_ROLES for spec in navigation.PAGES if role.value not in spec.roles]


@pytest.mark.parametrize(("role", "spec"), FORBIDDEN, ids=[f"{r.value}-{s.url_path}" for r, s in FORBIDDEN])
def test_opening_a_forbidden_pages_url_does_not_render_it(
    app_with_accounts: Path, role: Role, spec: navigation.PageSpec
) -> None:
    at = sign_in(role.value)
    at._page_hash = calc_hash(spec.url_path)
    at.run()
    assert not at.exception, at.exception
    assert spec.path not in registered(at)
    assert label(spec.title_key) not in titles(at)


POLICY = [
    pytest.param(
        Role.ADMIN,
        {"pages/account.py", "pages/users.py", "pages/audit_log.py", "pages/backups.py"},
        id="admin-accounts-audit-and-backups",
    ),
    pytest.param(Role.ANALYST, set(), id="analyst"),
    pytest.param(Role.BRANCH, set(), id="branch"),
    pytest.param(Role.LEADER, set(), id="leader"),
]


@pytest.mark.parametrize(("role", "only"), POLICY)
def test_user_admin_is_for_admins_and_imports_need_the_import_right(role: Role, only: set[str]) -> None:
    paths = {spec.path for spec in navigation.pages_for_role(role.value)}
    assert ("pages/users.py" in paths) is (role is Role.ADMIN)
    assert "pages/import_ledgers.py" not in paths
    if only:
        assert paths == only


def test_a_leader_opens_on_my_units_listed_first(app_with_accounts: Path) -> None:
    at = sign_in("leader")
    assert titles(at) == [label("page.my_units")]
    first_section = next(iter(at._registered_pages.values()))
    assert str(first_section["script_path"]).endswith("pages/my_units.py")
    for other in ("secretary", "assessor"):
        assert titles(sign_in(other)) == [label("page.overview")]


# -- sessions ending under the user's feet ------------------------------------------------------------


def end_by(how: str, db: Path) -> None:
    with Store(db) as store:
        if how == "expired":
            store.cursor().execute(
                "update sessions set last_seen = last_seen - interval 31 minute where ended_at is null"
            )
        else:
            Accounts(store).set_disabled(LOCAL_VIEWER, "analyst", True)


@pytest.mark.parametrize("how", ["expired", "disabled"])
def test_a_session_ended_server_side_returns_to_the_sign_in_form(
    app_db: Any, demo_db_template: Path, tmp_path: Path, how: str
) -> None:
    db = app_db(tmp_path / "kaohe.duckdb")
    shutil.copyfile(demo_db_template, db)
    with Store(db) as store:
        Accounts(store, hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)).add_user(
            LOCAL_VIEWER, "analyst", PASSWORD, "analyst"
        )
    at = sign_in("analyst")
    assert registered(at)
    ui._store_for.clear()  # the test writes through its own connection: let the app open the file afresh
    ui._accounts_for.clear()
    end_by(how, db)
    at.run()
    assert not at.exception, at.exception
    assert registered(at) == set()
    assert [w.value for w in at.warning] == [label("auth.ended")]


def test_logout_ends_the_session(app_with_accounts: Path) -> None:
    at = sign_in("analyst")
    at.button(key="app_logout").click().run()
    assert registered(at) == set()
    with Store(app_with_accounts) as store:
        (reason,) = (
            store.cursor()
            .execute("select end_reason from sessions where user_name = 'analyst' order by created_at desc limit 1")
            .fetchone()
        )
    assert reason == "logout"


# -- write paths -------------------------------------------------------------------------------------


def _import(store: Store, viewer: Viewer) -> Any:
    from kaohe.ingest import import_file

    return import_file(store, csv_bytes(ROSTER_ROWS), "名册.csv", viewer=viewer)


def _scheme_save(store: Store, viewer: Viewer) -> Any:
    from kaohe.workflow import save_version

    return save_version(store, viewer, None, None)  # type: ignore[arg-type]


def _score_entry(store: Store, viewer: Viewer) -> Any:
    from kaohe.entry import save_scores

    return save_scores(store, viewer, "2025", None, [])  # type: ignore[arg-type]


def _adjustment(store: Store, viewer: Viewer) -> Any:
    from kaohe.entry import add_adjustment

    return add_adjustment(store, viewer, "2025", None, None)  # type: ignore[arg-type]


def _withdraw(store: Store, viewer: Viewer) -> Any:
    from kaohe.entry import withdraw_adjustment

    return withdraw_adjustment(store, viewer, 1, "误录")


def _publish(store: Store, viewer: Viewer) -> Any:
    from kaohe.publish import publish

    return publish(store, viewer, "2099")


def _request_publish(store: Store, viewer: Viewer) -> Any:
    from kaohe.publish import request_publication

    return request_publication(store, viewer, "2099", "")


def _decline_request(store: Store, viewer: Viewer) -> Any:
    from kaohe.publish import decline_request

    return decline_request(store, viewer, 1, "")


def _export(store: Store, viewer: Viewer) -> Any:
    from kaohe.export import gather

    return gather(None, None, viewer)  # type: ignore[arg-type]


def _leader_edit(store: Store, viewer: Viewer) -> Any:
    from kaohe.leaders import LeaderEntry, save_leader

    return save_leader(store, viewer, LeaderEntry("新成员", unit_ids=(UNIT,)))


def _awards_confirm(store: Store, viewer: Viewer) -> Any:
    from kaohe.awards import confirm
    from kaohe.periods import parse_period

    return confirm(store, viewer, parse_period("2025"), [])


def _rectification_draft(store: Store, viewer: Viewer) -> Any:
    from kaohe.periods import parse_period
    from kaohe.rectification import create

    return create(store, viewer, parse_period("2025"), None)  # type: ignore[arg-type]


def _add_user(store: Store, viewer: Viewer) -> Any:
    return Accounts(store, hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)).add_user(
        viewer, "newcomer", PASSWORD, "analyst"
    )


WRITE_PATHS: list[tuple[str, Callable[[Store, Viewer], Any], Permission]] = [
    ("import", _import, Permission.IMPORT),
    ("scheme-save", _scheme_save, Permission.EDIT_SCHEME),
    ("score-entry", _score_entry, Permission.ENTER_SCORES),
    ("adjustment", _adjustment, Permission.ENTER_SCORES),
    ("withdraw", _withdraw, Permission.ENTER_SCORES),
    ("publish", _publish, Permission.PUBLISH),
    ("request-publish", _request_publish, Permission.REQUEST_PUBLISH),
    ("decline-request", _decline_request, Permission.PUBLISH),
    ("export", _export, Permission.EXPORT),
    ("add-user", _add_user, Permission.MANAGE_USERS),
    ("leader-edit", _leader_edit, Permission.EDIT_LEADERS),
    ("awards-confirm", _awards_confirm, Permission.CONFIRM_AWARDS),
    ("rectification-draft", _rectification_draft, Permission.MANAGE_RECTIFICATION),
]
CASES = [(role, name, call, perm) for role in ACCOUNT_ROLES for name, call, perm in WRITE_PATHS]


@pytest.mark.parametrize(
    ("role", "call", "permission"),
    [(r, c, p) for r, _, c, p in CASES],
    ids=[f"{r.value}-{n}" for r, n, _, _ in CASES],
)
def test_write_paths_refuse_roles_without_the_right(
    store: Store, role: Role, call: Callable[[Store, Viewer], Any], permission: Permission
) -> None:
    viewer = Viewer(
        role.value, role, unit_id=UNIT if role is Role.BRANCH else None, leader=LEADER if role is Role.LEADER else None
    )
    audit_before = store.cursor().execute("select count(*) from audit_log").fetchone()
    if role in PERMITTED[permission]:
        # Past the permission check the call fails or succeeds on its (dummy) arguments, never on the role.
        try:
            call(store, viewer)
        except AccessDenied:
            pytest.fail(f"{role.value} was refused {permission.value}")
        except Exception:
            pass
    else:
        with pytest.raises(AccessDenied, match=label(f"access.permission.{permission.value}")):
            call(store, viewer)
        assert store.cursor().execute("select count(*) from audit_log").fetchone() == audit_before


# Who may do what, as the product promises it (kept here, apart from kaohe.access, so the two are checked).
PERMITTED = {
    Permission.IMPORT: {Role.ASSESSOR},
    Permission.EDIT_SCHEME: {Role.ASSESSOR},
    Permission.ENTER_SCORES: {Role.ASSESSOR},
    Permission.PUBLISH: {Role.SECRETARY},
    # The assessors prepare the result and ask the secretary to publish it.
    Permission.REQUEST_PUBLISH: {Role.ASSESSOR},
    Permission.EXPORT: {Role.SECRETARY, Role.ASSESSOR, Role.LEADER},
    Permission.MANAGE_USERS: {Role.ADMIN},
    # The leaders list, the honours and rectification are the assessors' work.
    Permission.EDIT_LEADERS: {Role.ASSESSOR},
    Permission.CONFIRM_AWARDS: {Role.ASSESSOR},
    Permission.MANAGE_RECTIFICATION: {Role.ASSESSOR},
}


# -- hardening ---------------------------------------------------------------------------------------


def test_xsrf_protection_stays_on_and_error_details_stay_hidden() -> None:
    import tomllib

    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["address"] == "localhost"
    assert config["client"]["showErrorDetails"] == "none"


def test_an_unexpected_error_shows_an_error_id_not_a_traceback(
    app_db: Any, demo_db: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from kaohe import overview

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret internals /etc/kaohe")

    app_db(demo_db)
    monkeypatch.setattr(overview, "headlines", broken)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    errors = [e.value for e in at.main.error]
    assert len(errors) == 1 and errors[0].startswith("出错了，错误编号 ") and errors[0].endswith("，请联系管理员")
    error_id = errors[0].removeprefix("出错了，错误编号 ").removesuffix("，请联系管理员")
    assert "secret internals" not in repr(at.main)
    assert any(error_id in r.getMessage() and r.exc_info for r in caplog.records)


def test_demo_mode_says_so_and_how_to_create_the_first_admin(app_db: Any, demo_db: Path) -> None:
    app_db(demo_db)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    banner = [i.value for i in at.main.info if "演示模式" in i.value]
    assert len(banner) == 1 and "kaohe users add admin --role admin" in banner[0]
    assert "pages/users.py" in registered(at) and not at.text_input
