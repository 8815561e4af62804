"""评优评先: the honours a period's result leads to under the scheme's [awards] — proposed for every unit with the
reason in words, adjusted and confirmed by the assessors once the period is published, downloaded as xlsx.
The list and every check come from kaohe.awards; the scores behind it from kaohe.results.
"""

from functools import partial

import streamlit as st

from kaohe import awards, spreadsheet, ui
from kaohe.access import Permission
from kaohe.awards import AwardsError
from kaohe.scheme import SchemeError
from kaohe.scoring import ScoringError
from kaohe.ui import t

ui.require_app_shell()

EDITS_KEY = "awards_edits"
FLASH_KEY = "awards_flash"

period = ui.selected_period()
period_name = ui.period_label(period.code)
viewer = ui.current_viewer()
store = ui.get_store()

st.title(t("page.awards"))
if FLASH_KEY in st.session_state:
    st.success(str(st.session_state.pop(FLASH_KEY)), icon=":material/check_circle:")

try:
    listed = awards.award_list(store, viewer, period, ui.lang())
except AwardsError as err:
    st.info(err.text(ui.lang()), icon=":material/rule:")
    st.stop()
except (SchemeError, ScoringError) as err:
    st.info(t("scorecard.cannot_score", message=ui.said(err)), icon=":material/info:")
    st.stop()

rule = listed.awards
limit = t("awards.no_quota") if listed.limit is None else t("awards.quota", n=listed.limit)
st.caption(t("awards.caption", period=period_name, honour=rule.honour, limit=limit))
ui.result_status(listed.shown)

edits: dict[str, tuple[str, str]] = st.session_state.setdefault(EDITS_KEY, {}).setdefault(period.code, {})
shown_list = awards.edited(listed, edits)
decisions = awards.proposed_decisions(shown_list)

counts = awards.summary(shown_list)
cols = st.columns(3)
cols[0].metric(t("awards.status.recommended"), f"{counts['recommended']}", border=True)
cols[1].metric(t("awards.status.eligible"), f"{counts['eligible']}", border=True)
cols[2].metric(t("awards.status.ineligible"), f"{counts['ineligible']}", border=True)

if listed.publication is None:
    st.info(t("awards.preview", period=period_name), icon=":material/visibility:")
elif listed.confirmed and not edits:
    who, when = listed.confirmed_by or ("", None)
    at = f"{when:%Y-%m-%d %H:%M}" if when else ""
    st.success(t("awards.confirmed", who=who, when=at), icon=":material/verified:")
elif listed.stale:
    st.warning(t("awards.stale", revision=listed.publication.revision), icon=":material/difference:")
else:
    st.info(t("awards.proposed"), icon=":material/pending_actions:")
if edits:
    st.warning(t("awards.pending", n=len(edits)), icon=":material/edit:")

table = awards.frame(shown_list, ui.lang())
ui.table(
    table,
    key="awards_table",
    hide_index=True,
    width="stretch",
    height=(min(len(table), 15) + 1) * 35 + 3,
    # The reason is the point of the list: it gets the room, the unit's full name is never cut.
    column_config={t("awards.col.reason"): st.column_config.TextColumn(width="large")},
)
ui.download_button(
    t("awards.download"),
    partial(awards.workbook, shown_list, ui.lang()),
    file_name=awards.file_name(shown_list, ui.lang()),
    mime=spreadsheet.XLSX_MIME,
    key="awards_download",
    icon=":material/download:",
)

if viewer.can(Permission.CONFIRM_AWARDS) and listed.publication is not None:
    st.subheader(t("awards.adjust"))
    names = dict(zip(listed.units["unit_id"], listed.units["unit"], strict=True))
    with st.form("awards_adjust_form", clear_on_submit=True):
        unit = st.selectbox(t("awards.col.unit"), list(names), key="awards_unit", format_func=names.__getitem__)
        status = st.selectbox(
            t("awards.col.status"),
            list(awards.STATUSES),
            key="awards_status",
            format_func=lambda s: t(f"awards.status.{s}"),
        )
        reason = st.text_input(t("awards.col.reason"), key="awards_reason", max_chars=awards.REASON_LENGTH)
        add = st.form_submit_button(t("awards.add_edit"))
    if add:
        if not reason.strip():
            st.error(t("awards.error.no_reason", unit=names[unit]), icon=":material/block:")
        else:
            edits[unit] = (status, reason.strip())
            st.rerun()
    left, right = st.columns(2)
    if left.button(t("awards.confirm"), key="awards_confirm", type="primary", icon=":material/verified:"):
        try:
            changed = awards.confirm(store, viewer, period, decisions)
        except AwardsError as err:
            st.error(err.text(ui.lang()), icon=":material/block:")
        else:
            st.session_state[EDITS_KEY].pop(period.code, None)
            st.session_state[FLASH_KEY] = t("awards.confirmed_now", n=changed)
            st.rerun()
    if edits and right.button(t("awards.discard"), key="awards_discard"):
        st.session_state[EDITS_KEY].pop(period.code, None)
        st.rerun()
elif not viewer.can(Permission.CONFIRM_AWARDS):
    st.caption(t("awards.not_allowed"))
