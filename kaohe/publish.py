"""Publishing (结果发布): freeze a period's result, and say when the data or scheme have moved on since.

A published ranking is what the office announced, so it must never change: the rows are copied into
published_results at publication (with the result hash, the scheme version, who and when) and read back from
there, never recomputed. When ledgers, entries or the scheme change afterwards, `drift` re-scores the period
and lists the units whose total, grade or rank would now differ; republishing is a new revision, the old one
stays.

Only the secretary publishes. `preview` says beforehand what a publication would freeze (or why it cannot be made),
for the page to show and have confirmed. The assessors, who prepare the result, ask the secretary to publish a
period (`request_publication`, with a note); the secretary sees the open requests (`requests`, `request_notice`
for the overview), and publishing the period closes them, or declining one closes it with a reason.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd

from kaohe import audit, formats, periods
from kaohe.access import Permission, Viewer
from kaohe.labels import LabelledError, Message, label, message
from kaohe.periods import Period, parse_period
from kaohe.queries import load_query
from kaohe.scheme import Scheme, stored_scheme
from kaohe.scoring import ScoreResult, score_period
from kaohe.store import Store
from kaohe.workflow import as_period, compare_frames, scheme_in_force


class PublishError(LabelledError):
    """A publication that cannot be made or found; the message (a label) says why and what to do."""

    @classmethod
    def of(cls, refusal: Message) -> PublishError:
        """The error that says `refusal`."""
        return cls(refusal.key, **dict(refusal.values))


class RequestError(LabelledError):
    """A request to publish that cannot be made or closed; the message (a label) says why."""


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


@dataclass(frozen=True)
class Preview:
    """What publishing a period now would freeze, for the secretary to confirm: the scheme in force, how many units,
    which revision, the result hash; refusal: why it cannot be published now (None when it can)."""

    period: Period
    scheme: Scheme
    units: int
    revision: int
    result_hash: str
    current: Publication | None
    refusal: Message | None


def _refusal(period: Period, result: ScoreResult, current: Publication | None, today: date) -> Message | None:
    """Why a period's result may not be published now: under way, qualitative scores to come, or unchanged since
    the publication in force."""
    if today < period.end:
        return message(
            "publish.refused.under_way", period=period.code, last=(period.end - timedelta(days=1)).isoformat()
        )
    if result.pending:
        return message("publish.refused.pending", period=period.code, n=result.pending)
    if current is not None and current.result_hash == result.result_hash:
        return message(
            "publish.refused.unchanged",
            period=period.code,
            when=formats.moment(current.published_at),
            who=current.published_by,
        )
    return None


def preview(store: Store, viewer: Viewer, period: Period | str, today: date | None = None) -> Preview:
    """What `publish` would freeze now (it reads only), or why it would refuse."""
    viewer.require(Permission.PUBLISH)
    period = as_period(period)
    scheme = scheme_in_force(store, period)
    result = score_period(store, period, scheme)
    current = current_publication(store, period)
    return Preview(
        period=period,
        scheme=scheme,
        units=len(result.units),
        revision=1 if current is None else current.revision + 1,
        result_hash=result.result_hash,
        current=current,
        refusal=_refusal(period, result, current, today or periods.today()),
    )


def publish(
    store: Store,
    viewer: Viewer,
    period: Period | str,
    scheme: Scheme | None = None,
    note: str | None = None,
    today: date | None = None,
) -> Publication:
    """Score the whole period (under the scheme in force unless given) and freeze the result; audited. The
    period's open requests to publish are closed by the publication.

    Refused (PublishError) while the period is under way, while qualitative scores are still to be entered (a
    publication is final, never provisional), and when the publication in force already has the same result
    hash: nothing changed.
    """
    viewer.require(Permission.PUBLISH)
    period = as_period(period)
    scheme = scheme or scheme_in_force(store, period)
    result = score_period(store, period, scheme)
    current = current_publication(store, period)
    refusal = _refusal(period, result, current, today or periods.today())
    if refusal is not None:
        raise PublishError.of(refusal)
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
        closed = _close_requests(cur, viewer, "published", period=period.code, publication_id=publication_id, at=now)
        audit.record(
            cur,
            viewer.user,
            "publish",
            f"{period.code} 第{revision}次发布",  # cjk: the target as stored; kaohe.audit words it for each reader
            None if current is None else {"publication_id": current.publication_id, "result_hash": current.result_hash},
            {"publication_id": publication_id, "result_hash": result.result_hash, "scheme": scheme.label,
             "units": len(result.units), "note": note or None, "requests_closed": closed},
        )  # fmt: skip
    published = next(p for p in publications(store, period) if p.publication_id == publication_id)
    return published


def frozen_result(store: Store, publication: Publication) -> ScoreResult:
    """The published result exactly as frozen (units, lines, adjustments, hash), under its own scheme version."""
    row = store.query("workflow/publication_rows", {"publication_id": publication.publication_id})
    if row.empty:
        raise PublishError("publish.error.no_record", id=publication.publication_id)
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


# -- requests to publish (发布申请) ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PublishRequest:
    """An assessor's request that the secretary publish a period, as it now stands (publish_requests_current).

    status: open (待处理), published (closed by the publication publication_id) or declined (closed with a reason).
    """

    request_id: int
    period: str
    note: str | None
    requested_by: str
    requested_at: datetime
    status: str
    closed_by: str | None
    closed_at: datetime | None
    reason: str | None
    publication_id: int | None

    @property
    def is_open(self) -> bool:
        """Whether the request still waits for the secretary."""
        return self.status == "open"


def _text_or_none(value: Any) -> str | None:
    return None if value is None or pd.isna(value) else str(value)


def _publish_request(row: dict[str, Any]) -> PublishRequest:
    closed_at, publication_id = row["closed_at"], row["publication_id"]
    return PublishRequest(
        request_id=int(row["request_id"]),
        period=str(row["period"]),
        note=_text_or_none(row["note"]),
        requested_by=str(row["requested_by"]),
        requested_at=pd.Timestamp(row["requested_at"]).to_pydatetime(),
        status=str(row["status"]),
        closed_by=_text_or_none(row["closed_by"]),
        closed_at=None if pd.isna(closed_at) else pd.Timestamp(closed_at).to_pydatetime(),
        reason=_text_or_none(row["reason"]),
        publication_id=None if pd.isna(publication_id) else int(publication_id),
    )


def requests(
    store: Store, viewer: Viewer, period: Period | str | None = None, open_only: bool = False
) -> list[PublishRequest]:
    """Requests to publish (of one period when given; only the open ones when asked), newest first: for those who
    publish and those who ask."""
    if not (viewer.can(Permission.PUBLISH) or viewer.can(Permission.REQUEST_PUBLISH)):
        viewer.require(Permission.PUBLISH)
    code = None if period is None else as_period(period).code
    rows = store.query("publish/requests", {"period": code, "open_only": open_only}).to_dict("records")
    return [_publish_request({str(k): v for k, v in r.items()}) for r in rows]


def _request_target(period: str, request_id: int) -> str:
    return label("publish.request.target", "zh").format(period=period, id=request_id)


def request_publication(
    store: Store, viewer: Viewer, period: Period | str, note: str, today: date | None = None
) -> PublishRequest:
    """Ask the secretary to publish a period, with a note saying what is ready; audited ('publish.request').

    RequestError when the note is empty, the period is still under way, or the period already has an open request.
    """
    viewer.require(Permission.REQUEST_PUBLISH)
    period = as_period(period)
    text = note.strip()
    if not text:
        raise RequestError("publish.request.no_note")
    if (today or periods.today()) < period.end:
        raise RequestError("publish.request.under_way", period=period.code, end=period.end - timedelta(days=1))
    waiting = requests(store, viewer, period, open_only=True)
    if waiting:
        first = waiting[0]
        raise RequestError(
            "publish.request.already_open",
            period=period.code,
            who=first.requested_by,
            when=formats.moment(first.requested_at),
        )
    with store.transaction() as cur:
        row = cur.execute(
            load_query("publish/request_insert"),
            {"period": period.code, "note": text, "entered_by": viewer.user, "entered_at": datetime.now()},
        ).fetchone()
        if row is None:
            raise RuntimeError("publish/request_insert returned no row")
        request_id = int(row[0])
        audit.record(
            cur, viewer.user, "publish.request", _request_target(period.code, request_id), None,
            {"request_id": request_id, "period": period.code, "note": text},
        )  # fmt: skip
    return next(r for r in requests(store, viewer, period) if r.request_id == request_id)


def decline_request(store: Store, viewer: Viewer, request_id: int, reason: str) -> PublishRequest:
    """Close an open request without publishing, with the reason the assessors read; audited ('publish.decline').

    RequestError when the reason is empty or the request is not open (published, declined or unknown)."""
    viewer.require(Permission.PUBLISH)
    text = reason.strip()
    if not text:
        raise RequestError("publish.request.no_reason")
    found = next((r for r in requests(store, viewer) if r.request_id == request_id), None)
    if found is None or not found.is_open:
        raise RequestError("publish.request.not_open", id=request_id)
    with store.transaction() as cur:
        closed = _close_requests(cur, viewer, "declined", request_id=request_id, reason=text, at=datetime.now())
        if not closed:
            raise RequestError("publish.request.not_open", id=request_id)
        audit.record(
            cur, viewer.user, "publish.decline", _request_target(found.period, request_id),
            {"status": "open", "note": found.note, "requested_by": found.requested_by},
            {"status": "declined", "reason": text},
        )  # fmt: skip
    return next(r for r in requests(store, viewer) if r.request_id == request_id)


def _close_requests(
    cur: Any,
    viewer: Viewer,
    status: str,
    *,
    at: datetime,
    period: str | None = None,
    request_id: int | None = None,
    reason: str | None = None,
    publication_id: int | None = None,
) -> list[int]:
    """Close the open requests of a period (or one request) inside the caller's transaction; their ids."""
    rows = cur.execute(
        load_query("publish/request_close"),
        {
            "period": period,
            "request_id": request_id,
            "status": status,
            "reason": reason,
            "publication_id": publication_id,
            "entered_by": viewer.user,
            "entered_at": at,
        },
    ).fetchall()
    return sorted(int(row[0]) for row in rows)


def request_notice(store: Store, viewer: Viewer, lang: str) -> str | None:
    """One line for the overview of someone who publishes: which periods the assessors asked to have published
    (None when nothing waits, or the viewer does not publish)."""
    if not viewer.can(Permission.PUBLISH):
        return None
    waiting = requests(store, viewer, open_only=True)
    if not waiting:
        return None
    codes = list(dict.fromkeys(r.period for r in waiting))
    names = label("list.separator", lang).join(formats.period(code, lang) for code in codes)
    return label("publish.request.notice", lang).format(n=len(waiting), periods=names)
