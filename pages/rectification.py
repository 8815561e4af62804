"""整改落实: rectification items — the assessors draft them from the result and follow them to 销号, a branch reports
progress on its own, leaders and the secretary follow them. Items come from kaohe.rectification, which scopes them
to the viewer's units and checks who may change what.
"""

import pandas as pd
import streamlit as st

from kaohe import formats, rectification, ui
from kaohe.access import AccessDenied, Permission
from kaohe.rectification import RectificationError
from kaohe.scheme import SchemeError
from kaohe.scoring import ScoringError
from kaohe.ui import t

ui.require_app_shell()

SHOW_KEY = "rectification_show"
PICK_KEY = "rectification_pick"
FLASH_KEY = "rectification_flash"

period = ui.selected_period()
period_name = ui.period_label(period.code)
viewer = ui.current_viewer()
store = ui.get_store()
manages = viewer.can(Permission.MANAGE_RECTIFICATION)
reports = viewer.can(Permission.REPORT_RECTIFICATION)

st.title(t("page.rectification"))
st.caption(t("rectify.caption"))
ui.scope_caption(viewer)
if FLASH_KEY in st.session_state:
    st.success(str(st.session_state.pop(FLASH_KEY)), icon=":material/check_circle:")


def done(text: str) -> None:
    """Say what was done on the next run, which shows the items as they now are."""
    st.session_state[FLASH_KEY] = text
    st.rerun()


show = st.radio(
    t("rectify.show"),
    ["open", "period"],
    key=SHOW_KEY,
    horizontal=True,
    format_func=lambda v: t(f"rectify.show.{v}", period=period_name),
)
every = rectification.items(ui.source(), viewer)
listed = rectification.still_open(every) if show == "open" else every[every["period"] == period.code]
listed = listed.reset_index(drop=True)
late = rectification.overdue(listed)
if len(late):
    st.warning(t("rectify.overdue_warning", n=len(late)), icon=":material/alarm:")


def shown_items(frame: pd.DataFrame) -> dict[str, list[object]]:
    """The items as people read them: no internal ids, statuses and reasons in words, dates as offices write."""
    return {
        t("rectify.col.period"): [ui.period_label(p) for p in frame["period"]],
        t("rectify.col.unit"): list(frame["unit"]),
        t("rectify.col.basis"): [t(f"rectify.basis.{b}") for b in frame["basis"]],
        t("rectify.col.indicator"): list(frame["indicator"]),
        t("rectify.col.points_lost"): [ui.fmt_score(v) for v in frame["points_lost"]],
        t("rectify.col.requirement"): list(frame["requirement"]),
        t("rectify.col.responsible"): [r if isinstance(r, str) else "—" for r in frame["responsible"]],
        t("rectify.col.deadline"): [formats.day(d) for d in frame["deadline"]],
        t("rectify.col.status"): [t(f"rectify.status.{s}") for s in frame["status"]],
        t("rectify.col.overdue"): [t("rectify.overdue_mark") if o else "" for o in frame["overdue"]],
        t("rectify.col.evidence"): [e if isinstance(e, str) else "" for e in frame["evidence"]],
    }


if listed.empty:
    empty = t("rectify.none", period=period_name) if show == "period" else t("rectify.none_open")
    st.info(empty, icon=":material/info:")
else:
    ui.table(shown_items(listed), key="rectification_table", hide_index=True, width="stretch")

# -- one item: the branch reports progress, the assessors edit, close or withdraw -----------------------------
if (manages or reports) and not listed.empty:
    st.subheader(t("rectify.edit"))
    # Named by what does not change (a label that changes under a kept selection is not redrawn): the status is
    # in the form below.
    labels = {
        int(row["item_id"]): t("rectify.item_label", unit=row["unit"], indicator=row["indicator"],
                                 deadline=formats.day(row["deadline"]))
        for row in listed.to_dict("records")
    }  # fmt: skip
    if st.session_state.get(PICK_KEY) not in labels:
        st.session_state[PICK_KEY] = next(iter(labels))
    picked = st.selectbox(t("rectify.pick"), list(labels), key=PICK_KEY, format_func=labels.__getitem__)
    item = listed[listed["item_id"] == picked].iloc[0]
    statuses = list(rectification.STATUSES if manages else rectification.BRANCH_STATUSES)
    if item["status"] not in statuses:
        statuses.insert(0, str(item["status"]))
    with st.form(f"rectification_form_{picked}"):
        st.markdown(ui.pair(f"**{t('rectify.col.requirement')}**", ui.escape_markdown(str(item["requirement"]))))
        changes: dict[str, object] = {}
        if manages:
            changes["requirement"] = st.text_area(
                t("rectify.col.requirement"), value=str(item["requirement"]), key="rectification_requirement"
            )
            left, right = st.columns(2)
            changes["responsible"] = left.text_input(
                t("rectify.col.responsible"),
                value=item["responsible"] if isinstance(item["responsible"], str) else "",
                key="rectification_responsible",
            )
            changes["deadline"] = right.date_input(
                t("rectify.col.deadline"), value=item["deadline"], key="rectification_deadline", format="YYYY-MM-DD"
            )
        changes["status"] = st.selectbox(
            t("rectify.col.status"),
            statuses,
            index=statuses.index(str(item["status"])),
            key="rectification_status",
            format_func=lambda s: t(f"rectify.status.{s}"),
        )
        changes["evidence"] = st.text_area(
            t("rectify.col.evidence"),
            value=item["evidence"] if isinstance(item["evidence"], str) else "",
            key="rectification_evidence",
            placeholder=t("rectify.evidence_hint"),
        )
        saved = st.form_submit_button(t("rectify.save"), type="primary")
    if saved:
        try:
            result = rectification.update(store, viewer, int(picked), changes)
        except (RectificationError, AccessDenied) as err:
            st.error(ui.said(err), icon=":material/block:")
        else:
            done(result.render(ui.lang()))
    if manages and st.button(t("rectify.withdraw"), key="rectification_withdraw", icon=":material/undo:"):
        done(rectification.withdraw(store, viewer, int(picked)).render(ui.lang()))

# -- drafting: the assessors ------------------------------------------------------------------------------------
if manages:
    st.subheader(t("rectify.draft", period=period_name))
    as_of = ui.cutoff(period)
    try:
        scored = ui.period_result(period)
        rules = rectification.rules(scored.score.scheme)
    except (SchemeError, ScoringError, AccessDenied) as err:
        st.info(t("scorecard.cannot_score", message=ui.said(err)), icon=":material/info:")
        st.stop()
    alerts = False
    if as_of is not None:
        alerts = st.checkbox(t("rectify.with_alerts"), value=rules.alerts, key="rectification_alerts")
    st.caption(
        t("rectify.draft_rule", grades=t("list.separator").join(rules.grades), items=rules.items, days=rules.days)
        + ("" if as_of is None else t("rectify.draft_under_way", as_of=formats.day(as_of)))
    )
    drafted = rectification.drafts(store, viewer, period, as_of=as_of, alerts=alerts, lang=ui.lang())
    if drafted.empty:
        st.caption(t("rectify.nothing_to_draft"))
    else:
        ui.table(
            {
                t("rectify.col.unit"): drafted["unit"],
                t("rectify.col.grade"): [ui.fmt_grade(g, scored) for g in drafted["grade"]],
                t("rectify.col.basis"): [t(f"rectify.basis.{b}") for b in drafted["basis"]],
                t("rectify.col.indicator"): drafted["indicator"],
                t("rectify.col.points_lost"): [ui.fmt_score(v) for v in drafted["points_lost"]],
                t("rectify.col.requirement"): drafted["requirement"],
                t("rectify.col.responsible"): [r if isinstance(r, str) else "—" for r in drafted["responsible"]],
                t("rectify.col.deadline"): [formats.day(d) for d in drafted["deadline"]],
            },
            key="rectification_drafts",
            hide_index=True,
            width="stretch",
        )
        if st.button(
            t("rectify.issue", n=len(drafted)), key="rectification_issue", type="primary", icon=":material/send:"
        ):
            made = rectification.create(store, viewer, period, drafted)
            done(t("rectify.issued", n=made))
