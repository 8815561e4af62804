"""The one door to a period's result: pages, exports, publishing and the CLI ask here and never score on their own.

A branch's score decides its year-end honours, so it must read the same wherever it is shown. Every surface asks
`view` for the result of (viewer, period, cut-off, scheme) and gets the figures with what they are: the
publication (已发布, frozen), the live score (实时) or a provisional one (预估: the period is still under way or
qualitative parts are still to be scored). The scheme is the one in force (kaohe.workflow.in_force) unless a
draft is passed for a what-if. Scoring reads only and is shared: one computation per (data generation, period,
scheme content, cut-off) serves every session (Store.memo). The viewer's scope and evidence rules are applied
here, once; ranks stay out of every unit scored, whatever part of the ranking the viewer may see.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

import pandas as pd

from kaohe import periods, publish, stability, thresholds
from kaohe.access import AccessDenied, Permission, Viewer
from kaohe.pace import Pace, period_pace
from kaohe.periods import Period
from kaohe.publish import Publication
from kaohe.scheme import Scheme
from kaohe.scoring import ScoreResult, score_period
from kaohe.store import Store
from kaohe.workflow import in_force


class Status(StrEnum):
    """What a shown result is."""

    PUBLISHED = "published"  # 已发布: the frozen publication, as the office announced it
    LIVE = "live"  # 实时: scored now from the data, every input in
    PROVISIONAL = "provisional"  # 预估: scored now before the period ended, or with qualitative parts to come


@dataclass(frozen=True)
class Result:
    """A period's result as one viewer may see it.

    score: the figures, limited to the viewer's units (kaohe.scoring.ScoreResult).
    status: published, live or provisional.
    publication: the publication shown (status published), else the publication in force if any, so a live
        view can say that one exists and whether it still matches (`drifted`).
    units_scored: how many units were scored in all; kind_counts: how many of each kind (ranks are out of these).
    """

    score: ScoreResult
    status: Status
    publication: Publication | None
    units_scored: int
    kind_counts: Mapping[str, int]
    drifted: bool = False  # a live view of a published period whose figures no longer match the publication

    @property
    def as_of(self) -> date | None:
        """The cut-off of a result scored before its period ended (None: the whole period)."""
        return self.score.as_of

    def of_kind(self, kind: str) -> int:
        """How many units of `kind` were scored (the denominator of a rank within kind)."""
        return int(self.kind_counts.get(kind, 0))


def default_cutoff(store: Store, period: Period, today: date | None = None) -> date | None:
    """Where a period is cut off when scored today: None once it has ended (scored whole); for a period under
    way, the last day its ledgers cover (not after today), or today when nothing is imported for it yet."""
    today = today or periods.today()
    if today >= period.end:
        return None
    latest = store.scalar("pace/as_of", period.params())
    day = today if latest is None else min(latest if isinstance(latest, date) else latest.date(), today)
    return max(day, period.start)


def cutoff_bounds(period: Period, today: date | None = None) -> tuple[date, date] | None:
    """The cut-offs a user may pick for a period: from its first day to today (None once it has ended)."""
    today = today or periods.today()
    if today >= period.end or today < period.start:
        return None
    return period.start, today


def scored(store: Store, period: Period, scheme: Scheme | None = None, as_of: date | None = None) -> ScoreResult:
    """The whole period (or up to `as_of`) scored under `scheme` (default: the scheme in force), for every unit.

    Shared across sessions (score_period is memoised per data generation); callers must not change the frames
    they get. Not scoped: library callers that show it pass it through `view` (or check the viewer themselves).
    """
    return score_period(store, period, scheme or in_force(store, period).scheme, as_of)


def view(
    store: Store,
    viewer: Viewer,
    period: Period,
    *,
    as_of: date | None = None,
    scheme: Scheme | None = None,
    published: bool | None = None,
) -> Result:
    """The result of `period` the viewer may see.

    Viewers who may see unpublished scores (Permission.VIEW_SCORES) get the live result (provisional when
    `as_of` cuts the period short or qualitative parts are pending) unless `published=True`; everyone else gets
    the publication in force. AccessDenied when there is nothing they may see (an unpublished period).
    `scheme` scores a draft instead of the scheme in force (a what-if; never for a publication).
    """
    publication = publish.current_publication(store, period)
    wants_publication = published if published is not None else not viewer.can(Permission.VIEW_SCORES)
    if wants_publication:
        if publication is None:
            raise AccessDenied("access.not_published", period=period.code)
        full = _frozen(store, publication)
        status = Status.PUBLISHED
    else:
        viewer.require(Permission.VIEW_SCORES)
        full = scored(store, period, scheme, as_of)
        status = Status.PROVISIONAL if full.provisional else Status.LIVE
    kinds = full.units["kind"].value_counts()
    live = status is not Status.PUBLISHED
    return Result(
        score=visible(full, viewer),
        status=status,
        publication=publication,
        units_scored=len(full.units),
        kind_counts={str(kind): int(n) for kind, n in kinds.items()},
        drifted=live and publication is not None and publish.publication_differs(store, publication, full),
    )


def whole(store: Store, shown: Result) -> ScoreResult:
    """The whole result a shown one was cut from, every unit (ranks, the quota and stability are decided among
    all of them): the same publication, or the same scoring (memoised, so nothing is scored twice)."""
    if shown.status is Status.PUBLISHED and shown.publication is not None:
        return _frozen(store, shown.publication)
    score = shown.score
    return score_period(store, score.period, score.scheme, score.as_of)


def grade_stability(store: Store, viewer: Viewer, shown: Result) -> pd.DataFrame:
    """How stable each shown unit's grade is (kaohe.stability.STABILITY_COLUMNS), measured on the whole result with
    the thresholds in force; memoised per result. An assessors' aid: it needs Permission.VIEW_SCORES."""
    viewer.require(Permission.VIEW_SCORES)
    full = whole(store, shown)
    settings = thresholds.load().stability
    key = ("grade_stability", full.result_hash, settings)
    measured = store.memo(key, lambda: stability.grade_stability(full, settings))
    keep = measured["unit_id"].isin(shown.score.units["unit_id"])
    return measured[keep].reset_index(drop=True)


def _frozen(store: Store, publication: Publication) -> ScoreResult:
    """A publication's frozen result, read once per data generation."""
    return store.memo(("publication", publication.publication_id), lambda: publish.frozen_result(store, publication))


def progress(store: Store, viewer: Viewer, period: Period, as_of: date | None) -> Pace | None:
    """Pace against count targets at the cut-off, from the same scoring as `view` (None for a period scored
    whole). Pace shows targets and actuals, never points, so every viewer of ledger data may see its own units'."""
    if as_of is None:
        return None
    full = scored(store, period, None, as_of)
    return None if full.as_of is None else period_pace(full, viewer)


def visible(result: ScoreResult, viewer: Viewer) -> ScoreResult:
    """The part of `result` the viewer may see: its own unit for a branch user, their units for a leader (and
    nothing when a leader has none), evidence notes only for those
    who may read the assessors' working papers (Permission.VIEW_COMMENTS)."""
    # Shallow copies: with pandas' copy-on-write a page that adds a column changes its copy, not the shared result.
    adjustments = result.adjustments.copy(deep=False)
    if not viewer.can(Permission.VIEW_COMMENTS) and "evidence" in adjustments:
        adjustments = adjustments.assign(evidence=None)
    scope = viewer.unit_scope
    if scope is None:
        units, lines = result.units.copy(deep=False), result.lines.copy(deep=False)
        return dataclasses.replace(result, units=units, lines=lines, adjustments=adjustments)
    return dataclasses.replace(
        result,
        units=result.units[result.units["unit_id"].isin(scope)].reset_index(drop=True),
        lines=result.lines[result.lines["unit_id"].isin(scope)].reset_index(drop=True),
        adjustments=adjustments[adjustments["unit_id"].isin(scope)].reset_index(drop=True),
    )
