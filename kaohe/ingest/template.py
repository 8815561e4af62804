"""Blank ledger templates: an xlsx per ledger that a branch fills in and the importer reads without a header
problem.

The headers are the fields' canonical labels from ledgers.toml (which the importer always recognises), required
columns marked by colour; date columns are date-formatted, and drop-down lists offer the units of the roster,
the choices of choice fields (会议类型, 代办/实事 …), 是/否 and common values. A second sheet explains every
column; the lists live on a hidden third sheet, which the importer never reads. Written with xlsxwriter with
strings_to_formulas off, so no text a roster holds becomes a live formula.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from kaohe.ingest.errors import IngestError
from kaohe.ingest.ledgers import Field, Ledger, load_ledgers
from kaohe.labels import current_language, label
from kaohe.store import Store

TEMPLATE_ROWS = 5000  # rows the formats and drop-downs cover
_REQUIRED_FILL = "#F8CBAD"
_OPTIONAL_FILL = "#BDD7EE"
_FIRST_DAY = dt.date(1949, 1, 1)
_LAST_DAY = dt.date(2099, 12, 31)


def roster_names(store: Store) -> list[str]:
    """The units' names for the templates' unit drop-down, by code."""
    return [str(name) for name in store.query("roster/units")["name"]]


def service_categories(store: Store) -> list[str]:
    """Service categories already used, most used first, for the services template's drop-down."""
    return [str(c) for c in store.query("ingest/service_categories")["category"]]


def template_file_name(ledger: str, lang: str | None = None) -> str:
    """The template's file name: 便民服务台账_模板.xlsx (services_template.xlsx in English)."""
    definition = _ledger(ledger)
    shown = definition.name if (lang or current_language()) == "en" else definition.label
    return label("template.file_name", lang).format(ledger=shown)


def _ledger(name: str) -> Ledger:
    ledgers = load_ledgers()
    if name not in ledgers:
        raise IngestError("ingest.unknown_ledger", ledger=name, choices=list(ledgers))
    return ledgers[name]


def _rule(field: Field, ledger: Ledger, units: Sequence[str], lang: str) -> str:
    """What to enter in a column, in words."""
    separator = label("list.separator", lang)
    if ledger.name == "units" and field.name == "unit_id":
        return label("template.rule.code", lang)
    if ledger.name == "units" and field.name == "aliases":
        return label("template.rule.aliases", lang)
    if field.type == "unit":
        return label("template.rule.unit" if units else "template.rule.unit_free", lang)
    if field.type == "choice":
        return label("template.rule.choice", lang).format(values=separator.join(field.values))
    if field.type == "bool":
        return label("template.rule.bool", lang).format(true=field.true[0], false=field.false[0])
    if field.suggestions:
        return label("template.rule.suggest", lang).format(values=separator.join(field.suggestions))
    return label(f"template.rule.{field.type}", lang)


def _example(field: Field, units: Sequence[str]) -> str:
    if field.type == "date":
        return "2025-03-05"
    if field.type == "unit":
        return units[0] if units else "陇海东路第一社区党支部"  # cjk: an example unit name (data) for an empty roster
    if field.type == "choice":
        return field.values[0]
    if field.type == "bool":
        return field.true[0]
    if field.type == "count":
        return "12"
    if field.type == "number":
        return "1.5"
    return field.example


def _choices(field: Field, units: Sequence[str], categories: Sequence[str]) -> list[str]:
    """The drop-down values of a column (empty: no drop-down); a list of units offers one name at a time and
    accepts several typed with 、."""
    if field.type in ("unit", "units"):
        return list(units)
    if field.type == "choice":
        return list(field.values)
    if field.type == "bool":
        return [field.true[0], field.false[0]]
    if field.name == "category" and categories:
        return list(dict.fromkeys([*field.suggestions, *categories]))
    return list(field.suggestions)


def template_workbook(
    ledger: str, units: Sequence[str] = (), categories: Sequence[str] = (), lang: str | None = None
) -> bytes:
    """The blank template of `ledger` as xlsx bytes; `units` fill the unit drop-down, `categories` add to the
    services categories offered; instructions in `lang` (default: the current language)."""
    definition = _ledger(ledger)
    language = lang or current_language()
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False})
    sheet = book.add_worksheet(definition.label)
    notes = book.add_worksheet(label("template.sheet_instructions", language))
    lists = book.add_worksheet(label("template.sheet_options", language))
    lists.hide()
    header = {"bold": True, "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True}
    required = book.add_format({**header, "bg_color": _REQUIRED_FILL})
    optional = book.add_format({**header, "bg_color": _OPTIONAL_FILL})
    formats = {
        "date": book.add_format({"num_format": "yyyy-mm-dd"}),
        "text": book.add_format({"num_format": "@"}),
        "unit": book.add_format({"num_format": "@"}),
        "choice": book.add_format({"num_format": "@"}),
        "bool": book.add_format({"num_format": "@"}),
    }
    sheet.set_row(0, 30)
    sheet.freeze_panes(1, 0)
    list_column = 0
    for column, field in enumerate(definition.fields):
        sheet.write_string(0, column, field.label, required if field.required else optional)
        sheet.set_column(column, column, max(12, 2 * len(field.label) + 4), formats.get(field.type))
        rule = _rule(field, definition, units, language)
        validation: dict[str, object] = {
            "validate": "any",  # a hint when the cell is selected; the branches below add a check
            "input_title": label("template.input_title", language),
            "input_message": rule[:255],
            "error_title": label("template.error_title", language),
        }
        choices = _choices(field, units, categories)
        if choices:
            lists.write_string(0, list_column, field.label)
            lists.write_column(1, list_column, choices)
            letter = xl_col_to_name(list_column)
            sheet_name = label("template.sheet_options", language)
            validation |= {
                "validate": "list",
                "source": f"='{sheet_name}'!${letter}$2:${letter}${len(choices) + 1}",
                "error_message": label("template.error_list", language),
                # Suggestions and units offer values; only choice and yes/no fields forbid others.
                "error_type": "stop" if field.type in ("choice", "bool") else "information",
            }
            list_column += 1
        elif field.type == "date":
            validation |= {"validate": "date", "criteria": "between", "minimum": _FIRST_DAY, "maximum": _LAST_DAY,
                           "error_message": label("template.error_date", language)}  # fmt: skip
        elif field.type in ("count", "number"):
            validation |= {
                "validate": "integer" if field.type == "count" else "decimal",
                "criteria": ">=",
                "value": 0,
                "error_message": label(f"template.error_{field.type}", language),
            }
        sheet.data_validation(1, column, TEMPLATE_ROWS, column, validation)
    _write_notes(notes, book, definition, units, language)
    sheet.activate()
    book.close()
    return buffer.getvalue()


def _write_notes(notes: Any, book: Any, ledger: Ledger, units: Sequence[str], lang: str) -> None:
    """The instructions sheet: general notes, then one row per column (required, what to enter, example)."""
    title = book.add_format({"bold": True, "font_size": 14})
    head = book.add_format({"bold": True, "border": 1, "bg_color": "#D9D9D9"})
    cell = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    shown = ledger.label if lang == "zh" else label(f"ledger.{ledger.name}", lang)
    write = notes.write_string
    write(0, 0, label("template.title", lang).format(ledger=shown), title)
    lines = ["template.note.rows", "template.note.required", "template.note.lists", "template.note.import"]
    texts = [label(key, lang) for key in lines]
    if units:
        texts.append(label("template.note.units", lang).format(n=len(units)))
    else:
        texts.append(label("template.note.no_roster", lang))
    for row, text in enumerate(texts, start=1):
        write(row, 0, f"{row}. {text}")
    top = len(texts) + 2
    for column, key in enumerate(("column", "required", "rule", "example")):
        write(top, column, label(f"template.col.{key}", lang), head)
    for row, field in enumerate(ledger.fields, start=top + 1):
        write(row, 0, field.label, cell)
        write(row, 1, label("template.required" if field.required else "template.optional", lang), cell)
        write(row, 2, _rule(field, ledger, units, lang), cell)
        write(row, 3, _example(field, units), cell)
    notes.set_column(0, 0, 16)
    notes.set_column(1, 1, 10)
    notes.set_column(2, 2, 60)
    notes.set_column(3, 3, 28)
