"""Blank ledger templates: canonical headers, instructions, date formats and drop-downs; a filled template
imports with zero rejects and no header problem."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import column_index_from_string

from kaohe.cli import EXIT_OK, main
from kaohe.ingest import LEDGERS, import_file, load_ledgers
from kaohe.ingest.template import roster_names, template_file_name, template_workbook
from kaohe.store import Store

_RANGE = re.compile(r"^'(?P<sheet>[^']+)'!\$(?P<col>[A-Z]+)\$(?P<first>\d+):\$[A-Z]+\$(?P<last>\d+)$")


def drop_downs(book: Any) -> dict[str, list[str]]:
    """The drop-down values of each column of the template's first sheet, by header."""
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    found = {}
    for validation in sheet.data_validations.dataValidation:
        if validation.type != "list":
            continue
        where = _RANGE.match(validation.formula1)
        assert where is not None, validation.formula1
        lists = book[where["sheet"]]
        column = column_index_from_string(where["col"])
        values = [lists.cell(r, column).value for r in range(int(where["first"]), int(where["last"]) + 1)]
        first_column = min(cell_range.min_col for cell_range in validation.sqref.ranges)
        found[headers[first_column - 1]] = values
    return found


def validation_types(book: Any) -> dict[str, str | None]:
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    return {headers[min(r.min_col for r in v.sqref.ranges) - 1]: v.type for v in sheet.data_validations.dataValidation}


def fill(book: Any, ledger: str, rows: int) -> bytes:
    """Fill `rows` rows of the template the way a clerk would: drop-down values, dates, numbers, text."""
    sheet = book.worksheets[0]
    lists = drop_downs(book)
    fields = {f.label: f for f in load_ledgers()[ledger].fields}
    for r in range(rows):
        values: list[object] = []
        for cell in sheet[1]:
            field = fields[cell.value]
            if field.name == "unit_id" and ledger == "units":
                values.append(None)  # codes are assigned on import
            elif field.name == "name":
                values.append(f"模板测试第{r + 1}党支部")
            elif field.type == "date":
                values.append(dt.datetime(2025, 3, 5 + r))
            elif cell.value in lists and field.type != "text":
                options = lists[cell.value]
                values.append(options[r % len(options)])
            elif field.type in ("count", "number"):
                values.append(12 if field.type == "count" else 1.5)
            else:
                values.append(f"{field.label}{r}")
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("ledger", LEDGERS)
def test_a_template_has_canonical_headers_instructions_and_drop_downs(units_roster: Store, ledger: str) -> None:
    definition = load_ledgers()[ledger]
    units = roster_names(units_roster)
    book = openpyxl.load_workbook(io.BytesIO(template_workbook(ledger, units, lang="zh")))
    assert book.sheetnames == [definition.label, "填表说明", "选项"]
    assert [ws.sheet_state for ws in book.worksheets] == ["visible", "visible", "hidden"]
    assert [c.value for c in book.worksheets[0][1]] == [f.label for f in definition.fields]
    lists = drop_downs(book)
    types = validation_types(book)
    for field in definition.fields:
        if field.type == "unit":
            assert lists[field.label] == units
        elif field.type == "choice":
            assert lists[field.label] == list(field.values)
        elif field.type == "bool":
            assert lists[field.label] == ["是", "否"]
        elif field.type == "date":
            assert types[field.label] == "date"
            column = [f.name for f in definition.fields].index(field.name) + 1
            widths = book.worksheets[0].column_dimensions.values()
            (covering,) = [d for d in widths if d.min is not None and d.min <= column <= d.max]
            assert covering.number_format == "yyyy-mm-dd"
        elif field.type == "count":
            assert types[field.label] == "whole"
    notes = [[c.value for c in row] for row in book["填表说明"].iter_rows()]
    listed = {row[0]: row[1] for row in notes if row[0] in {f.label for f in definition.fields}}
    assert listed == {f.label: "必填" if f.required else "选填" for f in definition.fields}


@pytest.mark.parametrize("ledger", LEDGERS)
def test_a_filled_template_imports_with_zero_rejects(units_roster: Store, ledger: str) -> None:
    book = openpyxl.load_workbook(io.BytesIO(template_workbook(ledger, roster_names(units_roster))))
    result = import_file(units_roster, fill(book, ledger, rows=3), template_file_name(ledger))
    assert (result.ledger, result.loaded, result.rejected, result.skipped) == (ledger, 3, 0, 0)
    if ledger == "units":
        assert result.codes["unit_id"].tolist() == ["SQ01", "CUN01", "JG01"]  # U01… are the roster's own codes


def test_a_template_with_only_its_headers_is_refused_as_having_no_rows(units_roster: Store) -> None:
    data = template_workbook("meetings", roster_names(units_roster))
    with pytest.raises(Exception, match="在表头（工作表「组织生活台账」第 1 行）下面没有数据行"):
        import_file(units_roster, data, "组织生活台账_模板.xlsx")


def test_the_instructions_follow_the_language() -> None:
    book = openpyxl.load_workbook(io.BytesIO(template_workbook("cases", (), lang="en")))
    assert book.sheetnames == ["代办与实事台账", "Instructions", "Lists"]
    first = book["Instructions"]["A1"].value
    assert first == "How to fill in the Cases template"
    assert template_file_name("cases", "en") == "cases_template.xlsx"
    assert template_file_name("cases", "zh") == "代办与实事台账_模板.xlsx"


def test_kaohe_template_writes_the_file_with_the_roster(
    units_roster: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(units_roster.path)
    units_roster.close()
    out = tmp_path / "服务.xlsx"
    assert main(["template", "services", "--out", str(out), "--db", db]) == EXIT_OK
    assert "（支部下拉列表含 4 个党组织）" in capsys.readouterr().out
    book = openpyxl.load_workbook(out)
    assert drop_downs(book)["所属支部"][:2] == ["陇海东路第一社区党支部", "新郑路社区党支部"]


def test_kaohe_template_without_a_database_creates_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "none.duckdb"
    assert main(["template", "disputes", "--db", str(db)]) == EXIT_OK
    assert not db.exists()
    book = openpyxl.load_workbook(tmp_path / "矛盾纠纷与信访台账_模板.xlsx")
    assert "所属支部" not in drop_downs(book)
