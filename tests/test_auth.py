"""Accounts: password hashes, sign-in throttling, idle expiry and the events that end a user's sessions at once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from argon2 import PasswordHasher

from kaohe.access import LOCAL_VIEWER, AccessDenied, Role, Viewer
from kaohe.auth import CLIENT_RULE, NAME_RULE, Accounts, AuthError, LoginRefused, has_users, token_hash
from kaohe.store import Store

PASSWORD = "correct-horse-9"
START = datetime(2025, 3, 3, 9, 0)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def accounts(units_roster: Store, clock: Clock) -> Iterator[Accounts]:
    # Cheap argon2 parameters keep the suite fast; the algorithm and format are those of production.
    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    accounts = Accounts(units_roster, clock=clock, hasher=cheap, idle_timeout=timedelta(minutes=30))
    accounts.add_user(LOCAL_VIEWER, "zhang", PASSWORD, "secretary", display_name="张伟")
    accounts.add_user(LOCAL_VIEWER, "u01", PASSWORD, "branch", unit_id="U01")
    yield accounts


def rows(store: Store, sql: str) -> list[tuple[object, ...]]:
    return store.cursor().execute(sql).fetchall()


def test_a_database_without_accounts_is_in_demo_mode(store: Store) -> None:
    assert not has_users(store)
    Accounts(store, hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)).add_user(
        LOCAL_VIEWER, "admin", PASSWORD, "admin"
    )
    assert has_users(store)


def test_the_password_is_stored_only_as_an_argon2id_hash_and_never_logged(accounts: Accounts) -> None:
    ((stored,),) = rows(accounts.store, "select password_hash from users where user_name = 'zhang'")
    assert str(stored).startswith("$argon2id$") and PASSWORD not in str(stored)
    accounts.login("zhang", PASSWORD)
    logged = rows(accounts.store, "select who, action, target, before, after from audit_log")
    assert PASSWORD not in repr(logged)
    assert ("zhang", "auth.login") in [(who, action) for who, action, *_ in logged]


def test_a_good_login_opens_a_session_known_only_by_its_token_hash(accounts: Accounts) -> None:
    login = accounts.login("  Zhang ", PASSWORD)
    assert login.session.viewer == Viewer("zhang", Role.SECRETARY)
    assert rows(accounts.store, "select token_hash from sessions") == [(token_hash(login.token),)]
    session = accounts.session(login.token)
    assert session is not None and session.display_name == "张伟"


def test_a_branch_session_carries_its_unit_scope(accounts: Accounts) -> None:
    session = accounts.login("u01", PASSWORD).session
    assert session.viewer.unit_scope == ("U01",)


def wrong_attempts(accounts: Accounts, name: str, n: int, client: str = "10.0.0.5") -> list[str]:
    """Sign in `n` times with a wrong password; the reason of each refusal."""
    reasons = []
    for attempt in range(n):
        with pytest.raises(LoginRefused) as caught:
            accounts.login(name, f"wrong-{attempt}", client=client)
        reasons.append(caught.value.reason)
    return reasons


def throttle(store: Store, scope: str, key: str) -> tuple[object, ...] | None:
    found = store.cursor().execute(
        "select failures, blocked_until from login_throttle where scope = ? and key = ?", [scope, key]
    )
    return found.fetchone()


THROTTLE_CASES = [
    pytest.param(NAME_RULE.free - 1, None, id="four-wrong-then-right-signs-in-at-once"),
    pytest.param(NAME_RULE.free, "throttled", id="five-wrong-then-even-the-right-password-waits"),
]


@pytest.mark.parametrize(("wrong", "refused"), THROTTLE_CASES)
def test_wrong_passwords_past_the_allowance_hold_off_the_next_check(
    accounts: Accounts, wrong: int, refused: str | None
) -> None:
    assert wrong_attempts(accounts, "zhang", wrong) == ["bad_credentials"] * wrong
    if refused is None:
        accounts.login("zhang", PASSWORD)
        assert throttle(accounts.store, "name", "zhang") is None
    else:
        with pytest.raises(LoginRefused, match="15 秒后再试") as caught:
            accounts.login("zhang", PASSWORD)
        assert caught.value.reason == refused


def test_the_wait_doubles_and_is_capped_so_nobody_keeps_an_account_out_for_long(
    accounts: Accounts, clock: Clock
) -> None:
    waits = []
    for _ in range(12):
        with pytest.raises(LoginRefused):
            accounts.login("zhang", "wrong", client=f"10.0.0.{len(waits)}")
        row = throttle(accounts.store, "name", "zhang")
        assert row is not None
        blocked_until = row[1]
        waits.append(0 if blocked_until is None else round((blocked_until - clock.now).total_seconds()))  # type: ignore[operator]
        clock.now = blocked_until or clock.now  # type: ignore[assignment]
    assert waits == [0, 0, 0, 0, 15, 30, 60, 120, 240, 300, 300, 300]
    assert NAME_RULE.max_wait == timedelta(minutes=5)
    # Once the wait has run out, the right password signs in and the count starts again.
    assert accounts.login("zhang", PASSWORD).session.user_name == "zhang"
    assert throttle(accounts.store, "name", "zhang") is None


def test_an_unknown_name_gets_the_same_answers_as_a_real_one(accounts: Accounts) -> None:
    real = wrong_attempts(accounts, "zhang", NAME_RULE.free + 1, client="10.0.0.1")
    made_up = wrong_attempts(accounts, "nobody", NAME_RULE.free + 1, client="10.0.0.2")
    assert real == made_up == ["bad_credentials"] * NAME_RULE.free + ["throttled"]
    texts = []
    for name in ("zhang", "nobody"):
        with pytest.raises(LoginRefused) as caught:
            accounts.login(name, PASSWORD, client="10.0.0.3")
        texts.append(str(caught.value))
    assert texts[0] == texts[1]
    assert throttle(accounts.store, "name", "zhang") == throttle(accounts.store, "name", "nobody")


def test_one_address_guessing_many_names_is_held_off_too(accounts: Accounts) -> None:
    for i in range(CLIENT_RULE.free):
        with pytest.raises(LoginRefused, match="用户名或密码错误"):
            accounts.login(f"guess{i}", "password", client="10.9.9.9")
    with pytest.raises(LoginRefused) as caught:
        accounts.login("zhang", PASSWORD, client="10.9.9.9")
    assert caught.value.reason == "throttled"
    # The same account from another address is not held off.
    assert accounts.login("zhang", PASSWORD, client="10.0.0.8").session.user_name == "zhang"


def test_a_crowd_of_good_sign_ins_from_one_office_address_is_not_held_off(accounts: Accounts) -> None:
    from concurrent.futures import ThreadPoolExecutor

    names = [f"clerk{i:02d}" for i in range(CLIENT_RULE.free + 5)]
    for name in names:
        accounts.add_user(LOCAL_VIEWER, name, PASSWORD, "analyst")
    with ThreadPoolExecutor(max_workers=len(names)) as pool:
        signed_in = list(pool.map(lambda n: accounts.login(n, PASSWORD, client="10.8.8.8").session.user_name, names))
    assert signed_in == names
    assert throttle(accounts.store, "client", "10.8.8.8") is None


def test_signing_in_and_out_leaves_cached_results_alone(accounts: Accounts) -> None:
    # Page caches key on the store's generation; sign-ins write only bookkeeping no cached page shows.
    before = accounts.store.generation
    wrong_attempts(accounts, "zhang", 2)
    token = accounts.login("zhang", PASSWORD).token
    accounts.logout(token)
    assert accounts.store.generation == before


def test_an_admin_lifts_the_hold_on_a_name(accounts: Accounts) -> None:
    wrong_attempts(accounts, "zhang", NAME_RULE.free)
    assert accounts.accounts(LOCAL_VIEWER)[-1].locked
    with pytest.raises(AccessDenied):
        accounts.unlock(Viewer("zhang", Role.SECRETARY), "zhang")
    accounts.unlock(Viewer("admin", Role.ADMIN), "zhang")
    assert not any(a.locked for a in accounts.accounts(LOCAL_VIEWER))
    assert accounts.login("zhang", PASSWORD, client="10.0.0.7").session.user_name == "zhang"
    logged = rows(accounts.store, "select who, action, target from audit_log where action = 'user.unlock'")
    assert logged == [("admin", "user.unlock", "zhang")]
    with pytest.raises(AuthError, match="不存在"):
        accounts.unlock(LOCAL_VIEWER, "nobody")


def test_parallel_wrong_passwords_are_each_counted_and_only_the_allowance_is_checked(accounts: Accounts) -> None:
    from concurrent.futures import ThreadPoolExecutor

    checks: list[str] = []

    class CountingHasher(PasswordHasher):
        def verify(self, hash: str | bytes, password: str | bytes) -> bool:  # noqa: A002 (argon2's own name)
            checks.append(str(password))
            return bool(super().verify(hash, password))

    accounts.hasher = CountingHasher(time_cost=1, memory_cost=8, parallelism=1)

    def attempt(i: int) -> str:
        try:
            accounts.login("zhang", f"wrong-{i}", client=f"10.1.0.{i}")
        except LoginRefused as refused:
            return refused.reason
        return "signed in"

    with ThreadPoolExecutor(max_workers=20) as pool:
        reasons = list(pool.map(attempt, range(20)))
    assert sorted(reasons) == sorted(["bad_credentials"] * NAME_RULE.free + ["throttled"] * (20 - NAME_RULE.free))
    assert len(checks) == NAME_RULE.free
    row = throttle(accounts.store, "name", "zhang")
    assert row is not None and row[0] == NAME_RULE.free and row[1] is not None


IDLE_CASES = [
    pytest.param(29, True, id="29-idle-minutes-still-signed-in"),
    pytest.param(31, False, id="31-idle-minutes-expired"),
]


@pytest.mark.parametrize(("idle_minutes", "alive"), IDLE_CASES)
def test_sessions_expire_after_inactivity(accounts: Accounts, clock: Clock, idle_minutes: int, alive: bool) -> None:
    token = accounts.login("zhang", PASSWORD).token
    clock.advance(minutes=idle_minutes)
    assert (accounts.session(token) is not None) is alive
    if not alive:
        assert rows(accounts.store, "select end_reason from sessions") == [("expired",)]


def test_activity_keeps_a_session_alive(accounts: Accounts, clock: Clock) -> None:
    token = accounts.login("zhang", PASSWORD).token
    for _ in range(4):
        clock.advance(minutes=20)
        assert accounts.session(token) is not None
    assert clock.now - START == timedelta(minutes=80)


def test_logout_ends_the_session(accounts: Accounts) -> None:
    token = accounts.login("zhang", PASSWORD).token
    accounts.logout(token)
    assert accounts.session(token) is None
    assert rows(accounts.store, "select end_reason from sessions") == [("logout",)]


ENDING_EVENTS = ["disable", "admin-reset", "own-change"]


@pytest.mark.parametrize("event", ENDING_EVENTS, ids=ENDING_EVENTS)
def test_every_session_of_the_user_ends_at_once(accounts: Accounts, event: str) -> None:
    first = accounts.login("zhang", PASSWORD)
    second = accounts.login("zhang", PASSWORD)
    other = accounts.login("u01", PASSWORD).token
    if event == "disable":
        accounts.set_disabled(LOCAL_VIEWER, "zhang", True)
    elif event == "admin-reset":
        accounts.set_password(LOCAL_VIEWER, "zhang", "another-pass-1")
    else:
        accounts.change_own_password(first.session, PASSWORD, "another-pass-1")
    assert accounts.session(first.token) is None and accounts.session(second.token) is None
    assert accounts.session(other) is not None


def test_a_disabled_user_cannot_sign_in_and_can_be_enabled_again(accounts: Accounts) -> None:
    accounts.set_disabled(LOCAL_VIEWER, "zhang", True)
    with pytest.raises(LoginRefused, match="停用") as caught:
        accounts.login("zhang", PASSWORD)
    assert caught.value.reason == "disabled"
    accounts.set_disabled(LOCAL_VIEWER, "zhang", False)
    assert accounts.login("zhang", PASSWORD).session.role is Role.SECRETARY


def test_changing_ones_password_needs_the_current_one(accounts: Accounts) -> None:
    session = accounts.login("zhang", PASSWORD).session
    with pytest.raises(AuthError, match="当前密码不正确"):
        accounts.change_own_password(session, "guess-guess", "another-pass-1")
    accounts.change_own_password(session, PASSWORD, "another-pass-1")
    with pytest.raises(LoginRefused):
        accounts.login("zhang", PASSWORD)
    assert accounts.login("zhang", "another-pass-1").session.user_name == "zhang"


BAD_ACCOUNTS = [
    pytest.param({"user_name": "a"}, "不合规", id="name-too-short"),
    pytest.param({"user_name": "../admin"}, "不合规", id="name-with-path"),
    pytest.param({"user_name": "zhang"}, "已存在", id="name-taken"),
    pytest.param({"password": "short"}, "密码太短", id="short-password"),
    pytest.param({"role": "root"}, "角色", id="unknown-role"),
    pytest.param({"role": "local"}, "角色", id="local-is-not-an-account-role"),
    pytest.param({"role": "branch"}, "--unit", id="branch-without-unit"),
    pytest.param({"role": "branch", "unit_id": "U99"}, "U99 不在党组织名册", id="branch-unknown-unit"),
    pytest.param({"unit_id": "U01"}, "只有支部用户", id="unit-for-non-branch"),
]


@pytest.mark.parametrize(("change", "message"), BAD_ACCOUNTS)
def test_bad_accounts_are_refused_with_the_reason(accounts: Accounts, change: dict[str, str], message: str) -> None:
    spec = {"user_name": "li", "password": PASSWORD, "role": "analyst", "unit_id": None} | change
    with pytest.raises(AuthError, match=message):
        accounts.add_user(LOCAL_VIEWER, spec["user_name"], spec["password"], spec["role"], unit_id=spec["unit_id"])
    assert rows(accounts.store, "select count(*) from users") == [(2,)]


ROLE_CASES = [r for r in Role if r not in (Role.LOCAL, Role.ADMIN)]


@pytest.mark.parametrize("role", ROLE_CASES, ids=[r.value for r in ROLE_CASES])
def test_only_admins_manage_users(accounts: Accounts, role: Role) -> None:
    viewer = Viewer(
        "x", role, unit_id="U01" if role is Role.BRANCH else None, leader="王某" if role is Role.LEADER else None
    )
    with pytest.raises(AccessDenied):
        accounts.add_user(viewer, "li", PASSWORD, "analyst")
    with pytest.raises(AccessDenied):
        accounts.set_disabled(viewer, "zhang", True)
    with pytest.raises(AccessDenied):
        accounts.set_password(viewer, "zhang", "another-pass-1")
    with pytest.raises(AccessDenied):
        accounts.accounts(viewer)
    admin = Viewer("boss", Role.ADMIN)
    assert [a.user_name for a in accounts.accounts(admin)] == ["u01", "zhang"]


def test_an_admin_cannot_disable_their_own_account(accounts: Accounts) -> None:
    accounts.add_user(LOCAL_VIEWER, "boss", PASSWORD, "admin")
    with pytest.raises(AuthError, match="自己"):
        accounts.set_disabled(Viewer("boss", Role.ADMIN), "boss", True)


def test_idle_timeout_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from kaohe.auth import idle_timeout_from_env

    monkeypatch.setenv("KAOHE_SESSION_MINUTES", "5")
    assert idle_timeout_from_env() == timedelta(minutes=5)
    monkeypatch.setenv("KAOHE_SESSION_MINUTES", "soon")
    with pytest.raises(AuthError, match="KAOHE_SESSION_MINUTES"):
        idle_timeout_from_env()
