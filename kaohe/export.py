"""Hand a scoring result on as files: an Excel workbook (the main format), a CSV ranking and a printable PDF.

An export is more than the ranking: it names the period, the scheme and whether the result is published, it
describes every rule in words, lists the imports and rejected rows behind the data, and it shows assessors'
comments only to viewers allowed to read them. `gather` collects all of that once, checking the viewer, into
an `ExportContext`; the writers (here for CSV, `export_xlsx` and `export_pdf`) only lay it out.

Excel on Windows reads a CSV without a byte-order mark as the local code page and garbles Chinese, so CSV
always carries the BOM. Text that a spreadsheet would run as a formula (=, +, -, @ at the start of a cell)
never becomes one: unit names and reasons come from files people type, and a cell must never execute.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from kaohe import audit, formats, results, spreadsheet
from kaohe.access import Permission, Viewer
from kaohe.labels import current_language, label
from kaohe.periods import Period
from kaohe.publish import Publication
from kaohe.scheme import Indicator, Scheme, Target, method_relations
from kaohe.scoring import ScoreResult, explained
from kaohe.store import Store

FORMATS = ("xlsx", "csv", "pdf")
MIME_TYPES = {
    "xlsx": spreadsheet.XLSX_MIME,
    "csv": spreadsheet.CSV_MIME,
    "pdf": "application/pdf",
}
RANKING_COLUMNS = (
    "rank", "rank_in_kind", "unit_id", "unit", "kind",
    # dimension columns go here
    "indicator_total", "bonus", "deduction", "total", "grade", "veto_reason",
)  # fmt: skip
LINE_COLUMNS = (
    "unit_id", "unit", "dimension", "indicator_id", "indicator", "rule", "max_points", "target", "actual",
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
GRADE_FILLS = ("#C6EFCE", "#DDEBF7", "#FFF2CC", "#FCE4D6")
LOWEST_GRADE_FILL = "#FFC7CE"


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
    """

    view: results.Result
    viewer: Viewer
    generated_at: datetime
    comments: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(COMMENT_COLUMNS)))
    imports: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["import_id", *IMPORT_COLUMNS]))
    rejects: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["import_id", *REJECT_COLUMNS]))
    lang: str = "zh"
    stability: pd.DataFrame | None = None

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


def context(
    store: Store,
    viewer: Viewer,
    period: Period,
    *,
    published: bool | None = None,
    as_of: date | None = None,
    scheme: Scheme | None = None,
    lang: str | None = None,
    now: datetime | None = None,
) -> ExportContext:
    """The period's result as the viewer may see it (kaohe.results.view: the publication, or the live or
    provisional score), with everything an export of it shows. AccessDenied when there is nothing to export."""
    viewer.require(Permission.EXPORT)
    shown = results.view(store, viewer, period, as_of=as_of, scheme=scheme, published=published)
    return gather(store, shown, viewer, lang=lang, now=now)


def gather(
    store: Store | None,
    shown: results.Result,
    viewer: Viewer,
    lang: str | None = None,
    now: datetime | None = None,
) -> ExportContext:
    """Collect what an export of a viewable result shows (without a store: no comments, no data quality)."""
    viewer.require(Permission.EXPORT)
    extra: dict[str, Any] = {}
    if store is not None:
        scope = {"unit_scope": viewer.unit_scope}
        if viewer.can(Permission.VIEW_COMMENTS):
            indicators = {"method_indicators": method_relations(shown.score.scheme)["method_indicators"]}
            extra["comments"] = store.query(
                "export/unit_comments", {"period": shown.score.period.code, **scope}, relations=indicators
            )
        extra["imports"] = store.query("export/imports")
        extra["rejects"] = store.query("export/rejects", scope)
        if viewer.can(Permission.VIEW_SCORES):
            extra["stability"] = results.grade_stability(store, viewer, shown)
    return ExportContext(
        view=shown,
        viewer=viewer,
        generated_at=now or datetime.now().replace(microsecond=0),
        lang=lang or current_language(),
        **extra,
    )


def record_export(store: Store, ctx: ExportContext, fmt: str) -> bool:
    """Audit the export of a published result (returns whether an entry was written).

    A published result is what the office announced, so who took a copy of it, and in which form, is logged
    when the file is handed over (a download's click, the CLI writing the file), never when a page is drawn;
    a live result is a working view, exported as often as the data change, and is not.
    """
    pub = ctx.publication
    if pub is None:
        return False
    target = f"{ctx.result.period.code} 第{pub.revision}次发布"
    after = {
        "format": fmt,
        "file": file_name(ctx, fmt),
        "publication_id": pub.publication_id,
        "result_hash": ctx.result.result_hash,
        "comments": ctx.show_comments,
    }
    audit.log(store, ctx.viewer.user, "export", target, None, after)
    return True


# -- text helpers ------------------------------------------------------------------------------------


# Formula-safe text and column widths live in kaohe.spreadsheet, the one writer of xlsx and CSV files.


def period_name(code: str, lang: str = "zh") -> str:
    """A period code as people say it: "2025" → "2025 年", "2025-Q2" → "2025 年第二季度"."""
    year, _, part = code.partition("-")
    if not part:
        return label("period.year", lang).format(year=year)
    if part.startswith("H"):
        return label(f"period.h{part[1]}", lang).format(year=year)
    if part.startswith("Q"):
        q = int(part[1])
        return label("period.quarter", lang).format(year=year, q=q, q_cn="一二三四"[q - 1])
    return label("period.month", lang).format(year=year, month=int(part))


def fmt_points(value: Any) -> str:
    """Points as printed: two decimals, nothing for a missing value."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return f"{float(value):.2f}"


def _num(value: float) -> str:
    """A scheme number without trailing zeros: 6 → "6", 0.5 → "0.5"."""
    return f"{value:g}"


def grade_fill(scheme: Scheme, grade: str) -> str | None:
    """The fill colour of a grade: by its band's position, the lowest band red; None for an unknown grade."""
    names = [band.grade for band in sorted(scheme.grades, key=lambda b: -b.min_total)]
    if grade not in names:
        return None
    position = names.index(grade)
    if position == len(names) - 1:
        return LOWEST_GRADE_FILL
    return GRADE_FILLS[min(position, len(GRADE_FILLS) - 1)]


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
    return ctx.t("export.title", period=period_name(ctx.result.period.code, ctx.lang))


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
    frame["imported_at"] = frame["imported_at"].map(lambda at: "" if pd.isna(at) else f"{at:%Y-%m-%d %H:%M}")
    return frame.rename(columns={c: ctx.t(f"export.import.{c}") for c in IMPORT_COLUMNS})


def rejects_frame(ctx: ExportContext) -> pd.DataFrame:
    """The rejected rows with user-facing headings and ledger names."""
    frame = ctx.rejects.reindex(columns=list(REJECT_COLUMNS)).copy()
    frame["ledger"] = frame["ledger"].map(lambda name: ctx.t(f"ledger.{name}"))
    return frame.rename(columns={c: ctx.t(f"export.reject.{c}") for c in REJECT_COLUMNS})


def dimension_max(scheme: Scheme) -> dict[str, float]:
    """Most weighted points each dimension can give."""
    result = dict.fromkeys(scheme.dimensions, 0.0)
    for ind in scheme.indicators:
        result[ind.dimension] += ind.max_points * scheme.component_factor(ind.component)
    return {name: round(value, 2) for name, value in result.items()}


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


def method_frame(scheme: Scheme, lang: str = "zh") -> pd.DataFrame:
    """One row per indicator: dimension, indicator, rule, points, targets and the rule in words."""
    rows = []
    for ind in scheme.indicators:
        rows.append(
            {
                "dimension": ind.dimension,
                "indicator": ind.name,
                "rule": label(f"rule.{ind.rule}", lang),
                "max_points": ind.max_points,
                "weighted_max": round(ind.max_points * scheme.component_factor(ind.component), 2),
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
        points = "、".join(f"{name} {_num(p)}" for name, p in category.levels)
    elif category.points is not None:
        points = label("method.category.fixed", lang).format(points=_num(category.points))
    else:
        points = label("method.category.up_to", lang).format(points=_num(category.max_points or 0))
    combine = label(f"method.combine.{category.combine}", lang)
    if category.cap is not None:
        combine += label("method.category.cap", lang).format(cap=_num(category.cap))
    return f"{category.category}（{points}；{combine}）"


def _tie_break_text(item: str, lang: str) -> str:
    if item.startswith("dimension:"):
        return label("method.tie_break.dimension", lang).format(dimension=item.split(":", 1)[1])
    return label("method.tie_break.name", lang)


# -- writing -----------------------------------------------------------------------------------------


def csv_bytes(ctx: ExportContext) -> bytes:
    """The ranking as CSV in UTF-8 with BOM, formula-like text escaped."""
    return spreadsheet.csv_bytes(ranking_frame(ctx.result, ctx.lang, ctx.provisional, ctx.stability))


def export_bytes(ctx: ExportContext, fmt: str) -> bytes:
    """The export in one of FORMATS, as bytes (for a download button or a file)."""
    if fmt == "csv":
        return csv_bytes(ctx)
    if fmt == "xlsx":
        from kaohe.export_xlsx import workbook_bytes

        return workbook_bytes(ctx)
    if fmt == "pdf":
        # Imported here: the PDF library and its font are loaded only when a PDF is asked for.
        from kaohe.export_pdf import pdf_bytes

        return pdf_bytes(ctx)
    raise ExportError(label("export.bad_format", ctx.lang).format(name=fmt, formats=", ".join(FORMATS)))


def format_of(path: Path | str) -> str:
    """The export format a file name asks for, by its suffix; ExportError for any other suffix."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        names = ", ".join(f".{f}" for f in FORMATS)
        raise ExportError(label("export.bad_format").format(name=Path(path).name, formats=names))
    return suffix


def file_name(ctx: ExportContext, fmt: str) -> str:
    """A download name that says what the file is: 考核结果_2025_已发布.xlsx."""
    state = ctx.t(f"export.file.{ctx.view.status.value}")
    return f"{ctx.t('export.file.stem')}_{ctx.result.period.code}_{state}.{fmt}"


def write_export(ctx: ExportContext, path: Path | str) -> Path:
    """Write the export in the format the file's suffix names (.xlsx, .csv or .pdf)."""
    path = Path(path)
    path.write_bytes(export_bytes(ctx, format_of(path)))
    return path
