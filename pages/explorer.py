import streamlit as st

from kaohe.ui import t

st.title(t("page.explorer"))
