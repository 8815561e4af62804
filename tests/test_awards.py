"""评优评先: the scheme's [awards] applied to the demo's 2025, and the assessors' confirmation.

Expected lists come from the published ranking read with plain SQL and the numbers the scheme declares.
"""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from kaohe import awards
from kaohe.access import AccessDenied, Role, Viewer
from kaohe.awards import AwardsError, Decision
from kaohe.labels import label
from kaohe.periods import parse_period
from kaohe.publish import publish
from kaohe.store import Store

pytest_plugins = ["fixtures_app"]

PERIOD = parse_period("2025")
SECRETARY = Viewer("shuji", Role.SECRETARY)
ASSESSOR = Viewer("kaohezu", Role.ASSESSOR)
VETOED = "QY04"


@pytest.fixture
def store(demo_db_template: Path, tmp_path: Path) -> Iterator[Store]:
    path = tmp_path / "kaohe.duckdb"
    shutil.copyfile(demo_db_template, path)
    with Store(path) as opened:
        yield opened


def ranking(store: Store) -> list[tuple[Any, ...]]:
    """(unit_id, grade, vetoed) of the publication in force, best first."""
    return (
        store.cursor()
        .execute(
            "select u.unit_id, u.grade, u.vetoed from published_units as u join published_results_current as p "
            "using (publication_id) where p.period = '2025' order by u.rank, u.unit"
        )
        .fetchall()
    )


def statuses(listed: awards.AwardList) -> dict[str, str]:
    return dict(zip(listed.units["unit_id"], listed.units["status"], strict=True))


def test_before_publication_the_list_is_a_preview_of_the_live_result_that_cannot_be_confirmed(store: Store) -> None:
    listed = awards.award_list(store, ASSESSOR, PERIOD)
    assert listed.publication is None and not listed.confirmed
    assert awards.summary(listed) == {"recommended": 5, "eligible": 26, "ineligible": 5}
    with pytest.raises(AwardsError, match="尚未发布"):
        awards.confirm(store, ASSESSOR, PERIOD, awards.proposed_decisions(listed))


def test_the_proposal_follows_the_scheme_grade_by_grade(store: Store) -> None:
    publish(store, SECRETARY, PERIOD)
    listed = awards.award_list(store, ASSESSOR, PERIOD)
    order = ranking(store)
    excellent = [u for u, grade, vetoed in order if grade == "优秀" and not vetoed]
    assert len(excellent) == 7  # the quota on 优秀 is 20% of 36
    shown = statuses(listed)
    assert [u for u in excellent if shown[u] == "recommended"] == excellent[:5]  # quota = 5, best first
    assert {shown[u] for u in excellent[5:]} == {"eligible"}
    assert {u for u, grade, vetoed in order if grade == "不合格" or vetoed} == {
        u for u, s in shown.items() if s == "ineligible"
    }
    reasons = dict(zip(listed.units["unit_id"], listed.units["reason"], strict=True))
    assert reasons[VETOED].startswith("一票否决（重大安全责任事故")
    assert reasons[excellent[5]].endswith("推荐名额（5 个）已满，保留评优资格")
    assert reasons[excellent[0]] == "考核等次优秀，总分 96.50，第 1 名 / 共 36 个"


def test_confirming_records_each_decision_with_its_reason_once_and_audits_it(store: Store) -> None:
    publish(store, SECRETARY, PERIOD)
    listed = awards.award_list(store, ASSESSOR, PERIOD)
    assert awards.confirm(store, ASSESSOR, PERIOD, awards.proposed_decisions(listed)) == 36
    again = awards.award_list(store, ASSESSOR, PERIOD)
    assert again.confirmed and again.confirmed_by is not None and again.confirmed_by[0] == "kaohezu"
    # Confirming the same list again changes nothing and logs nothing.
    assert awards.confirm(store, ASSESSOR, PERIOD, awards.proposed_decisions(again)) == 0
    fifth = again.of("recommended")["unit_id"].iloc[4]
    sixth = again.units[again.units["proposed_reason"].str.contains("已满")]["unit_id"].iloc[0]
    edits = {fifth: ("eligible", "书记岗位调整，本年度不再推荐"), sixth: ("recommended", "替补推荐：服务群众成效突出")}
    assert awards.confirm(store, ASSESSOR, PERIOD, awards.proposed_decisions(awards.edited(again, edits))) == 2
    now = statuses(awards.award_list(store, ASSESSOR, PERIOD))
    assert (now[fifth], now[sixth]) == ("eligible", "recommended")
    log = (
        store.cursor()
        .execute("select target, before, after from audit_log where action = 'awards.confirm' order by audit_id")
        .fetchall()
    )
    assert len(log) == 38
    before, after = json.loads(log[-2][1]), json.loads(log[-2][2])
    assert before["status"] == "recommended" and after == {
        "status": "eligible",
        "reason": "书记岗位调整，本年度不再推荐",
        "publication_id": 1,
    }


def refused(listed: awards.AwardList, edits: dict[str, tuple[str, str]]) -> list[Decision]:
    return awards.proposed_decisions(awards.edited(listed, edits))


REFUSALS: list[Any] = [
    pytest.param(lambda ls: refused(ls, {VETOED: ("eligible", "已整改")}), "按评分办法应取消评优资格", id="veto-stays"),
    pytest.param(
        lambda ls: refused(ls, {ls.of("eligible")["unit_id"].iloc[-1]: ("recommended", "表现好")}),
        "按评分办法不能推荐",
        id="grade-not-recommended",
    ),
    pytest.param(
        lambda ls: refused(ls, {ls.of("eligible")["unit_id"].iloc[0]: ("recommended", "表现好")}),
        "推荐了 6 个党组织，超过评分办法规定的名额 5 个",
        id="over-quota",
    ),
    pytest.param(
        lambda ls: refused(ls, {"SQ01": ("recommended", "  ")}), "请填写「陇海东路第一社区」的理由", id="no-reason"
    ),
    pytest.param(lambda ls: awards.proposed_decisions(ls)[1:], "以下党组织还没有结论", id="incomplete"),
    pytest.param(lambda ls: refused(ls, {"SQ01": ("excellent", "x")}), "无效", id="unknown-status"),
]


@pytest.mark.parametrize(("decisions", "words"), REFUSALS)
def test_a_list_the_rule_does_not_allow_is_refused_in_words_and_nothing_is_written(
    store: Store, decisions: Any, words: str
) -> None:
    publish(store, SECRETARY, PERIOD)
    listed = awards.award_list(store, ASSESSOR, PERIOD)
    with pytest.raises(AwardsError, match=words):
        awards.confirm(store, ASSESSOR, PERIOD, decisions(listed))
    assert store.cursor().execute("select count(*) from award_decisions").fetchone() == (0,)
    assert store.cursor().execute("select count(*) from audit_log where action = 'awards.confirm'").fetchone() == (0,)


def test_a_republished_period_asks_for_a_new_confirmation(store: Store) -> None:
    publish(store, SECRETARY, PERIOD)
    listed = awards.award_list(store, ASSESSOR, PERIOD)
    awards.confirm(store, ASSESSOR, PERIOD, awards.proposed_decisions(listed))
    store.cursor().execute(
        "insert into adjustments (period, unit_id, type, category, level, reason, entered_by) "
        "values ('2025', 'SQ03', 'bonus', '荣誉表彰', '省级', '省级先进', 'test')"
    )
    publish(store, SECRETARY, PERIOD, note="加分更正")
    again = awards.award_list(store, ASSESSOR, PERIOD)
    assert not again.confirmed and again.stale and again.publication is not None and again.publication.revision == 2


def test_only_assessors_confirm_and_only_viewers_of_scores_read(store: Store) -> None:
    publish(store, SECRETARY, PERIOD)
    listed = awards.award_list(store, SECRETARY, PERIOD)  # the secretary reads the list
    with pytest.raises(AccessDenied, match=label("access.permission.confirm_awards")):
        awards.confirm(store, SECRETARY, PERIOD, awards.proposed_decisions(listed))
    with pytest.raises(AccessDenied, match=label("access.permission.view_scores")):
        awards.award_list(store, Viewer("b", Role.BRANCH, unit_id="SQ01"), PERIOD)


def test_the_xlsx_holds_the_list_as_people_read_it(store: Store) -> None:
    publish(store, SECRETARY, PERIOD)
    listed = awards.award_list(store, ASSESSOR, PERIOD)
    book = openpyxl.load_workbook(io.BytesIO(awards.workbook(listed)))
    sheet = book["评优评先名单"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("排名", "党组织", "类型", "总分", "等次", "评优结论", "理由")
    assert rows[1][:6] == ("第 1 名 / 共 36 个", "康乐养老服务中心党支部", "社会组织", "96.50", "优秀", "推荐")
    assert sum(1 for row in rows[1:] if row[5] == "取消评优资格") == 5
    assert awards.file_name(listed) == "评优评先名单_2025.xlsx"


def test_a_scheme_without_awards_says_so(store: Store, tmp_path: Path) -> None:
    import tomllib

    from kaohe import PROJECT_ROOT
    from kaohe.scheme import parse_scheme

    data = tomllib.loads((PROJECT_ROOT / "data" / "schemes" / "2025.toml").read_text(encoding="utf-8"))
    del data["awards"]
    data["scheme"]["version"] = 2
    from kaohe import workflow

    workflow.adopt_scheme(store, ASSESSOR, parse_scheme(data, "no_awards.toml"))
    workflow.activate(store, ASSESSOR, "2025", 2)
    with pytest.raises(AwardsError, match="没有规定评优评先办法"):
        awards.award_list(store, ASSESSOR, PERIOD)
