"""The office's leaders (班子成员) and the units each answers for: the list, and the assessors' edits to it.

"每个班子成员联系1个社区党组织", "街道科室分包社区(村)制度": each leader answers for the units they are linked to
(联系点) and for the communities (村) the department they lead is responsible for (分包社区). The list arrives as a
ledger (`kaohe import 联系点.xlsx`, ledger `leaders`: one row per leader, current state like the roster) and the
assessors keep it up to date on the leaders page; both paths are audited. The units a leader answers for are the
view `leader_units`, which scopes a leader's account (kaohe.access.Viewer.unit_scope) and feeds the by-leader
view of the overview (kaohe.accountability).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from kaohe import audit
from kaohe.access import Permission, Viewer
from kaohe.labels import LabelledError, Message, message
from kaohe.queries import load_query
from kaohe.store import Reader, Store

# Columns of `leader_list`.
LIST_COLUMNS = (
    "name", "post", "department", "unit_ids", "community_ids", "source_file", "source_row", "unit_names",
    "community_names",
)  # fmt: skip
# Columns of `leader_units`.
UNIT_COLUMNS = ("leader", "unit_id", "unit", "kind", "community", "basis")
BASES = ("link", "department")  # 联系点, 分包社区
NAME_LENGTH = 40


class LeaderError(LabelledError):
    """A leader's row that cannot be saved or removed; the message names the field and what is wrong."""


@dataclass(frozen=True)
class LeaderEntry:
    """One leader's row as typed on the leaders page: codes of the units linked and of the communities."""

    name: str
    post: str | None = None
    department: str | None = None
    unit_ids: tuple[str, ...] = ()
    community_ids: tuple[str, ...] = ()

    def as_audit(self) -> dict[str, Any]:
        """The row as the audit log keeps it."""
        return {
            "name": self.name,
            "post": self.post,
            "department": self.department,
            "unit_ids": list(self.unit_ids),
            "community_ids": list(self.community_ids),
        }


def leader_list(source: Reader, viewer: Viewer) -> pd.DataFrame:
    """The leaders list in its order (LIST_COLUMNS): who, their post and department, the units' codes and names.

    Organisational facts, not scores: every viewer of ledger data may read it.
    """
    viewer.require(Permission.VIEW_DATA)
    return source.query("leaders/list")


def leader_units(source: Reader, viewer: Viewer, leader: str | None = None) -> pd.DataFrame:
    """The units each leader (or `leader` alone) answers for, within the viewer's units (UNIT_COLUMNS).

    basis is "link" (联系点) or "department" (分包社区 of the department the leader leads).
    """
    viewer.require(Permission.VIEW_DATA)
    return source.query("leaders/units", {"leader": leader, "unit_scope": viewer.unit_scope})


def unit_choices(source: Reader, viewer: Viewer) -> pd.DataFrame:
    """The units a leader may be linked to (unit_id, name, kind), communities and the village first; a department
    is responsible for those of kind 社区 or 村."""
    viewer.require(Permission.EDIT_LEADERS)
    return source.query("leaders/unit_choices")


COMMUNITY_KINDS = ("社区", "村")  # cjk: unit kinds as the roster writes them


def _clean(text: str | None) -> str | None:
    value = (text or "").strip()
    return value or None


def _check(store: Store, entry: LeaderEntry) -> LeaderEntry:
    name = (entry.name or "").strip()
    if not name:
        raise LeaderError("leaders.error.no_name")
    if len(name) > NAME_LENGTH:
        raise LeaderError("leaders.error.long_name", name=name, limit=NAME_LENGTH)
    units = tuple(dict.fromkeys(u.strip() for u in entry.unit_ids if u.strip()))
    communities = tuple(dict.fromkeys(u.strip() for u in entry.community_ids if u.strip()))
    if not units:
        raise LeaderError("leaders.error.no_units", name=name)
    unknown = store.query("leaders/unknown_units", {"unit_ids": [*units, *communities]})["unit_id"].tolist()
    if unknown:
        raise LeaderError("leaders.error.unknown_units", name=name, codes=list(unknown))
    return LeaderEntry(name, _clean(entry.post), _clean(entry.department), units, communities)


def _stored(cur: Any, name: str) -> dict[str, Any] | None:
    result = cur.execute(load_query("leaders/get"), {"name": name})
    row = result.fetchone()
    if row is None:
        return None
    columns = [d[0] for d in result.description]
    return dict(zip(columns, row, strict=True))


def _audit_row(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": row["name"],
        "post": row["post"],
        "department": row["department"],
        "unit_ids": list(row["unit_ids"] or []),
        "community_ids": list(row["community_ids"] or []),
    }


def save_leader(store: Store, viewer: Viewer, entry: LeaderEntry, replacing: str | None = None) -> Message:
    """Add a leader, or replace the row of `replacing` (a rename follows to the leader's accounts); audited.

    Refused (LeaderError) without a name or a unit, for a code the roster does not know, and for a name another
    leader already has.
    """
    viewer.require(Permission.EDIT_LEADERS)
    checked = _check(store, entry)
    with store.transaction() as cur:
        before = _stored(cur, replacing) if replacing else None
        if replacing and before is None:
            raise LeaderError("leaders.error.gone", name=replacing)
        if checked.name != replacing and _stored(cur, checked.name) is not None:
            raise LeaderError("leaders.error.taken", name=checked.name)
        if before is not None:
            provenance = {k: before[k] for k in ("source_file", "source_row", "import_id")}
            cur.execute(load_query("leaders/delete"), {"name": replacing})
        else:
            (next_row,) = cur.execute(load_query("leaders/next_row")).fetchone() or (1,)
            provenance = {"source_file": None, "source_row": int(next_row), "import_id": None}
        cur.execute(
            load_query("leaders/insert"),
            {
                "name": checked.name,
                "post": checked.post,
                "department": checked.department,
                "unit_ids": list(checked.unit_ids),
                "community_ids": list(checked.community_ids),
                **provenance,
            },
        )
        if replacing and replacing != checked.name:
            cur.execute(load_query("leaders/rename_accounts"), {"old": replacing, "new": checked.name})
        audit.record(
            cur,
            viewer.user,
            "leader.save",
            checked.name,
            None if before is None else _audit_row(before),
            checked.as_audit(),
        )
    return message("leaders.saved" if before is not None else "leaders.added", name=checked.name)


def remove_leader(store: Store, viewer: Viewer, name: str) -> Message:
    """Take a leader off the list (their accounts then see no unit); audited."""
    viewer.require(Permission.EDIT_LEADERS)
    with store.transaction() as cur:
        before = _stored(cur, name)
        if before is None:
            raise LeaderError("leaders.error.gone", name=name)
        cur.execute(load_query("leaders/delete"), {"name": name})
        audit.record(cur, viewer.user, "leader.remove", name, _audit_row(before), None)
    return message("leaders.removed", name=name)
