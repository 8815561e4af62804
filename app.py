"""Streamlit entry point: page config, the shared chrome (office, period, language, demo notice) and routing.

Every run draws the sidebar first, then hands over to the page `st.navigation` picked for this user's role.
"""

import streamlit as st

from kaohe import ui
from kaohe.labels import label

st.set_page_config(page_title=label("app.title"), page_icon=":material/flag:", layout="wide")

store = ui.get_store()
ui.ensure_data(store)
role = ui.current_role()

page = st.navigation(ui.navigation(role))

with st.sidebar:
    st.markdown(f"**{ui.t('app.office')}**")
    ui.period_selector()
    ui.language_switch()

ui.demo_banner(role)
page.run()
