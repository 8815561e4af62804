"""Write a scoring result to a file: CSV (the ranking, UTF-8 with BOM) or an xlsx workbook.

Excel on Windows reads a CSV without a byte-order mark as the local code page and garbles Chinese, so CSV
always carries the BOM. Both writers neutralise text that Excel would run as a formula (=, +, -, @ at the
start of a cell): unit names and reasons come from files people type, and a cell must never execute.
This is the plain writer; the polished workbook (print set-up, method and data-quality sheets) builds on it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter

from kaohe.labels import label
from kaohe.scoring import ScoreResult

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
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
    "unit_id", "type", "category", "level", "item_points", "counted", "reason", "evidence", "explanation",
)  # fmt: skip


class ExportError(ValueError):
    """The requested output cannot be written (unknown file type)."""


def escape_text(value: Any) -> Any:
    """Text that Excel would read as a formula gets a leading apostrophe; other values pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def ranking_frame(result: ScoreResult, lang: str | None = None) -> pd.DataFrame:
    """The ranking with user-facing column headings (dimension names are already Chinese)."""
    head = list(RANKING_COLUMNS[:5])
    columns = head + list(result.dimensions) + list(RANKING_COLUMNS[5:])
    frame = result.units[columns].copy()
    return frame.rename(columns={c: label(f"score.{c}", lang) for c in columns if c not in result.dimensions})


def lines_frame(result: ScoreResult, lang: str | None = None) -> pd.DataFrame:
    """The indicator lines with user-facing headings and rule names."""
    frame = result.lines[list(LINE_COLUMNS)].copy()
    frame["rule"] = frame["rule"].map(lambda r: label(f"rule.{r}", lang))
    return frame.rename(columns={c: label(f"score.{c}", lang) for c in LINE_COLUMNS})


def adjustments_frame(result: ScoreResult, lang: str | None = None) -> pd.DataFrame:
    """The bonus/deduction/veto items with user-facing headings."""
    frame = result.adjustments.reindex(columns=list(ADJUSTMENT_COLUMNS)).copy()
    frame["type"] = frame["type"].map(lambda t: label(f"adjustment.{t}", lang))
    return frame.rename(columns={c: label(f"score.{c}", lang) for c in ADJUSTMENT_COLUMNS})


def write_csv(result: ScoreResult, path: Path, lang: str | None = None) -> None:
    """The ranking as CSV in UTF-8 with BOM, formula-like text escaped."""
    frame = ranking_frame(result, lang).map(escape_text)
    frame.to_csv(path, index=False, encoding="utf-8-sig")


def _write_sheet(book: Any, name: str, frame: pd.DataFrame) -> None:
    sheet = book.add_worksheet(name)
    bold = book.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
    number = book.add_format({"num_format": "0.00"})
    for col, heading in enumerate(frame.columns):
        sheet.write_string(0, col, str(heading), bold)
        width = max([len(str(heading))] + [len(str(v)) for v in frame.iloc[:, col].head(200)])
        sheet.set_column(col, col, min(60, 2 + width * 1.6))
    for row, values in enumerate(frame.itertuples(index=False), start=1):
        for col, value in enumerate(values):
            if value is None or (isinstance(value, float) and pd.isna(value)):
                continue
            if isinstance(value, bool):
                sheet.write_boolean(row, col, value)
            elif isinstance(value, int | float):
                sheet.write_number(row, col, float(value), number if isinstance(value, float) else None)
            else:
                # write_string never creates a formula; the apostrophe also shows the reader it was escaped.
                sheet.write_string(row, col, escape_text(str(value)))
    sheet.freeze_panes(1, 0)


def write_xlsx(result: ScoreResult, path: Path, lang: str | None = None) -> None:
    """A workbook with the ranking, the indicator lines and the adjustments, one sheet each."""
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
    try:
        ranking = book.add_worksheet(label("score.sheet.ranking", lang))
        title = book.add_format({"bold": True, "font_size": 14})
        ranking.write_string(0, 0, f"{result.scheme.name}（{result.period.code}）", title)
        ranking.write_string(1, 0, f"{label('score.result_hash', lang)}：{result.result_hash}")
        frame = ranking_frame(result, lang)
        bold = book.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
        number = book.add_format({"num_format": "0.00"})
        for col, heading in enumerate(frame.columns):
            ranking.write_string(3, col, str(heading), bold)
            ranking.set_column(col, col, 24 if col == 3 else 11)
        for row, values in enumerate(frame.itertuples(index=False), start=4):
            for col, value in enumerate(values):
                if value is None or (isinstance(value, float) and pd.isna(value)):
                    continue
                if isinstance(value, int | float) and not isinstance(value, bool):
                    ranking.write_number(row, col, float(value), number if isinstance(value, float) else None)
                else:
                    ranking.write_string(row, col, escape_text(str(value)))
        ranking.freeze_panes(4, 0)
        _write_sheet(book, label("score.sheet.lines", lang), lines_frame(result, lang))
        _write_sheet(book, label("score.sheet.adjustments", lang), adjustments_frame(result, lang))
    finally:
        book.close()


def write_result(result: ScoreResult, path: Path | str, lang: str | None = None) -> Path:
    """Write by file suffix: .csv or .xlsx."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        write_csv(result, path, lang)
    elif suffix == ".xlsx":
        write_xlsx(result, path, lang)
    else:
        raise ExportError(f"无法导出到 {path.name}：文件类型应为 .xlsx 或 .csv")
    return path
