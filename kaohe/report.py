"""The year-end 通报 of a published period: what the office announces, gathered once for the Word and PDF writers.

"实行奖优罚劣，把考核结果和年终各项评优、评先结合起来": an office announces the result in a formal document
(通报): who issues it and when, a short account of the assessment, the grade distribution, the ranking by grade,
the units recommended for the honour and those losing eligibility, the points most often lost, and what must be
rectified by when. `build` collects all of it from the publication in force (kaohe.results: the frozen ranking,
never a re-score), the honours (kaohe.awards: the confirmed list, else the scheme's proposal, said so) and the
rectification items (kaohe.rectification); kaohe.report_docx and kaohe.report_pdf only lay it out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from kaohe import audit, awards, formats, periods, rectification, results
from kaohe.access import AccessDenied, Permission, Viewer
from kaohe.labels import LabelledError, label
from kaohe.periods import Period
from kaohe.publish import Publication
from kaohe.store import Store

FORMATS = ("docx", "pdf")
MIME_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
TOP_POINTS_LOST = 5
# Columns of the Report frames (headings come from labels report.col.*).
RANKING_COLUMNS = ("rank", "unit", "kind", "total")
HONOUR_COLUMNS = ("unit", "total", "grade", "reason")
POINTS_COLUMNS = ("indicator", "dimension", "units", "lost", "average")
RECTIFY_COLUMNS = ("unit", "indicator", "requirement", "responsible", "deadline")


class ReportError(LabelledError):
    """The 通报 cannot be written as asked; the message says why and what to do."""


@dataclass(frozen=True)
class Report:
    """Everything the 通报 says, in the language it is written in, figures as kaohe.formats writes them.

    grades: (grade, units) best grade first. by_grade: (grade, RANKING_COLUMNS) per grade with units, ranks as
    "第 n 名 / 共 m 个" and totals to two decimals. recommended / ineligible: HONOUR_COLUMNS. awards_confirmed:
    whether the honours are the assessors' confirmed list (else the scheme's proposal). points_lost:
    POINTS_COLUMNS, the indicators that cost the most weighted points over every unit. rectify: RECTIFY_COLUMNS,
    the items drafted for the period (or, when none is drafted yet, one line per unit that must rectify).
    """

    period: Period
    publication: Publication
    lang: str
    issuer: str
    issued_on: date
    number: str | None
    title: str
    salutation: str
    account: tuple[str, ...]
    grades: tuple[tuple[str, int], ...]
    vetoed: int
    units_scored: int
    by_grade: tuple[tuple[str, pd.DataFrame], ...]
    honour: str | None
    recommended: pd.DataFrame
    ineligible: pd.DataFrame
    awards_confirmed: bool
    points_lost: pd.DataFrame
    rectify: pd.DataFrame
    rectify_drafted: bool
    rectify_grades: tuple[str, ...]
    closing: tuple[str, ...]

    def t(self, key: str, **values: object) -> str:
        """The label `key` in the report's language."""
        text = label(key, self.lang)
        return text.format(**values) if values else text

    @property
    def date_text(self) -> str:
        """The issue date as offices write it under the issuer: 2026年11月30日."""
        day = self.issued_on
        return self.t("report.date", year=day.year, month=day.month, day=day.day)

    def heading(self, section: str) -> str:
        """A section heading: 一、考核等次分布."""
        return self.t(f"report.section.{section}")


def _period_words(period: Period, lang: str) -> str:
    """The period as a 通报 writes it: 2025年度, 2025年上半年 (no spaces around figures in a formal text)."""
    words = formats.period(period.code, lang)
    if lang != "zh":
        return words
    words = words.replace(" ", "")
    return words + "度" if words.endswith("年") else words  # cjk: 2025年 → 2025年度 in the Chinese 通报


def _frame(rows: list[dict[str, object]], columns: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(columns))


def _points_lost(shown: results.Result, lang: str) -> pd.DataFrame:
    lines = shown.score.lines
    lost = (lines["weighted_max"].astype(float) - lines["weighted_points"].astype(float)).round(2)
    frame = lines.assign(lost=lost)
    frame = frame[frame["lost"] > 0]
    if frame.empty:
        return _frame([], POINTS_COLUMNS)
    grouped = frame.groupby(["indicator_id", "indicator", "dimension"], sort=False).agg(
        units=("unit_id", "nunique"), lost=("lost", "sum")
    )
    grouped = grouped.reset_index().sort_values(["lost", "units"], ascending=False).head(TOP_POINTS_LOST)
    return _frame(
        [
            {
                "indicator": row["indicator"],
                "dimension": row["dimension"],
                "units": int(row["units"]),
                "lost": formats.score(row["lost"]),
                "average": formats.score(row["lost"] / row["units"]),
            }
            for row in grouped.to_dict("records")
        ],
        POINTS_COLUMNS,
    )


def _honours(listed: awards.AwardList, status: str) -> pd.DataFrame:
    units = listed.of(status)
    return _frame(
        [
            {"unit": row["unit"], "total": formats.score(row["total"]), "grade": row["grade"], "reason": row["reason"]}
            for row in units.to_dict("records")
        ],
        HONOUR_COLUMNS,
    )


def _rectify(
    store: Store, viewer: Viewer, shown: results.Result, issued_on: date, lang: str
) -> tuple[pd.DataFrame, bool]:
    items = rectification.items(store, viewer, shown.score.period, today=issued_on)
    items = items[items["basis"] == "grade"]
    if len(items):
        rows = [
            {
                "unit": row["unit"],
                "indicator": row["indicator"],
                "requirement": row["requirement"],
                "responsible": row["responsible"] if isinstance(row["responsible"], str) else "—",
                "deadline": formats.day(row["deadline"]),
            }
            for row in items.to_dict("records")
        ]
        return _frame(rows, RECTIFY_COLUMNS), True
    rule = rectification.rules(shown.score.scheme)
    units = shown.score.units[shown.score.units["grade"].isin(rule.grades)]
    deadline = formats.day(issued_on + timedelta(days=rule.days))
    rows = [
        {
            "unit": row["unit"],
            "indicator": label("report.rectify.all_lost", lang),
            "requirement": label("report.rectify.general", lang),
            "responsible": "—",
            "deadline": deadline,
        }
        for row in units.to_dict("records")
    ]
    return _frame(rows, RECTIFY_COLUMNS), False


def build(
    store: Store,
    viewer: Viewer,
    period: Period,
    *,
    issuer: str | None = None,
    issued_on: date | None = None,
    number: str | None = None,
    lang: str = "zh",
) -> Report:
    """The 通报 of a published period; ReportError when the period has no publication in force."""
    viewer.require(Permission.EXPORT)
    try:
        shown = results.view(store, viewer, period, published=True)
    except AccessDenied as err:
        raise ReportError("report.not_published", period=period.code) from err
    publication = shown.publication
    if publication is None or shown.status is not results.Status.PUBLISHED:
        raise ReportError("report.not_published", period=period.code)
    day = issued_on or periods.today()
    units = shown.score.units
    scheme = shown.score.scheme
    bands = [band.grade for band in sorted(scheme.grades, key=lambda b: -b.min_total)]
    counts = units["grade"].value_counts()
    grades = tuple((grade, int(counts.get(grade, 0))) for grade in bands)
    by_grade = []
    for grade in bands:
        own = units[units["grade"] == grade].sort_values(["rank", "unit"], kind="stable")
        if own.empty:
            continue
        rows = [
            {
                "rank": formats.rank(row["rank"], shown.units_scored, lang),
                "unit": row["unit"],
                "kind": row["kind"],
                "total": formats.score(row["total"]),
            }
            for row in own.to_dict("records")
        ]
        by_grade.append((grade, _frame(rows, RANKING_COLUMNS)))
    honour = None
    recommended = _frame([], HONOUR_COLUMNS)
    ineligible = _frame([], HONOUR_COLUMNS)
    confirmed = False
    if scheme.awards is not None:
        listed = awards.award_list(store, viewer, period, lang)
        honour = scheme.awards.honour
        recommended, ineligible = _honours(listed, "recommended"), _honours(listed, "ineligible")
        confirmed = listed.confirmed
    rectify, drafted = _rectify(store, viewer, shown, day, lang)
    name = _period_words(period, lang)
    vetoed = int(units["vetoed"].astype(bool).sum())
    account = (
        label("report.account", lang).format(
            scheme=scheme.name,
            n=shown.units_scored,
            period=name,
            published=f"{publication.published_at:%Y-%m-%d}",
            revision=publication.revision,
        ),
    )
    return Report(
        period=period,
        publication=publication,
        lang=lang,
        issuer=issuer or label("report.issuer", lang),
        issued_on=day,
        number=number,
        title=label("report.title", lang).format(period=name),
        salutation=label("report.salutation", lang),
        account=account,
        grades=grades,
        vetoed=vetoed,
        units_scored=shown.units_scored,
        by_grade=tuple(by_grade),
        honour=honour,
        recommended=recommended,
        ineligible=ineligible,
        awards_confirmed=confirmed,
        points_lost=_points_lost(shown, lang),
        rectify=rectify,
        rectify_drafted=drafted,
        rectify_grades=rectification.rules(scheme).grades,
        closing=(label("report.closing", lang),),
    )


@dataclass(frozen=True)
class Block:
    """One block of the 通报 in reading order, for the writers to lay out.

    kind: number (文号), title, salutation, heading (一、…), paragraph, table (frame with headings and column widths
    in mm), signature (the issuer and the date, right-aligned).
    """

    kind: str
    text: str = ""
    frame: pd.DataFrame | None = None
    headings: tuple[str, ...] = ()
    widths: tuple[float, ...] = ()
    align: tuple[str, ...] = ()  # per column: "left" for text people read, "center" for short values, "right"


# Columns of running text, left-aligned in tables; figures are right-aligned, the rest centred.
_TEXT_COLUMNS = {"unit", "reason", "requirement", "indicator"}
_FIGURE_COLUMNS = {"total", "lost", "average", "units"}


_CN_DIGITS = "一二三四五六七八九十"  # cjk: the Chinese 通报's section numbers


def _table(report: Report, frame: pd.DataFrame, columns: tuple[str, ...], widths: tuple[float, ...]) -> Block:
    align = tuple("left" if c in _TEXT_COLUMNS else "right" if c in _FIGURE_COLUMNS else "center" for c in columns)
    headings = tuple(report.t(f"report.col.{c}") for c in columns)
    return Block("table", frame=frame, headings=headings, widths=widths, align=align)


def blocks(report: Report) -> list[Block]:
    """The 通报 from title to signature: account, grades, ranking by grade, honours, points lost, rectification."""
    out: list[Block] = []
    if report.number:
        out.append(Block("number", report.number))
    out += [Block("title", report.title), Block("salutation", report.salutation)]
    out += [Block("paragraph", text) for text in report.account]
    out += [Block("heading", report.heading("grades")), Block("paragraph", distribution_text(report))]
    out.append(Block("heading", report.heading("ranking")))
    for index, (grade, frame) in enumerate(report.by_grade, start=1):
        number = _CN_DIGITS[index - 1] if report.lang == "zh" and index <= len(_CN_DIGITS) else str(index)
        out.append(Block("paragraph", report.t("report.grade_heading", index=number, grade=grade, n=len(frame))))
        out.append(_table(report, frame, RANKING_COLUMNS, (40, 80, 20, 16)))
    out.append(Block("heading", report.heading("honours")))
    if report.honour is None:
        out.append(Block("paragraph", report.t("report.honours.no_rule")))
    else:
        for frame, some, none in (
            (report.recommended, "report.honours.recommended", "report.honours.none_recommended"),
            (report.ineligible, "report.honours.ineligible", "report.honours.none_ineligible"),
        ):
            if len(frame):
                out.append(Block("paragraph", report.t(some, n=len(frame), honour=report.honour)))
                out.append(_table(report, frame, HONOUR_COLUMNS, (56, 16, 16, 68)))
            else:
                out.append(Block("paragraph", report.t(none, honour=report.honour)))
        if not report.awards_confirmed:
            out.append(Block("paragraph", report.t("report.honours.proposed")))
    out.append(Block("heading", report.heading("points")))
    if len(report.points_lost):
        out.append(Block("paragraph", report.t("report.points_intro", n=len(report.points_lost))))
        out.append(_table(report, report.points_lost, POINTS_COLUMNS, (52, 30, 26, 24, 24)))
    else:
        out.append(Block("paragraph", report.t("report.points_none")))
    out.append(Block("heading", report.heading("rectify")))
    if len(report.rectify):
        grades = report.t("list.separator").join(report.rectify_grades)
        out.append(Block("paragraph", report.t("report.rectify_intro", grades=grades)))
        out.append(_table(report, report.rectify, RECTIFY_COLUMNS, (34, 26, 58, 16, 22)))
    else:
        out.append(Block("paragraph", report.t("report.rectify_none")))
    out += [Block("paragraph", text) for text in report.closing]
    out += [Block("signature", report.issuer), Block("signature", report.date_text)]
    return out


def distribution_text(report: Report) -> str:
    """The grade distribution in one sentence: 36 个党组织中，优秀 7 个、良好 15 个…（其中一票否决 1 个）."""
    parts = label("list.separator", report.lang).join(
        report.t("report.grade_count", grade=grade, n=n) for grade, n in report.grades
    )
    text = report.t("report.distribution", n=report.units_scored, parts=parts)
    if report.vetoed:
        text += report.t("report.vetoed", n=report.vetoed)
    return text + report.t("report.full_stop")


def file_name(report: Report, fmt: str) -> str:
    """通报_2025.docx."""
    return f"{report.t('report.file')}_{report.period.code}.{fmt}"


def format_of(path: Path | str) -> str:
    """The format a file name asks for (.docx or .pdf); ReportError for another suffix."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ReportError("report.bad_format", name=Path(path).name)
    return suffix


def record(store: Store, viewer: Viewer, report: Report, fmt: str) -> None:
    """Audit the hand-over of the 通报 (a published result leaving the product, like an export)."""
    after = {
        "format": fmt,
        "file": file_name(report, fmt),
        "publication_id": report.publication.publication_id,
        "result_hash": report.publication.result_hash,
        "awards_confirmed": report.awards_confirmed,
    }
    target = f"report {report.period.code} r{report.publication.revision}"  # worded by kaohe.audit.target_text
    audit.log(store, viewer.user, "export", target, None, after)
