"""服务趋势: services by month or week and by category, community or kind; people served; year on year; calendar; mix.

Narrowed by category, community, kind or one branch. A community's figures count every unit located in it (its
community branch and the offices and firms within it), and the page says so; the branch filter counts one alone.

Clicking a bar or point sets a filter that the rest of the page follows; filters live in widgets (so they can be
changed and cleared by hand) and in the URL (so a link reproduces the view).
"""

from datetime import date, timedelta
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from kaohe import trends, ui
from kaohe.trends import TrendFilters
from kaohe.ui import t

ui.require_app_shell()

ALL = ""
PICKERS = {"category": "trends_category", "community": "trends_community", "kind": "trends_kind", "unit": "trends_unit"}
DAYS_KEY = "trends_days"
GRAIN_KEY, BREAKDOWN_KEY = "trends_grain", "trends_breakdown"
URL_OTHER = {GRAIN_KEY: "grain", BREAKDOWN_KEY: "by"}

period = ui.selected_period()
source = ui.source()
# A branch user's charts count its own unit only: the library binds the viewer's scope in the SQL.
viewer = ui.current_viewer()
period_name = ui.period_label(period.code)
no_community = t("trends.no_community")

st.title(t("page.trends"))
st.caption(t("trends.caption", period=period_name))
ui.scope_caption(viewer)

choices = trends.options(source, viewer, period, no_community)
if not choices["category"]:
    st.info(ui.t_for("trends.empty", "pages/import_ledgers.py", period=period_name), icon=":material/upload_file:")
    ui.page_link("pages/import_ledgers.py", "overview.goto_import")
    st.stop()

# -- filter state: from the URL on a new session, from widgets and chart clicks afterwards ----------------
if "trends_initialised" not in st.session_state:
    from_url = TrendFilters.from_params(st.query_params.to_dict())
    for dimension, key in PICKERS.items():
        st.session_state[key] = getattr(from_url, dimension) or ALL
    if from_url.day_from is not None and from_url.day_to is not None:
        st.session_state[DAYS_KEY] = (from_url.day_from.isoformat(), from_url.day_to.isoformat())
    st.session_state[GRAIN_KEY] = st.query_params.get("grain", "month")
    st.session_state[BREAKDOWN_KEY] = st.query_params.get("by", "category")
    st.session_state["trends_initialised"] = True
for key, allowed in ((GRAIN_KEY, trends.GRAINS), (BREAKDOWN_KEY, trends.BREAKDOWNS)):
    if st.session_state.get(key) not in allowed:
        st.session_state[key] = allowed[0]


def _set(dimension: str, value: str | None) -> None:
    st.session_state[PICKERS[dimension]] = value or ALL


def _set_days(start: date, end: date) -> None:
    st.session_state[DAYS_KEY] = (start.isoformat(), end.isoformat())


def _clear() -> None:
    for key in PICKERS.values():
        st.session_state[key] = ALL
    st.session_state.pop(DAYS_KEY, None)


def _day(value: Any) -> str:
    """A bucket (date or timestamp from DuckDB) as an ISO day, the form chart clicks hand back."""
    return pd.Timestamp(value).date().isoformat()


def _clicked(chart_key: str) -> list[Any]:
    """The customdata of the points picked in a chart (empty when the selection was cleared)."""
    event = st.session_state.get(chart_key)
    points = event["selection"]["points"] if event else []
    return [point.get("customdata") for point in points if point.get("customdata") is not None]


def _on_series_click() -> None:
    for bucket, value in _clicked("trends_series_chart")[:1]:
        _set_days(*trends.bucket_range(date.fromisoformat(bucket), st.session_state[GRAIN_KEY]))
        _set(st.session_state[BREAKDOWN_KEY], value)


def _on_bucket_click(chart_key: str, grain: str) -> None:
    for bucket in _clicked(chart_key)[:1]:
        _set_days(*trends.bucket_range(date.fromisoformat(str(bucket)), grain))


def _on_breakdown_click(chart_key: str, dimension: str) -> None:
    for value in _clicked(chart_key)[:1]:
        _set(dimension, str(value))


def _on_day_click() -> None:
    for day in _clicked("trends_calendar_chart")[:1]:
        start = date.fromisoformat(str(day))
        _set_days(start, start + timedelta(days=1))


def shown_value(dimension: str, value: str | None) -> str:
    """A filter value as people read it: a unit's name, else the value itself ("全部" for all)."""
    if not value:
        return t("trends.all")
    return choices[dimension].get(value, value)


# Options from the URL or an earlier period may be absent in this one: offer them rather than silently drop.
for column, (dimension, key) in zip(ui.phone_columns(4, "trends_picks"), PICKERS.items(), strict=True):
    offered = [ALL, *choices[dimension]]
    if st.session_state.get(key, ALL) not in offered:
        offered.append(st.session_state[key])
    column.selectbox(
        t(f"trends.{dimension}"),
        offered,
        key=key,
        format_func=lambda v, d=dimension: shown_value(d, v),
        help=t(f"trends.{dimension}_help") if dimension in ("community", "unit") else None,
    )
grain_column, breakdown_column, clear_column = ui.phone_columns(3, "trends_view", vertical_alignment="bottom")
grain_column.radio(
    t("trends.grain"), trends.GRAINS, key=GRAIN_KEY, format_func=lambda g: t(f"trends.grain.{g}"), horizontal=True
)
breakdown_column.selectbox(
    t("trends.breakdown"), trends.BREAKDOWNS, key=BREAKDOWN_KEY, format_func=lambda d: t(f"trends.{d}")
)
clear_column.button(
    t("trends.clear"), key="trends_clear", on_click=_clear, icon=":material/filter_alt_off:", width="stretch"
)

days = st.session_state.get(DAYS_KEY)
if days and not (period.start <= date.fromisoformat(days[0]) < period.end):
    # A day range picked under another period (or in an old link) means nothing in this one.
    st.session_state.pop(DAYS_KEY)
    days = None
filters = TrendFilters(
    category=st.session_state[PICKERS["category"]] or None,
    community=st.session_state[PICKERS["community"]] or None,
    kind=st.session_state[PICKERS["kind"]] or None,
    unit=st.session_state[PICKERS["unit"]] or None,
    day_from=date.fromisoformat(days[0]) if days else None,
    day_to=date.fromisoformat(days[1]) if days else None,
)
grain, by = str(st.session_state[GRAIN_KEY]), str(st.session_state[BREAKDOWN_KEY])

# The URL follows the state on every run (navigating between pages drops the query string).
for name in (*trends.PICKS, "from", "to"):
    if name in st.query_params:
        del st.query_params[name]
st.query_params.update(filters.to_params())
st.query_params.update({"grain": grain, "by": by})

described = [f"{t(f'trends.{d}')}={shown_value(d, getattr(filters, d))}" for d in PICKERS if getattr(filters, d)]
if filters.day_from is not None and filters.day_to is not None:
    last = filters.day_to - timedelta(days=1)
    span = filters.day_from.isoformat() if last == filters.day_from else f"{filters.day_from} ~ {last}"
    described.append(f"{t('trends.day')}={span}")
st.caption(
    t("trends.active", filters=t("format.sentence_separator").join(described))
    if described
    else t("trends.filters_note")
)

# -- headline numbers ---------------------------------------------------------------------------------------
totals = trends.totals(source, viewer, period, filters, no_community)
if totals.services == 0:
    st.info(t("trends.empty_filtered"), icon=":material/filter_alt_off:")
prior_ratio = totals.prior_people_served / totals.prior_services if totals.prior_services else None
cards = (
    ("trends.services", ui.fmt_count(totals.services), totals.change(totals.services, totals.prior_services)),
    (
        "trends.people",
        ui.fmt_count(totals.people_served),
        totals.change(totals.people_served, totals.prior_people_served),
    ),
    (
        "trends.per_service",
        "—" if totals.people_per_service is None else f"{totals.people_per_service:.1f}",
        None
        if totals.people_per_service is None or not prior_ratio
        else (totals.people_per_service - prior_ratio) / prior_ratio,
    ),
)
for column, (key, value, change) in zip(ui.phone_columns(3, "trends_cards"), cards, strict=True):
    column.metric(
        t(key),
        value,
        delta=ui.fmt_change(change),
        delta_description=t("metric.yoy") if change is not None else t("metric.no_prior"),
        border=True,
    )

tick = "%-m月" if ui.lang() == "zh" else "%b"  # cjk: plotly's month format in Chinese
bucket_tick = tick if grain == "month" else "%m-%d"

# -- series by breakdown, and people served ----------------------------------------------------------------
series = trends.series(source, viewer, period, filters, grain, by, no_community)
if len(series):
    figure = go.Figure()
    order = series.groupby("breakdown")["services"].sum().sort_values(ascending=False).index
    for value in order:
        part = series[series["breakdown"] == value]
        buckets = [_day(b) for b in part["bucket"]]
        figure.add_bar(
            x=buckets,
            y=part["services"],
            name=str(value),
            customdata=[[b, str(value)] for b in buckets],
            hovertemplate=f"{value}<br>%{{x|%Y-%m-%d}}<br>{ui.pair(t('chart.count'), '%{y:,}')}<extra></extra>",
        )
    figure.update_layout(
        ui.chart_layout(
            title={
                "text": t(
                    "format.titled_period",
                    title=t("trends.chart.series", breakdown=t(f"trends.by.{by}")),
                    period=period_name,
                )
            },
            barmode="stack",
            # Ten or more categories: a legend under the chart keeps clear of the title.
            legend={"orientation": "h", "yanchor": "top", "y": -0.22, "xanchor": "left", "x": 0},
            margin={"l": 60, "r": 20, "t": 60, "b": 120},
            xaxis={
                "title": {"text": t("trends.month" if grain == "month" else "trends.week")},
                "tickformat": bucket_tick,
            },
            yaxis={"title": {"text": t("chart.count")}, "rangemode": "tozero"},
            clickmode="event+select",
        )
    )
    st.plotly_chart(figure, key="trends_series_chart", on_select=_on_series_click, selection_mode="points")

    per_bucket = series.groupby("bucket", as_index=False)[["services", "people_served"]].sum()
    people_buckets = [_day(b) for b in per_bucket["bucket"]]
    people = go.Figure()
    people.add_scatter(
        x=people_buckets,
        y=per_bucket["people_served"],
        mode="lines+markers",
        name=t("trends.chart.people"),
        customdata=people_buckets,
        hovertemplate=f"%{{x|%Y-%m-%d}}<br>{ui.pair(t('chart.people_served'), '%{y:,}')}<extra></extra>",
    )
    people.update_layout(
        ui.chart_layout(
            title={"text": t("format.titled_period", title=t("trends.chart.people"), period=period_name)},
            xaxis={"tickformat": bucket_tick},
            yaxis={"title": {"text": t("chart.people_served")}, "rangemode": "tozero"},
            clickmode="event+select",
        )
    )
    st.plotly_chart(
        people,
        key="trends_people_chart",
        on_select=lambda: _on_bucket_click("trends_people_chart", grain),
        selection_mode="points",
    )

# -- year on year and the calendar -------------------------------------------------------------------------
left, right = st.columns(2)
yoy = trends.year_on_year(source, viewer, period, filters, no_community)
if len(yoy):
    months = [ui.month_tick(int(m)) for m in yoy["month"]]
    starts = [date(period.start.year, int(m), 1).isoformat() for m in yoy["month"]]
    figure = go.Figure()
    figure.add_bar(
        x=months,
        y=yoy["services"],
        name=t("trends.this_period"),
        customdata=starts,
        hovertemplate=f"%{{x}}<br>{ui.pair(t('trends.this_period'), '%{y:,}')}<extra></extra>",
    )
    figure.add_scatter(
        x=months,
        y=yoy["prior_services"],
        name=t("chart.prior_year"),
        mode="lines+markers",
        customdata=starts,
        hovertemplate=f"%{{x}}<br>{ui.pair(t('chart.prior_year'), '%{y:,}')}<extra></extra>",
    )
    figure.update_layout(
        ui.chart_layout(
            title={"text": t("trends.chart.yoy")},
            yaxis={"title": {"text": t("chart.count")}, "rangemode": "tozero"},
            clickmode="event+select",
        )
    )
    with left:
        st.plotly_chart(
            figure,
            key="trends_yoy_chart",
            on_select=lambda: _on_bucket_click("trends_yoy_chart", "month"),
            selection_mode="points",
        )

calendar_days = trends.calendar(source, viewer, period, filters, no_community)
grid = trends.calendar_grid(calendar_days, period)
weekdays = t("trends.weekdays").split(",")
week_starts = [w.isoformat() for w in grid.columns]
heatmap = go.Figure(
    go.Heatmap(
        z=grid.to_numpy(),
        x=week_starts,
        y=weekdays,
        customdata=[[(w + timedelta(days=d)).isoformat() for w in grid.columns] for d in range(7)],
        colorscale="Greens",
        xgap=2,
        ygap=2,
        hovertemplate=f"%{{customdata}}<br>{ui.pair(t('chart.count'), '%{z}')}<extra></extra>",
        colorbar={"title": {"text": t("chart.count")}},
    )
)
heatmap.update_layout(
    ui.chart_layout(
        title={"text": t("format.titled_period", title=t("trends.chart.calendar"), period=period_name)},
        xaxis={"tickformat": tick, "showgrid": False},
        yaxis={"autorange": "reversed", "showgrid": False},
    )
)
with right:
    st.plotly_chart(heatmap, key="trends_calendar_chart", on_select=_on_day_click, selection_mode="points")

# -- category mix and communities ---------------------------------------------------------------------------
left, right = st.columns(2)
for column, dimension, chart_key in (
    (left, "category", "trends_mix_chart"),
    (right, "community", "trends_community_chart"),
):
    frame = trends.breakdown(source, viewer, period, filters, dimension, no_community)
    if not len(frame):
        continue
    chosen = getattr(filters, dimension)
    colours = ["#c0392b" if chosen in (None, v) else "#d5d8dc" for v in frame["value"]]
    figure = go.Figure()
    figure.add_bar(
        y=frame["value"],
        x=frame["services"],
        orientation="h",
        marker={"color": colours},
        customdata=frame["value"],
        text=[f"{s:,}" for s in frame["services"]],
        textposition="outside",
        textangle=0,
        cliponaxis=False,
        hovertemplate=f"%{{y}}<br>{ui.pair(t('chart.count'), '%{x:,}')}<extra></extra>",
    )
    title = t("trends.chart.mix") if dimension == "category" else t("trends.chart.communities")
    figure.update_layout(
        ui.chart_layout(
            title={"text": t("format.titled_period", title=title, period=period_name)},
            yaxis={"autorange": "reversed", "type": "category"},
            xaxis={"title": {"text": t("chart.count")}},
            margin={"l": 140, "r": 20, "t": 80, "b": 50},
            clickmode="event+select",
        )
    )
    with column:
        st.plotly_chart(
            figure,
            key=chart_key,
            on_select=lambda key=chart_key, dim=dimension: _on_breakdown_click(key, dim),
            selection_mode="points",
        )
