"""Page tests with Streamlit's AppTest: the app runs app.py around each page, against the demo database.

What the pages show is compared with the database's own tables (read directly, not through the app's
queries) and with the article's figures the demo reproduces for 2025.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from kaohe import PROJECT_ROOT, overview, periods, ui
from kaohe.store import Store

pytest_plugins = ["fixtures_app"]

# The article's figures for the demo's reporting year (DESIGN.md, "Demo data, calibrated to the article").
ARTICLE_2025 = {"services": 1688, "people_served": 26190, "deeds": 3821}
METRIC_LABELS = ("便民服务（次）", "服务群众（人次）", "网格代办（件）", "办实事（件）")
TIMEOUT = 60
APP = PROJECT_ROOT / "app.py"
# The DemoFacts class of the fixtures plugin (tests take it from the `facts_of` fixture, not by import).
DemoFacts = Any


def open_app(period: str | None = None, page: str | None = None) -> AppTest:
    """Run app.py (optionally with ?period= in the URL, optionally switched to one page file)."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    if period is not None:
        at.query_params["period"] = period
    at.run()
    assert not at.exception, at.exception
    if page is not None:
        at.switch_page(page).run()
        assert not at.exception, at.exception
    return at


def shown_metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.main.metric}


def table_with(at: AppTest, column: str) -> Any:
    """The one table on the page whose first column is `column` (AppTest does not expose dataframe keys)."""
    tables = [d.value for d in at.main.dataframe if list(d.value.columns)[:1] == [column]]
    assert len(tables) == 1, [list(d.value.columns) for d in at.main.dataframe]
    return tables[0]


def expected_metrics(totals: tuple[int, int, int, int]) -> dict[str, str]:
    return {label: ui.fmt_count(value, "zh") for label, value in zip(METRIC_LABELS, totals, strict=True)}


@pytest.fixture
def demo_app(app_db: Any, demo_db: Path) -> Path:
    return app_db(demo_db)


# -- overview ------------------------------------------------------------------------------------------


def test_overview_shows_the_2025_headlines_of_the_database(demo_app: Path, demo_facts: DemoFacts) -> None:
    at = open_app("2025")
    totals = demo_facts.year_totals(2025)
    assert shown_metrics(at) == expected_metrics(totals)
    # The demo is calibrated to the article: the page must show its figures as people read them.
    assert shown_metrics(at)["便民服务（次）"] == "1,688"
    assert shown_metrics(at)["服务群众（人次）"] == "26,190"
    assert shown_metrics(at)["办实事（件）"] == "3,821"
    assert totals[2] >= 1700
    # 2024 has data, so every card carries a year-on-year change.
    assert all(m.delta for m in at.main.metric), [m.delta for m in at.main.metric]
    assert at.query_params["period"] == "2025"


def test_changing_the_period_changes_the_numbers_and_the_url(demo_app: Path, demo_facts: DemoFacts) -> None:
    at = open_app("2025")
    at.selectbox(key=ui.period_key("zh")).select("2024").run()
    assert not at.exception
    totals_2024 = demo_facts.year_totals(2024)
    assert shown_metrics(at) == expected_metrics(totals_2024)
    assert totals_2024 != demo_facts.year_totals(2025)
    assert at.query_params["period"] == "2024"
    # 2023 holds no data, so 2024 has nothing to compare with.
    assert [m.delta for m in at.main.metric] == ["", "", "", ""]


def test_a_year_in_progress_is_compared_with_the_same_span_a_year_earlier(
    demo_app: Path, demo_facts: DemoFacts
) -> None:
    at = open_app("2026")
    as_of = demo_facts.scalar("select max(service_date) from services where year(service_date) = 2026")
    assert as_of.isoformat() in at.main.caption[0].value
    now = demo_facts.scalar("select count(*) from services where year(service_date) = 2026")
    before = demo_facts.scalar(
        "select count(*) from services where service_date >= '2025-01-01' and service_date <= ?",
        as_of.replace(year=2025),
    )
    assert before < demo_facts.year_totals(2025)[0], "the demo's 2026 must stop before December for this test"
    services = next(m for m in at.main.metric if m.label == "便民服务（次）")
    assert services.delta == ui.fmt_change(now / before - 1)


@pytest.mark.parametrize(
    ("period", "where"),
    [
        pytest.param("2025-H1", "service_date >= '2025-01-01' and service_date < '2025-07-01'", id="half"),
        pytest.param("2025-Q3", "service_date >= '2025-07-01' and service_date < '2025-10-01'", id="quarter"),
        pytest.param("2025-06", "service_date >= '2025-06-01' and service_date < '2025-07-01'", id="month"),
    ],
)
def test_deep_link_opens_the_period_in_the_url(demo_app: Path, demo_facts: DemoFacts, period: str, where: str) -> None:
    at = open_app(period)
    assert at.selectbox(key=ui.period_key("zh")).value == "2025"
    assert at.selectbox(key=ui.period_part_key("zh")).value == period[5:]
    services = demo_facts.scalar(f"select count(*) from services where {where}")
    assert shown_metrics(at)["便民服务（次）"] == ui.fmt_count(services, "zh")


def test_the_picker_is_a_year_and_a_part_of_it(demo_app: Path, demo_facts: DemoFacts) -> None:
    at = open_app("2025")
    year, part = at.selectbox(key=ui.period_key("zh")), at.selectbox(key=ui.period_part_key("zh"))
    assert (year.label, part.label) == ("考核期", "时段")
    # Years, newest first: the year under way (the suite runs as on 2026-11-30), the data's, the year before them.
    assert year.options == ["2026 年", "2025 年", "2024 年", "2023 年"]
    assert part.options[:8] == ["全年", "上半年", "下半年", "第一季度", "第二季度", "第三季度", "第四季度", "1 月"]
    assert len(part.options) == 19
    part.select("Q3").run()
    assert at.query_params["period"] == "2025-Q3"
    q3 = "service_date between '2025-07-01' and '2025-09-30'"
    services = demo_facts.scalar(f"select count(*) from services where {q3}")
    assert shown_metrics(at)["便民服务（次）"] == ui.fmt_count(services, "zh")
    # Another year keeps the part of the year.
    at.selectbox(key=ui.period_key("zh")).select("2024").run()
    assert at.query_params["period"] == "2024-Q3"
    assert at.selectbox(key=ui.period_part_key("zh")).value == "Q3"


def test_a_part_still_to_come_is_not_offered_and_a_year_change_falls_back_to_the_whole_year(demo_app: Path) -> None:
    at = open_app("2025-12")
    assert at.selectbox(key=ui.period_part_key("zh")).value == "12"
    at.selectbox(key=ui.period_key("zh")).select("2026").run()
    # December 2026 has not begun on 2026-11-30: the whole year instead, and December is not offered.
    assert at.query_params["period"] == "2026"
    assert at.selectbox(key=ui.period_part_key("zh")).options[-1] == "11 月"


def test_the_app_opens_on_the_year_under_way(demo_app: Path) -> None:
    at = open_app()
    assert at.query_params["period"] == "2026"
    assert at.selectbox(key=ui.period_key("zh")).value == "2026"
    assert at.selectbox(key=ui.period_part_key("zh")).value == ""


def test_a_period_without_data_says_what_to_import(demo_app: Path) -> None:
    at = open_app("2023")
    assert [i.value for i in at.main.info if "还没有导入" in i.value] == [
        "2023 年还没有导入便民服务台账，请到「台账导入」页面导入",
        "2023 年还没有导入诉求与实事台账，请到「台账导入」页面导入",
    ]
    assert len(at.main.metric) == 0
    assert not at.get("plotly_chart")


def test_a_malformed_period_in_the_url_falls_back_to_a_real_period(demo_app: Path) -> None:
    at = open_app("2025年")
    with Store(demo_app) as store:
        expected = overview.default_period(overview.data_years(store), periods.today())
    assert at.selectbox(key=ui.period_key("zh")).value == expected
    assert at.query_params["period"] == expected
    assert len(at.main.metric) == 4


def test_monthly_chart_plots_every_service_of_the_period(demo_app: Path, demo_facts: DemoFacts) -> None:
    at = open_app("2025")
    charts = [c for c in at.get("plotly_chart") if c.key == "overview_monthly_chart"]
    assert len(charts) == 1
    spec = json.loads(charts[0].proto.spec)
    bars = next(trace for trace in spec["data"] if trace["type"] == "bar")
    months = bars["x"]
    assert months == [f"{m} 月" for m in range(1, 13)]
    counts = _decode(bars["y"])
    assert sum(counts) == demo_facts.year_totals(2025)[0]
    assert spec["layout"]["title"]["text"] == "每月便民服务次数（2025 年）"
    assert "Noto Sans CJK SC" in spec["layout"]["font"]["family"]
    assert spec["layout"]["xaxis"]["title"]["text"] == "月份"


def _decode(values: Any) -> list[int]:
    """Plotly serialises numeric arrays as typed base64 blocks; turn either form into a list."""
    if isinstance(values, list):
        return [int(v) for v in values]
    import base64

    import numpy as np

    return np.frombuffer(base64.b64decode(values["bdata"]), dtype=np.dtype(values["dtype"])).astype(int).tolist()


def test_freshness_table_lists_every_ledger_with_rejected_rows(demo_app: Path, demo_facts: DemoFacts) -> None:
    at = open_app("2025")
    table = table_with(at, "台账")
    assert table["台账"].tolist() == [
        "党组织名册", "班子成员联系点", "便民服务", "组织生活", "诉求与实事", "矛盾纠纷与信访"
    ]  # fmt: skip
    assert int(table["退回行数"].sum()) == demo_facts.scalar("select count(*) from rejects")
    assert int(table["已导入行数"].sum()) == demo_facts.scalar("select sum(rows_loaded) from imports")
    assert demo_facts.scalar("select count(*) from rejects") > 0  # the demo ships deliberately bad rows


def test_english_switch_relabels_the_page_and_keeps_the_period(demo_app: Path) -> None:
    at = open_app("2024")
    at.radio(key=ui.LANG_KEY).set_value("en").run()
    assert not at.exception
    assert [m.label for m in at.main.metric] == ["Services", "People served", "Errands run", "Practical deeds"]
    assert at.main.title[0].value == "Overview"
    assert at.selectbox(key=ui.period_key("en")).value == "2024"
    assert at.query_params["lang"] in ("en", ["en"])


def test_the_chrome_shows_office_period_language_and_demo_notice(demo_app: Path) -> None:
    at = open_app("2025")
    assert at.sidebar.markdown[0].value == "**陇海马路街道党工委**"
    assert at.sidebar.selectbox[0].label == "考核期"
    assert at.sidebar.radio[0].options == ["中文", "English"]
    assert "演示模式" in at.main.info[0].value


# -- first start ---------------------------------------------------------------------------------------


def test_first_start_builds_the_demo_database(app_db: Any, tmp_path: Path) -> None:
    db = app_db(tmp_path / "new" / "kaohe.duckdb")
    at = open_app("2025")
    assert db.is_file()
    assert shown_metrics(at)["便民服务（次）"] == "1,688"
    with Store(db) as store:
        assert store.cursor().execute("select count(*) from units").fetchone() == (36,)


# -- import page ---------------------------------------------------------------------------------------


def _services_csv(facts: DemoFacts) -> bytes:
    """A small services export: two good rows, an unknown branch and a totals row."""
    unit = facts.scalar("select name from units order by unit_id limit 1")
    lines = [
        "支部名称,服务日期,服务类别,服务内容,服务人数,参与党员",
        f"{unit},2025-03-05,医疗义诊,测试义诊一,12,3",
        f"{unit},2025年3月6日,医疗义诊,测试义诊二,8人,2",
        "没有这个支部,2025-03-07,医疗义诊,测试义诊三,5,1",
        "合计,,,,25,6",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


@pytest.fixture
def import_app(app_db: Any, fresh_demo_db: Path) -> Path:
    return app_db(fresh_demo_db)


def test_import_page_previews_imports_and_counts(import_app: Path, facts_of: Any) -> None:
    facts = facts_of(import_app)
    before = facts.scalar("select count(*) from services")
    at = open_app("2025", page="pages/import_ledgers.py")
    assert at.main.title[0].value == "台账导入"
    assert at.main.info[-1].value == "请选择要导入的台账文件。"

    at.file_uploader(key="import_files").set_value([("测试便民服务.csv", _services_csv(facts), "text/csv")]).run()
    assert not at.exception
    text = " ".join(m.value for m in at.main.markdown)
    assert ui.escape_markdown("测试便民服务.csv") in text and "识别为：**便民服务**" in text
    mapping = at.main.dataframe[0].value
    assert dict(zip(mapping["原表头"], mapping["对应字段"], strict=True))["服务人数"] == "服务群众（人次）"

    at.button(key="import_submit").click().run()
    assert not at.exception
    counts = {m.label: m.value for m in at.main.metric}
    assert counts == {"已导入": "2", "跳过（合计/空行）": "1", "重复": "0", "退回": "1"}
    rejects = table_with(at, "原表行号")
    assert rejects["原表行号"].tolist() == [4]
    assert rejects["支部名称"].tolist() == ["没有这个支部"]  # the raw values under the file's own headers
    assert "没有这个支部" in rejects["退回原因"].iloc[0]
    assert at.download_button(key="import_rejects_download_0").label == "下载退回行（xlsx）"
    assert facts.scalar("select count(*) from services") == before + 2

    history = table_with(at, "导入时间")
    assert history["文件名"].iloc[0] == "测试便民服务.csv"  # newest first
    assert history["已导入"].iloc[0] == 2


def test_import_page_keeps_every_rejected_row_downloadable(demo_app: Path, demo_facts: DemoFacts) -> None:
    at = open_app("2025", page="pages/import_ledgers.py")
    rejected = demo_facts.scalar("select count(*) from rejects")
    assert f"全部退回行（{rejected} 行）" in [e.label for e in at.main.expander]
    table = table_with(at, "文件名")
    assert len(table) == rejected
    assert set(table["文件名"]) == set(
        demo_facts.scalar("select list(distinct file_name) from imports where rows_rejected > 0")
    )
    assert at.download_button(key="import_stored_rejects_download").label == "下载全部退回行（xlsx）"


def test_reimporting_the_same_file_changes_nothing_and_says_so(import_app: Path, facts_of: Any) -> None:
    facts = facts_of(import_app)
    data = _services_csv(facts)
    at = open_app("2025", page="pages/import_ledgers.py")
    at.file_uploader(key="import_files").set_value([("a.csv", data, "text/csv")]).run()
    at.button(key="import_submit").click().run()
    after_first = facts.scalar("select count(*) from services")
    at.button(key="import_submit").click().run()
    assert not at.exception
    assert "此前已导入过" in " ".join(i.value for i in at.main.info)
    assert facts.scalar("select count(*) from services") == after_first


def test_a_file_that_fits_no_ledger_is_refused_with_its_message(import_app: Path, facts_of: Any) -> None:
    facts = facts_of(import_app)
    before = facts.scalar("select count(*) from imports")
    at = open_app("2025", page="pages/import_ledgers.py")
    bad = "姓名,电话,备注\n张三,123,无\n".encode()
    at.file_uploader(key="import_files").set_value(
        [("通讯录.csv", bad, "text/csv"), ("测试.csv", _services_csv(facts), "text/csv")]
    ).run()
    assert not at.exception
    errors = [e.value for e in at.main.error]
    assert len(errors) == 1 and errors[0].startswith("无法导入：") and "姓名" in errors[0]
    # The good file stays importable beside the refused one.
    assert "1 个文件可以导入" in at.button(key="import_submit").label
    assert facts.scalar("select count(*) from imports") == before


def test_overview_follows_an_import_at_once(import_app: Path, facts_of: Any) -> None:
    facts = facts_of(import_app)
    at = open_app("2025")
    services_before = shown_metrics(at)["便民服务（次）"]
    at.switch_page("pages/import_ledgers.py").run()
    at.file_uploader(key="import_files").set_value([("b.csv", _services_csv(facts), "text/csv")]).run()
    at.button(key="import_submit").click().run()
    at.switch_page("pages/overview.py").run()
    assert not at.exception
    assert services_before == "1,688"
    assert shown_metrics(at)["便民服务（次）"] == "1,690"
