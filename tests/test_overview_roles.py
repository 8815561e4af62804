"""The overview as each role reads it (AppTest through app.py, signed in): a branch user's own card first
(本支部), hints and menu names worded for the role that reads them, and pace alerts that open to their indicators
and on to the unit's scorecard.

Expected figures come from the engine run outside the app (kaohe.scoring, kaohe.pace) or from plain SQL.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from streamlit.testing.v1 import AppTest

from kaohe import PROJECT_ROOT, own_unit, rectification, results, ui
from kaohe.access import LOCAL_VIEWER, Role, Viewer
from kaohe.auth import Accounts
from kaohe.pace import period_pace
from kaohe.periods import parse_period
from kaohe.publish import publish
from kaohe.scheme import load_scheme, scheme_for_period
from kaohe.scoring import ScoreResult, score_period
from kaohe.store import Store

pytest_plugins = ["fixtures_app"]

APP = str(PROJECT_ROOT / "app.py")
TIMEOUT = 90
PASSWORD = "overview-roles-pass-1"
BRANCH = "SQ08"  # graded 不合格 in 2025, so its rectification items are issued
ACCOUNTS = [
    ("shuji", Role.SECRETARY, None),
    ("kaohezu", Role.ASSESSOR, None),
    ("fenxi", Role.ANALYST, None),
    ("sq08", Role.BRANCH, BRANCH),
]
IMPORT_HINT = "2023 年还没有导入便民服务台账，请到「台账导入」页面导入"
ASK_HINT = "2023 年还没有导入便民服务台账，请联系考核组导入台账"


@pytest.fixture(scope="module")
def db(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo with 2025 published, its rectification items issued, and the accounts above."""
    path = tmp_path_factory.mktemp("overview_roles") / "kaohe.duckdb"
    shutil.copyfile(demo_db_template, path)
    with Store(path) as store:
        accounts = Accounts(store, hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
        for name, role, unit in ACCOUNTS:
            accounts.add_user(LOCAL_VIEWER, name, PASSWORD, role, unit_id=unit)
        publish(store, Viewer("shuji", Role.SECRETARY), parse_period("2025"))
        assessor = Viewer("kaohezu", Role.ASSESSOR)
        drafted = rectification.drafts(store, assessor, parse_period("2025"), today=date(2026, 1, 10))
        rectification.create(store, assessor, parse_period("2025"), drafted)
    return path


@pytest.fixture(scope="module")
def scores(db: Path) -> dict[str, ScoreResult]:
    """2025 whole and 2026 up to its ledgers' last day, scored by the engine outside the app."""
    out = {}
    with Store(db) as store:
        for code in ("2025", "2026"):
            period = parse_period(code)
            scheme = load_scheme(scheme_for_period(period))
            out[code] = score_period(store, period, scheme, results.default_cutoff(store, period))
    return out


@pytest.fixture
def app(app_db: Any, db: Path) -> Path:
    ui._store_for.clear()
    ui._accounts_for.clear()
    return app_db(db)  # type: ignore[no-any-return]


def signed_in(user: str, period: str) -> AppTest:
    """The app opened on the overview with ?period=, `user` signed in through the form."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["period"] = period
    at.run()
    at.text_input(key="login_name").input(user)
    at.text_input(key="login_password").input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert not at.main.error, [e.value for e in at.main.error]
    return at


def plain(db: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with Store(db) as store:
        return store.cursor().execute(sql, list(params)).fetchall()


def tables(at: AppTest, *columns: str) -> list[Any]:
    """The static tables (st.table) holding these columns."""
    return [t.value for t in at.main.table if set(columns) <= set(t.value.columns)]


def markdown(at: AppTest) -> list[str]:
    return [m.value for m in at.main.markdown]


def amount(value: float, sign: bool = False) -> str:
    text = f"{value:+,.1f}" if sign else f"{value:,.1f}"
    return text.removesuffix(".0")


# -- 本支部: a branch user's own card -----------------------------------------------------------------------------


def test_a_branch_user_reads_its_own_standing_first(app: Path, scores: dict[str, ScoreResult]) -> None:
    at = signed_in("sq08", "2025")
    name = plain(app, "select name from units where unit_id = ?", BRANCH)[0][0]
    assert at.main.title[0].value == "本支部总览"
    heading = f"#### 本支部：{ui.escape_markdown(name)}"
    elements = [getattr(e, "value", None) for e in at.main]
    first_headline = next(i for i, e in enumerate(at.main) if getattr(e, "label", None) == "便民服务（次）")
    assert elements.index(heading) < first_headline  # the card comes first

    unit = scores["2025"].units.set_index("unit_id").loc[BRANCH]
    metrics = {m.label: m for m in at.main.metric}
    # Ranked out of every unit, though the branch sees its own row only.
    assert metrics["排名（共 36 个）"].value == str(unit["rank"])
    assert metrics["总分"].value == ui.fmt_score(unit["total"])
    assert metrics["等次"].value == unit["grade"] == "不合格"
    assert any(c.value.startswith(":material/verified:") for c in at.main.caption)  # the publication, and says so
    assert not any("尚未公布" in c.value for c in at.main.caption)

    # The three indicators that lost most weighted points, most first.
    lines = scores["2025"].lines[scores["2025"].lines["unit_id"] == BRANCH]
    lost = (lines["weighted_max"] - lines["weighted_points"]).round(2)
    worst = lines.assign(lost=lost).sort_values(["lost", "indicator_id"], ascending=[False, True]).head(3)
    expected = "\n".join(
        f"{n}. {ui.escape_markdown(row.indicator)}：失 {ui.fmt_score(row.lost)} 分"
        f"（满分 {ui.fmt_score(row.weighted_max)} 分）"
        for n, row in enumerate(worst.itertuples(), start=1)
    )
    assert expected in markdown(at)
    assert len(worst) == 3 and (worst["lost"] > 0).all()

    # This year's pace of its count targets, indicator by indicator.
    with Store(app) as store:
        year = parse_period("2026")
        pace = results.progress(
            store, Viewer("sq08", Role.BRANCH, unit_id=BRANCH), year, results.default_cutoff(store, year)
        )
    assert pace is not None
    (shown_pace,) = tables(at, "指标", "差额")
    unit_lines = pace.unit_lines(BRANCH)
    assert shown_pace["指标"].tolist() == [ui.escape_markdown(i) for i in unit_lines["indicator"]]
    assert shown_pace["差额"].tolist() == [amount(v, sign=True) for v in unit_lines["gap"]]
    assert "**2026 年进度（截至 2026-10-31）**" in markdown(at)

    # Its rectification items still open.
    open_items = plain(
        app, "select count(*) from rectification_items_current where unit_id = ? and status <> 'closed'", BRANCH
    )[0][0]
    assert open_items > 0
    assert f"**未销号的整改事项（{open_items} 项）**" in markdown(at)
    (items,) = tables(at, "整改期限")
    assert len(items) == open_items


def test_while_the_year_is_unpublished_the_branch_sees_the_last_publication_named_as_such(
    app: Path, scores: dict[str, ScoreResult]
) -> None:
    at = signed_in("sq08", "2026")
    assert "2026 年的考核结果尚未公布，下面是已公布的 2025 年结果。" in [c.value for c in at.main.caption]
    unit = scores["2025"].units.set_index("unit_id").loc[BRANCH]
    assert {m.label: m.value for m in at.main.metric}["总分"] == ui.fmt_score(unit["total"])


def test_before_any_publication_the_card_says_so(app: Path) -> None:
    at = signed_in("sq08", "2024")
    assert "2024 年的考核结果尚未公布，公布后这里显示本支部的排名和等次。" in [i.value for i in at.main.info]
    assert "排名（共 36 个）" not in [m.label for m in at.main.metric]


def test_the_card_is_the_branchs_own_only() -> None:
    with pytest.raises(ValueError, match="no branch"):
        own_unit.own_unit(None, LOCAL_VIEWER, parse_period("2025"), None, None)  # type: ignore[arg-type]


# -- messages and menu names worded for the role that reads them -------------------------------------------------


@pytest.mark.parametrize(
    ("user", "hint", "link"),
    [
        pytest.param("shuji", ASK_HINT, False, id="secretary"),
        pytest.param("fenxi", ASK_HINT, False, id="analyst"),
        pytest.param("kaohezu", IMPORT_HINT, True, id="assessor"),
    ],
)
def test_an_empty_year_tells_each_role_what_it_can_do(app: Path, user: str, hint: str, link: bool) -> None:
    at = signed_in(user, "2023")
    assert hint in [i.value for i in at.main.info]
    links = [element.proto.page for element in at.main.get("page_link")]
    assert ("import_ledgers" in links) is link, links


def test_rejected_rows_are_the_assessors_business_for_the_secretary(app: Path) -> None:
    captions = [c.value for c in signed_in("shuji", "2025").main.caption]
    assert any(c.endswith("行因数据有误被退回，由考核组核对后重新导入。") for c in captions), captions
    assert not any("「台账导入」" in c for c in captions)


@pytest.mark.parametrize(
    ("role", "section", "overview"),
    [
        pytest.param("secretary", "书记看板", "总览", id="secretary"),
        pytest.param("local", "书记看板", "总览", id="demo"),
        pytest.param("assessor", "综合看板", "总览", id="assessor"),
        pytest.param("analyst", "综合看板", "总览", id="analyst"),
        pytest.param("leader", "综合看板", "总览", id="leader"),
        pytest.param("branch", "本支部", "本支部总览", id="branch"),
    ],
)
def test_the_menu_names_the_first_section_for_what_each_role_sees(
    monkeypatch: pytest.MonkeyPatch, role: str, section: str, overview: str
) -> None:
    monkeypatch.setattr(ui, "lang", lambda: "zh")
    assert ui.role_label("page.group.secretary", role) == section
    assert ui.role_label("page.overview", role) == overview


def test_a_branch_users_menu_names_its_home_page(app: Path) -> None:
    at = signed_in("sq08", "2025")
    titles = {Path(str(info["script_path"])).name: info.get("page_name") for info in at._registered_pages.values()}
    assert titles["overview.py"] == "本支部总览"


# -- pace alerts open to each indicator and on to the unit's card -------------------------------------------------


def test_pace_alerts_open_to_expected_actual_and_gap_and_link_to_the_card(
    app: Path, scores: dict[str, ScoreResult]
) -> None:
    pace = period_pace(scores["2026"], LOCAL_VIEWER)
    worst = pace.behind().iloc[0]
    at = signed_in("shuji", "2026")
    assert at.selectbox(key="overview_pace_unit").value is None
    assert not tables(at, "指标", "差额")  # nothing opened yet
    at.selectbox(key="overview_pace_unit").select(worst["unit_id"]).run()
    assert not at.exception, at.exception
    (details,) = tables(at, "指标", "差额")
    lines = pace.unit_lines(worst["unit_id"])
    assert list(details.columns) == ["指标", "目标", "应完成", "实际", "差额", "进度"]
    assert details["指标"].tolist() == [ui.escape_markdown(i) for i in lines["indicator"]]
    assert details["应完成"].tolist() == [amount(v) for v in lines["expected"]]
    assert details["实际"].tolist() == [amount(v) for v in lines["actual"]]
    gaps = [a - e for a, e in zip(lines["actual"], lines["expected"], strict=True)]
    assert details["差额"].tolist() == [amount(g, sign=True) for g in gaps]
    assert details["进度"].iloc[0] == "预警" and (lines["gap"].iloc[0] < 0)
    (link,) = [p.proto for p in at.main.get("page_link") if p.proto.page == "scorecard" and p.proto.query_string]
    assert link.query_string == f"unit={worst['unit_id']}"
    assert link.label == f"打开「{worst['unit']}」的考核评分"


def test_a_link_naming_a_unit_opens_its_card_even_after_another_was_open(app: Path) -> None:
    at = signed_in("shuji", "2026")
    at.switch_page(str(PROJECT_ROOT / "pages" / "scorecard.py")).run()
    at.selectbox(key="scorecard_unit").select("SQ01").run()
    assert at.main.header[0].value.endswith("（SQ01）")
    # The overview's link: the scorecard page with ?unit= in the URL.
    at.switch_page(str(PROJECT_ROOT / "pages" / "overview.py")).run()
    at.query_params["unit"] = "JG05"
    at.switch_page(str(PROJECT_ROOT / "pages" / "scorecard.py")).run()
    assert not at.exception, at.exception
    assert at.main.header[0].value == "民政科党支部（JG05）"
    # Picking another unit by hand afterwards is not overruled by the link still in the URL.
    at.selectbox(key="scorecard_unit").select("SQ06").run()
    assert at.main.header[0].value.endswith("（SQ06）")
    assert at.query_params["unit"] in ("SQ06", ["SQ06"])
