"""考核设置: the scheme in force as a table; targets and points edited into a draft that is scored beside the
version in force (nothing stored) and saved as a new version; versions compared with the one in force and put in
force (启用) after a confirmation; a new period copied from the last one."""

import pandas as pd
import streamlit as st

from kaohe import formats, ui, workflow
from kaohe.access import AccessDenied, Permission
from kaohe.periods import PeriodError
from kaohe.scheme import Scheme, SchemeError, stored_scheme
from kaohe.scoring import ScoringError
from kaohe.ui import t

ui.require_app_shell()
st.title(t("page.scheme_settings"))
viewer = ui.current_viewer()
store = ui.get_store()
period = ui.selected_period()
can_edit = viewer.can(Permission.EDIT_SCHEME)


def new_period_form(source: Scheme | None) -> None:
    """Start another period's scheme as a copy of `source`."""
    st.subheader(t("settings.new_period"))
    if source is None or not can_edit:
        st.caption(t("settings.new_period_needs"))
        return
    st.caption(t("settings.new_period_hint", scheme=source.name))
    code = st.text_input(t("settings.new_period_code"), key="scheme_new_period", placeholder="2026")
    if st.button(t("settings.new_period_button"), key="scheme_new_period_create", icon=":material/content_copy:"):
        try:
            made = workflow.start_period(store, viewer, source, code)
        except (SchemeError, PeriodError, AccessDenied) as err:
            st.error(ui.said(err), icon=":material/block:")
        else:
            st.success(t("settings.new_period_done", name=made.name, period=made.period), icon=":material/check:")


try:
    force = workflow.in_force(store, period)
except SchemeError as err:
    st.warning(ui.said(err), icon=":material/warning:")
    previous = f"{int(period.code[:4]) - 1}"
    try:
        last = workflow.scheme_in_force(store, previous)
    except SchemeError:
        last = None
    new_period_form(last)
    st.stop()
scheme = force.scheme
stored = workflow.versions(store, scheme.id)
st.markdown(f"**{scheme.name}** · {t('publish.version', v=scheme.version)} · {t('settings.in_force')}")
if force.activated_by is not None and force.activated_at is not None:
    st.caption(
        t(
            "settings.activated",
            who=formats.person(force.activated_by, ui.lang()),
            at=f"{force.activated_at:%Y-%m-%d %H:%M}",
        )
    )
elif stored.empty:
    st.caption(t("settings.from_file", file=scheme.source))
else:
    st.caption(t("settings.first_version"))


def what_if_table(before: Scheme, after: Scheme, key: str) -> None:
    """The period scored under both schemes, side by side: the units whose total, rank or grade would change."""
    if not viewer.can(Permission.VIEW_SCORES):
        return
    try:
        outcome = workflow.what_if(store, viewer, period, before, after, as_of=ui.cutoff(period), lang=ui.lang())
    except (SchemeError, ScoringError) as err:
        st.error(ui.said(err), icon=":material/block:")
        return
    moved, graded = len(outcome.changes), len(outcome.grade_changes)
    names = (before.version_name.render(ui.lang()), after.version_name.render(ui.lang()))
    st.markdown(t("settings.what_if_summary", n=graded, m=moved, a=names[0], b=names[1]))
    if not outcome.changes.empty:
        shown = outcome.changes.drop(columns=["unit_id"])
        ui.table(
            shown.rename(columns={c: t(f"diff.col.{c}") for c in shown.columns}),
            hide_index=True,
            key=key,
            column_config={
                t(f"diff.col.{c}"): st.column_config.NumberColumn(format="%.2f")
                for c in ("total_before", "total_after", "total_change")
            },
        )


# -- the scheme as a readable table ---------------------------------------------------------------------

grid = workflow.target_grid(scheme, ui.lang())
kinds = [c for c in grid.columns if c not in workflow.GRID_COLUMNS]
kind_names = {kind: (t("settings.other_kinds") if kind == workflow.DEFAULT_KIND else kind) for kind in kinds}
readable = pd.DataFrame(
    {
        t("settings.col.dimension"): grid["dimension"],
        t("settings.col.indicator"): grid["indicator"],
        t("settings.col.rule"): [t(f"rule.{rule}") for rule in grid["rule"]],
        t("settings.col.description"): [ind.description for ind in scheme.indicators],
        t("settings.col.max_points"): grid["max_points"],
        **{f"{t('settings.col.target')}·{kind_names[k]}": grid[k] for k in kinds},
    }
)
st.subheader(t("settings.table"))
ui.table(readable, hide_index=True, key="scheme_table")
st.caption(
    formats.pools(scheme.bonus_cap, scheme.deduction_cap, ui.lang())
    + t("format.gap")
    + t("format.sentence_separator").join(f"{g.grade} ≥ {g.min_total:g}" for g in scheme.grades)
)

# -- editing targets and points: a draft scored in memory beside the version in force --------------------

if can_edit:
    st.subheader(t("settings.edit"))
    st.caption(t("settings.edit_hint"))
    edited = ui.grid(
        # Rules shown in words; the editor only reads back the id, the points and the target columns.
        grid.assign(rule=[t(f"rule.{rule}") for rule in grid["rule"]]),
        key=f"scheme_grid_{scheme.id}_{scheme.version}",
        hide_index=True,
        num_rows="fixed",
        disabled=["indicator_id", "indicator", "dimension", "rule"],
        column_config={
            "indicator_id": None,
            "indicator": st.column_config.TextColumn(t("settings.col.indicator")),
            "dimension": st.column_config.TextColumn(t("settings.col.dimension")),
            "rule": st.column_config.TextColumn(t("settings.col.rule")),
            "max_points": st.column_config.NumberColumn(t("settings.col.max_points"), min_value=0, step=0.5),
            **{k: st.column_config.TextColumn(f"{t('settings.col.target')}·{kind_names[k]}") for k in kinds},
        },
    )
    next_version = max(workflow.latest_version(store, scheme.id), scheme.version) + 1
    try:
        candidate = workflow.edited_scheme(scheme, edited, next_version)
    except SchemeError as err:
        # Validation as you type: every edit reruns the page, and the same parser as for a file names the fault.
        st.error(t("settings.invalid", n=len(err.problems)), icon=":material/error:")
        for problem in err.problem_texts(ui.lang()):
            st.markdown(f"- {problem}")
    else:
        changes = workflow.diff_in_words(workflow.diff_schemes(scheme, candidate), scheme, candidate, ui.lang())
        if changes.empty:
            st.caption(t("settings.no_changes"))
        else:
            ui.table(
                changes.rename(columns={c: t(f"settings.diff.{c}") for c in changes.columns}),
                hide_index=True,
                key="scheme_pending_changes",
            )
            st.markdown(f"**{t('settings.draft_what_if')}**")
            st.caption(t("settings.draft_what_if_hint"))
            what_if_table(scheme, candidate, "scheme_draft_what_if")
            if st.button(
                t("settings.save", version=next_version), type="primary", key="scheme_save", icon=":material/save:"
            ):
                try:
                    workflow.save_version(store, viewer, scheme, candidate)
                except (SchemeError, AccessDenied) as err:
                    st.error(ui.said(err), icon=":material/block:")
                else:
                    st.session_state["scheme_saved"] = next_version
                    st.rerun()
if saved := st.session_state.pop("scheme_saved", None):
    st.success(t("settings.saved", version=saved), icon=":material/check_circle:")
if activated := st.session_state.pop("scheme_activated", None):
    st.success(t("settings.activated_done", version=activated), icon=":material/check_circle:")

# -- versions: compare any with the one in force, and put one in force (启用) ------------------------------

st.subheader(t("settings.versions"))
if stored.empty:
    st.caption(t("settings.no_versions"))
else:
    listed = stored[["version", "name", "total_points", "loaded_at", "saved_by"]].assign(
        in_force=[
            "✓" if int(v) == scheme.version and s == scheme.id else ""
            for v, s in zip(stored["version"], stored["scheme_id"], strict=True)
        ],
        loaded_at=[f"{at:%Y-%m-%d %H:%M}" for at in stored["loaded_at"]],
        saved_by=[formats.person(w, ui.lang()) for w in stored["saved_by"]],
    )
    ui.table(
        listed.rename(columns={c: t(f"settings.version.{c}") for c in listed.columns}),
        hide_index=True,
        key="scheme_versions_table",
    )
others = [int(v) for v in stored["version"] if int(v) != scheme.version]
if others:
    chosen = st.selectbox(
        t("settings.compare_version"),
        others,
        key="scheme_other_version",
        format_func=lambda v: t("publish.version", v=v),
    )
    other = stored_scheme(store, scheme.id, int(chosen))
    diff = workflow.diff_in_words(workflow.diff_schemes(scheme, other), scheme, other, ui.lang())
    st.markdown(t("settings.diff_title", a=scheme.version, b=other.version))
    if diff.empty:
        st.caption(t("settings.no_changes"))
    else:
        ui.table(
            diff.rename(columns={c: t(f"settings.diff.{c}") for c in diff.columns}),
            hide_index=True,
            key="scheme_diff_table",
        )
    what_if_table(scheme, other, "scheme_what_if_table")
    if can_edit:
        confirm_key = "scheme_confirm_activate"
        if st.session_state.get(confirm_key) != other.version:
            if st.button(
                t("settings.activate", version=other.version), key="scheme_activate", icon=":material/task_alt:"
            ):
                st.session_state[confirm_key] = other.version
                st.rerun()
        else:
            with st.container(border=True):
                st.warning(
                    t("settings.activate_confirm", version=other.version, current=scheme.version, n=len(diff)),
                    icon=":material/warning:",
                )
                note = st.text_input(t("settings.activate_note"), key="scheme_activate_note")
                yes, no = st.columns([1, 4])
                if yes.button(t("settings.activate_yes"), type="primary", key="scheme_activate_yes"):
                    try:
                        workflow.activate(store, viewer, other.id, other.version, note or None)
                    except (SchemeError, AccessDenied) as err:
                        st.error(ui.said(err), icon=":material/block:")
                    else:
                        st.session_state.pop(confirm_key, None)
                        st.session_state["scheme_activated"] = other.version
                        st.rerun()
                if no.button(t("settings.activate_no"), key="scheme_activate_no"):
                    st.session_state.pop(confirm_key, None)
                    st.rerun()

new_period_form(scheme)
