"""The sample scheme on the demo data: scores spread over every grade, the quota binds, input files fit."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kaohe import PROJECT_ROOT
from kaohe.assessments import load_assessments
from kaohe.demo_build import DEMO_PERIOD, assessment_files, build_demo
from kaohe.scheme import SCHEMES_DIR, load_scheme
from kaohe.scoring import ScoreResult, lineage, score_period
from kaohe.store import Store

ASSESSMENTS = PROJECT_ROOT / "data" / "demo" / "assessments"
SCHEME = load_scheme(SCHEMES_DIR / "2025.toml")


@pytest.fixture(scope="module")
def demo_result(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, ScoreResult]]:
    store = Store(tmp_path_factory.mktemp("demo_scores") / "demo.duckdb")
    build_demo(store)
    for name in assessment_files(DEMO_PERIOD):
        # build_demo loaded these already; loading again must be a no-op, not a second set of scores.
        assert load_assessments(store, ASSESSMENTS / name, who="demo", scheme=SCHEME).already_loaded
    yield store, score_period(store, DEMO_PERIOD, SCHEME)
    store.close()


def test_every_grade_has_a_unit_before_the_quota(demo_result: tuple[Store, ScoreResult]) -> None:
    _, result = demo_result
    assert len(result.units) == 36
    before = result.units["grade_before_quota"].value_counts().to_dict()
    assert set(before) == {"优秀", "良好", "合格", "不合格"}
    assert min(before.values()) >= 1


def test_the_quota_binds_on_the_demo(demo_result: tuple[Store, ScoreResult]) -> None:
    _, result = demo_result
    units = result.units
    places = int(0.2 * len(units))
    assert (units["grade_before_quota"] == "优秀").sum() > places
    assert (units["grade"] == "优秀").sum() == places


def test_the_demo_veto_is_shown(demo_result: tuple[Store, ScoreResult]) -> None:
    _, result = demo_result
    vetoed = result.units[result.units["vetoed"]]
    assert len(vetoed) == 1
    assert vetoed["grade"].item() == "不合格"
    assert vetoed["rank"].item() == len(result.units)
    assert vetoed["veto_reason"].item().startswith("重大安全责任事故：")


def test_every_demo_unit_has_six_assessors(demo_result: tuple[Store, ScoreResult]) -> None:
    store, result = demo_result
    for unit_id in result.units["unit_id"].head(3):
        rows = lineage(store, result, unit_id, "qual_review")
        assert len(rows) == 6 and (~rows["kept"]).sum() == 2


def test_demo_lineage_reaches_the_exported_file(demo_result: tuple[Store, ScoreResult]) -> None:
    store, result = demo_result
    line = result.lines[(result.lines["unit_id"] == "SQ01") & (result.lines["indicator_id"] == "svc_count")]
    rows = lineage(store, result, "SQ01", "svc_count")
    assert len(rows) == line["actual"].item()
    assert rows["source_file"].str.endswith((".csv", ".xlsx")).all()
