"""AppTest tests of the assessors' aids on the pages: a unit's flags and stability on the scorecard, the review
workflow (a click writes one review and one audit entry; drawing a page writes nothing), the overview's list of units
with unreviewed flags, and what each role is shown.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from conftest import sign_in_app
from streamlit.testing.v1 import AppTest
from test_scorecard_pages import open_page, table

from kaohe import PROJECT_ROOT, checks, results, ui
from kaohe.access import LOCAL_VIEWER, Role
from kaohe.auth import Accounts
from kaohe.periods import parse_period
from kaohe.store import Store

pytest_plugins = ["fixtures_app"]

APP = str(PROJECT_ROOT / "app.py")
TIMEOUT = 60
PASSWORD = "aids-test-pass-1"
SQ08_FORM = "scorecard_review_SQ08_burst_0"


@pytest.fixture
def db(fresh_demo_db: Path, app_db: Any) -> Path:
    """A private copy of the demo database (the review tests write to it), the app pointed at it."""
    return Path(app_db(fresh_demo_db))


def counts(path: Path) -> tuple[int, int]:
    """(reviews, audit entries) in the database."""
    with Store(path) as store:
        cur = store.cursor()
        reviews = cur.execute("select count(*) from check_reviews").fetchone()
        entries = cur.execute("select count(*) from audit_log where action = 'check.review'").fetchone()
    assert reviews is not None and entries is not None
    return int(reviews[0]), int(entries[0])


def texts(at: AppTest) -> list[str]:
    return [m.value for m in at.main.markdown]


def ranking(at: AppTest) -> Any:
    return table(at, "排名")


# -- the scorecard ----------------------------------------------------------------------------------------------


def test_a_units_card_shows_its_flags_and_its_grade_stability(db: Path) -> None:
    at = open_page("pages/scorecard.py", unit="SQ08")
    assert [s.value for s in at.main.subheader if s.value in ("等次稳定性", "台账可信度")] == [
        "等次稳定性",
        "台账可信度",
    ]
    metrics = {m.label: m.value for m in at.main.metric}
    with Store(db) as store:
        view = results.view(store, LOCAL_VIEWER, parse_period("2025"))
        row = results.grade_stability(store, LOCAL_VIEWER, view).set_index("unit_id").loc["SQ08"]
    assert metrics["等次稳定性"] == {"stable": "稳定", "borderline": "临界"}[row["status"]]
    assert metrics["保持原等次的比例"] == f"{100 * row['kept_share']:.1f}%"
    assert metrics[f"距{row['boundary_grade']}线（{row['boundary']:g} 分）"] == f"{row['boundary_margin']:+.2f}"
    assert any("未核实" in t and "期末集中登记" in t for t in texts(at))
    assert any("为民办实事：考核期最后 28 天登记 67 条" in t for t in texts(at))
    # The flag's rows come before the lineage further down, which starts with the same columns.
    rows = next(d.value for d in at.main.dataframe if list(d.value.columns)[:3] == ["来源文件", "原表行号", "日期"])
    assert len(rows) == 67 and "内容" in rows.columns
    table = ranking(at).set_index("编号")
    assert table.loc["SQ08", "待核实疑点"] == 1 and table.loc["SQ01", "待核实疑点"] == 0
    assert set(table["等次稳定性"]) == {"稳定", "临界"}


def test_drawing_the_pages_writes_nothing(db: Path) -> None:
    before = counts(db)
    for page, params in (("pages/scorecard.py", {"unit": "SQ02"}), ("pages/overview.py", {}), ("pages/publish.py", {})):
        at = open_page(page, **params)
        at.run()
        assert not at.exception
    assert counts(db) == before == (0, 0)


def test_a_review_is_saved_on_a_click_and_shown(db: Path) -> None:
    at = open_page("pages/scorecard.py", unit="SQ08")
    at.radio(key=f"{SQ08_FORM}_verdict").set_value("rectify")
    at.text_area(key=f"{SQ08_FORM}_note").input("12月集中补录实事 60 余件，责成支部按实际日期重新登记")
    at.button(key=f"{SQ08_FORM}_save").click().run()
    assert not at.exception, at.exception
    assert [s.value for s in at.main.success] == ["已保存「期末集中登记」的核实结果。"]
    assert counts(db) == (1, 1)
    assert any("需整改" in t and "期末集中登记" in t for t in texts(at))
    assert any("12月集中补录实事" in c.value and "本机用户" in c.value for c in at.main.caption)
    assert at.text_area(key=f"{SQ08_FORM}_note").value == ""
    assert ranking(at).set_index("编号").loc["SQ08", "待核实疑点"] == 0
    with Store(db) as store:
        entry = store.cursor().execute("select who, target, after from audit_log where action = 'check.review'").df()
    assert (entry["who"].item(), entry["target"].item()) == ("local", "2025 SQ08 burst deeds")
    assert json.loads(entry["after"].item())["verdict"] == "rectify"


@pytest.mark.parametrize(
    ("verdict", "note", "message"),
    [
        pytest.param(None, "核对过", "请选择核实结论：已核实或需整改。", id="no-verdict"),
        pytest.param("verified", "", "请填写核实说明：核对了什么、结论的依据或需整改的内容。", id="no-note"),
    ],
)
def test_an_incomplete_review_says_what_is_missing_and_writes_nothing(
    db: Path, verdict: str | None, note: str, message: str
) -> None:
    at = open_page("pages/scorecard.py", unit="SQ08")
    if verdict is not None:
        at.radio(key=f"{SQ08_FORM}_verdict").set_value(verdict)
    at.text_area(key=f"{SQ08_FORM}_note").input(note)
    at.button(key=f"{SQ08_FORM}_save").click().run()
    assert [e.value for e in at.main.error] == [message]
    assert counts(db) == (0, 0)
    assert any("未核实" in t and "期末集中登记" in t for t in texts(at))


def test_the_aids_speak_english_when_switched(db: Path) -> None:
    at = open_page("pages/scorecard.py", unit="SQ08", lang="en")
    assert {"Grade stability", "Ledger credibility"} <= {s.value for s in at.main.subheader}
    assert any("Not reviewed" in t and "Rows bunched before the deadline" in t for t in texts(at))
    assert any("67 of 198 rows" in t and "are dated in the last 28 days" in t for t in texts(at))
    assert {"Grade stability", "Flags to review"} <= set(table(at, "Rank").columns)
    assert at.button(key=f"{SQ08_FORM}_save").label == "Save the review"


def test_a_unit_without_flags_says_so(db: Path) -> None:
    at = open_page("pages/scorecard.py", unit="SQ01")
    assert "2025 年未发现本单位台账的疑点。" in [s.value for s in at.main.success]


# -- the overview and the publish page ----------------------------------------------------------------------------


def test_the_overview_lists_units_with_unreviewed_flags_until_they_are_reviewed(db: Path) -> None:
    at = open_page("pages/overview.py")
    listed = table(at, "党组织")
    assert listed["党组织"].tolist()[:2] == ["财政所党支部", "新郑里社区"]
    assert int(listed["未核实"].sum()) == 13 and len(listed) == 11
    assert "期末集中登记" in listed.set_index("党组织").loc["城东南路社区", "未核实的疑点"]
    with Store(db) as store:
        report = checks.report(store, LOCAL_VIEWER, parse_period("2025"))
        for flag in report.flags[report.flags["unit_id"] == "JG06"].to_dict("records"):
            item = checks.ReviewInput(
                "JG06", str(flag["check_id"]), str(flag["subject"]), str(flag["fingerprint"]), "verified", "核对属实"
            )
            checks.review(store, LOCAL_VIEWER, parse_period("2025"), item)
    at = open_page("pages/overview.py")
    listed = table(at, "党组织")
    assert "财政所党支部" not in listed["党组织"].tolist() and int(listed["未核实"].sum()) == 11
    publish = open_page("pages/publish.py")
    warning = [w.value for w in publish.main.warning if "疑点未核实" in w.value]
    assert len(warning) == 1 and "11 条疑点未核实" in warning[0] and "城东南路社区" in warning[0]


def test_a_year_without_flags_says_so_on_the_overview(db: Path) -> None:
    at = open_page("pages/overview.py", period="2024")
    assert "2024 年的台账检查没有发现疑点。" in [s.value for s in at.main.success]


# -- roles ------------------------------------------------------------------------------------------------------


@pytest.fixture
def with_accounts(fresh_demo_db: Path, app_db: Any) -> Iterator[Path]:
    with Store(fresh_demo_db) as store:
        made = Accounts(store, hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
        for role in (Role.SECRETARY, Role.ASSESSOR, Role.ANALYST):
            made.add_user(LOCAL_VIEWER, role.value, PASSWORD, role)
    yield Path(app_db(fresh_demo_db))


def signed_in_card(user: str) -> AppTest:
    at = sign_in_app(user, PASSWORD, TIMEOUT)
    # The app opens on the year under way; the flags to review are 2025's.
    at.selectbox(key=ui.period_key("zh")).select("2025").run()
    at.query_params["unit"] = "SQ08"
    at.switch_page("pages/scorecard.py").run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize(
    ("user", "flags", "form", "stability"),
    [
        pytest.param("assessor", True, True, True, id="assessor-reviews"),
        pytest.param("secretary", True, False, True, id="secretary-reads"),
        pytest.param("analyst", False, False, False, id="analyst-neither"),
    ],
)
def test_who_sees_the_aids_and_who_reviews(
    with_accounts: Path, user: str, flags: bool, form: bool, stability: bool
) -> None:
    at = signed_in_card(user)
    headings = [s.value for s in at.main.subheader]
    assert ("台账可信度" in headings) is flags
    assert ("等次稳定性" in headings) is stability
    assert bool([b for b in at.button if b.key == f"{SQ08_FORM}_save"]) is form
    if stability or flags:
        columns = list(ranking(at).columns)
        assert ("等次稳定性" in columns) is stability and ("待核实疑点" in columns) is flags
