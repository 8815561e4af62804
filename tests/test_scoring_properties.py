"""Property tests: scoring invariants over generated ledgers (modest example counts, so they run in seconds)."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_scoring_support import DATA, fixture_store, read_ledger

from kaohe.assessments import load_assessments
from kaohe.scheme import load_scheme, parse_scheme
from kaohe.scoring import ScoreResult, score_period

SCHEME = load_scheme(DATA / "golden_scheme.toml")
UNITS = read_ledger("units")
UNIT_IDS = UNITS["unit_id"].tolist()
SETTINGS = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])

days = st.dates(min_value=date(2024, 12, 1), max_value=date(2026, 1, 31))
service_rows = st.lists(
    st.fixed_dictionaries(
        {"service_date": days, "unit_id": st.sampled_from(UNIT_IDS), "category": st.sampled_from(["讲座", "义诊"]),
         "people_served": st.integers(0, 60)}
    ),
    max_size=40,
)  # fmt: skip
meeting_rows = st.lists(
    st.fixed_dictionaries(
        {"meeting_date": days, "unit_id": st.sampled_from(UNIT_IDS),
         "meeting_type": st.sampled_from(["支委会", "支部党员大会", "主题党日", "党课"]),
         "members_total": st.integers(1, 10), "present": st.floats(0, 1)}
    ),
    max_size=40,
)  # fmt: skip
case_rows = st.lists(
    st.fixed_dictionaries(
        {"received_date": days, "unit_id": st.sampled_from(UNIT_IDS), "kind": st.sampled_from(["代办", "实事"]),
         "status": st.sampled_from(["已办结", "办理中"]),
         "satisfaction": st.sampled_from([None, "满意", "基本满意", "不满意"])}
    ),
    max_size=30,
)  # fmt: skip
dispute_rows = st.lists(
    st.fixed_dictionaries(
        {"dispute_date": days, "unit_id": st.sampled_from(UNIT_IDS), "resolved": st.booleans(),
         "days": st.integers(0, 60), "escalated": st.booleans()}
    ),
    max_size=15,
)  # fmt: skip


def _frame(rows: list[dict[str, Any]], name: str) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    frame["source_file"] = f"{name}.csv"
    frame["source_row"] = range(2, len(frame) + 2)
    frame["import_id"] = 1
    return frame


def ledgers(services: list[dict[str, Any]], meetings: list[dict[str, Any]], cases: list[dict[str, Any]],
            disputes: list[dict[str, Any]]) -> dict[str, pd.DataFrame]:  # fmt: skip
    """Complete ledger frames (text columns filled in) from the generated rows."""
    s = [{**r, "title": f"服务{i}"} for i, r in enumerate(services)]
    m = [
        {"meeting_date": r["meeting_date"], "unit_id": r["unit_id"], "meeting_type": r["meeting_type"],
         "attendees": round(r["present"] * r["members_total"]), "members_total": r["members_total"], "topic": f"会{i}"}
        for i, r in enumerate(meetings)
    ]  # fmt: skip
    c = [{**r, "type": "类", "title": f"事{i}"} for i, r in enumerate(cases)]
    d = [
        {"dispute_date": r["dispute_date"], "unit_id": r["unit_id"], "type": "纠纷", "summary": f"纠纷{i}",
         "resolved": r["resolved"], "resolved_date": r["dispute_date"] + timedelta(days=r["days"]) if r["resolved"]
         else None, "escalated": r["escalated"]}
        for i, r in enumerate(disputes)
    ]  # fmt: skip
    return {
        "units": UNITS,
        "services": _frame(s, "services"),
        "meetings": _frame(m, "meetings"),
        "cases": _frame(c, "cases"),
        "disputes": _frame(d, "disputes"),
    }


def score(frames: dict[str, pd.DataFrame]) -> ScoreResult:
    with tempfile.TemporaryDirectory() as tmp:
        store = fixture_store(Path(tmp) / "p.duckdb", frames)
        try:
            return score_period(store, "2025", SCHEME)
        finally:
            store.close()


@SETTINGS
@given(service_rows, meeting_rows, case_rows, dispute_rows)
def test_points_stay_within_zero_and_max(services: Any, meetings: Any, cases: Any, disputes: Any) -> None:
    lines = score(ledgers(services, meetings, cases, disputes)).lines
    assert (lines["points"] >= 0).all()
    assert (lines["points"] <= lines["max_points"]).all()
    assert (lines["points_lost"] >= 0).all()


@SETTINGS
@given(service_rows, st.sampled_from(UNIT_IDS), st.dates(min_value=date(2025, 1, 1), max_value=date(2025, 12, 31)))
def test_adding_a_service_never_lowers_a_ratio_score(services: Any, unit_id: str, day: date) -> None:
    before = score(ledgers(services, [], [], [])).lines
    extra = {"service_date": day, "unit_id": unit_id, "category": "讲座", "people_served": 5}
    after = score(ledgers([*services, extra], [], [], [])).lines
    ratio = before["rule"] == "ratio"
    assert (after.loc[ratio, "points"].to_numpy() >= before.loc[ratio, "points"].to_numpy()).all()


@SETTINGS
@given(service_rows, meeting_rows, case_rows, dispute_rows, st.randoms(use_true_random=False))
def test_permuting_input_rows_changes_nothing(
    services: Any, meetings: Any, cases: Any, disputes: Any, random: Any
) -> None:
    frames = ledgers(services, meetings, cases, disputes)
    shuffled = {
        name: frame.sample(frac=1, random_state=random.randint(0, 2**31)) if len(frame) else frame
        for name, frame in frames.items()
    }
    assert score(frames).result_hash == score(shuffled).result_hash


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.integers(0, 10), min_size=1, max_size=12),
    st.floats(0, 1),
)
def test_quota_is_never_exceeded(reviews: list[int], share: float) -> None:
    units = pd.DataFrame(
        [{"unit_id": f"U{i}", "name": f"支部{i}", "kind": "社区", "members": 5} for i in range(len(reviews))]
    )
    data = {
        "scheme": {"id": "p", "version": 1, "name": "p", "period": "2025", "total": 100, "dimensions": ["甲"]},
        "indicators": [{"id": "q", "name": "评议", "dimension": "甲", "rule": "qualitative", "max": 100}],
        "quota": {"grade": "优秀", "share": share},
    }
    scheme = parse_scheme(data)
    with tempfile.TemporaryDirectory() as tmp:
        empty = {name: _frame([], name) for name in ("services", "meetings", "cases", "disputes")}
        store = fixture_store(Path(tmp) / "q.duckdb", {"units": units, **empty})
        qual = Path(tmp) / "q.csv"
        lines = ["period,assessor,unit,indicator_id,score"]
        lines += [f"2025,评委,U{i},q,{85 + r}" for i, r in enumerate(reviews)]
        qual.write_text("\n".join(lines), encoding="utf-8")
        load_assessments(store, qual, scheme=scheme)
        result = score_period(store, "2025", scheme)
        store.close()
    excellent = int((result.units["grade"] == "优秀").sum())
    assert excellent <= int(share * len(reviews) + 1e-9)
    # The quota only moves units down one band: nobody below 90 is 优秀, nobody at 90+ falls below 良好.
    assert set(result.units.loc[result.units["total"] >= 90, "grade"]) <= {"优秀", "良好"}
