"""Ledger credibility (台账可信度): checks that flag ledger rows an assessor should look at before publishing.

党建考核 is criticised for rewarding paperwork (重留痕轻实效): ledgers filled in at the last minute, copied rows,
figures that cannot be true. Each check here names the rows behind its flag (file and row, like the lineage) and
says in plain words why they were flagged; the assessors mark each flag 已核实 (verified: the rows are genuine)
or 需整改 (to be put right) with a note. A check never changes a score, and reading the checks never writes:
reviews are written only by `review`, on a click, appended to check_reviews and the audit log.

Checks are declared once below (CHECKS); each is a named SQL file under queries/checks/ over the period's ledger
rows (read once per period into the relation `check_rows`, queries/checks/ledger_rows.sql), or — for counts
landing exactly on their targets — a vectorised look at the scored lines from kaohe.results. Their thresholds are
in kaohe/checks.toml (kaohe.thresholds), never in a scheme: an aid must not change a result's hash.
docs/checks.md describes every check, its thresholds and why.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from kaohe import audit, periods, results
from kaohe.access import Permission, Viewer
from kaohe.labels import LabelledError, label
from kaohe.periods import Period
from kaohe.queries import load_query
from kaohe.scheme import SchemeError
from kaohe.scoring import ScoreResult, ScoringError, lineage
from kaohe.store import Store
from kaohe.thresholds import Thresholds, load


@dataclass(frozen=True)
class Check:
    """One credibility check: its id (labels `check.<id>.*`, thresholds `[<id>]` in checks.toml), the group it
    belongs to (`check.group.<group>`) and its query under queries/ (None: computed from the scored lines)."""

    id: str
    group: str
    query: str | None


CHECKS: tuple[Check, ...] = (
    Check("burst", "burst", "checks/burst"),
    Check("copy_within", "copy", "checks/copy_within"),
    Check("copy_across", "copy", "checks/copy_across"),
    Check("attendees_over_roll", "values", "checks/attendees_over_roll"),
    Check("members_over_roll", "values", "checks/members_over_roll"),
    Check("people_implausible", "values", "checks/people_implausible"),
    Check("outside_active", "values", "checks/outside_active"),
    Check("closed_before_received", "values", "checks/closed_before_received"),
    Check("on_target", "regularity", None),
    Check("same_day", "regularity", "checks/same_day"),
    Check("round_numbers", "regularity", "checks/round_numbers"),
)
CHECK_IDS = tuple(check.id for check in CHECKS)
GROUPS = ("burst", "copy", "values", "regularity")
# Subjects that name a ledger (check.subject.<name>); any other subject is a meeting type, shown as written.
LEDGER_SUBJECTS = ("services", "deeds", "meetings", "cases")
VERDICTS = ("verified", "rectify")  # 已核实 / 需整改
STATUSES = ("open", *VERDICTS)  # open: 未核实 (no review, or the rows changed since)
NOTE_MAX = 500

# Columns of CheckReport.flags: one row per flag, units in id order, checks in CHECKS order.
#   rows: how many ledger rows it names; facts: the flag's figures for its explanation (dict);
#   fingerprint: sha256 of the rows it names (a review holds for these rows only); status: open | verified |
#   rectify; verdict, note, reviewed_by, reviewed_at, review_id: the review in force (None without one);
#   stale: a review exists but was made for other rows (the data changed since), so the flag is open again.
FLAG_COLUMNS = (
    "unit_id", "unit", "check_id", "group", "subject", "rows", "facts", "fingerprint", "status", "verdict", "note",
    "reviewed_by", "reviewed_at", "review_id", "stale",
)  # fmt: skip
# Columns of CheckReport.rows: one row per (flag, ledger row); figures: the row's own values (dict).
ROW_COLUMNS = ("unit_id", "check_id", "subject", "source_file", "source_row", "row_date", "detail", "figures")


class ReviewError(LabelledError):
    """A review that cannot be stored: no such flag, an unknown verdict, a missing note."""


class ReviewConflict(ReviewError):
    """Someone reviewed the flag, or the data behind it changed, after the page showed it."""


# -- finding -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Findings:
    """What the checks found in a period, before reviews: flags and their rows (FLAG_COLUMNS up to fingerprint,
    ROW_COLUMNS), and the checks not run with the label key saying why (`check.skipped.*`)."""

    period: Period
    flags: pd.DataFrame
    rows: pd.DataFrame
    skipped: tuple[tuple[str, str], ...]


def _json(value: Any) -> dict[str, Any]:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return {}
    parsed = json.loads(value) if isinstance(value, str) else value
    return dict(parsed) if isinstance(parsed, Mapping) else {}


def _fingerprint(check_id: str, subject: str, rows: pd.DataFrame) -> str:
    keys = sorted(zip(rows["source_file"].astype(str), rows["source_row"].astype(int), strict=True))
    text = json.dumps([check_id, subject, keys], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _run_query(
    store: Store, check: Check, period: Period, thresholds: Thresholds, check_rows: pd.DataFrame
) -> pd.DataFrame:
    assert check.query is not None
    params = {**period.params(), **thresholds.of(check.id)}
    sql = load_query(check.query)
    # A parameter a query does not use is not bound (DuckDB refuses unknown parameters).
    bound = {name: value for name, value in params.items() if f"${name}" in sql}
    frame = store.query(check.query, bound, relations={"check_rows": check_rows})
    # A query names its rows by row_id; the rows' unit, file, row number, date and detail come from check_rows.
    located = check_rows[["row_id", "unit_id", "source_file", "source_row", "row_date", "detail"]]
    return frame.merge(located, on="row_id", how="left").drop(columns=["row_id"]).assign(check_id=check.id)


def _on_target(store: Store, period: Period, thresholds: Thresholds, today: date) -> tuple[pd.DataFrame, str | None]:
    """Units with `min_indicators` or more count indicators exactly on their whole target (at least `min_target`):
    evidence rows are the lineage of those indicators; facts list them. (frame, None) or (empty, why skipped)."""
    empty = pd.DataFrame(columns=[*ROW_COLUMNS[:1], *ROW_COLUMNS[2:], "facts", "check_id"])
    if today < period.end:
        return empty, "check.skipped.under_way"
    try:
        result = results.scored(store, period)
    except (SchemeError, ScoringError):
        return empty, "check.skipped.no_scores"
    wanted = thresholds.of("on_target")
    lines = result.lines
    target = lines["target"].to_numpy(float)
    actual = lines["actual"].to_numpy(float)
    with np.errstate(invalid="ignore"):
        owed = np.ceil(np.round(target, 6))
        hit = (
            (lines["measure_kind"] == "count").to_numpy(bool)
            & (lines["status"] == "scored").to_numpy(bool)
            & (target >= wanted["min_target"])
            & (actual == owed)
        )
    hits = lines[hit]
    counts = hits.groupby("unit_id")["indicator_id"].count()
    flagged = counts[counts >= wanted["min_indicators"]].index
    frames = []
    for unit_id in flagged:
        own = hits[hits["unit_id"] == unit_id]
        listed = [
            {"indicator_id": str(r["indicator_id"]), "indicator": str(r["indicator"]), "actual": float(r["actual"]),
             "target": float(r["target"])}
            for r in own[["indicator_id", "indicator", "actual", "target"]].to_dict("records")
        ]  # fmt: skip
        facts = json.dumps(
            {"hits": len(listed), "indicators": [{k: v for k, v in i.items() if k != "indicator_id"} for i in listed]},
            ensure_ascii=False,
        )
        for line in _lineage_rows(store, result, str(unit_id), listed):
            frames.append(line.assign(facts=facts))
    if not frames:
        return empty, None
    found = pd.concat(frames, ignore_index=True)
    return found.assign(check_id="on_target", subject="counts"), None


def _lineage_rows(store: Store, result: ScoreResult, unit_id: str, listed: list[dict[str, Any]]) -> list[pd.DataFrame]:
    """The ledger rows behind each listed indicator line of a unit (scoring's lineage), as check evidence rows."""
    out = []
    for line in listed:
        rows = lineage(store, result, unit_id, line["indicator_id"])
        shown = {k: v for k, v in line.items() if k != "indicator_id"}
        out.append(
            pd.DataFrame(
                {
                    "unit_id": unit_id,
                    "source_file": rows["source_file"],
                    "source_row": rows["source_row"],
                    "row_date": rows["row_date"],
                    "detail": rows["detail"],
                    "figures": json.dumps(shown, ensure_ascii=False),
                }
            )
        )
    return out


def find(store: Store, period: Period, thresholds: Thresholds, today: date | None = None) -> Findings:
    """Run every check over `period` (reads only). `today` decides whether the period has ended (default: today)."""
    today = today or periods.today()
    frames = []
    skipped: list[tuple[str, str]] = []
    # The period's ledger rows in one shape, read once and shared by every check's query.
    check_rows = store.query("checks/ledger_rows", period.params())
    for check in CHECKS:
        if check.query is not None:
            frames.append(_run_query(store, check, period, thresholds, check_rows))
            continue
        found, why = _on_target(store, period, thresholds, today)
        if why is not None:
            skipped.append((check.id, why))
        frames.append(found)
    found_rows = [f for f in frames if len(f)]
    if not found_rows:
        return Findings(period, pd.DataFrame(columns=list(FLAG_COLUMNS[:8])), _empty_rows(), tuple(skipped))
    rows = pd.concat(found_rows, ignore_index=True)
    rows["source_row"] = rows["source_row"].astype(int)
    rows["row_date"] = pd.to_datetime(rows["row_date"]).dt.date
    rows["figures"] = rows["figures"].map(_json)
    flags = []
    order = {check.id: i for i, check in enumerate(CHECKS)}
    groups = {check.id: check.group for check in CHECKS}
    for (unit_id, check_id, subject), own in rows.groupby(["unit_id", "check_id", "subject"], sort=False):
        flags.append(
            {
                "unit_id": str(unit_id),
                "check_id": str(check_id),
                "group": groups[str(check_id)],
                "subject": str(subject),
                "rows": len(own),
                "facts": _json(own["facts"].iloc[0]),
                "fingerprint": _fingerprint(str(check_id), str(subject), own),
                "order": order[str(check_id)],
            }
        )
    flag_frame = pd.DataFrame(flags).sort_values(["unit_id", "order", "subject"], kind="stable")
    names = store.query("checks/unit_names")
    flag_frame.insert(1, "unit", flag_frame["unit_id"].map(dict(zip(names["unit_id"], names["name"], strict=True))))
    rows = rows[list(ROW_COLUMNS)].sort_values(
        ["unit_id", "check_id", "subject", "row_date", "source_file", "source_row"], kind="stable"
    )
    return Findings(
        period,
        flag_frame.drop(columns=["order"]).reset_index(drop=True),
        rows.reset_index(drop=True),
        tuple(skipped),
    )


def _empty_rows() -> pd.DataFrame:
    return pd.DataFrame(columns=list(ROW_COLUMNS))


# -- reviews and the report ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckReport:
    """A period's flags with the assessors' reviews, as one viewer may see them.

    flags: FLAG_COLUMNS; rows: ROW_COLUMNS; skipped: (check id, label key of why it did not run)."""

    period: Period
    flags: pd.DataFrame
    rows: pd.DataFrame
    skipped: tuple[tuple[str, str], ...]

    def of_unit(self, unit_id: str) -> CheckReport:
        """The flags and rows of one unit."""
        return replace(
            self,
            flags=self.flags[self.flags["unit_id"] == unit_id].reset_index(drop=True),
            rows=self.rows[self.rows["unit_id"] == unit_id].reset_index(drop=True),
        )

    def rows_of(self, unit_id: str, check_id: str, subject: str) -> pd.DataFrame:
        """The ledger rows one flag names."""
        rows = self.rows
        mask = (rows["unit_id"] == unit_id) & (rows["check_id"] == check_id) & (rows["subject"] == subject)
        return rows[mask].reset_index(drop=True)

    @property
    def open_flags(self) -> pd.DataFrame:
        """The flags nobody has reviewed yet (or whose rows changed since their review)."""
        return self.flags[self.flags["status"] == "open"].reset_index(drop=True)

    def open_by_unit(self) -> pd.DataFrame:
        """Units with open flags, most first: unit_id, unit, open (flags), flags (in all), checks (their check ids,
        in CHECKS order, each once)."""
        flags = self.flags
        if flags.empty:
            return pd.DataFrame(columns=["unit_id", "unit", "open", "flags", "checks"])
        found = []
        for (unit_id, unit), own in flags.groupby(["unit_id", "unit"], sort=False):
            still_open = own[own["status"] == "open"]
            if len(still_open):
                checks = tuple(dict.fromkeys(still_open["check_id"].astype(str)))
                found.append(
                    {"unit_id": unit_id, "unit": unit, "open": len(still_open), "flags": len(own), "checks": checks}
                )
        summary = pd.DataFrame(found, columns=["unit_id", "unit", "open", "flags", "checks"])
        return summary.sort_values(["open", "unit_id"], ascending=[False, True], kind="stable").reset_index(drop=True)


def _with_reviews(findings: Findings, reviews: pd.DataFrame) -> pd.DataFrame:
    flags = findings.flags.copy()
    latest = {(str(r["unit_id"]), str(r["check_id"]), str(r["subject"])): r for r in reviews.to_dict("records")}
    columns = ("verdict", "note", "reviewed_by", "reviewed_at", "review_id", "review_fingerprint")
    values: dict[str, list[Any]] = {c: [] for c in columns}
    keys = zip(flags["unit_id"].astype(str), flags["check_id"].astype(str), flags["subject"].astype(str), strict=True)
    for key in keys:
        found = latest.get(key)
        for column in columns:
            source = "fingerprint" if column == "review_fingerprint" else column
            values[column].append(None if found is None else _plain(found[source]))
    for column in columns:
        flags[column] = pd.Series(values[column], index=flags.index, dtype=object)
    reviewed = flags["verdict"].notna()
    stale = reviewed & (flags["review_fingerprint"] != flags["fingerprint"])
    flags["stale"] = stale.astype(bool)
    flags["status"] = np.where(reviewed & ~stale, flags["verdict"], "open")
    return flags.drop(columns=["review_fingerprint"])[list(FLAG_COLUMNS)]


def _plain(value: Any) -> Any:
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, np.integer):
        return int(value)
    return value


def findings(store: Store, period: Period, thresholds: Thresholds | None = None) -> Findings:
    """The checks' findings for `period`, computed once per data generation and thresholds (shared)."""
    chosen = thresholds or load()
    today = periods.today()
    return store.memo(("check_findings", period, chosen, today), lambda: find(store, period, chosen, today))


def report(store: Store, viewer: Viewer, period: Period, thresholds: Thresholds | None = None) -> CheckReport:
    """The period's flags with the reviews in force. The checks are the assessors' working papers: they need
    Permission.VIEW_COMMENTS (AccessDenied otherwise)."""
    viewer.require(Permission.VIEW_COMMENTS)
    found = findings(store, period, thresholds)
    reviews = store.query("checks/reviews", {"period": period.code})
    return CheckReport(period, _with_reviews(found, reviews), found.rows, found.skipped)


@dataclass(frozen=True)
class ReviewInput:
    """One review as the assessor made it: which flag (unit, check, subject) for which rows (the fingerprint
    shown), the verdict and note, and the review in force when the page showed the flag (None: none)."""

    unit_id: str
    check_id: str
    subject: str
    fingerprint: str
    verdict: str
    note: str
    seen_review_id: int | None = None


def review(store: Store, viewer: Viewer, period: Period, item: ReviewInput) -> int:
    """Append a review of one flag (audited); its review_id.

    ReviewError when the verdict is unknown, the note empty or too long, or the flag no longer exists;
    ReviewConflict when the flag's rows changed or someone else reviewed it after the page showed it.
    """
    viewer.require(Permission.ENTER_SCORES)
    if not item.verdict:
        raise ReviewError("check.error.verdict_missing")
    if item.verdict not in VERDICTS:
        raise ReviewError("check.error.verdict", verdict=item.verdict)
    note = item.note.strip()
    if not note:
        raise ReviewError("check.error.note_missing")
    if len(note) > NOTE_MAX:
        raise ReviewError("check.error.note_long", limit=NOTE_MAX)
    current = findings(store, period).flags
    match = current[
        (current["unit_id"] == item.unit_id)
        & (current["check_id"] == item.check_id)
        & (current["subject"] == item.subject)
    ]
    if match.empty:
        raise ReviewError("check.error.no_flag", unit=item.unit_id, check=label(f"check.{item.check_id}.name"))
    if str(match["fingerprint"].iloc[0]) != item.fingerprint:
        raise ReviewConflict("check.error.rows_changed")
    key = {"period": period.code, "unit_id": item.unit_id, "check_id": item.check_id, "subject": item.subject}
    with store.transaction() as cur:
        before = cur.execute(load_query("checks/review_current"), key).df()
        previous = None if before.empty else {str(k): _plain(v) for k, v in before.iloc[0].items()}
        if (previous["review_id"] if previous else None) != item.seen_review_id:
            raise ReviewConflict("check.error.reviewed_since", who=previous["reviewed_by"] if previous else "—")
        row = cur.execute(
            load_query("checks/review_insert"),
            {
                **key,
                "fingerprint": item.fingerprint,
                "verdict": item.verdict,
                "note": note,
                "reviewed_by": viewer.user,
                "reviewed_at": datetime.now(),
            },
        ).fetchone()
        assert row is not None
        review_id = int(row[0])
        after = {**key, "verdict": item.verdict, "note": note, "fingerprint": item.fingerprint, "id": review_id}
        shown_before = None
        if previous is not None:
            shown_before = {k: previous[k] for k in ("review_id", "verdict", "note", "reviewed_by", "fingerprint")}
        target = f"{period.code} {item.unit_id} {item.check_id} {item.subject}"
        audit.record(cur, viewer.user, "check.review", target, shown_before, after)
    return review_id


# -- words ------------------------------------------------------------------------------------------------------


def subject_name(subject: str, lang: str) -> str:
    """What a flag is about, in words: a ledger's name, or a meeting type as written."""
    if subject in LEDGER_SUBJECTS or subject == "counts":
        return label(f"check.subject.{subject}", lang)
    return subject


def _percent(value: Any) -> str:
    return "—" if value is None else f"{100 * float(value):.0f}%"


def _number(value: Any) -> str:
    if value is None:
        return "—"
    return f"{float(value):,.1f}".removesuffix(".0")


def _formatted(facts: Mapping[str, Any], lang: str) -> dict[str, str]:
    """A flag's or row's figures as text for its label: shares as percentages, ratios to one decimal, lists of
    indicators as 'name actual/target'."""
    out: dict[str, str] = {}
    for key, value in facts.items():
        if key.endswith("share"):
            out[key] = _percent(value)
        elif key == "indicators":
            sep = label("list.separator", lang)
            out[key] = sep.join(
                f"{item['indicator']} {_number(item['actual'])}/{_number(item['target'])}" for item in value
            )
        elif isinstance(value, list):  # names (the units a row was copied from …), joined as the language lists
            out[key] = label("list.separator", lang).join(str(item) for item in value)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            out[key] = _number(value)
        else:
            out[key] = "—" if value is None else str(value)
    return out


def explain(flag: Mapping[str, Any], lang: str) -> str:
    """Why a flag was raised, in plain words with its figures."""
    facts = _formatted(flag["facts"], lang)
    return label(f"check.{flag['check_id']}.explain", lang).format(
        subject=subject_name(str(flag["subject"]), lang), **facts
    )


# Checks whose row note is made of parts, each said only when its figure is known (`check.<id>.row.<figure>`).
ROW_PARTS = {
    "attendees_over_roll": ("attendees", "members_total", "members"),
    "people_implausible": ("people_served", "usual", "residents"),
    "outside_active": ("active_from", "active_to"),
}


def row_note(check_id: str, figures: Mapping[str, Any], lang: str) -> str:
    """What is wrong with one flagged row, in words ('' when the flag is about the rows together)."""
    if not figures:
        return ""
    shown = _formatted(figures, lang)
    if check_id in ROW_PARTS:
        parts = [
            label(f"check.{check_id}.row.{name}", lang).format(**shown)
            for name in ROW_PARTS[check_id]
            if figures.get(name) is not None
        ]
        return label("check.row.separator", lang).join(parts)
    return label(f"check.{check_id}.row", lang).format(**shown)


def explained_rows(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A flag's rows as shown and exported: source_file, source_row, row_date, detail, note."""
    notes = [row_note(str(c), f, lang) for c, f in zip(rows["check_id"], rows["figures"], strict=True)]
    frame = rows[["source_file", "source_row", "row_date", "detail"]].assign(note=notes)
    if not any(notes):
        frame = frame.drop(columns=["note"])
    return frame.reset_index(drop=True)


def as_json(report_: CheckReport, lang: str) -> dict[str, Any]:
    """The report as one JSON-able object (`kaohe checks --json`): every flag with its words, status and rows."""
    flags = []
    for record in report_.flags.to_dict("records"):
        flag = {str(k): v for k, v in record.items()}
        rows = report_.rows_of(str(flag["unit_id"]), str(flag["check_id"]), str(flag["subject"]))
        flags.append(
            {
                "unit_id": flag["unit_id"],
                "unit": flag["unit"],
                "check": flag["check_id"],
                "check_name": label(f"check.{flag['check_id']}.name", lang),
                "group": label(f"check.group.{flag['group']}", lang),
                "subject": flag["subject"],
                "explanation": explain(flag, lang),
                "status": flag["status"],
                "status_name": label(f"check.status.{flag['status']}", lang),
                "stale": bool(flag["stale"]),
                "review": None
                if flag["verdict"] is None
                else {
                    "verdict": flag["verdict"],
                    "note": flag["note"],
                    "by": flag["reviewed_by"],
                    "at": pd.Timestamp(flag["reviewed_at"]).isoformat(),
                },
                "fingerprint": flag["fingerprint"],
                "rows": [
                    {
                        "source_file": r["source_file"],
                        "source_row": int(r["source_row"]),
                        "date": r["row_date"].isoformat() if isinstance(r["row_date"], date) else None,
                        "detail": r["detail"],
                        "note": row_note(str(flag["check_id"]), r["figures"], lang),
                    }
                    for r in rows.to_dict("records")
                ],
            }
        )
    return {
        "period": report_.period.code,
        "flags": flags,
        "open": int((report_.flags["status"] == "open").sum()) if len(report_.flags) else 0,
        "skipped": [{"check": c, "reason": label(key, lang)} for c, key in report_.skipped],
    }
