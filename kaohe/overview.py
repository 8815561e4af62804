"""The overview's numbers: headline totals with year-on-year change, monthly services, data freshness.

Pages stay thin: they call these functions and render what comes back. Every function takes a `Reader`
(a `Store`, or the Streamlit app's cached query runner) so the same code serves the app, the CLI and tests.

Reads of ledger data take the `Viewer` they act for: they need Permission.VIEW_DATA, and a branch viewer's unit
is bound as `$unit_scope` in the SQL itself, so its headline cards, monthly chart and freshness table count its
own unit's rows only. The import log and the quarantined rows are the assessors' business (a rejected row has
no resolved unit to scope it by), so a viewer with a unit scope is refused them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from kaohe import periods
from kaohe.access import AccessDenied, Permission, Viewer
from kaohe.ingest.ledgers import LEDGERS as LEDGER_ORDER
from kaohe.periods import Period
from kaohe.store import Reader

# The ledgers in the order the freshness table lists them: ledgers.toml's (the roster and the leaders list first,
# as what the other ledgers and the leaders' scopes name).
LEDGERS = tuple(LEDGER_ORDER)


@dataclass(frozen=True)
class Headline:
    """One headline total of a period, with the same total a year earlier (None: nothing imported then)."""

    measure: str
    value: int
    prior: int | None

    @property
    def change(self) -> float | None:
        """Relative change against a year earlier (0.12 = +12%); None when there is nothing to compare."""
        if self.prior is None or self.prior == 0:
            return None
        return (self.value - self.prior) / self.prior


@dataclass(frozen=True)
class Headlines:
    """The four headline totals of a period and which ledgers hold any rows for it."""

    period: Period
    services: Headline
    people_served: Headline
    errands: Headline
    deeds: Headline
    has_services: bool
    has_cases: bool

    def all(self) -> tuple[Headline, ...]:
        """The four totals in display order."""
        return (self.services, self.people_served, self.errands, self.deeds)

    @property
    def missing_ledgers(self) -> tuple[str, ...]:
        """Ledgers with no rows in the period, in display order (services, cases)."""
        missing = []
        if not self.has_services:
            missing.append("services")
        if not self.has_cases:
            missing.append("cases")
        return tuple(missing)


def _totals(source: Reader, viewer: Viewer, period: Period) -> dict[str, int]:
    params = {**period.params(), "unit_scope": viewer.unit_scope}
    row = source.query("overview/headline_totals", params).iloc[0]
    return {str(name): int(value) for name, value in row.items()}


def headlines(source: Reader, viewer: Viewer, period: Period) -> Headlines:
    """The four headline totals of `period` and the same totals one year earlier, over the viewer's units."""
    viewer.require(Permission.VIEW_DATA)
    now = _totals(source, viewer, period)
    before = _totals(source, viewer, period.year_earlier())

    def headline(measure: str, rows_key: str) -> Headline:
        prior = before[measure] if before[rows_key] > 0 else None
        return Headline(measure=measure, value=now[measure], prior=prior)

    return Headlines(
        period=period,
        services=headline("services", "service_rows"),
        people_served=headline("people_served", "service_rows"),
        errands=headline("errands", "case_rows"),
        deeds=headline("deeds", "case_rows"),
        has_services=now["service_rows"] > 0,
        has_cases=now["case_rows"] > 0,
    )


def monthly_services(source: Reader, viewer: Viewer, period: Period) -> pd.DataFrame:
    """Services per month of `period`, over the viewer's units.

    Columns: month (datetime, first day of the month), services (int), people_served (int),
    prior_services (int, the same month a year earlier). Empty when the period has no services.
    """
    viewer.require(Permission.VIEW_DATA)
    return source.query("overview/monthly_services", {**period.params(), "unit_scope": viewer.unit_scope})


@dataclass(frozen=True)
class Freshness:
    """How current one ledger is: its last import, files and rows loaded, rows rejected.

    For a viewer with a unit scope the files and rows are those holding the unit's own rows, and rows_rejected
    is None (a rejected row has no resolved unit, so it is not theirs to see).
    """

    ledger: str
    last_import_at: pd.Timestamp | None
    files: int
    rows_loaded: int
    rows_rejected: int | None


def ledger_freshness(source: Reader, viewer: Viewer) -> tuple[Freshness, ...]:
    """One entry per known ledger, in `LEDGERS` order, including ledgers never imported (files == 0)."""
    viewer.require(Permission.VIEW_DATA)
    frame = source.query("overview/ledger_freshness", {"unit_scope": viewer.unit_scope})
    rejected_unknown = None if viewer.unit_scope is not None else 0
    by_ledger = {str(row["ledger"]): row for _, row in frame.iterrows()}
    result = []
    for ledger in (*LEDGERS, *sorted(set(by_ledger) - set(LEDGERS))):
        row = by_ledger.get(ledger)
        if row is None:
            result.append(Freshness(ledger, None, 0, 0, rejected_unknown))
        else:
            result.append(
                Freshness(
                    ledger=ledger,
                    last_import_at=pd.Timestamp(row["last_import_at"]),
                    files=int(row["files"]),
                    rows_loaded=int(row["rows_loaded"]),
                    rows_rejected=None if pd.isna(row["rows_rejected"]) else int(row["rows_rejected"]),
                )
            )
    return tuple(result)


def sees_import_log(viewer: Viewer) -> bool:
    """Whether `viewer` may read the import log and the quarantined rows (every unit's data, no unit scope)."""
    return viewer.can(Permission.VIEW_DATA) and viewer.unit_scope is None


def _require_import_log(viewer: Viewer) -> None:
    viewer.require(Permission.VIEW_DATA)
    if viewer.unit_scope is not None:
        raise AccessDenied("access.no_import_log", user=viewer.user)


def import_history(source: Reader, viewer: Viewer, limit: int | None = 200) -> pd.DataFrame:
    """The import log, newest first, at most `limit` rows (None: all); refused to a viewer with a unit scope.

    Columns: import_id, imported_at, file_name, ledger, rows_read, rows_loaded, rows_skipped, rows_duplicate,
    rows_rejected, imported_by.
    """
    _require_import_log(viewer)
    return source.query("overview/import_history", {"limit": limit})


def stored_rejects(source: Reader, viewer: Viewer) -> pd.DataFrame:
    """Every rejected row still in quarantine, newest import first; refused to a viewer with a unit scope.

    Columns: import_id, imported_at, file_name, ledger, source_row, reason, raw (JSON text of the row's values).
    """
    _require_import_log(viewer)
    return source.query("overview/stored_rejects")


def data_years(source: Reader) -> tuple[int, ...]:
    """The calendar years for which any ledger holds rows, ascending."""
    return tuple(int(y) for y in source.query("overview/data_years")["year"])


def unit_count(source: Reader) -> int:
    """How many units the database knows (0: nothing imported yet)."""
    return int(source.query("overview/unit_count")["units"].iloc[0])


def year_choices(years: tuple[int, ...], today: date) -> tuple[int, ...]:
    """The years the period picker offers, newest first.

    The years with data plus the year before the first (so an empty year can be opened and shows what to import)
    and the current year (so this year's work can be followed before any import).
    """
    offered = set(years) | {today.year}
    if years:
        offered.add(min(years) - 1)
    return tuple(sorted(offered, reverse=True))


def part_choices(year: int, today: date) -> tuple[str, ...]:
    """The parts of `year` the picker offers (periods.YEAR_PARTS: the whole year, halves, quarters, months): every
    part that has begun by `today`, so the current year offers no month still to come."""
    return tuple(part for part in periods.YEAR_PARTS if periods.of_year(year, part).start <= today)


def default_period(years: tuple[int, ...], today: date) -> str:
    """The period the app opens on: the current year when it has data, else the latest year with data.

    The overview and a leader's home page follow the year under way (pace: who is behind while there is time to
    act), and compare it with the same span a year earlier, so a year in progress no longer misleads.
    """
    if today.year in years:
        return str(today.year)
    if years:
        return str(max(years))
    return str(today.year)
