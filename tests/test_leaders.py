"""The leaders list (班子成员联系点): imported as a ledger, edited by assessors, and the units it gives a
leader's account, which scope what that account sees.

A small roster (conftest.ROSTER_ROWS: U01–U04) and hand-written lists; expected units are read from plain SQL or
spelled out, never through the queries under test.
"""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from conftest import csv_bytes

from kaohe import leaders, results
from kaohe.access import LOCAL_VIEWER, AccessDenied, Role, Viewer
from kaohe.auth import Accounts, AuthError
from kaohe.ingest import import_file
from kaohe.ingest.roster import set_unit_code
from kaohe.labels import label
from kaohe.leaders import LeaderEntry, LeaderError
from kaohe.periods import parse_period
from kaohe.store import Store

pytest_plugins = ["fixtures_app"]

ASSESSOR = Viewer("assessor", Role.ASSESSOR)
HEADERS = ["序号", "班子成员", "职务", "联系点", "分包科室", "分包社区（村）"]
LIST = [
    HEADERS,
    ["1", "王志刚", "党工委书记", "陇海东路第一社区党支部、新郑路社区党支部", "党政办", "陇海村"],
    ["2", "李红梅", "办事处主任", "党政综合办", "财政所", ""],
]


def linked(store: Store, leader: str) -> dict[str, str]:
    rows = store.cursor().execute("select unit_id, basis from leader_units where leader = ?", [leader]).fetchall()
    return dict(rows)


@pytest.fixture
def listed(units_roster: Store) -> Store:
    result = import_file(units_roster, csv_bytes(LIST), "联系点.csv")
    assert (result.ledger, result.loaded, result.rejected) == ("leaders", 2, 0)
    return units_roster


def test_the_list_is_read_as_the_leaders_ledger_with_units_by_name_and_alias(listed: Store) -> None:
    # U03 (陇海村) by its name, U04 by its alias 党政综合办; 联系点 and 分包社区 both count.
    assert linked(listed, "王志刚") == {"U01": "link", "U02": "link", "U03": "department"}
    assert linked(listed, "李红梅") == {"U04": "link"}
    row = listed.cursor().execute("select post, department, unit_ids from leaders where name = '王志刚'").fetchone()
    assert row == ("党工委书记", "党政办", ["U01", "U02"])


def test_a_unit_the_roster_does_not_know_rejects_the_row_saying_which_column(units_roster: Store) -> None:
    bad = [HEADERS, ["1", "王志刚", "书记", "陇海东路第一社区党支部、不存在社区", "党政办", ""]]
    result = import_file(units_roster, csv_bytes(bad), "联系点.csv")
    assert (result.loaded, result.rejected) == (0, 1)
    assert "「联系点」列" in result.rejects["reason"].iloc[0] and "不在党组织名册中" in result.rejects["reason"].iloc[0]


def test_a_list_is_current_state_a_changed_row_replaces_and_a_missing_column_keeps(listed: Store) -> None:
    again = import_file(listed, csv_bytes([*LIST, ["3", "张三", "副主任", "新郑路社区党支部", "", ""]]), "联系点2.csv")
    assert (again.loaded, again.duplicate) == (1, 2)  # the two unchanged rows are duplicates
    changed = [["姓名", "联系点"], ["王志刚", "陇海村"]]  # no 分包社区 column: the communities stay
    assert import_file(listed, csv_bytes(changed), "联系点3.csv").loaded == 1
    assert linked(listed, "王志刚") == {"U03": "link"}  # linked now, which wins over 分包
    (communities,) = listed.cursor().execute("select community_ids from leaders where name = '王志刚'").fetchone()
    assert communities == ["U03"]
    assert listed.cursor().execute("select count(*) from leaders").fetchone() == (3,)


def test_an_assessor_adds_edits_renames_and_removes_a_leader_and_each_change_is_audited(listed: Store) -> None:
    done = leaders.save_leader(listed, ASSESSOR, LeaderEntry("赵六", "副主任", "城管科", ("U04",), ("U01",)))
    assert str(done) == "已添加班子成员「赵六」"
    assert linked(listed, "赵六") == {"U04": "link", "U01": "department"}
    accounts = Accounts(listed, hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    accounts.add_user(LOCAL_VIEWER, "zhao", "leader-pass-1", "leader", leader="赵六")
    leaders.save_leader(listed, ASSESSOR, LeaderEntry("赵六一", "副主任", "城管科", ("U02",)), replacing="赵六")
    assert linked(listed, "赵六一") == {"U02": "link"} and linked(listed, "赵六") == {}
    # The account follows the rename: it still sees that leader's units.
    assert listed.cursor().execute("select leader from users where user_name = 'zhao'").fetchone() == ("赵六一",)
    order = listed.query("leaders/list")["name"].tolist()
    assert order == ["王志刚", "李红梅", "赵六一"]  # an edit keeps the row's place, a new leader goes last
    leaders.remove_leader(listed, ASSESSOR, "赵六一")
    log = (
        listed.cursor()
        .execute("select action, target, before, after from audit_log where action like 'leader.%' order by audit_id")
        .fetchall()
    )
    assert [(action, target) for action, target, _, _ in log] == [
        ("leader.save", "赵六"),
        ("leader.save", "赵六一"),
        ("leader.remove", "赵六一"),
    ]
    assert log[0][2] is None and json.loads(log[0][3])["community_ids"] == ["U01"]
    assert json.loads(log[1][2])["name"] == "赵六" and json.loads(log[2][2])["unit_ids"] == ["U02"]


CASES = [
    pytest.param(LeaderEntry(" ", unit_ids=("U01",)), "请填写班子成员的姓名", id="no-name"),
    pytest.param(LeaderEntry("王五"), "请为「王五」选择至少一个联系点", id="no-unit"),
    pytest.param(LeaderEntry("王五", unit_ids=("U01", "X9")), "编号 X9 不在党组织名册中", id="unknown-unit"),
    pytest.param(LeaderEntry("王五", unit_ids=("U01",), community_ids=("Q7",)), "编号 Q7", id="unknown-community"),
    pytest.param(LeaderEntry("李红梅", unit_ids=("U01",)), "名册中已有班子成员「李红梅」", id="name-taken"),
]


@pytest.mark.parametrize(("entry", "words"), CASES)
def test_a_wrong_row_is_refused_naming_what_is_wrong_and_nothing_changes(
    listed: Store, entry: LeaderEntry, words: str
) -> None:
    before = listed.query("leaders/list")
    with pytest.raises(LeaderError, match=words):
        leaders.save_leader(listed, ASSESSOR, entry)
    assert listed.query("leaders/list").equals(before)
    assert listed.cursor().execute("select count(*) from audit_log where action like 'leader.%'").fetchone() == (0,)


def test_only_who_may_edit_the_list_does(listed: Store) -> None:
    for viewer in (Viewer("s", Role.SECRETARY), Viewer("b", Role.BRANCH, unit_id="U01"), Viewer("a", Role.ANALYST)):
        with pytest.raises(AccessDenied, match=label("access.permission.edit_leaders")):
            leaders.save_leader(listed, viewer, LeaderEntry("王五", unit_ids=("U01",)))
        with pytest.raises(AccessDenied):
            leaders.remove_leader(listed, viewer, "王志刚")


def test_a_leader_account_sees_the_units_of_the_list_as_it_stands_at_each_page_run(listed: Store) -> None:
    clock = [datetime(2026, 11, 30, 9, 0)]
    accounts = Accounts(
        listed, hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1), clock=lambda: clock[0]
    )
    accounts.add_user(LOCAL_VIEWER, "wang", "leader-pass-1", "leader", leader="王志刚")
    login = accounts.login("wang", "leader-pass-1")
    assert login.session.viewer.unit_scope == ("U01", "U02", "U03")
    leaders.save_leader(listed, ASSESSOR, LeaderEntry("王志刚", "党工委书记", None, ("U04",)), replacing="王志刚")
    clock[0] += timedelta(seconds=5)
    session = accounts.session(login.token)
    assert session is not None and session.viewer.unit_scope == ("U04",)
    leaders.remove_leader(listed, ASSESSOR, "王志刚")
    session = accounts.session(login.token)
    assert session is not None and session.viewer.unit_scope == ()  # off the list: nothing to see


@pytest.mark.parametrize(
    ("role", "unit", "leader", "words"),
    [
        pytest.param("leader", None, None, "需要用 --leader 指定", id="leader-without-name"),
        pytest.param("leader", None, "无此人", "「无此人」不在班子成员联系点名册", id="leader-not-on-list"),
        pytest.param("analyst", None, "王志刚", "只有班子成员用户", id="leader-name-for-another-role"),
    ],
)
def test_a_leader_account_must_name_a_leader_on_the_list(
    listed: Store, role: str, unit: str | None, leader: str | None, words: str
) -> None:
    accounts = Accounts(listed, hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    with pytest.raises(AuthError, match=words):
        accounts.add_user(LOCAL_VIEWER, "someone", "leader-pass-1", role, unit_id=unit, leader=leader)


def test_a_changed_unit_code_follows_into_the_leaders_list(listed: Store) -> None:
    set_unit_code(listed, ASSESSOR, "U03", "CUN01")
    assert linked(listed, "王志刚") == {"U01": "link", "U02": "link", "CUN01": "department"}


def test_a_leader_with_no_units_sees_no_result_rows(demo_db_template: Path, tmp_path: Path) -> None:
    path = tmp_path / "kaohe.duckdb"
    shutil.copyfile(demo_db_template, path)
    with Store(path) as store:
        shown = results.view(store, Viewer("x", Role.LEADER, leader="无人"), parse_period("2025"))
    # Ranks stay out of every unit scored; the leader sees none of them.
    assert shown.score.units.empty and shown.score.lines.empty and shown.units_scored == 36


def test_accounts_made_before_schema_30_keep_working_after_it(tmp_path: Path) -> None:
    import duckdb

    from kaohe.queries import load_query
    from kaohe.store import schema_files

    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute(load_query("schema/000_migrations"))
    for version, name, file in schema_files():
        if 0 < version < 30:
            con.execute(file.read_text(encoding="utf-8"))
            con.execute(load_query("store/record_migration"), {"version": version, "name": name})
    con.execute(
        "insert into users (user_name, display_name, role, unit_id, password_hash, created_at, changed_at) "
        "values ('sq01', '一社区', 'branch', 'SQ01', 'x', now(), now()), "
        "('boss', '书记', 'secretary', null, 'y', now(), now())"
    )
    con.close()
    with Store(path) as store:
        rows = store.cursor().execute("select user_name, role, unit_id, leader from users order by 1").fetchall()
        assert rows == [("boss", "secretary", None, None), ("sq01", "branch", "SQ01", None)]
        with pytest.raises(Exception, match="CHECK"):
            store.cursor().execute(
                "insert into users (user_name, display_name, role, password_hash, created_at, changed_at) "
                "values ('w', 'w', 'leader', 'z', now(), now())"
            )
