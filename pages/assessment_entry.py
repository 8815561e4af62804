"""考核录入: qualitative scores in a grid (trimmed mean and missing scores beside it) and bonus/deduction/veto
items with corrections; saves carry the version the assessor read, so a colleague's save is never overwritten."""

from datetime import timedelta

import pandas as pd
import streamlit as st

from kaohe import entry, formats, self_assessment, ui, workflow
from kaohe.access import AccessDenied, Permission
from kaohe.scheme import SchemeError
from kaohe.scoring import ScoringError
from kaohe.ui import t

ui.require_app_shell()
st.title(t("page.entry"))
viewer = ui.current_viewer()
store = ui.get_store()
period = ui.selected_period()
if not viewer.can(Permission.VIEW_COMMENTS):
    st.error(t("entry.denied"), icon=":material/block:")
    st.stop()
can_enter = viewer.can(Permission.ENTER_SCORES)
try:
    scheme = workflow.scheme_in_force(store, period)
except SchemeError as err:
    st.warning(ui.said(err), icon=":material/warning:")
    st.stop()
st.caption(t("entry.scheme", name=scheme.name, version=scheme.version, period=ui.period_label(period.code)))

scores_tab, items_tab, progress_tab, shared_tab = st.tabs(
    [t("entry.tab.scores"), t("entry.tab.items"), t("entry.tab.progress"), t("entry.tab.self_and_parts")]
)
panel = entry.assessors(store, viewer, period)["assessor"].tolist()
qualitative = [ind for ind in scheme.indicators if ind.rule == "qualitative"]
levels = sorted({level for ind in qualitative for level, _ in ind.levels})

# -- qualitative scores ---------------------------------------------------------------------------------

with scores_tab:
    left, right = st.columns([2, 1])
    new_name = right.text_input(t("entry.new_assessor"), key="entry_new_assessor").strip()
    choices = sorted({*panel, *([new_name] if new_name else [])})
    if not choices:
        st.info(t("entry.no_assessors"), icon=":material/person_add:")
    else:
        if new_name and st.session_state.get("entry_new_assessor_taken") != new_name:
            # A name just typed is the sheet the assessor wants to fill in: open it.
            st.session_state["entry_assessor"] = new_name
            st.session_state["entry_new_assessor_taken"] = new_name
        assessor = left.selectbox(t("entry.assessor"), choices, key="entry_assessor")
        # The sheet as first read is kept: its score_ids are the versions the saves must name. Reading it
        # again on every rerun would silently adopt a colleague's newer save and overwrite it.
        base_key = f"entry_base_{period.code}_{scheme.id}_{scheme.version}_{assessor}"
        if base_key not in st.session_state:
            st.session_state[base_key] = entry.score_sheet(store, viewer, period, scheme, assessor)
        base: pd.DataFrame = st.session_state[base_key]
        # What this assessor has typed and not saved yet, over the whole sheet: the filters only choose which rows
        # the grids show, so switching a filter keeps what was typed under the other one.
        draft_key = f"{base_key}_draft"
        if draft_key not in st.session_state:
            st.session_state[draft_key] = base.copy()
        draft: pd.DataFrame = st.session_state[draft_key]
        typed = entry.sheet_inputs(base, draft, assessor)
        done = entry.scored_cells(draft)
        st.progress(
            float(done.mean()) if len(done) else 0.0,
            text=t("entry.progress_line", done=int(done.sum()), total=len(done)),
        )
        per_unit = done.groupby(draft["unit_id"]).agg(["sum", "size"])
        unit_names = dict(zip(draft["unit_id"], draft["unit"], strict=False))
        indicator_names = {ind.id: ind.name for ind in qualitative}
        f1, f2, f3 = st.columns([2, 3, 1])
        # Options worded now, in this run's language (a format_func may be called after the run).
        indicator_options = {"": t("entry.filter.all_indicators"), **indicator_names}
        unit_options = {
            u: t("entry.filter.unit_done", unit=name, done=per_unit.at[u, "sum"], of=per_unit.at[u, "size"])
            for u, name in unit_names.items()
        }
        picked_indicator = f1.selectbox(
            t("entry.filter.indicator"), list(indicator_options), key="entry_filter_indicator",
            format_func=indicator_options.__getitem__,
        )  # fmt: skip
        picked_units = f2.multiselect(
            t("entry.filter.units"), list(unit_options), key="entry_filter_units",
            format_func=unit_options.__getitem__, placeholder=t("entry.filter.all_units"),
        )  # fmt: skip
        only_open = f3.toggle(t("entry.filter.open_only"), key="entry_filter_open")
        keep = pd.Series(True, index=draft.index)
        if picked_indicator:
            keep &= draft["indicator_id"] == picked_indicator
        if picked_units:
            keep &= draft["unit_id"].isin(picked_units)
        if only_open:
            keep &= ~done
        shown = draft[keep].assign(entered_by=[formats.person(w, ui.lang()) for w in draft.loc[keep, "entered_by"]])
        # Each indicator is scored one way: by level when the scheme gives it levels, else by points. One grid for
        # each way, with only the cell that way uses.
        by_level = {ind.id for ind in qualitative if ind.levels}
        filtered = bool(picked_indicator or picked_units or only_open)
        view = "_" + "|".join([picked_indicator, *picked_units, str(only_open)]) if filtered else ""
        for value_column in ("score", "level"):
            part = shown[shown["indicator_id"].isin(by_level) == (value_column == "level")]
            if part.empty:
                continue
            if shown["indicator_id"].isin(by_level).any() and not shown["indicator_id"].isin(by_level).all():
                st.caption(t(f"entry.grid.by_{value_column}"))
            edited_part = ui.grid(
                part,
                key=f"entry_grid_{base_key}_{value_column}{view}",
                hide_index=True,
                num_rows="fixed",
                disabled=not can_enter,
                placeholder="",
                column_order=["unit", "kind", "indicator", "max_points", value_column, "comment", "entered_by"],
                column_config={
                    "unit": st.column_config.TextColumn(t("score.unit"), disabled=True),
                    "kind": st.column_config.TextColumn(t("score.kind"), disabled=True),
                    "indicator": st.column_config.TextColumn(t("score.indicator"), disabled=True),
                    "max_points": st.column_config.NumberColumn(t("score.max_points"), disabled=True),
                    "score": st.column_config.NumberColumn(t("entry.col.score"), min_value=0.0, step=0.1),
                    "level": st.column_config.SelectboxColumn(t("entry.col.level"), options=levels),
                    "comment": st.column_config.TextColumn(t("entry.col.comment"), width="large"),
                    "entered_by": st.column_config.TextColumn(t("entry.col.entered_by"), disabled=True),
                },
            )
            draft.loc[edited_part.index, ["score", "level", "comment"]] = edited_part[["score", "level", "comment"]]
        if shown.empty:
            st.caption(t("entry.filter.nothing"))
        edited = draft
        if entry.sheet_inputs(base, draft, assessor) != typed:
            st.rerun()  # so that the progress and the filters' counts above include the cell just typed
        inputs = entry.sheet_inputs(base, edited, assessor)
        problems = entry.check_scores(store, period, scheme, inputs)
        for problem in problems:
            st.error(problem.render(ui.lang()), icon=":material/error:")
        save_col, reload_col = st.columns([1, 1])
        if save_col.button(
            t("entry.save", n=len(inputs)),
            type="primary",
            key="entry_save",
            disabled=not can_enter or not inputs or bool(problems),
            icon=":material/save:",
        ):
            try:
                result = entry.save_scores(store, viewer, period, scheme, inputs)
            except (entry.EntryError, AccessDenied) as err:
                st.error(ui.said(err), icon=":material/block:")
            else:
                st.session_state["entry_last_save"] = result
                # Show what is stored now (the winners' values), and keep what this user typed in the report.
                st.session_state[base_key] = entry.score_sheet(store, viewer, period, scheme, assessor)
                del st.session_state[draft_key]
                st.rerun()
        if reload_col.button(t("entry.reload"), key="entry_reload", icon=":material/refresh:"):
            del st.session_state[base_key]
            del st.session_state[draft_key]
            st.rerun()
        report = st.session_state.get("entry_last_save")
        if isinstance(report, entry.SaveResult):
            if report.saved:
                st.success(t("entry.saved", n=len(report.saved)), icon=":material/check_circle:")
            if report.conflicts:
                st.warning(t("entry.conflicts", n=len(report.conflicts)), icon=":material/sync_problem:")
                ui.table(
                    pd.DataFrame(
                        {
                            t("entry.conflict.cell"): [
                                f"{unit_names.get(c.attempted.unit_id, c.attempted.unit_id)} · "
                                f"{indicator_names.get(c.attempted.indicator_id, c.attempted.indicator_id)}"
                                for c in report.conflicts
                            ],
                            t("entry.conflict.yours"): [
                                c.attempted.level or ("" if c.attempted.score is None else f"{c.attempted.score:g}")
                                for c in report.conflicts
                            ],
                            t("entry.conflict.message"): [c.message.render(ui.lang()) for c in report.conflicts],
                        }
                    ),
                    hide_index=True,
                    key="entry_conflicts",
                )

    st.subheader(t("entry.means"))
    try:
        progress = entry.qualitative_progress(store, viewer, period, scheme, ui.lang())
    except ScoringError as err:
        st.error(ui.said(err), icon=":material/block:")
    else:
        means = progress.pivot_table(
            index="unit_id", columns="indicator", values="points", aggfunc="first", dropna=False
        ).round(2)
        names = progress.drop_duplicates("unit_id").set_index("unit_id")["unit"]
        counts = progress.groupby("unit_id")["assessors"].min().rename(t("entry.col.assessors"))
        shown = names.rename(t("score.unit")).to_frame().join(means).join(counts)
        ui.table(shown, hide_index=True, key="entry_means")
        st.caption(t("entry.means_hint"))

# -- bonus, deduction and veto items --------------------------------------------------------------------

TYPES = ("bonus", "deduction", "veto")


def items_section() -> None:
    """The items in force with their points and caps, and the form to add, correct or withdraw one."""
    try:
        view = entry.adjustment_view(store, viewer, period, scheme, ui.lang())
    except ScoringError as err:
        st.error(ui.said(err), icon=":material/block:")
        return
    st.subheader(t("entry.pools"))
    st.caption(formats.pools(scheme.bonus_cap, scheme.deduction_cap, ui.lang()))
    pools = view.pools.drop(columns="unit_id")
    ui.table(
        pools.rename(columns={c: t(f"entry.pool.{c}") for c in pools.columns}),
        hide_index=True,
        key="entry_pools",
    )
    st.subheader(t("entry.items"))
    items = view.items.assign(
        type=[t(f"adjustment.{x}") for x in view.items["type"]],
        entered_by=[formats.person(w, ui.lang()) for w in view.items["entered_by"]],
    ).drop(columns=["unit_id", "counted_points"])
    ui.table(
        items.rename(columns={c: t(f"entry.item.{c}") for c in items.columns}),
        hide_index=True,
        key="entry_items",
    )

    if not can_enter:
        return
    units = entry.units_in_period(store, viewer, period)
    names = dict(zip(units["unit_id"], units["unit"], strict=True))
    ids = [int(i) for i in view.items["adjustment_id"]]
    mode = st.radio(
        t("entry.item_mode"), ["add", "correct", "withdraw"], key="entry_item_mode", horizontal=True,
        format_func=lambda m: t(f"entry.mode.{m}"),
    )  # fmt: skip
    target_id = None
    if mode != "add":
        if not ids:
            st.caption(t("entry.no_items"))
            return
        target_id = st.selectbox(t("entry.item_pick"), ids, key="entry_item_pick")
    if mode == "withdraw":
        why = st.text_input(t("entry.withdraw_reason"), key="entry_withdraw_reason")
        if st.button(t("entry.withdraw"), key="entry_withdraw", icon=":material/undo:") and target_id is not None:
            try:
                entry.withdraw_adjustment(store, viewer, target_id, why)
            except entry.EntryError as err:
                st.error(ui.said(err), icon=":material/sync_problem:")
            else:
                st.rerun()
    else:
        c1, c2, c3 = st.columns(3)
        unit_id = c1.selectbox(t("score.unit"), list(names), key="entry_item_unit", format_func=names.get)
        type_ = c2.selectbox(t("score.type"), TYPES, key="entry_item_type", format_func=lambda x: t(f"adjustment.{x}"))
        categories = scheme.categories(type_)
        category = c3.selectbox(t("score.category"), [c.category for c in categories], key="entry_item_category")
        chosen = next((c for c in categories if c.category == category), None)
        level = points = None
        if chosen is not None and chosen.levels:
            level = st.selectbox(
                t("score.level"), [name for name, _ in chosen.levels], key="entry_item_level",
                format_func=ui.named_choice({n: f"{p:g}" for n, p in chosen.levels}, key_is_code=False),
            )  # fmt: skip
        elif chosen is not None and chosen.max_points is not None:
            points = st.number_input(
                t("entry.points_within", max=f"{chosen.max_points:g}"),
                min_value=0.0, max_value=float(chosen.max_points), step=0.5, key="entry_item_points",
            )  # fmt: skip
        elif chosen is not None and chosen.points is not None:
            st.caption(t("entry.fixed_points", points=f"{chosen.points:g}"))
        reason = st.text_input(t("score.reason"), key="entry_item_reason")
        evidence = st.text_input(t("score.evidence"), key="entry_item_evidence")
        item = entry.AdjustmentInput(unit_id, type_, category or "", level, points, reason, evidence)
        label = t("entry.add") if mode == "add" else t("entry.correct", id=target_id)
        if st.button(label, type="primary", key="entry_item_submit", icon=":material/add_task:"):
            try:
                if target_id is None:
                    entry.add_adjustment(store, viewer, period, scheme, item)
                else:
                    entry.correct_adjustment(store, viewer, period, scheme, target_id, item)
            except entry.AdjustmentConflict as err:
                st.warning(ui.said(err), icon=":material/sync_problem:")
            except (entry.EntryError, AccessDenied) as err:
                st.error(ui.said(err), icon=":material/block:")
            else:
                st.rerun()


with items_tab:
    items_section()


# -- who has not scored whom ----------------------------------------------------------------------------

with progress_tab:
    extra = st.text_input(t("entry.panel_extra"), key="entry_panel_extra", placeholder=t("entry.panel_extra_hint"))
    typed = extra.replace("，", ",")  # cjk: a full-width comma typed between names
    members = sorted({*panel, *(n.strip() for n in typed.split(",") if n.strip())})
    missing = entry.missing_scores(store, viewer, period, scheme, members)
    cells = len(entry.units_in_period(store, viewer, period))
    cells *= len(qualitative)
    summary = pd.DataFrame(
        {
            t("entry.assessor"): members,
            t("entry.col.missing"): [int((missing["assessor"] == m).sum()) for m in members],
            t("entry.col.done"): [cells - int((missing["assessor"] == m).sum()) for m in members],
        }
    )
    ui.table(summary, hide_index=True, key="entry_panel_summary")
    if missing.empty:
        st.success(t("entry.all_scored"), icon=":material/task_alt:")
    else:
        listed = missing.drop(columns=["unit_id", "indicator_id"])
        ui.table(
            listed.rename(columns={c: t(f"entry.missing.{c}") for c in listed.columns}),
            hide_index=True,
            key="entry_missing",
        )


# -- self-assessment deadline and shared-task parts ------------------------------------------------------------

with shared_tab:
    weighed = self_assessment.weighed_indicators(scheme)
    shared = self_assessment.shared_indicators(scheme)
    if not weighed and not shared:
        st.caption(t("entry.self.none"))
    if weighed:
        st.subheader(t("entry.self.heading"))
        last_day = self_assessment.deadline(store, period)
        st.caption(t("entry.self.deadline_is", deadline=last_day.isoformat()) if last_day else t("entry.self.not_open"))
        if can_enter:
            day = st.date_input(
                # Filled from the start (the period's last day until one is set): an empty date input shows the
                # widget's own English placeholder.
                t("entry.self.deadline"),
                value=last_day or period.end - timedelta(days=1),
                key="entry_self_deadline",
                format="YYYY-MM-DD",
            )
            if st.button(t("entry.self.set_deadline"), key="entry_self_deadline_set", icon=":material/event:") and day:
                self_assessment.set_deadline(store, viewer, period, day)
                st.rerun()
        given = self_assessment.entered(store, viewer, period)
        names = {i.id: i.name for i in weighed}
        if given.empty:
            st.caption(t("entry.self.nothing_yet"))
        else:
            units = entry.units_in_period(store, viewer, period)
            unit_names = dict(zip(units["unit_id"], units["unit"], strict=True))
            ui.table(
                pd.DataFrame(
                    {
                        t("score.unit"): given["unit_id"].map(unit_names).fillna("—"),
                        t("score.indicator"): given["indicator_id"].map(names).fillna("—"),
                        t("entry.self.score"): given["score"],
                    }
                ),
                hide_index=True,
                key="entry_self_scores",
            )
    if shared:
        st.subheader(t("entry.parts.heading"))
        sheet = self_assessment.parts_sheet(store, viewer, period, scheme)
        choices = {ind.id: [p for p, _ in ind.parts] for ind in shared}
        for ind in shared:
            rows = sheet[sheet["indicator_id"] == ind.id]
            st.markdown(
                f"**{ind.name}**{t('format.gap')}" + t("list.separator").join(f"{p} ×{f:g}" for p, f in ind.parts)
            )
            edited = ui.grid(
                rows[["unit_id", "unit", "part"]],
                key=f"entry_parts_{ind.id}",
                hide_index=True,
                num_rows="fixed",
                disabled=["unit_id", "unit"] if can_enter else True,
                column_config={
                    "unit_id": None,
                    "unit": st.column_config.TextColumn(t("score.unit")),
                    "part": st.column_config.SelectboxColumn(t("entry.parts.part"), options=choices[ind.id]),
                },
            )
            changed = [
                (str(u), str(new))
                for u, old, new in zip(rows["unit_id"], rows["part"], edited["part"], strict=True)
                if new != old and isinstance(new, str)
            ]
            if changed and st.button(t("entry.parts.save", n=len(changed)), key=f"entry_parts_save_{ind.id}"):
                for unit_id, part in changed:
                    self_assessment.set_part(store, viewer, period, scheme, unit_id, ind.id, part)
                st.rerun()
