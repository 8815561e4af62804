"""数据探索: filter and pivot a ledger, chart and download the result; a read-only SQL console; the data dictionary."""

import uuid
from functools import partial
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from kaohe import explore, spreadsheet, ui
from kaohe.access import Permission, Viewer
from kaohe.labels import LABELS
from kaohe.sandbox import (
    DEFAULT_BYTE_CAP,
    DEFAULT_ROW_CAP,
    DEFAULT_TIMEOUT,
    SNAPSHOT_TABLES,
    Console,
    SandboxError,
    SqlResult,
)
from kaohe.ui import t

ui.require_app_shell()

# Choices a link should reproduce: the widget keys and the query parameters that carry them.
URL_KEYS = {"explore_ledger": "ledger", "explore_rows": "rows", "explore_columns": "cols", "explore_measure": "measure"}
NONE = "-"


@st.cache_resource(show_spinner=False)
def _console(db_path: str) -> Console:
    # One snapshot per database file and process; the Console rebuilds it after each write to the Store.
    return Console(ui.get_store())


# A console answer lives here, not in the session: at most 16 of them (each at most DEFAULT_BYTE_CAP) per
# server, so no number of analysts can pile results up in memory. The run id makes each click a fresh run;
# an answer that was evicted is run again, within the same limits, when its page is drawn again.
@st.cache_data(show_spinner=False, max_entries=16, ttl=3600)
def _console_answer(db_path: str, viewer: Viewer, sql: str, run_id: str) -> SqlResult | SandboxError:
    try:
        return explore.run_console(_console(db_path), viewer, sql)
    except SandboxError as err:
        return err


# The viewer is part of every cache key: a branch user's answer must never be served to another viewer.
@st.cache_data(show_spinner=False, max_entries=200)
def _pivot(db_path: str, generation: int, viewer: Viewer, spec: explore.PivotSpec) -> explore.Pivot:
    return explore.pivot(ui.get_store(), viewer, spec)


@st.cache_data(show_spinner=False, max_entries=200)
def _rows(db_path: str, generation: int, viewer: Viewer, ledger: str, filters: tuple[explore.Filter, ...]) -> Any:
    return explore.filtered_rows(ui.get_store(), viewer, ledger, filters)


@st.cache_data(show_spinner=False, max_entries=200)
def _values(db_path: str, generation: int, viewer: Viewer, ledger: str, column: str) -> list[str]:
    return explore.distinct_values(ui.get_store(), viewer, ledger, column)


@st.cache_data(show_spinner=False, max_entries=200)
def _range(db_path: str, generation: int, viewer: Viewer, ledger: str, column: str) -> tuple[Any, Any]:
    return explore.value_range(ui.get_store(), viewer, ledger, column)


def column_label(ledger: str, name: str) -> str:
    """A column or `column:grain` dimension as people read it."""
    base, _, grain = name.partition(":")
    col = explore.column(ledger, base)
    # The ledger spec names fields as the clerks' own sheets do (事项类别 vs 事项类型); labels.py serves English.
    text = col.label if col.label and ui.lang() == "zh" else t(col.label_key)
    return t(f"explore.grain.{grain}", column=text) if grain else text


def type_name(sql_type: str) -> str:
    """A column type of the data dictionary in words, the SQL type beside it (analysts write casts with it)."""
    key = f"explore.doc.type.{sql_type}"
    return t(key) if key in LABELS else sql_type


def measure_label(ledger: str, key: str) -> str:
    """A measure as people read it."""
    m = explore.measure(ledger, key)
    if m.kind in ("sum", "mean"):
        return t(f"explore.measure.{m.kind}", column=column_label(ledger, str(m.column)))
    return t(f"explore.measure.{m.key}")


def _from_url(key: str, options: list[str]) -> None:
    # A new session (link opened, page refreshed) takes its choice from the URL when the URL names a valid one.
    wanted = st.query_params.get(URL_KEYS[key])
    if key not in st.session_state and wanted in options:
        st.session_state[key] = wanted
    elif key in st.session_state and st.session_state[key] not in options:
        del st.session_state[key]


def _to_url() -> None:
    for key, param in URL_KEYS.items():
        value = st.session_state.get(key)
        if value and value != NONE:
            st.query_params[param] = str(value)
        elif param in st.query_params:
            del st.query_params[param]


store = ui.get_store()
db_key = str(store.path.resolve())
viewer = ui.current_viewer()
st.title(t("page.explorer"))
ui.scope_caption(viewer)
# The console reads a snapshot of every unit's rows, so only roles with the console right get the tab.
has_console = viewer.can(Permission.SQL_CONSOLE) and viewer.unit_scope is None
tab_keys = ["explore.tab.pivot", "explore.tab.console", "explore.tab.schema"]
if not has_console:
    tab_keys.remove("explore.tab.console")
tabs = dict(zip(tab_keys, st.tabs([t(key) for key in tab_keys]), strict=True))
pivot_tab, schema_tab = tabs["explore.tab.pivot"], tabs["explore.tab.schema"]

# -- filter and pivot -------------------------------------------------------------------------------------
with pivot_tab:
    ledgers = list(explore.EXPLORE_LEDGERS)
    _from_url("explore_ledger", ledgers)
    ledger = st.selectbox(t("explore.ledger"), ledgers, key="explore_ledger", format_func=lambda n: t(f"ledger.{n}"))
    columns = explore.columns(ledger)
    names = [c.name for c in columns]
    # The sidebar's period applies here as on every page, on the ledger's own date column.
    period = ui.selected_period()
    in_period = explore.period_filter(ledger, period)
    st.caption(
        t("explore.period_note", period=ui.period_label(period.code), column=column_label(ledger, in_period.column))
    )
    chosen = st.multiselect(
        t("explore.filter_columns"),
        names,
        key=f"explore_filter_columns_{ledger}",
        format_func=lambda n: column_label(ledger, n),
        placeholder=t("explore.choose"),
    )
    filters: list[explore.Filter] = [in_period]
    for name in chosen:
        col = explore.column(ledger, name)
        label = column_label(ledger, name)
        if col.type == "date" or col.numeric:
            low, high = _range(db_key, store.generation, viewer, ledger, name)
            left, right = st.columns(2)
            if col.type == "date":
                low, high = (None if v is None else v.date() for v in (low, high))
                start = left.date_input(
                    t("explore.from", column=label), value=low, key=f"explore_from_{name}", format="YYYY-MM-DD"
                )
                end = right.date_input(
                    t("explore.to", column=label), value=high, key=f"explore_to_{name}", format="YYYY-MM-DD"
                )
            else:
                low, high = (None if v is None else float(v) for v in (low, high))
                start = left.number_input(t("explore.from", column=label), value=low, key=f"explore_from_{name}")
                end = right.number_input(t("explore.to", column=label), value=high, key=f"explore_to_{name}")
            filters.append(explore.Filter(name, "between", low=start, high=end))  # type: ignore[arg-type]
            continue
        values = _values(db_key, store.generation, viewer, ledger, name)
        if len(values) <= 80:
            picked = st.multiselect(
                t("explore.in", column=label), values, key=f"explore_in_{name}", placeholder=t("explore.choose")
            )
            filters.append(explore.Filter(name, "in", values=tuple(picked)))
        else:
            text = st.text_input(t("explore.contains", column=label), key=f"explore_contains_{name}")
            filters.append(explore.Filter(name, "contains", text=text))

    dims = list(explore.dimensions(ledger))
    measures = [m.key for m in explore.measures(ledger)]
    _from_url("explore_rows", dims)
    _from_url("explore_columns", [NONE, *dims])
    _from_url("explore_measure", measures)
    left, middle, right = st.columns(3)
    st.session_state.setdefault("explore_rows", "unit_kind")
    rows_dim = left.selectbox(
        t("explore.rows"), dims, key="explore_rows", format_func=lambda d: column_label(ledger, d)
    )
    cols_dim = middle.selectbox(
        t("explore.columns"),
        [NONE, *dims],
        key="explore_columns",
        format_func=lambda d: t("explore.none") if d == NONE else column_label(ledger, d),
    )
    measure_key = right.selectbox(
        t("explore.measure"), measures, key="explore_measure", format_func=lambda k: measure_label(ledger, k)
    )
    _to_url()

    spec = explore.PivotSpec(
        ledger=ledger,
        measure=measure_key,
        rows=rows_dim,
        columns=None if cols_dim == NONE else cols_dim,
        filters=tuple(filters),
    )
    result = _pivot(db_key, store.generation, viewer, spec)
    matched = int(result.cells.loc[result.cells.row_total & result.cells.col_total, "rows"].sum())
    st.caption(t("explore.matched", n=f"{matched:,}"))
    if matched == 0:
        st.info(t("explore.no_rows"), icon=":material/filter_alt_off:")
    else:
        value_name = measure_label(ledger, measure_key)
        row_name = column_label(ledger, rows_dim)
        table = result.wide(t("explore.total"), row_name, value_name, t("explore.blank"))
        percent = measure_key in explore.PERCENT_MEASURES
        number_format = "percent" if percent else ("%.2f" if result.measure.is_ratio else "localized")
        ui.table(
            table,
            hide_index=True,
            key="explore_pivot_table",
            column_config={c: st.column_config.NumberColumn(format=number_format) for c in table.columns[1:]},
        )
        body = table[table[row_name] != t("explore.total")]
        figure = go.Figure()
        for series in [c for c in table.columns[1:] if c != t("explore.total") or spec.columns is None]:
            figure.add_bar(
                x=body[row_name],
                y=body[series],
                name=str(series),
                hovertemplate=ui.hover("%{x}", ui.pair(series, f"%{{y:{'.1%' if percent else ',.2f'}}}")),
            )
        figure.update_layout(
            ui.chart_layout(
                title={"text": t("explore.chart", measure=value_name, rows=row_name)},
                barmode="group",
                xaxis={"title": {"text": row_name}, "type": "category"},
                yaxis={"title": {"text": value_name}, "tickformat": ".0%" if percent else None},
                showlegend=spec.columns is not None,
            )
        )
        st.plotly_chart(figure, key="explore_pivot_chart")
        stem = f"{t(f'ledger.{ledger}')}_{value_name}_{row_name}"
        left, right = st.columns(2)
        ui.download_button(
            t("explore.download_csv"),
            partial(explore.csv_bytes, table),
            file_name=f"{stem}.csv",
            mime=spreadsheet.CSV_MIME,
            key="explore_download_csv",
            icon=":material/download:",
            container=left,
        )
        ui.download_button(
            t("explore.download_xlsx"),
            partial(explore.xlsx_bytes, table, value_name),
            file_name=f"{stem}.xlsx",
            mime=spreadsheet.XLSX_MIME,
            key="explore_download_xlsx",
            icon=":material/download:",
            container=right,
        )
        with st.expander(t("explore.preview", n=explore.PREVIEW_ROWS)):
            preview = _rows(db_key, store.generation, viewer, ledger, tuple(filters))
            shown = preview.drop(columns=["total_rows", "one"], errors="ignore")
            labels = {c.name: column_label(ledger, c.name) for c in columns}
            ui.table(shown.rename(columns=labels), hide_index=True, key="explore_rows_table")

# -- SQL console -------------------------------------------------------------------------------------------
if has_console:
    with tabs["explore.tab.console"]:
        st.caption(
            t(
                "explore.console_note",
                seconds=f"{DEFAULT_TIMEOUT:g}",
                rows=f"{DEFAULT_ROW_CAP:,}",
                megabytes=f"{DEFAULT_BYTE_CAP / 1024 / 1024:g}",
            )
        )
        saved = {q.name: q for q in explore.saved_queries()}
        pick = st.selectbox(
            t("explore.saved"),
            [NONE, *saved],
            key="explore_saved",
            format_func=lambda n: t("explore.saved_none") if n == NONE else saved[n].title_in(ui.lang()),
        )
        if pick != NONE and st.session_state.get("explore_saved_loaded") != pick:
            # Load the saved text once per pick, so the analyst's edits are not overwritten on the next run.
            st.session_state["explore_sql"] = saved[pick].sql
            st.session_state["explore_saved_loaded"] = pick
        if pick != NONE:
            query = saved[pick]
            st.caption(query.description_en if ui.lang() == "en" and query.description_en else query.description)
        sql = st.text_area(t("explore.sql"), key="explore_sql", height=220)
        if st.button(t("explore.run"), key="explore_run", type="primary", icon=":material/play_arrow:"):
            # Only the statement and a run id stay in the session, so the answer stays on screen while the
            # analyst changes other widgets without the session holding the rows.
            if not sql.strip():
                st.session_state["explore_sql_ran"] = None
                st.info(t("explore.empty_sql"), icon=":material/edit:")
            else:
                st.session_state["explore_sql_ran"] = (sql, uuid.uuid4().hex)
        ran = st.session_state.get("explore_sql_ran")
        answer = _console_answer(db_key, viewer, *ran) if ran else None
        if isinstance(answer, SandboxError):
            st.error(t("explore.error", message=answer.text(ui.lang())), icon=":material/block:")
        elif answer is not None:
            if answer.truncated_by == "bytes":
                megabytes = f"{answer.byte_cap / 1024 / 1024:g}"
                st.warning(
                    t("sandbox.truncated_bytes", n=f"{len(answer.frame):,}", megabytes=megabytes),
                    icon=":material/content_cut:",
                )
            elif answer.truncated:
                st.warning(t("explore.truncated", n=f"{answer.row_cap:,}"), icon=":material/content_cut:")
            st.caption(t("explore.result", n=f"{len(answer.frame):,}", seconds=f"{answer.seconds:.2f}"))
            ui.table(answer.frame, hide_index=True, key="explore_sql_result")
            ui.download_button(
                t("explore.download_csv"),
                partial(explore.csv_bytes, answer.frame),
                file_name=t("explore.result_file"),
                mime=spreadsheet.CSV_MIME,
                key="explore_sql_download",
                icon=":material/download:",
            )

# -- data dictionary ---------------------------------------------------------------------------------------
with schema_tab:
    st.caption(t("explore.schema_note"))
    documented = {d.name: d for d in explore.documented_tables()}
    for name in [n for n in SNAPSHOT_TABLES if n in documented]:
        doc = documented[name]
        with st.expander(f"`{name}` · {doc.title_in(ui.lang())}"):
            st.markdown(doc.description_in(ui.lang()))
            # A static table wraps long meanings instead of cutting them off, and renders `code` in them.
            st.table(
                pd.DataFrame(
                    {
                        t("explore.doc.column"): [f"`{c.name}`" for c in doc.columns],
                        t("explore.doc.type"): [type_name(c.type) for c in doc.columns],
                        t("explore.doc.meaning"): [c.meaning_in(ui.lang()) for c in doc.columns],
                    }
                ),
                hide_index=True,
            )
    undocumented = [n for n in SNAPSHOT_TABLES if n not in documented]
    if undocumented:
        st.caption(t("explore.schema_undocumented", tables=t("list.separator").join(undocumented)))
