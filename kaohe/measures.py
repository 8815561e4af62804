"""The measures a scheme can score, each declared once: its ledger, which rows count and what each row adds.

One declaration serves both uses of a measure, so its filter exists once: scoring sums every measure a scheme
uses on one ledger in one grouped scan of that ledger (`scan_sql`, from queries/measures/scan.sql), and the
scorecard lists the rows behind one unit's value (`rows_sql`, from queries/measures/rows.sql). The fragments below
are SQL over one ledger row `l`, with the measure's arguments as `$name`; they are code, never user input, and
arguments are always bound.

Kinds: a **count** is a number of rows or a sum (its targets pro-rate); a **rate** is a ratio of sums (never an
average of ratios; no pro-rating); **items** are missed windows (a meeting owed every month or quarter);
**categories** are counts by category (each row in the first category whose condition holds).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from kaohe.queries import load_query

KINDS = ("count", "rate", "items", "categories")


@dataclass(frozen=True)
class Ledger:
    """How scoring reads one ledger table: its date column and how a row is described in the lineage."""

    table: str
    date: str
    detail: str


LEDGERS: dict[str, Ledger] = {
    "services": Ledger("services", "service_date", "concat_ws(' · ', l.category, l.title)"),
    "meetings": Ledger("meetings", "meeting_date", "concat_ws(' · ', l.meeting_type, l.topic)"),
    "cases": Ledger("cases", "received_date", "concat_ws(' · ', l.kind, l.type, l.title, l.status)"),
    "disputes": Ledger("disputes", "dispute_date", "concat_ws(' · ', l.type, l.summary)"),
}


@dataclass(frozen=True)
class Measure:
    """One measure: its ledger, kind, arguments, and what each ledger row contributes.

    where: which rows count. arg_filters: a condition per optional argument, applied only when the argument is
    given (service_count of every category scans without one). numerator / denominator: what a counted row adds
    (denominator only for a rate).
    categories: for kind "categories", (name, condition) in order of severity; a row counts in the first that holds.
    For kind "items" the numerator is unused: the rows mark the months in which the thing was done, and the windows
    owed without one are the items (kaohe.scoring counts them against the units' active dates and the cut-off).
    """

    name: str
    ledger: str
    kind: str
    where: str = "true"
    numerator: str = "1"
    denominator: str | None = None
    required_args: tuple[str, ...] = ()
    optional_args: tuple[tuple[str, Any], ...] = ()
    categories: tuple[tuple[str, str], ...] = ()
    columns: tuple[str, ...] = ()  # ledger columns it reads beyond unit and date (so an import can warn)
    arg_filters: tuple[tuple[str, str], ...] = ()

    def condition(self, args: dict[str, Any]) -> str:
        """Which rows count, with the arguments given: `where` and the filters of the optional arguments set."""
        given = [cond for arg, cond in self.arg_filters if args.get(arg) is not None]
        parts = [p for p in (self.where, *given) if p != "true"]
        return " and ".join(f"({p})" for p in parts) or "true"

    def arg_names(self) -> tuple[str, ...]:
        """Every argument the measure accepts."""
        return self.required_args + tuple(name for name, _ in self.optional_args)

    def params(self, args: dict[str, Any]) -> dict[str, Any]:
        """The arguments with defaults filled in."""
        return {**dict(self.optional_args), **args}

    @property
    def label_key(self) -> str:
        """The key of its name in the label table (kaohe/labels.py)."""
        return f"measure.{self.name}"


_OVERDUE = "l.resolved_date is not null and l.resolved_date - l.dispute_date > $overdue_days"
_DONE = "l.status = '已办结'"  # cjk: a ledger value
_SATISFIED = "l.satisfaction in ('满意', '基本满意')"  # cjk: ledger values

MEASURES: dict[str, Measure] = {
    m.name: m
    for m in (
        Measure("service_count", "services", "count", optional_args=(("category", None),),
                arg_filters=(("category", "l.category = $category"),), columns=("category",)),
        # A file without a column leaves it NULL: such rows count for nothing the column decides.
        Measure("people_served", "services", "count", "l.people_served is not null", numerator="l.people_served",
                optional_args=(("category", None),), arg_filters=(("category", "l.category = $category"),),
                columns=("category", "people_served")),
        Measure("meeting_count", "meetings", "count", "l.meeting_type = $meeting_type",
                required_args=("meeting_type",), columns=("meeting_type",)),
        Measure("meeting_missing_periods", "meetings", "items", "l.meeting_type = $meeting_type",
                required_args=("meeting_type",), optional_args=(("every_months", 1),), columns=("meeting_type",)),
        Measure("meeting_attendance_rate", "meetings", "rate", "l.attendees is not null and l.members_total > 0",
                numerator="l.attendees", denominator="l.members_total", optional_args=(("meeting_type", None),),
                arg_filters=(("meeting_type", "l.meeting_type = $meeting_type"),),
                columns=("meeting_type", "attendees", "members_total")),
        Measure("case_count", "cases", "count", optional_args=(("kind", None),),
                arg_filters=(("kind", "l.kind = $kind"),), columns=("kind",)),
        Measure("case_closure_rate", "cases", "rate", "l.status is not null",
                numerator=f"({_DONE})::int", denominator="1", optional_args=(("kind", None),),
                arg_filters=(("kind", "l.kind = $kind"),), columns=("kind", "status")),
        Measure("case_satisfaction_rate", "cases", "rate", "l.satisfaction is not null",
                numerator=f"({_SATISFIED})::int", denominator="1", optional_args=(("kind", None),),
                arg_filters=(("kind", "l.kind = $kind"),), columns=("kind", "satisfaction")),
        Measure("dispute_resolution_rate", "disputes", "rate", "l.resolved is not null",
                numerator="l.resolved::int", denominator="1", columns=("resolved",)),
        Measure("dispute_incidents", "disputes", "categories", optional_args=(("overdue_days", 30),),
                categories=(
                    ("越级上访", "l.escalated"),  # cjk: incident names the schemes' severities use
                    ("未化解", "not l.resolved"),  # cjk: idem
                    ("逾期化解", _OVERDUE),  # cjk: idem
                ),
                columns=("escalated", "resolved", "resolved_date")),
    )
}  # fmt: skip


# -- SQL from the declarations -------------------------------------------------------------------------------

_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def _rename(fragment: str, names: tuple[str, ...], prefix: str) -> str:
    """The fragment with the measure's own parameters renamed `$<prefix>_<name>`, so many can share one query."""
    return _PARAM.sub(lambda m: f"${prefix}_{m.group(1)}" if m.group(1) in names else m.group(0), fragment)


@dataclass(frozen=True)
class Use:
    """One measure with one set of arguments, as a scheme uses it (several indicators may share one use)."""

    measure: Measure
    args: tuple[tuple[str, Any], ...]

    @property
    def params(self) -> dict[str, Any]:
        return self.measure.params(dict(self.args))


def category_case(measure: Measure) -> str:
    """The SQL that names a row's category (the first condition that holds), or null."""
    whens = " ".join(f"when {cond} then '{name}'" for name, cond in measure.categories)
    return f"case {whens} end"


def _used(measure: Measure, where: str) -> set[str]:
    fragments = [where, measure.numerator, measure.denominator or "", *(c for _, c in measure.categories)]
    return set(_PARAM.findall(" ".join(fragments)))


def _aggregate(function: str, value: str, where: str) -> str:
    """`function` over `value` on the rows meeting `where`; a value of "1" is a count (0 when no row meets it).
    Written as a CASE inside the aggregate rather than a FILTER clause: DuckDB runs the CASE form 2-3 times faster
    on a large ledger, with the same result."""
    if value == "1":
        return "count(*)" if where == "true" else f"sum(case when {where} then 1 else 0 end)"
    return f"{function}({value})" if where == "true" else f"{function}(case when {where} then {value} end)"


def scan_sql(ledger: str, uses: list[Use]) -> tuple[str, dict[str, Any], list[list[str]]]:
    """One grouped scan of `ledger` for every use: (sql, bound parameters, the columns of each use).

    A count gives its sum; a rate its numerator and denominator sums; categories one count per category; items a
    bitmask of the months (counted from $start) in which a counted row exists. A row that adds 1 is counted, so a
    unit whose rows all fail a measure's filter gets 0; anything else is summed (NULLs add nothing, and a sum over
    no rows is NULL).
    """
    info = LEDGERS[ledger]
    aggregates: list[str] = []
    params: dict[str, Any] = {}
    columns: list[list[str]] = []

    def add(function: str, value: str, where: str, name: str) -> None:
        kind = "ubigint" if function == "bit_or" else "double"
        aggregates.append(f"({_aggregate(function, value, where)})::{kind} as {name}")

    for i, use in enumerate(uses):
        m, prefix = use.measure, f"m{i}"
        names = m.arg_names()
        condition = m.condition(use.params)
        used = _used(m, condition)
        params.update({f"{prefix}_{k}": v for k, v in use.params.items() if k in used})
        where = _rename(condition, names, prefix)
        if m.kind == "items":
            month = f"cast(date_diff('month', cast($start as date), l.{info.date}) as integer)"
            add("bit_or", f"cast(1 as ubigint) << {month}", where, f"{prefix}_months")
            columns.append([f"{prefix}_months"])
        elif m.kind == "categories":
            case = _rename(category_case(m), names, prefix)
            for j, (category, _) in enumerate(m.categories):
                kept = f"{case} = '{category}'" if where == "true" else f"({where}) and {case} = '{category}'"
                add("sum", "1", kept, f"{prefix}_c{j}")
            columns.append([f"{prefix}_c{j}" for j in range(len(m.categories))])
        else:
            for part, expression in (("num", m.numerator), ("den", m.denominator)):
                if expression is not None:
                    add("sum", _rename(expression, names, prefix), where, f"{prefix}_{part}")
            columns.append([f"{prefix}_num"] + ([f"{prefix}_den"] if m.denominator is not None else []))
    sql = load_query("measures/scan").format(ledger=info.table, date=info.date, aggregates=",\n    ".join(aggregates))
    return sql, params, columns


def rows_sql(use: Use) -> tuple[str, dict[str, Any]]:
    """The lineage query of one use for one unit: (sql, parameters besides $unit_id, $start, $end)."""
    m = use.measure
    info = LEDGERS[m.ledger]
    if m.kind == "items":
        return load_query("measures/missing_windows"), use.params
    category = category_case(m) if m.kind == "categories" else "cast(null as varchar)"
    condition = m.condition(use.params)
    where = condition if m.kind != "categories" else f"({condition}) and ({category}) is not null"
    sql = load_query("measures/rows").format(
        ledger=info.table,
        date=info.date,
        detail=info.detail,
        category=category,
        numerator="1" if m.kind == "categories" else m.numerator,
        denominator=m.denominator or "null",
        where=where,
    )
    used = _PARAM.findall(sql)
    return sql, {k: v for k, v in use.params.items() if k in used}


def months_between(start: date, end: date) -> int:
    """Whole months from `start` to `end` (both first days of a month in practice)."""
    return (end.year - start.year) * 12 + end.month - start.month
