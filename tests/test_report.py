"""The year-end 通报: the demo's 2025, published first, written as Word and PDF and read back.

Every expectation comes from the frozen ranking (the published_units table, read with plain SQL) and the scheme's
[awards] as data/schemes/2025.toml declares them, never from the code under test: the Word document is opened with
python-docx and checked section by section, the PDF is rendered with pdftoppm (kept under tests/artifacts/ for a
human look) and read with pypdf.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import tomllib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pypdf
import pytest
from docx.oxml.ns import qn

from kaohe import PROJECT_ROOT, awards, rectification, report, report_files
from kaohe.access import LOCAL_VIEWER, Role, Viewer
from kaohe.cli import EXIT_INPUT, EXIT_OK, main
from kaohe.periods import parse_period
from kaohe.publish import publish
from kaohe.store import Store

pytest_plugins = ["fixtures_app"]

ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts"
PERIOD = parse_period("2025")
ISSUED = date(2026, 1, 15)
SECRETARY = Viewer("shuji", Role.SECRETARY)
ASSESSOR = Viewer("kaohezu", Role.ASSESSOR)
AWARDS = tomllib.loads((PROJECT_ROOT / "data" / "schemes" / "2025.toml").read_text(encoding="utf-8"))["awards"]


@pytest.fixture(scope="module")
def published_file(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo database with 2025 published by the secretary (as the office does before the 通报),
    closed again so that the file is whole and can be copied."""
    path = tmp_path_factory.mktemp("report") / "kaohe.duckdb"
    shutil.copyfile(demo_db_template, path)
    with Store(path) as store:
        publish(store, SECRETARY, PERIOD)
    return path


@pytest.fixture(scope="module")
def published(published_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path = tmp_path_factory.mktemp("report_read") / "kaohe.duckdb"
    shutil.copyfile(published_file, path)
    with Store(path) as store:
        yield store


def rows(store: Store, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    return store.cursor().execute(sql, list(params)).fetchall()


def frozen(store: Store) -> list[tuple[Any, ...]]:
    """(rank, unit, kind, total, grade, vetoed) of the publication in force, in rank order."""
    return rows(
        store,
        "select u.rank, u.unit, u.kind, u.total, u.grade, u.vetoed from published_units as u "
        "join published_results_current as p using (publication_id) where p.period = '2025' order by u.rank, u.unit",
    )


def expected_lists(store: Store) -> tuple[list[str], list[str]]:
    """Recommended (the recommend grades, not vetoed, best first, up to the quota) and ineligible units."""
    units = frozen(store)
    candidates = [u for u in units if u[4] in AWARDS["recommend"] and not u[5]]
    recommended = [u[1] for u in candidates[: AWARDS["quota"]]]
    ineligible = [u[1] for u in units if u[4] in AWARDS["ineligible"] or u[5]]
    return recommended, ineligible


def document(store: Store, **options: Any) -> Any:
    made = report.build(store, LOCAL_VIEWER, PERIOD, issued_on=ISSUED, **options)
    return docx.Document(io.BytesIO(report_files.report_bytes(made, "docx")))


def tables_after(doc: Any, heading: str) -> list[Any]:
    """The tables between a section heading and the next one (一、… 五、)."""
    body = doc.element.body
    found, out = False, []
    tables = {t._tbl: t for t in doc.tables}
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            text = "".join(node.text or "" for node in child.iter(qn("w:t")))
            if re.match(r"^[一二三四五六七八九十]、", text):
                if found:
                    break
                found = text == heading
        elif child.tag == qn("w:tbl") and found:
            out.append(tables[child])
    return out


def table_rows(table: Any) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def texts(doc: Any) -> list[str]:
    return [p.text for p in doc.paragraphs if p.text]


# -- the Word document, section by section -------------------------------------------------------------------


def test_the_document_is_a4_with_office_margins_fonts_and_page_numbers(published: Store) -> None:
    doc = document(published)
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin)] == [37, 35, 28]
    # The East Asian font of every run is one of the office fonts (w:eastAsia), Latin text in Times New Roman.
    fonts = {
        run._element.rPr.rFonts.get(qn("w:eastAsia")) for p in doc.paragraphs for run in p.runs if run.text.strip()
    }
    assert fonts == {"宋体", "仿宋_GB2312", "黑体"}
    title = next(p for p in doc.paragraphs if p.text.startswith("关于"))
    assert title.text == "关于2025年度党支部考核结果的通报"
    assert title.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "宋体" and title.runs[0].bold
    # A reader without the office fonts gets the alternates that ship with Debian (fonts-noto-cjk).
    font_table = next(p for p in doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml").blob
    for name, alternate in (("仿宋_GB2312", "Noto Serif CJK SC"), ("黑体", "Noto Sans CJK SC")):
        assert re.search(rf'w:name="{name}"><w:altName w:val="{alternate}"', font_table.decode("utf-8"))
    footer = section.footer.paragraphs[0]
    assert footer.text.startswith("— ") and footer.text.endswith(" —")
    assert " PAGE " in "".join(node.text for node in footer._element.iter(qn("w:instrText")))


def test_the_document_says_who_issues_it_when_and_gives_a_short_account(published: Store) -> None:
    paragraphs = texts(document(published, number="陇街党工〔2026〕3号"))
    assert paragraphs[0] == "陇街党工〔2026〕3号"
    assert paragraphs[-2:] == ["中共陇海马路街道工作委员会", "2026年1月15日"]
    assert "各党支部：" in paragraphs
    account = next(p for p in paragraphs if p.startswith("根据"))
    assert "《2025年度党支部考核评分办法》" in account and "36 个基层党组织2025年度党建工作" in account
    assert "第 1 次发布" in account
    headings = [p for p in paragraphs if re.match(r"^[一二三四五]、", p)]
    assert headings == ["一、考核等次分布", "二、考核结果排名", "三、评优评先", "四、主要失分项目", "五、整改要求"]


def test_the_grade_distribution_and_the_ranking_by_grade_have_the_rankings_totals(published: Store) -> None:
    doc = document(published)
    units = frozen(published)
    counts = {grade: sum(1 for u in units if u[4] == grade) for grade in ("优秀", "良好", "合格", "不合格")}
    vetoed = sum(1 for u in units if u[5])
    distribution = next(p for p in texts(doc) if p.startswith("参加考核的"))
    parts = "、".join(f"{grade} {n} 个" for grade, n in counts.items())
    assert distribution == f"参加考核的 36 个党组织中，{parts}（其中一票否决 {vetoed} 个）。"
    grade_headings = [p for p in texts(doc) if re.match(r"^（[一二三四]）", p)]
    assert grade_headings == [f"（{n}）{g}（{counts[g]} 个）" for n, g in zip("一二三四", counts, strict=True)]
    tables = tables_after(doc, "二、考核结果排名")
    assert [table_rows(t)[0] for t in tables] == [["名次", "党组织", "类型", "总分"]] * 4
    shown = [row for table in tables for row in table_rows(table)[1:]]
    # One number everywhere: ranks out of every unit scored, totals to two decimals as published.
    assert shown == [[f"第 {u[0]} 名 / 共 36 个", u[1], u[2], f"{u[3]:.2f}"] for u in units]


def test_the_units_recommended_and_losing_eligibility_are_the_right_ones(published: Store) -> None:
    recommended, ineligible = expected_lists(published)
    assert len(recommended) == AWARDS["quota"] and len(ineligible) == 5  # four 不合格 and QY04's veto
    doc = document(published)
    honours = tables_after(doc, "三、评优评先")
    assert [row[0] for row in table_rows(honours[0])[1:]] == recommended
    assert [row[0] for row in table_rows(honours[1])[1:]] == ineligible
    paragraphs = texts(doc)
    assert f"经考核组审核，推荐以下 5 个党组织参加“{AWARDS['honour']}”评选：" in paragraphs
    assert "以下 5 个党组织取消本年度评优评先资格：" in paragraphs
    vetoed = next(row for row in table_rows(honours[1]) if row[0] == "河南陇海汽车配件市场有限公司党支部")
    assert vetoed[3].startswith("一票否决（重大安全责任事故")
    # Not confirmed yet: the document says the list is the scheme's proposal.
    assert "（以上名单按评分办法拟定，尚待考核组确认。）" in paragraphs


def test_a_confirmed_list_with_an_adjustment_is_what_the_document_prints(
    demo_db_template: Path, tmp_path: Path
) -> None:
    path = tmp_path / "kaohe.duckdb"
    shutil.copyfile(demo_db_template, path)
    with Store(path) as store:
        publish(store, SECRETARY, PERIOD)
        recommended, _ = expected_lists(store)
        listed = awards.award_list(store, ASSESSOR, PERIOD)
        dropped = listed.units[listed.units["unit"] == recommended[-1]]["unit_id"].iloc[0]
        edits = {dropped: ("eligible", "该党组织书记岗位调整，本年度不再推荐")}
        awards.confirm(store, ASSESSOR, PERIOD, awards.proposed_decisions(awards.edited(listed, edits)))
        doc = document(store)
    honours = tables_after(doc, "三、评优评先")
    assert [row[0] for row in table_rows(honours[0])[1:]] == recommended[:-1]
    assert "（以上名单按评分办法拟定，尚待考核组确认。）" not in texts(doc)


def test_the_points_most_often_lost_add_up_over_every_unit(published: Store) -> None:
    table = tables_after(document(published), "四、主要失分项目")[0]
    head, *body = table_rows(table)
    assert head == ["指标", "考核维度", "失分单位数", "合计失分", "平均失分"]
    assert len(body) == report.TOP_POINTS_LOST
    lost = [float(row[3]) for row in body]
    assert lost == sorted(lost, reverse=True)
    (publication_id,) = rows(published, "select publication_id from published_results_current where period = '2025'")[0]
    frozen_lines = published.query("workflow/publication_rows", {"publication_id": publication_id})["lines"].iloc[0]
    data = json.loads(frozen_lines)
    lines = [dict(zip(data["columns"], values, strict=True)) for values in data["data"]]
    for indicator, _, units, total, average in body:
        own = [line for line in lines if line["indicator"] == indicator]
        losses = [round(line["weighted_max"] - line["weighted_points"], 2) for line in own]
        assert int(units) == sum(1 for x in losses if x > 0)
        assert float(total) == pytest.approx(sum(x for x in losses if x > 0), abs=0.011)
        assert float(average) == pytest.approx(float(total) / int(units), abs=0.011)


def test_rectification_requirements_list_the_items_with_their_deadlines(demo_db_template: Path, tmp_path: Path) -> None:
    path = tmp_path / "kaohe.duckdb"
    shutil.copyfile(demo_db_template, path)
    with Store(path) as store:
        publish(store, SECRETARY, PERIOD)
        _, ineligible = expected_lists(store)
        failed = [u[1] for u in frozen(store) if u[4] == "不合格"]
        # Before any item is drafted: one line per unit that must rectify, deadline from the scheme's rectify_days.
        before = table_rows(tables_after(document(store), "五、整改要求")[0])
        assert [row[0] for row in before[1:]] == failed
        assert {row[4] for row in before[1:]} == {"2026-04-15"}  # 15 January + 90 days
        drafted = rectification.drafts(store, ASSESSOR, PERIOD, today=date(2026, 1, 10))
        rectification.create(store, ASSESSOR, PERIOD, drafted)
        items = rectification.items(store, ASSESSOR, PERIOD)
        doc = document(store)
    head, *body = table_rows(tables_after(doc, "五、整改要求")[0])
    assert head == ["党组织", "指标", "整改要求", "责任人", "整改期限"]
    assert len(body) == len(items) and {row[0] for row in body} == set(failed)
    assert {row[4] for row in body} == {"2026-04-10"}
    assert any(row[1] == "一票否决事项" for row in body)
    intro = next(p for p in texts(doc) if p.startswith("考核等次为"))
    assert intro.startswith("考核等次为不合格的党组织")
    assert set(ineligible) == set(failed)


# -- the PDF twin ----------------------------------------------------------------------------------------------


def squeeze(text: str) -> str:
    """PDF text without the spaces, line breaks and NULs an extractor puts between CJK glyphs."""
    return re.sub(r"[\s\x00]+", "", text)


def test_the_pdf_twin_says_the_same_and_renders(published: Store, tmp_path: Path) -> None:
    made = report.build(published, LOCAL_VIEWER, PERIOD, issued_on=ISSUED)
    data = report_files.report_bytes(made, "pdf")
    assert data.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = squeeze("".join(page.extract_text() for page in reader.pages))
    recommended, ineligible = expected_lists(published)
    for expected in ("关于2025年度党支部考核结果的通报", "一、考核等次分布", "五、整改要求", *recommended, *ineligible):
        assert squeeze(expected) in text
    for number in range(1, len(reader.pages) + 1):
        assert f"—{number}—" in squeeze(reader.pages[number - 1].extract_text())
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.fail("install poppler-utils (pdftoppm) to render the PDF: apt-get install -y poppler-utils")
    source = tmp_path / "通报.pdf"
    source.write_bytes(data)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("report_pdf-*.png"):
        old.unlink()
    subprocess.run([pdftoppm, "-r", "60", "-png", str(source), str(ARTIFACTS / "report_pdf")], check=True)
    from PIL import Image

    pictures = sorted(ARTIFACTS.glob("report_pdf-*.png"))
    assert len(pictures) == len(reader.pages) >= 3
    for picture in pictures:
        with Image.open(picture) as image:
            dark = sum(image.convert("L").histogram()[:128])
        assert dark > 2000, (picture.name, dark)


# -- the command line ---------------------------------------------------------------------------------------------


def test_kaohe_report_writes_the_word_document_and_logs_the_hand_over(published_file: Path, tmp_path: Path) -> None:
    db = tmp_path / "kaohe.duckdb"
    shutil.copyfile(published_file, db)
    out = tmp_path / "通报.docx"
    assert main(["report", "--period", "2025", "--out", str(out), "--db", str(db), "--date", "2026-01-15"]) == EXIT_OK
    doc = docx.Document(str(out))
    assert round(doc.sections[0].page_width.mm) == 210
    assert texts(doc)[-1] == "2026年1月15日"
    with Store(db) as store:
        (after,) = rows(store, "select after from audit_log where action = 'export' order by audit_id desc limit 1")[0]
    assert json.loads(after)["format"] == "docx"


@pytest.mark.parametrize(
    ("period", "out", "words"),
    [
        pytest.param("2024", "通报.docx", "考核期 2024 的结果尚未发布", id="unpublished"),
        pytest.param("2025", "通报.txt", "通报可写成 .docx（Word）或 .pdf 文件", id="wrong-suffix"),
    ],
)
def test_kaohe_report_refuses_what_it_cannot_write_in_words(
    published_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], period: str, out: str, words: str
) -> None:
    db = tmp_path / "kaohe.duckdb"
    shutil.copyfile(published_file, db)
    assert main(["report", "--period", period, "--out", str(tmp_path / out), "--db", str(db)]) == EXIT_INPUT
    assert words in capsys.readouterr().err
    assert not (tmp_path / out).exists()
