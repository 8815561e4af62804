"""Accounts for an office server with no internet and no identity provider: users, passwords, sessions.

Passwords are kept only as argon2id hashes and session tokens only as their sha256, both in the database, so
that the server decides on every page run whether a session still stands: signing out, changing a password
or disabling an account ends that account's sessions at once, whatever the browser still holds. Sign-ins,
failures and account changes go to the audit log (kaohe.audit); no password ever does. A database without
accounts runs in demo mode as the single local user (`has_users`).

Signing in and out writes only bookkeeping no cached page shows (sessions, the throttle, the audit log, which
pages read uncached), so those writes leave the store's generation alone: a crowd signing in at nine o'clock
must not throw away every cached result each time one of them does.

Guessing is throttled, not locked out. Every sign-in check is counted against the name typed before the slow
hash check, in the same write transaction that reads the count (`login_throttle`), so parallel attempts cannot
slip past one another; every failure is also counted against the client's address. Past a free allowance each
further count doubles the wait before the next check of that name or address, up to a cap. An unknown name is
counted and answered exactly like a real one, so the answers tell nobody which accounts exist; and since the
wait for a name is capped at minutes, nobody can keep the admin out for longer than that (an admin can also lift it:
`kaohe users unlock NAME` or the 用户管理 page). Hash checks run at most `HASH_SLOTS` at a time, so a crowd
of sign-ins queues instead of taking every core and 64 MB of memory each.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any

import duckdb
import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from kaohe import audit
from kaohe.access import Permission, Role, Viewer
from kaohe.labels import LabelledError, message
from kaohe.queries import load_query
from kaohe.store import Reader, Store

Clock = Callable[[], datetime]

DEFAULT_IDLE_MINUTES = 30
MIN_PASSWORD_LENGTH = 8
# A page run writes last_seen at most this often (the write leaves the page caches warm, but it still takes
# the store's writer lock).
TOUCH_INTERVAL = timedelta(seconds=60)
USER_ROLES = tuple(role for role in Role if role is not Role.LOCAL)  # an account has any role but the local one
LOCAL_CLIENT = "localhost"  # the client address of this machine (Streamlit reports none for it)
HASH_SLOTS = 2  # argon2 checks at once: each takes a core and 64 MB for a fraction of a second


@dataclass(frozen=True)
class ThrottleRule:
    """How long to wait before the next sign-in check after `failures` failures in a row of one scope."""

    free: int  # failures allowed without any wait
    first_wait: timedelta  # the wait after the first failure past the allowance; each further one doubles it
    max_wait: timedelta
    forget_after: timedelta  # failures older than this, with none since, no longer count

    def wait(self, failures: int) -> timedelta:
        """The wait before the next check after `failures` failures in a row."""
        if failures < self.free:
            return timedelta(0)
        doublings = min(failures - self.free, 30)
        return min(self.first_wait * (1 << doublings), self.max_wait)


# A name: five tries, then 15 s, 30 s, 1 min … at most 5 min: slow for a guesser, never long for the owner.
# Counted before the hash check, so parallel guesses at one account are each counted; a good sign-in clears it.
NAME_RULE = ThrottleRule(5, timedelta(seconds=15), timedelta(minutes=5), forget_after=timedelta(hours=24))
# An address: an office behind one router shares it, so it gets more free tries, its count is taken only for
# failures (a crowd of good sign-ins at nine o'clock is not held off) and a good sign-in does not clear it (an
# account of one's own must not reset the count of guesses at other people's). An idle hour forgets it.
CLIENT_RULE = ThrottleRule(30, timedelta(seconds=15), timedelta(minutes=15), forget_after=timedelta(hours=1))
THROTTLE_RULES = {"name": NAME_RULE, "client": CLIENT_RULE}

_USER_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{1,31}$")


class AuthError(LabelledError, ValueError):
    """A refused account operation; the message (a label) says what was wrong and what is expected."""


class LoginRefused(LabelledError):
    """A sign-in that did not succeed; `reason` is bad_credentials, throttled or disabled."""

    @property
    def reason(self) -> str:
        """Why, in one word: the label's last part."""
        return self.key.rsplit(".", 1)[-1]


@dataclass(frozen=True)
class Account:
    """An account as shown to admins: no hash."""

    user_name: str
    display_name: str
    role: Role
    unit_id: str | None
    disabled: bool
    locked: bool
    last_login: datetime | None
    leader: str | None = None


@dataclass(frozen=True)
class Session:
    """A signed-in session that passed the server-side check: who it is and what they may do."""

    user_name: str
    display_name: str
    role: Role
    unit_id: str | None
    created_at: datetime
    last_seen: datetime
    leader: str | None = None
    leader_units: tuple[str, ...] = ()  # a leader's units as the session was checked (leader_units)

    @property
    def viewer(self) -> Viewer:
        """The Viewer library calls of this session act for."""
        return Viewer(
            user=self.user_name, role=self.role, unit_id=self.unit_id, leader=self.leader, units=self.leader_units
        )


@dataclass(frozen=True)
class Login:
    """A successful sign-in: the token for the browser session (shown once, never stored) and the session."""

    token: str
    session: Session


def idle_timeout_from_env() -> timedelta:
    """Inactivity after which a session ends: `$KAOHE_SESSION_MINUTES`, default 30 minutes."""
    raw = os.environ.get("KAOHE_SESSION_MINUTES", str(DEFAULT_IDLE_MINUTES))
    try:
        minutes = int(raw)
    except ValueError as exc:
        raise AuthError("auth.error.session_minutes", value=repr(raw)) from exc
    if minutes <= 0:
        raise AuthError("auth.error.session_minutes", value=repr(raw))
    return timedelta(minutes=minutes)


def unit_choices(source: Reader) -> pd.DataFrame:
    """The units a branch account may belong to: unit_id, name."""
    return source.query("auth/unit_choices")


def leader_choices(source: Reader) -> dict[str, str]:
    """The leaders a leader account may be: name → post."""
    return dict(source.query("auth/leader_choices").itertuples(index=False, name=None))


def has_users(store: Store) -> bool:
    """Whether the database has any account; without one the app runs in demo mode as the local user."""
    return int(store.scalar("auth/user_count")) > 0


def check_user_name(user_name: str) -> str:
    """The sign-in name, lower-cased, or AuthError saying what a name may contain."""
    name = user_name.strip().lower()
    if not _USER_NAME.match(name):
        raise AuthError("auth.error.user_name", name=repr(user_name))
    return name


def check_password(password: str) -> None:
    """AuthError unless the password is long enough to be worth hashing."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AuthError("auth.error.password_short", n=MIN_PASSWORD_LENGTH)


def token_hash(token: str) -> str:
    """The sha256 (hex) under which a session token is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _now() -> datetime:
    return datetime.now()


def _public(row: dict[str, Any]) -> dict[str, Any]:
    """An account row as the audit log may keep it: everything but the hash."""
    keep = ("user_name", "display_name", "role", "unit_id", "leader", "disabled")
    return {key: row[key] for key in keep if key in row}


class Accounts:
    """Users, passwords and sessions of one store; the clock and hasher are injectable for tests."""

    def __init__(
        self,
        store: Store,
        *,
        clock: Clock = _now,
        hasher: PasswordHasher | None = None,
        idle_timeout: timedelta | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.hasher = hasher or PasswordHasher()
        self.idle_timeout = idle_timeout or idle_timeout_from_env()
        self._hash_slots = threading.BoundedSemaphore(HASH_SLOTS)

    @cached_property
    def _dummy_hash(self) -> str:
        # Verified against for unknown names, so that a wrong name takes as long as a wrong password.
        return self._hash(secrets.token_hex(16))

    def _hash(self, password: str) -> str:
        with self._hash_slots:
            return str(self.hasher.hash(password))

    # -- reading -------------------------------------------------------------------------------------

    def _fetch(self, cur: duckdb.DuckDBPyConnection | None, name: str, params: dict[str, Any]) -> dict[str, Any] | None:
        """The first row of a named query as a dict (None when it has none), on `cur` or a fresh cursor."""
        own = cur is None
        cursor = self.store.cursor() if cur is None else cur
        try:
            result = cursor.execute(load_query(name), params)
            row = result.fetchone()
            columns = [d[0] for d in result.description or ()]
        finally:
            if own:
                cursor.close()
        return None if row is None else dict(zip(columns, row, strict=True))

    def _user(self, cur: duckdb.DuckDBPyConnection | None, user_name: str) -> dict[str, Any] | None:
        return self._fetch(cur, "auth/user_get", {"user_name": user_name})

    def accounts(self, viewer: Viewer) -> list[Account]:
        """Every account, for the user admin page and `kaohe users list`."""
        viewer.require(Permission.MANAGE_USERS)
        cur = self.store.cursor()
        try:
            rows = cur.execute(load_query("auth/users_list"), {"now": self.clock()}).fetchall()
        finally:
            cur.close()
        return [
            Account(
                user_name=name,
                display_name=display,
                role=Role(role),
                unit_id=unit_id,
                disabled=bool(disabled),
                locked=bool(locked),
                last_login=last_login,
                leader=leader,
            )
            for name, display, role, unit_id, leader, disabled, locked, _, _, _, last_login in rows
        ]

    # -- account changes -----------------------------------------------------------------------------

    def add_user(
        self,
        viewer: Viewer,
        user_name: str,
        password: str,
        role: Role | str,
        *,
        display_name: str | None = None,
        unit_id: str | None = None,
        leader: str | None = None,
    ) -> Account:
        """Create an account; a branch account needs the unit it belongs to and a leader account the leader it
        is (a name on the leaders list); other roles must have neither."""
        viewer.require(Permission.MANAGE_USERS)
        name = check_user_name(user_name)
        try:
            role_ = Role(role)
        except ValueError as exc:
            raise AuthError("auth.error.role", role=repr(role), roles=[r.value for r in USER_ROLES]) from exc
        if role_ not in USER_ROLES:
            raise AuthError("auth.error.role", role=repr(role), roles=[r.value for r in USER_ROLES])
        if role_ is Role.BRANCH and not unit_id:
            raise AuthError("auth.error.branch_needs_unit", name=name)
        if role_ is not Role.BRANCH and unit_id:
            raise AuthError("auth.error.unit_for_branch_only", role=message(f"app.role.{role_.value}"))
        leader = (leader or "").strip() or None
        if role_ is Role.LEADER and not leader:
            raise AuthError("auth.error.leader_needs_name", name=name)
        if role_ is not Role.LEADER and leader:
            raise AuthError("auth.error.leader_for_leader_only", role=message(f"app.role.{role_.value}"))
        check_password(password)
        now = self.clock()
        row = {
            "user_name": name,
            "display_name": (display_name or name).strip() or name,
            "role": role_.value,
            "unit_id": unit_id,
            "leader": leader,
        }
        password_hash = self._hash(password)
        with self.store.transaction() as cur:
            if self._user(cur, name) is not None:
                raise AuthError("auth.error.exists", name=name)
            found = unit_id is None or self._fetch(cur, "auth/unit_exists", {"unit_id": unit_id}) == {"found": True}
            if not found:
                raise AuthError("auth.error.unknown_unit", unit=unit_id)
            known = leader is None or self._fetch(cur, "auth/leader_exists", {"leader": leader}) == {"found": True}
            if not known:
                raise AuthError("auth.error.unknown_leader", leader=leader)
            cur.execute(load_query("auth/user_insert"), {**row, "password_hash": password_hash, "now": now})
            audit.record(cur, viewer.user, "user.add", name, None, row)
        return Account(name, str(row["display_name"]), role_, unit_id, False, False, None, leader)

    def set_disabled(self, viewer: Viewer, user_name: str, disabled: bool) -> None:
        """Disable (ending every open session of the account at once) or re-enable an account."""
        viewer.require(Permission.MANAGE_USERS)
        name = user_name.strip().lower()
        if disabled and name == viewer.user:
            raise AuthError("auth.error.disable_self")
        now = self.clock()
        with self.store.transaction() as cur:
            row = self._require_user(cur, name)
            cur.execute(load_query("auth/user_set_disabled"), {"user_name": name, "disabled": disabled, "now": now})
            if disabled:
                cur.execute(
                    load_query("auth/sessions_end_for_user"), {"user_name": name, "now": now, "reason": "disabled"}
                )
            action = "user.disable" if disabled else "user.enable"
            audit.record(cur, viewer.user, action, name, _public(row), {**_public(row), "disabled": disabled})

    def set_password(self, viewer: Viewer, user_name: str, new_password: str) -> None:
        """An admin sets an account's password (a reset); the account's open sessions end at once."""
        viewer.require(Permission.MANAGE_USERS)
        self._store_password(viewer.user, user_name.strip().lower(), new_password, "user.password_reset")

    def change_own_password(self, session: Session, old_password: str, new_password: str) -> None:
        """A signed-in user changes their password; every session of theirs ends, this one included."""
        row = self._user(None, session.user_name)
        if row is None or not self._verify(str(row["password_hash"]), old_password):
            raise AuthError("auth.error.wrong_password")
        if old_password == new_password:
            raise AuthError("auth.error.same_password")
        self._store_password(session.user_name, session.user_name, new_password, "user.password_change")

    def _store_password(self, who: str, name: str, new_password: str, action: str) -> None:
        check_password(new_password)
        password_hash = self._hash(new_password)
        now = self.clock()
        with self.store.transaction() as cur:
            row = self._require_user(cur, name)
            cur.execute(
                load_query("auth/user_set_password"), {"user_name": name, "password_hash": password_hash, "now": now}
            )
            # A new password is a fresh start for the name.
            cur.execute(load_query("auth/throttle_clear"), {"scope": "name", "key": name})
            cur.execute(
                load_query("auth/sessions_end_for_user"), {"user_name": name, "now": now, "reason": "password_changed"}
            )
            audit.record(cur, who, action, name, None, _public(row))

    def _require_user(self, cur: duckdb.DuckDBPyConnection, name: str) -> dict[str, Any]:
        row = self._user(cur, name)
        if row is None:
            raise AuthError("auth.error.no_user", name=name)
        return row

    # -- signing in and out --------------------------------------------------------------------------

    def _verify(self, password_hash: str, password: str) -> bool:
        with self._hash_slots:
            try:
                return bool(self.hasher.verify(password_hash, password))
            except (VerificationError, InvalidHashError):
                return False

    def login(self, user_name: str, password: str, client: str = LOCAL_CLIENT) -> Login:
        """Check a name and password from `client` (an address) and open a session, or raise LoginRefused.

        Both outcomes are audited. An unknown name and a wrong password get the same answer after the same work,
        and a held-off name or address gets the same answer whether or not an account has the name.
        """
        name = user_name.strip().lower()[:64]
        client = (client or LOCAL_CLIENT)[:64]
        now = self.clock()
        self._admit(name, client, now)
        row = self._user(None, name)
        good = self._verify(str(row["password_hash"]) if row else self._dummy_hash, password)
        if not good or row is None:
            with self.store.transaction(changes_data=False) as cur:
                self._count(cur, "client", client, now)
                audit.record(cur, name, "auth.login_failed", name, None, {"client": client})
            raise LoginRefused("auth.bad_credentials")
        if bool(row["disabled"]):
            with self.store.transaction(changes_data=False) as cur:
                audit.record(cur, name, "auth.login_refused", name, None, {"reason": "disabled", "client": client})
            raise LoginRefused("auth.disabled")
        token = secrets.token_urlsafe(32)
        with self.store.transaction(changes_data=False) as cur:
            cur.execute(load_query("auth/throttle_clear"), {"scope": "name", "key": name})
            cur.execute(
                load_query("auth/session_insert"), {"token_hash": token_hash(token), "user_name": name, "now": now}
            )
            audit.record(cur, name, "auth.login", name, None, {"role": row["role"], "client": client})
        session = self.session(token)
        if session is None:
            raise RuntimeError("a session just opened was not found")
        return Login(token=token, session=session)

    def _admit(self, name: str, client: str, now: datetime) -> None:
        """Refuse the check while the name or the address is held off; otherwise count it against the name.

        One write transaction reads the holds and increments the name's count (UPDATE … RETURNING), so parallel
        attempts at one account are each counted and the ones past the allowance are refused without a hash
        check. The count is taken before the password is checked (a good sign-in clears it afterwards): checking
        first and counting after is what once let 20 parallel guesses leave a count of 1.
        """
        keys = {"name": name, "client": client}
        with self.store.transaction(changes_data=False) as cur:
            held = cur.execute(load_query("auth/throttle_state"), keys).fetchall()
            until = max((row[4] for row in held if row[4] is not None and row[4] > now), default=None)
            if until is not None:
                audit.record(cur, name, "auth.login_throttled", name, None, {"client": client, "until": until})
            else:
                forget = {f"{scope}_before": now - rule.forget_after for scope, rule in THROTTLE_RULES.items()}
                cur.execute(load_query("auth/throttle_forget"), {**forget, "now": now})
                self._count(cur, "name", name, now)
        if until is not None:
            raise LoginRefused("auth.throttled", seconds=max(1, round((until - now).total_seconds())))

    def _count(self, cur: duckdb.DuckDBPyConnection, scope: str, key: str, now: datetime) -> None:
        """One more failure (or, for a name, one more check) of `key`, and the wait it earns."""
        rule = THROTTLE_RULES[scope]
        # Update-or-insert inside the caller's write transaction (the store's writer lock serialises them): the
        # count is read back from the write itself, never from an earlier read.
        counted = cur.execute(
            load_query("auth/throttle_increment"),
            {"scope": scope, "key": key, "now": now, "forget_before": now - rule.forget_after},
        ).fetchall()
        if not counted:
            counted = cur.execute(
                load_query("auth/throttle_insert"), {"scope": scope, "key": key, "now": now}
            ).fetchall()
        (failures,) = counted[0]
        wait = rule.wait(int(failures))
        cur.execute(
            load_query("auth/throttle_block"),
            {"scope": scope, "key": key, "blocked_until": now + wait if wait else None},
        )

    def unlock(self, viewer: Viewer, user_name: str) -> None:
        """An admin lifts the sign-in hold on an account's name (its wrong attempts are forgotten)."""
        viewer.require(Permission.MANAGE_USERS)
        name = user_name.strip().lower()
        with self.store.transaction() as cur:
            row = self._require_user(cur, name)
            cur.execute(load_query("auth/throttle_clear"), {"scope": "name", "key": name})
            audit.record(cur, viewer.user, "user.unlock", name, None, _public(row))

    def session(self, token: str | None) -> Session | None:
        """The session a browser's token stands for, checked now; None when it ended, expired or never was."""
        if not token:
            return None
        digest = token_hash(token)
        row = self._fetch(None, "auth/session_get", {"token_hash": digest})
        if row is None or row["ended_at"] is not None:
            return None
        now = self.clock()
        last_seen: datetime = row["last_seen"]
        reason = "disabled" if bool(row["disabled"]) else "expired" if now - last_seen > self.idle_timeout else None
        if reason is not None:
            with self.store.transaction(changes_data=False) as cur:
                cur.execute(load_query("auth/session_end"), {"token_hash": digest, "now": now, "reason": reason})
            return None
        if now - last_seen >= TOUCH_INTERVAL:
            with self.store.transaction(changes_data=False) as cur:
                cur.execute(load_query("auth/session_touch"), {"token_hash": digest, "now": now})
            last_seen = now
        return Session(
            user_name=str(row["user_name"]),
            display_name=str(row["display_name"]),
            role=Role(str(row["role"])),
            unit_id=row["unit_id"],
            created_at=row["created_at"],
            last_seen=last_seen,
            leader=row["leader"],
            leader_units=tuple(str(unit) for unit in row["leader_units"]),
        )

    def logout(self, token: str | None) -> None:
        """End the session of `token` (nothing happens for an unknown or ended one)."""
        if not token:
            return
        digest = token_hash(token)
        row = self._fetch(None, "auth/session_get", {"token_hash": digest})
        if row is None or row["ended_at"] is not None:
            return
        with self.store.transaction(changes_data=False) as cur:
            cur.execute(load_query("auth/session_end"), {"token_hash": digest, "now": self.clock(), "reason": "logout"})
            audit.record(cur, str(row["user_name"]), "auth.logout", str(row["user_name"]))
