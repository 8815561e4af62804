"""The 通报 as a PDF, the twin of the Word document, for printing and for readers without Word.

The same fpdf2 renderer as the result exports (kaohe.export_pdf): the font is embedded from Debian's fonts-noto-cjk,
so the PDF reads the same everywhere. The office fonts the Word document names are not free to ship, so their
stand-ins are used as its font table says: Noto Serif CJK SC for 仿宋 and 宋体, Noto Sans CJK SC for 黑体. A4
with the margins of the Word document, the page number "— n —" centred at the foot of every page.
"""

from __future__ import annotations

from fpdf import FPDF
from fpdf.enums import Align, WrapMode, XPos, YPos
from fpdf.fonts import FontFace

from kaohe.export_pdf import installed
from kaohe.report import Block, Report, blocks
from kaohe.report_docx import MARGINS_MM

# (serif regular, serif bold, sans bold, index of Simplified Chinese in each collection); the first set found.
FONT_CANDIDATES: tuple[tuple[str, str, str, int], ...] = (
    (
        "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
        "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
        2,
    ),
    (
        "/usr/share/fonts/noto-cjk/NotoSerifCJK-Regular.ttc",
        "/usr/share/fonts/noto-cjk/NotoSerifCJK-Bold.ttc",
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc",
        2,
    ),
)
SERIF, SANS = "serif", "sans"
BODY_PT, TITLE_PT, TABLE_PT = 14, 20, 10.5
LINE_MM = 8.4


def find_fonts() -> tuple[str, str, str, int]:
    """The CJK font files to embed: serif regular and bold, sans bold, index of Simplified Chinese."""
    regular, bold, sans, index = installed(FONT_CANDIDATES)
    return str(regular), str(bold), str(sans), int(index)


class _Document(FPDF):
    """A4 portrait with the serif and sans CJK fonts registered and "— n —" at the foot of each page."""

    def __init__(self, report: Report) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.report = report
        regular, bold, sans, index = find_fonts()
        self.add_font(SERIF, "", regular, collection_font_number=index)
        self.add_font(SERIF, "B", bold, collection_font_number=index)
        self.add_font(SANS, "B", sans, collection_font_number=index)
        self.set_margins(MARGINS_MM["left"], MARGINS_MM["top"], MARGINS_MM["right"])
        self.set_auto_page_break(True, margin=MARGINS_MM["bottom"])
        self.set_title(report.title)
        self.set_author(report.issuer)
        self.set_creator("kaohe")

    def footer(self) -> None:
        self.set_y(-MARGINS_MM["bottom"] + 12)
        self.set_font(SERIF, "", 12)
        self.cell(0, 6, self.report.t("report.page", page=self.page_no()), align=Align.C)

    def paragraph(self, text: str, *, font: str = SERIF, size: float = BODY_PT, indent: bool = True,
                  align: Align = Align.J, bold: bool = False) -> None:  # fmt: skip
        """A paragraph that wraps between any two Chinese characters, the first line indented two characters."""
        self.set_font(font, "B" if bold or font == SANS else "", size)
        lead = "\u3000\u3000" if indent else ""
        self.multi_cell(
            0, LINE_MM, lead + text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, wrapmode=WrapMode.CHAR, align=align
        )

    def grid(self, block: Block) -> None:
        """A bordered table, the heading row in the sans font and repeated on every page it runs over."""
        if block.frame is None:
            raise ValueError("a table block needs a frame")
        self.set_font(SERIF, "", TABLE_PT)
        style = FontFace(family=SANS, emphasis="BOLD", fill_color=(230, 230, 230))
        with self.table(
            col_widths=block.widths,
            width=sum(block.widths),
            headings_style=style,
            line_height=6,
            text_align="CENTER",
            repeat_headings=1,
            wrapmode=WrapMode.CHAR,
            padding=1,
        ) as table:
            head = table.row()
            for text in block.headings:
                head.cell(text)
            aligns = {"left": Align.L, "right": Align.R, "center": Align.C}
            for values in block.frame.itertuples(index=False):
                row = table.row()
                for value, align in zip(values, block.align, strict=True):
                    row.cell(str(value), align=aligns[align])
        self.ln(3)


def build_pdf(report: Report) -> FPDF:
    """The whole 通报, block by block as in the Word document."""
    pdf = _Document(report)
    pdf.add_page()
    for block in blocks(report):
        if block.kind == "number":
            pdf.paragraph(block.text, indent=False, align=Align.C)
        elif block.kind == "title":
            pdf.paragraph(block.text, size=TITLE_PT, bold=True, indent=False, align=Align.C)
            pdf.ln(4)
        elif block.kind == "salutation":
            pdf.paragraph(block.text, indent=False, align=Align.L)
        elif block.kind == "heading":
            pdf.paragraph(block.text, font=SANS)
        elif block.kind == "table":
            pdf.grid(block)
        elif block.kind == "signature":
            pdf.paragraph(block.text, indent=False, align=Align.R)
        else:
            pdf.paragraph(block.text)
    return pdf


def pdf_bytes(report: Report) -> bytes:
    """The 通报 as PDF bytes."""
    return bytes(build_pdf(report).output())
