"""Publishing (结果发布): freeze a period's result, and say when the data or scheme have moved on since.

A published ranking is what the office announced, so it must never change: the rows are copied into
published_results at publication (with the result hash, the scheme version, who and when) and read back from
there, never recomputed. When ledgers, entries or the scheme change afterwards, `drift` re-scores the period
and lists the units whose total, grade or rank would now differ; republishing is a new revision, the old one
stays.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd

from kaohe import audit, periods
from kaohe.access import Permission, Viewer
from kaohe.periods import Period, parse_period
from kaohe.queries import load_query
from kaohe.scheme import Scheme, stored_scheme
from kaohe.scoring import ScoreResult, score_period
from kaohe.store import Store
from kaohe.workflow import as_period, compare_frames, scheme_in_force


class PublishError(ValueError):
    """A publication that cannot be made or found; the message says why and what to do."""


@dataclass(frozen=True)
class Publication:
    """One frozen result: which period, revision and scheme version, its hash, who published it and when."""

    publication_id: int
    period: str
    revision: int
    scheme_id: str
    scheme_version: int
    scheme_hash: str
    result_hash: str
    published_by: str
    published_at: datetime
    note: str | None
    in_force: bool


def _frozen_json(frame: pd.DataFrame) -> str:
    return frame.to_json(orient="split", index=False, date_format="iso", force_ascii=False)


def _thawed(text: str) -> pd.DataFrame:
    data = json.loads(text)
    return pd.DataFrame(data["data"], columns=data["columns"])


def _publication(row: dict[str, Any]) -> Publication:
    note = row["note"]
    return Publication(
        publication_id=int(row["publication_id"]),
        period=str(row["period"]),
        revision=int(row["revision"]),
        scheme_id=str(row["scheme_id"]),
        scheme_version=int(row["scheme_version"]),
        scheme_hash=str(row["scheme_hash"]),
        result_hash=str(row["result_hash"]),
        published_by=str(row["published_by"]),
        published_at=pd.Timestamp(row["published_at"]).to_pydatetime(),
        note=None if note is None or pd.isna(note) else str(note),
        in_force=bool(row["in_force"]),
    )


def publications(store: Store, period: Period | str | None = None) -> list[Publication]:
    """Every publication (of one period when given), newest first; published results are open to every role."""
    code = None if period is None else as_period(period).code
    rows = store.query("workflow/publications", {"period": code}).to_dict("records")
    return [_publication({str(k): v for k, v in r.items()}) for r in rows]


def current_publication(store: Store, period: Period | str) -> Publication | None:
    """The publication in force for a period (its latest revision), or None when it was never published."""
    return next((p for p in publications(store, period) if p.in_force), None)


def publish(
    store: Store,
    viewer: Viewer,
    period: Period | str,
    scheme: Scheme | None = None,
    note: str | None = None,
    today: date | None = None,
) -> Publication:
    """Score the whole period (under the scheme in force unless given) and freeze the result; audited.

    Refused (PublishError) while the period is under way, while qualitative scores are still to be entered (a
    publication is final, never provisional), and when the publication in force already has the same result
    hash: nothing changed.
    """
    viewer.require(Permission.PUBLISH)
    period = as_period(period)
    if (today or periods.today()) < period.end:
        raise PublishError(f"考核期 {period.code} 尚未结束（至 {period.end - timedelta(days=1)}），不能发布最终结果")
    scheme = scheme or scheme_in_force(store, period)
    result = score_period(store, period, scheme)
    if result.pending:
        raise PublishError(f"考核期 {period.code} 还有 {result.pending} 项定性评价待评，录入完毕后才能发布")
    current = current_publication(store, period)
    if current is not None and current.result_hash == result.result_hash:
        raise PublishError(
            f"考核期 {period.code} 的结果已于 {current.published_at:%Y-%m-%d %H:%M} 由 {current.published_by} 发布，"
            "此后数据和评分办法没有变化，无需重新发布"
        )
    now = datetime.now()
    with store.transaction() as cur:
        (revision,) = cur.execute(load_query("workflow/next_revision"), {"period": period.code}).fetchone() or (1,)
        row = cur.execute(
            load_query("workflow/insert_publication"),
            {
                "period": period.code,
                "revision": revision,
                "scheme_id": scheme.id,
                "scheme_version": scheme.version,
                "scheme_hash": scheme.content_hash,
                "result_hash": result.result_hash,
                "dimensions": list(scheme.dimensions),
                "units": _frozen_json(result.units),
                "lines": _frozen_json(result.lines),
                "adjustments": _frozen_json(result.adjustments),
                "published_by": viewer.user,
                "published_at": now,
                "note": note or None,
            },
        ).fetchone()
        if row is None:
            raise RuntimeError("workflow/insert_publication returned no row")
        publication_id = int(row[0])
        cur.register("frozen_units", result.units)
        cur.register("frozen_lines", result.lines)
        cur.execute(load_query("workflow/insert_published_units"), {"publication_id": publication_id})
        cur.execute(load_query("workflow/insert_published_lines"), {"publication_id": publication_id})
        cur.unregister("frozen_units")
        cur.unregister("frozen_lines")
        audit.record(
            cur,
            viewer.user,
            "publish",
            f"{period.code} 第{revision}次发布",
            None if current is None else {"publication_id": current.publication_id, "result_hash": current.result_hash},
            {"publication_id": publication_id, "result_hash": result.result_hash, "scheme": scheme.label,
             "units": len(result.units), "note": note or None},
        )  # fmt: skip
    published = next(p for p in publications(store, period) if p.publication_id == publication_id)
    return published


def frozen_result(store: Store, publication: Publication) -> ScoreResult:
    """The published result exactly as frozen (units, lines, adjustments, hash), under its own scheme version."""
    row = store.query("workflow/publication_rows", {"publication_id": publication.publication_id})
    if row.empty:
        raise PublishError(f"没有编号为 {publication.publication_id} 的发布记录")
    adjustments = _thawed(str(row["adjustments"].iloc[0]))
    if "entered_at" in adjustments:
        adjustments["entered_at"] = pd.to_datetime(adjustments["entered_at"])
    return ScoreResult(
        period=parse_period(publication.period),
        scheme=stored_scheme(store, publication.scheme_id, publication.scheme_version),
        units=_thawed(str(row["units"].iloc[0])),
        lines=_thawed(str(row["lines"].iloc[0])),
        adjustments=adjustments,
        result_hash=publication.result_hash,
    )


def figures_match(store: Store, publication: Publication, result: ScoreResult) -> bool:
    """Whether `result` gives every unit the rank, total, grade and veto the publication froze, and every
    indicator the same points. Drift is decided on the figures, so that a change in how the result hash is
    computed (a new engine) does not make an unchanged publication look changed; equal hashes are the quick
    answer (`publication_differs`)."""
    frozen = store.query("workflow/published_figures", {"publication_id": publication.publication_id})
    units = result.units[["unit_id", "rank", "total", "grade", "vetoed"]]
    lines = result.lines[["unit_id", "indicator_id", "points", "weighted_points"]]
    live = units.merge(lines, on="unit_id", how="left")
    if len(live) != len(frozen):
        return False
    keys = ["unit_id", "indicator_id"]
    both = frozen.merge(live, on=keys, how="outer", suffixes=("_then", "_now"), indicator=True)
    if not (both["_merge"] == "both").all():
        return False
    for column in ("rank", "total", "points", "weighted_points"):
        then, now = both[f"{column}_then"].astype(float), both[f"{column}_now"].astype(float)
        if ((then - now).abs() > 0.005).any() or (then.isna() != now.isna()).any():
            return False
    return bool(
        (both["grade_then"].astype(str) == both["grade_now"].astype(str)).all()
        and (both["vetoed_then"].astype(bool) == both["vetoed_now"].astype(bool)).all()
    )


def publication_differs(store: Store, publication: Publication, result: ScoreResult) -> bool:
    """Whether `result` (scored now) no longer gives the figures `publication` froze."""
    if publication.result_hash == result.result_hash:
        return False
    key = ("publication_differs", publication.publication_id, result.result_hash)
    return store.memo(key, lambda: not figures_match(store, publication, result))


@dataclass(frozen=True)
class Drift:
    """How the period stands now against a publication.

    data_changed: re-scoring under the published scheme version no longer gives the frozen figures (ledgers or
        entries changed; `publication_differs`). scheme_changed: another scheme version is now in force.
        changes: the units whose total, grade or rank differ between the frozen result and a re-score under the
        scheme in force (workflow.COMPARE_COLUMNS).
    """

    publication: Publication
    data_changed: bool
    scheme_changed: bool
    scheme_now: Scheme
    result_hash_now: str
    changes: pd.DataFrame

    @property
    def changed(self) -> bool:
        """Whether the published result no longer matches what scoring gives now."""
        return self.data_changed or self.scheme_changed


def drift(store: Store, viewer: Viewer, publication: Publication) -> Drift:
    """Compare a publication with the period scored now (unpublished figures: needs VIEW_SCORES)."""
    viewer.require(Permission.VIEW_SCORES)
    frozen = frozen_result(store, publication)
    same_scheme = score_period(store, publication.period, frozen.scheme)
    scheme_now = scheme_in_force(store, publication.period)
    now = same_scheme if scheme_now.content_hash == frozen.scheme.content_hash else None
    now = now or score_period(store, publication.period, scheme_now)
    changes = compare_frames(store, (frozen.units, frozen.lines), (now.units, now.lines))
    return Drift(
        publication=publication,
        data_changed=publication_differs(store, publication, same_scheme),
        scheme_changed=(scheme_now.id, scheme_now.version) != (publication.scheme_id, publication.scheme_version),
        scheme_now=scheme_now,
        result_hash_now=now.result_hash,
        changes=changes,
    )
