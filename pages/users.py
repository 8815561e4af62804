"""用户管理: the admin lists accounts, adds them, disables or re-enables them and resets passwords."""

import pandas as pd
import streamlit as st

from kaohe import auth, ui
from kaohe.access import AccessDenied
from kaohe.auth import USER_ROLES, Account, AuthError
from kaohe.ui import t

ui.require_app_shell()

FLASH_KEY = "users_flash"

st.title(t("page.users"))
viewer = ui.current_viewer()
accounts = ui.accounts()
try:
    listed = accounts.accounts(viewer)
except AccessDenied as err:
    st.error(ui.said(err), icon=":material/block:")
    st.stop()


def state(account: Account) -> str:
    """How the account stands, in words."""
    if account.disabled:
        return t("users.state.disabled")
    return t("users.state.locked") if account.locked else t("users.state.active")


def done(message: str) -> None:
    """Say what was done on the next run, which shows the account list as it now is."""
    st.session_state[FLASH_KEY] = message
    st.rerun()


if FLASH_KEY in st.session_state:
    st.success(st.session_state.pop(FLASH_KEY), icon=":material/check_circle:")

st.subheader(t("users.list"))
if listed:
    ui.table(
        pd.DataFrame(
            {
                t("users.col.user_name"): [a.user_name for a in listed],
                t("users.col.display_name"): [a.display_name for a in listed],
                t("users.col.role"): [t(f"app.role.{a.role.value}") for a in listed],
                t("users.col.unit_id"): [a.unit_id or a.leader or "" for a in listed],
                t("users.col.state"): [state(a) for a in listed],
                t("users.col.last_login"): [a.last_login for a in listed],
            }
        ),
        hide_index=True,
        key="users_table",
    )
else:
    st.info(t("users.none"), icon=":material/info:")

units = auth.unit_choices(ui.source())
unit_names = dict(zip(units["unit_id"], units["name"], strict=True))
leader_posts = auth.leader_choices(ui.source())
LEADER_PREFIX = "leader:"


def scope_name(choice: str) -> str:
    """A unit as "SQ01 陇海东路第一社区", a leader as "班子成员 王志刚（党工委书记）", nothing as "—"."""
    if not choice:
        return "—"
    if choice.startswith(LEADER_PREFIX):
        leader = choice.removeprefix(LEADER_PREFIX)
        post = leader_posts.get(leader)
        return t("users.leader_choice", name=leader) + (
            t("format.name_code", name="", code=post) if isinstance(post, str) and post else ""
        )
    return f"{choice} {unit_names[choice]}"


st.subheader(t("users.add"))
with st.form("users_add_form", clear_on_submit=True):
    left, right = st.columns(2)
    name = left.text_input(t("auth.user_name"), key="users_add_name", max_chars=32)
    display = right.text_input(t("users.display_name"), key="users_add_display", max_chars=40)
    role = left.selectbox(
        t("users.role"), [r.value for r in USER_ROLES], format_func=lambda r: t(f"app.role.{r}"), key="users_add_role"
    )
    # One field for whom an account sees: a branch user's unit, or the leader a leader account is.
    scope = right.selectbox(
        t("users.unit"),
        ["", *unit_names, *(LEADER_PREFIX + name for name in leader_posts)],
        format_func=scope_name,
        key="users_add_unit",
    )
    password = left.text_input(t("auth.password"), type="password", key="users_add_password")
    again = right.text_input(t("account.confirm_password"), type="password", key="users_add_confirm")
    add = st.form_submit_button(t("users.add"), type="primary")
if add:
    try:
        if password != again:
            raise AuthError("account.mismatch")
        leader = scope.removeprefix(LEADER_PREFIX) if scope.startswith(LEADER_PREFIX) else None
        unit = None if leader or not scope else scope
        created = accounts.add_user(viewer, name, password, role, display_name=display or None, unit_id=unit,
                                    leader=leader)  # fmt: skip
    except AuthError as err:
        st.error(ui.said(err), icon=":material/block:")
    else:
        done(t("users.added", user=created.user_name))

if listed:
    st.subheader(t("users.manage"))
    picked = st.selectbox(t("users.pick"), [a.user_name for a in listed], key="users_pick")
    left, middle, right = st.columns(3)
    try:
        if left.button(t("users.disable"), key="users_disable"):
            accounts.set_disabled(viewer, picked, True)
            done(t("users.disabled_done", user=picked))
        if middle.button(t("users.enable"), key="users_enable"):
            accounts.set_disabled(viewer, picked, False)
            done(t("users.enabled_done", user=picked))
        locked = any(a.locked for a in listed if a.user_name == picked)
        if right.button(t("users.unlock"), key="users_unlock", disabled=not locked):
            accounts.unlock(viewer, picked)
            done(t("users.unlocked_done", user=picked))
        with st.form("users_reset_form", clear_on_submit=True):
            new = st.text_input(t("account.new_password"), type="password", key="users_reset_password")
            reset = st.form_submit_button(t("users.reset"))
        if reset:
            accounts.set_password(viewer, picked, new)
            done(t("users.reset_done", user=picked))
    except AuthError as err:
        st.error(ui.said(err), icon=":material/block:")
