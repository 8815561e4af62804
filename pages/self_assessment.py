"""本支部自评: a branch enters its own score on the indicators that weigh it (自评 30% + 考核组 70%), until the
deadline the assessors set; in demo mode the local user picks the unit."""

import pandas as pd
import streamlit as st

from kaohe import entry, self_assessment, ui, workflow
from kaohe.access import AccessDenied
from kaohe.labels import LabelledError
from kaohe.scheme import SchemeError
from kaohe.ui import t

ui.require_app_shell()

st.title(t("page.self_assessment"))
viewer = ui.current_viewer()
store = ui.get_store()
period = ui.selected_period()
period_name = ui.period_label(period.code)

try:
    scheme = workflow.scheme_in_force(store, period)
except SchemeError:
    st.info(t("scorecard.no_scheme", period=period_name), icon=":material/rule:")
    st.stop()
weighed = self_assessment.weighed_indicators(scheme)
if not weighed:
    st.info(t("self.page.none", period=period_name, scheme=scheme.name), icon=":material/info:")
    st.stop()

unit_id = viewer.unit_id
if unit_id is None:
    units = entry.units_in_period(store, viewer, period)
    names = dict(zip(units["unit_id"], units["unit"], strict=True))
    unit_id = st.selectbox(
        t("self.page.unit"),
        list(names),
        key="self_unit",
        format_func=ui.named_choice(names),
    )

last_day = self_assessment.deadline(store, period)
if last_day is None:
    st.info(t("self.not_open", period=period_name), icon=":material/schedule:")
else:
    st.caption(t("self.page.deadline", deadline=last_day.isoformat()))

try:
    sheet = self_assessment.sheet(store, viewer, period, scheme, unit_id)
except (AccessDenied, LabelledError) as err:
    st.error(ui.said(err), icon=":material/block:")
    st.stop()

for row in sheet.itertuples():
    with st.container(border=True):
        st.markdown(
            f"**{row.indicator}**{t('format.gap')}"
            + t(
                "self.page.weight", weight=f"{row.weight:.0%}", panel=f"{1 - row.weight:.0%}", max=f"{row.max_points:g}"
            )
        )
        current = None if pd.isna(row.score) else float(row.score)
        left, right = st.columns([1, 3])
        score = left.number_input(
            t("self.page.score"),
            min_value=0.0,
            max_value=float(row.max_points),
            value=current,
            step=0.5,
            key=f"self_score_{row.indicator_id}",
        )
        comment = right.text_input(
            t("self.page.comment"), value="" if pd.isna(row.comment) else str(row.comment),
            key=f"self_comment_{row.indicator_id}",
        )  # fmt: skip
        if not pd.isna(row.entered_at):
            st.caption(t("self.page.saved_at", at=f"{pd.Timestamp(row.entered_at):%Y-%m-%d %H:%M}"))
        if st.button(t("self.page.save"), key=f"self_save_{row.indicator_id}", icon=":material/save:"):
            try:
                self_assessment.save(store, viewer, period, scheme, str(row.indicator_id), score, comment, unit_id)
            except LabelledError as err:
                st.error(err.text(ui.lang()), icon=":material/block:")
            except AccessDenied as err:
                st.error(ui.said(err), icon=":material/block:")
            else:
                st.success(t("self.page.saved"), icon=":material/check_circle:")
