"""考核评分: every unit's rank, total, grade and dimensions, filtered and searchable; one unit's card below.

The unit, filters and search live in widgets and in the URL (`?unit=SQ01&kind=社区&q=路`), so a link opens the
same card. Scores come from `ui.period_result` (kaohe.results: the one door, which applies the viewer's rights
and says whether the figures are published, live or provisional); nothing here computes a point.
"""

from functools import partial
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from kaohe import checks, formats, rectification, results, scorecard, spreadsheet, ui
from kaohe.access import AccessDenied, Permission
from kaohe.labels import LABELS
from kaohe.scheme import MEASURES, SchemeError
from kaohe.scoring import ScoringError
from kaohe.thresholds import ThresholdError
from kaohe.ui import t
from kaohe.workflow import NoScheme

ui.require_app_shell()

UNIT_KEY, KIND_KEY, COMMUNITY_KEY, SEARCH_KEY = (
    "scorecard_unit",
    "scorecard_kind",
    "scorecard_community",
    "scorecard_search",
)
PICKED_KEY = "scorecard_last_pick"
LINKED_KEY = "scorecard_url_unit"  # the unit this page last put in the URL: any other unit there came from a link
URL = {UNIT_KEY: "unit", KIND_KEY: "kind", COMMUNITY_KEY: "community", SEARCH_KEY: "q"}
ADJUSTMENT_ITEMS = ("bonus", "deduction", "veto")
ACTIVITY = ("services", "meetings", "errands", "deeds", "disputes")

period = ui.selected_period()
period_name = ui.period_label(period.code)
viewer = ui.current_viewer()
source = ui.source()

st.title(t("page.scorecard"))


def load_result() -> results.Result:
    """The period's result as this viewer may see it, or an empty state that says what to do."""
    try:
        return ui.period_result(period)
    except NoScheme:
        st.info(t("scorecard.no_scheme", period=period_name), icon=":material/rule:")
        st.stop()
    except SchemeError as err:
        st.error(t("scorecard.scheme_error", message=ui.said(err)), icon=":material/error:")
        st.stop()
    except ScoringError as err:
        st.info(t("scorecard.cannot_score", message=ui.said(err)), icon=":material/upload_file:")
        ui.page_link("pages/import_ledgers.py", "overview.goto_import")
        st.stop()
    except AccessDenied:
        st.info(t("scorecard.not_published", period=period_name), icon=":material/lock:")
        st.stop()


view = load_result()
result = view.score
st.caption(t("scorecard.caption", period=period_name, scheme=result.scheme.name))
ui.result_status(view)

# The assessors' aids: grade stability (for those who see unpublished scores) and the ledger credibility flags (for
# those who read the assessors' working papers). They flag and explain; they change no score.
stability = None
flags_report = None
try:
    if viewer.can(Permission.VIEW_SCORES):
        stability = results.grade_stability(ui.get_store(), viewer, view)
    if viewer.can(Permission.VIEW_COMMENTS):
        flags_report = checks.report(ui.get_store(), viewer, period)
except ThresholdError as err:
    st.error(err.text(ui.lang()), icon=":material/error:")
aids = None if stability is None and flags_report is None else scorecard.assessor_aids(result, stability, flags_report)
unit_ids = result.units["unit_id"].tolist()
names = dict(zip(result.units["unit_id"], result.units["unit"], strict=True))
options = scorecard.filter_options(result)

# -- state: from the URL when a session starts (a link, a refresh), from the widgets afterwards ---------------
if "scorecard_initialised" not in st.session_state:
    wanted_unit = st.query_params.get("unit")
    st.session_state[UNIT_KEY] = wanted_unit if wanted_unit in unit_ids else None
    st.session_state[KIND_KEY] = [k for k in st.query_params.get_all("kind") if k in options.kinds]
    st.session_state[COMMUNITY_KEY] = [c for c in st.query_params.get_all("community") if c in options.communities]
    st.session_state[SEARCH_KEY] = st.query_params.get("q", "")
    st.session_state["scorecard_initialised"] = True
    st.session_state[LINKED_KEY] = st.session_state[UNIT_KEY]
goto = st.session_state.pop("scorecard_goto", None)
linked = st.query_params.get("unit")
if goto is None and linked in unit_ids and linked != st.session_state.get(LINKED_KEY):
    # A link to this page naming a unit (the overview's pace alerts) opens its card, as a new session would.
    goto = linked
if goto in unit_ids:
    # Another page (我的联系点, a link) sent the user to this unit's card.
    st.session_state[UNIT_KEY] = goto
    st.session_state[KIND_KEY], st.session_state[COMMUNITY_KEY], st.session_state[SEARCH_KEY] = [], [], ""
if st.session_state.get(UNIT_KEY) not in (None, *unit_ids):
    # The period changed and the unit is not scored in it.
    st.session_state[UNIT_KEY] = None
if len(unit_ids) == 1:
    st.session_state[UNIT_KEY] = unit_ids[0]

# -- the ranking ----------------------------------------------------------------------------------------------
left, middle, right = st.columns([2, 3, 2])
left.multiselect(t("scorecard.kind"), options=options.kinds, key=KIND_KEY, placeholder=t("scorecard.all"))
middle.multiselect(
    t("scorecard.community"), options=options.communities, key=COMMUNITY_KEY, placeholder=t("scorecard.all")
)
right.text_input(t("scorecard.search"), key=SEARCH_KEY, placeholder=t("scorecard.search_placeholder"))

table = scorecard.ranking(
    result, st.session_state[KIND_KEY], st.session_state[COMMUNITY_KEY], st.session_state[SEARCH_KEY], aids
)
shown_aids = [c for c in scorecard.AID_COLUMNS if c in table and table[c].notna().any()]
table = table.drop(columns=[c for c in scorecard.AID_COLUMNS if c in table and c not in shown_aids])
heading = {c: t(f"score.{c}") for c in (*scorecard.RANKING_HEAD, *shown_aids, *scorecard.RANKING_TAIL)}
score_columns = [heading["total"], *result.dimensions, heading["bonus"], heading["deduction"]]


if table.empty:
    st.info(t("scorecard.no_match"), icon=":material/filter_alt_off:")
else:
    grades = [ui.fmt_grade(grade, view) for grade in table["grade"]]
    shown = table.assign(
        community=[formats.community(c, ui.lang()) for c in table["community"]],
        # A veto is said where the grade is: the ranking's total alone would not tell why a unit ranks last.
        grade=[t("score.grade_vetoed", grade=g) if v else g for g, v in zip(grades, table["vetoed"], strict=True)],
    )
    # Rank, total and grade first, then the name: on a phone these four fit the screen, long names cut short.
    head = ["rank", "total", "grade", "unit"]
    shown = shown[head + [c for c in shown.columns if c not in head]]
    if "stability" in shown_aids:
        shown = shown.assign(stability=shown["stability"].map(lambda s: t(f"stability.status.{s}") if s else "—"))
    shown = shown.rename(columns=heading)
    colour = ui.grade_cell_style(view)
    styled = (
        shown.style.apply(lambda _: [colour(g) for g in grades], subset=[heading["grade"]])
        .map(lambda _: "font-weight: 600", subset=[heading["total"]])
        .format(ui.fmt_score, subset=score_columns)
    )
    if "stability" in shown_aids:
        borderline = t("stability.status.borderline")
        styled = styled.map(
            lambda v: "background-color: #FFE0B2; color: #111" if v == borderline else "", subset=[heading["stability"]]
        )
    if "open_flags" in shown_aids:
        styled = styled.map(
            lambda v: "color: #C62828; font-weight: 600" if v else "color: #999", subset=[heading["open_flags"]]
        )
    event = ui.table(
        styled,
        key="scorecard_table",
        on_select="rerun",
        selection_mode="single-row",
        hide_index=True,
        width="stretch",
        # Tall enough for 15 rows at a glance; the rest scroll inside the table.
        height=(min(len(table), 15) + 1) * 35 + 3,
        column_config={
            **{heading[c]: st.column_config.Column(width="small") for c in shown_aids},
            heading["vetoed"]: st.column_config.CheckboxColumn(width="small"),
            # Full names of enterprise branches run to 18 characters; they must not be cut.
            heading["unit"]: st.column_config.TextColumn(width="large"),
        },
    )
    rows = list(event.selection.rows) if event is not None else []
    picked = str(table["unit_id"].iloc[rows[0]]) if rows and rows[0] < len(table) else None
    if picked is not None and picked != st.session_state.get(PICKED_KEY):
        # A new click in the table opens that unit (the selectbox below follows; it is drawn after this).
        st.session_state[UNIT_KEY] = picked
    st.session_state[PICKED_KEY] = picked
st.caption(t("scorecard.count", shown=len(table), total=view.units_scored))

st.selectbox(
    t("scorecard.unit"),
    options=unit_ids,
    key=UNIT_KEY,
    format_func=ui.named_choice(names),
    placeholder=t("scorecard.pick_unit"),
)

# The URL follows the widgets on every run, so a copied link reopens this view.
for key, param in URL.items():
    value = st.session_state.get(key)
    if value:
        st.query_params[param] = value
    elif param in st.query_params:
        del st.query_params[param]
st.session_state[LINKED_KEY] = st.session_state.get(UNIT_KEY)

unit_id = st.session_state.get(UNIT_KEY)
if unit_id is None:
    st.stop()

# -- the card of one unit -------------------------------------------------------------------------------------
card = scorecard.unit_card(source, result, str(unit_id), viewer, ui.lang())
unit = card.unit
st.divider()
st.header(ui.named(unit["unit"], unit_id))
st.caption(
    t(
        "scorecard.card_caption",
        kind=unit["kind"],
        total=ui.fmt_score(unit["total"]),
        grade=ui.fmt_grade(unit["grade"], view),
        rank=ui.fmt_rank(unit["rank"], view.units_scored),
        rank_in_kind=ui.fmt_rank(unit["rank_in_kind"], view.of_kind(str(unit["kind"]))),
    )
)
if bool(unit["vetoed"]):
    st.error(t("scorecard.vetoed", reason=unit["veto_reason"]), icon=":material/block:")

headline = ui.phone_columns(5, "scorecard_headline")
headline[0].metric(t("score.total"), ui.fmt_score(unit["total"]), border=True)
# A narrow card: the provisional mark goes in the label, so the grade itself is never cut off.
headline[1].metric(ui.fmt_grade(t("score.grade"), view), str(unit["grade"]), border=True)
headline[2].metric(t("score.rank"), ui.fmt_rank(unit["rank"], view.units_scored), border=True)
headline[3].metric(t("score.bonus"), ui.fmt_score(unit["bonus"]), border=True)
headline[4].metric(t("score.deduction"), ui.fmt_score(unit["deduction"]), border=True)
dimensions = ui.phone_columns(len(result.dimensions), "scorecard_dimensions")
for column, dimension in zip(dimensions, result.dimensions, strict=True):
    column.metric(dimension, ui.fmt_score(unit[dimension]), border=True)

# -- grade stability: would the grade survive a small change in the method? ------------------------------------
steady = None if stability is None else scorecard.unit_stability(stability, result, str(unit_id))
if steady is not None:
    settings = ui.stability_settings()
    st.subheader(t("scorecard.stability"))
    status_text = t(f"stability.status.{steady.status}")
    cells = st.columns(4)
    cells[0].metric(t("score.stability"), status_text, border=True)
    cells[1].metric(t("scorecard.stability_kept"), f"{100 * steady.kept_share:.1f}%", border=True)
    if steady.boundary is not None and steady.boundary_margin is not None:
        cells[2].metric(
            t("scorecard.stability_boundary", grade=steady.boundary_grade, line=f"{steady.boundary:g}"),
            f"{steady.boundary_margin:+.2f}",
            border=True,
        )
    quota = "—" if steady.quota_margin is None else f"{steady.quota_margin:+.2f}"
    cells[3].metric(t("scorecard.stability_quota"), quota, border=True, help=t("scorecard.stability_quota_help"))
    if steady.vetoed:
        st.caption(t("scorecard.stability_vetoed"))
    elif steady.status == "borderline":
        moves = t("list.separator").join(
            t("scorecard.stability_move", indicator=name, points=f"{points:+.2f}") for name, points in steady.deciding
        )
        st.warning(t("scorecard.stability_deciding", indicators=moves or "—"), icon=":material/balance:")
    st.caption(
        t(
            "scorecard.stability_method",
            band=f"{100 * settings.band:g}%",
            draws=f"{settings.draws:,}",
            share=f"{100 * settings.stable_share:g}%",
        )
    )

chart_left, chart_right = st.columns(2)

done = scorecard.completion(card)
if not done.empty:
    shares = (done["completion"] * 100).round(1)
    completion_chart = go.Figure(
        go.Bar(
            x=shares,
            y=done["indicator"],
            orientation="h",
            marker_color=["#2E7D32" if s >= 100 else "#EF6C00" if s >= 85 else "#C62828" for s in shares],
            text=[f"{s:.1f}%" for s in shares],
            textposition="auto",
            customdata=list(zip(done["actual"].round(2), done["target"].round(2), strict=True)),
            hovertemplate=ui.hover(
                "%{y}",
                ui.pair(t("score.actual"), "%{customdata[0]:,}"),
                ui.pair(t("score.target"), "%{customdata[1]:,}"),
                ui.pair(t("scorecard.completion"), "%{x:.1f}%"),
            ),
        )
    )
    completion_chart.add_vline(
        x=100,
        line_dash="dash",
        line_color="#555",
        annotation_text=t("scorecard.target_line"),
        annotation_position="top",
    )
    completion_chart.update_layout(
        ui.chart_layout(
            title={"text": t("scorecard.chart_completion")},
            xaxis={"title": {"text": t("format.unit_percent", name=t("scorecard.completion"))}, "rangemode": "tozero"},
            yaxis={"autorange": "reversed"},
            height=420,
            showlegend=False,
        )
    )
    chart_left.plotly_chart(completion_chart, key="scorecard_completion_chart")

steps = scorecard.waterfall(
    card,
    result.scheme.total_points,
    scorecard.WaterfallLabels(
        full_marks=t("scorecard.full_marks"),
        bonus=t("score.bonus"),
        deduction=t("score.deduction"),
        total=t("score.total"),
    ),
)
waterfall_chart = go.Figure(
    go.Waterfall(
        x=[step.label for step in steps],
        y=[step.value for step in steps],
        measure=[step.measure for step in steps],
        text=[ui.fmt_score(step.value) if step.measure == "absolute" else f"{step.value:+.1f}" for step in steps],
        textposition="outside",
        decreasing={"marker": {"color": "#C62828"}},
        increasing={"marker": {"color": "#2E7D32"}},
        # Full marks and the total are drawn in a neutral colour: red and green mean points lost and gained.
        totals={"marker": {"color": "#546E7A"}},
        connector={"line": {"color": "#999", "width": 1}},
        hovertemplate=ui.hover("%{x}", ui.pair(t("chart.points"), "%{text}")),
    )
)
waterfall_chart.update_layout(
    ui.chart_layout(
        title={"text": t("scorecard.chart_waterfall", full=f"{result.scheme.total_points:g}")},
        yaxis={"title": {"text": t("chart.points")}, "range": [0, result.scheme.total_points * 1.12]},
        xaxis={"tickangle": -35},
        height=420,
        showlegend=False,
    )
)
chart_right.plotly_chart(waterfall_chart, key="scorecard_waterfall_chart")

st.subheader(t("scorecard.lines"))


def shown_value(value: Any, measure: Any) -> str:
    if value is None or pd.isna(value):
        return "—"
    if isinstance(measure, str) and MEASURES[measure].kind == "rate":
        return f"{float(value):.1%}"
    return f"{float(value):,.2f}".rstrip("0").rstrip(".")


lines = card.lines.assign(
    rule=card.lines["rule"].map(lambda r: t(f"rule.{r}")),
    target=[shown_value(v, m) for v, m in zip(card.lines["target"], card.lines["measure"], strict=True)],
    actual=[shown_value(v, m) for v, m in zip(card.lines["actual"], card.lines["measure"], strict=True)],
).drop(columns=["measure", "indicator_id"])
ui.table(
    lines.rename(columns={c: t(f"score.{c}") for c in lines.columns}),
    key="scorecard_lines",
    hide_index=True,
    width="stretch",
    column_config={
        t(f"score.{c}"): st.column_config.NumberColumn(format="%.2f")
        for c in ("max_points", "points", "points_lost", "weighted_max", "weighted_points")
    },
)

# -- ledger credibility: the flags on this unit's rows and the assessors' reviews ---------------------------------
REVIEW_NOTICE = "scorecard_review_notice"


def save_review(flag: dict[str, Any], form: str) -> None:
    """Store the review typed into one flag's form (a click: the only write this page makes)."""
    item = checks.ReviewInput(
        unit_id=str(flag["unit_id"]),
        check_id=str(flag["check_id"]),
        subject=str(flag["subject"]),
        fingerprint=str(flag["fingerprint"]),
        verdict=str(st.session_state.get(f"{form}_verdict") or ""),
        note=str(st.session_state.get(f"{form}_note") or ""),
        seen_review_id=None if flag["review_id"] is None else int(flag["review_id"]),
    )
    try:
        checks.review(ui.get_store(), viewer, period, item)
    except checks.ReviewError as err:
        st.session_state[REVIEW_NOTICE] = ("error", err.text(ui.lang()))
    else:
        st.session_state[f"{form}_note"] = ""
        name = t(f"check.{flag['check_id']}.name")
        st.session_state[REVIEW_NOTICE] = ("success", t("scorecard.review_saved", check=name))


if flags_report is not None:
    st.subheader(t("scorecard.credibility"))
    notice = st.session_state.pop(REVIEW_NOTICE, None)
    if notice is not None:
        (st.error if notice[0] == "error" else st.success)(notice[1])
    own = flags_report.of_unit(str(unit_id))
    for _, reason in own.skipped:
        st.caption(t(reason))
    if own.flags.empty:
        st.success(t("scorecard.credibility_none", period=period_name), icon=":material/task_alt:")
    else:
        st.caption(t("scorecard.credibility_caption", n=len(own.flags), open=len(own.open_flags)))
    badge = {"open": "orange", "verified": "green", "rectify": "red"}
    for index, record in enumerate(own.flags.to_dict("records")):
        flag = {str(k): v for k, v in record.items()}
        form = f"scorecard_review_{unit_id}_{flag['check_id']}_{index}"
        with st.container(border=True, key=f"scorecard_flag_{index}"):
            status = t(f"check.status.{flag['status']}")
            title = t(f"check.{flag['check_id']}.name")
            group = t(f"check.group.{flag['group']}")
            st.markdown(f":{badge[flag['status']]}-badge[{status}] **{title}**{t('format.gap')}:gray[{group}]")
            st.markdown(ui.escape_markdown(checks.explain(flag, ui.lang())))
            if flag["stale"]:
                st.warning(t("check.stale"), icon=":material/history:")
            if flag["verdict"] is not None:
                reviewed = t(
                    "scorecard.reviewed",
                    verdict=t(f"check.status.{flag['verdict']}"),
                    by=formats.person(flag["reviewed_by"], ui.lang()),
                    at=pd.Timestamp(flag["reviewed_at"]).strftime("%Y-%m-%d %H:%M"),
                    note=flag["note"],
                )
                st.caption(ui.escape_markdown(reviewed))
            rows = checks.explained_rows(
                own.rows_of(str(unit_id), str(flag["check_id"]), str(flag["subject"])), ui.lang()
            )
            with st.expander(t("scorecard.flag_rows", n=f"{len(rows):,}")):
                ui.table(
                    rows.rename(columns={c: t(f"lineage.{c}") for c in rows.columns}),
                    key=f"scorecard_flag_rows_{index}",
                    hide_index=True,
                    width="stretch",
                )
            if viewer.can(Permission.ENTER_SCORES):
                with st.form(form, border=False):
                    left, right = st.columns([2, 5])
                    left.radio(
                        t("scorecard.review_verdict"),
                        options=list(checks.VERDICTS),
                        format_func=lambda v: t(f"check.status.{v}"),
                        index=None,
                        key=f"{form}_verdict",
                        horizontal=True,
                    )
                    right.text_area(
                        t("scorecard.review_note"),
                        key=f"{form}_note",
                        max_chars=checks.NOTE_MAX,
                        placeholder=t("scorecard.review_note_hint"),
                        height=68,
                    )
                    st.form_submit_button(
                        t("scorecard.review_save"),
                        on_click=save_review,
                        args=(flag, form),
                        key=f"{form}_save",
                        icon=":material/fact_check:",
                    )

# -- monthly activity -----------------------------------------------------------------------------------------
monthly = card.monthly
if len(monthly) and int(monthly[list(ACTIVITY)].to_numpy().sum()) > 0:
    months = [ui.month_tick(m.month) for m in pd.to_datetime(monthly["month"])]
    activity = go.Figure()
    for measure in ACTIVITY:
        activity.add_bar(
            x=months,
            y=monthly[measure],
            name=t(f"scorecard.activity.{measure}"),
            hovertemplate=ui.hover("%{x}", ui.pair(t(f"scorecard.activity.{measure}"), "%{y:,}")),
        )
    activity.update_layout(
        ui.chart_layout(
            title={"text": t("scorecard.chart_monthly", period=period_name)},
            xaxis={"title": {"text": t("chart.month")}},
            yaxis={"title": {"text": t("chart.count")}, "rangemode": "tozero"},
            barmode="group",
            height=380,
        )
    )
    st.plotly_chart(activity, key="scorecard_monthly_chart")
else:
    st.caption(t("scorecard.monthly_empty", period=period_name))

# -- comments and adjustments ---------------------------------------------------------------------------------
if card.comments is not None:
    st.subheader(t("scorecard.comments"))
    if card.comments.empty:
        st.caption(t("scorecard.no_comments"))
    else:
        comments = card.comments.drop(columns=["indicator_id"])
        ui.table(
            comments.rename(
                columns={c: t(f"lineage.{c}" if c != "indicator" else "score.indicator") for c in comments}
            ),
            key="scorecard_comments",
            hide_index=True,
            width="stretch",
        )

st.subheader(t("scorecard.adjustments"))
if card.adjustments.empty:
    st.caption(t("scorecard.no_adjustments"))
else:
    items = card.adjustments.assign(
        type=card.adjustments["type"].map(lambda v: t(f"adjustment.{v}")), level=card.adjustments["level"].fillna("")
    )
    ui.table(
        items.rename(columns={c: t(f"score.{c}") for c in items.columns}),
        key="scorecard_adjustments",
        hide_index=True,
        width="stretch",
    )


# -- last year's rectification: were the items closed? -----------------------------------------------------------
last_year = period.start.year - 1
earlier = rectification.items(source, viewer, year=last_year, unit_id=str(unit_id))
if not earlier.empty:
    st.subheader(t("scorecard.last_year_items", year=last_year))
    left_open = rectification.still_open(earlier)
    if left_open.empty:
        st.success(t("scorecard.items_all_closed", n=len(earlier)), icon=":material/task_alt:")
    else:
        st.warning(t("scorecard.items_open", n=len(left_open), total=len(earlier)), icon=":material/pending_actions:")
    ui.table(
        {
            t("rectify.col.indicator"): earlier["indicator"],
            t("rectify.col.requirement"): earlier["requirement"],
            t("rectify.col.deadline"): [d.isoformat() for d in earlier["deadline"]],
            t("rectify.col.status"): [t(f"rectify.status.{s}") for s in earlier["status"]],
            t("rectify.col.evidence"): [e if isinstance(e, str) else "" for e in earlier["evidence"]],
        },
        key="scorecard_last_year_items",
        hide_index=True,
        width="stretch",
    )


def tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows as people read them: columns that are empty throughout dropped, timestamps at midnight as dates."""
    frame = frame.dropna(axis="columns", how="all")
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_datetime64_any_dtype(values) and (values.dropna().dt.normalize() == values.dropna()).all():
            frame = frame.assign(**{column: values.dt.date})
    return frame


# -- lineage: the source rows behind any indicator ------------------------------------------------------------
st.subheader(t("scorecard.lineage"))
indicator_names = dict(zip(card.lines["indicator_id"], card.lines["indicator"], strict=True))
choices = [*indicator_names, *ADJUSTMENT_ITEMS]
if st.session_state.get("scorecard_lineage_indicator") not in choices:
    # Open on the first indicator counted from ledger rows, so there is something to see at once.
    counted = card.lines[card.lines["measure"].notna() & (card.lines["actual"].fillna(0) > 0)]
    st.session_state["scorecard_lineage_indicator"] = (
        str(counted["indicator_id"].iloc[0]) if len(counted) else choices[0]
    )
chosen = st.selectbox(
    t("scorecard.lineage_indicator"),
    options=choices,
    key="scorecard_lineage_indicator",
    format_func=lambda c: indicator_names.get(c) or t(f"adjustment.{c}"),
)
rows = tidy(scorecard.indicator_rows(ui.get_store(), result, str(unit_id), str(chosen), viewer, ui.lang()))
st.caption(t("scorecard.lineage_count", n=f"{len(rows):,}"))
if rows.empty:
    st.caption(t("scorecard.lineage_empty"))
else:
    labelled = rows.rename(columns={c: t(f"lineage.{c}") for c in rows.columns if f"lineage.{c}" in LABELS})
    ui.table(labelled, key="scorecard_lineage", hide_index=True, width="stretch")
    file_stem = t("scorecard.rows_file", unit=unit_id, indicator=chosen, period=period.code)
    csv_column, xlsx_column = st.columns([1, 6])
    ui.download_button(
        t("scorecard.download_csv"),
        partial(scorecard.csv_bytes, labelled),
        file_name=f"{file_stem}.csv",
        mime=spreadsheet.CSV_MIME,
        key="scorecard_lineage_csv",
        icon=":material/download:",
        container=csv_column,
    )
    ui.download_button(
        t("scorecard.download_xlsx"),
        partial(scorecard.xlsx_download, labelled, str(indicator_names.get(chosen) or chosen)),
        file_name=f"{file_stem}.xlsx",
        mime=spreadsheet.XLSX_MIME,
        key="scorecard_lineage_xlsx",
        icon=":material/download:",
        container=xlsx_column,
    )
