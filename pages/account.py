"""我的账号: who is signed in, and changing one's own password (which ends every session of the account)."""

import streamlit as st

from kaohe import ui
from kaohe.auth import AuthError
from kaohe.ui import t

ui.require_app_shell()

st.title(t("page.account"))
viewer = ui.current_viewer()
session = ui.current_session()
if session is None:
    # Demo mode: the local user has no account and no password.
    st.info(t("account.demo"), icon=":material/info:")
    st.stop()

st.caption(
    t(
        "account.caption",
        user=ui.named(session.user_name, session.display_name),
        role=t(f"app.role.{viewer.role.value}"),
    )
)
if viewer.unit_id:
    st.caption(t("account.unit", unit=viewer.unit_id))
if viewer.leader:
    st.caption(t("account.leader", leader=viewer.leader, n=len(viewer.units)))

st.subheader(t("account.change_password"))
with st.form("account_password_form", clear_on_submit=True):
    old = st.text_input(t("account.old_password"), type="password", key="account_old_password")
    new = st.text_input(t("account.new_password"), type="password", key="account_new_password")
    again = st.text_input(t("account.confirm_password"), type="password", key="account_confirm_password")
    submitted = st.form_submit_button(t("account.submit"), type="primary")

if submitted:
    if new != again:
        st.error(t("account.mismatch"), icon=":material/block:")
    else:
        try:
            ui.accounts().change_own_password(session, old, new)
        except AuthError as err:
            st.error(ui.said(err), icon=":material/block:")
        else:
            # Every session of the account ended with the change, this one too: back to the sign-in screen.
            ui.sign_out("auth.password_changed")
            st.rerun()
