"""The store: migrations applied once and in order, transactions all-or-nothing, periods parsed."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import duckdb
import pytest

from kaohe.periods import PeriodError, parse_period
from kaohe.store import Store, schema_files


def test_migrations_apply_once(tmp_path: Path) -> None:
    db = tmp_path / "k.duckdb"
    with Store(db) as store:
        latest = max(v for v, _, _ in schema_files())
        assert store.schema_version() == latest
    with Store(db) as store:
        assert store.migrate() == []
        assert store.schema_version() == latest


def test_schema_files_are_numbered_once_each_in_order() -> None:
    # Work done in parallel takes a block of numbers (010… the importer, 020… sign-in), so a gap between blocks
    # is expected; a number used twice, or the base files out of sequence, is not.
    versions = [v for v, _, _ in schema_files()]
    assert versions == sorted(set(versions))
    assert versions[:5] == [0, 1, 2, 3, 4]


def test_failed_transaction_leaves_nothing(tmp_path: Path) -> None:
    with Store(tmp_path / "k.duckdb") as store:
        before = store.generation
        with pytest.raises(duckdb.Error), store.transaction() as cur:
            cur.execute("insert into unit_aliases values ('甲', 'U1')")
            cur.execute("insert into unit_aliases values ('甲', 'U2')")  # primary key violation
        assert store.cursor().execute("select count(*) from unit_aliases").fetchone() == (0,)
        assert store.generation == before


def test_committed_transaction_bumps_generation(tmp_path: Path) -> None:
    with Store(tmp_path / "k.duckdb") as store:
        before = store.generation
        with store.transaction() as cur:
            cur.execute("insert into unit_aliases values ('甲', 'U1')")
        assert store.generation > before


def test_bookkeeping_write_leaves_generation(tmp_path: Path) -> None:
    with Store(tmp_path / "k.duckdb") as store:
        before = store.generation
        with store.transaction(changes_data=False) as cur:
            cur.execute("insert into unit_aliases values ('甲', 'U1')")
        assert store.generation == before
        assert store.cursor().execute("select count(*) from unit_aliases").fetchone() == (1,)


def test_reads_from_many_threads(tmp_path: Path) -> None:
    with Store(tmp_path / "k.duckdb") as store:
        with store.transaction() as cur:
            cur.executemany("insert into unit_aliases values (?, ?)", [(f"a{i}", f"U{i}") for i in range(100)])
        counts: list[int] = []

        def read() -> None:
            for _ in range(20):
                cur = store.cursor()
                counts.append(cur.execute("select count(*) from unit_aliases").fetchone()[0])
                cur.close()

        threads = [threading.Thread(target=read) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert counts == [100] * 160


@pytest.mark.parametrize(
    ("code", "start", "end"),
    [
        ("2025", date(2025, 1, 1), date(2026, 1, 1)),
        ("2025-H2", date(2025, 7, 1), date(2026, 1, 1)),
        ("2025-q4", date(2025, 10, 1), date(2026, 1, 1)),
        ("2025-02", date(2025, 2, 1), date(2025, 3, 1)),
        ("2025-12", date(2025, 12, 1), date(2026, 1, 1)),
    ],
    ids=["year", "half", "quarter-lowercase", "month", "december"],
)
def test_parse_period(code: str, start: date, end: date) -> None:
    period = parse_period(code)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize("code", ["25", "2025-13", "2025-Q5", "2025-H3", "去年"], ids=str)
def test_bad_period_is_refused(code: str) -> None:
    with pytest.raises(PeriodError, match="考核期"):
        parse_period(code)


def test_year_earlier() -> None:
    assert parse_period("2025-Q2").year_earlier() == parse_period("2024-Q2")


@pytest.mark.parametrize(
    ("code", "day", "start", "end"),
    [
        ("2026", date(2026, 10, 31), date(2025, 1, 1), date(2025, 11, 1)),
        ("2026", date(2027, 3, 1), date(2025, 1, 1), date(2026, 1, 1)),
        ("2024", date(2024, 2, 28), date(2023, 1, 1), date(2023, 3, 1)),
        ("2025-Q2", date(2025, 3, 1), date(2024, 4, 1), date(2024, 4, 1)),
    ],
    ids=["year-in-progress", "past-the-end", "leap-day-end", "before-the-start"],
)
def test_same_span_a_year_earlier(code: str, day: date, start: date, end: date) -> None:
    earlier = parse_period(code).through(day).year_earlier()
    assert (earlier.start, earlier.end) == (start, end)


def test_a_cut_period_is_not_in_full() -> None:
    period = parse_period("2026")
    assert period.in_full and not period.through(date(2026, 10, 31)).in_full
