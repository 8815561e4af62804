"""The data dictionary in docs/ describes exactly the tables and columns the schema creates."""

from __future__ import annotations

import re

import pytest

from kaohe import PROJECT_ROOT
from kaohe.store import Store

DICTIONARY = PROJECT_ROOT / "docs" / "data_dictionary.md"
_HEADING = re.compile(r"^## (\w+)\s*$")
_ROW = re.compile(r"^\| (\w+) \| (\w+) \| .+\|$")


def documented_columns(text: str) -> dict[str, dict[str, str]]:
    """Parse `## table` headings and their `| column | type | meaning |` rows."""
    tables: dict[str, dict[str, str]] = {}
    current = None
    for line in text.splitlines():
        if heading := _HEADING.match(line):
            current = heading.group(1)
            tables[current] = {}
        elif current and (row := _ROW.match(line)) and row.group(1) != "column":
            tables[current][row.group(1)] = row.group(2)
    return tables


def schema_columns(store: Store) -> dict[str, dict[str, str]]:
    """Tables and views of the live schema with their column types, lower-cased."""
    rows = (
        store.cursor()
        .execute(
            "select table_name, column_name, lower(data_type) from information_schema.columns "
            "where table_schema = 'main' order by table_name, ordinal_position"
        )
        .fetchall()
    )
    tables: dict[str, dict[str, str]] = {}
    for table, column, data_type in rows:
        tables.setdefault(table, {})[column] = data_type
    return tables


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    with Store(tmp_path_factory.mktemp("dd") / "dd.duckdb") as store:
        return schema_columns(store)


@pytest.fixture(scope="module")
def documented() -> dict[str, dict[str, str]]:
    return documented_columns(DICTIONARY.read_text(encoding="utf-8"))


def test_every_table_is_documented(live: dict[str, dict[str, str]], documented: dict[str, dict[str, str]]) -> None:
    assert sorted(set(live) - set(documented)) == []


def test_no_documented_table_is_missing(live: dict[str, dict[str, str]], documented: dict[str, dict[str, str]]) -> None:
    assert sorted(set(documented) - set(live)) == []


def test_columns_and_types_match(live: dict[str, dict[str, str]], documented: dict[str, dict[str, str]]) -> None:
    mismatches = []
    for table, columns in live.items():
        doc = documented.get(table, {})
        if list(doc) != list(columns):
            mismatches.append(f"{table}: schema {list(columns)} vs documented {list(doc)}")
            continue
        for column, data_type in columns.items():
            if not data_type.startswith(doc[column]):
                mismatches.append(f"{table}.{column}: schema {data_type} vs documented {doc[column]}")
    assert mismatches == []


def test_parser_reads_a_table() -> None:
    text = "## t\nabout\n\n| column | type | meaning |\n|---|---|---|\n"
    text += "| a | integer | x |\n| b | varchar | y |\n"
    assert documented_columns(text) == {"t": {"a": "integer", "b": "varchar"}}


def test_every_table_and_column_is_described_in_both_languages() -> None:
    """The console's data dictionary tab shows the Chinese meaning in the Chinese UI, the English one in English."""
    from kaohe.explore import documented_tables

    tables = documented_tables()
    assert len(tables) == len(documented_columns(DICTIONARY.read_text(encoding="utf-8")))
    cjk = re.compile(r"[\u4e00-\u9fff]")
    for table in tables:
        assert cjk.search(table.description_zh), f"{table.name}: no 说明： line"
        assert table.description and table.title_in("en") and table.title_in("zh")
        for column in table.columns:
            assert cjk.search(column.meaning_zh), f"{table.name}.{column.name}: no Chinese meaning"
            assert column.meaning and column.meaning_in("en") == column.meaning
            assert column.meaning_in("zh") == column.meaning_zh
