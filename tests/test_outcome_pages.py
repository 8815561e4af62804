"""Outcomes in the app (AppTest through app.py, signed in): a leader sees only their units on every page, export and
list; the secretary's by-leader view; the honours confirmed; rectification drafted by the assessors and reported by
a branch on its own item only; the leaders list edited; the 通报 offered on the publish page.

Expected figures are read from the database with plain SQL, never through the queries under test.
"""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
from argon2 import PasswordHasher
from streamlit.testing.v1 import AppTest

from kaohe import PROJECT_ROOT, explore, rectification, ui
from kaohe.access import LOCAL_VIEWER, AccessDenied, Role, Viewer
from kaohe.auth import Accounts
from kaohe.periods import parse_period
from kaohe.publish import publish
from kaohe.store import Store

pytest_plugins = ["fixtures_app"]

APP = str(PROJECT_ROOT / "app.py")
TIMEOUT = 90
PASSWORD = "outcome-pass-1"
LEADER = "王志刚"  # 党工委书记: 联系点 SQ01 with QY01, QY10 and SH01; 党政办 answers for SQ01 too
ACCOUNTS = [
    ("wang", Role.LEADER, None, LEADER),
    ("shuji", Role.SECRETARY, None, None),
    ("kaohezu", Role.ASSESSOR, None, None),
    ("sq08", Role.BRANCH, "SQ08", None),
    ("jg07", Role.BRANCH, "JG07", None),
    ("boss", Role.ADMIN, None, None),
]


@pytest.fixture(scope="module")
def outcome_db(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo with 2025 published, its rectification items issued, and one account per user above."""
    path = tmp_path_factory.mktemp("outcome") / "kaohe.duckdb"
    shutil.copyfile(demo_db_template, path)
    with Store(path) as store:
        accounts = Accounts(store, hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
        for name, role, unit, leader in ACCOUNTS:
            accounts.add_user(LOCAL_VIEWER, name, PASSWORD, role, unit_id=unit, leader=leader)
        publish(store, Viewer("shuji", Role.SECRETARY), parse_period("2025"))
        assessor = Viewer("kaohezu", Role.ASSESSOR)
        drafted = rectification.drafts(store, assessor, parse_period("2025"), today=date(2026, 1, 10))
        rectification.create(store, assessor, parse_period("2025"), drafted)
    return path


@pytest.fixture
def app(app_db: Any, outcome_db: Path, tmp_path: Path) -> Path:
    """A private copy per test: several tests write."""
    path = tmp_path / "kaohe.duckdb"
    shutil.copyfile(outcome_db, path)
    ui._store_for.clear()
    ui._accounts_for.clear()
    return app_db(path)  # type: ignore[no-any-return]


def plain(db: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with Store(db) as store:
        return store.cursor().execute(sql, list(params)).fetchall()


def leader_units(db: Path) -> dict[str, str]:
    rows = plain(db, "select lu.unit_id, u.name from leader_units as lu join units as u using (unit_id) "
                     "where lu.leader = ?", LEADER)  # fmt: skip
    return dict(rows)


def signed_in(user: str, page: str | None = None, period: str = "2025") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["period"] = period
    at.run()
    at.text_input(key="login_name").input(user)
    at.text_input(key="login_password").input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception, at.exception
    if page is not None:
        at.switch_page(str(PROJECT_ROOT / page)).run()
        assert not at.exception, at.exception
    return at


def frame(at: AppTest, *columns: str, without: str | None = None) -> Any:
    """The one table on the page with these column headings (and not `without`): AppTest keeps no key for a
    table that is not selectable."""
    found = [
        d.value
        for d in at.main.dataframe
        if set(columns) <= set(d.value.columns) and (without is None or without not in d.value.columns)
    ]
    assert len(found) == 1, [list(d.value.columns) for d in at.main.dataframe]
    return found[0]


def submit(at: AppTest, label: str) -> None:
    """Click a form's submit button (by its label: AppTest names form buttons by form and label)."""
    next(b for b in at.main.button if b.label == label).click().run()
    assert not at.exception, at.exception


def has_table(at: AppTest, column: str) -> bool:
    return any(column in d.value.columns for d in at.main.dataframe)


# -- a leader sees only their units ------------------------------------------------------------------------------


def test_a_leader_opens_on_my_units_showing_their_units_only(app: Path) -> None:
    at = signed_in("wang")
    assert [t.value for t in at.main.title] == ["我的联系点"]
    assert "my_units_leader" not in {w.key for w in at.main.selectbox}  # a leader sees their own page only
    mine = leader_units(app)
    table = frame(at, "联系方式")
    assert set(table["党组织"]) == set(mine.values())
    totals = dict(plain(app, "select unit, total from published_units"))
    assert list(table["总分"]) == [f"{totals[name]:.2f}" for name in table["党组织"]]
    assert all(rank.endswith("/ 共 36 个") for rank in table["排名"])
    metrics = {m.label: m.value for m in at.main.metric}
    assert metrics["联系的党组织"] == str(len(mine))
    assert at.main.caption[0].value.startswith("王志刚（党工委书记），分管党政办：联系点 4 个，分包社区（村）0 个")


def test_a_leader_drills_into_a_units_scorecard(app: Path) -> None:
    at = signed_in("wang")
    at.selectbox(key="my_units_unit").select("QY10").run()
    at.button(key="my_units_open").click().run()
    assert not at.exception, at.exception
    assert [t.value for t in at.main.title] == ["考核评分"]
    assert at.main.header[0].value == "郑州陇海智慧物业有限公司党支部（QY10）"
    ranking = frame(at, "排名", "党组织", "总分", without="联系方式")
    assert set(ranking["党组织"]) == set(leader_units(app).values())
    assert set(at.selectbox(key="scorecard_unit").options) == {
        f"{name}（{unit}）" for unit, name in leader_units(app).items()
    }


def test_a_leaders_overview_and_trends_count_their_units_rows_only(app: Path) -> None:
    units = sorted(leader_units(app))
    holes = ",".join("?" * len(units))
    services = plain(app, f"select count(*) from services where year(service_date) = 2025 and unit_id in ({holes})",
                     *units)[0][0]  # fmt: skip
    everyone = plain(app, "select count(*) from services where year(service_date) = 2025")[0][0]
    assert 0 < services < everyone
    at = signed_in("wang", "pages/overview.py")
    assert "仅含您负责的 4 个党组织的记录" in [c.value for c in at.main.caption]
    shown = {m.label: m.value for m in at.main.metric}
    assert shown["便民服务（次）"] == ui.fmt_count(services, "zh")
    by_leader = frame(at, "班子成员")
    assert list(by_leader["班子成员"]) == [LEADER]  # a leader's own row of the chain
    at = signed_in("wang", "pages/trends.py")
    assert {m.label: m.value for m in at.main.metric}["便民服务（次）"] == ui.fmt_count(services, "zh")


def test_a_leader_explores_only_their_rows_and_has_no_console(app: Path) -> None:
    at = signed_in("wang", "pages/explorer.py")
    assert "SQL 查询" not in [tab.label for tab in at.main.tabs]
    assert not at.text_area
    at.selectbox(key="explore_rows").select("unit_id").run()
    table = at.main.dataframe[0].value
    assert set(table[table.columns[0]]) - {"合计"} <= set(leader_units(app))
    # The library refuses the console to a scoped viewer whatever its role may one day be granted.
    units = tuple(leader_units(app))
    leader = Viewer("wang", Role.LEADER, leader=LEADER, units=units)

    class Console:
        def run(self, sql: str) -> Any:
            raise AssertionError("the console must not run for a leader")

    with pytest.raises(AccessDenied):
        explore.run_console(Console(), leader, "select * from services")  # type: ignore[arg-type]


def test_a_leaders_exports_and_comparisons_hold_their_units_only(
    app: Path, downloads: dict[str, Callable[[], bytes]]
) -> None:
    at = signed_in("wang", "pages/exports.py")
    assert set(downloads) == {"exports_download_xlsx", "exports_download_csv", "exports_download_pdf"}
    rows = list(csv.reader(io.StringIO(downloads["exports_download_csv"]().decode("utf-8-sig"))))
    head, body = rows[0], rows[1:]
    assert {row[head.index("党组织")] for row in body} == set(leader_units(app).values())
    assert not at.exception
    at = signed_in("wang", "pages/compare.py")
    options = set(at.multiselect(key="compare_units").options)
    assert options == {f"{name}（{unit}）" for unit, name in leader_units(app).items()}


def test_a_leader_reads_their_units_items_and_changes_none(app: Path) -> None:
    at = signed_in("wang", "pages/rectification.py")
    assert not at.exception
    # 王志刚's units were not graded 不合格: nothing to list, and no form to change anything.
    assert not has_table(at, "整改要求")
    assert not at.main.selectbox and "rectification_issue" not in {b.key for b in at.main.button}


# -- the secretary ---------------------------------------------------------------------------------------------


def test_the_secretarys_overview_shows_the_chain_by_leader(app: Path) -> None:
    at = signed_in("shuji", "pages/overview.py")
    chain = frame(at, "班子成员")
    leaders = [name for (name,) in plain(app, "select name from leaders order by source_row")]
    assert list(chain["班子成员"]) == leaders
    totals = dict(plain(app, "select unit_id, total from published_units"))
    linked = [u for (u,) in plain(app, "select unit_id from leader_units where leader = '赵春燕'")]
    row = chain[chain["班子成员"] == "赵春燕"].iloc[0]
    assert row["平均得分"] == f"{sum(totals[u] for u in linked) / len(linked):.2f}"
    assert row["最低得分"].startswith(f"{min(totals[u] for u in linked):.2f}（")
    # Drafted on 10 January with 90 days to go, the items are overdue as of 30 November.
    assert row["整改未销号 / 逾期"] == "7 / 7"
    assert "有 16 项整改已逾期未完成" in [w.value for w in at.main.warning]
    assert len(frame(at, "整改期限", "责任人")) == 16


def test_the_secretary_opens_any_leaders_units(app: Path) -> None:
    at = signed_in("shuji", "pages/my_units.py")
    at.selectbox(key="my_units_leader").select("陈丽娟").run()
    table = frame(at, "联系方式")
    assert list(table["联系方式"]).count("分包社区") == 1
    expected = {name for (name,) in plain(app, "select u.name from leader_units join units as u using (unit_id) "
                                              "where leader = '陈丽娟'")}  # fmt: skip
    assert set(table["党组织"]) == expected


# -- honours -----------------------------------------------------------------------------------------------------


def test_the_assessors_confirm_the_honours_with_an_adjustment_and_a_reason(
    app: Path, downloads: dict[str, Callable[[], bytes]]
) -> None:
    at = signed_in("kaohezu", "pages/awards.py")
    assert {m.label: m.value for m in at.main.metric} == {"推荐": "5", "保留评优资格": "26", "取消评优资格": "5"}
    assert "awards_download" in downloads
    at.selectbox(key="awards_unit").select("SQ02")
    at.selectbox(key="awards_status").select("eligible")
    at.text_input(key="awards_reason").input("书记岗位调整，本年度不再推荐")
    submit(at, "调整这个党组织的结论")
    assert not at.exception, at.exception
    assert any("1 个党组织的结论已调整" in w.value for w in at.main.warning)
    at.button(key="awards_confirm").click().run()
    assert not at.exception, at.exception
    assert any(s.value.startswith("名单已确认") for s in at.main.success)
    decided = dict(plain(app, "select unit_id, status from award_decisions_current"))
    assert decided["SQ02"] == "eligible" and sum(s == "recommended" for s in decided.values()) == 4
    table = frame(at, "评优结论")
    assert table.loc[table["党组织"] == "新郑路社区", "评优结论"].iloc[0] == "保留评优资格"


def test_over_the_quota_the_confirmation_is_refused_in_words(app: Path) -> None:
    at = signed_in("kaohezu", "pages/awards.py")
    at.selectbox(key="awards_unit").select("QY01")  # 优秀, sixth: beyond the quota of 5
    at.selectbox(key="awards_status").select("recommended")
    at.text_input(key="awards_reason").input("补充推荐")
    submit(at, "调整这个党组织的结论")
    at.button(key="awards_confirm").click().run()
    assert [e.value for e in at.main.error] == ["推荐了 6 个党组织，超过评分办法规定的名额 5 个"]
    assert plain(app, "select count(*) from award_decisions") == [(0,)]


# -- rectification -----------------------------------------------------------------------------------------------


def test_a_branch_updates_its_own_item_and_sees_no_other(app: Path) -> None:
    at = signed_in("sq08", "pages/rectification.py")
    table = frame(at, "整改要求", "状态")
    assert set(table["党组织"]) == {"城东南路社区"} and len(table) == 3
    options = at.selectbox(key="rectification_pick").options
    assert len(options) == 3 and all(o.startswith("城东南路社区") for o in options)
    assert at.selectbox(key="rectification_status").options == ["待整改", "整改中", "已报整改"]
    assert "rectification_deadline" not in {w.key for w in at.main.date_input}
    at.selectbox(key="rectification_status").select("reported")
    at.text_area(key="rectification_evidence").input("已召开专题组织生活会，记录见第 12 页")
    submit(at, "保存")
    assert not at.exception, at.exception
    assert any(s.value.startswith("已更新整改事项") for s in at.main.success)
    rows = plain(app, "select unit_id, status, evidence, entered_by from rectification_items_current "
                      "where entered_by = 'sq08'")  # fmt: skip
    assert rows == [("SQ08", "reported", "已召开专题组织生活会，记录见第 12 页", "sq08")]
    assert plain(app, "select count(*) from audit_log where action = 'rectification.update'") == [(1,)]


def test_the_assessors_issue_drafts_for_the_year_under_way_and_close_an_item(app: Path) -> None:
    at = signed_in("kaohezu", "pages/rectification.py", period="2026")
    assert at.checkbox(key="rectification_alerts").value is True  # the scheme's rectify_alerts
    drafts = frame(at, "整改原因", "整改期限", without="状态")
    assert set(drafts["整改原因"]) == {"进度预警"}
    before = plain(app, "select count(*) from rectification_items_current")[0][0]
    at.button(key="rectification_issue").click().run()
    assert not at.exception, at.exception
    assert plain(app, "select count(*) from rectification_items_current")[0][0] == before + len(drafts)
    at.selectbox(key="rectification_status").select("closed")
    submit(at, "保存")
    assert plain(app, "select count(*) from rectification_items_current where status = 'closed'") == [(1,)]


def test_next_years_scorecard_shows_whether_last_years_items_were_closed(app: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["period"] = "2026"
    at.query_params["unit"] = "SQ08"
    at.run()
    at.text_input(key="login_name").input("shuji")
    at.text_input(key="login_password").input(PASSWORD)
    at.button[0].click().run()
    at.switch_page(str(PROJECT_ROOT / "pages" / "scorecard.py")).run()
    at.selectbox(key="scorecard_unit").select("SQ08").run()
    assert not at.exception, at.exception
    assert "2025 年度整改落实情况" in [s.value for s in at.main.subheader]
    assert [w.value for w in at.main.warning if "未销号" in w.value] == ["上年度 3 项整改中仍有 3 项未销号"]
    assert set(frame(at, "佐证说明", "整改期限")["状态"]) == {"待整改"}


# -- the leaders list and the 通报 ----------------------------------------------------------------------------------


def test_the_assessors_add_a_leader_on_the_leaders_page(app: Path) -> None:
    at = signed_in("kaohezu", "pages/leaders.py")
    assert len(frame(at, "来源")) == 12
    at.text_input(key="leaders_name").input("钱十三")
    at.text_input(key="leaders_post").input("办事处副主任")
    at.multiselect(key="leaders_units").select("SQ03")
    at.multiselect(key="leaders_communities").select("SQ04")
    submit(at, "保存")
    assert not at.exception, at.exception
    assert any(s.value == "已添加班子成员「钱十三」" for s in at.main.success)
    assert dict(plain(app, "select unit_id, basis from leader_units where leader = '钱十三'")) == {
        "SQ03": "link",
        "SQ04": "department",
    }
    at = signed_in("shuji", "pages/leaders.py")
    assert "leaders_form_new" not in str(at.main) and "名册由考核组维护。" in [c.value for c in at.main.caption]


def test_the_publish_page_offers_the_announcement_as_word_and_pdf(
    app: Path, downloads: dict[str, Callable[[], bytes]]
) -> None:
    at = signed_in("shuji", "pages/publish.py")
    assert {"publish_report_docx", "publish_report_pdf"} <= set(downloads)
    assert any("评优评先名单尚未确认" in i.value for i in at.main.info)
    document = docx.Document(io.BytesIO(downloads["publish_report_docx"]()))
    assert any(p.text == "关于2025年度党支部考核结果的通报" for p in document.paragraphs)
    assert downloads["publish_report_pdf"]().startswith(b"%PDF")
    formats = [row[0] for row in plain(app, "select json_extract_string(after, '$.format') from audit_log "
                                            "where action = 'export' order by audit_id")]  # fmt: skip
    assert formats == ["docx", "pdf"]


def test_the_admin_creates_a_leader_account_tied_to_a_leader_of_the_list(app: Path) -> None:
    at = signed_in("boss", "pages/users.py")
    at.text_input(key="users_add_name").input("chen")
    at.selectbox(key="users_add_role").select("leader")
    picker = at.selectbox(key="users_add_unit")
    assert "leader:陈丽娟" in picker.options or "班子成员 陈丽娟（纪工委书记）" in picker.options
    picker.select("leader:陈丽娟")
    at.text_input(key="users_add_password").input(PASSWORD)
    at.text_input(key="users_add_confirm").input(PASSWORD)
    submit(at, "新建用户")
    assert [s.value for s in at.main.success] == ["已新建用户 chen"]
    assert plain(app, "select role, unit_id, leader from users where user_name = 'chen'") == [
        ("leader", None, "陈丽娟")
    ]
    table = at.main.dataframe[0].value
    assert table[table["用户名"] == "chen"][["角色", "所属党组织"]].values.tolist() == [["班子成员", "陈丽娟"]]
