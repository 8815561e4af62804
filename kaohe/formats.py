"""How figures read, the same on every screen, export and CLI line: scores, ranks, grades and result status.

One number everywhere needs one way to write it: a score is shown to two decimals, as stored and published; a
rank is out of every unit scored; a provisional grade says so. Pure functions of values and a language, used by
the pages (through kaohe.ui), the exports and the CLI.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

import pandas as pd

from kaohe.labels import label

if TYPE_CHECKING:  # kaohe.results imports the scoring stack, which names people and communities through here
    from kaohe.results import Result

MISSING = "—"  # a missing value in any table or line: never "None", "nan" or an empty-looking "（空）"

# Names the product itself writes as the author of a change (the demo build, the single user of a database without
# accounts, the command line, a scheduled job): users read what they stand for, never the internal name.
INTERNAL_USERS = ("demo", "local", "system", "cli")


def missing(value: Any) -> bool:
    """True for None, NaN, NaT and pd.NA: a value that is not there."""
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def person(name: Any, lang: str) -> str:
    """Who did something as users read it: an account's name, or what an internal author stands for ("本机用户")."""
    if missing(name) or name == "":
        return MISSING
    return label(f"user.internal.{name}", lang) if name in INTERNAL_USERS else str(name)


def community(value: Any, lang: str) -> str:
    """A unit's community, the same on every page: its name, or one wording for units outside any community."""
    return label("unit.no_community", lang) if missing(value) or value == "" else str(value)


# One colour per grade for every table, chart and file: the top band green, then blue, amber …; the lowest band red.
GRADE_PALETTE = ("#2E7D32", "#1565C0", "#F9A825", "#EF6C00", "#C62828")
GRADE_BACKGROUNDS = ("#C8E6C9", "#BBDEFB", "#FFF59D", "#FFE0B2", "#FFCDD2")


def grade_colours(grades: tuple[str, ...], background: bool = False) -> dict[str, str]:
    """The colour of each grade, `grades` listed from the top band down (as in Scheme.grades)."""
    palette = GRADE_BACKGROUNDS if background else GRADE_PALETTE
    last = len(palette) - 1
    if len(grades) <= len(palette):
        picks = [min(i, last - 1) for i in range(len(grades) - 1)] + [last]
    else:
        picks = [round(i * last / (len(grades) - 1)) for i in range(len(grades))]
    return {grade: palette[pick] for grade, pick in zip(grades, picks, strict=True)}


def score(value: Any) -> str:
    """A score as stored and published: two decimals ("73.66"); "—" for a missing value."""
    if missing(value):
        return MISSING
    # Scores are kept to 0.01; through str(), 13.245 stays 13.245 rather than the binary 13.2449… that rounds down.
    return str(Decimal(str(round(float(value), 2))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def rank(position: Any, of: int, lang: str) -> str:
    """A rank out of every unit scored: "第 3 名 / 共 36 个" ("No. 3 of 36")."""
    return label("result.rank", lang).format(rank=int(position), of=of)


def grade(value: Any, provisional: bool, lang: str) -> str:
    """A grade, marked 预估 when the result is provisional: "良好（预估）"."""
    text = MISSING if missing(value) else str(value)
    return label("result.grade_provisional", lang).format(grade=text) if provisional else text


def stability(status: Any, kept_share: float, lang: str) -> str:
    """A grade's stability: "稳定", or "临界（保持 58%）" with the share of perturbed draws that keep it."""
    if str(status) == "stable":
        return label("stability.status.stable", lang)
    return label("stability.borderline_kept", lang).format(kept=f"{100 * kept_share:.0f}%")


def pool_cap(cap: float | None, lang: str) -> str:
    """The most points a bonus or deduction pool gives: "最多 10 分", or "上不封顶" for a pool declared uncapped."""
    if cap is None:
        return label("pool.uncapped", lang)
    return label("pool.cap", lang).format(cap=f"{cap:g}")


def pools(bonus_cap: float | None, deduction_cap: float | None, lang: str) -> str:
    """Both pools in one sentence: "加分最多 10 分，扣分上不封顶。"."""
    return label("settings.pools", lang).format(
        bonus=pool_cap(bonus_cap, lang), deduction=pool_cap(deduction_cap, lang)
    )


def day(value: date) -> str:
    """A date as offices write it in tables: 2026-10-31."""
    return value.isoformat()


def moment(value: datetime, seconds: bool = False) -> str:
    """A time as offices write it in tables: 2026-01-05 09:30 (with seconds where two entries may share a minute)."""
    return value.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def period(code: str, lang: str) -> str:
    """A period code as people say it: "2025" → "2025 年", "2025-Q2" → "2025 年第二季度", "2025-03" → "2025 年 3 月"."""
    year, _, part = code.partition("-")
    if not part:
        return label("period.year", lang).format(year=year)
    if part.startswith("H"):
        return label(f"period.h{part[1]}", lang).format(year=year)
    if part.startswith("Q"):
        q = int(part[1])
        return label("period.quarter", lang).format(
            year=year,
            q=q,
            q_cn="一二三四"[q - 1],  # cjk: numerals of the zh label
        )  # cjk: numerals of the zh label
    return label("period.month", lang).format(year=year, month=int(part))


def status(result: Result, lang: str) -> str:
    """What the figures are, in one line: published when and by whom, live, or provisional and why."""
    if result.status == "published" and result.publication is not None:
        pub = result.publication
        return label("result.published", lang).format(
            when=moment(pub.published_at), who=person(pub.published_by, lang), revision=pub.revision
        )
    if result.status == "provisional":
        parts = []
        if result.as_of is not None:
            parts.append(label("result.provisional_as_of", lang).format(as_of=day(result.as_of)))
        if result.score.pending:
            parts.append(label("result.provisional_pending", lang).format(n=result.score.pending))
        return label("result.provisional", lang).format(why=label("result.separator", lang).join(parts))
    return label("result.live", lang)


def status_name(result: Result, lang: str) -> str:
    """已发布, 实时 or 预估."""
    return label(f"result.status.{result.status.value}", lang)
