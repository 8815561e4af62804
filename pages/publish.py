"""结果发布: freeze a period's ranking (secretary), show the publication in force and what changed since."""

from functools import partial

import pandas as pd
import streamlit as st

from kaohe import awards, checks, publish, report, report_files, ui
from kaohe.access import Permission
from kaohe.scheme import SchemeError
from kaohe.scoring import ScoringError
from kaohe.thresholds import ThresholdError
from kaohe.ui import t

ui.require_app_shell()
st.title(t("page.publish"))
viewer = ui.current_viewer()
store = ui.get_store()
period = ui.selected_period()
label = ui.period_label(period.code)

current = publish.current_publication(store, period)


def ranking_table(result_units: pd.DataFrame, dimensions: tuple[str, ...]) -> pd.DataFrame:
    """The frozen ranking with the columns people read."""
    columns = ["rank", "unit", "kind", *dimensions, "bonus", "deduction", "total", "grade"]
    names = {c: t(f"score.{c}") for c in columns if c not in dimensions}
    return result_units[columns].rename(columns=names)


if current is None:
    st.info(t("publish.none", period=label), icon=":material/unpublished:")
else:
    st.subheader(t("publish.current", period=label, revision=current.revision))
    cols = st.columns(4)
    cols[0].metric(t("publish.published_at"), f"{current.published_at:%Y-%m-%d %H:%M}")
    cols[1].metric(t("publish.published_by"), current.published_by)
    cols[2].metric(t("publish.scheme"), f"{current.scheme_id} · {t('publish.version', v=current.scheme_version)}")
    cols[3].metric(t("publish.revision"), str(current.revision))
    st.caption(f"{t('score.result_hash')}：`{current.result_hash}`" + (f"　{current.note}" if current.note else ""))
    if viewer.can(Permission.VIEW_SCORES):
        drift = publish.drift(store, viewer, current)
        if drift.changed:
            reasons = []
            if drift.data_changed:
                reasons.append(t("publish.data_changed"))
            if drift.scheme_changed:
                reasons.append(t("publish.scheme_changed", version=drift.scheme_now.version))
            st.warning(t("publish.drift", reasons="；".join(reasons), n=len(drift.changes)), icon=":material/warning:")
            changes = drift.changes.rename(columns={c: t(f"diff.col.{c}") for c in drift.changes.columns})
            st.dataframe(changes, hide_index=True, key="publish_drift_table")
        else:
            st.success(t("publish.in_sync"), icon=":material/verified:")
    frozen = publish.frozen_result(store, current)
    st.dataframe(ranking_table(frozen.units, frozen.scheme.dimensions), hide_index=True, key="publish_frozen_table")

    if viewer.can(Permission.EXPORT):
        st.subheader(t("report.heading"))
        st.caption(t("report.caption"))
        honours = frozen.scheme.awards is not None and viewer.can(Permission.VIEW_SCORES)
        if honours and not awards.award_list(store, viewer, period, ui.lang()).confirmed:
            st.info(t("report.unconfirmed"), icon=":material/pending_actions:")
            ui.page_link("pages/awards.py", "publish.goto_awards")

        def made(fmt: str) -> bytes:
            """The 通报 of the publication in force, made when its button is clicked, and its hand-over audited."""
            written = report.build(store, viewer, period, lang=ui.lang())
            data = report_files.report_bytes(written, fmt)
            report.record(store, viewer, written, fmt)
            return data

        left, right = st.columns(2)
        for column, fmt in ((left, "docx"), (right, "pdf")):
            ui.download_button(
                t(f"report.download_{fmt}"),
                partial(made, fmt),
                file_name=f"{t('report.file')}_{period.code}.{fmt}",
                mime=report.MIME_TYPES[fmt],
                key=f"publish_report_{fmt}",
                icon=":material/description:",
                container=column,
            )

st.divider()
if viewer.can(Permission.PUBLISH):
    st.subheader(t("publish.action", period=label))
    # The assessors' aids say what to look at twice before publishing; they do not stop a publication.
    try:
        pending = checks.report(store, viewer, period).open_by_unit()
    except ThresholdError as err:
        st.error(err.text(ui.lang()), icon=":material/error:")
    else:
        if not pending.empty:
            units = t("list.separator").join(pending["unit"].astype(str))
            st.warning(t("publish.open_flags", units=units, n=int(pending["open"].sum())), icon=":material/fact_check:")
    note = st.text_input(t("publish.note"), key="publish_note", placeholder=t("publish.note_hint"))
    if st.button(t("publish.button"), type="primary", key="publish_submit", icon=":material/publish:"):
        try:
            made = publish.publish(store, viewer, period, note=note or None)
        except publish.PublishError as err:
            st.info(str(err), icon=":material/info:")
        except (SchemeError, ScoringError) as err:
            st.error(str(err), icon=":material/block:")
        else:
            st.session_state["publish_done"] = made.publication_id
            st.rerun()
else:
    st.caption(t("publish.not_allowed"))
if st.session_state.get("publish_done") and current is not None:
    if current.publication_id == st.session_state["publish_done"]:
        st.toast(t("publish.done", period=label, revision=current.revision), icon=":material/check_circle:")
    del st.session_state["publish_done"]

history = publish.publications(store, period)
if history:
    st.subheader(t("publish.history"))
    st.dataframe(
        [
            {
                t("publish.revision"): p.revision,
                t("publish.published_at"): f"{p.published_at:%Y-%m-%d %H:%M:%S}",
                t("publish.published_by"): p.published_by,
                t("publish.scheme"): f"{p.scheme_id} · {t('publish.version', v=p.scheme_version)}",
                t("score.result_hash"): p.result_hash[:16],
                t("publish.in_force"): "✓" if p.in_force else "",
                t("publish.note"): p.note or "",
            }
            for p in history
        ],
        hide_index=True,
        key="publish_history",
    )
