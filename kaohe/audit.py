"""The audit log (操作日志): who wrote what, when, and the state before and after.

Every write path of the product calls `record` on the cursor of its own transaction, so the log entry and the
change it describes are committed together or not at all. The log is append-only: this module (and the
whole of queries/) has an insert and no update or delete, and the SQL console runs on a read-only snapshot.
Bulk writes (a ledger import, an assessors' file) log one entry with counts; entry screens log one entry per
saved cell or item, with its before and after.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath
from typing import Any, Protocol

import pandas as pd

from kaohe import formats, spreadsheet
from kaohe.access import Permission, Viewer
from kaohe.labels import LABELS, label
from kaohe.queries import load_query
from kaohe.store import Store

# Actions this part of the product logs (accounts add their own 'auth.*'); labels.py names them for the page.
ACTIONS = (
    "import",  # a ledger file imported (kaohe.ingest)
    "scheme.save",  # a scheme version stored (kaohe.scheme.save_scheme)
    "scheme.activate",  # a stored version put in force for its period (kaohe.workflow.activate)
    "assessments.load",  # an assessors' file of scores or adjustments loaded (kaohe.assessments)
    "score.enter",  # one qualitative score entered, corrected or withdrawn on the entry screen
    "adjustment.add",  # one bonus/deduction/veto item added
    "adjustment.correct",  # an item replaced by a corrected one
    "adjustment.withdraw",  # an item withdrawn
    "publish",  # a period's result frozen (kaohe.publish.publish; closes the period's open requests)
    "publish.request",  # an assessor asks the secretary to publish a period, with a note (kaohe.publish)
    "publish.decline",  # the secretary declines a request to publish, with a reason
    "export",  # a published result exported to a file (kaohe.export)
    "header_alias.save",  # a header spelling saved for later imports (kaohe.ingest.spellings)
    "header_alias.remove",  # a saved header spelling removed
    "unit.code",  # a unit's code changed by an assessor (kaohe.ingest.roster)
    "check.review",  # a ledger credibility flag marked 已核实 or 需整改 (kaohe.checks.review)
    "self.deadline",  # the self-assessment opened until a day (kaohe.self_assessment)
    "self.score",  # a branch's own score entered or withdrawn
    "parts.set",  # a unit's part in a shared task entered
    "leader.save",  # a leader's row added or edited on the leaders page (kaohe.leaders)
    "leader.remove",  # a leader taken off the list
    "awards.confirm",  # one unit's honour decision confirmed, with its reason (kaohe.awards)
    "rectification.draft",  # a rectification item drafted for a unit (kaohe.rectification)
    "rectification.update",  # an item's status, evidence, deadline … changed (by the assessors or its branch)
    "rectification.withdraw",  # an item withdrawn by the assessors
)

ENTRY_COLUMNS = ("audit_id", "logged_at", "who", "action", "target", "before", "after")


class Cursor(Protocol):
    """The part of a DuckDB cursor `record` needs (the transaction's cursor from `Store.transaction()`)."""

    def execute(self, query: str, parameters: Any = ...) -> Any: ...


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def record(cur: Cursor, who: str, action: str, target: str, before: Any = None, after: Any = None) -> None:
    """Append one audit entry on `cur`, inside the caller's transaction; before/after are JSON-able or None."""
    if not action or not who:
        raise ValueError("an audit entry needs who and an action (see kaohe.audit.ACTIONS)")
    cur.execute(
        load_query("audit/insert"),
        {"who": who, "action": action, "target": target, "before": _json(before), "after": _json(after)},
    )


def log(store: Store, who: str, action: str, target: str, before: Any = None, after: Any = None) -> None:
    """Append one audit entry in a transaction of its own, for an event that writes nothing else (an export)."""
    with store.transaction() as cur:
        record(cur, who, action, target, before, after)


@dataclass(frozen=True)
class AuditFilter:
    """Which entries to list: None means no restriction; dates are inclusive."""

    who: str | None = None
    action: str | None = None
    since: date | None = None
    until: date | None = None
    target_text: str | None = None
    limit: int = 5000


def entries(store: Store, viewer: Viewer, where: AuditFilter | None = None) -> pd.DataFrame:
    """Audit entries newest first, with the columns of ENTRY_COLUMNS (before/after as JSON text)."""
    viewer.require(Permission.VIEW_AUDIT)
    where = where or AuditFilter()
    return store.query(
        "audit/entries",
        {
            "who": where.who or None,
            "action": where.action or None,
            "since": where.since,
            "until": where.until,
            "target_text": where.target_text or None,
            "limit": where.limit,
        },
    )


@dataclass(frozen=True)
class Facets:
    """The users and actions present in the log, and the day of its first entry, for filter widgets."""

    who: tuple[str, ...]
    actions: tuple[str, ...]
    first_day: date | None = None


def facets(store: Store, viewer: Viewer) -> Facets:
    """Every user and action that occurs in the log, and the day of its first entry (None for an empty log)."""
    viewer.require(Permission.VIEW_AUDIT)
    rows = store.query("audit/facets")
    first = rows.loc[rows["facet"] == "first_day", "value"]
    return Facets(
        who=tuple(rows.loc[rows["facet"] == "who", "value"].astype(str)),
        actions=tuple(rows.loc[rows["facet"] == "action", "value"].astype(str)),
        first_day=date.fromisoformat(str(first.iloc[0])) if len(first) else None,
    )


# -- how an entry reads ----------------------------------------------------------------------------------------

# A stored value read through another table of labels: ledger names, roles, adjustment types, review verdicts and
# statuses keep their codes in the log and read as words (`audit.value.KEY.VALUE` labels cover the rest).
_VALUE_LABELS = {
    "ledger": ("ledger.{}",),
    "role": ("app.role.{}",),
    "type": ("adjustment.{}",),
    "verdict": ("check.status.{}",),
    "status": ("awards.status.{}", "rectify.status.{}"),
}
# Targets written before they were language-neutral, and by code that still writes them so (publish, export):
# "scheme 2025 v2", "adjustment 12", "2025 第1次发布", "2025 第1次发布 通报".
_TARGETS = (
    (re.compile(r"^scheme (?P<scheme>\S+) v(?P<version>\d+)$"), "audit.target.scheme"),
    (re.compile(r"^adjustment (?P<id>\d+)$"), "audit.target.adjustment"),
    (re.compile(r"^report (?P<period>\S+) r(?P<revision>\d+)$"), "audit.target.report"),
    (re.compile(r"^(?P<period>\S+) 第(?P<revision>\d+)次发布 通报$"), "audit.target.report"),  # cjk: as stored
    (re.compile(r"^(?P<period>\S+) 第(?P<revision>\d+)次发布$"), "audit.target.publication"),  # cjk: as stored
)


def action_name(action: str, lang: str) -> str:
    """An action as users read it ("导入台账"); an action this version does not know reads as "其他操作（code）"."""
    key = f"audit.action.{action}"
    return label(key, lang) if key in LABELS else label("audit.action.unknown", lang).format(action=action)


def target_text(target: Any, lang: str) -> str:
    """The target of an entry in words: stored targets that carry English or Chinese words are put into `lang`."""
    if formats.missing(target) or target == "":
        return formats.MISSING
    text = str(target)
    for pattern, key in _TARGETS:
        found = pattern.match(text)
        if found:
            return label(key, lang).format(**found.groupdict())
    return text


def _value_text(key: str, value: Any, lang: str) -> str:
    if formats.missing(value) or value == "" or value == [] or value == {}:
        return formats.MISSING
    if isinstance(value, bool):
        return label("audit.value.yes" if value else "audit.value.no", lang)
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dict):
        return label("list.separator", lang).join(f"{k} → {_value_text(key, v, lang)}" for k, v in value.items())
    if isinstance(value, list):
        return label("list.separator", lang).join(_value_text(key, item, lang) for item in value)
    text = str(value)
    version = _SCHEME_VERSION.match(text) if key == "scheme" else None
    if version:
        return label("scheme.version_name", lang).format(**version.groupdict())
    if key in INTERNAL_PERSON_KEYS:
        return formats.person(text, lang)
    if key == "source":
        made = _MADE_ON_PAGE.match(text)
        if made:  # a version made on the settings page (kaohe.workflow), not read from a file
            return label(f"audit.value.source.{made.group('how')}", lang).format(**made.groupdict())
        return PurePath(text).name  # the scheme file, not where it lay on the server
    if key in _FINGERPRINT_KEYS:
        return text[:12]  # enough to tell two files or results apart; the whole hash stays in the table
    for template in (f"audit.value.{key}.{{}}", *_VALUE_LABELS.get(key, ())):
        if template.format(text) in LABELS:
            return label(template.format(text), lang)
    return text


# cjk: a version as logged before it had a label ("2025 第1版")
_SCHEME_VERSION = re.compile(r"^(?P<scheme>\S+) 第(?P<version>\d+)版$")  # cjk: as stored
_MADE_ON_PAGE = re.compile(r"^(?P<how>settings|copy):(?P<scheme>[^:]+):v(?P<version>\d+)$")
_FINGERPRINT_KEYS = frozenset({"sha256", "content_hash", "result_hash", "fingerprint"})
INTERNAL_PERSON_KEYS = frozenset({"reviewed_by", "entered_by", "published_by", "saved_by"})


def readable(stored: Any, lang: str) -> str:
    """A before/after value as "字段：值；字段：值" in `lang` (fields through `audit.field.*` labels), not JSON."""
    if formats.missing(stored) or stored == "":
        return ""
    value = json.loads(stored) if isinstance(stored, str) else stored
    if not isinstance(value, dict):
        return _value_text("", value, lang)
    pair = label("audit.pair", lang)
    given = [(key, item) for key, item in value.items() if item is not None]  # an unset field says nothing
    ordered = sorted(given, key=lambda kv: _FIELD_ORDER.get(kv[0], len(_FIELD_ORDER)))
    return label("audit.pair_separator", lang).join(
        pair.format(field=_field_name(key, lang), value=_value_text(key, item, lang)) for key, item in ordered
    )


# Fields read in the order the label table lists them (what was done first, fingerprints and sources last).
_FIELD_ORDER = {
    key.removeprefix("audit.field."): i for i, key in enumerate(k for k in LABELS if k.startswith("audit.field."))
}


def _field_name(key: str, lang: str) -> str:
    name = f"audit.field.{key}"
    return label(name, lang) if name in LABELS else key


def shown(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Entries (columns of ENTRY_COLUMNS) as users read them: who, action, target, before and after in words."""
    return rows.assign(
        who=[formats.person(who, lang) for who in rows["who"]],
        action=[action_name(str(a), lang) for a in rows["action"]],
        target=[target_text(t, lang) for t in rows["target"]],
        before=[readable(b, lang) for b in rows["before"]],
        after=[readable(a, lang) for a in rows["after"]],
    )


def workbook(frame: pd.DataFrame, headers: dict[str, str], sheet: str) -> bytes:
    """The listed entries as an xlsx file, columns renamed by `headers`; text is never read as a formula."""
    table = frame[list(ENTRY_COLUMNS)].copy()
    table["logged_at"] = pd.to_datetime(table["logged_at"]).dt.strftime("%Y-%m-%d %H:%M:%S")
    table = table.rename(columns=headers)
    widths = dict(enumerate((8, 20, 12, 18, 36, 50, 50)))
    return spreadsheet.xlsx_bytes({sheet: table}, widths={sheet: widths})
