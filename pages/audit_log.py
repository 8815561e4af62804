"""操作日志: every write of the product, filtered by who, action, dates and text, exported to xlsx."""

from datetime import date
from functools import partial

import streamlit as st

from kaohe import audit, formats, spreadsheet, ui
from kaohe.access import AccessDenied, Permission
from kaohe.ui import t

ui.require_app_shell()
st.title(t("page.audit"))
viewer = ui.current_viewer()
if not viewer.can(Permission.VIEW_AUDIT):
    st.error(t("audit.denied"), icon=":material/block:")
    st.stop()

store = ui.get_store()
facets = audit.facets(store, viewer)
ANY = ""


def action_name(action: str) -> str:
    """An action as users read it."""
    return t("audit.any") if action == ANY else audit.action_name(action, ui.lang())


def who_name(who: str) -> str:
    """A user as users read it (the product's own authors by what they stand for)."""
    return t("audit.any") if who == ANY else formats.person(who, ui.lang())


who_col, action_col, dates_col, text_col = st.columns([1, 1, 1.4, 1.2])
who = who_col.selectbox(t("audit.who"), [ANY, *facets.who], key="audit_who", format_func=who_name)
action = action_col.selectbox(t("audit.action"), [ANY, *facets.actions], key="audit_action", format_func=action_name)
# A range that starts filled (the whole log): an empty one shows the widget's own English "yyyy-mm-dd".
whole_log = (min(facets.first_day or date.today(), date.today()), date.today())
dates = dates_col.date_input(
    t("audit.dates"), value=whole_log, key="audit_dates", max_value=date.today(), format="YYYY-MM-DD"
)
text = text_col.text_input(t("audit.text"), key="audit_text", placeholder=t("audit.text_hint"))

since = dates[0] if isinstance(dates, tuple) and len(dates) >= 1 else None
until = dates[1] if isinstance(dates, tuple) and len(dates) == 2 else since
try:
    rows = audit.entries(
        store, viewer, audit.AuditFilter(who=who or None, action=action or None, since=since, until=until,
                                         target_text=text or None),
    )  # fmt: skip
except AccessDenied as err:
    st.error(ui.said(err), icon=":material/block:")
    st.stop()

headers = {column: t(f"audit.col.{column}") for column in audit.ENTRY_COLUMNS}
st.caption(t("audit.count", n=f"{len(rows):,}"))
labelled = audit.shown(rows, ui.lang())
shown = labelled.rename(columns=headers)
ui.table(
    shown,
    hide_index=True,
    key="audit_table",
    column_config={
        headers["logged_at"]: st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm:ss"),
        headers["before"]: st.column_config.TextColumn(width="large"),
        headers["after"]: st.column_config.TextColumn(width="large"),
    },
)
ui.download_button(
    t("audit.download"),
    partial(audit.workbook, labelled, headers, sheet=t("page.audit")),
    file_name=t("audit.file_name", day=f"{date.today():%Y%m%d}"),
    mime=spreadsheet.XLSX_MIME,
    key="audit_download",
    icon=":material/download:",
    disabled=rows.empty,
)
st.caption(t("audit.append_only"))
