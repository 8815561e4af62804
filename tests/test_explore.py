"""The explorer: whitelisted columns, bound filter values, pivots with ratio-of-sums totals, downloads, the page."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from kaohe import PROJECT_ROOT, explore
from kaohe.access import Role, Viewer
from kaohe.store import Store

pytest_plugins = ["fixtures_app"]
APP = PROJECT_ROOT / "app.py"
TIMEOUT = 60
ANALYST = Viewer("analyst", Role.ANALYST)  # sees every unit; branch scope is tested in test_scope.py

# -- library on a small hand-made database --------------------------------------------------------------


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "k.duckdb") as store:
        with store.transaction() as cur:
            cur.execute(
                "insert into units (unit_id, name, kind, community, members) values "
                "('A', '甲社区党支部', '社区', '甲社区', 30), ('B', '乙社区党支部', '社区', '乙社区', 20), "
                "('C', '丙机关党支部', '机关', null, 10)"
            )
            # Hand-picked cases: per unit (satisfied, rated, all) = A (2, 2, 3), B (0, 1, 1), C (1, 3, 4).
            rows = [
                ("A", "代办", "满意", "已办结"),
                ("A", "代办", "满意", "已办结"),
                ("A", "实事", None, "办理中"),
                ("B", "代办", "不满意", "已办结"),
                ("C", "实事", "满意", "已办结"),
                ("C", "实事", "基本满意", "已办结"),
                ("C", "代办", "不满意", "未办结"),
                ("C", "代办", None, "办理中"),
            ]
            cur.executemany(
                "insert into cases values (date '2025-03-01' + ?, null, ?, ?, '低保', ?, ?, ?, 'f.csv', ?, 1)",
                [(i, u, k, f"事项{i}", st, sat, i) for i, (u, k, sat, st) in enumerate(rows)],
            )
        yield store


@pytest.fixture
def runner(store: Store) -> Store:
    return store


def test_ratio_totals_are_ratios_of_sums_not_means_of_ratios(runner: Store) -> None:
    result = explore.pivot(runner, ANALYST, explore.PivotSpec("cases", "satisfaction_rate", rows="unit_id"))
    table = result.wide("合计", "支部", "满意率")
    values = dict(zip(table["支部"], table["满意率"], strict=True))
    assert values["A"] == pytest.approx(2 / 2)
    assert values["B"] == pytest.approx(0 / 1)
    assert values["C"] == pytest.approx(1 / 3)
    # (2 + 0 + 1) / (2 + 1 + 3) = 0.5, whereas the mean of the three rates would be 0.444…
    assert values["合计"] == pytest.approx(3 / 6)
    assert result.grand_total() == pytest.approx(0.5)


def test_pivot_rows_by_columns_with_both_totals(runner: Store) -> None:
    result = explore.pivot(runner, ANALYST, explore.PivotSpec("cases", "count", rows="unit_kind", columns="kind"))
    table = result.wide("合计", "类型", "件数").set_index("类型")
    assert table.loc["社区", "代办"] == 3 and table.loc["社区", "实事"] == 1
    assert table.loc["机关", "代办"] == 2 and table.loc["机关", "实事"] == 2
    assert table.loc["合计", "合计"] == 8
    assert table.loc["社区", "合计"] == 4 and table.loc["合计", "代办"] == 5


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        pytest.param((explore.Filter("kind", "in", values=("代办",)),), 5, id="in-list"),
        pytest.param((explore.Filter("title", "contains", text="事项1"),), 1, id="contains"),
        pytest.param((explore.Filter("unit_community", "in", values=("甲社区", "乙社区")),), 4, id="joined-column"),
        pytest.param(
            (explore.Filter("received_date", "between", low=date(2025, 3, 2), high=date(2025, 3, 4)),),
            3,
            id="date-range-inclusive",
        ),
        pytest.param((explore.Filter("kind", "in", values=()),), 8, id="empty-list-is-no-filter"),
        pytest.param((explore.Filter("title", "contains", text="'; drop table cases; --"),), 0, id="quote-is-a-value"),
        pytest.param((explore.Filter("title", "contains", text="%"),), 0, id="percent-is-literal"),
    ],
)
def test_filters_bind_values(runner: Store, store: Store, filters: Any, expected: int) -> None:
    result = explore.pivot(runner, ANALYST, explore.PivotSpec("cases", "count", filters=filters))
    assert result.grand_total() == expected
    assert store.cursor().execute("select count(*) from cases").fetchone() == (8,)


@pytest.mark.parametrize(
    "spec",
    [
        pytest.param(explore.PivotSpec("cases", "count", rows='kind"; drop table cases; --'), id="rows-injection"),
        pytest.param(explore.PivotSpec("cases", "count", rows="password"), id="rows-not-a-column"),
        pytest.param(explore.PivotSpec("cases", "sum:title"), id="sum-of-text"),
        pytest.param(explore.PivotSpec("cases", "count", rows="received_date:hour"), id="unknown-grain"),
        pytest.param(explore.PivotSpec("users", "count"), id="ledger-not-explorable"),
        pytest.param(explore.PivotSpec("../../etc/passwd", "count"), id="ledger-path"),
        pytest.param(
            explore.PivotSpec("cases", "count", filters=(explore.Filter("kind; --", "in", values=("x",)),)),
            id="filter-injection",
        ),
        pytest.param(
            explore.PivotSpec("cases", "count", filters=(explore.Filter("kind", "between", low=1),)),
            id="range-on-text",
        ),
    ],
)
def test_names_outside_the_whitelist_are_refused(runner: Store, spec: explore.PivotSpec) -> None:
    with pytest.raises(explore.ExploreError):
        explore.pivot(runner, ANALYST, spec)


def test_whitelist_follows_the_ledger_spec() -> None:
    from kaohe.ingest.ledgers import load_ledgers

    for ledger in explore.EXPLORE_LEDGERS:
        names = [c.name for c in explore.columns(ledger)]
        assert [n for n in names if n not in ("unit_name", "unit_kind", "unit_community")] == [
            f.name for f in load_ledgers()[ledger].fields
        ]
        assert {"unit_name", "unit_kind", "unit_community"} <= set(names)


def test_downloads_csv_with_bom_and_xlsx_without_formulas() -> None:
    frame = pd.DataFrame({"支部": ["=1+1", "乙"], "件数": [1, 2]})
    data = explore.csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf") and "支部,件数" in data.decode("utf-8-sig")
    book = openpyxl.load_workbook(io.BytesIO(explore.xlsx_bytes(frame, "满意率")))
    sheet = book["满意率"]
    assert [c.value for c in sheet[2]] == ["=1+1", 1]
    assert sheet["A2"].data_type == "s"


def test_saved_queries_have_titles_and_run_read_only(fresh_demo_db: Path) -> None:
    from kaohe.sandbox import run_readonly

    # A private copy: the shared one may be held open read-write by the app's cached Store of an earlier test,
    # and DuckDB refuses a second, read-only connection to the same file in one process.

    saved = explore.saved_queries()
    assert len(saved) >= 3
    for query in saved:
        assert query.title and not query.title.startswith("select")
        assert query.description
        assert len(run_readonly(fresh_demo_db, query.sql).frame) > 0, query.name


def test_data_dictionary_parser_reads_tables_descriptions_and_columns() -> None:
    text = "# t\n\n## units\n党组织名册: one row per branch.\n\n| column | type | meaning |\n|---|---|---|\n"
    text += "| unit_id | varchar | the code |\n| members | integer | 党员数 |\n"
    (table,) = explore.documented_tables(text)
    assert table.name == "units" and table.description == "党组织名册: one row per branch."
    assert [(c.name, c.type, c.meaning) for c in table.columns] == [
        ("unit_id", "varchar", "the code"),
        ("members", "integer", "党员数"),
    ]
    assert {"services", "cases"} <= {t.name for t in explore.documented_tables()}


# -- page ------------------------------------------------------------------------------------------------


def open_explorer(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for name, value in (query or {"period": "2025"}).items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, at.exception
    at.switch_page("pages/explorer.py").run()
    assert not at.exception, at.exception
    return at


def pivot_table(at: AppTest) -> pd.DataFrame:
    return at.main.dataframe[0].value


def table_with(at: AppTest, *columns: str) -> pd.DataFrame:
    """The one table on the page that has all `columns` (AppTest does not expose dataframe keys)."""
    found = [d.value for d in at.main.dataframe if set(columns) <= set(d.value.columns)]
    assert len(found) == 1, [list(d.value.columns) for d in at.main.dataframe]
    return found[0]


@pytest.fixture
def demo_app(app_db: Any, demo_db: Path) -> Path:
    return app_db(demo_db)


def test_default_pivot_counts_services_by_unit_kind(demo_app: Path, demo_facts: Any) -> None:
    at = open_explorer()
    table = pivot_table(at).set_index("支部类型")
    expected = demo_facts.scalar(
        "select map(list(kind), list(n)) from (select u.kind, count(*) n from services s join units u using (unit_id) "
        "where year(service_date) = 2025 group by all)"
    )
    # The sidebar's period (2025) applies to the ledger's own date.
    assert {k: int(v) for k, v in table["记录数"].items() if k != "合计"} == dict(expected)
    assert int(table.loc["合计", "记录数"]) == 1688
    assert "范围：2025 年（按服务日期）" in at.main.caption[0].value
    assert at.get("plotly_chart")


def test_cases_satisfaction_by_kind_for_2025(demo_app: Path, demo_facts: Any) -> None:
    at = open_explorer()
    at.selectbox(key="explore_ledger").select("cases").run()
    at.multiselect(key="explore_filter_columns_cases").select("received_date").run()
    at.date_input(key="explore_from_received_date").set_value(date(2025, 1, 1)).run()
    at.date_input(key="explore_to_received_date").set_value(date(2025, 12, 31)).run()
    at.selectbox(key="explore_rows").select("kind").run()
    at.selectbox(key="explore_measure").select("satisfaction_rate").run()
    assert not at.exception
    table = pivot_table(at).set_index("事项类别")
    sql = (
        "select count(*) filter (where satisfaction = '满意') / count(satisfaction) from cases "
        "where year(received_date) = 2025"
    )
    assert table.loc["代办", "满意率"] == pytest.approx(demo_facts.scalar(sql + " and kind = '代办'"))
    assert table.loc["合计", "满意率"] == pytest.approx(demo_facts.scalar(sql))
    assert "符合条件的记录：5,537 条" in [c.value for c in at.main.caption]
    assert at.query_params["ledger"] == "cases" and at.query_params["measure"] == "satisfaction_rate"


def test_value_filter_and_column_dimension_within_the_period(demo_app: Path, demo_facts: Any) -> None:
    at = open_explorer(
        {"period": "2025-Q1", "ledger": "services", "rows": "unit_community", "cols": "service_date:month"}
    )
    at.multiselect(key="explore_filter_columns_services").select("category").run()
    at.multiselect(key="explore_in_category").select("医疗义诊").run()
    table = pivot_table(at).set_index("所属社区")  # the branch's community (a unit attribute)
    assert list(table.columns) == ["2025-01", "2025-02", "2025-03", "合计"]
    sql = "select count(*) from services where category = '医疗义诊' and service_date between ? and ?"
    assert int(table.loc["合计", "2025-02"]) == demo_facts.scalar(sql, date(2025, 2, 1), date(2025, 2, 28))
    assert int(table.loc["合计", "合计"]) == demo_facts.scalar(sql, date(2025, 1, 1), date(2025, 3, 31))
    community = "陇海东路第一社区"
    in_community = sql + " and unit_id in (select unit_id from units where community = ?)"
    assert int(table.loc[community, "合计"]) == demo_facts.scalar(
        in_community, date(2025, 1, 1), date(2025, 3, 31), community
    )


def test_console_runs_a_saved_query_and_refuses_a_write(demo_app: Path, demo_facts: Any) -> None:
    at = open_explorer()
    at.selectbox(key="explore_saved").select("services_by_community").run()
    assert "各社区" in at.selectbox(key="explore_saved").format_func("services_by_community")
    at.button(key="explore_run").click().run()
    assert not at.exception
    result = table_with(at, "社区", "年度", "服务次数")
    assert int(result.loc[result["年度"] == 2025, "服务次数"].sum()) == demo_facts.scalar(
        "select count(*) from services s join units u using (unit_id) "
        "where year(service_date) = 2025 and u.community is not null"
    )

    before = demo_facts.scalar("select count(*) from services")
    at.text_area(key="explore_sql").input("with d as (delete from services returning *) select count(*) from d").run()
    at.button(key="explore_run").click().run()
    assert at.main.error and at.main.error[0].value.startswith("查询未执行")
    assert demo_facts.scalar("select count(*) from services") == before

    at.text_area(key="explore_sql").input("select * from range(20000)").run()
    at.button(key="explore_run").click().run()
    assert "结果已截断：只显示前 10,000 行" in at.main.warning[0].value
    assert len(table_with(at, "range")) == 10_000


def test_schema_browser_lists_the_documented_tables(demo_app: Path) -> None:
    at = open_explorer()
    labels = [e.label for e in at.main.expander]
    assert any(label.startswith("`services`") for label in labels)
    assert not any(label.startswith("`users`") or label.startswith("`audit_log`") for label in labels)
