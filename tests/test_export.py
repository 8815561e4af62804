"""Exports opened the way their readers open them: the workbook with openpyxl, the CSV with the csv module,
the PDF with pypdf and pdftoppm. Scored on the golden fixture, with unit names a spreadsheet would run as
formulas, an assessor's comment and a rejected import row."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pypdf
import pytest
from test_scoring_support import DATA, fixture_store, read_ledger

from kaohe import PROJECT_ROOT, results
from kaohe.access import LOCAL_VIEWER, PERMISSIONS, AccessDenied, Permission, Role, Viewer
from kaohe.assessments import load_assessments
from kaohe.cli import main
from kaohe.export import context, export_bytes, file_name, gather, write_export
from kaohe.export_content import ExportContext, ExportError, rule_text
from kaohe.ingest import import_file
from kaohe.periods import parse_period
from kaohe.publish import Publication
from kaohe.scheme import load_scheme
from kaohe.scoring import ScoreResult
from kaohe.spreadsheet import display_width
from kaohe.store import Store

SCHEME = DATA / "golden_scheme.toml"
ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts"
NOW = datetime(2026, 1, 5, 9, 30)
# Unit names that a spreadsheet would take for formulas, one per dangerous first character.
FORMULA_NAMES = {"E": "=1+1戊科", "B": "+x乙社区党支部", "D": "-x丁公司党支部", "C": "@x丙科党支部"}
REJECTED_UNIT = "=HYPERLINK(1)不存在的支部"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "export.duckdb"
    units = read_ledger("units")
    for unit_id, name in FORMULA_NAMES.items():
        units.loc[units["unit_id"] == unit_id, "name"] = name
    store = fixture_store(path, {"units": units})
    scheme = load_scheme(SCHEME)
    load_assessments(store, DATA / "qualitative.csv", scheme=scheme)
    load_assessments(store, DATA / "adjustments.csv", scheme=scheme)
    # One services row naming no known unit: rejected, so the data-quality sheet has a row to show.
    body = f"支部名称,服务日期,服务类别,服务内容,服务人数\r\n{REJECTED_UNIT},2025-03-01,义诊,测试,3\r\n"
    rejected = import_file(store, body.encode("utf-8"), "服务台账.csv")
    assert rejected.rejected == 1
    store.close()
    return path


@pytest.fixture(scope="module")
def shown(db: Path) -> results.Result:
    with Store(db) as store:
        return results.view(store, LOCAL_VIEWER, parse_period("2025"), scheme=load_scheme(SCHEME))


@pytest.fixture(scope="module")
def result(shown: results.Result) -> ScoreResult:
    return shown.score


@pytest.fixture(scope="module")
def ctx_golden(db: Path, shown: results.Result) -> ExportContext:
    with Store(db) as store:
        return gather(store, shown, LOCAL_VIEWER, lang="zh", now=NOW)


@pytest.fixture(scope="module")
def book(ctx_golden: ExportContext) -> Any:
    return openpyxl.load_workbook(io.BytesIO(export_bytes(ctx_golden, "xlsx")))


@pytest.fixture(scope="module")
def pdf(ctx_golden: ExportContext, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    return write_export(ctx_golden, path)


def squeeze(text: str) -> str:
    """PDF text without the spaces and line breaks an extractor puts between glyphs, and without NULs.

    fpdf2 writes CJK text through an embedded 2-byte encoding CMap; pypdf decodes it with a NUL before each
    character (poppler's pdftotext reads the same file cleanly), so the NULs are pypdf's, not the file's.
    """
    return re.sub(r"[\s\x00]+", "", text)


# -- workbook --------------------------------------------------------------------------------------------


def test_workbook_has_every_sheet_in_reading_order(book: Any) -> None:
    assert book.sheetnames == ["排名", "指标明细", "加扣分", "评语", "评分办法", "数据质量"]


def test_ranking_sheet_has_title_period_scheme_and_the_scored_rows(book: Any, result: ScoreResult) -> None:
    sheet = book["排名"]
    assert sheet["A1"].value == "2025 年党组织考核结果"
    assert "考核期：2025 年" in sheet["A2"].value
    assert "金样例评分办法（第1版）" in sheet["A2"].value
    assert "未发布" in sheet["A2"].value
    assert result.result_hash in sheet["A3"].value
    headings = [c.value for c in sheet[4]]
    assert headings[:5] == ["排名", "类内排名", "编号", "党组织", "类型"]
    assert headings[5:9] == ["组织", "服务", "治理", "评议"]
    assert headings[-4:] == ["总分", "等次", "等次稳定性", "否决原因"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    assert [r[3] for r in rows] == result.units["unit"].tolist()
    # The golden test works these totals out by hand (tests/test_scoring_golden.py).
    assert [r[headings.index("总分")] for r in rows] == [95.0, 92.17, 72.31, 49.63, 69.5]
    assert [r[headings.index("等次")] for r in rows] == result.units["grade"].tolist()


@pytest.mark.parametrize(
    ("grade", "fill"),
    [
        pytest.param("优秀", "C8E6C9", id="excellent-green"),
        pytest.param("良好", "BBDEFB", id="good-blue"),
        pytest.param("合格", "FFF59D", id="pass-yellow"),
        pytest.param("不合格", "FFCDD2", id="fail-red"),
    ],
)
def test_ranking_rows_are_filled_by_grade(book: Any, grade: str, fill: str) -> None:
    sheet = book["排名"]
    grade_col = [c.value for c in sheet[4]].index("等次") + 1
    rows = [r for r in range(5, sheet.max_row + 1) if sheet.cell(r, grade_col).value == grade]
    assert rows, f"no unit graded {grade}"
    for r in rows:
        colours = {sheet.cell(r, c).fill.fgColor.rgb[-6:] for c in range(1, grade_col + 1)}
        assert colours == {fill}, (grade, r, colours)


def test_ranking_sheet_freezes_the_header_and_prints_a4_landscape_with_repeated_headings(book: Any) -> None:
    sheet = book["排名"]
    assert sheet.freeze_panes == "A5"
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.print_title_rows == "$4:$4"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToWidth in (1, None) and sheet.page_setup.fitToHeight == 0


@pytest.mark.parametrize("sheet_name", ["指标明细", "加扣分", "评分办法", "数据质量"])
def test_other_sheets_print_a4_landscape_with_their_heading_row_repeated(book: Any, sheet_name: str) -> None:
    sheet = book[sheet_name]
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9
    assert sheet.print_title_rows is not None


def test_column_widths_fit_the_longest_chinese_text(book: Any, result: ScoreResult) -> None:
    sheet = book["排名"]
    unit_width = sheet.column_dimensions["D"].width
    longest = max(display_width(name) for name in result.units["unit"])
    assert unit_width >= longest  # a Chinese character takes two width units
    assert sheet.column_dimensions["A"].width < unit_width
    details = book["指标明细"]
    heading = {c.value: c.column_letter for c in details[1]}
    assert details.column_dimensions[heading["计分说明"]].width > details.column_dimensions[heading["满分"]].width


@pytest.mark.parametrize(
    "name",
    [pytest.param(name, id=f"starts-with-{name[0]}") for name in FORMULA_NAMES.values()],
)
def test_formula_like_names_are_text_cells_shown_as_typed(book: Any, name: str) -> None:
    sheet = book["排名"]
    cells = [c for c in sheet["D"] if c.value == name]
    assert len(cells) == 1, [c.value for c in sheet["D"]]
    cell = cells[0]
    assert cell.data_type == "s"
    # Excel's quote prefix: the cell stays text even when someone edits it.
    assert cell.quotePrefix


def test_no_cell_of_any_sheet_is_a_formula(book: Any) -> None:
    formulas = [
        (sheet.title, cell.coordinate)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    assert formulas == []


def test_details_sheet_has_one_row_per_unit_and_indicator(book: Any, result: ScoreResult) -> None:
    sheet = book["指标明细"]
    assert sheet.max_row == 1 + len(result.lines) == 1 + 5 * 14
    assert sheet.freeze_panes == "A2"
    headings = [c.value for c in sheet[1]]
    points = [row[headings.index("得分")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert points == pytest.approx(result.lines["points"].tolist())


def test_comments_sheet_shows_the_comment_in_force_only(book: Any) -> None:
    comments = [row[-1] for row in book["评语"].iter_rows(min_row=2, values_only=True)]
    assert "更正后" in comments
    assert "初评（被下一行更正）" not in comments


def test_method_sheet_describes_every_indicator_and_the_other_rules(book: Any) -> None:
    sheet = book["评分办法"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    names = [r[1] for r in rows]
    scheme = load_scheme(SCHEME)
    for ind in scheme.indicators:
        assert ind.name in names
    text = "\n".join(str(v) for r in rows for v in r if v is not None)
    for topic in ("总分构成", "加分", "扣分", "一票否决", "等次", "名额限制", "同分排序"):
        assert topic in text
    assert "定量占 60%" in text
    assert "加分最多 3 分" in text


@pytest.mark.parametrize(
    ("indicator_id", "words"),
    [
        pytest.param("g_committee", ["满分 6 分", "每缺一项扣 1.5 分"], id="deduct-per-item"),
        pytest.param("g_party_day", ["每完成一项得 0.5 分", "最多 3 分"], id="per-item-credit"),
        pytest.param("g_lecture", ["完成目标得 5 分"], id="all-or-nothing"),
        pytest.param("g_attendance", ["达到目标得 6 分", "每高（低）0.1", "1 分", "0 至 12 分"], id="linear"),
        pytest.param("g_services", ["10 分 × 完成率", "100%"], id="ratio"),
        pytest.param("g_deeds", ["达到 1 得 8 分", "达到 0.75 得 5 分", "达到 0.5 得 2 分"], id="ladder"),
        pytest.param("g_incidents", ["越级上访 4", "未化解 2", "逾期化解 1"], id="per-incident"),
        pytest.param("g_integrity", ["好 10", "一般 5", "5 人以上", "最高分和一个最低分"], id="qualitative-levels"),
    ],
)
def test_rule_in_words_carries_the_schemes_numbers(indicator_id: str, words: list[str]) -> None:
    text = rule_text(load_scheme(SCHEME).indicator(indicator_id), "zh")
    for word in words:
        assert word in text, text


def test_data_quality_sheet_lists_the_import_and_its_rejected_row_as_text(book: Any) -> None:
    sheet = book["数据质量"]
    values = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    texts = [str(c.value) for c in values]
    assert "导入记录（共 1 个文件）" in texts
    assert "服务台账.csv" in texts
    assert "退回行（共 1 行，未计入考核）" in texts
    raw = [c for c in values if REJECTED_UNIT in str(c.value)]
    assert raw and all(c.data_type == "s" for c in raw)


# -- viewer ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "viewer",
    [
        pytest.param(Viewer("ana", Role.ANALYST), id="analyst"),
        pytest.param(Viewer("br", Role.BRANCH, unit_id="A"), id="branch"),
        pytest.param(Viewer("adm", Role.ADMIN), id="admin"),
    ],
)
def test_roles_without_export_permission_are_refused(db: Path, shown: results.Result, viewer: Viewer) -> None:
    with Store(db) as store, pytest.raises(AccessDenied):
        gather(store, shown, viewer)


def test_a_viewer_without_comment_rights_gets_no_comments_and_no_evidence(
    db: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(PERMISSIONS, Role.SECRETARY, frozenset({Permission.EXPORT, Permission.VIEW_SCORES}))
    secretary = Viewer("sec", Role.SECRETARY)
    with Store(db) as store:
        ctx = context(store, secretary, parse_period("2025"), scheme=load_scheme(SCHEME), lang="zh", now=NOW)
    assert ctx.comments.empty
    book = openpyxl.load_workbook(io.BytesIO(export_bytes(ctx, "xlsx")))
    assert "评语" not in book.sheetnames
    assert "佐证" not in [c.value for c in book["加扣分"][1]]
    text = squeeze("".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(export_bytes(ctx, "pdf"))).pages))
    assert "更正后" not in text and "文件一" not in text
    assert "评语不在本导出范围内" in text


def test_published_result_names_who_published_it(shown: results.Result) -> None:
    publication = Publication(
        publication_id=1, period="2025", revision=1, scheme_id="golden", scheme_version=1, scheme_hash="x",
        result_hash=shown.score.result_hash, published_by="书记甲", published_at=datetime(2026, 1, 2, 15, 0),
        note=None, in_force=True,
    )  # fmt: skip
    published = dataclasses.replace(shown, status=results.Status.PUBLISHED, publication=publication)
    ctx = ExportContext(view=published, viewer=LOCAL_VIEWER, generated_at=NOW)
    book = openpyxl.load_workbook(io.BytesIO(export_bytes(ctx, "xlsx")))
    assert "已发布：2026-01-02 15:00 由 书记甲 发布" in book["排名"]["A2"].value
    assert file_name(ctx, "xlsx") == "考核结果_2025_已发布.xlsx"


# -- CSV -------------------------------------------------------------------------------------------------


def test_csv_starts_with_the_bom_and_round_trips_with_formulas_escaped(
    ctx_golden: ExportContext, result: ScoreResult
) -> None:
    raw = export_bytes(ctx_golden, "csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:4] == ["排名", "类内排名", "编号", "党组织"]
    assert len(rows) == 1 + len(result.units)
    names = [r[3] for r in rows[1:]]
    escaped = {name: "'" + name for name in FORMULA_NAMES.values()}
    assert names == [escaped.get(n, n) for n in result.units["unit"]]
    totals = [float(r[rows[0].index("总分")]) for r in rows[1:]]
    assert totals == result.units["total"].tolist()


# -- PDF -------------------------------------------------------------------------------------------------


def test_pdf_has_the_ranking_then_one_report_card_per_unit(pdf: Path, result: ScoreResult) -> None:
    reader = pypdf.PdfReader(pdf)
    pages = [squeeze(page.extract_text()) for page in reader.pages]
    assert len(pages) == 1 + len(result.units)  # five units fit on the ranking page
    first = pages[0]
    assert "2025年党组织考核结果" in first
    assert "金样例评分办法（第1版）" in first
    for name in result.units["unit"]:
        assert squeeze(name) in first
    assert "考核组成员签字" in first and "日期" in first
    assert "等次汇总" in first and "一票否决1个" in first
    for page, name in zip(pages[1:], result.units["unit"], strict=True):
        assert page.startswith(squeeze(name) + "考核成绩单"), page[:40]
        assert "各指标得分" in page


def test_pdf_report_card_shows_scores_adjustments_and_comments(pdf: Path, result: ScoreResult) -> None:
    reader = pypdf.PdfReader(pdf)
    position = result.units.index[result.units["unit_id"] == "A"][0]
    page = squeeze(reader.pages[1 + position].extract_text())
    assert f"{result.units.loc[position, 'total']:.2f}" in page
    assert "市级先进基层党组织" in page  # a bonus item's reason
    assert "更正后" in page and "初评" not in page
    for name in ("支委会每季度召开", "述职评议"):
        assert name in page


def test_pdf_embeds_its_cjk_font(pdf: Path) -> None:
    reader = pypdf.PdfReader(pdf)
    fonts = reader.pages[0]["/Resources"]["/Font"]
    embedded = []
    for ref in fonts.values():
        font = ref.get_object()
        descendant = font["/DescendantFonts"][0].get_object()
        descriptor = descendant["/FontDescriptor"].get_object()
        embedded.append(any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")))
    assert embedded and all(embedded)


def test_pdf_pages_render_to_png(pdf: Path, tmp_path: Path) -> None:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.fail("install poppler-utils (pdftoppm) to render the PDF: apt-get install -y poppler-utils")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    prefix = ARTIFACTS / "export_pdf"
    subprocess.run([pdftoppm, "-r", "60", "-png", "-f", "1", "-l", "2", str(pdf), str(prefix)], check=True)
    from PIL import Image

    pictures = sorted(ARTIFACTS.glob("export_pdf-*.png"))
    assert len(pictures) >= 2
    for picture in pictures[:2]:
        with Image.open(picture) as image:
            grey = image.convert("L")
            dark = sum(grey.histogram()[:128])
        # Text, table rules and bars: a blank or unrendered page would have almost no dark pixels.
        assert dark > 2000, (picture.name, dark)


# -- files and the command line --------------------------------------------------------------------------


@pytest.mark.parametrize(("suffix", "magic"), [("xlsx", b"PK"), ("csv", b"\xef\xbb\xbf"), ("pdf", b"%PDF")])
def test_cli_writes_each_format(db: Path, tmp_path: Path, suffix: str, magic: bytes) -> None:
    out = tmp_path / f"result.{suffix}"
    assert main(["score", "--period", "2025", "--db", str(db), "--scheme", str(SCHEME), "--out", str(out)]) == 0
    assert out.read_bytes().startswith(magic)


def test_cli_pdf_names_every_unit(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "result.pdf"
    assert main(["score", "--period", "2025", "--db", str(db), "--scheme", str(SCHEME), "--out", str(out)]) == 0
    text = squeeze("".join(page.extract_text() for page in pypdf.PdfReader(out).pages))
    for name in FORMULA_NAMES.values():
        assert squeeze(name) in text


def test_cli_refuses_an_unknown_suffix_with_exit_1(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "result.docx"
    assert main(["score", "--period", "2025", "--db", str(db), "--scheme", str(SCHEME), "--out", str(out)]) == 1
    assert "result.docx" in capsys.readouterr().err
    assert not out.exists()


def test_write_export_refuses_an_unknown_suffix(ctx_golden: ExportContext, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"report\.txt"):
        write_export(ctx_golden, tmp_path / "report.txt")


# -- what the reader's Excel shows: a Chinese font, rates as percentages, names not codes -----------------


def test_every_cell_of_every_sheet_is_set_in_a_chinese_font(book: Any) -> None:
    fonts = {cell.font.name for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value}
    assert fonts == {"等线"}


def test_rates_are_numbers_shown_as_percentages_and_counts_are_not(book: Any, result: ScoreResult) -> None:
    sheet = book["指标明细"]
    headings = [c.value for c in sheet[1]]
    target, actual = headings.index("目标"), headings.index("实际")
    rows = list(sheet.iter_rows(min_row=2))
    kinds = result.lines["measure_kind"].tolist()
    rate_rows = [row for row, kind in zip(rows, kinds, strict=True) if kind == "rate"]
    count_rows = [row for row, kind in zip(rows, kinds, strict=True) if kind == "count"]
    assert rate_rows and count_rows
    attendance = result.lines.index[(result.lines["unit_id"] == "A") & (result.lines["indicator_id"] == "g_attendance")]
    cell = rows[attendance[0]][actual]
    assert cell.data_type == "n" and cell.value == pytest.approx(0.9375)  # (7 + 8) / (8 + 8), kept a number
    for row in rate_rows:
        for cell in (row[target], row[actual]):
            if cell.value is not None:
                assert cell.number_format == "0.0%", (cell.coordinate, cell.number_format)
    assert all("%" not in row[actual].number_format for row in count_rows)


def test_no_sheet_carries_an_indicator_code(book: Any, result: ScoreResult) -> None:
    codes = set(result.lines["indicator_id"])
    for sheet in book.worksheets:
        values = {str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None}
        assert "指标编号" not in values, sheet.title
        assert not values & codes, (sheet.title, values & codes)
    assert "支委会每季度召开" in {c.value for c in book["指标明细"]["D"]}


# -- the printed report: who issues it, and how many pages it has -----------------------------------------


def test_pdf_names_the_issuing_body_and_numbers_every_page_out_of_the_total(pdf: Path) -> None:
    pages = [squeeze(page.extract_text()) for page in pypdf.PdfReader(pdf).pages]
    total = len(pages)
    assert total == 6
    assert pages[0].startswith("中共陇海马路街道工作委员会2025年党组织考核结果")
    for number, text in enumerate(pages, start=1):
        assert f"第{number}页共{total}页" in text, text[-60:]
        assert "中共陇海马路街道工作委员会" in text
    assert pypdf.PdfReader(pdf).metadata.title == "中共陇海马路街道工作委员会　2025 年党组织考核结果"


def test_pdf_issuer_is_configurable_as_the_announcements_is(db: Path, shown: results.Result, tmp_path: Path) -> None:
    with Store(db) as store:
        ctx = gather(store, shown, LOCAL_VIEWER, lang="zh", now=NOW, issuer="某某街道党工委")
    first = squeeze(pypdf.PdfReader(io.BytesIO(export_bytes(ctx, "pdf"))).pages[0].extract_text())
    assert first.startswith("某某街道党工委2025年")
    assert "陇海马路" not in first
    out = tmp_path / "result.pdf"
    args = ["score", "--period", "2025", "--db", str(db), "--scheme", str(SCHEME), "--out", str(out)]
    assert main([*args, "--issuer", "某某街道党工委"]) == 0
    assert "某某街道党工委" in squeeze(pypdf.PdfReader(out).pages[0].extract_text())
