"""The audit log (操作日志): who wrote what, when, and the state before and after.

Every write path of the product calls `record` on the cursor of its own transaction, so the log entry and the
change it describes are committed together or not at all. The log is append-only: this module (and the
whole of queries/) has an insert and no update or delete, and the SQL console runs on a read-only snapshot.
Bulk writes (a ledger import, an assessors' file) log one entry with counts; entry screens log one entry per
saved cell or item, with its before and after.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

import pandas as pd

from kaohe import spreadsheet
from kaohe.access import Permission, Viewer
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
    """The users and actions present in the log, for filter widgets."""

    who: tuple[str, ...]
    actions: tuple[str, ...]


def facets(store: Store, viewer: Viewer) -> Facets:
    """Every user and action that occurs in the log."""
    viewer.require(Permission.VIEW_AUDIT)
    rows = store.query("audit/facets")
    return Facets(
        who=tuple(rows.loc[rows["facet"] == "who", "value"].astype(str)),
        actions=tuple(rows.loc[rows["facet"] == "action", "value"].astype(str)),
    )


def workbook(frame: pd.DataFrame, headers: dict[str, str], sheet: str = "操作日志") -> bytes:
    """The listed entries as an xlsx file, columns renamed by `headers`; text is never read as a formula."""
    table = frame[list(ENTRY_COLUMNS)].copy()
    table["logged_at"] = pd.to_datetime(table["logged_at"]).dt.strftime("%Y-%m-%d %H:%M:%S")
    table = table.rename(columns=headers)
    widths = dict(enumerate((8, 20, 12, 18, 36, 50, 50)))
    return spreadsheet.xlsx_bytes({sheet: table}, widths={sheet: widths})
