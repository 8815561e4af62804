"""The Excel workbook of a result: ranking, indicator details, adjustments, comments, method and data quality.

Written with xlsxwriter rather than openpyxl: it streams rows straight to the file (fast for the detail sheet's
thousands of lines), and it has everything a printable workbook needs (A4 landscape, fit to width, repeated
header rows, page footers, frozen panes, quote-prefixed text). The workbook and every cell come from
kaohe.spreadsheet, the one writer of spreadsheet files: text is written as text and never runs as a formula.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from kaohe import formats
from kaohe.export_content import (
    ExportContext,
    adjustments_frame,
    comments_frame,
    grade_fill,
    imports_frame,
    lines_frame,
    method_frame,
    method_notes,
    ranking_frame,
    rejects_frame,
    scheme_line,
    status_line,
    title,
    weighted_maxima_of,
)
from kaohe.spreadsheet import PERCENT_FORMAT, Formats, display_width, shown, workbook, write_cell

PAPER_A4 = 9
MAX_WIDTH = 60
HEADER_ROW = 3  # 0-based: title, period and scheme, status and hash, then the ranking's headings


def _fit_widths(sheet: Any, frame: pd.DataFrame, first_col: int = 0, sample: int = 500) -> None:
    """Column widths from the widest heading or value, Chinese characters counted double."""
    for offset, heading in enumerate(frame.columns):
        values = frame.iloc[:sample, offset]
        widest = max([display_width(str(heading))] + [display_width(shown(v)) for v in values])
        sheet.set_column(first_col + offset, first_col + offset, min(MAX_WIDTH, widest + 2))


def _print_setup(sheet: Any, ctx: ExportContext, header_row: int) -> None:
    sheet.set_landscape()
    sheet.set_paper(PAPER_A4)
    sheet.repeat_rows(header_row)
    sheet.fit_to_pages(1, 0)  # all columns on one page width, as many pages down as needed
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.set_footer(f"&C{ctx.t('export.footer')}")


def _write_table(
    sheet: Any,
    styles: Formats,
    frame: pd.DataFrame,
    top: int,
    fills: list[str | None] | None = None,
    percent: Mapping[int, Sequence[bool]] | None = None,
) -> int:
    """A bordered table with a grey heading row at `top`; returns the row after it. percent: per column, the rows
    whose number is a rate, shown as a percentage."""
    heading = styles.get(bold=True, bg_color="#D9D9D9", border=1, text_wrap=True, valign="vcenter")
    for col, name in enumerate(frame.columns):
        sheet.write_string(top, col, str(name), heading)
    for offset, values in enumerate(frame.itertuples(index=False), start=1):
        fill = fills[offset - 1] if fills else None
        props: dict[str, Any] = {"border": 1}
        if fill:
            props["bg_color"] = fill
        for col, value in enumerate(values):
            if percent and col in percent and percent[col][offset - 1]:
                write_cell(sheet, styles, top + offset, col, value, **props, num_format=PERCENT_FORMAT)
            else:
                write_cell(sheet, styles, top + offset, col, value, **props)
    return top + len(frame) + 1


def _title_block(sheet: Any, styles: Formats, ctx: ExportContext, width: int) -> None:
    big = styles.get(bold=True, font_size=16)
    sheet.write_string(0, 0, title(ctx), big)
    period = ctx.t("export.period_line", period=formats.period(ctx.result.period.code, ctx.lang))
    sheet.write_string(1, 0, ctx.gap(period, scheme_line(ctx), status_line(ctx)))
    generated = ctx.t("export.generated", at=formats.moment(ctx.generated_at), who=ctx.viewer.user)
    sheet.write_string(2, 0, ctx.gap(generated, ctx.t("export.hash_line", hash=ctx.result.result_hash)))
    sheet.set_row(0, 24)


def _ranking_sheet(book: Any, styles: Formats, ctx: ExportContext) -> None:
    sheet = book.add_worksheet(ctx.t("score.sheet.ranking"))
    frame = ranking_frame(ctx.result, ctx.lang, ctx.provisional, ctx.stability)
    _title_block(sheet, styles, ctx, len(frame.columns))
    scheme = ctx.result.scheme
    fills = [grade_fill(scheme, str(grade)) for grade in ctx.result.units["grade"]]
    _write_table(sheet, styles, frame, HEADER_ROW, fills)
    _fit_widths(sheet, frame)
    sheet.freeze_panes(HEADER_ROW + 1, 0)
    sheet.autofilter(HEADER_ROW, 0, HEADER_ROW + len(frame), len(frame.columns) - 1)
    _print_setup(sheet, ctx, HEADER_ROW)
    sheet.activate()


def _plain_sheet(
    book: Any,
    styles: Formats,
    ctx: ExportContext,
    name: str,
    frame: pd.DataFrame,
    percent: Mapping[int, Sequence[bool]] | None = None,
) -> Any:
    sheet = book.add_worksheet(name)
    _write_table(sheet, styles, frame, 0, percent=percent)
    _fit_widths(sheet, frame)
    sheet.freeze_panes(1, 0)
    if len(frame):
        sheet.autofilter(0, 0, len(frame), len(frame.columns) - 1)
    _print_setup(sheet, ctx, 0)
    return sheet


def _method_sheet(book: Any, styles: Formats, ctx: ExportContext) -> None:
    sheet = book.add_worksheet(ctx.t("export.sheet.method"))
    scheme = ctx.result.scheme
    sheet.write_string(0, 0, scheme_line(ctx), styles.get(bold=True, font_size=14))
    frame = method_frame(scheme, ctx.lang, weighted_maxima_of(ctx.result))
    wrap = styles.get(text_wrap=True, valign="top", border=1)
    after = _write_table(sheet, styles, frame, 2)
    _fit_widths(sheet, frame)
    # The two long text columns wrap instead of running off the printed page.
    words, description = len(frame.columns) - 2, len(frame.columns) - 1
    sheet.set_column(words, words, 50, wrap)
    sheet.set_column(description, description, 50, wrap)
    notes = pd.DataFrame(
        method_notes(scheme, ctx.lang), columns=[ctx.t("export.method.topic"), ctx.t("export.method.rule")]
    )
    sheet.write_string(after + 1, 0, ctx.t("export.method.notes"), styles.get(bold=True, font_size=12))
    top = after + 2
    heading = styles.get(bold=True, bg_color="#D9D9D9", border=1)
    sheet.write_string(top, 0, str(notes.columns[0]), heading)
    sheet.merge_range(top, 1, top, len(frame.columns) - 1, str(notes.columns[1]), heading)
    for offset, (topic, text) in enumerate(notes.itertuples(index=False), start=1):
        write_cell(sheet, styles, top + offset, 0, topic, border=1, valign="top")
        merged = styles.get(text_wrap=True, valign="top", border=1)
        sheet.merge_range(top + offset, 1, top + offset, len(frame.columns) - 1, "", merged)
        write_cell(sheet, styles, top + offset, 1, text, text_wrap=True, valign="top", border=1)
    sheet.freeze_panes(3, 0)
    _print_setup(sheet, ctx, 2)


def _quality_sheet(book: Any, styles: Formats, ctx: ExportContext) -> None:
    sheet = book.add_worksheet(ctx.t("export.sheet.quality"))
    bold = styles.get(bold=True, font_size=12)
    imports = imports_frame(ctx)
    sheet.write_string(0, 0, ctx.t("export.quality.imports", n=len(imports)), bold)
    after = _write_table(sheet, styles, imports, 1)
    rejects = rejects_frame(ctx)
    top = after + 1
    if ctx.viewer.unit_scope is not None:
        sheet.write_string(top, 0, ctx.t("export.quality.scoped"), bold)
    elif len(rejects):
        sheet.write_string(top, 0, ctx.t("export.quality.rejects", n=len(rejects)), bold)
        _write_table(sheet, styles, rejects, top + 1)
    else:
        sheet.write_string(top, 0, ctx.t("export.quality.no_rejects"), bold)
    # One width per column for both tables: the wider of the two.
    for col in range(max(len(imports.columns), len(rejects.columns))):
        parts = [f.iloc[:500, col] for f in (imports, rejects) if col < len(f.columns)]
        headings = [str(f.columns[col]) for f in (imports, rejects) if col < len(f.columns)]
        widest = max([display_width(h) for h in headings] + [display_width(shown(v)) for p in parts for v in p])
        sheet.set_column(col, col, min(MAX_WIDTH, widest + 2))
    sheet.freeze_panes(2, 0)
    _print_setup(sheet, ctx, 1)


def write_workbook(ctx: ExportContext, target: Any) -> None:
    """Write the workbook to a path or a binary file object."""
    book = workbook(target)
    try:
        styles = Formats(book)
        book.set_properties({"title": title(ctx), "subject": scheme_line(ctx), "author": ctx.viewer.user})
        _ranking_sheet(book, styles, ctx)
        lines = lines_frame(ctx.result, ctx.lang)
        rates = (ctx.result.lines["measure_kind"] == "rate").tolist()
        headings = list(lines.columns)
        percent = {headings.index(ctx.t(f"score.{c}")): rates for c in ("target", "actual")}
        _plain_sheet(book, styles, ctx, ctx.t("score.sheet.lines"), lines, percent)
        adjustments = adjustments_frame(ctx.result, ctx.lang, evidence=ctx.show_comments)
        _plain_sheet(book, styles, ctx, ctx.t("score.sheet.adjustments"), adjustments)
        if ctx.show_comments:
            _plain_sheet(book, styles, ctx, ctx.t("export.sheet.comments"), comments_frame(ctx))
        _method_sheet(book, styles, ctx)
        _quality_sheet(book, styles, ctx)
    finally:
        book.close()


def workbook_bytes(ctx: ExportContext) -> bytes:
    """The workbook as bytes."""
    buffer = io.BytesIO()
    write_workbook(ctx, buffer)
    return buffer.getvalue()
