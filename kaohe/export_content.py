"""What an export shows, shared by its writers: the context, the frames with user-facing headings, the method in
words and the grade colours.

`kaohe.export` gathers an `ExportContext` (checking the viewer) and hands it to a writer: CSV there,
`kaohe.export_xlsx` and `kaohe.export_pdf` for the workbook and the printable report. The writers lay out what this
module gives them and never import `kaohe.export` back (an import-linter contract keeps it so). Figures are written as
kaohe.formats writes them on every screen; formula-safe text and column widths are kaohe.spreadsheet's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pandas as pd

from kaohe import formats, results
from kaohe.access import Permission, Viewer
from kaohe.labels import current_language, label
from kaohe.publish import Publication
from kaohe.scheme import Indicator, Scheme, Target
from kaohe.scoring import ScoreResult, explained, weighted_maxima

RANKING_COLUMNS = (
    "rank", "rank_in_kind", "unit_id", "unit", "kind",
    # dimension columns go here
    "indicator_total", "bonus", "deduction", "total", "grade", "veto_reason",
)  # fmt: skip
# The indicator is named, never coded: its id (org_committee) means nothing to a reader of the workbook.
LINE_COLUMNS = (
    "unit_id", "unit", "dimension", "indicator", "rule", "max_points", "target", "actual",
    "points", "points_lost", "weighted_points", "explanation",
)  # fmt: skip
ADJUSTMENT_COLUMNS = (
    "unit_id", "unit", "type", "category", "level", "item_points", "counted", "reason", "evidence", "explanation",
)  # fmt: skip
COMMENT_COLUMNS = ("unit_id", "unit", "indicator", "assessor", "score", "level", "comment")
IMPORT_COLUMNS = (
    "imported_at", "file_name", "ledger", "rows_read", "rows_loaded", "rows_skipped", "rows_duplicate",
    "rows_rejected", "imported_by",
)  # fmt: skip
REJECT_COLUMNS = ("source_file", "ledger", "source_row", "reason", "raw")

# Fill colours by grade band position (best first); the lowest band is always red, whatever the bands are called.


class ExportError(ValueError):
    """The requested output cannot be written (unknown file type)."""


@dataclass(frozen=True)
class ExportContext:
    """Everything an export shows, already checked against the viewer.

    view: the result as kaohe.results gives it to the viewer (scoped; published, live or provisional).
    comments: COMMENT_COLUMNS, empty unless the viewer may read comments.
    imports: IMPORT_COLUMNS plus import_id; rejects: REJECT_COLUMNS plus import_id.
    stability: each unit's grade stability (kaohe.stability.STABILITY_COLUMNS) for the ranking's 等次稳定性
        column, None when not measured (no store, or a viewer who may not see unpublished scores).
    issuer: the issuing body the PDF names; None for the office's own (`issuing_body`).
    """

    view: results.Result
    viewer: Viewer
    generated_at: datetime
    comments: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(COMMENT_COLUMNS)))
    imports: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["import_id", *IMPORT_COLUMNS]))
    rejects: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["import_id", *REJECT_COLUMNS]))
    lang: str = "zh"
    stability: pd.DataFrame | None = None
    issuer: str | None = None

    @property
    def result(self) -> ScoreResult:
        """The figures shown (the viewer's units only)."""
        return self.view.score

    @property
    def publication(self) -> Publication | None:
        """The publication shown, when the export is of a published result."""
        return self.view.publication if self.view.status is results.Status.PUBLISHED else None

    @property
    def provisional(self) -> bool:
        """Whether the figures are provisional (预估): grades are marked so wherever they appear."""
        return self.view.status is results.Status.PROVISIONAL

    @property
    def show_comments(self) -> bool:
        """Whether comments and evidence notes may appear in this export."""
        return self.viewer.can(Permission.VIEW_COMMENTS)

    def t(self, key: str, **values: Any) -> str:
        """The label `key` in the export's language, with `{name}` placeholders filled."""
        text = label(key, self.lang)
        return text.format(**values) if values else text

    def gap(self, *parts: Any) -> str:
        """Parts of one line set apart as the language does ("2025 年　2025 年度考核办法 第 1 版")."""
        return self.t("format.gap").join(str(p) for p in parts)

    def pair(self, field: Any, value: Any) -> str:
        """A field and its value ("一票否决：…")."""
        return self.t("format.pair", field=field, value=value)

    def note(self, text: Any, note: Any) -> str:
        """A text with a note in brackets ("某单位（事由）")."""
        return self.t("format.note", text=text, note=note)

    @property
    def issuing_body(self) -> str:
        """Who issues the result: the issuer given, else the office (the 通报's default, label report.issuer)."""
        return self.issuer or self.t("report.issuer")


# -- text ------------------------------------------------------------------------------------------


def _num(value: float) -> str:
    """A scheme number without trailing zeros: 6 → "6", 0.5 → "0.5"."""
    return f"{value:g}"


def grade_fill(scheme: Scheme, grade: str) -> str | None:
    """The fill colour of a grade, as on screen (kaohe.formats.grade_colours): the lowest band red; None for an
    unknown grade."""
    names = tuple(band.grade for band in sorted(scheme.grades, key=lambda b: -b.min_total))
    return formats.grade_colours(names, background=True).get(grade)


def status_line(ctx: ExportContext) -> str:
    """What the figures are: published (when, by whom), live, or provisional and why (kaohe.formats.status)."""
    return formats.status(ctx.view, ctx.lang)


def shown_grade(ctx: ExportContext, grade: Any) -> str:
    """A grade as the export prints it: marked 预估 when the result is provisional."""
    return formats.grade(grade, ctx.provisional, ctx.lang)


def shown_rank(ctx: ExportContext, unit: dict[str, Any], within_kind: bool = False) -> str:
    """A unit's rank out of every unit scored (or of its kind), whatever part of the ranking is exported."""
    if within_kind:
        return formats.rank(unit["rank_in_kind"], ctx.view.of_kind(str(unit["kind"])), ctx.lang)
    return formats.rank(unit["rank"], ctx.view.units_scored, ctx.lang)


def title(ctx: ExportContext) -> str:
    """The document title: the period's assessment results."""
    return ctx.t("export.title", period=formats.period(ctx.result.period.code, ctx.lang))


def scheme_line(ctx: ExportContext) -> str:
    """Scheme name and version."""
    scheme = ctx.result.scheme
    return ctx.t("export.scheme_line", name=scheme.name, version=scheme.version)


# -- frames with user-facing headings ----------------------------------------------------------------


def ranking_frame(
    result: ScoreResult, lang: str | None = None, provisional: bool = False, stability: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The ranking with user-facing column headings (dimension names are already Chinese); grades marked 预估
    when the result is provisional; with `stability`, a 等次稳定性 column after the grade (稳定, or 临界 with the
    share of draws that keep the grade)."""
    language = lang or current_language()
    head = list(RANKING_COLUMNS[:5])
    columns = head + list(result.dimensions) + list(RANKING_COLUMNS[5:])
    frame = result.units[columns].copy()
    if provisional:
        frame["grade"] = [formats.grade(g, True, language) for g in frame["grade"]]
    if stability is not None:
        shares = dict(zip(stability["unit_id"], stability["kept_share"].astype(float), strict=True))
        statuses = dict(zip(stability["unit_id"], stability["status"], strict=True))
        words = [
            formats.stability(statuses[u], shares[u], language) if u in statuses else ""
            for u in result.units["unit_id"]
        ]
        frame.insert(list(frame.columns).index("grade") + 1, "stability", words)
        columns = [*columns, "stability"]
    return frame.rename(columns={c: label(f"score.{c}", lang) for c in columns if c not in result.dimensions})


def lines_frame(result: ScoreResult, lang: str | None = None) -> pd.DataFrame:
    """The indicator lines with user-facing headings and rule names."""
    frame = result.lines.assign(explanation=explained(result.lines, result.scheme, lang or current_language()))
    frame = frame[list(LINE_COLUMNS)].copy()
    frame["rule"] = frame["rule"].map(lambda r: label(f"rule.{r}", lang))
    return frame.rename(columns={c: label(f"score.{c}", lang) for c in LINE_COLUMNS})


def adjustments_frame(result: ScoreResult, lang: str | None = None, evidence: bool = True) -> pd.DataFrame:
    """The bonus/deduction/veto items with user-facing headings; the evidence column only when allowed."""
    names = result.units.set_index("unit_id")["unit"]
    frame = result.adjustments.copy()
    frame["unit"] = frame["unit_id"].map(names)
    columns = [c for c in ADJUSTMENT_COLUMNS if evidence or c != "evidence"]
    frame = frame.reindex(columns=columns)
    frame["type"] = frame["type"].map(lambda t: label(f"adjustment.{t}", lang))
    return frame.rename(columns={c: label(f"score.{c}", lang) for c in columns})


def comments_frame(ctx: ExportContext) -> pd.DataFrame:
    """The assessors' comments with user-facing headings (empty when the viewer may not read them)."""
    frame = ctx.comments.reindex(columns=list(COMMENT_COLUMNS)) if ctx.show_comments else ctx.comments.iloc[0:0]
    frame = frame.reindex(columns=list(COMMENT_COLUMNS))
    return frame.rename(columns={c: ctx.t(f"export.comment.{c}") for c in COMMENT_COLUMNS})


def imports_frame(ctx: ExportContext) -> pd.DataFrame:
    """The imports with user-facing headings and ledger names."""
    frame = ctx.imports.reindex(columns=list(IMPORT_COLUMNS)).copy()
    frame["ledger"] = frame["ledger"].map(lambda name: ctx.t(f"ledger.{name}"))
    frame["imported_at"] = frame["imported_at"].map(lambda at: "" if pd.isna(at) else formats.moment(at))
    return frame.rename(columns={c: ctx.t(f"export.import.{c}") for c in IMPORT_COLUMNS})


def rejects_frame(ctx: ExportContext) -> pd.DataFrame:
    """The rejected rows with user-facing headings and ledger names."""
    frame = ctx.rejects.reindex(columns=list(REJECT_COLUMNS)).copy()
    frame["ledger"] = frame["ledger"].map(lambda name: ctx.t(f"ledger.{name}"))
    return frame.rename(columns={c: ctx.t(f"export.reject.{c}") for c in REJECT_COLUMNS})


def weighted_maxima_of(result: ScoreResult) -> dict[str, float]:
    """Each indicator's weighted max as the result itself carries it (a publication keeps the figures it was scored
    with), else as scoring weighs the scheme (kaohe.scoring.weighted_maxima)."""
    maxima = weighted_maxima(result.scheme)
    if "weighted_max" in result.lines and not result.lines.empty:
        own = result.lines.drop_duplicates("indicator_id").set_index("indicator_id")["weighted_max"]
        maxima.update({str(k): float(v) for k, v in own.items()})
    return maxima


def dimension_max(result: ScoreResult) -> dict[str, float]:
    """Most weighted points each dimension can give: the sum of its indicators' weighted maxima in the result, so
    that the maximum printed beside a unit's dimension points is made of the same figures as those points."""
    maxima = weighted_maxima_of(result)
    sums = dict.fromkeys(result.scheme.dimensions, 0.0)
    for ind in result.scheme.indicators:
        sums[ind.dimension] += maxima[ind.id]
    return {name: round(value, 2) for name, value in sums.items()}


def grade_summary(ctx: ExportContext) -> list[tuple[str, int]]:
    """Units per grade, best grade first (every band listed, even an empty one)."""
    counts = ctx.result.units["grade"].value_counts()
    bands = sorted(ctx.result.scheme.grades, key=lambda b: -b.min_total)
    return [(band.grade, int(counts.get(band.grade, 0))) for band in bands]


# -- the method in words -----------------------------------------------------------------------------


def _target_text(target: Target, lang: str) -> str:
    if target.value <= 0:
        return label("method.target.not_required", lang)
    if target.basis == "per_member":
        return label("method.target.per_member", lang).format(value=_num(target.value))
    return _num(target.value)


def targets_text(ind: Indicator, lang: str = "zh") -> str:
    """The targets of an indicator by unit kind: "社区 340；村 160；其他 70"."""
    parts = []
    for target in ind.targets:
        kind = label("method.target.other_kinds", lang) if target.unit_kind == "*" else target.unit_kind
        parts.append(f"{kind} {_target_text(target, lang)}")
    return label("method.separator", lang).join(parts)


def rule_text(ind: Indicator, lang: str = "zh") -> str:
    """The indicator's rule in words with the scheme's numbers (its family's own words, kaohe.rules)."""
    text = ind.family.words(ind.values, ind.max_points, lang)
    if ind.parts:
        parts = label("method.separator", lang).join(f"{part} ×{_num(factor)}" for part, factor in ind.parts)
        text += label("method.parts", lang).format(parts=parts)
    if ind.no_data == "full" and ind.measure is not None:
        text += label("method.no_data_full", lang)
    return text


def method_frame(scheme: Scheme, lang: str = "zh", maxima: dict[str, float] | None = None) -> pd.DataFrame:
    """One row per indicator: dimension, indicator, rule, points, weighted max (`maxima`, by default as scoring
    weighs the scheme), targets and the rule in words."""
    rows = []
    maxima = maxima or weighted_maxima(scheme)
    for ind in scheme.indicators:
        rows.append(
            {
                "dimension": ind.dimension,
                "indicator": ind.name,
                "rule": label(f"rule.{ind.rule}", lang),
                "max_points": ind.max_points,
                "weighted_max": maxima[ind.id],
                "targets": targets_text(ind, lang),
                "words": rule_text(ind, lang),
                "description": ind.description,
            }
        )
    frame = pd.DataFrame(rows, columns=list(METHOD_COLUMNS))
    return frame.rename(columns={c: label(f"method.col.{c}", lang) for c in METHOD_COLUMNS})


METHOD_COLUMNS = ("dimension", "indicator", "rule", "max_points", "weighted_max", "targets", "words", "description")


def method_notes(scheme: Scheme, lang: str = "zh") -> list[tuple[str, str]]:
    """The rules outside the indicators, as (topic, rule in words): weighting, bonus, deduction, veto, grades."""
    sep = label("method.separator", lang)
    notes: list[tuple[str, str]] = []
    if scheme.components:
        parts = sep.join(
            label("method.component", lang).format(name=c.name, weight=f"{c.weight:.0%}", max=_num(c.max_points))
            for c in scheme.components
        )
        notes.append((label("method.topic.components", lang), parts))
    for type_, cap in (("bonus", scheme.bonus_cap), ("deduction", scheme.deduction_cap)):
        categories = [_category_text(c, lang) for c in scheme.categories(type_)]
        if categories or cap != 0:
            head = label(f"method.uncapped.{type_}", lang) if cap is None else label(f"method.cap.{type_}", lang)
            text = head.format(cap=_num(cap or 0)) + sep.join(categories)
            notes.append((label(f"adjustment.{type_}", lang), text))
    vetoes = [c.category for c in scheme.categories("veto")]
    if vetoes:
        notes.append((label("adjustment.veto", lang), label("method.veto", lang).format(items=sep.join(vetoes))))
    bands = sep.join(f"{b.grade} ≥ {_num(b.min_total)}" for b in sorted(scheme.grades, key=lambda b: -b.min_total))
    notes.append((label("method.topic.grades", lang), bands))
    if scheme.quota is not None:
        notes.append(
            (
                label("method.topic.quota", lang),
                label("method.quota", lang).format(grade=scheme.quota.grade, share=f"{scheme.quota.share:.0%}"),
            )
        )
    order = sep.join(_tie_break_text(item, lang) for item in scheme.tie_break)
    notes.append((label("method.topic.tie_break", lang), order))
    notes.append((label("method.topic.total", lang), label("method.total", lang)))
    notes.append((label("method.topic.rank", lang), label("method.rank", lang)))
    return notes


def _category_text(category: Any, lang: str) -> str:
    if category.levels:
        points = label("list.separator", lang).join(f"{name} {_num(p)}" for name, p in category.levels)
    elif category.points is not None:
        points = label("method.category.fixed", lang).format(points=_num(category.points))
    else:
        points = label("method.category.up_to", lang).format(points=_num(category.max_points or 0))
    combine = label(f"method.combine.{category.combine}", lang)
    if category.cap is not None:
        combine += label("method.category.cap", lang).format(cap=_num(category.cap))
    inside = label("format.reason_separator", lang).join((points, combine))
    return label("format.note", lang).format(text=category.category, note=inside)


def _tie_break_text(item: str, lang: str) -> str:
    if item.startswith("dimension:"):
        return label("method.tie_break.dimension", lang).format(dimension=item.split(":", 1)[1])
    return label("method.tie_break.name", lang)
