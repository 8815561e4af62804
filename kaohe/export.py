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

from datetime import date, datetime
from pathlib import Path
from typing import Any

from kaohe import audit, export_xlsx, overview, results, spreadsheet
from kaohe.access import Permission, Viewer
from kaohe.export_content import ExportContext, ExportError, ranking_frame
from kaohe.labels import current_language, label
from kaohe.periods import Period
from kaohe.scheme import Scheme, method_relations
from kaohe.store import Store

FORMATS = ("xlsx", "csv", "pdf")
MIME_TYPES = {
    "xlsx": spreadsheet.XLSX_MIME,
    "csv": spreadsheet.CSV_MIME,
    "pdf": "application/pdf",
}


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
    issuer: str | None = None,
) -> ExportContext:
    """The period's result as the viewer may see it (kaohe.results.view: the publication, or the live or
    provisional score), with everything an export of it shows. AccessDenied when there is nothing to export."""
    viewer.require(Permission.EXPORT)
    shown = results.view(store, viewer, period, as_of=as_of, scheme=scheme, published=published)
    return gather(store, shown, viewer, lang=lang, now=now, issuer=issuer)


def gather(
    store: Store | None,
    shown: results.Result,
    viewer: Viewer,
    lang: str | None = None,
    now: datetime | None = None,
    issuer: str | None = None,
) -> ExportContext:
    """Collect what an export of a viewable result shows (without a store: no comments, no data quality); the
    issuing body printed on the PDF is `issuer`, by default the office's (label report.issuer, as the 通报's)."""
    viewer.require(Permission.EXPORT)
    extra: dict[str, Any] = {}
    if store is not None:
        scope = {"unit_scope": viewer.unit_scope}
        if viewer.can(Permission.VIEW_COMMENTS):
            indicators = {"method_indicators": method_relations(shown.score.scheme)["method_indicators"]}
            extra["comments"] = store.query(
                "export/unit_comments", {"period": shown.score.period.code, **scope}, relations=indicators
            )
        if overview.sees_import_log(viewer):  # a scoped viewer reads neither, as on the import page
            extra["imports"] = overview.import_history(store, viewer, limit=None).iloc[::-1]  # oldest first
            rejects = overview.stored_rejects(store, viewer).rename(columns={"file_name": "source_file"})
            extra["rejects"] = rejects.sort_values(["import_id", "source_row"], kind="stable")
        if viewer.can(Permission.VIEW_SCORES):
            extra["stability"] = results.grade_stability(store, viewer, shown)
    return ExportContext(
        view=shown,
        viewer=viewer,
        generated_at=now or datetime.now().replace(microsecond=0),
        lang=lang or current_language(),
        issuer=issuer,
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
    target = f"{ctx.result.period.code} 第{pub.revision}次发布"  # cjk: as stored; kaohe.audit words it
    after = {
        "format": fmt,
        "file": file_name(ctx, fmt),
        "publication_id": pub.publication_id,
        "result_hash": ctx.result.result_hash,
        "comments": ctx.show_comments,
    }
    audit.log(store, ctx.viewer.user, "export", target, None, after)
    return True


# -- writing -----------------------------------------------------------------------------------------


def csv_bytes(ctx: ExportContext) -> bytes:
    """The ranking as CSV in UTF-8 with BOM, formula-like text escaped."""
    return spreadsheet.csv_bytes(ranking_frame(ctx.result, ctx.lang, ctx.provisional, ctx.stability))


def export_bytes(ctx: ExportContext, fmt: str) -> bytes:
    """The export in one of FORMATS, as bytes (for a download button or a file)."""
    if fmt == "csv":
        return csv_bytes(ctx)
    if fmt == "xlsx":
        return export_xlsx.workbook_bytes(ctx)
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
