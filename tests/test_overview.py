"""The overview's library and SQL on a small hand-made database, and the pure helpers the app chrome uses."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from kaohe import PROJECT_ROOT, navigation, overview, periods, ui
from kaohe.access import LOCAL_VIEWER
from kaohe.periods import parse_period
from kaohe.store import Store

pytest_plugins = ["fixtures_app"]

# (service_date, people_served): two on the edges of 2025, one in 2024, one in 2026.
SERVICES = [
    ("2024-03-10", 7),
    ("2024-12-31", 5),
    ("2025-01-01", 10),
    ("2025-01-20", 3),
    ("2025-04-02", 20),
    ("2025-12-31", 1),
    ("2026-01-01", 100),
]
# (received_date, kind)
CASES = [
    ("2024-06-01", "代办"),
    ("2025-02-01", "代办"),
    ("2025-02-02", "代办"),
    ("2025-03-01", "实事"),
    ("2025-12-31", "实事"),
    ("2026-01-01", "实事"),
]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "overview.duckdb") as store:
        with store.transaction() as cur:
            cur.execute("insert into units (unit_id, name, kind, members) values ('U1', '甲支部', '社区', 30)")
            cur.executemany(
                "insert into services values (?, 'U1', '义诊', ?, ?, 2, 1.5, '活动室', 's.csv', ?, 1)",
                [(d, f"服务{i}", n, i + 2) for i, (d, n) in enumerate(SERVICES)],
            )
            cur.executemany(
                "insert into cases values (?, null, 'U1', ?, '低保', ?, '已办结', '满意', 'c.csv', ?, 2)",
                [(d, k, f"事项{i}", i + 2) for i, (d, k) in enumerate(CASES)],
            )
        yield store


def test_headlines_count_rows_inside_the_half_open_period(store: Store) -> None:
    heads = overview.headlines(store, LOCAL_VIEWER, parse_period("2025"))
    assert [(h.measure, h.value, h.prior) for h in heads.all()] == [
        ("services", 4, 2),
        ("people_served", 34, 12),
        ("errands", 2, 1),
        ("deeds", 2, 0),
    ]
    assert heads.services.change == pytest.approx(1.0)
    assert heads.people_served.change == pytest.approx(34 / 12 - 1)
    assert heads.deeds.change is None  # a year earlier had cases, but no deeds: no ratio to show
    assert heads.missing_ledgers == ()


@pytest.mark.parametrize(
    ("code", "services", "has_services", "has_cases", "prior_services"),
    [
        pytest.param("2023", 0, False, False, None, id="year-without-data"),
        pytest.param("2024", 2, True, True, None, id="first-year-has-no-prior"),
        pytest.param("2025-Q1", 2, True, True, 1, id="quarter-against-2024-q1"),
        pytest.param("2025-04", 1, True, False, None, id="month-with-services-only"),
        pytest.param("2026", 1, True, True, 4, id="year-after"),
    ],
)
def test_headlines_per_period(
    store: Store, code: str, services: int, has_services: bool, has_cases: bool, prior_services: int | None
) -> None:
    heads = overview.headlines(store, LOCAL_VIEWER, parse_period(code))
    assert heads.services.value == services
    assert (heads.has_services, heads.has_cases) == (has_services, has_cases)
    assert heads.services.prior == prior_services


def test_missing_ledgers_name_what_to_import(store: Store) -> None:
    assert overview.headlines(store, LOCAL_VIEWER, parse_period("2023")).missing_ledgers == ("services", "cases")
    assert overview.headlines(store, LOCAL_VIEWER, parse_period("2025-04")).missing_ledgers == ("cases",)


def test_monthly_services_fills_gaps_and_stops_at_the_last_month_with_data(store: Store) -> None:
    frame = overview.monthly_services(store, LOCAL_VIEWER, parse_period("2025"))
    assert [m.month for m in frame["month"]] == list(range(1, 13))
    by_month = dict(zip((m.month for m in frame["month"]), frame["services"], strict=True))
    assert by_month == {1: 2, 2: 0, 3: 0, 4: 1, 5: 0, 6: 0, 7: 0, 8: 0, 9: 0, 10: 0, 11: 0, 12: 1}
    assert frame["services"].sum() == overview.headlines(store, LOCAL_VIEWER, parse_period("2025")).services.value
    assert frame.loc[frame["month"].dt.month == 3, "prior_services"].item() == 1
    assert frame.loc[frame["month"].dt.month == 12, "prior_services"].item() == 1

    half = overview.monthly_services(store, LOCAL_VIEWER, parse_period("2026-H1"))
    assert [m.month for m in half["month"]] == [1]  # no trailing months that have no data yet
    assert overview.monthly_services(store, LOCAL_VIEWER, parse_period("2023")).empty


def test_freshness_lists_every_ledger_and_counts_rejects(store: Store) -> None:
    with store.transaction() as cur:
        cur.execute(
            "insert into imports (file_name, sha256, ledger, rows_read, rows_loaded, rows_skipped, rows_duplicate,"
            " rows_rejected, imported_by) values ('s.csv', 'x', 'services', 9, 7, 0, 0, 2, 'local')"
        )
        cur.execute(
            "insert into rejects values (1, 's.csv', 5, '{}', '日期无法识别'), (1, 's.csv', 6, '{}', '未知支部')"
        )
    fresh = {f.ledger: f for f in overview.ledger_freshness(store, LOCAL_VIEWER)}
    assert list(fresh) == list(overview.LEDGERS)
    assert (fresh["services"].files, fresh["services"].rows_loaded, fresh["services"].rows_rejected) == (1, 7, 2)
    assert fresh["services"].last_import_at is not None
    assert (fresh["cases"].files, fresh["cases"].last_import_at) == (0, None)
    history = overview.import_history(store, LOCAL_VIEWER)
    assert history["file_name"].tolist() == ["s.csv"]
    stored = overview.stored_rejects(store, LOCAL_VIEWER)
    assert stored["source_row"].tolist() == [5, 6]
    assert (stored["file_name"] == "s.csv").all() and (stored["ledger"] == "services").all()


def test_data_years_and_unit_count(store: Store) -> None:
    assert overview.data_years(store) == (2024, 2025, 2026)
    assert overview.unit_count(store) == 1


@pytest.mark.parametrize(
    ("years", "today", "expected"),
    [
        pytest.param((2024, 2025, 2026), date(2026, 11, 28), "2026", id="the-year-under-way"),
        pytest.param((2024, 2025), date(2026, 1, 5), "2025", id="nothing-yet-this-year"),
        pytest.param((2026,), date(2026, 5, 1), "2026", id="only-the-current-year"),
        pytest.param((), date(2026, 5, 1), "2026", id="empty-database"),
        pytest.param((2020, 2021), date(2026, 5, 1), "2021", id="old-data-only"),
    ],
)
def test_default_period(years: tuple[int, ...], today: date, expected: str) -> None:
    assert overview.default_period(years, today) == expected


def test_year_choices_offer_the_year_before_the_data_and_this_year() -> None:
    assert overview.year_choices((2024, 2025), date(2026, 3, 1)) == (2026, 2025, 2024, 2023)
    assert overview.year_choices((), date(2026, 3, 1)) == (2026,)


@pytest.mark.parametrize(
    ("year", "today", "expected"),
    [
        pytest.param(2025, date(2026, 3, 1), periods.YEAR_PARTS, id="a-past-year-every-part"),
        pytest.param(2026, date(2026, 3, 1), ("", "H1", "Q1", "01", "02", "03"), id="this-year-begun-parts-only"),
        pytest.param(2026, date(2026, 11, 30), periods.YEAR_PARTS[:-1], id="december-still-to-come"),
    ],
)
def test_part_choices_are_the_parts_begun_by_today(year: int, today: date, expected: tuple[str, ...]) -> None:
    assert overview.part_choices(year, today) == expected
    assert len(periods.YEAR_PARTS) == 19  # the year, 2 halves, 4 quarters, 12 months


@pytest.mark.parametrize(
    ("code", "year", "part"),
    [
        pytest.param("2025", 2025, "", id="year"),
        pytest.param("2025-H2", 2025, "H2", id="half"),
        pytest.param("2025-Q3", 2025, "Q3", id="quarter"),
        pytest.param("2025-06", 2025, "06", id="month"),
    ],
)
def test_a_period_is_a_year_and_a_part_of_it(code: str, year: int, part: str) -> None:
    assert periods.year_and_part(code) == (year, part)
    assert periods.of_year(year, part) == periods.parse_period(code)


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        pytest.param(0, "zh", "0", id="zero"),
        pytest.param(1688, "zh", "1,688", id="thousands-grouped"),
        pytest.param(26190, "zh", "26,190", id="below-100k-stays-exact"),
        pytest.param(100_000, "zh", "10 万", id="100k-in-wan"),
        pytest.param(123_456, "zh", "12.3 万", id="wan-one-decimal"),
        pytest.param(250_000_000, "zh", "2.5 亿", id="yi"),
        pytest.param(123_456, "en", "123,456", id="english-grouped"),
    ],
)
def test_fmt_count(value: int, lang: str, expected: str) -> None:
    assert ui.fmt_count(value, lang) == expected


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param(None, None, id="nothing-to-compare"),
        pytest.param(0.0, "+0.0%", id="flat"),
        pytest.param(0.1234, "+12.3%", id="up"),
        pytest.param(-0.5, "-50.0%", id="down"),
    ],
)
def test_fmt_change(change: float | None, expected: str | None) -> None:
    assert ui.fmt_change(change) == expected


@pytest.mark.parametrize(
    ("code", "zh", "en"),
    [
        pytest.param("2023", "2023 年", "2023", id="year"),
        pytest.param("2025-H2", "2025 年下半年", "2025 H2", id="half"),
        pytest.param("2025-Q2", "2025 年第二季度", "2025 Q2", id="quarter"),
        pytest.param("2025-06", "2025 年 6 月", "2025-06", id="month"),
    ],
)
def test_period_label(code: str, zh: str, en: str) -> None:
    assert (ui.period_label(code, "zh"), ui.period_label(code, "en")) == (zh, en)


@pytest.mark.parametrize(
    ("role", "sees", "does_not_see"),
    [
        pytest.param("local", {"overview", "import_ledgers", "scorecard", "compare"}, set(), id="local-sees-all"),
        # Analysts open the scorecard too: it shows them published results only (tests/test_scorecard*.py).
        pytest.param("analyst", {"overview", "scorecard", "compare"}, {"import_ledgers"}, id="analyst-no-import"),
        pytest.param("branch", {"overview", "scorecard"}, {"import_ledgers"}, id="branch-own-scores"),
        pytest.param("admin", set(), {"overview", "scorecard", "compare"}, id="admin-no-data-pages"),
    ],
)
def test_pages_for_role(role: str, sees: set[str], does_not_see: set[str]) -> None:
    # Other pages come and go with other issues; these are the ones the overview and scorecard rely on.
    stems = [Path(p.path).stem for p in navigation.pages_for_role(role)]
    assert sees <= set(stems)
    assert not does_not_see & set(stems)
    assert stems == [Path(p.path).stem for p in navigation.PAGES if role in p.roles]  # menu order is the table's


def test_unknown_role_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown role"):
        navigation.pages_for_role("guest")


def test_every_page_file_exists_and_has_its_title_label() -> None:
    from kaohe.labels import LABELS

    root = Path(__file__).resolve().parent.parent
    for page in navigation.PAGES:
        assert (root / page.path).is_file(), page.path
        assert page.title_key in LABELS and page.section_key in LABELS


def test_cached_queries_never_outlive_a_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAOHE_DB", str(tmp_path / "cache.duckdb"))
    assert ui.run_query("overview/unit_count")["units"].item() == 0
    assert ui.run_query("overview/unit_count")["units"].item() == 0  # served from the cache
    with ui.get_store().transaction() as cur:
        cur.execute("insert into units (unit_id, name, kind, members) values ('U9', '乙支部', '村', 12)")
    assert ui.run_query("overview/unit_count")["units"].item() == 1
    ui.get_store().close()


# -- what the shown figures are: published, live or provisional ---------------------------------------------


@pytest.fixture
def demo_app(app_db: Any, demo_db: Path) -> Path:
    return app_db(demo_db)


def open_page(page: str, period: str) -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    at.query_params["period"] = period
    at.run()
    at.switch_page(str(PROJECT_ROOT / page)).run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("page", ["pages/overview.py", "pages/scorecard.py", "pages/compare.py"])
@pytest.mark.parametrize(
    ("period", "status"),
    [
        pytest.param(
            "2026", "预估：考核期尚未结束，按截至 2026-10-31 的台账计算；72 项定性评价待评", id="year-in-progress"
        ),
        pytest.param("2024", "实时：按现行评分办法和当前数据计算，尚未发布", id="2024-assessed"),
        pytest.param("2025", "实时：按现行评分办法和当前数据计算，尚未发布", id="2025-assessed"),
    ],
)
def test_every_score_page_says_what_its_figures_are(demo_app: Path, page: str, period: str, status: str) -> None:
    at = open_page(page, period)
    assert any(status in c.value for c in at.main.caption), [c.value for c in at.main.caption]
    shown = [*at.main.dataframe, *at.main.table]  # the overview's short rankings are static tables
    grades = [g for d in shown for g in d.value.get("等次", [])]
    if period == "2026" and page != "pages/compare.py":
        assert grades and all("（预估）" in str(g) for g in grades)
    else:
        assert not any("预估" in str(g) for g in grades)
