"""评优评先: the honours a period's result leads to, proposed from the scheme's `[awards]`, confirmed by assessors.

"实行奖优罚劣，把考核结果和年终各项评优、评先结合起来": the scheme says what each grade means (kaohe.scheme.Awards);
this module applies it to the result every surface shows (kaohe.results, the publication once there is one),
proposing for each unit one of three statuses with the reason in words: recommended for the honour (推荐), keeps
its eligibility (保留评优资格) or loses it for the year (取消年度评优资格). The assessors confirm the list of a
published period unit by unit, each with a reason (append-only `award_decisions`, one audit entry per unit whose
decision changed); a decision names the publication it was confirmed against, so a republished period asks for
a new confirmation. The confirmed list goes into the xlsx export and the 通报 (kaohe.report).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd

from kaohe import audit, formats, publish, results, spreadsheet
from kaohe.access import Permission, Viewer
from kaohe.labels import LabelledError, label
from kaohe.periods import Period
from kaohe.publish import Publication
from kaohe.queries import load_query
from kaohe.scheme import Awards
from kaohe.scoring import name_keys
from kaohe.store import Store

STATUSES = ("recommended", "eligible", "ineligible")
# Columns of AwardList.units, in ranking order.
AWARD_COLUMNS = (
    "rank", "unit_id", "unit", "kind", "total", "grade", "vetoed", "proposed", "proposed_reason", "status", "reason",
    "decided_by", "decided_at",
)  # fmt: skip
REASON_LENGTH = 200


class AwardsError(LabelledError):
    """Honours that cannot be proposed or confirmed as asked; the message says why and what to do."""


@dataclass(frozen=True)
class Decision:
    """One unit's honour decision as an assessor confirms it."""

    unit_id: str
    status: str
    reason: str


@dataclass(frozen=True)
class AwardList:
    """A period's honours: the rule's proposal for every unit and the confirmed decision where there is one.

    shown: the result proposed from (the publication in force, else the live or provisional result: a preview).
    units: AWARD_COLUMNS in ranking order; `status` and `reason` are the confirmed ones when the whole list was
    confirmed against the publication shown, else the proposal's. limit: how many may be recommended (None: any).
    confirmed: every unit has a decision confirmed against the publication shown. stale: decisions exist, but for
    an earlier publication of the period.
    """

    period: Period
    shown: results.Result
    awards: Awards
    limit: int | None
    units: pd.DataFrame
    confirmed: bool
    stale: bool

    @property
    def publication(self) -> Publication | None:
        """The publication the list is proposed from (None: a preview of an unpublished result)."""
        return self.shown.publication if self.shown.status is results.Status.PUBLISHED else None

    def of(self, status: str) -> pd.DataFrame:
        """The units with `status` (as confirmed, else as proposed), in ranking order."""
        return self.units[self.units["status"] == status].reset_index(drop=True)

    @property
    def confirmed_by(self) -> tuple[str, datetime] | None:
        """Who confirmed the list last, and when (None: not confirmed)."""
        if not self.confirmed:
            return None
        last = self.units.sort_values("decided_at").iloc[-1]
        return str(last["decided_by"]), pd.Timestamp(last["decided_at"]).to_pydatetime()


def _ranking_order(shown: results.Result) -> pd.DataFrame:
    """The units best first as the quota of recommendations counts them: rank, then the scheme's tie break."""
    units = shown.score.units.copy()
    scheme = shown.score.scheme
    keys = ["rank"]
    ascending = [True]
    for item in scheme.tie_break:
        if item.startswith("dimension:") and item[10:] in units:
            keys.append(item[10:])
            ascending.append(False)
    units["_name_key"] = name_keys(units["unit"], "pinyin" in scheme.tie_break)
    keys.append("_name_key")
    ascending.append(True)
    return units.sort_values(keys, ascending=ascending, kind="stable").drop(columns="_name_key")


def _proposal(shown: results.Result, awards: Awards, limit: int | None, lang: str) -> pd.DataFrame:
    """Each unit's status and reason under the rule, in ranking order."""
    ordered = _ranking_order(shown)
    statuses, reasons = [], []
    recommended = 0
    for unit in ordered.to_dict("records"):
        grade = str(unit["grade"])
        total = formats.score(unit["total"])
        rank = formats.rank(unit["rank"], shown.units_scored, lang)
        if bool(unit["vetoed"]) and awards.veto_ineligible:
            status, reason = "ineligible", label("awards.reason.veto", lang).format(reason=unit["veto_reason"])
        elif grade in awards.ineligible:
            status, reason = "ineligible", label("awards.reason.ineligible", lang).format(grade=grade)
        elif grade in awards.recommend and not bool(unit["vetoed"]) and (limit is None or recommended < limit):
            recommended += 1
            status = "recommended"
            reason = label("awards.reason.recommended", lang).format(grade=grade, total=total, rank=rank)
        elif grade in awards.recommend and not bool(unit["vetoed"]):
            status = "eligible"
            reason = label("awards.reason.over_quota", lang).format(grade=grade, total=total, limit=limit)
        else:
            status, reason = "eligible", label("awards.reason.eligible", lang).format(grade=grade)
        statuses.append(status)
        reasons.append(reason)
    columns = ["rank", "unit_id", "unit", "kind", "total", "grade", "vetoed"]
    return ordered[columns].assign(proposed=statuses, proposed_reason=reasons).reset_index(drop=True)


def _awards_of(shown: results.Result) -> Awards:
    awards = shown.score.scheme.awards
    if awards is None:
        raise AwardsError("awards.none", scheme=shown.score.scheme.name)
    return awards


def award_list(store: Store, viewer: Viewer, period: Period, lang: str = "zh") -> AwardList:
    """The period's honours: proposed from the publication in force (or, unpublished, previewed from the live
    result), with the decisions confirmed against that publication. AwardsError when the scheme has no
    `[awards]`; AccessDenied for a viewer who may not see unpublished scores."""
    viewer.require(Permission.VIEW_SCORES)
    published = publish.current_publication(store, period) is not None
    shown = results.view(store, viewer, period, published=True if published else None)
    awards = _awards_of(shown)
    limit = awards.limit(shown.units_scored)
    units = _proposal(shown, awards, limit, lang)
    decisions = store.query("awards/decisions", {"period": period.code})
    publication = shown.publication if published else None
    current = decisions[decisions["publication_id"] == (publication.publication_id if publication else -1)]
    merged = units.merge(current.drop(columns="publication_id"), on="unit_id", how="left")
    confirmed = publication is not None and len(units) > 0 and bool(merged["status"].notna().all())
    if not confirmed:
        merged["status"], merged["reason"] = merged["proposed"], merged["proposed_reason"]
        merged["decided_by"], merged["decided_at"] = None, pd.NaT
    stale = not confirmed and not decisions.empty
    return AwardList(period, shown, awards, limit, merged[list(AWARD_COLUMNS)], confirmed, stale)


def confirm(
    store: Store, viewer: Viewer, period: Period, decisions: Sequence[Decision], now: datetime | None = None
) -> int:
    """Confirm the whole list of a published period, each unit with a reason; returns how many decisions changed.

    Refused (AwardsError) before publication, for a list that leaves a unit out, without a reason, and where the
    rule does not allow the status: an ineligible unit stays ineligible, only units of a recommended grade may be
    recommended, never more than the quota. Each changed decision is a new row and an audit entry.
    """
    viewer.require(Permission.CONFIRM_AWARDS)
    listed = award_list(store, viewer, period)
    publication = listed.publication
    if publication is None:
        raise AwardsError("awards.not_published", period=period.code)
    units = listed.units.set_index("unit_id")
    given = {d.unit_id: d for d in decisions}
    missing = [str(units.at[u, "unit"]) for u in units.index if u not in given]
    if missing:
        raise AwardsError("awards.error.incomplete", units=list(missing))
    recommended = 0
    for decision in decisions:
        if decision.unit_id not in units.index:
            raise AwardsError("awards.error.unknown_unit", unit=decision.unit_id, period=period.code)
        unit = units.loc[decision.unit_id]
        name = str(unit["unit"])
        reason = decision.reason.strip()
        if decision.status not in STATUSES:
            raise AwardsError("awards.error.status", unit=name, status=decision.status)
        if not reason:
            raise AwardsError("awards.error.no_reason", unit=name)
        if len(reason) > REASON_LENGTH:
            raise AwardsError("awards.error.long_reason", unit=name, limit=REASON_LENGTH)
        if unit["proposed"] == "ineligible" and decision.status != "ineligible":
            raise AwardsError("awards.error.must_be_ineligible", unit=name, reason=unit["proposed_reason"])
        if decision.status == "recommended":
            if str(unit["grade"]) not in listed.awards.recommend:
                raise AwardsError("awards.error.not_recommendable", unit=name, grade=unit["grade"])
            recommended += 1
    if listed.limit is not None and recommended > listed.limit:
        raise AwardsError("awards.error.over_quota", n=recommended, limit=listed.limit)
    when = now or datetime.now().replace(microsecond=0)
    changed = 0
    with store.transaction() as cur:
        for decision in decisions:
            unit = units.loc[decision.unit_id]
            before = (unit["status"], unit["reason"]) if listed.confirmed else None
            after = (decision.status, decision.reason.strip())
            if before == after:
                continue
            cur.execute(
                load_query("awards/insert"),
                {"period": period.code, "publication_id": publication.publication_id, "unit_id": decision.unit_id,
                 "status": after[0], "reason": after[1], "decided_by": viewer.user, "decided_at": when},
            )  # fmt: skip
            audit.record(
                cur,
                viewer.user,
                "awards.confirm",
                f"{period.code} {unit['unit']}",
                None if before is None else {"status": before[0], "reason": before[1]},
                {"status": after[0], "reason": after[1], "publication_id": publication.publication_id},
            )
            changed += 1
    return changed


def proposed_decisions(listed: AwardList) -> list[Decision]:
    """The list as it stands (confirmed, else proposed), as decisions to confirm or edit."""
    return [
        Decision(str(row["unit_id"]), str(row["status"]), str(row["reason"])) for row in listed.units.to_dict("records")
    ]


def edited(listed: AwardList, edits: Mapping[str, tuple[str, str]]) -> AwardList:
    """The list with some units' (status, reason) changed, as it would be confirmed (nothing stored or checked:
    `confirm` checks)."""
    units = listed.units.copy()
    for unit_id, (status, reason) in edits.items():
        units.loc[units["unit_id"] == unit_id, ["status", "reason"]] = [status, reason]
    return dataclasses.replace(listed, units=units)


def frame(listed: AwardList, lang: str = "zh") -> pd.DataFrame:
    """The list as people read it: rank, unit, kind, total (2 decimals), grade, status and reason in words."""
    units = listed.units
    provisional = listed.shown.status is results.Status.PROVISIONAL
    shown = pd.DataFrame(
        {
            "rank": [formats.rank(r, listed.shown.units_scored, lang) for r in units["rank"]],
            "unit": units["unit"],
            "kind": units["kind"],
            "total": [formats.score(v) for v in units["total"]],
            "grade": [formats.grade(g, provisional, lang) for g in units["grade"]],
            "status": [label(f"awards.status.{s}", lang) for s in units["status"]],
            "reason": units["reason"],
        }
    )
    return shown.rename(columns={c: label(f"awards.col.{c}", lang) for c in shown.columns})


def workbook(listed: AwardList, lang: str = "zh") -> bytes:
    """The list as an xlsx file (one sheet), through the one spreadsheet writer: text stays text."""
    sheet = label("awards.sheet", lang)
    return spreadsheet.xlsx_bytes({sheet: frame(listed, lang)})


def file_name(listed: AwardList, lang: str = "zh") -> str:
    """评优评先名单_2025.xlsx."""
    return f"{label('awards.file', lang)}_{listed.period.code}.xlsx"


def summary(listed: AwardList) -> dict[str, Any]:
    """How many units hold each status."""
    counts = listed.units["status"].value_counts()
    return {status: int(counts.get(status, 0)) for status in STATUSES}
