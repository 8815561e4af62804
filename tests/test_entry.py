"""Assessment entry: qualitative scores with the trimmed mean, concurrent saves, adjustments with bounds and caps."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from kaohe import entry, workflow
from kaohe.access import LOCAL_VIEWER, AccessDenied, Role, Viewer
from kaohe.scheme import Scheme
from kaohe.scoring import score_period
from kaohe.store import Store

pytest_plugins = ["fixtures_app"]

ASSESSOR = Viewer("王秀兰", Role.ASSESSOR)
SECOND = Viewer("李志强", Role.ASSESSOR)
PANEL = ("刘洪涛", "张建国", "李志强", "王秀兰", "赵丽娜", "陈静")  # the demo's six assessors


@pytest.fixture
def demo(fresh_demo_db: Path) -> Iterator[Store]:
    with Store(fresh_demo_db) as store:
        yield store


@pytest.fixture
def scheme(demo: Store) -> Scheme:
    return workflow.scheme_in_force(demo, "2025")


def cell(store: Store, scheme: Scheme, assessor: str, unit_id: str, indicator_id: str) -> dict[str, object]:
    sheet = entry.score_sheet(store, LOCAL_VIEWER, "2025", scheme, assessor)
    rows = sheet[(sheet["unit_id"] == unit_id) & (sheet["indicator_id"] == indicator_id)]
    assert len(rows) == 1
    return {str(k): v for k, v in rows.iloc[0].to_dict().items()}


def enter(store: Store, scheme: Scheme, assessor: str, unit_id: str, score: float | None) -> entry.SaveResult:
    """Save one qual_review score as the assessor would after reading the sheet."""
    seen = cell(store, scheme, assessor, unit_id, "qual_review")
    expected = None if pd.isna(seen["score_id"]) else int(seen["score_id"])
    item = entry.ScoreInput(assessor, unit_id, "qual_review", score, None, None, expected)
    return entry.save_scores(store, Viewer(assessor, Role.ASSESSOR), "2025", scheme, [item])


def review_points(store: Store, scheme: Scheme, unit_id: str) -> tuple[int, float]:
    progress = entry.qualitative_progress(store, LOCAL_VIEWER, "2025", scheme)
    row = progress[(progress["unit_id"] == unit_id) & (progress["indicator_id"] == "qual_review")].iloc[0]
    return int(row["assessors"]), round(float(row["points"]), 4)


# -- qualitative scores and the trimmed mean ----------------------------------------------------------


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        pytest.param((5, 6, 7, 8, 9, 10), (6, 7.5), id="six-scores-drop-10-and-5"),
        pytest.param((9, 9, 9, 9, 9, 3), (6, 9.0), id="one-low-outlier-dropped"),
        pytest.param((4, 6, 8, None, None, None), (3, 6.0), id="three-scores-plain-mean"),
        pytest.param((10, 2, 6, 8, 7, None), (5, 7.0), id="five-scores-trimmed"),
        pytest.param((7, 9, 8, 5, None, None), (4, 7.25), id="four-scores-below-trim-from"),
    ],
)
def test_trimmed_mean_follows_the_scores_as_they_come_in(
    demo: Store, scheme: Scheme, scores: tuple[float | None, ...], expected: tuple[int, float]
) -> None:
    for assessor, score in zip(PANEL, scores, strict=True):
        result = enter(demo, scheme, assessor, "SQ05", score)
        assert result.conflicts == ()
    assert review_points(demo, scheme, "SQ05") == expected
    # The same figure is what the unit's indicator line scores (weighted by the 定性 component's factor).
    line = score_period(demo, "2025", scheme).unit_lines("SQ05").set_index("indicator_id").loc["qual_review"]
    assert round(float(line["points"]), 2) == round(expected[1], 2)


def test_a_level_is_mapped_to_its_points(demo: Store, scheme: Scheme) -> None:
    before = cell(demo, scheme, "陈静", "SQ05", "qual_integrity")
    item = entry.ScoreInput("陈静", "SQ05", "qual_integrity", None, "差", "台账不全", int(before["score_id"]))
    result = entry.save_scores(demo, ASSESSOR, "2025", scheme, [item])
    assert len(result.saved) == 1
    after = cell(demo, scheme, "陈静", "SQ05", "qual_integrity")
    assert (after["level"], after["comment"], after["entered_by"]) == ("差", "台账不全", "王秀兰")


def test_unchanged_cells_are_not_written_again(demo: Store, scheme: Scheme) -> None:
    seen = cell(demo, scheme, "陈静", "SQ05", "qual_review")
    item = entry.ScoreInput("陈静", "SQ05", "qual_review", float(seen["score"]), None, None, int(seen["score_id"]))
    result = entry.save_scores(demo, ASSESSOR, "2025", scheme, [item])
    assert (len(result.saved), result.unchanged) == (0, 1)


def test_sheet_inputs_take_only_the_edited_cells(demo: Store, scheme: Scheme) -> None:
    sheet = entry.score_sheet(demo, LOCAL_VIEWER, "2025", scheme, "陈静")
    edited = sheet.copy()
    edited.loc[0, "comment"] = "作风扎实"
    edited.loc[3, "score"] = 9.0
    inputs = entry.sheet_inputs(sheet, edited, "陈静")
    assert [(i.unit_id, i.indicator_id) for i in inputs] == [
        (sheet.loc[0, "unit_id"], sheet.loc[0, "indicator_id"]),
        (sheet.loc[3, "unit_id"], sheet.loc[3, "indicator_id"]),
    ]
    assert [i.expected_id for i in inputs] == [int(sheet.loc[0, "score_id"]), int(sheet.loc[3, "score_id"])]


def qs(
    indicator_id: str, score: float | None, level: str | None, unit_id: str = "SQ05", assessor: str = "陈静"
) -> entry.ScoreInput:
    """A new score cell (nothing read before it)."""
    return entry.ScoreInput(assessor, unit_id, indicator_id, score, level, None, None)


@pytest.mark.parametrize(
    ("item", "fragment"),
    [
        pytest.param(qs("qual_review", 11.0, None), "应在 0 到 10", id="above-max"),
        pytest.param(qs("qual_review", -1.0, None), "应在 0 到 10", id="negative"),
        pytest.param(qs("qual_integrity", None, "优"), "好、较好、一般、差", id="unknown-level"),
        pytest.param(qs("qual_review", None, "好"), "不用等次", id="level-on-score-indicator"),
        pytest.param(qs("svc_count", 5.0, None), "不是评分办法 2025 第1版 的定性指标", id="not-qualitative"),
        pytest.param(qs("qual_review", 5.0, None, unit_id="XX99"), "XX99 不是考核期 2025 在册", id="unknown-unit"),
        pytest.param(qs("qual_review", 5.0, None, assessor=" "), "「考核人」列：不能为空", id="no-assessor"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_naming_unit_column_and_expectation(
    demo: Store, scheme: Scheme, item: entry.ScoreInput, fragment: str
) -> None:
    count = "select count(*) from qualitative_scores"
    before = demo.cursor().execute(count).fetchone()
    with pytest.raises(entry.EntryError, match=fragment):
        entry.save_scores(demo, ASSESSOR, "2025", scheme, [item])
    assert demo.cursor().execute(count).fetchone() == before


# -- two assessors saving the same cell ----------------------------------------------------------------


def test_two_saves_of_the_same_cell_one_wins_the_other_sees_the_new_value(demo: Store, scheme: Scheme) -> None:
    seen = cell(demo, scheme, "陈静", "SQ05", "qual_review")
    version = int(seen["score_id"])
    first = entry.ScoreInput("陈静", "SQ05", "qual_review", 9.0, None, "第一位", version)
    second = entry.ScoreInput("陈静", "SQ05", "qual_review", 4.0, None, "第二位", version)
    won = entry.save_scores(demo, ASSESSOR, "2025", scheme, [first])
    lost = entry.save_scores(demo, SECOND, "2025", scheme, [second])
    assert len(won.saved) == 1 and won.conflicts == ()
    assert lost.saved == () and len(lost.conflicts) == 1
    conflict = lost.conflicts[0]
    assert conflict.current is not None
    assert (conflict.current.score, conflict.current.comment, conflict.current.entered_by) == (9.0, "第一位", "王秀兰")
    said = conflict.message.render("zh")
    assert "已被 王秀兰" in said and "9 分" in said
    assert conflict.attempted.score == 4.0  # the loser's value comes back to show, not dropped
    assert cell(demo, scheme, "陈静", "SQ05", "qual_review")["score"] == 9.0
    # Saving again at the version now shown goes through: nothing is lost, it is a new row.
    retry = entry.ScoreInput("陈静", "SQ05", "qual_review", 4.0, None, "第二位", conflict.current.score_id)
    assert len(entry.save_scores(demo, SECOND, "2025", scheme, [retry]).saved) == 1
    rows = (
        demo.cursor()
        .execute(
            "select score from qualitative_scores where assessor = '陈静' and unit_id = 'SQ05' "
            "and indicator_id = 'qual_review' order by score_id"
        )
        .fetchall()
    )
    assert [r[0] for r in rows][-3:] == [float(seen["score"]), 9.0, 4.0]


def test_concurrent_saves_from_threads_store_exactly_one_winner(demo: Store, scheme: Scheme) -> None:
    import threading

    version = int(cell(demo, scheme, "陈静", "SQ06", "qual_review")["score_id"])
    results: list[entry.SaveResult] = []
    barrier = threading.Barrier(4)

    def save(score: float) -> None:
        item = entry.ScoreInput("陈静", "SQ06", "qual_review", score, None, None, version)
        barrier.wait()
        results.append(entry.save_scores(demo, ASSESSOR, "2025", scheme, [item]))

    threads = [threading.Thread(target=save, args=(float(s),)) for s in (3, 4, 5, 6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(len(r.saved) for r in results) == [0, 0, 0, 1]
    winner = next(r.saved[0][1] for r in results if r.saved)
    assert all(c.current == winner for r in results for c in r.conflicts)


def test_a_cell_empty_when_read_conflicts_with_a_first_save_meanwhile(demo: Store, scheme: Scheme) -> None:
    fresh = entry.ScoreInput("新成员", "SQ05", "qual_review", 8.0, None, None, None)
    assert len(entry.save_scores(demo, ASSESSOR, "2025", scheme, [fresh]).saved) == 1
    late = entry.ScoreInput("新成员", "SQ05", "qual_review", 6.0, None, None, None)
    result = entry.save_scores(demo, SECOND, "2025", scheme, [late])
    assert result.conflicts[0].current is not None and result.conflicts[0].current.score == 8.0


# -- who has not scored whom ---------------------------------------------------------------------------


def test_missing_scores_list_the_cells_a_panel_member_has_not_scored(demo: Store, scheme: Scheme) -> None:
    assert entry.missing_scores(demo, LOCAL_VIEWER, "2025", scheme, PANEL).empty
    enter(demo, scheme, "陈静", "SQ05", None)  # withdrawn: now missing
    missing = entry.missing_scores(demo, LOCAL_VIEWER, "2025", scheme, [*PANEL, "新成员"])
    # The newcomer has scored nobody: every unit on both qualitative indicators is missing.
    units = demo.query("workflow/units_in_period", {"start": "2025-01-01", "end": "2026-01-01", "unit_scope": None})
    assert len(missing[missing["assessor"] == "新成员"]) == len(units) * 2 == 72
    assert missing[missing["assessor"] == "陈静"][["unit_id", "indicator_id"]].values.tolist() == [
        ["SQ05", "qual_review"]
    ]


# -- bonus, deduction and veto items -------------------------------------------------------------------


def item(**overrides: object) -> entry.AdjustmentInput:
    values: dict[str, object] = {
        "unit_id": "SQ05", "type": "bonus", "category": "荣誉表彰", "level": "市级", "points": None,
        "reason": "市级先进基层党组织", "evidence": "郑组〔2025〕20号",
    }  # fmt: skip
    values.update(overrides)
    return entry.AdjustmentInput(**values)  # type: ignore[arg-type]


INNOVATION = {"category": "创新项目", "level": None}  # points entered, at most 2
PROMOTION = {"category": "经验推广", "level": None}  # 0.5 fixed per item
REPRIMAND = {"type": "deduction", "category": "负面清单"}  # by level


def unit_row(store: Store, scheme: Scheme, unit_id: str) -> dict[str, object]:
    units = score_period(store, "2025", scheme).units.set_index("unit_id")
    return {str(k): v for k, v in units.loc[unit_id].to_dict().items()}


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        pytest.param({"level": "国家级"}, "「级别」：「国家级」应为 省级、市级、区级", id="unknown-level"),
        pytest.param({"level": None}, "「级别」：「」应为", id="missing-level"),
        pytest.param({"points": 2.0}, "按级别计分，不填分值", id="points-on-tiered-category"),
        pytest.param({**INNOVATION, "points": 2.5}, "应大于 0 且不超过 2", id="above-category-max"),
        pytest.param({**INNOVATION, "points": None}, "应大于 0 且不超过 2", id="entered-points-missing"),
        pytest.param({**PROMOTION, "points": 1.0}, "每项固定 0.5 分", id="points-on-fixed-category"),
        pytest.param({"category": "捐款"}, "「类别」：「捐款」不在评分办法", id="unknown-category"),
        pytest.param({"type": "penalty"}, "「类型」：应为 加分、扣分 或 一票否决", id="unknown-type"),
        pytest.param({"reason": "  "}, "「事由」：不能为空", id="no-reason"),
        pytest.param({"unit_id": "XX99"}, "XX99 不是考核期 2025 在册", id="unknown-unit"),
    ],
)  # fmt: skip
def test_adjustments_outside_the_scheme_bounds_are_refused(
    demo: Store, scheme: Scheme, overrides: dict[str, object], fragment: str
) -> None:
    with pytest.raises(entry.EntryError, match=fragment):
        entry.add_adjustment(demo, ASSESSOR, "2025", scheme, item(**overrides))


def test_bonus_items_count_up_to_the_cap_and_the_view_shows_both(demo: Store, scheme: Scheme) -> None:
    start = unit_row(demo, scheme, "SQ05")
    assert start["bonus"] == 0.0
    entry.add_adjustment(demo, ASSESSOR, "2025", scheme, item())  # 市级 +2
    entry.add_adjustment(demo, ASSESSOR, "2025", scheme, item(level="省级", reason="省级表彰"))  # same category: max
    entry.add_adjustment(demo, ASSESSOR, "2025", scheme, item(category="创新项目", level=None, points=2.0))
    entry.add_adjustment(demo, ASSESSOR, "2025", scheme, item(category="经验推广", level=None, reason="简报一"))
    entry.add_adjustment(demo, ASSESSOR, "2025", scheme, item(category="经验推广", level=None, reason="简报二"))
    view = entry.adjustment_view(demo, ASSESSOR, "2025", scheme)
    pool = view.pools.set_index("unit_id").loc["SQ05"]
    assert (pool["bonus_raw"], pool["bonus"]) == (3 + 2 + 0.5 + 0.5, 5.0)  # 省级 3 beats 市级 2; cap 5
    items = view.items[view.items["unit_id"] == "SQ05"]
    assert items["counted"].tolist().count(False) == 1  # 市级 does not count beside 省级
    after = unit_row(demo, scheme, "SQ05")
    assert round(float(after["total"]) - float(start["total"]), 2) == 5.0


def test_a_correction_supersedes_and_a_withdrawal_removes(demo: Store, scheme: Scheme) -> None:
    first = entry.add_adjustment(
        demo, ASSESSOR, "2025", scheme, item(type="deduction", category="负面清单", level="通报批评")
    )
    assert unit_row(demo, scheme, "SQ05")["deduction"] == 2.0
    second = entry.correct_adjustment(demo, ASSESSOR, "2025", scheme, first, item(**REPRIMAND, level="约谈提醒"))
    assert second != first
    assert unit_row(demo, scheme, "SQ05")["deduction"] == 1.0
    entry.withdraw_adjustment(demo, ASSESSOR, second, "复核后撤销")
    assert unit_row(demo, scheme, "SQ05")["deduction"] == 0.0
    kept = demo.cursor().execute("select count(*) from adjustments where unit_id = 'SQ05'").fetchone()
    assert kept == (3,)  # nothing overwritten: the item, its correction and the withdrawal


def test_correcting_an_item_someone_else_corrected_is_a_conflict_with_the_newer_item(
    demo: Store, scheme: Scheme
) -> None:
    first = entry.add_adjustment(demo, ASSESSOR, "2025", scheme, item())
    newer = entry.correct_adjustment(demo, ASSESSOR, "2025", scheme, first, item(level="省级"))
    with pytest.raises(entry.AdjustmentConflict, match=f"已被 王秀兰.*更正为第 {newer} 项.*省级") as caught:
        entry.correct_adjustment(demo, SECOND, "2025", scheme, first, item(level="区级"))
    assert caught.value.current is not None and caught.value.current["level"] == "省级"
    entry.withdraw_adjustment(demo, ASSESSOR, newer, "重复")
    with pytest.raises(entry.AdjustmentConflict, match="撤销"):
        entry.withdraw_adjustment(demo, SECOND, newer, "重复")


def test_a_veto_forces_the_lowest_grade(demo: Store, scheme: Scheme) -> None:
    entry.add_adjustment(
        demo, ASSESSOR, "2025", scheme, item(type="veto", category="重大安全责任事故", level=None, reason="火灾")
    )
    row = unit_row(demo, scheme, "SQ05")
    assert (row["vetoed"], row["grade"]) == (True, scheme.grades[-1].grade)


# -- roles ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "viewer",
    [
        pytest.param(Viewer("分析员", Role.ANALYST), id="analyst"),
        pytest.param(Viewer("支部", Role.BRANCH, unit_id="SQ05"), id="branch"),
        pytest.param(Viewer("书记", Role.SECRETARY), id="secretary"),
    ],
)
def test_only_assessors_enter_scores_and_items(demo: Store, scheme: Scheme, viewer: Viewer) -> None:
    score = entry.ScoreInput("陈静", "SQ05", "qual_review", 5.0, None, None, None)
    with pytest.raises(AccessDenied):
        entry.save_scores(demo, viewer, "2025", scheme, [score])
    with pytest.raises(AccessDenied):
        entry.add_adjustment(demo, viewer, "2025", scheme, item())
    with pytest.raises(AccessDenied):
        entry.withdraw_adjustment(demo, viewer, 1, "x")
