"""我的联系点: a leader's units — how they stand, pace alerts, their trend over the years, rectification items —
and the way into each unit's scorecard. A leader sees their own; the secretary and assessors pick a leader.

Everything comes from kaohe.accountability (scores through kaohe.results, pace through it, items from
kaohe.rectification); the leader's scope is applied in the library, so nothing here filters units.
"""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from kaohe import accountability, formats, leaders, ui
from kaohe.access import Role
from kaohe.ui import t

ui.require_app_shell()

LEADER_KEY = "my_units_leader"
UNIT_KEY = "my_units_unit"

period = ui.selected_period()
period_name = ui.period_label(period.code)
viewer = ui.current_viewer()
store = ui.get_store()

st.title(t("page.my_units"))

if viewer.role is Role.LEADER:
    leader = viewer.leader
else:
    listed = leaders.leader_list(ui.source(), viewer)
    names = listed["name"].tolist()
    if not names:
        st.info(ui.t_for("my_units.no_leaders", "pages/import_ledgers.py"), icon=":material/groups:")
        ui.page_link("pages/leaders.py", "my_units.goto_leaders")
        st.stop()
    if st.session_state.get(LEADER_KEY) not in names:
        wanted = st.query_params.get("leader")
        st.session_state[LEADER_KEY] = wanted if wanted in names else names[0]
    posts = dict(zip(listed["name"], listed["post"].fillna(""), strict=True))
    leader = st.selectbox(
        t("my_units.leader"),
        names,
        key=LEADER_KEY,
        format_func=lambda name: t("format.note", text=name, note=posts[name]) if posts[name] else name,
    )
    st.query_params["leader"] = leader

as_of = ui.cutoff(period)
mine = accountability.my_units(store, viewer, period, as_of=as_of, leader=leader)
who = mine.leader
units = mine.units
links = int((units["basis"] == "link").sum())
st.caption(
    t(
        "my_units.caption",
        name=who["name"],
        post=who["post"] if isinstance(who["post"], str) else "—",
        department=who["department"] if isinstance(who["department"], str) else "—",
        links=links,
        communities=len(units) - links,
        period=period_name,
    )
)
if units.empty:
    st.info(t("my_units.no_units", name=who["name"]), icon=":material/info:")
    st.stop()

shown = mine.shown
if shown is not None:
    ui.result_status(shown)
else:
    st.info(t("scorecard.not_published", period=period_name), icon=":material/lock:")

scored = units[units["total"].notna()]
open_items = int(units["open_items"].sum())
overdue_items = int(units["overdue_items"].sum())
metrics = ui.phone_columns(5, "my_units_metrics")  # two to a row on a phone
metrics[0].metric(t("my_units.metric.units"), f"{len(units)}", border=True)
metrics[1].metric(
    t("my_units.metric.average"), ui.fmt_score(scored["total"].mean()) if len(scored) else "—", border=True
)
metrics[2].metric(t("my_units.metric.lowest"), ui.fmt_score(scored["total"].min()) if len(scored) else "—", border=True)
if mine.pace is not None:
    behind = int((units["pace"] == "behind").sum())
    alert = int((units["pace"] == "alert").sum())
    metrics[3].metric(t("my_units.metric.pace"), t("my_units.pace_counts", behind=behind, alert=alert), border=True)
else:
    metrics[3].metric(t("my_units.metric.pace"), "—", border=True)
metrics[4].metric(
    t("my_units.metric.items"), t("my_units.items_counts", open=open_items, overdue=overdue_items), border=True
)

# -- standing -------------------------------------------------------------------------------------------------
st.subheader(t("my_units.standing"))
of = shown.units_scored if shown is not None else 0
table = {
    t("my_units.col.unit"): units["unit"],
    t("my_units.col.basis"): [t(f"leaders.basis.{b}") for b in units["basis"]],
    t("my_units.col.rank"): [ui.fmt_rank(r, of) if pd.notna(r) else "—" for r in units["rank"]],
    t("my_units.col.total"): [ui.fmt_score(v) for v in units["total"]],
    t("my_units.col.grade"): [ui.fmt_grade(g, shown) if shown and pd.notna(g) else "—" for g in units["grade"]],
    t("my_units.col.change"): [f"{v:+.2f}" if pd.notna(v) else "—" for v in units["change"]],
    t("my_units.col.pace"): [t(f"pace.status.{p}") if isinstance(p, str) else "—" for p in units["pace"]],
    t("my_units.col.lagging"): [t("list.separator").join(names) for names in units["lagging"]],
    t("my_units.col.items"): [
        t("my_units.items_counts", open=o, overdue=d)
        for o, d in zip(units["open_items"], units["overdue_items"], strict=True)
    ],
}
st.dataframe(table, key="my_units_table", hide_index=True, width="stretch")
if mine.pace is None and as_of is None:
    st.caption(t("my_units.pace_closed", period=period_name))

# -- drill-down: the scorecard of one unit ---------------------------------------------------------------------
names = dict(zip(units["unit_id"], units["unit"], strict=True))
left, right = st.columns([3, 1], vertical_alignment="bottom")
picked = left.selectbox(
    t("my_units.drill"), list(names), key=UNIT_KEY, format_func=lambda u: t("format.name_code", name=names[u], code=u)
)
if right.button(t("my_units.open_card"), key="my_units_open", icon=":material/leaderboard:"):
    # The scorecard opens on this unit even when it was opened on another one before in this session.
    st.session_state["scorecard_goto"] = picked
    st.switch_page("pages/scorecard.py", query_params={"unit": picked})

# -- pace alerts ------------------------------------------------------------------------------------------------
if mine.pace is not None:
    st.subheader(t("my_units.alerts"))
    lagging = mine.lagging
    if lagging.empty:
        st.success(t("my_units.no_alerts", as_of=formats.day(mine.pace.as_of)), icon=":material/check_circle:")
    else:
        st.caption(t("overview.pace_caption", as_of=formats.day(mine.pace.as_of)))
        st.dataframe(
            {
                t("my_units.col.unit"): lagging["unit"],
                t("my_units.col.indicator"): lagging["indicator"],
                t("my_units.col.expected"): lagging["expected"].round(1),
                t("my_units.col.actual"): lagging["actual"].round(1),
                t("my_units.col.ratio"): [f"{r:.0%}" for r in lagging["ratio"]],
                t("pace.status"): [t(f"pace.status.{s}") for s in lagging["status"]],
            },
            key="my_units_alerts",
            hide_index=True,
            width="stretch",
        )

# -- trend over the years ---------------------------------------------------------------------------------------
trend = mine.trend
if trend["period"].nunique() > 1:
    st.subheader(t("my_units.trend"))
    figure = go.Figure()
    for _, rows in trend.groupby("unit_id", sort=False):
        figure.add_scatter(
            x=[ui.period_label(p) for p in rows["period"]],
            y=rows["total"],
            name=str(rows["unit"].iloc[0]),
            mode="lines+markers",
            marker={"symbol": ["circle-open" if p else "circle" for p in rows["provisional"]], "size": 9},
            hovertemplate=f"%{{x}}<br>{ui.pair(t('score.total'), '%{y:.2f}')}<extra>%{{fullData.name}}</extra>",
        )
    figure.update_layout(
        ui.chart_layout(
            title={"text": t("my_units.trend_title")},
            yaxis={"title": {"text": t("score.total")}},
            # Unit names run long: the legend goes under the chart, where it can wrap without covering the title.
            legend={"orientation": "h", "yanchor": "top", "y": -0.18, "xanchor": "left", "x": 0},
            margin={"l": 60, "r": 20, "t": 60, "b": 40},
            height=420,
        )
    )
    st.plotly_chart(figure, key="my_units_trend_chart")
    if trend["provisional"].any():
        st.caption(t("my_units.trend_provisional"))

# -- rectification ------------------------------------------------------------------------------------------------
st.subheader(t("my_units.items"))
items = mine.items
if items.empty:
    st.caption(t("my_units.no_items"))
else:
    st.dataframe(
        {
            t("rectify.col.period"): [ui.period_label(p) for p in items["period"]],
            t("rectify.col.unit"): items["unit"],
            t("rectify.col.indicator"): items["indicator"],
            t("rectify.col.deadline"): [formats.day(d) for d in items["deadline"]],
            t("rectify.col.status"): [t(f"rectify.status.{s}") for s in items["status"]],
            t("rectify.col.overdue"): [t("rectify.overdue_mark") if o else "" for o in items["overdue"]],
        },
        key="my_units_items",
        hide_index=True,
        width="stretch",
    )
    ui.page_link("pages/rectification.py", "my_units.goto_items")
