"""对比分析: two or more units side by side by dimension and indicator, or one unit against a year earlier.

The units and the mode live in widgets and in the URL (`?mode=years&unit=SQ01`, `?units=SQ01&units=SQ02`).
Both results come from `ui.period_result` (kaohe.results, the one door to scores).
"""

import plotly.graph_objects as go
import streamlit as st

from kaohe import results, scorecard, ui
from kaohe.access import AccessDenied
from kaohe.periods import Period
from kaohe.scheme import SchemeError
from kaohe.scoring import ScoringError
from kaohe.ui import t
from kaohe.workflow import NoScheme

ui.require_app_shell()

MODE_KEY, UNITS_KEY, UNIT_KEY = "compare_mode", "compare_units", "compare_unit"
MODES = ("units", "years")

period = ui.selected_period()
period_name = ui.period_label(period.code)
viewer = ui.current_viewer()
source = ui.source()

st.title(t("page.compare"))
st.caption(t("compare.caption", period=period_name))


def scored(wanted: Period) -> results.Result | str:
    """The period's result as the viewer may see it, or the sentence that says why there is none."""
    try:
        return ui.period_result(wanted)
    except NoScheme:
        return t("scorecard.no_scheme", period=ui.period_label(wanted.code))
    except SchemeError as err:
        return t("scorecard.scheme_error", message=ui.said(err))
    except ScoringError as err:
        return t("scorecard.cannot_score", message=ui.said(err))
    except AccessDenied:
        return t("scorecard.not_published", period=ui.period_label(wanted.code))


view = scored(period)
if isinstance(view, str):
    st.info(view, icon=":material/info:")
    st.stop()
result = view.score
ui.result_status(view)

unit_ids = result.units["unit_id"].tolist()
names = dict(zip(result.units["unit_id"], result.units["unit"], strict=True))

if "compare_initialised" not in st.session_state:
    mode = st.query_params.get("mode", MODES[0])
    st.session_state[MODE_KEY] = mode if mode in MODES else MODES[0]
    from_url = [u for u in st.query_params.get_all("units") if u in unit_ids]
    st.session_state[UNITS_KEY] = from_url or unit_ids[:3]
    unit = st.query_params.get("unit")
    st.session_state[UNIT_KEY] = unit if unit in unit_ids else unit_ids[0]
    st.session_state["compare_initialised"] = True
st.session_state[UNITS_KEY] = [u for u in st.session_state[UNITS_KEY] if u in unit_ids]
if st.session_state.get(UNIT_KEY) not in unit_ids:
    st.session_state[UNIT_KEY] = unit_ids[0]
if len(unit_ids) < 2:
    st.session_state[MODE_KEY] = "years"


LANGUAGE = ui.lang()  # bound now: unit_label may be called by a widget outside the script run


def unit_label(unit_id: str) -> str:
    return ui.named(names[unit_id], unit_id, LANGUAGE)


mode = st.radio(t("compare.mode"), MODES, key=MODE_KEY, horizontal=True, format_func=lambda m: t(f"compare.mode.{m}"))
st.query_params["mode"] = mode
if mode == "units":
    st.multiselect(t("compare.units"), unit_ids, key=UNITS_KEY, format_func=unit_label)
    st.query_params["units"] = st.session_state[UNITS_KEY]
    st.query_params.pop("unit", None)
    chosen = list(st.session_state[UNITS_KEY])
    if len(chosen) < 2:
        st.info(t("compare.pick_two"), icon=":material/checklist:")
        st.stop()
    comparison = scorecard.compare_units(result, chosen, viewer)
else:
    st.selectbox(t("compare.unit"), unit_ids, key=UNIT_KEY, format_func=unit_label)
    st.query_params["unit"] = st.session_state[UNIT_KEY]
    st.query_params.pop("units", None)
    prior_period = period.year_earlier()
    prior_view: results.Result | str = scored(prior_period)
    prior_name = ui.period_label(prior_period.code)
    if isinstance(prior_view, str):
        st.info(t("compare.no_prior", prior=prior_name, reason=prior_view), icon=":material/info:")
        st.stop()
    prior = prior_view.score
    unit_id = str(st.session_state[UNIT_KEY])
    if unit_id not in set(prior.units["unit_id"]):
        st.info(t("compare.not_in_prior", unit=unit_label(unit_id), prior=prior_name), icon=":material/info:")
        st.stop()
    comparison = scorecard.compare_periods(result, prior, unit_id, viewer)

# Column names: unit names, or period codes shown as people say them.
shown_names = {name: ui.period_label(name) if mode == "years" else name for name in comparison.names}

metric_columns = st.columns(len(comparison.names))
# Each column's result: the one period's for units side by side, this year's and last year's for one unit.
views = [view] * len(comparison.names) if mode == "units" else [view, prior_view]
views = dict(zip(comparison.names, views, strict=True))
for column, name in zip(metric_columns, comparison.names, strict=True):
    standing = comparison.standing[name]
    shown_view = views[name]
    column.metric(f"{shown_names[name]} · {t('compare.total')}", ui.fmt_score(standing["total"]), border=True)
    column.caption(
        t(
            "compare.standing",
            grade=ui.fmt_grade(standing["grade"], shown_view),
            rank=ui.fmt_rank(standing["rank"], shown_view.units_scored),
            rank_in_kind=ui.fmt_rank(standing["rank_in_kind"], shown_view.of_kind(str(standing["kind"]))),
            kind=standing["kind"],
        )
    )

dims = comparison.dimensions
radar_column, bars_column = st.columns(2)
radar = go.Figure()
for name in comparison.names:
    share = (dims[name] / dims["max"] * 100).round(1)
    radar.add_scatterpolar(
        r=[*share, share.iloc[0]],
        theta=[*dims["dimension"], dims["dimension"].iloc[0]],
        name=shown_names[name],
        fill="toself",
        opacity=0.6,
        hovertemplate=ui.hover(shown_names[name], ui.pair("%{theta}", "%{r:.1f}%")),
    )
radar.update_layout(
    ui.chart_layout(
        title={"text": t("compare.radar")},
        # Rings at every quarter without tick labels (hover tells the share), and the legend below: nothing
        # competes with the dimension labels.
        polar={"radialaxis": {"range": [0, 100], "tickvals": [25, 50, 75, 100], "showticklabels": False}},
        legend={"orientation": "h", "y": -0.12, "x": 0.5, "xanchor": "center"},
        height=460,
    )
)
radar_column.plotly_chart(radar, key="compare_radar_chart")

bars = go.Figure()
for name in comparison.names:
    bars.add_bar(
        x=dims["dimension"],
        y=dims[name],
        name=shown_names[name],
        text=[ui.fmt_score(v) for v in dims[name]],
        # Inside the bar: side by side, labels outside run into each other when the bars are close in height.
        textposition="inside",
        textangle=-90,
        hovertemplate=ui.hover(shown_names[name], ui.pair("%{x}", f"%{{y:.1f}} {t('chart.points')}")),
    )
bars.update_layout(
    ui.chart_layout(
        title={"text": t("compare.dimensions")},
        barmode="group",
        xaxis={"title": {"text": t("score.dimension")}},
        yaxis={"title": {"text": t("chart.points")}, "rangemode": "tozero"},
        height=440,
    )
)
bars_column.plotly_chart(bars, key="compare_dimension_chart")

st.subheader(t("compare.indicators"))
table = comparison.indicators.drop(columns=["indicator_id"]).rename(
    columns={
        "dimension": t("score.dimension"),
        "indicator": t("score.indicator"),
        "max_points": t("compare.max"),
        **{name: shown_names[name] for name in comparison.names},
    }
)
ui.table(
    table,
    key="compare_indicators",
    hide_index=True,
    width="stretch",
    column_config={
        column: st.column_config.NumberColumn(format="%.2f")
        for column in [t("compare.max"), *(shown_names[n] for n in comparison.names)]
    },
)
