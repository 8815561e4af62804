"""总览: headline totals against a year earlier, grades, top and bottom five, units behind pace, services per
month, and data freshness."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from kaohe import accountability, checks, overview, periods, publish, rectification, results, scorecard, ui
from kaohe.access import AccessDenied, Permission
from kaohe.scheme import SchemeError
from kaohe.scoring import ScoringError
from kaohe.thresholds import ThresholdError
from kaohe.ui import t
from kaohe.workflow import NoScheme

ui.require_app_shell()

period = ui.selected_period()
source = ui.source()
viewer = ui.current_viewer()
period_name = ui.period_label(period.code)

as_of = ui.cutoff(period)
# A period still under way is compared with the same span a year earlier, not with the whole earlier period.
compared = period.through(as_of) if as_of is not None else period

st.title(t("page.overview"))
if as_of is not None and not compared.in_full:
    st.caption(t("overview.caption_to_date", period=period_name, as_of=as_of.isoformat()))
else:
    st.caption(t("overview.caption", period=period_name))
ui.scope_caption(viewer)
if publish_notice := publish.request_notice(ui.get_store(), viewer, ui.lang()):
    st.info(publish_notice, icon=":material/outgoing_mail:")

heads = overview.headlines(source, viewer, compared)
for ledger in heads.missing_ledgers:
    st.info(t("overview.empty", period=period_name, ledger=t(f"ledger.{ledger}")), icon=":material/upload_file:")
if heads.missing_ledgers:
    ui.page_link("pages/import_ledgers.py", "overview.goto_import")

if heads.has_services or heads.has_cases:
    for column, headline in zip(st.columns(4), heads.all(), strict=True):
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
        hovertemplate=f"%{{x}}<br>{t('chart.count')}：%{{y:,}}<br>{t('chart.people_served')}：%{{customdata:,}}"
        "<extra></extra>",
    )
    figure.add_scatter(
        x=months,
        y=monthly["prior_services"],
        name=t("chart.prior_year"),
        mode="lines+markers",
        hovertemplate=f"%{{x}}<br>{t('chart.prior_year')}：%{{y:,}}<extra></extra>",
    )
    figure.update_layout(
        ui.chart_layout(
            title={"text": f"{t('chart.monthly_services')}（{period_name}）"},
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


def ranking_table(frame: pd.DataFrame, key: str, shown_result: results.Result) -> None:
    """A short ranking (rank, unit, total, grade), the grade cell in its colour and marked when provisional."""
    heading = {c: t(f"score.{c}") for c in frame.columns}
    shown = frame.assign(
        vetoed=frame["vetoed"].map(lambda vetoed: t("score.vetoed") if vetoed else ""),
        grade=[ui.fmt_grade(grade, shown_result) for grade in frame["grade"]],
    )
    if not frame["vetoed"].any():
        shown = shown.drop(columns=["vetoed"])
    styled = (
        shown.drop(columns=["unit_id", "kind"])
        .rename(columns=heading)
        .style.map(ui.grade_cell_style(shown_result), subset=[heading["grade"]])
        .format(ui.fmt_score, subset=[heading["total"]])
    )
    st.dataframe(styled, key=key, hide_index=True, width="stretch")


has_data = heads.has_services or heads.has_cases
view = scored() if has_data else None
if has_data and viewer.can(Permission.VIEW_DATA):
    seen = view.score if view is not None else None
    if view is not None and seen is not None and len(seen.units) > 1:
        colours = ui.grade_colours(tuple(band.grade for band in seen.scheme.grades))

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
                hovertemplate=f"%{{x}}：%{{y}} {t('overview.grade_count', n='')}<extra></extra>".replace(" <", "<"),
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
            ranking_table(top, "overview_top", view)
        with bottom_column:
            st.markdown(f"**{t('overview.bottom')}**")
            ranking_table(bottom, "overview_bottom", view)
        ui.page_link("pages/scorecard.py", "overview.goto_scorecard")

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
            "　".join(
                f":{badge[status.value]}-badge[{t(f'pace.status.{status.value}')} {t('overview.grade_count', n=n)}]"
                for status, n in progress.counts().items()
            )
        )
        behind = progress.behind()
        if behind.empty:
            st.success(t("overview.pace_all_ok", as_of=as_of.isoformat()), icon=":material/check_circle:")
        else:
            status_colour = {"behind": "#FFE0B2", "alert": "#FFCDD2"}
            table = behind[["status", "unit", "kind", "ratio", "indicators"]].assign(
                status=behind["status"].map(lambda s: t(f"pace.status.{s}"))
            )
            labels = {
                "status": t("pace.status"),
                "unit": t("pace.unit"),
                "kind": t("score.kind"),
                "ratio": t("pace.ratio"),
                "indicators": t("pace.indicators"),
            }
            colour_of = {t(f"pace.status.{s}"): c for s, c in status_colour.items()}
            st.dataframe(
                table.rename(columns=labels)
                .style.map(lambda v: f"background-color: {colour_of.get(str(v), '')}", subset=[labels["status"]])
                .format("{:.0%}", subset=[labels["ratio"]]),
                key="overview_pace",
                hide_index=True,
                width="stretch",
            )

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
                f"{ui.fmt_score(v)}（{u}）" if isinstance(u, str) else nothing
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
    st.caption(t("freshness.rejected_note", n=f"{rejected:,}"))
