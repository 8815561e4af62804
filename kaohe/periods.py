"""Assessment periods: a year ("2025"), a half ("2025-H1"), a quarter ("2025-Q2") or a month ("2025-06").

A period is a half-open date range [start, end). Queries take `$start` and `$end`, so one SQL file serves
every kind of period, and the comparison period (the same span a year earlier) is just another Period.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date, timedelta

from kaohe.labels import LabelledError

_PATTERNS = (
    (re.compile(r"^(\d{4})$"), "year"),
    (re.compile(r"^(\d{4})-H([12])$"), "half"),
    (re.compile(r"^(\d{4})-Q([1-4])$"), "quarter"),
    (re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"), "month"),
)


def today() -> date:
    """Today, or the day `$KAOHE_TODAY` names (YYYY-MM-DD): a demo or a test can fix which periods are under way."""
    fixed = os.environ.get("KAOHE_TODAY")
    return date.fromisoformat(fixed) if fixed else date.today()


class PeriodError(LabelledError, ValueError):
    """Raised for a period code that is not one of the accepted forms."""


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period: its code and its half-open date range [start, end)."""

    code: str
    start: date
    end: date

    def params(self) -> dict[str, date]:
        """The `$start`/`$end` parameters every period-scoped query takes."""
        return {"start": self.start, "end": self.end}

    def year_earlier(self) -> Period:
        """The same span one year earlier (the comparison period for year-on-year change)."""
        code = f"{int(self.code[:4]) - 1}{self.code[4:]}"
        return Period(code, _year_before(self.start), _year_before(self.end))

    def through(self, day: date) -> Period:
        """The part of the period up to and including `day`: a year in progress compares like with like."""
        return Period(self.code, self.start, max(self.start, min(self.end, day + timedelta(days=1))))

    @property
    def in_full(self) -> bool:
        """Whether the range is the whole period its code names (not cut short by `through`)."""
        return self == parse_period(self.code)


# The parts of a year a period can be, in the order a picker offers them: the whole year (""), its halves, quarters
# and months. A period's code is its year, a dash and its part ("2025-Q3"), or the year alone.
YEAR_PARTS = ("", "H1", "H2", "Q1", "Q2", "Q3", "Q4", *(f"{m:02d}" for m in range(1, 13)))


def year_and_part(code: str) -> tuple[int, str]:
    """A period code split into its year and its part of the year: "2025-Q3" → (2025, "Q3"), "2025" → (2025, "")."""
    period = parse_period(code)
    return period.start.year, period.code[5:]


def of_year(year: int, part: str) -> Period:
    """The period that is `part` (one of YEAR_PARTS) of `year`."""
    return parse_period(f"{year}-{part}" if part else str(year))


def _year_before(day: date) -> date:
    # 29 February has no twin a year earlier; as an exclusive end, 1 March keeps the 28th in the span.
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return date(day.year - 1, 3, 1)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def parse_period(code: str) -> Period:
    """Parse a period code such as "2025", "2025-H1", "2025-Q3" or "2025-06"."""
    text = code.strip().upper()
    for pattern, kind in _PATTERNS:
        match = pattern.match(text)
        if match is None:
            continue
        year = int(match.group(1))
        if kind == "year":
            return Period(text, date(year, 1, 1), date(year + 1, 1, 1))
        part = int(match.group(2))
        months = {"half": 6, "quarter": 3, "month": 1}[kind]
        start = date(year, (part - 1) * months + 1, 1)
        return Period(text, start, _add_months(start, months))
    raise PeriodError("period.error.code", code=code)


_STEP_MONTHS = {"monthly": 1, "quarterly": 3}


def expected_share(pace: str, period: Period, as_of: date) -> float:
    """The share of the period's count target due by the end of `as_of` (0 to 1) under a scheme's `pace`.

    linear: days elapsed (as_of included) / days of the period. monthly, quarterly: windows of 1 or 3 months
    from the period start (the last one ends with the period) that have ended by as_of / all windows. Scoring
    owes this share of a count target at a cut-off, and pace expects it, so the two always agree.
    """
    if as_of < period.start:
        return 0.0
    if as_of >= period.end - timedelta(days=1):
        return 1.0
    if pace == "linear":
        return ((as_of - period.start).days + 1) / (period.end - period.start).days
    step = _STEP_MONTHS.get(pace)
    if step is None:
        raise ValueError(f"unknown pace {pace!r}: expected linear, monthly or quarterly")
    months = (period.end.year - period.start.year) * 12 + period.end.month - period.start.month
    windows = max(1, -(-months // step))
    day_after = as_of + timedelta(days=1)
    ended = sum(1 for k in range(1, windows) if _add_months(period.start, k * step) <= day_after)
    return ended / windows
