"""Page tests (AppTest) for the assessors' screens: entry grids and forms, scheme settings, publishing, audit log.

Grid edits are made the way the browser sends them: the data editor's state (edited_rows) set under its key.
What the pages show is checked against the library's own results and against hand-computed figures.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from kaohe import PROJECT_ROOT, entry, navigation, publish, ui, workflow
from kaohe.access import LOCAL_VIEWER, Role, Viewer
from kaohe.scheme import SCHEMES_DIR, load_scheme, parse_scheme
from kaohe.store import Store

pytest_plugins = ["fixtures_app"]

APP = PROJECT_ROOT / "app.py"
TIMEOUT = 60


@pytest.fixture
def app(app_db: Any, fresh_demo_db: Path) -> Path:
    """A private demo database the app writes to."""
    return Path(app_db(fresh_demo_db))


def open_page(page: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params["period"] = "2025"
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def state_keys(at: AppTest, prefix: str) -> list[str]:
    return [k for k in at.session_state._state._state.filtered_state if k.startswith(prefix)]


def edit_grid(at: AppTest, key: str, rows: dict[int, dict[str, Any]]) -> None:
    """Edit cells of a data editor as the browser does, then rerun."""
    at.session_state[key] = {
        "edited_rows": {str(i): changes for i, changes in rows.items()},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception, at.exception


def table(at: AppTest, first_column: str) -> pd.DataFrame:
    tables = [d.value for d in at.main.dataframe if list(d.value.columns)[:1] == [first_column]]
    assert len(tables) == 1, [list(d.value.columns)[:3] for d in at.main.dataframe]
    return tables[0]


# -- 考核录入 -------------------------------------------------------------------------------------------


BY_LEVEL = {ind.id for ind in load_scheme(SCHEMES_DIR / "2025.toml").indicators if ind.levels}


def open_sheet(assessor: str, column: str = "score") -> tuple[AppTest, str, pd.DataFrame]:
    """The page with one assessor's sheet open: the key of the grid of indicators scored by `column` (score or
    level) and the rows that grid shows, indexed by their position in it."""
    at = open_page("pages/assessment_entry.py")
    at.selectbox(key="entry_assessor").select(assessor).run()
    base_key = f"entry_base_2025_2025_1_{assessor}"
    base = at.session_state[base_key]
    rows = base[base["indicator_id"].isin(BY_LEVEL) == (column == "level")].reset_index(drop=True)
    return at, f"entry_grid_{base_key}_{column}", rows


def test_scores_entered_in_the_grid_are_saved_and_move_the_trimmed_mean(app: Path) -> None:
    row = {"unit_id": "SQ05", "indicator_id": "qual_review"}
    sheets = {}
    # Every one of the six assessors gives SQ05 a new 书记述职评议 score through the page.
    for assessor, score in zip(
        ("刘洪涛", "张建国", "李志强", "王秀兰", "赵丽娜", "陈静"), (5, 6, 7, 8, 9, 10), strict=True
    ):
        at, grid_key, base = open_sheet(assessor)
        index = int(base.index[(base["unit_id"] == row["unit_id"]) & (base["indicator_id"] == row["indicator_id"])][0])
        edit_grid(at, grid_key, {index: {"score": float(score)}})
        assert at.button(key="entry_save").label == "保存修改（1 处）"
        at.button(key="entry_save").click().run()
        assert [s.value for s in at.success][:1] == ["已保存 1 处评分。"]
        sheets[assessor] = at
    means = next(d.value for d in sheets["陈静"].main.dataframe if "已评人数" in d.value.columns)
    assert len(means) == 36
    shown = means.set_index("党组织").loc["新郑里社区"]
    assert shown["书记述职评议"] == 7.5  # (6 + 7 + 8 + 9) / 4: highest 10 and lowest 5 dropped
    assert shown["已评人数"] == 6
    with Store(app) as store:
        scheme = workflow.scheme_in_force(store, "2025")
        sheet = entry.score_sheet(store, LOCAL_VIEWER, "2025", scheme, "陈静").set_index(["unit_id", "indicator_id"])
        assert (sheet.loc[("SQ05", "qual_review"), "score"], sheet.loc[("SQ05", "qual_review"), "entered_by"]) == (
            10.0,
            "local",
        )


def test_each_grid_offers_only_the_cell_its_indicators_use(app: Path) -> None:
    at, _, _ = open_sheet("陈静")
    grids = [d for d in at.main.dataframe if d.proto.editing_mode and "indicator" in d.value.columns]
    shown = {tuple(d.proto.column_order): set(d.value["indicator_id"]) for d in grids}
    assert shown == {
        ("unit", "kind", "indicator", "max_points", "score", "comment", "entered_by"): {"qual_review"},
        ("unit", "kind", "indicator", "max_points", "level", "comment", "entered_by"): BY_LEVEL,
    }


def test_a_score_out_of_bounds_is_shown_while_typing_and_blocks_saving(app: Path) -> None:
    at, grid_key, rows = open_sheet("陈静")
    review = int(rows.index[rows["indicator_id"] == "qual_review"][0])
    edit_grid(at, grid_key, {review: {"score": 99.0}})
    assert at.error, "a score above the indicator's full mark is refused while typing"
    assert at.button(key="entry_save").disabled


def test_filters_keep_what_was_typed_and_show_progress_per_unit(app: Path) -> None:
    at = open_page("pages/assessment_entry.py")
    at.text_input(key="entry_new_assessor").input("周敏").run()
    base = at.session_state["entry_base_2025_2025_1_周敏"]
    rows = base[~base["indicator_id"].isin(BY_LEVEL)].reset_index(drop=True)
    grid_key = "entry_grid_entry_base_2025_2025_1_周敏_score"
    assert "本人已评 0 / 72 项" in at.main.get("progress")[0].proto.text
    index = int(rows.index[(rows["unit_id"] == "SQ05") & (rows["indicator_id"] == "qual_review")][0])
    edit_grid(at, grid_key, {index: {"score": 4.0}})
    assert at.button(key="entry_save").label == "保存修改（1 处）"
    assert "本人已评 1 / 72 项" in at.main.get("progress")[0].proto.text
    units = at.multiselect(key="entry_filter_units")
    assert "新郑里社区（已评 1/2）" in units.options  # the typed score counts before it is saved
    units.set_value(["SQ07"]).run()
    assert not at.exception and at.button(key="entry_save").label == "保存修改（1 处）"
    at.selectbox(key="entry_filter_indicator").select("qual_review").run()
    grids = [d.value for d in at.main.dataframe if d.proto.editing_mode]
    assert any(len(g) == 1 for g in grids)  # one unit, one indicator
    units.set_value([]).run()
    at.selectbox(key="entry_filter_indicator").select("").run()
    at.button(key="entry_save").click().run()
    assert [s.value for s in at.success][:1] == ["已保存 1 处评分。"]


def test_a_colleagues_save_in_between_is_not_overwritten_and_its_value_is_shown(app: Path) -> None:
    at, grid_key, base = open_sheet("陈静")
    index = int(base.index[(base["unit_id"] == "SQ05") & (base["indicator_id"] == "qual_review")][0])
    seen = int(base.loc[index, "score_id"])
    # Another assessor saves the same cell after this page read it.
    with Store(app) as store:
        scheme = workflow.scheme_in_force(store, "2025")
        colleague = Viewer("王秀兰", Role.ASSESSOR)
        won = entry.save_scores(
            store, colleague, "2025", scheme, [entry.ScoreInput("陈静", "SQ05", "qual_review", 9.9, None, "复核", seen)]
        )
        assert len(won.saved) == 1
    edit_grid(at, grid_key, {index: {"score": 3.0}})
    at.button(key="entry_save").click().run()
    assert any("已被他人修改" in w.value for w in at.warning)
    conflicts = table(at, "单位 · 指标")
    assert conflicts.values.tolist() == [["新郑里社区 · 书记述职评议", "3", conflicts.iloc[0, 2]]]
    assert "已被 王秀兰" in conflicts.iloc[0, 2] and "9.9 分" in conflicts.iloc[0, 2]
    # The grid now holds the stored (winning) value, ready for the assessor to decide again.
    refreshed = at.session_state["entry_base_2025_2025_1_陈静"]
    assert refreshed.set_index(["unit_id", "indicator_id"]).loc[("SQ05", "qual_review"), "score"] == 9.9


def test_a_bonus_item_entered_in_the_form_counts_within_the_cap(app: Path) -> None:
    at = open_page("pages/assessment_entry.py")
    at.selectbox(key="entry_item_unit").select("SQ03").run()
    at.selectbox(key="entry_item_type").select("bonus").run()
    at.selectbox(key="entry_item_category").select("创新项目").run()
    at.number_input(key="entry_item_points").set_value(2.0).run()
    at.text_input(key="entry_item_reason").input("智慧党建平台试点").run()
    at.button(key="entry_item_submit").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    items = table(at, "编号")
    added = items[items["事由"] == "智慧党建平台试点"]
    assert added[["党组织", "类别", "分值", "是否计分"]].values.tolist() == [["陇一社区", "创新项目", 2.0, True]]
    pools = (
        next(d.value for d in at.main.dataframe if "计入加分" in d.value.columns).set_index("党组织").loc["陇一社区"]
    )
    # The demo already gives 陇一社区 5.5 bonus points; with 2 more the cap of 5 binds.
    assert (pools["加分合计"], pools["计入加分"]) == (7.5, 5.0)


def test_an_item_outside_the_bounds_is_refused_with_the_reason(app: Path) -> None:
    at = open_page("pages/assessment_entry.py")
    at.selectbox(key="entry_item_unit").select("SQ03").run()
    at.selectbox(key="entry_item_category").select("荣誉表彰").run()
    at.button(key="entry_item_submit").click().run()
    assert any("「事由」：不能为空" in e.value for e in at.error)


def test_an_uncapped_bonus_pool_reads_as_such_on_entry_and_settings(app: Path) -> None:
    text = (PROJECT_ROOT / "data" / "schemes" / "2025.toml").read_text(encoding="utf-8")
    uncapped = text.replace("version = 1", "version = 2", 1).replace("[bonus]\ncap = 5", '[bonus]\ncap = "none"', 1)
    with Store(app) as store:
        workflow.save_version(store, LOCAL_VIEWER, workflow.scheme_in_force(store, "2025"),
                              parse_scheme(tomllib.loads(uncapped), "2025 上不封顶"))  # fmt: skip
        workflow.activate(store, LOCAL_VIEWER, "2025", 2)
    for page in ("pages/assessment_entry.py", "pages/scheme_settings.py"):
        captions = " ".join(c.value for c in open_page(page).caption)
        assert "加分上不封顶" in captions, page


def test_progress_lists_who_has_not_scored_whom(app: Path) -> None:
    at = open_page("pages/assessment_entry.py")
    at.text_input(key="entry_panel_extra").input("新成员").run()
    summary = next(d.value for d in at.main.dataframe if "已评" in d.value.columns).set_index("考核人")
    assert summary.loc["新成员"].tolist() == [72, 0]
    assert summary.loc["陈静"].tolist() == [0, 72]
    missing = next(d.value for d in at.main.dataframe if "未评单位" in d.value.columns)
    assert set(missing["考核人"]) == {"新成员"} and len(missing) == 72


# -- 考核设置 -------------------------------------------------------------------------------------------


def test_a_grid_edit_is_validated_then_saved_as_a_new_version(app: Path) -> None:
    at = open_page("pages/scheme_settings.py")
    grid_key = "scheme_grid_2025_1"
    with Store(app) as store:
        grid = workflow.target_grid(workflow.scheme_in_force(store, "2025"))
    row = int(grid.index[grid["indicator_id"] == "svc_count"][0])
    edit_grid(at, grid_key, {row: {"机关": "很多"}})
    assert any("「机关」列：「很多」应为数字" in m.value for m in at.markdown)
    edit_grid(at, grid_key, {row: {"机关": "30"}})
    pending = table(at, "项目")
    assert pending.values.tolist() == [["便民服务次数", "目标（机关）", "24", "30"]]  # names, never ids or target[…]
    # The draft is scored beside the version in force before anything is saved.
    edited = grid.copy()
    edited.loc[row, "机关"] = "30"
    with Store(app) as store:
        base = workflow.scheme_in_force(store, "2025")
        expected = workflow.what_if(store, LOCAL_VIEWER, "2025", base, workflow.edited_scheme(base, edited, 2))
        assert workflow.latest_version(store, "2025") == 1  # scoring the draft stored nothing
    assert not expected.changes.empty
    assert table(at, "党组织")["党组织"].tolist() == expected.changes["unit"].tolist()
    at.button(key="scheme_save").click().run()
    assert [s.value for s in at.success] == ["已保存为第 2 版。"]
    versions = table(at, "版本")
    assert versions["版本"].tolist() == [2, 1]
    with Store(app) as store:
        # Saved is not in force: the scorecard keeps scoring under version 1 until someone puts version 2 in force.
        assert workflow.scheme_in_force(store, "2025").indicator("svc_count").target_for("机关").value == 24.0
    at.selectbox(key="scheme_other_version").set_value(2).run()
    at.button(key="scheme_activate").click().run()
    assert any("启用第 2 版后" in w.value for w in at.warning)
    at.text_input(key="scheme_activate_note").input("党工委会议审定").run()
    at.button(key="scheme_activate_yes").click().run()
    assert [s.value for s in at.success] == ["第 2 版已启用。"]
    with Store(app) as store:
        assert workflow.scheme_in_force(store, "2025").indicator("svc_count").target_for("机关").value == 30.0
    # ... and version 1 can be put back the same way.
    at.selectbox(key="scheme_other_version").set_value(1).run()
    at.button(key="scheme_activate").click().run()
    at.button(key="scheme_activate_yes").click().run()
    with Store(app) as store:
        assert workflow.scheme_in_force(store, "2025").version == 1


def test_versions_are_compared_and_re_scored_side_by_side(app: Path) -> None:
    with Store(app) as store:
        base = workflow.scheme_in_force(store, "2025")
        grid = workflow.target_grid(base)
        grid.loc[grid["indicator_id"] == "svc_people", "社区"] = "5600"
        stricter = workflow.save_version(
            store, Viewer("考核组", Role.ASSESSOR), base, workflow.edited_scheme(base, grid, 2)
        )
        expected = workflow.what_if(store, LOCAL_VIEWER, "2025", base, stricter)
    at = open_page("pages/scheme_settings.py")
    at.selectbox(key="scheme_other_version").set_value(2).run()
    assert table(at, "项目").values.tolist() == [["服务群众人次", "目标（社区）", "2800", "5600"]]
    shown = table(at, "党组织")
    assert shown["党组织"].tolist() == expected.changes["unit"].tolist()
    assert shown["等次变化"].sum() == len(expected.grade_changes) > 0
    assert any(f"其中 {len(expected.grade_changes)} 个等次变化" in m.value for m in at.markdown)


def test_a_new_period_is_started_from_the_page(app: Path) -> None:
    at = open_page("pages/scheme_settings.py")
    at.text_input(key="scheme_new_period").input("2027").run()
    at.button(key="scheme_new_period_create").click().run()
    assert [s.value for s in at.success] == ["已创建「2027年度党支部考核评分办法」（考核期 2027）。"]
    with Store(app) as store:
        assert workflow.in_force(store, "2027").activated_by is not None  # a new period's first version is in force


# -- 结果发布 -------------------------------------------------------------------------------------------


def test_publishing_from_the_page_freezes_and_later_changes_are_reported(app: Path) -> None:
    at = open_page("pages/publish.py")
    assert any("尚未发布" in i.value for i in at.info)
    at.text_input(key="publish_note").input("党工委会议审定").run()
    at.checkbox(key="publish_confirm").check().run()
    at.button(key="publish_submit").click().run()
    assert not at.exception
    assert any("已发布的结果" in s.value for s in at.subheader)
    assert any("没有变化" in s.value for s in at.success)
    frozen = table(at, "排名")
    with Store(app) as store:
        current = publish.current_publication(store, "2025")
        assert current is not None and current.note == "党工委会议审定"
        scheme = workflow.scheme_in_force(store, "2025")
        entry.add_adjustment(
            store, Viewer("考核组", Role.ASSESSOR), "2025", scheme,
            entry.AdjustmentInput("SQ07", "bonus", "荣誉表彰", "省级", None, "省级表彰", None),
        )  # fmt: skip
    at = open_page("pages/publish.py")
    assert any("台账或考核录入数据有变化" in w.value for w in at.warning)
    drift = table(at, "单位编号").set_index("单位编号")
    assert drift.loc["SQ07", "原因（分值变化的指标）"] == "加分 0.00 → 3.00"
    assert table(at, "排名").equals(frozen)  # the published ranking on the page is unchanged


def test_the_publish_button_is_only_there_for_a_role_that_may_publish(
    app: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ui, "current_viewer", lambda: Viewer("考核组", Role.ASSESSOR))
    at = open_page("pages/publish.py")
    assert "publish_submit" not in [b.key for b in at.button]
    assert "publish_request_submit" in [b.key for b in at.button]  # the assessors ask the secretary instead
    assert any("结果由党工委书记发布" in c.value for c in at.caption)


# -- 操作日志 -------------------------------------------------------------------------------------------


def test_the_audit_page_lists_and_filters_the_writes(app: Path) -> None:
    with Store(app) as store:
        scheme = workflow.scheme_in_force(store, "2025")
        entry.add_adjustment(
            store, Viewer("王秀兰", Role.ASSESSOR), "2025", scheme,
            entry.AdjustmentInput("SQ07", "bonus", "荣誉表彰", "区级", None, "区级表彰", None),
        )  # fmt: skip
    at = open_page("pages/audit_log.py")
    with Store(app) as store:
        total = store.cursor().execute("select count(*) from audit_log").fetchone()
    assert total is not None and any(f"共 {total[0]:,} 条记录" in c.value for c in at.caption)
    at.selectbox(key="audit_action").select("adjustment.add").run()
    shown = table(at, "序号")
    assert shown[["操作人", "操作", "对象"]].values.tolist() == [["王秀兰", "新增加扣分", shown.iloc[0]["对象"]]]
    at.selectbox(key="audit_action").select("").run()
    at.selectbox(key="audit_who").select("demo").run()
    assert set(table(at, "序号")["操作人"]) == {"演示数据"}  # the demo build, named in words


def test_roles_without_the_right_do_not_see_the_log(app: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ui, "current_viewer", lambda: Viewer("分析员", Role.ANALYST))
    at = open_page("pages/audit_log.py")
    assert [e.value for e in at.error] == ["当前账号无权查看操作日志。"]
    assert not at.main.dataframe


@pytest.mark.parametrize("role", ["analyst", "branch"])
def test_the_assessors_pages_are_not_in_the_menu_of_analysts_and_branches(role: str) -> None:
    mine = {"pages/scheme_settings.py", "pages/assessment_entry.py", "pages/publish.py", "pages/audit_log.py"}
    assert mine & {page.path for page in navigation.pages_for_role(role)} == set()
