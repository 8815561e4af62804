"""Header spellings beyond the shipped alias table: the ones a user maps for one file, and the ones users saved.

An office whose headers the shipped table (ledgers.toml) does not know maps its columns once, on the import page
or with `kaohe import --map`; saved, the spellings live in the `header_aliases` table and every later import
reads them, winning over the shipped table for their ledger. The shipped table stays the default and is never
written. Saving and removing a spelling are audited.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from kaohe import audit
from kaohe.access import Permission, Viewer
from kaohe.ingest.errors import IngestError
from kaohe.ingest.ledgers import IGNORE, Ledger, load_ledgers, normalise_header
from kaohe.queries import load_query
from kaohe.store import Store

IGNORE_WORDS = frozenset({"ignore", "忽略", "不导入", "-"})  # cjk: what a clerk types to leave a column out


@dataclass(frozen=True)
class SavedSpelling:
    """One saved header spelling: for `ledger`, a header normalised to `spelling` maps to `field` ('' = ignore)."""

    ledger: str
    spelling: str
    header: str
    field: str


def saved_spellings(store: Store) -> tuple[SavedSpelling, ...]:
    """Every saved spelling (hashable, so a preview can be cached on it)."""
    frame = store.query("ingest/header_aliases")
    return tuple(
        SavedSpelling(str(r.ledger), str(r.spelling), str(r.header), str(r.field))
        for r in frame.itertuples(index=False)
    )


def spellings_table(store: Store) -> pd.DataFrame:
    """The saved spellings for the import page: ledger, spelling, header, field, saved_by, saved_at."""
    return store.query("ingest/header_aliases")


def _field_names(ledger: Ledger) -> set[str]:
    return {f.name for f in ledger.fields}


def _check_once_each(mapping: Mapping[str, str]) -> None:
    """Refuse a mapping that sends two different headers to one field."""
    seen: dict[str, str] = {}
    for header, field in mapping.items():
        if field == IGNORE:
            continue
        first = seen.setdefault(field, header)
        if normalise_header(first) != normalise_header(header):
            raise IngestError("ingest.map_field_twice", first=first, second=header, field=field)


def ledgers_for(
    saved: tuple[SavedSpelling, ...] = (),
    mapping: Mapping[str, str] | None = None,
    ledger: str | None = None,
) -> dict[str, Ledger]:
    """The ledger definitions for one file: the shipped table, then saved spellings, then the file's own mapping.

    `mapping` (header → field name, or IGNORE) applies to `ledger` when given; otherwise to every ledger that
    has all its fields, and only those ledgers remain candidates. Refuses a field no candidate ledger has.
    """
    ledgers = {}
    for name, base in load_ledgers().items():
        known = _field_names(base) | {IGNORE}
        own = {s.spelling: s.field for s in saved if s.ledger == name and s.field in known}
        ledgers[name] = base.with_spellings(own)
    if not mapping:
        return ledgers
    _check_once_each(mapping)
    fields = {f for f in mapping.values() if f != IGNORE}
    if ledger is not None and ledger in ledgers:
        unknown = sorted(fields - _field_names(ledgers[ledger]))
        if unknown:
            target = ledgers[ledger]
            raise IngestError(
                "ingest.map_unknown_field",
                field=unknown[0],
                ledger=target.display(),
                choices=[f.name for f in target.fields],
            )
        return {**ledgers, ledger: ledgers[ledger].with_spellings(mapping)}
    fitting = {name: one.with_spellings(mapping) for name, one in ledgers.items() if fields <= _field_names(one)}
    if fitting:
        return fitting
    nowhere = sorted(f for f in fields if not any(f in _field_names(one) for one in ledgers.values()))
    if nowhere:
        raise IngestError("ingest.map_field_nowhere", field=nowhere[0])
    closest = max(ledgers.values(), key=lambda one: len(fields & _field_names(one)))
    unknown = sorted(fields - _field_names(closest))
    raise IngestError(
        "ingest.map_unknown_field",
        field=unknown[0],
        ledger=closest.display(),
        choices=[f.name for f in closest.fields],
    )


def parse_map(text: str) -> dict[str, str]:
    """The `--map "活动名称=title,人次=people_served"` option as header → field ("ignore" leaves a column out)."""
    mapping: dict[str, str] = {}
    for item in text.replace("，", ",").split(","):  # cjk: a full-width comma typed between pairs
        if not item.strip():
            continue
        header, sep, field = item.partition("=")
        if not sep or not header.strip():
            raise IngestError("ingest.map_syntax", item=item.strip())
        field = field.strip()
        mapping[header.strip()] = IGNORE if not field or field.lower() in IGNORE_WORDS else field
    return mapping


def save_spellings(store: Store, viewer: Viewer, ledger: str, mapping: Mapping[str, str]) -> int:
    """Save the spellings of `mapping` that the importer would not already read that way; return how many.

    Each saved spelling is one audit entry (its earlier field, if any, as before).
    """
    viewer.require(Permission.IMPORT)
    current = ledgers_for(saved_spellings(store))
    if ledger not in current:
        raise IngestError("ingest.unknown_ledger", ledger=ledger, choices=list(current))
    target = current[ledger]
    new = {h: f for h, f in mapping.items() if normalise_header(h) and target.match(h) != (f or None)}
    ledgers_for((), new, ledger)  # refuses unknown fields and two headers on one field
    with store.transaction() as cur:
        for header, field in new.items():
            key = {"ledger": ledger, "spelling": normalise_header(header)}
            before = cur.execute(load_query("ingest/header_alias_get"), key).fetchone()
            cur.execute(load_query("ingest/header_alias_save"), key | {"header": header, "field": field,
                                                                       "saved_by": viewer.user})  # fmt: skip
            audit.record(
                cur,
                viewer.user,
                "header_alias.save",
                f"{ledger}:{header}",
                before={"header": before[0], "field": before[1]} if before else None,
                after={"header": header, "field": field},
            )
    return len(new)


def remove_spelling(store: Store, viewer: Viewer, ledger: str, spelling: str) -> None:
    """Remove one saved spelling (by its normalised form); the shipped table's own spellings cannot be removed."""
    viewer.require(Permission.IMPORT)
    key = {"ledger": ledger, "spelling": spelling}
    with store.transaction() as cur:
        before = cur.execute(load_query("ingest/header_alias_get"), key).fetchone()
        if before is None:
            raise IngestError("ingest.alias_unknown", header=spelling, ledger=ledger)
        cur.execute(load_query("ingest/header_alias_delete"), key)
        audit.record(
            cur,
            viewer.user,
            "header_alias.remove",
            f"{ledger}:{before[0]}",
            before={"header": before[0], "field": before[1]},
        )
