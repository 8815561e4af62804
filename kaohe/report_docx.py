"""The 通报 as a Word document, laid out as Chinese party and government offices write them (GB/T 9704 style).

Written with python-docx: offices edit and countersign a 通报 in Word, so the product hands over a .docx beside the
PDF. A4 with the standard margins (上 37 mm, 下 35 mm, 左 28 mm, 右 26 mm); the title in 宋体 (bold, 二号 22 pt),
section headings in 黑体, the body in 仿宋_GB2312 三号 (16 pt) at a fixed 28 pt line, tables in 仿宋 小四; the page
number centred in the footer as "— 1 —". Chinese text needs its font named as the East Asian font of each run
(`w:eastAsia`): Word picks the Latin font (`w:ascii`) otherwise. The office fonts are not free to ship, so the
document's font table names an alternate for each (`w:altName`: Noto Serif CJK SC for 仿宋_GB2312 and 宋体, Noto Sans
CJK SC for 黑体, both in Debian's fonts-noto-cjk), which a reader without them substitutes.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt
from lxml import etree

from kaohe.report import Block, Report, blocks

FANGSONG = "仿宋_GB2312"  # cjk: font names as Word knows them
SONGTI = "宋体"  # cjk: idem
HEITI = "黑体"  # cjk: idem
LATIN = "Times New Roman"
# The alternate each office font falls back to where it is not installed (fonts-noto-cjk ships these).
FALLBACKS = {FANGSONG: "Noto Serif CJK SC", SONGTI: "Noto Serif CJK SC", HEITI: "Noto Sans CJK SC"}
BODY_PT, TITLE_PT, TABLE_PT, FOOTER_PT = 16, 22, 12, 14
LINE_PT = 28
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}


def set_font(run: Any, east_asian: str, size: float, bold: bool = False) -> None:
    """Name `east_asian` as the run's East Asian font (w:eastAsia) and Times New Roman for Latin text."""
    run.font.name = LATIN
    run.font.size = Pt(size)
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:hint"), "eastAsia")


def _paragraph(
    doc: Any, text: str, font: str = FANGSONG, size: float = BODY_PT, *, bold: bool = False, align: Any = None,
    indent: bool = True,
) -> Any:  # fmt: skip
    """A paragraph at fixed 28 pt lines, by default justified with its first line indented two characters."""
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY if align is None else align
    layout = paragraph.paragraph_format
    layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    layout.line_spacing = Pt(LINE_PT)
    layout.space_before = layout.space_after = Pt(0)
    if indent:
        layout.first_line_indent = Pt(size * 2)
    set_font(paragraph.add_run(text), font, size, bold)
    return paragraph


def _table(doc: Any, block: Block) -> Any:
    """A bordered table in 仿宋 小四, the heading row in 黑体 and repeated on every page it runs over."""
    if block.frame is None:
        raise ValueError("a table block needs a frame")
    table = doc.add_table(rows=1, cols=len(block.headings))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    head = table.rows[0]
    head._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
    for cell, text in zip(head.cells, block.headings, strict=True):
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_font(cell.paragraphs[0].add_run(text), HEITI, TABLE_PT)
    aligns = {"left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT, "center": WD_ALIGN_PARAGRAPH.CENTER}
    for values in block.frame.itertuples(index=False):
        for cell, value, align in zip(table.add_row().cells, values, block.align, strict=True):
            cell.paragraphs[0].alignment = aligns[align]
            set_font(cell.paragraphs[0].add_run(str(value)), FANGSONG, TABLE_PT)
    for row in table.rows:
        for cell, width in zip(row.cells, block.widths, strict=True):
            cell.width = Mm(width)
    doc.add_paragraph()
    return table


def _field(run: Any, instruction: str, shown: str) -> None:
    """A field (PAGE) in a run: Word fills in the value; `shown` stands until it does."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("text", shown), ("end", None)):
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        elif kind == "text":
            element = OxmlElement("w:t")
            element.text = str(text)
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._element.append(element)


def _page_number(section: Any, report: Report) -> None:
    """The footer's "— n —"."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    before, _, after = report.t("report.page", page="\x00").partition("\x00")
    set_font(paragraph.add_run(before), SONGTI, FOOTER_PT)
    number = paragraph.add_run()
    set_font(number, SONGTI, FOOTER_PT)
    _field(number, "PAGE", "1")
    set_font(paragraph.add_run(after), SONGTI, FOOTER_PT)


def _font_table(doc: Any) -> None:
    """Declare the office fonts with their alternates (w:altName) in the document's font table."""
    part = next(p for p in doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    root = etree.fromstring(part.blob)
    for name, alternate in FALLBACKS.items():
        family = "swiss" if name == HEITI else "roman"
        root.append(
            parse_xml(
                f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alternate}"/>'
                f'<w:charset w:val="86"/><w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>'
            )
        )
    # python-docx keeps the font table as a plain part: its bytes are replaced whole.
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page(doc: Any, report: Report) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = LATIN
    normal.font.size = Pt(BODY_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FANGSONG)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    _page_number(section, report)
    properties = doc.core_properties
    properties.title, properties.author = report.title, report.issuer
    properties.subject = report.publication.result_hash


def build_document(report: Report) -> Any:
    """The whole 通报 as a python-docx Document."""
    doc = Document()
    _font_table(doc)
    _page(doc, report)
    centre, right = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT
    for block in blocks(report):
        if block.kind == "number":
            _paragraph(doc, block.text, align=centre, indent=False)
        elif block.kind == "title":
            _paragraph(doc, block.text, SONGTI, TITLE_PT, bold=True, align=centre, indent=False)
            _paragraph(doc, "", indent=False)
        elif block.kind == "salutation":
            _paragraph(doc, block.text, indent=False)
        elif block.kind == "heading":
            _paragraph(doc, block.text, HEITI)
        elif block.kind == "table":
            _table(doc, block)
        elif block.kind == "signature":
            _paragraph(doc, block.text, align=right, indent=False)
        else:
            _paragraph(doc, block.text)
    return doc


def docx_bytes(report: Report) -> bytes:
    """The 通报 as .docx bytes."""
    buffer = io.BytesIO()
    build_document(report).save(buffer)
    return buffer.getvalue()
