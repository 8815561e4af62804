"""结果发布: freeze a period's ranking (secretary), show the publication in force and what changed since."""

from functools import partial

import pandas as pd
import streamlit as st

from kaohe import awards, checks, formats, publish, report, report_files, ui
from kaohe.access import Permission
from kaohe.labels import LabelledError
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
# How the period stands now against its publication (unpublished figures: only for those who may see them).
drift = publish.drift(store, viewer, current) if current is not None and viewer.can(Permission.VIEW_SCORES) else None


def ranking_table(result_units: pd.DataFrame, dimensions: tuple[str, ...]) -> pd.DataFrame:
    """The frozen ranking with the columns people read."""
    columns = ["rank", "unit", "kind", *dimensions, "bonus", "deduction", "total", "grade"]
    names = {c: t(f"score.{c}") for c in columns if c not in dimensions}
    return result_units[columns].rename(columns=names)


if current is None:
    st.info(t("publish.none", period=label), icon=":material/unpublished:")
else:
    st.subheader(t("publish.current", period=label, revision=current.revision))
    facts = (
        (t("publish.published_at"), formats.moment(current.published_at)),
        (t("publish.published_by"), current.published_by),
        (t("publish.scheme"), f"{current.scheme_id} · {t('publish.version', v=current.scheme_version)}"),
        (t("publish.revision"), str(current.revision)),
    )
    # Plain text, not st.metric: a metric's large figure is cut off with an ellipsis ("2026-01-05 0…") in a
    # quarter of the page.
    for column, (name, value) in zip(st.columns(4), facts, strict=True):
        column.caption(name)
        column.markdown(f"**{ui.escape_markdown(value)}**")
    st.caption(
        t("format.pair", field=t("score.result_hash"), value=f"`{current.result_hash}`")
        + (t("format.gap") + current.note if current.note else "")
    )
    if drift is not None:
        if drift.changed:
            reasons = []
            if drift.data_changed:
                reasons.append(t("publish.data_changed"))
            if drift.scheme_changed:
                reasons.append(t("publish.scheme_changed", version=drift.scheme_now.version))
            st.warning(
                t("publish.drift", reasons=t("format.reason_separator").join(reasons), n=len(drift.changes)),
                icon=":material/warning:",
            )
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


def request_rows(listed: list[publish.PublishRequest]) -> list[dict[str, str]]:
    """Requests to publish as the table shows them."""
    return [
        {
            t("publish.request.col.period"): ui.period_label(r.period),
            t("publish.request.col.requested_at"): formats.moment(r.requested_at),
            t("publish.request.col.requested_by"): r.requested_by,
            t("publish.request.col.note"): r.note or "",
            t("publish.request.col.status"): t(f"publish.request.status.{r.status}"),
            t("publish.request.col.closed_by"): r.closed_by or "",
            t("publish.request.col.closed_at"): formats.moment(r.closed_at) if r.closed_at else "",
            t("publish.request.col.reason"): r.reason or "",
        }
        for r in listed
    ]


def confirmation(preview: publish.Preview, flags: pd.DataFrame, waiting: int) -> list[str]:
    """What the secretary confirms: what is about to be frozen, and the warnings the page showed above."""
    lines = [
        t("publish.confirm.period", period=label),
        t("publish.confirm.scheme", name=preview.scheme.name, version=preview.scheme.version),
        t("publish.confirm.units", n=preview.units),
        t("publish.confirm.first")
        if preview.current is None
        else t("publish.confirm.revision", revision=preview.revision, previous=preview.current.revision),
        t("publish.confirm.hash", hash=preview.result_hash[:16]),
    ]
    warnings = []
    if drift is not None and drift.changed and len(drift.changes):
        warnings.append(t("publish.confirm.drift", n=len(drift.changes)))
    if not flags.empty:
        warnings.append(t("publish.confirm.flags", k=len(flags), n=int(flags["open"].sum())))
    if waiting:
        warnings.append(t("publish.confirm.requests", n=waiting))
    shown = [f"- {ui.escape_markdown(line)}" for line in lines]
    return shown + [f"- :orange[{ui.escape_markdown(warning)}]" for warning in warnings]


if viewer.can(Permission.PUBLISH):
    # After a publication the form starts empty again (set before its widgets are drawn).
    if st.session_state.pop("publish_reset", False):
        st.session_state["publish_note"] = ""
        st.session_state["publish_confirm"] = False
    st.subheader(t("publish.action", period=label))
    waiting = publish.requests(store, viewer, open_only=True)
    if waiting:
        st.markdown(f"**{t('publish.request.open_heading')}**")
    for request in waiting:
        with st.container(border=True):
            when = formats.moment(request.requested_at)
            name = ui.period_label(request.period)
            heading = t("publish.request.item", period=name, who=request.requested_by, when=when)
            st.markdown(f"**{ui.escape_markdown(heading)}**")
            st.markdown(ui.escape_markdown(request.note or ""))
            if request.period != period.code:
                st.caption(t("publish.request.other_period", period=name))
            with st.expander(t("publish.request.decline")):
                reason = st.text_input(
                    t("publish.request.decline_reason"),
                    key=f"publish_decline_reason_{request.request_id}",
                    placeholder=t("publish.request.decline_hint"),
                )
                if st.button(t("publish.request.decline"), key=f"publish_decline_{request.request_id}"):
                    try:
                        publish.decline_request(store, viewer, request.request_id, reason)
                    except publish.RequestError as err:
                        st.warning(err.text(ui.lang()), icon=":material/info:")
                    else:
                        st.session_state["publish_declined"] = True
                        st.rerun()
    if st.session_state.pop("publish_declined", False):
        st.toast(t("publish.request.declined"), icon=":material/undo:")
    # The assessors' aids say what to look at twice before publishing; they do not stop a publication.
    flags = pd.DataFrame(columns=["unit", "open"])
    try:
        flags = checks.report(store, viewer, period).open_by_unit()
    except ThresholdError as err:
        st.error(err.text(ui.lang()), icon=":material/error:")
    else:
        if not flags.empty:
            units = t("list.separator").join(flags["unit"].astype(str))
            st.warning(t("publish.open_flags", units=units, n=int(flags["open"].sum())), icon=":material/fact_check:")
    try:
        preview = publish.preview(store, viewer, period)
    except (SchemeError, ScoringError) as err:
        st.error(str(err), icon=":material/block:")
    else:
        if preview.refusal is not None:
            st.info(preview.refusal.render(ui.lang()), icon=":material/info:")
        else:
            own = sum(1 for r in waiting if r.period == period.code)
            with st.container(border=True, key="publish_confirm_box"):
                st.markdown(f"**{t('publish.confirm.heading')}**")
                st.markdown("\n".join(confirmation(preview, flags, own)))
                note = st.text_input(t("publish.note"), key="publish_note", placeholder=t("publish.note_hint"))
                confirmed = st.checkbox(t("publish.confirm.check"), key="publish_confirm")
                # Left clickable: a click without the tick says what is missing instead of doing nothing.
                clicked = st.button(
                    t("publish.button"), type="primary", key="publish_submit", icon=":material/publish:"
                )
            if clicked and not confirmed:
                st.warning(t("publish.confirm.needed"), icon=":material/check_box:")
            elif clicked:
                try:
                    made = publish.publish(store, viewer, period, note=note or None)
                except publish.PublishError as err:
                    st.info(str(err), icon=":material/info:")
                except (SchemeError, ScoringError) as err:
                    st.error(str(err), icon=":material/block:")
                else:
                    st.session_state["publish_done"] = made.publication_id
                    st.session_state["publish_reset"] = True
                    st.rerun()
elif viewer.can(Permission.REQUEST_PUBLISH):
    if st.session_state.pop("publish_request_reset", False):
        st.session_state["publish_request_note"] = ""
        st.toast(t("publish.request.sent", period=label), icon=":material/send:")
    st.subheader(t("publish.request.heading", period=label))
    st.caption(t("publish.request.caption"))
    waiting = publish.requests(store, viewer, period, open_only=True)
    if waiting:
        first = waiting[0]
        when = formats.moment(first.requested_at)
        waiting_text = t("publish.request.waiting", who=first.requested_by, when=when, period=label)
        st.info(waiting_text, icon=":material/schedule:")
    else:
        asked = st.text_area(
            t("publish.request.note"),
            key="publish_request_note",
            placeholder=t("publish.request.note_hint"),
            height=80,
        )
        if st.button(t("publish.request.submit"), type="primary", key="publish_request_submit", icon=":material/send:"):
            try:
                publish.request_publication(store, viewer, period, asked)
            except LabelledError as err:
                st.warning(err.text(ui.lang()), icon=":material/info:")
            else:
                st.session_state["publish_request_reset"] = True
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
                t("publish.published_at"): formats.moment(p.published_at, seconds=True),
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
        column_config={
            t("publish.published_at"): st.column_config.TextColumn(width="medium"),
            t("publish.note"): st.column_config.TextColumn(width="large"),
        },
    )

if viewer.can(Permission.PUBLISH) or viewer.can(Permission.REQUEST_PUBLISH):
    asked = publish.requests(store, viewer, period)
    if asked:
        st.subheader(t("publish.request.history"))
        st.dataframe(
            request_rows(asked),
            hide_index=True,
            key="publish_requests",
            column_config={
                t("publish.request.col.requested_at"): st.column_config.TextColumn(width="medium"),
                t("publish.request.col.closed_at"): st.column_config.TextColumn(width="medium"),
            },
        )
