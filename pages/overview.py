"""总览: headline totals against a year earlier, grades, top and bottom five, units behind pace (each opened down to
its indicators and on to its scorecard), services per month, and data freshness. A branch user reads its own
standing first (本支部).

Laid out for a phone as much as for a desk: the headline cards keep two to a row, the short rankings are static
tables whose long names wrap, and pace details are a short table too (kaohe.ui.phone_layout has the CSS).
"""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from kaohe import (
    accountability,
    checks,
    formats,
    overview,
    own_unit,
    periods,
    publish,
    rectification,
    results,
    scorecard,
    ui,
)
from kaohe.access import AccessDenied, Permission
from kaohe.scheme import SchemeError
from kaohe.scoring import ScoringError
from kaohe.thresholds import ThresholdError
from kaohe.ui import t
from kaohe.workflow import NoScheme

ui.require_app_shell()

PACE_UNIT_KEY = "overview_pace_unit"  # the unit whose indicators the pace alerts open
PACE_CLICK_KEY = "overview_pace_click"  # the row last clicked in the pace table
IMPORT_PAGE = "pages/import_ledgers.py"

period = ui.selected_period()
source = ui.source()
viewer = ui.current_viewer()
period_name = ui.period_label(period.code)

as_of = ui.cutoff(period)
# A period still under way is compared with the same span a year earlier, not with the whole earlier period.
compared = period.through(as_of) if as_of is not None else period

st.title(ui.role_label("page.overview"))
if as_of is not None and not compared.in_full:
    st.caption(t("overview.caption_to_date", period=period_name, as_of=as_of.isoformat()))
else:
    st.caption(t("overview.caption", period=period_name))
ui.scope_caption(viewer)
if publish_notice := publish.request_notice(ui.get_store(), viewer, ui.lang()):
    st.info(publish_notice, icon=":material/outgoing_mail:")


def one_line(*columns: int) -> list[dict[str, str]]:
    """Styler table styles that keep the headers and the cells of `columns` (by position) of an st.table to one
    line, so that a narrow screen wraps only the other columns (a unit's or an indicator's name)."""
    cells = ", ".join(f"td.col{c} p" for c in columns)
    return [{"selector": f"th p, {cells}", "props": "white-space: nowrap"}]


def amount(value: float, sign: bool = False) -> str:
    """A count for the pace table: to one decimal where a share of a target makes one ("141.9"), else whole."""
    text = f"{value:+,.1f}" if sign else f"{value:,.1f}"
    return text.removesuffix(".0")


def pace_details(lines: pd.DataFrame) -> None:
    """One unit's paced indicators: the target, what is due by now, what was done and the gap, worst first."""
    status_colour = {"behind": "#FFE0B2", "alert": "#FFCDD2", "met": "#C8E6C9"}
    statuses = list(lines["status"])
    heading = {c: t(f"pace.col.{c}") for c in ("indicator", "target", "expected", "actual", "gap", "status")}
    shown = pd.DataFrame(
        {
            heading["indicator"]: [ui.escape_markdown(str(name)) for name in lines["indicator"]],
            heading["target"]: [amount(v) for v in lines["target"]],
            heading["expected"]: [amount(v) for v in lines["expected"]],
            heading["actual"]: [amount(v) for v in lines["actual"]],
            heading["gap"]: [amount(v, sign=True) for v in lines["gap"]],
            heading["status"]: [t(f"pace.status.{s}") for s in statuses],
        }
    )
    numbers, status = [heading[c] for c in ("target", "expected", "actual", "gap")], heading["status"]
    styled = (
        shown.style.set_properties(subset=numbers, **{"text-align": "right !important"})
        .apply(lambda _: [f"background-color: {status_colour.get(v, '')}" for v in statuses], subset=[status])
        .set_table_styles(one_line(1, 2, 3, 4, 5))
    )
    st.table(styled, hide_index=True)


def own_card() -> None:
    """本支部: the branch's own standing — rank out of every unit, grade, what lost most, this year's pace, items."""
    this_year = periods.parse_period(str(periods.today().year))
    mine = own_unit.own_unit(ui.get_store(), viewer, period, as_of, ui.cutoff(this_year))
    with st.container(border=True, key="overview_own"):
        st.markdown(f"#### {t('own.title', unit=ui.escape_markdown(mine.name))}")
        shown, standing = mine.result, mine.standing
        if shown is None:
            st.info(t("own.not_published", period=period_name), icon=":material/lock:")
        elif standing is None:
            st.info(t("own.not_scored", period=ui.period_label(shown.score.period.code)), icon=":material/info:")
        else:
            if mine.substitute:
                st.caption(t("own.substitute", period=period_name, shown=ui.period_label(shown.score.period.code)))
            ui.result_status(shown)
            rank, total, grade = ui.phone_columns(3, "own_standing")
            rank.metric(t("own.rank", of=shown.units_scored), f"{int(standing['rank'])}", border=True)
            total.metric(t("score.total"), ui.fmt_score(standing["total"]), border=True)
            vetoed = bool(standing["vetoed"])
            grade.metric(
                t("score.grade"),
                ui.fmt_grade(standing["grade"], shown),
                delta=t("score.vetoed") if vetoed else None,
                delta_color="red",
                delta_arrow="off",
                border=True,
            )
            if len(mine.lost):
                st.markdown(f"**{t('own.lost')}**")
                st.markdown(
                    "\n".join(
                        f"{n}. "
                        + t(
                            "own.lost_line",
                            indicator=ui.escape_markdown(str(row.indicator)),
                            lost=ui.fmt_score(row.lost),
                            max=ui.fmt_score(row.weighted_max),
                        )
                        for n, row in enumerate(mine.lost.itertuples(), start=1)
                    )
                )
            ui.page_link("pages/scorecard.py", "own.goto_scorecard")
        if mine.pace is not None:
            lines = mine.pace.unit_lines(mine.unit_id)
            st.markdown(
                f"**{t('own.pace', year=ui.period_label(mine.pace.period.code), as_of=formats.day(mine.pace.as_of))}**"
            )
            if lines.empty:
                st.caption(t("own.pace_none"))
            else:
                pace_details(lines)
        if len(mine.items):
            st.markdown(f"**{t('own.items', n=len(mine.items))}**")
            st.table(
                pd.DataFrame(
                    {
                        t("rectify.col.indicator"): [ui.escape_markdown(str(i)) for i in mine.items["indicator"]],
                        t("rectify.col.deadline"): [formats.day(d) for d in mine.items["deadline"]],
                        t("rectify.col.status"): [
                            t("own.item_overdue", status=t(f"rectify.status.{s}")) if o else t(f"rectify.status.{s}")
                            for s, o in zip(mine.items["status"], mine.items["overdue"].fillna(False), strict=True)
                        ],
                    }
                ),
                hide_index=True,
            )
            ui.page_link("pages/rectification.py", "my_units.goto_items")


if viewer.unit_id is not None:
    own_card()

heads = overview.headlines(source, viewer, compared)
for ledger in heads.missing_ledgers:
    st.info(
        ui.t_for("overview.empty", IMPORT_PAGE, period=period_name, ledger=t(f"ledger.{ledger}")),
        icon=":material/upload_file:",
    )
if heads.missing_ledgers:
    ui.page_link(IMPORT_PAGE, "overview.goto_import")

if heads.has_services or heads.has_cases:
    # Two to a row on a phone (a 2×2 grid), four in a row on a desk.
    for column, headline in zip(ui.phone_columns(4, "overview_headlines"), heads.all(), strict=True):
        column.metric(
            t(f"metric.{headline.measure}"),
            ui.fmt_count(headline.value),
            delta=ui.fmt_change(headline.change),
            delta_description=t("metric.yoy") if headline.change is not None else t("metric.no_prior"),
            border=True,
        )


monthly = overview.monthly_services(source, viewer, period)
if len(monthly):
    # Every period lies within one year (named in the title), so ticks need only the month.
    months = [ui.month_tick(m.month) for m in monthly["month"]]
    figure = go.Figure()
    figure.add_bar(
        x=months,
        y=monthly["services"],
        name=period_name,
        customdata=monthly["people_served"],
        hovertemplate=ui.hover(
            "%{x}", ui.pair(t("chart.count"), "%{y:,}"), ui.pair(t("chart.people_served"), "%{customdata:,}")
        ),
    )
    figure.add_scatter(
        x=months,
        y=monthly["prior_services"],
        name=t("chart.prior_year"),
        mode="lines+markers",
        hovertemplate=f"%{{x}}<br>{ui.pair(t('chart.prior_year'), '%{y:,}')}<extra></extra>",
    )
    figure.update_layout(
        ui.chart_layout(
            title={"text": t("format.titled_period", title=t("chart.monthly_services"), period=period_name)},
            xaxis={"title": {"text": t("chart.month")}},
            yaxis={"title": {"text": t("chart.count")}, "rangemode": "tozero"},
        )
    )
    st.plotly_chart(figure, key="overview_monthly_chart")
elif heads.has_cases:
    st.caption(t("overview.monthly_empty", period=period_name))


def scored() -> results.Result | None:
    """The period's result as this viewer may see it (None, with a notice saying why, when there is none)."""
    try:
        return ui.period_result(period)
    except NoScheme:
        st.info(t("scorecard.no_scheme", period=period_name), icon=":material/rule:")
    except (SchemeError, ScoringError) as err:
        st.warning(t("scorecard.cannot_score", message=str(err)), icon=":material/warning:")
    except AccessDenied:
        pass  # scores are not published yet and this role may not see them: pace only
    return None


def ranking_table(frame: pd.DataFrame, shown_result: results.Result) -> None:
    """A short ranking (rank, unit, total, grade) that fits a phone: long names wrap instead of pushing the total
    and the grade off screen, and a veto is said in the grade cell, coloured as its band."""
    grades = [ui.fmt_grade(grade, shown_result) for grade in frame["grade"]]
    heading = {c: t(f"score.{c}") for c in ("rank", "unit", "total", "grade")}
    shown = pd.DataFrame(
        {
            heading["rank"]: [int(r) for r in frame["rank"]],
            heading["unit"]: [ui.escape_markdown(str(name)) for name in frame["unit"]],
            heading["total"]: [ui.fmt_score(v) for v in frame["total"]],
            heading["grade"]: [
                t("score.grade_vetoed", grade=grade) if vetoed else grade
                for grade, vetoed in zip(grades, frame["vetoed"], strict=True)
            ],
        }
    )
    colour = ui.grade_cell_style(shown_result)
    styled = (
        shown.style.apply(lambda _: [colour(grade) for grade in grades], subset=[heading["grade"]])
        .set_properties(subset=[heading["total"]], **{"font-weight": "600"})
        .set_properties(subset=[heading[c] for c in ("rank", "total")], **{"text-align": "right !important"})
        # Rank, total and grade keep to one line; the name takes what is left and wraps.
        .set_table_styles(one_line(0, 2, 3))
    )
    st.table(styled, hide_index=True)


def pace_alerts() -> None:
    """The units behind pace in a period under way, each opened down to its indicators and on to its scorecard."""
    st.subheader(t("overview.pace"))
    try:
        progress = results.progress(ui.get_store(), viewer, period, as_of)
    except (SchemeError, ScoringError):
        progress = None  # said above, where the scores are
    if as_of is None and periods.today() < period.start:
        st.caption(t("overview.pace_empty", period=period_name))
    elif as_of is None:
        # Pace is for a period under way; a closed period's shortfalls are its scores.
        st.caption(t("overview.pace_closed", period=period_name, current=ui.period_label(str(periods.today().year))))
    elif progress is not None:
        st.caption(t("overview.pace_caption", as_of=as_of.isoformat()))
        badge = {"met": "green", "on_track": "blue", "behind": "orange", "alert": "red"}
        st.markdown(
            t("format.gap").join(
                f":{badge[status.value]}-badge[{t(f'pace.status.{status.value}')} {t('overview.grade_count', n=n)}]"
                for status, n in progress.counts().items()
            )
        )
        behind = progress.behind()
        if behind.empty:
            st.success(t("overview.pace_all_ok", as_of=as_of.isoformat()), icon=":material/check_circle:")
        else:
            status_colour = {"behind": "#FFE0B2", "alert": "#FFCDD2"}
            labels = {c: t(f"pace.{c}") for c in ("status", "ratio", "unit", "indicators")} | {"kind": t("score.kind")}
            # Status, progress and unit first: what a phone shows without scrolling sideways.
            table = behind[list(labels)].assign(
                status=behind["status"].map(lambda s: t(f"pace.status.{s}")),
                indicators=[t("list.separator").join(names) for names in behind["indicators"]],
            )
            colour_of = {t(f"pace.status.{s}"): c for s, c in status_colour.items()}
            event = st.dataframe(
                table.rename(columns=labels)
                .style.map(lambda v: f"background-color: {colour_of.get(str(v), '')}", subset=[labels["status"]])
                .format("{:.0%}", subset=[labels["ratio"]]),
                key="overview_pace",
                hide_index=True,
                width="stretch",
                on_select="rerun",
                selection_mode="single-row",
            )
            ids = behind["unit_id"].tolist()
            rows = list(event.selection.rows) if event is not None else []
            clicked = str(ids[rows[0]]) if rows and rows[0] < len(ids) else None
            if clicked is not None and clicked != st.session_state.get(PACE_CLICK_KEY):
                # A click in the table opens that unit (the picker below follows; it is drawn after this).
                st.session_state[PACE_UNIT_KEY] = clicked
            st.session_state[PACE_CLICK_KEY] = clicked
            if st.session_state.get(PACE_UNIT_KEY) not in ids:
                st.session_state[PACE_UNIT_KEY] = None
            names = dict(zip(ids, behind["unit"], strict=True))
            picked = st.selectbox(
                t("overview.pace_pick"),
                ids,
                key=PACE_UNIT_KEY,
                format_func=names.__getitem__,
                placeholder=t("overview.pace_pick_placeholder"),
            )
            if picked is not None:
                pace_details(progress.unit_lines(str(picked)))
                if ui.can_open("pages/scorecard.py"):
                    st.page_link(
                        "pages/scorecard.py",
                        label=t("overview.pace_open_card", unit=names[picked]),
                        icon=":material/leaderboard:",
                        query_params={"unit": str(picked)},
                    )


has_data = heads.has_services or heads.has_cases
view = scored() if has_data else None
if has_data and viewer.can(Permission.VIEW_DATA):
    seen = view.score if view is not None else None
    if view is not None and seen is not None and len(seen.units) > 1:
        colours = formats.grade_colours(tuple(band.grade for band in seen.scheme.grades))

        st.subheader(t("overview.grades"))
        st.caption(t("overview.grades_caption", scheme=seen.scheme.name, n=view.units_scored))
        ui.result_status(view)
        counts = scorecard.grade_counts(seen)
        grade_column, _ = st.columns([2, 1])
        grade_chart = go.Figure(
            go.Bar(
                x=list(counts),
                y=list(counts.values()),
                marker_color=[colours[g] for g in counts],
                text=[t("overview.grade_count", n=n) for n in counts.values()],
                textposition="outside",
                hovertemplate=t("format.pair", field="%{x}", value=t("overview.grade_count", n="%{y}"))
                + "<extra></extra>",
            )
        )
        grade_chart.update_layout(
            ui.chart_layout(
                xaxis={"title": {"text": t("score.grade")}},
                yaxis={"title": {"text": t("score.unit")}, "rangemode": "tozero"},
                height=260,
                showlegend=False,
                margin={"l": 60, "r": 20, "t": 30, "b": 50},
            )
        )
        grade_column.plotly_chart(grade_chart, key="overview_grades_chart")
        top, bottom = scorecard.top_and_bottom(seen, 5)
        top_column, bottom_column = st.columns(2)
        with top_column:
            st.markdown(f"**{t('overview.top')}**")
            ranking_table(top, view)
        with bottom_column:
            st.markdown(f"**{t('overview.bottom')}**")
            ranking_table(bottom, view)
        ui.page_link("pages/scorecard.py", "overview.goto_scorecard")

    if viewer.unit_id is None:
        pace_alerts()  # a branch reads its own pace in its card above

if has_data and viewer.can(Permission.VIEW_COMMENTS):
    # Before publishing: the units whose ledger credibility flags nobody has reviewed yet (kaohe.checks).
    st.subheader(t("overview.flags"))
    try:
        flag_report = checks.report(ui.get_store(), viewer, period)
    except ThresholdError as err:
        st.error(err.text(ui.lang()), icon=":material/error:")
    else:
        pending = flag_report.open_by_unit()
        published = view is not None and view.publication is not None
        st.caption(t("overview.flags_caption_published" if published else "overview.flags_caption"))
        if flag_report.flags.empty:
            st.success(t("overview.flags_none", period=period_name), icon=":material/task_alt:")
        elif pending.empty:
            st.success(t("overview.flags_all_reviewed", n=len(flag_report.flags)), icon=":material/task_alt:")
        else:
            names = {check.id: t(f"check.{check.id}.name") for check in checks.CHECKS}
            listed = pending.assign(checks=[t("list.separator").join(names[c] for c in cs) for cs in pending["checks"]])
            st.dataframe(
                listed[["unit", "open", "flags", "checks"]].rename(
                    columns={c: t(f"overview.flags_col.{c}") for c in ("unit", "open", "flags", "checks")}
                ),
                key="overview_flags",
                hide_index=True,
                width="stretch",
                # Every unit at once: the list is what must be done before publishing.
                height=(len(listed) + 1) * 35 + 3,
            )
        for _, reason in flag_report.skipped:
            st.caption(t(reason))
        ui.page_link("pages/scorecard.py", "overview.flags_goto")

# -- 一级抓一级: one row per leader, and rectification items past their deadline -------------------------------
chain = accountability.by_leader(ui.get_store(), viewer, period, as_of) if viewer.can(Permission.VIEW_DATA) else None
if chain is not None and not chain.empty:
    st.subheader(t("overview.by_leader"))
    st.caption(t("overview.by_leader_caption"))
    nothing = "—"
    st.dataframe(
        {
            t("overview.leader.leader"): chain["leader"],
            t("overview.leader.post"): chain["post"].fillna(nothing),
            t("overview.leader.department"): chain["department"].fillna(nothing),
            t("overview.leader.units"): chain["units"],
            t("overview.leader.average"): [ui.fmt_score(v) for v in chain["average"]],
            t("overview.leader.lowest"): [
                t("format.note", text=ui.fmt_score(v), note=u) if isinstance(u, str) else nothing
                for v, u in zip(chain["lowest"], chain["lowest_unit"], strict=True)
            ],
            t("overview.leader.pace"): [
                t("my_units.pace_counts", behind=int(b), alert=int(a)) if pd.notna(b) else nothing
                for b, a in zip(chain["behind"], chain["alert"], strict=True)
            ],
            t("overview.leader.items"): [
                t("my_units.items_counts", open=o, overdue=d)
                for o, d in zip(chain["open_items"], chain["overdue_items"], strict=True)
            ],
        },
        key="overview_by_leader",
        hide_index=True,
        width="stretch",
        height=(len(chain) + 1) * 35 + 3,  # every leader at a glance, no scrolling inside the table
    )
    ui.page_link("pages/my_units.py", "overview.goto_my_units")

if viewer.can(Permission.VIEW_DATA):
    late = rectification.overdue(rectification.items(ui.get_store(), viewer))
    if not late.empty:
        st.subheader(t("overview.overdue"))
        st.warning(t("rectify.overdue_warning", n=len(late)), icon=":material/alarm:")
        st.dataframe(
            {
                t("rectify.col.unit"): late["unit"],
                t("rectify.col.indicator"): late["indicator"],
                t("rectify.col.responsible"): late["responsible"].fillna("—"),
                t("rectify.col.deadline"): [d.isoformat() for d in late["deadline"]],
                t("rectify.col.status"): [t(f"rectify.status.{s}") for s in late["status"]],
            },
            key="overview_overdue",
            hide_index=True,
            width="stretch",
        )
        ui.page_link("pages/rectification.py", "my_units.goto_items")

st.subheader(t("overview.freshness"))
freshness = overview.ledger_freshness(source, viewer)
# Rejected rows have no resolved unit, so a branch viewer gets no count of them (None) and no column.
show_rejected = overview.sees_import_log(viewer)
count_keys = ("freshness.files", "freshness.rows_loaded") + (("freshness.rows_rejected",) if show_rejected else ())
st.dataframe(
    [
        {
            t("freshness.ledger"): t(f"ledger.{row.ledger}"),
            t("freshness.last_import"): (
                row.last_import_at.strftime("%Y-%m-%d %H:%M")
                if row.last_import_at is not None
                else t("freshness.never")
            ),
            t("freshness.files"): row.files,
            t("freshness.rows_loaded"): row.rows_loaded,
        }
        | ({t("freshness.rows_rejected"): row.rows_rejected} if show_rejected else {})
        for row in freshness
    ],
    hide_index=True,
    key="overview_freshness",
    column_config={t(key): st.column_config.NumberColumn(format="localized") for key in count_keys},
)
if not show_rejected:
    st.caption(t("freshness.unit_only_note", scope=ui.scope_name(viewer)))
rejected = sum(row.rows_rejected or 0 for row in freshness)
if rejected:
    st.caption(ui.t_for("freshness.rejected_note", IMPORT_PAGE, n=f"{rejected:,}"))
