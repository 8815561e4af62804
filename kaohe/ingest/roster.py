"""The codes (unit_id) of the units roster: listed for the import page and changed by an assessor, audited.

A roster imported without a code column gets codes by kind (SQ01, JG03 …, queries/ingest/unit_codes.sql);
an assessor may then give a unit the code the office already uses. A code is changed everywhere the importer
wrote it, in one transaction with its audit entry; once assessor input or a published result names a unit,
its code stays (those rows are append-only or frozen).
"""

from __future__ import annotations

import re

import pandas as pd

from kaohe import audit
from kaohe.access import Permission, Viewer
from kaohe.ingest.errors import IngestError
from kaohe.labels import Message, message
from kaohe.queries import load_query
from kaohe.store import Store

CODE_LENGTH = 20
_CODE = re.compile(rf"[A-Za-z0-9_-]{{1,{CODE_LENGTH}}}")


def unit_codes(store: Store) -> pd.DataFrame:
    """The roster for editing codes: unit_id, name, kind, community, by code."""
    return store.query("roster/units")


def set_unit_code(store: Store, viewer: Viewer, unit_id: str, new_code: str) -> Message:
    """Give the unit `unit_id` the code `new_code`; return what was done. Raises IngestError saying why not."""
    viewer.require(Permission.IMPORT)
    code = new_code.strip().upper()
    if not _CODE.fullmatch(code):
        raise IngestError("unit.code_bad", code=new_code.strip(), limit=CODE_LENGTH)
    params = {"old": unit_id, "new": code}
    with store.transaction() as cur:
        name, taken_by, named_by, in_use = cur.execute(load_query("roster/code_check"), params).fetchall()[0]
        if name is None:
            raise IngestError("unit.code_unknown", code=unit_id)
        if code == unit_id:
            raise IngestError("unit.code_same", name=name, code=code)
        if taken_by is not None:
            raise IngestError("unit.code_taken", code=code, name=taken_by)
        if named_by is not None:
            raise IngestError("unit.code_is_a_name", code=code, name=named_by)
        if in_use:
            raise IngestError("unit.code_in_use", name=name, code=unit_id)
        cur.execute(load_query("roster/code_change_begin"), params)
        cur.execute(load_query("roster/code_change_apply"))
        audit.record(cur, viewer.user, "unit.code", name, before={"unit_id": unit_id}, after={"unit_id": code})
    return message("unit.code_done", name=name, old=unit_id, new=code)
