"""`kaohe score`: ranking on stdout, JSON with indicator lines, xlsx/csv files, clear errors with exit 1."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest
from test_scoring_support import DATA, fixture_store, read_ledger

from kaohe.assessments import load_assessments
from kaohe.cli import main
from kaohe.scheme import load_scheme

SCHEME = str(DATA / "golden_scheme.toml")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "cli.duckdb"
    units = read_ledger("units")
    # A name a spreadsheet would run as a formula: exports must write it as text.
    units.loc[units["unit_id"] == "E", "name"] = "=1+1戊科"
    store = fixture_store(path, {"units": units})
    scheme = load_scheme(SCHEME)
    load_assessments(store, DATA / "qualitative.csv", scheme=scheme)
    load_assessments(store, DATA / "adjustments.csv", scheme=scheme)
    store.close()
    return path


def test_prints_the_ranking(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", "--period", "2025", "--db", str(db), "--scheme", SCHEME]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert "金样例评分办法" in lines[0]
    assert lines[1].startswith("实时：")
    assert lines[2].split() == ["排名", "党组织", "类型", "总分", "等次", "组织", "服务", "治理", "评议"]
    assert lines[3].split()[:5] == ["1", "丙科党支部", "机关", "95.00", "优秀"]
    assert "一票否决：=1+1戊科（违纪违法：支部书记受党纪处分）" in out


def test_json_has_one_object_per_unit_with_its_lines(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", "--period", "2025", "--db", str(db), "--scheme", SCHEME, "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["period"] == "2025" and payload["scheme"]["id"] == "golden"
    assert [u["unit_id"] for u in payload["units"]] == ["C", "A", "D", "B", "E"]
    first = payload["units"][0]
    assert first["total"] == 95.0 and first["grade"] == "优秀"
    assert first["dimensions"] == {"组织": 18.75, "服务": 20.25, "治理": 15.0, "评议": 38.0}
    assert len(first["lines"]) == 14
    assert {"rule", "target", "actual", "points", "points_lost", "explanation"} <= set(first["lines"][0])
    assert len(payload["result_hash"]) == 64


def test_writes_csv_with_bom_and_escaped_formulas(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "result.csv"
    assert main(["score", "--period", "2025", "--db", str(db), "--scheme", SCHEME, "--out", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0][:5] == ["排名", "类内排名", "编号", "党组织", "类型"]
    assert [r[3] for r in rows[1:]] == ["丙科党支部", "甲社区党支部", "丁公司党支部", "乙社区党支部", "'=1+1戊科"]


def test_writes_xlsx_with_text_not_formulas(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "result.xlsx"
    assert main(["score", "--period", "2025", "--db", str(db), "--scheme", SCHEME, "--out", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["排名", "指标明细", "加扣分", "评语", "评分办法", "数据质量"]
    sheet = book["排名"]
    names = [sheet.cell(row=r, column=4).value for r in range(5, 10)]
    # A formula-looking name is stored as text with Excel's quote prefix, so it reads exactly as typed.
    assert names == ["丙科党支部", "甲社区党支部", "丁公司党支部", "乙社区党支部", "=1+1戊科"]
    assert sheet.cell(row=9, column=4).data_type == "s"
    assert sheet.cell(row=9, column=4).quotePrefix
    totals = [sheet.cell(row=r, column=13).value for r in range(5, 10)]
    assert totals == [95.0, 92.17, 72.31, 49.63, 69.5]
    assert book["指标明细"].max_row == 1 + 5 * 14


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--period", "2025年"], "无法识别的考核期"),
        (["--period", "2025", "--scheme", "missing.toml"], "无法读取文件"),
        (["--period", "2025", "--out", "x.docx"], ".xlsx, .csv, .pdf"),
    ],
    ids=["bad period", "missing scheme", "unsupported output"],
)
def test_input_errors_exit_1(db: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    args = ["score", "--db", str(db), *argv]
    if "--scheme" not in argv:
        args += ["--scheme", SCHEME]
    assert main(args) == 1
    assert message in capsys.readouterr().err


def test_invalid_scheme_names_the_indicator(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(Path(SCHEME).read_text(encoding="utf-8").replace('"service_count"', '"services"'), encoding="utf-8")
    assert main(["score", "--period", "2025", "--db", str(db), "--scheme", str(bad)]) == 1
    assert "指标 g_services：字段 measure" in capsys.readouterr().err


def test_empty_database_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", "--period", "2025", "--db", str(tmp_path / "empty.duckdb"), "--scheme", SCHEME]) == 1
    assert "没有在册的党组织" in capsys.readouterr().err


def test_missing_period_is_a_usage_error(db: Path) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["score", "--db", str(db)])
    assert caught.value.code == 2
