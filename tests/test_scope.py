"""Row-level access in the overview, service trends and the explorer: a branch viewer reads only its
unit's rows.

Every expected number is read straight from the ledger tables with plain SQL filtered on the unit, never through
the queries under test. The pages are driven with AppTest through app.py, signed in as a branch user.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from argon2 import PasswordHasher
from streamlit.testing.v1 import AppTest

from kaohe import PROJECT_ROOT, explore, navigation, overview, trends, ui
from kaohe.access import LOCAL_VIEWER, PERMISSIONS, AccessDenied, Permission, Role, Viewer
from kaohe.auth import Accounts
from kaohe.labels import label
from kaohe.periods import parse_period
from kaohe.queries import QUERIES_DIR
from kaohe.sandbox import SqlResult
from kaohe.store import Store

pytest_plugins = ["fixtures_app"]

APP = str(PROJECT_ROOT / "app.py")
TIMEOUT = 60
PASSWORD = "scope-test-pass-1"
NO_COMMUNITY = "（无社区）"
PERIOD = parse_period("2025")
# SQ01 is a community branch with many rows; QY03 is a firm in another community that has no disputes at all.
UNITS = ("SQ01", "QY03")
ANALYST = Viewer("analyst", Role.ANALYST)
ADMIN = Viewer("admin", Role.ADMIN)
DATE_COLUMN = {
    "services": "service_date",
    "meetings": "meeting_date",
    "cases": "received_date",
    "disputes": "dispute_date",
}


def branch(unit: str) -> Viewer:
    return Viewer(f"branch-{unit.lower()}", Role.BRANCH, unit_id=unit)


@pytest.fixture(scope="module")
def scope_db(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database with a branch account for SQ01, an analyst and an assessor."""
    path = tmp_path_factory.mktemp("scope") / "kaohe.duckdb"
    shutil.copyfile(demo_db_template, path)
    with Store(path) as store:
        accounts = Accounts(store, hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
        accounts.add_user(LOCAL_VIEWER, "sq01", PASSWORD, Role.BRANCH, unit_id="SQ01")
        accounts.add_user(LOCAL_VIEWER, "analyst", PASSWORD, Role.ANALYST)
        accounts.add_user(LOCAL_VIEWER, "assessor", PASSWORD, Role.ASSESSOR)
    return path


@pytest.fixture(scope="module")
def store(scope_db: Path) -> Any:
    with Store(scope_db) as opened:
        yield opened


def plain(store: Store, sql: str, *params: Any) -> Any:
    """One value read with plain SQL, independent of the queries under test."""
    row = store.cursor().execute(sql, list(params)).fetchone()
    assert row is not None
    return row[0]


def unit_clause(viewer: Viewer) -> tuple[str, tuple[Any, ...]]:
    """The SQL condition and parameters that say which units `viewer` should see."""
    return ("unit_id = ?", (viewer.unit_id,)) if viewer.unit_scope else ("true", ())


VIEWERS = [pytest.param(branch(u), id=f"branch-{u}") for u in UNITS] + [pytest.param(ANALYST, id="analyst")]


# -- service trends ------------------------------------------------------------------------------------


@pytest.mark.parametrize("viewer", VIEWERS)
def test_trends_count_only_the_viewers_services(store: Store, viewer: Viewer) -> None:
    where, params = unit_clause(viewer)
    count = f"select count(*) from services where {where} and year(service_date) = ?"
    people = f"select coalesce(sum(people_served), 0) from services where {where} and year(service_date) = ?"
    services_2025, services_2024 = plain(store, count, *params, 2025), plain(store, count, *params, 2024)
    assert services_2025 > 0
    if viewer.unit_scope:
        assert services_2025 < plain(store, "select count(*) from services where year(service_date) = 2025")

    filters = trends.TrendFilters()
    totals = trends.totals(store, viewer, PERIOD, filters, NO_COMMUNITY)
    assert (totals.services, totals.people_served) == (services_2025, plain(store, people, *params, 2025))
    assert (totals.prior_services, totals.prior_people_served) == (services_2024, plain(store, people, *params, 2024))
    series = trends.series(store, viewer, PERIOD, filters, "week", "community", NO_COMMUNITY)
    assert series["services"].sum() == services_2025
    assert trends.calendar(store, viewer, PERIOD, filters, NO_COMMUNITY)["services"].sum() == services_2025
    for dimension in trends.BREAKDOWNS:
        assert trends.breakdown(store, viewer, PERIOD, filters, dimension, NO_COMMUNITY)["services"].sum() == (
            services_2025
        )
    yoy = trends.year_on_year(store, viewer, PERIOD, filters, NO_COMMUNITY)
    assert (yoy["services"].sum(), yoy["prior_services"].sum()) == (services_2025, services_2024)
    categories = plain(
        store, f"select list(distinct category) from services where {where} and year(service_date) = 2025", *params
    )
    assert set(trends.options(store, viewer, PERIOD, NO_COMMUNITY)["category"]) == set(categories)


def test_a_branch_viewer_filtering_on_another_community_gets_nothing(store: Store) -> None:
    other = plain(store, "select community from units where unit_id = 'SQ02'")
    assert other != plain(store, "select community from units where unit_id = 'SQ01'")
    filters = trends.TrendFilters(community=other)
    assert trends.totals(store, branch("SQ01"), PERIOD, filters, NO_COMMUNITY).services == 0
    assert trends.totals(store, ANALYST, PERIOD, filters, NO_COMMUNITY).services > 0
    options = trends.options(store, branch("SQ01"), PERIOD, NO_COMMUNITY)
    assert list(options["community"]) == ["陇海东路第一社区"] and list(options["kind"]) == ["社区"]
    assert options["unit"] == {"SQ01": plain(store, "select name from units where unit_id = 'SQ01'")}


# -- explorer ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("ledger", explore.EXPLORE_LEDGERS)
@pytest.mark.parametrize("viewer", VIEWERS)
def test_explorer_pivots_previews_and_pickers_hold_only_the_viewers_rows(
    store: Store, viewer: Viewer, ledger: str
) -> None:
    runner = store
    where, params = unit_clause(viewer)
    day = DATE_COLUMN[ledger]
    expected = plain(store, f"select count(*) from {ledger} where {where} and year({day}) = 2025", *params)
    in_period = (explore.period_filter(ledger, PERIOD),)

    result = explore.pivot(runner, viewer, explore.PivotSpec(ledger, "count", rows="unit_id", filters=in_period))
    assert (result.grand_total() or 0) == expected
    by_unit = result.cells[~result.cells.row_total & result.cells.col_total]
    if viewer.unit_scope:
        assert set(by_unit["row_key"]) <= {viewer.unit_id}
    else:
        assert len(by_unit) == plain(store, f"select count(distinct unit_id) from {ledger} where year({day}) = 2025")

    preview = explore.filtered_rows(runner, viewer, ledger, in_period, limit=5)
    assert len(preview) == min(expected, 5)
    if expected:
        assert int(preview["total_rows"].iloc[0]) == expected
    values = explore.distinct_values(runner, viewer, ledger, "unit_id")
    everywhere = plain(store, f"select count(distinct unit_id) from {ledger} where {where}", *params)
    assert len(values) == everywhere and (not viewer.unit_scope or set(values) <= {viewer.unit_id})
    low, high = explore.value_range(runner, viewer, ledger, day)
    assert (None if low is None else pd.Timestamp(low).date()) == plain(
        store, f"select min({day}) from {ledger} where {where}", *params
    )
    assert (None if high is None else pd.Timestamp(high).date()) == plain(
        store, f"select max({day}) from {ledger} where {where}", *params
    )


def test_a_branch_viewer_asking_for_another_unit_gets_nothing(store: Store) -> None:
    runner = store
    other = (explore.Filter("unit_id", "in", values=("SQ02",)),)
    spec = explore.PivotSpec("services", "count", filters=other)
    assert explore.pivot(runner, branch("SQ01"), spec).grand_total() in (None, 0)
    assert explore.filtered_rows(runner, branch("SQ01"), "services", other).empty
    assert explore.pivot(runner, ANALYST, spec).grand_total() == plain(
        store, "select count(*) from services where unit_id = 'SQ02'"
    )


def _sql_body(path: Path) -> str:
    return "\n".join(line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("--"))


def test_every_ledger_view_and_trends_query_binds_the_unit_scope() -> None:
    # A new trends query or ledger view without the scope would show a branch user every unit's rows.
    files = sorted((QUERIES_DIR / "trends").glob("*.sql")) + sorted((QUERIES_DIR / "explore" / "ledger").glob("*.sql"))
    assert len(files) >= 10
    for path in files:
        body = _sql_body(path)
        reads = re.findall(r"\bfrom (?:services|meetings|cases|disputes) as (\w+)", body)
        scopes = re.findall(
            r"cast\(\$unit_scope as varchar\[\]\) is null or list_contains\(\$unit_scope, (\w+)\.unit_id\)", body
        )
        # The trends queries read their services through the trends_services macro, the scope its third argument.
        macro_calls = re.findall(r"\btrends_services\(\s*([^,]+),\s*([^,]+),\s*([^,]+),", body)
        assert (reads or macro_calls) and scopes == reads, path.name
        assert all(call[2].strip() == "$unit_scope" for call in macro_calls), path.name


def test_the_trends_macro_binds_the_unit_scope_to_every_row() -> None:
    body = _sql_body(QUERIES_DIR / "schema" / "050_trends_services.sql")
    assert re.findall(r"\bfrom (?:services|meetings|cases|disputes) as (\w+)", body) == ["s"]
    assert "(cast(unit_scope as varchar[]) is null or list_contains(unit_scope, s.unit_id))" in body


# -- overview ------------------------------------------------------------------------------------------

LEDGER_TABLES = ("units", *DATE_COLUMN)


@pytest.mark.parametrize("viewer", VIEWERS)
def test_overview_headlines_and_monthly_chart_count_only_the_viewers_rows(store: Store, viewer: Viewer) -> None:
    where, params = unit_clause(viewer)

    def services(year: int) -> tuple[int, int]:
        sql = f"select count(*), coalesce(sum(people_served), 0) from services where {where} and year(service_date) = ?"
        row = store.cursor().execute(sql, [*params, year]).fetchone()
        assert row is not None
        return int(row[0]), int(row[1])

    def cases(year: int, kind: str) -> int:
        sql = f"select count(*) from cases where {where} and year(received_date) = ? and kind = ?"
        return int(plain(store, sql, *params, year, kind))

    heads = overview.headlines(store, viewer, PERIOD)
    expected = {
        "services": (services(2025)[0], services(2024)[0]),
        "people_served": (services(2025)[1], services(2024)[1]),
        "errands": (cases(2025, "代办"), cases(2024, "代办")),
        "deeds": (cases(2025, "实事"), cases(2024, "实事")),
    }
    assert {h.measure: (h.value, h.prior) for h in heads.all()} == expected
    if viewer.unit_scope:
        assert heads.services.value < overview.headlines(store, ANALYST, PERIOD).services.value

    monthly = overview.monthly_services(store, viewer, PERIOD)
    # The chart stops at the period's last month with services; a year earlier is compared up to that month.
    last_month = monthly["month"].max().month
    prior = f"select count(*) from services where {where} and year(service_date) = 2024 and month(service_date) <= ?"
    assert monthly["services"].sum() == services(2025)[0]
    assert monthly["prior_services"].sum() == plain(store, prior, *params, last_month)
    assert monthly["people_served"].sum() == services(2025)[1]


@pytest.mark.parametrize("viewer", VIEWERS)
def test_overview_freshness_counts_the_viewers_rows_and_hides_rejects_from_a_branch(
    store: Store, viewer: Viewer
) -> None:
    where, params = unit_clause(viewer)
    fresh = {f.ledger: f for f in overview.ledger_freshness(store, viewer)}
    assert list(fresh) == list(overview.LEDGERS)
    for ledger in LEDGER_TABLES:
        if viewer.unit_scope:
            rows = plain(store, f"select count(*) from {ledger} where {where}", *params)
            files = plain(store, f"select count(distinct import_id) from {ledger} where {where}", *params)
            assert fresh[ledger].rows_rejected is None, ledger
        else:
            rows = plain(store, "select coalesce(sum(rows_loaded), 0) from imports where ledger = ?", ledger)
            files = plain(store, "select count(*) from imports where ledger = ?", ledger)
            rejected = plain(
                store, "select count(*) from rejects join imports using (import_id) where ledger = ?", ledger
            )
            assert fresh[ledger].rows_rejected == rejected, ledger
        assert (fresh[ledger].rows_loaded, fresh[ledger].files) == (rows, files), ledger
        assert (fresh[ledger].last_import_at is None) is (files == 0), ledger
    if viewer.unit_scope:
        assert fresh["units"].rows_loaded == 1
        # The leaders list: the leaders whose 联系点 or 分包社区 name the unit.
        named = plain(
            store,
            "select count(*) from leaders where list_has_any(unit_ids || coalesce(community_ids, []), ?)",
            list(viewer.unit_scope),
        )
        assert named >= 1 and fresh["leaders"].rows_loaded == named


def test_the_import_log_and_rejects_are_refused_to_a_branch_viewer(store: Store) -> None:
    for read in (overview.import_history, overview.stored_rejects):
        with pytest.raises(AccessDenied, match="导入记录和退回行"):
            read(store, branch("SQ01"))
        with pytest.raises(AccessDenied, match=label("access.permission.view_data")):
            read(store, ADMIN)
    assert len(overview.import_history(store, ANALYST)) == plain(store, "select count(*) from imports")
    assert len(overview.stored_rejects(store, ANALYST)) == plain(store, "select count(*) from rejects")
    assert overview.sees_import_log(ANALYST) and not overview.sees_import_log(branch("SQ01"))


# data_years feeds the period picker of the app chrome: it reads years, not rows, for every viewer alike.
UNSCOPED_OVERVIEW_QUERIES = {"data_years.sql", "unit_count.sql", "import_history.sql", "stored_rejects.sql"}


def test_every_overview_query_reading_a_ledger_binds_the_unit_scope() -> None:
    files = sorted((QUERIES_DIR / "overview").glob("*.sql"))
    scoped = [path for path in files if path.name not in UNSCOPED_OVERVIEW_QUERIES]
    assert len(scoped) == 3
    for path in scoped:
        body = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("--"))
        reads = re.findall(r"\bfrom (?:services|meetings|cases|disputes) as (\w+)", body)
        scopes = re.findall(r"list_contains\(\$unit_scope, (\w+)\.unit_id\)", body)
        assert reads and set(reads) <= set(scopes), path.name


# -- refusals ------------------------------------------------------------------------------------------

NO_FILTERS = trends.TrendFilters()
READS: list[tuple[str, Callable[[Store, Viewer], Any]]] = [
    ("trends-options", lambda s, v: trends.options(s, v, PERIOD, NO_COMMUNITY)),
    ("trends-totals", lambda s, v: trends.totals(s, v, PERIOD, NO_FILTERS, NO_COMMUNITY)),
    ("trends-series", lambda s, v: trends.series(s, v, PERIOD, NO_FILTERS, "month", "category", NO_COMMUNITY)),
    ("trends-breakdown", lambda s, v: trends.breakdown(s, v, PERIOD, NO_FILTERS, "kind", NO_COMMUNITY)),
    ("trends-calendar", lambda s, v: trends.calendar(s, v, PERIOD, NO_FILTERS, NO_COMMUNITY)),
    ("trends-yoy", lambda s, v: trends.year_on_year(s, v, PERIOD, NO_FILTERS, NO_COMMUNITY)),
    ("explore-pivot", lambda s, v: explore.pivot(s, v, explore.PivotSpec("services"))),
    ("explore-rows", lambda s, v: explore.filtered_rows(s, v, "cases", ())),
    ("explore-values", lambda s, v: explore.distinct_values(s, v, "meetings", "unit_id")),
    ("explore-range", lambda s, v: explore.value_range(s, v, "disputes", "dispute_date")),
    ("overview-headlines", lambda s, v: overview.headlines(s, v, PERIOD)),
    ("overview-monthly", lambda s, v: overview.monthly_services(s, v, PERIOD)),
    ("overview-freshness", lambda s, v: overview.ledger_freshness(s, v)),
]


@pytest.mark.parametrize(("name", "read"), READS, ids=[name for name, _ in READS])
def test_a_viewer_without_view_data_is_refused(store: Store, name: str, read: Callable[[Store, Viewer], Any]) -> None:
    assert not ADMIN.can(Permission.VIEW_DATA)
    with pytest.raises(AccessDenied, match=label("access.permission.view_data")):
        read(store, ADMIN)
    read(store, branch("SQ01"))  # the same call with the right goes through


class RecordingConsole:
    """A console that records the statements it was asked to run."""

    def __init__(self) -> None:
        self.ran: list[str] = []

    def run(self, sql: str) -> SqlResult:
        self.ran.append(sql)
        return SqlResult(frame=pd.DataFrame({"n": [1]}), truncated=False, row_cap=10, seconds=0.0)


CONSOLE_CASES = [
    pytest.param(Viewer("analyst", Role.ANALYST), True, id="analyst"),
    pytest.param(Viewer("secretary", Role.SECRETARY), True, id="secretary"),
    pytest.param(LOCAL_VIEWER, True, id="local"),
    pytest.param(branch("SQ01"), False, id="branch"),
    pytest.param(Viewer("assessor", Role.ASSESSOR), False, id="assessor"),
    pytest.param(ADMIN, False, id="admin"),
]


@pytest.mark.parametrize(("viewer", "allowed"), CONSOLE_CASES)
def test_the_console_runs_only_for_viewers_with_the_console_right(viewer: Viewer, allowed: bool) -> None:
    console = RecordingConsole()
    if allowed:
        assert explore.run_console(console, viewer, "select 1").frame["n"].tolist() == [1]
        assert console.ran == ["select 1"]
    else:
        with pytest.raises(AccessDenied, match=label("access.permission.sql_console")):
            explore.run_console(console, viewer, "select * from services")
        assert console.ran == []


# -- the menu matches the permissions --------------------------------------------------------------------

PAGE_PERMISSION = [
    pytest.param("pages/import_ledgers.py", Permission.IMPORT, id="import"),
    pytest.param("pages/trends.py", Permission.VIEW_DATA, id="trends"),
    pytest.param("pages/explorer.py", Permission.VIEW_DATA, id="explorer"),
]


@pytest.mark.parametrize(("path", "permission"), PAGE_PERMISSION)
def test_the_page_is_listed_for_exactly_the_roles_with_its_permission(path: str, permission: Permission) -> None:
    (spec,) = [p for p in navigation.PAGES if p.path == path]
    assert spec.roles == {role.value for role, granted in PERMISSIONS.items() if permission in granted}


# -- the pages, signed in --------------------------------------------------------------------------------


@pytest.fixture
def scope_app(app_db: Any, scope_db: Path) -> Path:
    return app_db(scope_db)


def signed_in(user: str, page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["period"] = "2025"
    at.run()
    at.text_input(key="login_name").input(user)
    at.text_input(key="login_password").input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception, at.exception
    at.switch_page(str(PROJECT_ROOT / page)).run()
    assert not at.exception, at.exception
    return at


def test_a_branch_user_sees_its_units_services_on_the_trends_page(scope_app: Path, store: Store) -> None:
    at = signed_in("sq01", "pages/trends.py")
    assert at.main.title[0].value == "服务趋势"
    services = plain(store, "select count(*) from services where unit_id = 'SQ01' and year(service_date) = 2025")
    people = plain(
        store, "select sum(people_served) from services where unit_id = 'SQ01' and year(service_date) = 2025"
    )
    shown = {m.label: m.value for m in at.main.metric}
    assert shown["便民服务（次）"] == ui.fmt_count(services, "zh")
    assert shown["服务群众（人次）"] == ui.fmt_count(people, "zh")
    assert "仅含本支部（SQ01）的记录" in [c.value for c in at.main.caption]
    assert at.selectbox(key="trends_community").options == ["全部", "陇海东路第一社区"]


def decoded(values: Any) -> list[int]:
    """Plotly serialises numeric arrays as typed base64 blocks; turn either form into a list."""
    if isinstance(values, list):
        return [int(v) for v in values]
    return [int(v) for v in np.frombuffer(base64.b64decode(values["bdata"]), dtype=np.dtype(values["dtype"]))]


def test_a_branch_user_sees_its_units_numbers_on_the_overview(scope_app: Path, store: Store) -> None:
    at = signed_in("sq01", "pages/overview.py")
    assert at.main.title[0].value == "本支部总览"
    captions = [c.value for c in at.main.caption]
    assert "仅含本支部（SQ01）的记录" in captions

    def unit_sql(sql: str, year: int) -> int:
        return int(plain(store, sql + " and unit_id = 'SQ01'", year))

    services = "select count(*) from services where year(service_date) = ?"
    people = "select sum(people_served) from services where year(service_date) = ?"
    errands = "select count(*) from cases where kind = '代办' and year(received_date) = ?"
    shown = {m.label: m for m in at.main.metric}
    for caption, sql in (("便民服务（次）", services), ("服务群众（人次）", people), ("网格代办（件）", errands)):
        now, before = unit_sql(sql, 2025), unit_sql(sql, 2024)
        assert shown[caption].value == ui.fmt_count(now, "zh"), caption
        assert shown[caption].proto.delta == ui.fmt_change((now - before) / before), caption
    (monthly,) = [json.loads(c.proto.spec) for c in at.get("plotly_chart") if c.key == "overview_monthly_chart"]
    bars = next(trace for trace in monthly["data"] if trace["type"] == "bar")
    assert sum(decoded(bars["y"])) == unit_sql(services, 2025)

    (fresh,) = [d.value for d in at.main.dataframe if "已导入行数" in d.value.columns]
    assert "退回行数" not in fresh.columns
    loaded = dict(zip(fresh["台账"], fresh["已导入行数"], strict=True))
    assert loaded["便民服务"] == plain(store, "select count(*) from services where unit_id = 'SQ01'")
    assert loaded["党组织名册"] == 1
    assert any("导入记录和退回行由考核组管理" in c for c in captions)
    # Grades and the top and bottom five rank every unit: a branch user without published results sees none.
    assert not [table for table in at.main.table if "排名" in table.value.columns]
    assert not [chart for chart in at.get("plotly_chart") if chart.key == "overview_grades_chart"]


def test_a_branch_user_explores_only_its_units_rows_and_has_no_console(scope_app: Path, store: Store) -> None:
    at = signed_in("sq01", "pages/explorer.py")
    assert [tab.label for tab in at.main.tabs] == ["筛选与透视", "数据字典"]
    assert not at.text_area and "explore_run" not in {b.key for b in at.main.button}
    at.selectbox(key="explore_ledger").select("cases").run()
    at.selectbox(key="explore_rows").select("unit_id").run()
    assert not at.exception, at.exception
    table = at.main.dataframe[0].value.set_index(at.main.dataframe[0].value.columns[0])
    cases = plain(store, "select count(*) from cases where unit_id = 'SQ01' and year(received_date) = 2025")
    assert list(table.index) == ["SQ01", "合计"]
    assert int(table.loc["合计"].iloc[0]) == cases
    assert f"符合条件的记录：{cases:,} 条" in [c.value for c in at.main.caption]
    (preview,) = [d.value for d in at.main.dataframe if "受理日期" in d.value.columns]
    assert len(preview) == min(cases, explore.PREVIEW_ROWS) and set(preview["所属支部"]) == {"SQ01"}


@pytest.mark.parametrize(
    ("user", "console"), [pytest.param("analyst", True, id="analyst"), pytest.param("assessor", False, id="assessor")]
)
def test_the_console_tab_follows_the_console_right(scope_app: Path, store: Store, user: str, console: bool) -> None:
    at = signed_in(user, "pages/explorer.py")
    assert ("SQL 查询" in [tab.label for tab in at.main.tabs]) is console
    services = plain(store, "select count(*) from services where year(service_date) = 2025")
    table = at.main.dataframe[0].value
    assert int(table.set_index(table.columns[0]).loc["合计"].iloc[0]) == services


# -- the import page records who imported ----------------------------------------------------------------


def test_the_import_page_records_the_signed_in_user(
    app_db: Any, demo_db_template: Path, tmp_path: Path, facts_of: Any
) -> None:
    db = app_db(tmp_path / "kaohe.duckdb")
    shutil.copyfile(demo_db_template, db)
    with Store(db) as opened:
        Accounts(opened, hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)).add_user(
            LOCAL_VIEWER, "zhang", PASSWORD, Role.ASSESSOR
        )
    facts = facts_of(db)
    unit = facts.scalar("select name from units where unit_id = 'SQ01'")
    data = f"支部名称,服务日期,服务类别,服务内容,服务人数\n{unit},{date(2025, 3, 5)},医疗义诊,导入人测试,12\n".encode()
    at = signed_in("zhang", "pages/import_ledgers.py")
    at.file_uploader(key="import_files").set_value([("导入人.csv", data, "text/csv")]).run()
    at.button(key="import_submit").click().run()
    assert not at.exception, at.exception
    assert {m.label: m.value for m in at.main.metric}["已导入"] == "1"
    assert facts.scalar("select imported_by from imports where file_name = '导入人.csv'") == "zhang"
    assert facts.scalar("select who from audit_log where action = 'import' and target = '导入人.csv'") == "zhang"
    history = next(d.value for d in at.main.dataframe if "操作人" in d.value.columns)
    assert history["文件名"].iloc[0] == "导入人.csv" and history["操作人"].iloc[0] == "zhang"


@pytest.mark.parametrize(
    ("user", "link"),
    [
        pytest.param("sq01", False, id="branch"),
        pytest.param("analyst", False, id="analyst"),
        pytest.param("assessor", True, id="assessor"),
    ],
)
def test_a_period_without_services_offers_the_import_page_only_to_those_who_may_import(
    scope_app: Path, user: str, link: bool
) -> None:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["period"] = "2023"
    at.run()
    at.text_input(key="login_name").input(user)
    at.text_input(key="login_password").input(PASSWORD)
    at.button[0].click().run()
    at.switch_page(str(PROJECT_ROOT / "pages" / "trends.py")).run()
    assert not at.exception, at.exception
    assert not at.main.error, [e.value for e in at.main.error]
    assert "2023 年还没有便民服务记录" in at.main.info[-1].value
    links = [element.proto.page for element in at.main.get("page_link")]
    assert links == (["import_ledgers"] if link else []), links  # the url_path of the import page
