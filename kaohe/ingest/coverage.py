"""Which indicators lose data when a file lacks a column: the columns each measure reads (kaohe/measures.py) against
the scheme in force for the years the file's rows fall in.

A ledger file needs only its unit, date and kind columns to load; everything else is optional. But a file
without 实到人数 gives the attendance rate nothing to count, and the clerk should hear that at import, not at
year-end. This module is the one place the importer asks for the scheme in force.
"""

from __future__ import annotations

from collections.abc import Iterable

from kaohe.ingest.ledgers import Ledger
from kaohe.labels import Message, message
from kaohe.measures import MEASURES
from kaohe.periods import PeriodError
from kaohe.scheme import SchemeError
from kaohe.store import Store
from kaohe.workflow import scheme_in_force


def absent_fields(ledger: Ledger, mapped: Iterable[str]) -> tuple[str, ...]:
    """The fields of `ledger` that some measure reads and the file has no column for, in ledger order."""
    needed = {f for m in MEASURES.values() if m.ledger == ledger.name for f in m.columns}
    have = set(mapped)
    return tuple(f.name for f in ledger.fields if f.name in needed and f.name not in have)


def absent_note(ledger: Ledger, absent: tuple[str, ...]) -> Message | None:
    """Before import (no scheme looked up): the columns measures read that the file lacks, or None."""
    if not absent:
        return None
    return message("ingest.warn.absent", columns=_quoted(ledger, absent))


def _quoted(ledger: Ledger, fields: Iterable[str]) -> list[Message]:
    return [message("ingest.quoted", text=ledger.field(name).display()) for name in fields]


def indicators_without_data(
    store: Store, ledger: Ledger, absent: tuple[str, ...], years: Iterable[int]
) -> list[Message]:
    """One warning per scheme and set of missing columns: the indicators that get no data from the file's rows.

    Years without a scheme (none stored, none shipped) are passed over: there is nothing to lose data for.
    """
    if not absent:
        return []
    warnings: list[Message] = []
    for year in sorted(set(years)):
        try:
            scheme = scheme_in_force(store, str(year))
        except (SchemeError, PeriodError):
            continue
        lacking: dict[tuple[str, ...], list[str]] = {}
        for indicator in scheme.indicators:
            measure = MEASURES.get(indicator.measure or "")
            if measure is None or measure.ledger != ledger.name:
                continue
            missing = tuple(f for f in measure.columns if f in absent)
            if missing:
                lacking.setdefault(missing, []).append(indicator.name)
        for missing, names in lacking.items():
            warnings.append(
                message(
                    "ingest.warn.no_data",
                    columns=_quoted(ledger, missing),
                    scheme=scheme.name,
                    indicators=[message("ingest.quoted", text=name) for name in names],
                )
            )
    return warnings
