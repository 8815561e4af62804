"""导出: the period's result, live or as published, as an Excel workbook, a CSV ranking and a printable PDF."""

from functools import partial

import streamlit as st

from kaohe import export, export_content, ui
from kaohe.access import AccessDenied, Permission
from kaohe.periods import PeriodError
from kaohe.publish import PublishError
from kaohe.scheme import SchemeError
from kaohe.scoring import ScoringError
from kaohe.ui import t

ui.require_app_shell()

LIVE, PUBLISHED = "live", "published"
ICONS = {"xlsx": ":material/table_view:", "csv": ":material/csv:", "pdf": ":material/picture_as_pdf:"}


period = ui.selected_period()
viewer = ui.current_viewer()
store = ui.get_store()
period_name = ui.period_label(period.code)

st.title(t("page.exports"))
st.caption(t("export.page.caption", period=period_name))
if not viewer.can(Permission.EXPORT):
    st.warning(t("export.page.denied"), icon=":material/block:")
    st.stop()

sources = [LIVE, PUBLISHED] if viewer.can(Permission.VIEW_SCORES) else [PUBLISHED]
source = st.radio(
    t("export.page.source"),
    sources,
    index=len(sources) - 1 if PUBLISHED in sources and LIVE not in sources else 0,
    format_func=lambda s: t(f"export.page.source.{s}"),
    horizontal=True,
    key="exports_source",
)
try:
    with st.spinner(t("export.page.working")):
        # The scores themselves are shared and cached by kaohe.results; this only gathers the sheets around them.
        ctx = export.context(
            store, viewer, period, published=source == PUBLISHED, as_of=ui.cutoff(period), lang=ui.lang()
        )
except AccessDenied:
    st.info(t("export.page.no_published", period=period_name), icon=":material/info:")
    st.stop()
except (PeriodError, SchemeError, ScoringError, PublishError) as err:
    st.error(t("format.pair", field=t("export.page.error"), value=err), icon=":material/error:")
    st.stop()

st.markdown(f"**{export_content.title(ctx)}**")
st.caption(export_content.scheme_line(ctx))
ui.result_status(ctx.view)
summary = t(
    "export.page.summary",
    n=len(ctx.result.units),
    scheme=ctx.result.scheme.version_name.render(ui.lang()),
    hash=ctx.result.result_hash[:12],
)
st.caption(summary)
if not ctx.show_comments:
    st.caption(t("export.page.comments_note"))

for column, fmt in zip(st.columns(len(export.FORMATS)), export.FORMATS, strict=True):
    ui.download_button(
        t(f"export.page.{fmt}"),
        # Made when the button is clicked (a PDF of every report card takes a moment), not on every rerun.
        partial(export.export_bytes, ctx, fmt),
        file_name=export.file_name(ctx, fmt),
        mime=export.MIME_TYPES[fmt],
        key=f"exports_download_{fmt}",
        icon=ICONS[fmt],
        type="primary" if fmt == "xlsx" else "secondary",
        # Recorded when the file is made, i.e. when it is really downloaded.
        after=partial(export.record_export, store, ctx, fmt),
        container=column,
    )

counts = export_content.grade_summary(ctx)
st.dataframe(
    [{t("score.grade"): grade, t("export.page.units"): n} for grade, n in counts],
    hide_index=True,
    key="exports_grades",
)
