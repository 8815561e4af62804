"""总览: the period's four headline totals against a year earlier, services per month, and data freshness."""

import plotly.graph_objects as go
import streamlit as st

from kaohe import overview, ui
from kaohe.ui import t

period = ui.selected_period()
source = ui.source()
period_name = ui.period_label(period.code)

st.title(t("page.overview"))
st.caption(t("overview.caption", period=period_name))

heads = overview.headlines(source, period)
for ledger in heads.missing_ledgers:
    st.info(t("overview.empty", period=period_name, ledger=t(f"ledger.{ledger}")), icon=":material/upload_file:")
if heads.missing_ledgers:
    st.page_link("pages/import_ledgers.py", label=t("overview.goto_import"), icon=":material/arrow_forward:")

if heads.has_services or heads.has_cases:
    for column, headline in zip(st.columns(4), heads.all(), strict=True):
        column.metric(
            t(f"metric.{headline.measure}"),
            ui.fmt_count(headline.value),
            delta=ui.fmt_change(headline.change),
            delta_description=t("metric.yoy") if headline.change is not None else t("metric.no_prior"),
            border=True,
        )

monthly = overview.monthly_services(source, period)
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

st.subheader(t("overview.freshness"))
freshness = overview.ledger_freshness(source)
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
            t("freshness.rows_rejected"): row.rows_rejected,
        }
        for row in freshness
    ],
    hide_index=True,
    key="overview_freshness",
    column_config={
        t(key): st.column_config.NumberColumn(format="localized")
        for key in ("freshness.files", "freshness.rows_loaded", "freshness.rows_rejected")
    },
)
rejected = sum(row.rows_rejected for row in freshness)
if rejected:
    st.caption(t("freshness.rejected_note", n=f"{rejected:,}"))
