"""The year-end 通报 as a file: Word (kaohe.report_docx) or PDF (kaohe.report_pdf), both drawn from kaohe.report's
blocks. The writers import the report; this module, not the report, picks a writer, so nothing imports in a circle.
"""

from __future__ import annotations

from kaohe.report import Report, ReportError
from kaohe.report_docx import docx_bytes
from kaohe.report_pdf import pdf_bytes


def report_bytes(report: Report, fmt: str) -> bytes:
    """The 通报 as a Word document (fmt "docx") or a PDF ("pdf")."""
    if fmt == "docx":
        return docx_bytes(report)
    if fmt == "pdf":
        return pdf_bytes(report)
    raise ReportError("report.bad_format", name=fmt)
