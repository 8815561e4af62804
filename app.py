"""Streamlit entry point: page config, sign-in, the shared chrome (office, user, period, language) and routing.

Every run first decides who is there: in demo mode (no accounts in the database) the single local user, on
this machine only; otherwise the user whose session still stands in the sessions table (its token kept in the
tab and, across refreshes and new tabs, in a browser cookie), or nobody, who gets the sign-in screen and nothing
else. Then it draws the sidebar and runs the page `st.navigation` picked from the pages this user's role may
open, with any unexpected error logged and shown only as an error id. A database file that cannot be used
(damaged, empty, truncated) gets one page saying so and what to do, and nothing else.
"""

import streamlit as st

from kaohe import ui
from kaohe.access import LOCAL_VIEWER
from kaohe.labels import label

st.set_page_config(page_title=label("app.title"), page_icon=":material/flag:", layout="wide")

store = ui.open_store()

if ui.demo_mode():
    if not ui.demo_address_allowed():
        st.error(ui.t("app.demo_remote", address=st.get_option("server.address") or "0.0.0.0"))
        st.stop()
    viewer = LOCAL_VIEWER
    session = None
else:
    session = ui.current_session()
    if session is None:
        # Only the sign-in page is routable: any URL asked for, with any page's name, lands on it.
        ui.login_navigation().run()
        with st.sidebar:
            ui.language_switch()
            ui.sync_session_cookie(None)
        st.stop()
    viewer = session.viewer

# The session cookie before anything that shows the user signed in: a refresh from then on stays signed in.
with st.sidebar:
    ui.sync_session_cookie(session)

role = viewer.role.value
# The menu first: until st.navigation has run, a fresh server's sidebar still lists Streamlit's legacy view of
# pages/ (raw file names), which would stay on screen during the demo build below.
# expanded: every page listed, never Streamlit's English "View N more" fold on a Chinese screen.
page = st.navigation(ui.navigation(role), expanded=True)

ui.start_background(store)
ui.ensure_data(store)

ui.phone_layout()
with st.sidebar:
    st.markdown(f"**{ui.t('app.office')}**")
    # The period first: it decides every figure of every page (on a phone the drawer opens on it, above the menu).
    ui.cutoff_picker(ui.period_selector())
    ui.user_box(viewer)
    ui.language_switch()

ui.demo_banner(role)
ui.run_page(page)
