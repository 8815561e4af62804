"""Helpers shared by the scoring tests: build a Store from the small CSVs in tests/data/scoring/.

The ledgers are inserted directly (not through the importer) so these tests pin the scoring engine alone;
each row gets source_file and source_row as an import would give it (header = row 1).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from kaohe.store import Store

DATA = Path(__file__).resolve().parent / "data" / "scoring"
LEDGERS = ("units", "services", "meetings", "cases", "disputes")
_DATES = {
    "units": ("active_from", "active_to"),
    "services": ("service_date",),
    "meetings": ("meeting_date",),
    "cases": ("received_date", "closed_date"),
    "disputes": ("dispute_date", "resolved_date"),
}


def read_ledger(name: str) -> pd.DataFrame:
    """One fixture ledger with source_file/source_row/import_id added and dates parsed."""
    frame = pd.read_csv(DATA / f"{name}.csv", dtype={"unit_id": str})
    for column in _DATES[name]:
        frame[column] = pd.to_datetime(frame[column]).dt.date
    frame["source_file"] = f"{name}.csv"
    frame["source_row"] = range(2, len(frame) + 2)
    frame["import_id"] = 1
    return frame


def insert_frame(store: Store, table: str, frame: pd.DataFrame) -> None:
    """Append a DataFrame's rows to a ledger table, matching columns by name."""
    assert table in LEDGERS  # the table name is spliced into the statement below
    with store.transaction() as cur:
        cur.register("incoming", frame)
        cur.execute(f"insert into {table} by name select * from incoming")
        cur.unregister("incoming")


def fixture_store(path: Path, ledgers: dict[str, pd.DataFrame] | None = None) -> Store:
    """A Store holding the fixture ledgers (or the given frames instead)."""
    store = Store(path)
    for name in LEDGERS:
        frame = ledgers[name] if ledgers and name in ledgers else read_ledger(name)
        if len(frame):
            insert_frame(store, name, frame)
    return store
