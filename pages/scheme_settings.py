"""考核设置: the period's scheme as a table, targets and points edited into a new version, versions compared,
what-if re-scoring under another version, and a new period copied from the last one."""

import pandas as pd
import streamlit as st

from kaohe import ui, workflow
from kaohe.access import AccessDenied, Permission
from kaohe.periods import PeriodError
from kaohe.scheme import Scheme, SchemeError, stored_scheme
from kaohe.scoring import ScoringError
from kaohe.ui import t

ui.require_app_shell()

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
            st.error(str(err), icon=":material/block:")
        else:
            st.success(t("settings.new_period_done", name=made.name, period=made.period), icon=":material/check:")


try:
    scheme = workflow.scheme_in_force(store, period)
except SchemeError as err:
    st.warning(str(err), icon=":material/warning:")
    previous = f"{int(period.code[:4]) - 1}"
    try:
        last = workflow.scheme_in_force(store, previous)
    except SchemeError:
        last = None
    new_period_form(last)
    st.stop()

stored = workflow.versions(store, scheme.id)
st.markdown(f"**{scheme.name}** · {t('publish.version', v=scheme.version)}")
if stored.empty:
    st.caption(t("settings.from_file", file=scheme.source))

# -- the scheme as a readable table ---------------------------------------------------------------------

grid = workflow.target_grid(scheme)
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
st.dataframe(readable, hide_index=True, key="scheme_table")
st.caption(
    t("settings.pools", bonus=f"{scheme.bonus_cap:g}", deduction=f"{scheme.deduction_cap:g}")
    + "　"
    + "，".join(f"{g.grade} ≥ {g.min_total:g}" for g in scheme.grades)
)

# -- editing targets and points -------------------------------------------------------------------------

if can_edit:
    st.subheader(t("settings.edit"))
    st.caption(t("settings.edit_hint"))
    edited = st.data_editor(
        # Rules shown in words; the editor only reads back the id, the points and the target columns.
        grid.assign(rule=[t(f"rule.{rule}") for rule in grid["rule"]]),
        key=f"scheme_grid_{scheme.id}_{scheme.version}",
        hide_index=True,
        num_rows="fixed",
        disabled=["indicator_id", "indicator", "dimension", "rule"],
        column_config={
            "indicator_id": st.column_config.TextColumn(t("settings.col.indicator_id")),
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
        for problem in err.problems:
            st.markdown(f"- {problem}")
    else:
        changes = workflow.diff_schemes(scheme, candidate)
        if changes.empty:
            st.caption(t("settings.no_changes"))
        else:
            st.dataframe(
                changes.rename(columns={c: t(f"settings.diff.{c}") for c in changes.columns}),
                hide_index=True,
                key="scheme_pending_changes",
            )
            if st.button(
                t("settings.save", version=next_version), type="primary", key="scheme_save", icon=":material/save:"
            ):
                try:
                    workflow.save_version(store, viewer, scheme, candidate)
                except (SchemeError, AccessDenied) as err:
                    st.error(str(err), icon=":material/block:")
                else:
                    st.session_state["scheme_saved"] = next_version
                    st.rerun()
if saved := st.session_state.pop("scheme_saved", None):
    st.success(t("settings.saved", version=saved), icon=":material/check_circle:")

# -- versions, diff and what-if -------------------------------------------------------------------------

st.subheader(t("settings.versions"))
if stored.empty:
    st.caption(t("settings.no_versions"))
else:
    st.dataframe(
        stored[["version", "name", "total_points", "loaded_at", "saved_by"]].rename(
            columns={
                c: t(f"settings.version.{c}") for c in ("version", "name", "total_points", "loaded_at", "saved_by")
            }
        ),
        hide_index=True,
        key="scheme_versions_table",
    )
numbers = [int(v) for v in stored["version"]]
if len(numbers) >= 2:
    left, right = st.columns(2)
    older = left.selectbox(t("settings.diff_from"), numbers, index=1, key="scheme_diff_from")
    newer = right.selectbox(t("settings.diff_to"), numbers, index=0, key="scheme_diff_to")
    before, after = stored_scheme(store, scheme.id, older), stored_scheme(store, scheme.id, newer)
    diff = workflow.diff_schemes(before, after)
    st.markdown(t("settings.diff_title", a=older, b=newer))
    if diff.empty:
        st.caption(t("settings.no_changes"))
    else:
        st.dataframe(
            diff.rename(columns={c: t(f"settings.diff.{c}") for c in diff.columns}),
            hide_index=True,
            key="scheme_diff_table",
        )
    if viewer.can(Permission.VIEW_SCORES) and st.toggle(t("settings.what_if"), key="scheme_what_if"):
        try:
            result = workflow.what_if(store, viewer, period, before, after)
        except (SchemeError, ScoringError) as err:
            st.error(str(err), icon=":material/block:")
        else:
            moved = result.grade_changes
            st.markdown(t("settings.what_if_summary", n=len(moved), m=len(result.changes), a=older, b=newer))
            st.dataframe(
                result.changes.rename(columns={c: t(f"diff.col.{c}") for c in result.changes.columns}),
                hide_index=True,
                key="scheme_what_if_table",
            )

new_period_form(scheme)
