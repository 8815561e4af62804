"""The printable PDF of a result: an A4 ranking report to sign, then a one-page report card per unit.

Written with fpdf2: pure Python, it embeds a subset of an OpenType/CFF font taken straight from a TrueType
collection (Debian's fonts-noto-cjk ships Noto Sans CJK only as .ttc), so Chinese renders on any reader
without the viewer having the font, and it draws the report card's bar chart with its own rectangles, so no
browser or image renderer is needed to make a chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from fpdf import FPDF
from fpdf.enums import Align, WrapMode, XPos, YPos
from fpdf.fonts import FontFace

from kaohe import formats
from kaohe.export_content import (
    ExportContext,
    ExportError,
    dimension_max,
    grade_fill,
    grade_summary,
    scheme_line,
    shown_grade,
    shown_rank,
    status_line,
    title,
)
from kaohe.labels import label

# (regular, bold, index of Simplified Chinese in the collection); the first pair found is used.
FONT_CANDIDATES: tuple[tuple[str, str, int], ...] = (
    (
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
        2,
    ),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
)
FONT = "cjk"
MARGIN = 12.0
PAGE_WIDTH = 210.0
PAGE_HEIGHT = 297.0
BODY_WIDTH = PAGE_WIDTH - 2 * MARGIN
FOOTER_SPACE = 14.0
BAR_COLOUR = (68, 114, 196)
BAR_BACKGROUND = (230, 230, 230)
VETO_COLOUR = (192, 0, 0)
GREY_TEXT = (90, 90, 90)
PAGES_ALIAS = "{nb}"
# Fixed column widths (mm) of the ranking table; the unit name takes what is left.
RANK_W, KIND_W, DIM_W, ADJ_W, TOTAL_W, GRADE_W = 10.0, 13.0, 14.0, 10.0, 13.0, 13.0


def installed(candidates: Sequence[tuple[Any, ...]]) -> tuple[Any, ...]:
    """The first candidate whose font files (its text items) are all installed; ExportError naming the Debian
    package when none is."""
    for candidate in candidates:
        if all(Path(item).is_file() for item in candidate if isinstance(item, str)):
            return candidate
    raise ExportError(label("export.pdf.no_font").format(font=candidates[0][0]))


def find_font() -> tuple[str, str, int]:
    """The CJK font files to embed (regular, bold, index of Simplified Chinese in the collection)."""
    regular, bold, index = installed(FONT_CANDIDATES)
    return str(regular), str(bold), int(index)


class _Report(FPDF):
    """A4 portrait with the CJK font registered and a page number in the footer."""

    def __init__(self, ctx: ExportContext) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.ctx = ctx
        regular, bold, index = find_font()
        self.add_font(FONT, "", regular, collection_font_number=index)
        self.add_font(FONT, "B", bold, collection_font_number=index)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=FOOTER_SPACE + 4)
        self.set_title(ctx.gap(ctx.issuing_body, title(ctx)))
        self.set_author(ctx.issuing_body)
        self.set_creator("kaohe")
        # The total page count is written in when the document closes (fpdf2 replaces the alias on every page).
        self.alias_nb_pages(PAGES_ALIAS, align=Align.C)

    def footer(self) -> None:
        self.set_y(-FOOTER_SPACE)
        self.set_font(FONT, "", 8)
        self.set_text_color(*GREY_TEXT)
        page = self.ctx.t("export.pdf.page", page=self.page_no(), pages=PAGES_ALIAS)
        self.cell(0, 6, self.ctx.gap(self.ctx.issuing_body, title(self.ctx), page), align=Align.C)
        self.set_text_color(0, 0, 0)

    def text_line(self, text: str, size: float = 10, bold: bool = False, height: float = 6.0, **kw: Any) -> None:
        """A full-width paragraph that wraps between any two Chinese characters."""
        self.set_font(FONT, "B" if bold else "", size)
        self.multi_cell(
            0, height, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, wrapmode=WrapMode.CHAR, align=Align.L, **kw
        )

    def room(self) -> float:
        """Height left above the footer on this page."""
        return PAGE_HEIGHT - FOOTER_SPACE - 4 - self.get_y()


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts keyed by column name (dimension names need not be identifiers, unlike itertuples)."""
    return [{str(key): value for key, value in row.items()} for row in frame.to_dict("records")]


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and value != value) and value is not pd.NA


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


# -- the ranking report ------------------------------------------------------------------------------


def _heading(pdf: _Report, ctx: ExportContext) -> None:
    pdf.set_font(FONT, "B", 13)
    pdf.cell(0, 8, ctx.issuing_body, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "B", 17)
    pdf.cell(0, 10, title(ctx), align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    period = ctx.t("export.period_line", period=formats.period(ctx.result.period.code, ctx.lang))
    pdf.set_font(FONT, "", 10)
    pdf.cell(0, 6, ctx.gap(period, scheme_line(ctx)), align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.cell(0, 6, status_line(ctx), align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*GREY_TEXT)
    pdf.set_font(FONT, "", 7.5)
    generated = ctx.t("export.generated", at=formats.moment(ctx.generated_at), who=ctx.viewer.user)
    pdf.cell(0, 5, ctx.gap(generated, ctx.t("export.hash_line", hash=ctx.result.result_hash)), align=Align.C)
    pdf.set_text_color(0, 0, 0)
    pdf.ln(8)


def _ranking_table(pdf: _Report, ctx: ExportContext) -> None:
    result = ctx.result
    dims = list(result.dimensions)
    fixed = RANK_W + KIND_W + len(dims) * DIM_W + 2 * ADJ_W + TOTAL_W + GRADE_W
    unit_w = max(30.0, BODY_WIDTH - fixed)
    widths = (RANK_W, unit_w, KIND_W, *([DIM_W] * len(dims)), ADJ_W, ADJ_W, TOTAL_W, GRADE_W)
    headings = [ctx.t("score.rank"), ctx.t("score.unit"), ctx.t("score.kind"), *dims]
    headings += [ctx.t("score.bonus"), ctx.t("score.deduction"), ctx.t("score.total"), ctx.t("score.grade")]
    pdf.set_font(FONT, "", 8)
    heading_style = FontFace(family=FONT, emphasis="BOLD", fill_color=(217, 217, 217))
    with pdf.table(
        col_widths=widths,
        width=sum(widths),
        headings_style=heading_style,
        line_height=5,
        text_align="CENTER",
        repeat_headings=1,
        wrapmode=WrapMode.CHAR,
        padding=0.8,
    ) as table:
        head = table.row()
        for text in headings:
            head.cell(text)
        for unit in _records(result.units):
            row = table.row()
            row.cell(str(unit["rank"]))
            row.cell(str(unit["unit"]), align=Align.L)
            row.cell(str(unit["kind"]))
            for dim in dims:
                row.cell(formats.score(unit[dim]), align=Align.R)
            row.cell(formats.score(unit["bonus"]), align=Align.R)
            row.cell(formats.score(unit["deduction"]), align=Align.R)
            row.cell(formats.score(unit["total"]), align=Align.R)
            fill = grade_fill(result.scheme, str(unit["grade"]))
            style = FontFace(family=FONT, emphasis="BOLD", fill_color=_rgb(fill)) if fill else None
            row.cell(shown_grade(ctx, unit["grade"]), style=style)


def _grade_summary(pdf: _Report, ctx: ExportContext) -> None:
    pdf.ln(4)
    units = ctx.result.units
    parts = [ctx.t("export.pdf.grade_count", grade=grade, n=n) for grade, n in grade_summary(ctx)]
    vetoed = units[units["vetoed"]]
    parts.append(ctx.t("export.pdf.vetoed", n=len(vetoed)))
    parts.append(ctx.t("export.pdf.units_total", n=len(units)))
    summary = ctx.t("format.sentence_separator").join(parts)
    pdf.text_line(ctx.pair(ctx.t("export.pdf.grade_summary"), summary), size=10.5, bold=True)
    for unit in _records(vetoed):
        pdf.set_text_color(*VETO_COLOUR)
        pdf.text_line(ctx.pair(ctx.t("score.vetoed"), ctx.note(unit["unit"], unit["veto_reason"])), size=9)
        pdf.set_text_color(0, 0, 0)


def _signatures(pdf: _Report, ctx: ExportContext) -> None:
    if pdf.room() < 48:
        pdf.add_page()
    pdf.ln(8)
    pdf.set_font(FONT, "B", 11)
    pdf.cell(0, 8, ctx.t("export.pdf.signatures"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    # Two rows of four blank lines: the members sign by hand on the printout.
    slot, gap = 38.0, 8.0
    for _ in range(2):
        pdf.ln(11)
        y = pdf.get_y()
        for i in range(4):
            x = MARGIN + 6 + i * (slot + gap)
            pdf.line(x, y, x + slot, y)
    pdf.ln(10)
    pdf.set_font(FONT, "B", 11)
    pdf.cell(0, 8, ctx.t("export.pdf.date"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


# -- the report cards --------------------------------------------------------------------------------


def _card_heading(pdf: _Report, ctx: ExportContext, unit: dict[str, Any]) -> None:
    pdf.set_font(FONT, "B", 16)
    pdf.cell(0, 9, ctx.gap(unit["unit"], ctx.t("export.pdf.card")), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    period = ctx.t("export.period_line", period=formats.period(ctx.result.period.code, ctx.lang))
    pdf.text_line(ctx.gap(period, scheme_line(ctx), status_line(ctx)), size=9, height=5)
    community = "" if not _present(unit["community"]) else str(unit["community"])
    head = ctx.t(
        "export.pdf.card_head",
        kind=unit["kind"],
        community=community or "—",
        rank=shown_rank(ctx, unit),
        rank_in_kind=shown_rank(ctx, unit, within_kind=True),
    )
    pdf.text_line(head, size=9, height=5)
    pdf.ln(2)


def _score_box(pdf: _Report, ctx: ExportContext, unit: dict[str, Any]) -> None:
    y = pdf.get_y()
    fill = grade_fill(ctx.result.scheme, str(unit["grade"])) or "#FFFFFF"
    pdf.set_draw_color(160, 160, 160)
    pdf.set_fill_color(245, 245, 245)
    pdf.rect(MARGIN, y, 60, 18, style="DF")
    pdf.set_fill_color(*_rgb(fill))
    pdf.rect(MARGIN + 64, y, 40, 18, style="DF")
    pdf.set_xy(MARGIN, y + 1)
    pdf.set_font(FONT, "", 8)
    pdf.cell(60, 5, ctx.t("export.pdf.total"), align=Align.C)
    pdf.set_xy(MARGIN + 64, y + 1)
    pdf.cell(40, 5, ctx.t("export.pdf.grade"), align=Align.C)
    pdf.set_xy(MARGIN, y + 6)
    pdf.set_font(FONT, "B", 18)
    pdf.cell(60, 11, formats.score(unit["total"]), align=Align.C)
    pdf.set_xy(MARGIN + 64, y + 6)
    if ctx.provisional:
        pdf.set_font(FONT, "B", 12)  # "良好（预估）" must fit the box
    pdf.cell(40, 11, shown_grade(ctx, unit["grade"]), align=Align.C)
    # Bonus and deduction beside the boxes: how the total was reached from the indicator points.
    pdf.set_xy(MARGIN + 110, y + 2)
    pdf.set_font(FONT, "", 9)
    parts = [
        f"{ctx.t('score.indicator_total')} {formats.score(unit['indicator_total'])}",
        f"{ctx.t('score.bonus')} +{formats.score(unit['bonus'])}",
        f"{ctx.t('score.deduction')} {formats.score(-unit['deduction'] if unit['deduction'] else 0.0)}",
    ]
    for i, part in enumerate(parts):
        pdf.set_xy(MARGIN + 110, y + 1.5 + i * 5.2)
        pdf.cell(70, 5, part)
    pdf.set_draw_color(0, 0, 0)
    pdf.set_y(y + 21)
    if bool(unit["vetoed"]):
        pdf.set_text_color(*VETO_COLOUR)
        pdf.text_line(ctx.pair(ctx.t("score.vetoed"), unit["veto_reason"]), size=10, bold=True)
        pdf.set_text_color(0, 0, 0)


def _dimension_table(pdf: _Report, ctx: ExportContext, unit: dict[str, Any]) -> None:
    pdf.text_line(ctx.t("export.pdf.dimensions"), size=11, bold=True, height=7)
    maxima = dimension_max(ctx.result)
    dims = list(ctx.result.dimensions)
    width = BODY_WIDTH / (len(dims) + 1)
    pdf.set_font(FONT, "B", 8.5)
    pdf.set_fill_color(217, 217, 217)
    pdf.cell(width, 6, ctx.t("score.dimension"), border=1, align=Align.C, fill=True)
    for dim in dims:
        pdf.cell(width, 6, dim, border=1, align=Align.C, fill=True)
    pdf.ln()
    pdf.set_font(FONT, "", 8.5)
    pdf.cell(width, 6, ctx.t("score.points"), border=1, align=Align.C)
    for dim in dims:
        pdf.cell(width, 6, formats.score(unit[dim]), border=1, align=Align.C)
    pdf.ln()
    pdf.cell(width, 6, ctx.t("export.pdf.dimension_max"), border=1, align=Align.C)
    for dim in dims:
        pdf.cell(width, 6, formats.score(maxima[dim]), border=1, align=Align.C)
    pdf.ln(9)


def _indicator_chart(pdf: _Report, ctx: ExportContext, lines: pd.DataFrame) -> None:
    """Horizontal bars: each indicator's points as a share of its own maximum, with the figures beside."""
    pdf.text_line(ctx.t("export.pdf.indicators"), size=11, bold=True, height=7)
    label_w, value_w = 58.0, 24.0
    bar_w = BODY_WIDTH - label_w - value_w - 4
    row_h = 5.6 if len(lines) <= 20 else max(3.5, 112 / max(len(lines), 1))
    for line in _records(lines):
        y = pdf.get_y()
        pdf.set_font(FONT, "", 8)
        pdf.set_xy(MARGIN, y)
        pdf.cell(label_w, row_h, str(line["indicator"]), align=Align.R)
        x = MARGIN + label_w + 2
        bar_h = row_h * 0.62
        top = y + (row_h - bar_h) / 2
        pdf.set_fill_color(*BAR_BACKGROUND)
        pdf.rect(x, top, bar_w, bar_h, style="F")
        maximum = float(line["max_points"]) if _present(line["max_points"]) else 0.0
        points = float(line["points"]) if _present(line["points"]) else 0.0
        share = min(1.0, max(0.0, points / maximum)) if maximum > 0 else 0.0
        if share > 0:
            pdf.set_fill_color(*BAR_COLOUR)
            pdf.rect(x, top, bar_w * share, bar_h, style="F")
        pdf.set_xy(x + bar_w + 2, y)
        pdf.cell(value_w, row_h, f"{formats.score(points)} / {maximum:g}", align=Align.L)
        pdf.set_y(y + row_h)
    pdf.ln(3)


def _adjustment_lines(pdf: _Report, ctx: ExportContext, unit_id: str) -> None:
    pdf.text_line(ctx.t("export.pdf.adjustments"), size=11, bold=True, height=7)
    items = ctx.result.adjustments[ctx.result.adjustments["unit_id"] == unit_id]
    if items.empty:
        pdf.text_line(ctx.t("export.pdf.no_adjustments"), size=9, height=5)
    for item in _records(items):
        kind = ctx.t(f"adjustment.{item['type']}")
        category = ctx.note(item["category"], item["level"]) if _present(item["level"]) else item["category"]
        text = ctx.gap(kind, category, ctx.pair(item["explanation"], item["reason"]))
        if ctx.show_comments and _present(item["evidence"]):
            text = ctx.note(text, ctx.pair(ctx.t("score.evidence"), item["evidence"]))
        pdf.text_line(text, size=9, height=5)
    pdf.ln(2)


def _comments(pdf: _Report, ctx: ExportContext, unit_id: str) -> None:
    pdf.text_line(ctx.t("export.pdf.comments"), size=11, bold=True, height=7)
    if not ctx.show_comments:
        pdf.text_line(ctx.t("export.pdf.comments_hidden"), size=9, height=5)
        return
    comments = ctx.comments[ctx.comments["unit_id"] == unit_id]
    if comments.empty:
        pdf.text_line(ctx.t("export.pdf.no_comments"), size=9, height=5)
        return
    for shown, row in enumerate(_records(comments)):
        text = ctx.pair(ctx.t("format.dot").strip().join((str(row["indicator"]), str(row["assessor"]))), row["comment"])
        # A report card is one page: stop while there is room to say how many comments are left out.
        needed = pdf.get_string_width(text) / BODY_WIDTH * 5 + 5
        if pdf.room() < needed + 6:
            pdf.text_line(ctx.t("export.pdf.more_comments", n=len(comments) - shown), size=8.5, height=5)
            return
        pdf.text_line(text, size=9, height=5)


def _report_card(pdf: _Report, ctx: ExportContext, unit: dict[str, Any]) -> None:
    pdf.add_page()
    pdf.set_auto_page_break(False)
    _card_heading(pdf, ctx, unit)
    _score_box(pdf, ctx, unit)
    _dimension_table(pdf, ctx, unit)
    _indicator_chart(pdf, ctx, ctx.result.unit_lines(str(unit["unit_id"])))
    _adjustment_lines(pdf, ctx, str(unit["unit_id"]))
    _comments(pdf, ctx, str(unit["unit_id"]))
    pdf.set_auto_page_break(True, margin=FOOTER_SPACE + 4)


def build_pdf(ctx: ExportContext) -> FPDF:
    """The whole document: ranking report with signature lines, then one report card per unit."""
    pdf = _Report(ctx)
    pdf.add_page()
    _heading(pdf, ctx)
    _ranking_table(pdf, ctx)
    _grade_summary(pdf, ctx)
    _signatures(pdf, ctx)
    for unit in _records(ctx.result.units):
        _report_card(pdf, ctx, unit)
    return pdf


def pdf_bytes(ctx: ExportContext) -> bytes:
    """The PDF as bytes."""
    return bytes(build_pdf(ctx).output())
