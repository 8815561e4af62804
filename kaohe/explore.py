"""The explorer: filter any ledger on any column, pivot it, and the saved queries and schema of the SQL console.

Analysts choose columns, so the SQL has column names that vary; identifiers cannot be bound as parameters.
They therefore come only from a whitelist built from the ledger spec (`kaohe/ingest/ledgers.toml`) plus the
branch attributes the ledger views add, and are checked against it before they reach a template; every value
a user types or picks is bound as `$p0`, `$p1` …, never formatted into the text.

Every read of ledger rows takes the `Viewer` it acts for and needs Permission.VIEW_DATA; the ledger views
themselves keep only a branch viewer's unit (a bound `$unit_scope`), so pivots, totals, previews, filter
choices and downloads all follow the scope whatever template wraps them. The console needs SQL_CONSOLE.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Protocol

import pandas as pd

from kaohe import PROJECT_ROOT, spreadsheet
from kaohe.access import AccessDenied, Permission, Viewer
from kaohe.ingest.ledgers import ACTIVITY_LEDGERS, load_ledgers
from kaohe.labels import LabelledError
from kaohe.periods import Period
from kaohe.queries import QUERIES_DIR, load_query
from kaohe.sandbox import SqlResult
from kaohe.store import Store

EXPLORE_LEDGERS = ACTIVITY_LEDGERS
DICTIONARY = PROJECT_ROOT / "docs" / "data_dictionary.md"
PREVIEW_ROWS = 200
VALUES_LIMIT = 500

# Branch attributes every ledger view (queries/explore/ledger/*.sql) adds beside unit_id.
_UNIT_COLUMNS = (("unit_name", "text"), ("unit_kind", "choice"), ("unit_community", "text"))
DATE_GRAINS = ("month", "week", "year")


class ExploreError(LabelledError, ValueError):
    """A pivot or filter that names a column or measure the ledger does not have (a hand-edited link, say)."""


@dataclass(frozen=True)
class Column:
    """A column of a ledger view that may be filtered and grouped on; `label_key` names it for people."""

    name: str
    type: str  # a ledgers.toml field type: unit, date, count, number, text, bool, choice
    label: str = ""  # the ledger spec's Chinese name of the field, as clerks know it (empty: use label_key)

    @property
    def label_key(self) -> str:
        """The labels.py key of the column's name."""
        unit_attribute = any(self.name == name for name, _ in _UNIT_COLUMNS)
        return f"explore.col.{self.name}" if unit_attribute else f"field.{self.name}"

    @property
    def numeric(self) -> bool:
        """Whether the column holds numbers (sum, mean and range filters apply)."""
        return self.type in ("count", "number")


@dataclass(frozen=True)
class Measure:
    """What a pivot cell shows: sum(numerator) / sum(denominator), or a count or sum when no denominator.

    `kind` is count, sum, mean or ratio; `column` and `denominator` are ledger-view columns.
    """

    key: str
    kind: str
    column: str | None = None
    denominator: str | None = None

    @property
    def is_ratio(self) -> bool:
        """Whether totals must be computed as ratios of sums."""
        return self.kind in ("mean", "ratio")


# Ratio measures by ledger: (key, numerator column, denominator column) of the ledger views, whose 0/1 flags
# and `one` columns make every rate a ratio of two sums.
RATIO_MEASURES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "services": (("people_per_service", "people_served", "one"),),
    "meetings": (("attendance_rate", "attendees_counted", "members_counted"),),
    "cases": (("satisfaction_rate", "satisfied", "rated"), ("closed_rate", "closed", "one")),
    "disputes": (("resolved_rate", "resolved_flag", "one"), ("escalated_rate", "escalated_flag", "one")),
}
PERCENT_MEASURES = frozenset({"attendance_rate", "satisfaction_rate", "closed_rate", "resolved_rate", "escalated_rate"})


@dataclass(frozen=True)
class Filter:
    """One condition on a column: `contains` (text), `in` (values as text) or `between` (low/high, inclusive)."""

    column: str
    op: str
    values: tuple[str, ...] = ()
    text: str = ""
    low: float | date | None = None
    high: float | date | None = None


@dataclass(frozen=True)
class PivotSpec:
    """What to pivot: a ledger, filters, a row dimension, an optional column dimension and a measure key.

    A dimension is a column name, or `<date column>:<grain>` with grain month, week or year.
    """

    ledger: str
    measure: str = "count"
    rows: str | None = None
    columns: str | None = None
    filters: tuple[Filter, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Pivot:
    """A computed pivot: `cells` long (row_key, col_key, row_total, col_total, numerator, denominator, rows,
    value), and the spec it answers."""

    spec: PivotSpec
    measure: Measure
    cells: pd.DataFrame

    def wide(self, total_label: str, row_label: str, value_label: str, none_label: str = "") -> pd.DataFrame:
        """Rows × columns with totals labelled `total_label`; without a column dimension one `value_label` column."""
        cells = self.cells
        if self.spec.columns is None:
            cells = cells[cells.col_total]
        if self.spec.rows is None:
            cells = cells[cells.row_total]
        rows = [total_label if t else _text(k, none_label) for k, t in zip(cells.row_key, cells.row_total, strict=True)]
        if self.spec.columns is None:
            cols = [value_label] * len(cells)
        else:
            cols = [
                total_label if t else _text(k, none_label) for k, t in zip(cells.col_key, cells.col_total, strict=True)
            ]
        frame = pd.DataFrame({"row": rows, "col": cols, "value": cells["value"].to_numpy()})
        table = frame.pivot_table(index="row", columns="col", values="value", aggfunc="first", sort=False, dropna=False)
        table = table.reindex(index=list(dict.fromkeys(rows)), columns=list(dict.fromkeys(cols)))
        table.index.name = row_label
        table.columns.name = None
        return table.reset_index()

    def grand_total(self) -> float | None:
        """The measure over every filtered row."""
        total = self.cells[self.cells.row_total & self.cells.col_total]
        return None if total.empty or pd.isna(total["value"].iloc[0]) else float(total["value"].iloc[0])


def _text(value: Any, none_label: str) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return none_label
    return str(value)


class SqlConsole(Protocol):
    """Anything that runs an analyst's statement read-only (kaohe.sandbox.Console does)."""

    def run(self, sql: str) -> SqlResult:
        """Run one statement and return its capped result."""
        ...


# -- the whitelist -------------------------------------------------------------------------------------


def columns(ledger: str) -> tuple[Column, ...]:
    """The columns of `ledger` that may be filtered and grouped on, from the ledger spec, in its order."""
    if ledger not in EXPLORE_LEDGERS:
        raise ExploreError("explore.error.ledger", ledger=ledger, ledgers=list(EXPLORE_LEDGERS))
    spec = load_ledgers()[ledger]
    found: list[Column] = []
    for f in spec.fields:
        found.append(Column(f.name, f.type, f.label))
        if f.type == "unit":
            found.extend(Column(name, kind) for name, kind in _UNIT_COLUMNS)
    return tuple(found)


def column(ledger: str, name: str) -> Column:
    """The whitelisted column `name` of `ledger`; ExploreError names the ledger when there is none."""
    for c in columns(ledger):
        if c.name == name:
            return c
    raise ExploreError("explore.error.column", ledger=ledger, name=name)


def period_filter(ledger: str, period: Period) -> Filter:
    """The ledger's own date (its first date field: service_date, received_date …) within `period`."""
    first_date = next(c for c in columns(ledger) if c.type == "date")
    return Filter(first_date.name, "between", low=period.start, high=period.end - timedelta(days=1))


def dimensions(ledger: str) -> tuple[str, ...]:
    """Dimensions a pivot may group by: every non-numeric column, dates also by month, week and year."""
    found: list[str] = []
    for c in columns(ledger):
        if c.type == "date":
            found.extend(f"{c.name}:{grain}" for grain in DATE_GRAINS)
        elif not c.numeric and c.name not in ("title", "topic", "summary"):
            found.append(c.name)
    return tuple(found)


def measures(ledger: str) -> tuple[Measure, ...]:
    """Measures of `ledger`: row count, sum and mean of each numeric field, and the ledger's ratio measures."""
    found = [Measure("count", "count")]
    for c in columns(ledger):
        if c.numeric:
            found.append(Measure(f"sum:{c.name}", "sum", c.name))
            found.append(Measure(f"mean:{c.name}", "mean", c.name))
    found.extend(Measure(key, "ratio", num, den) for key, num, den in RATIO_MEASURES.get(ledger, ()))
    return tuple(found)


def measure(ledger: str, key: str) -> Measure:
    """The measure `key` of `ledger`."""
    for m in measures(ledger):
        if m.key == key:
            return m
    raise ExploreError("explore.error.measure", ledger=ledger, name=key)


# -- SQL from templates ----------------------------------------------------------------------------------


def _ident(name: str) -> str:
    # Only names that passed the whitelist reach here; the check is a second line of defence.
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise ExploreError("explore.error.identifier", name=repr(name))
    return '"' + name + '"'


def _scope(viewer: Viewer) -> dict[str, Any]:
    # Every ledger view reads `$unit_scope`; binding it here, beside the permission check, is the one way in.
    viewer.require(Permission.VIEW_DATA)
    return {"unit_scope": viewer.unit_scope}


def _base(ledger: str) -> str:
    columns(ledger)  # validates the ledger name before it becomes a file name
    return load_query(f"explore/ledger/{ledger}")


def _dimension_sql(ledger: str, dimension: str | None) -> str:
    # Fixed fragments only: a whitelisted column, optionally truncated to a fixed date grain.
    if dimension is None:
        return "cast(null as varchar)"
    name, _, grain = dimension.partition(":")
    col = column(ledger, name)
    ref = f"f.{_ident(col.name)}"
    if grain:
        if col.type != "date" or grain not in DATE_GRAINS:
            raise ExploreError("explore.error.grain", name=name, grain=grain)
        fmt = {"month": "%Y-%m", "week": "%G-W%V", "year": "%Y"}[grain]
        return f"strftime({ref}, '{fmt}')"
    if col.numeric:
        raise ExploreError("explore.error.numeric_dimension", name=name)
    if col.type == "bool":
        return f"case when {ref} then '是' when not {ref} then '否' end"  # cjk: yes/no as the ledgers write them
    return f"cast({ref} as varchar)"


def _aggregates(ledger: str, m: Measure) -> tuple[str, str]:
    if m.kind == "count":
        return "count(*)", "cast(null as bigint)"
    num = f"sum(k.{_ident(column_or_view(ledger, m.column))})"
    if m.kind == "sum":
        return num, "cast(null as bigint)"
    if m.kind == "mean":
        return num, f"count(k.{_ident(column_or_view(ledger, m.column))})"
    return num, f"sum(k.{_ident(column_or_view(ledger, m.denominator))})"


def column_or_view(ledger: str, name: str | None) -> str:
    """A measure input: a whitelisted column, or a helper column of the ledger view named in RATIO_MEASURES."""
    helpers = {c for _, num, den in RATIO_MEASURES.get(ledger, ()) for c in (num, den)}
    if name is not None and (name in helpers or any(c.name == name for c in columns(ledger))):
        return name
    raise ExploreError("explore.error.measure_column", ledger=ledger, name=name)


def where_clause(ledger: str, filters: Sequence[Filter]) -> tuple[str, dict[str, Any]]:
    """The filters as SQL over `b.` with every value bound as `$p0`, `$p1` …; `true` when there are none."""
    parts: list[str] = []
    params: dict[str, Any] = {}

    def bind(value: Any) -> str:
        name = f"p{len(params)}"
        params[name] = value
        return f"${name}"

    for f in filters:
        col = column(ledger, f.column)
        ref = f"b.{_ident(col.name)}"
        if f.op == "contains":
            if f.text.strip():
                parts.append(f"contains(lower(cast({ref} as varchar)), lower({bind(f.text.strip())}))")
        elif f.op == "in":
            if f.values:
                parts.append(f"list_contains({bind(list(f.values))}, cast({ref} as varchar))")
        elif f.op == "between":
            if col.type != "date" and not col.numeric:
                raise ExploreError("explore.error.range", name=f.column)
            if f.low is not None:
                parts.append(f"{ref} >= {bind(f.low)}")
            if f.high is not None:
                parts.append(f"{ref} <= {bind(f.high)}")
        else:
            raise ExploreError("explore.error.filter", op=f.op)
    return (" and ".join(parts) or "true"), params


def pivot_sql(spec: PivotSpec, viewer: Viewer) -> tuple[str, dict[str, Any]]:
    """The SQL text and bound parameters of a pivot over the rows `viewer` may see."""
    scope = _scope(viewer)
    m = measure(spec.ledger, spec.measure)
    where, params = where_clause(spec.ledger, spec.filters)
    numerator, denominator = _aggregates(spec.ledger, m)
    sql = load_query("explore/pivot/pivot").format(
        base=_base(spec.ledger),
        where=where,
        row_key=_dimension_sql(spec.ledger, spec.rows),
        col_key=_dimension_sql(spec.ledger, spec.columns),
        numerator=numerator,
        denominator=denominator,
    )
    return sql, {**params, **scope}


def pivot(store: Store, viewer: Viewer, spec: PivotSpec) -> Pivot:
    """Run a pivot; `value` is numerator / denominator (None where the denominator is 0) or the count/sum."""
    sql, params = pivot_sql(spec, viewer)
    cells = store.query_text(sql, params)
    num = pd.to_numeric(cells["numerator"], errors="coerce").astype("float64")
    den = pd.to_numeric(cells["denominator"], errors="coerce").astype("float64")
    m = measure(spec.ledger, spec.measure)
    if m.is_ratio:
        cells["value"] = (num / den.where(den != 0)).astype("float64")
    elif m.kind == "count" or column(spec.ledger, str(m.column)).type == "count":
        cells["value"] = num.round().astype("Int64")
    else:
        cells["value"] = num
    cells["row_total"] = cells["row_total"].astype(bool)
    cells["col_total"] = cells["col_total"].astype(bool)
    return Pivot(spec=spec, measure=m, cells=cells)


def filtered_rows(
    store: Store, viewer: Viewer, ledger: str, filters: Sequence[Filter], limit: int = PREVIEW_ROWS
) -> pd.DataFrame:
    """At most `limit` filtered rows of the ledger view, with `total_rows` (the count before the limit)."""
    scope = _scope(viewer)
    where, params = where_clause(ledger, filters)
    sql = load_query("explore/pivot/rows").format(base=_base(ledger), where=where)
    return store.query_text(sql, {**params, **scope, "limit": limit})


def distinct_values(store: Store, viewer: Viewer, ledger: str, name: str, limit: int = VALUES_LIMIT) -> list[str]:
    """The values of a column as text, most frequent first, for a "value in list" filter."""
    scope = _scope(viewer)
    col = column(ledger, name)
    sql = load_query("explore/pivot/values").format(base=_base(ledger), column=_ident(col.name))
    return [str(v) for v in store.query_text(sql, {**scope, "limit": limit})["value"]]


def value_range(store: Store, viewer: Viewer, ledger: str, name: str) -> tuple[Any, Any]:
    """The smallest and largest value of a date or numeric column (None, None when the ledger is empty)."""
    scope = _scope(viewer)
    col = column(ledger, name)
    if col.type != "date" and not col.numeric:
        raise ExploreError("explore.error.not_range", name=name)
    sql = load_query("explore/pivot/range").format(base=_base(ledger), column=_ident(col.name))
    row = store.query_text(sql, scope).iloc[0]
    low, high = row["low"], row["high"]
    return (None if pd.isna(low) else low), (None if pd.isna(high) else high)


# -- downloads -------------------------------------------------------------------------------------------


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV for Excel on a Chinese Windows (UTF-8 with a BOM), formula-like text escaped (kaohe.spreadsheet)."""
    return spreadsheet.csv_bytes(frame)


def xlsx_bytes(frame: pd.DataFrame, sheet: str) -> bytes:
    """One sheet of an xlsx workbook; text is written as text, never as a formula (kaohe.spreadsheet)."""
    return spreadsheet.xlsx_bytes({sheet: frame})


# -- saved console queries and the schema browser --------------------------------------------------------


@dataclass(frozen=True)
class SavedQuery:
    """A saved console query from `queries/explore/<name>.sql`: first comment line the title, the rest the
    description; comment lines starting `en:` give them in English (title first)."""

    name: str
    title: str
    description: str
    sql: str
    title_en: str = ""
    description_en: str = ""

    def title_in(self, lang: str) -> str:
        """The title in `lang`."""
        return self.title_en if lang == "en" and self.title_en else self.title


def run_console(console: SqlConsole, viewer: Viewer, sql: str) -> SqlResult:
    """Run an analyst's statement on the console's read-only snapshot, for viewers with SQL_CONSOLE only."""
    viewer.require(Permission.SQL_CONSOLE)
    if viewer.unit_scope is not None:
        # The snapshot holds every unit's rows and free SQL cannot be narrowed to some units, so a scoped viewer
        # (a branch, a leader) has no console, whatever a role table might one day grant.
        raise AccessDenied("access.no_console", user=viewer.user, units=viewer.scope_words())
    return console.run(sql)


def saved_queries() -> tuple[SavedQuery, ...]:
    """The saved queries analysts start from, sorted by file name."""
    found = []
    for path in sorted((QUERIES_DIR / "explore").glob("*.sql")):
        text = path.read_text(encoding="utf-8")
        header = []
        for line in text.splitlines():
            if not line.startswith("--"):
                break
            header.append(line[2:].strip())
        english = [line.removeprefix("en:").strip() for line in header if line.startswith("en:")]
        header = [line for line in header if not line.startswith("en:")]
        title = header[0] if header else path.stem
        found.append(
            SavedQuery(
                path.stem,
                title,
                " ".join(header[1:]),
                text,
                title_en=english[0] if english else title,
                description_en=" ".join(english[1:]),
            )
        )
    return tuple(found)


@dataclass(frozen=True)
class DocColumn:
    """One documented column: name, type and meaning, in English and Chinese."""

    name: str
    type: str
    meaning: str
    meaning_zh: str = ""

    def meaning_in(self, lang: str) -> str:
        """The meaning in `lang` (Chinese falls back to English only for a row without one)."""
        return self.meaning_zh if lang == "zh" and self.meaning_zh else self.meaning


@dataclass(frozen=True)
class DocTable:
    """One documented table: its name, the paragraph about it (English, and Chinese after 说明：) and its columns."""

    name: str
    description: str
    columns: tuple[DocColumn, ...]
    description_zh: str = ""

    def description_in(self, lang: str) -> str:
        """The paragraph in `lang`."""
        return self.description_zh if lang == "zh" and self.description_zh else self.description

    def title_in(self, lang: str) -> str:
        """The paragraph's first clause ("导入记录", "Which schema files have been applied to this database"), whole."""
        clauses = [c.strip() for c in _FIRST_CLAUSE.split(self.description_in(lang)) if c.strip()]
        if lang != "zh":  # the English paragraph may open with the Chinese name ("导入记录: one row per …")
            clauses = [c for c in clauses if re.search(r"[A-Za-z]{2}", c)] or clauses
        return clauses[0] if clauses else self.name


_FIRST_CLAUSE = re.compile(r"[：:，。；;]|\. ")  # cjk: the punctuation that ends a clause of the dictionary


_HEADING = re.compile(r"^## (\w+)\s*$")
# | column | type | meaning | 含义 | — the English meaning may itself hold " | " (count | rate), the Chinese never does;
# a table written before the 含义 column had three.
_ROW = re.compile(r"^\| (\w+) \| (\w+) \| (.+) \| ([^|]*) \|$")
_ROW_EN = re.compile(r"^\| (\w+) \| (\w+) \| (.+?) \|$")
_HEADER_ZH = "| column | type | meaning | 含义 |"  # cjk: the dictionary's own format
_ZH_DESCRIPTION = "说明："  # cjk: the dictionary's own format


def documented_tables(text: str | None = None) -> tuple[DocTable, ...]:
    """Parse the data dictionary (`## table`, a paragraph, 说明：its Chinese, `| column | type | meaning | 含义 |`)."""
    text = DICTIONARY.read_text(encoding="utf-8") if text is None else text
    tables: list[DocTable] = []
    name: str | None = None
    description: list[str] = []
    description_zh: list[str] = []
    cols: list[DocColumn] = []
    bilingual = False

    def flush() -> None:
        if name is not None:
            tables.append(DocTable(name, " ".join(description).strip(), tuple(cols), "".join(description_zh)))

    for line in text.splitlines():
        if heading := _HEADING.match(line):
            flush()
            name, description, description_zh, cols, bilingual = heading.group(1), [], [], [], False
        elif name is None:
            continue
        elif line.startswith("| column |"):
            bilingual = line.startswith(_HEADER_ZH)
        elif (row := (_ROW if bilingual else _ROW_EN).match(line)) and row.group(1) != "column":
            zh = row.group(4).strip() if bilingual else ""
            cols.append(DocColumn(row.group(1), row.group(2), row.group(3).strip(), zh))
        elif line.startswith(_ZH_DESCRIPTION) and not cols:
            description_zh.append(line.removeprefix(_ZH_DESCRIPTION).strip())
        elif line.strip() and not line.startswith("|") and not cols:
            description.append(line.strip())
    flush()
    return tuple(tables)
