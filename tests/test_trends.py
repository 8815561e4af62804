"""Service trends: the library's filters and grids, and the page driven by its widgets against direct SQL."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from kaohe import PROJECT_ROOT, trends, ui
from kaohe.periods import parse_period

pytest_plugins = ["fixtures_app"]
APP = PROJECT_ROOT / "app.py"
TIMEOUT = 60

# -- library ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        pytest.param({}, trends.TrendFilters(), id="nothing"),
        pytest.param({"category": "医疗义诊"}, trends.TrendFilters(category="医疗义诊"), id="category"),
        pytest.param(
            {"from": "2025-03-01", "to": "2025-03-31", "kind": "社区"},
            trends.TrendFilters(kind="社区", day_from=date(2025, 3, 1), day_to=date(2025, 4, 1)),
            id="days-inclusive-end",
        ),
        pytest.param({"from": "2025-13-01", "to": "2025-03-31"}, trends.TrendFilters(), id="bad-date-dropped"),
        pytest.param({"from": "2025-03-01"}, trends.TrendFilters(), id="half-range-dropped"),
    ],
)
def test_filters_from_url(params: dict[str, str], expected: trends.TrendFilters) -> None:
    assert trends.TrendFilters.from_params(params) == expected
    assert trends.TrendFilters.from_params(expected.to_params()) == expected


@pytest.mark.parametrize(
    ("bucket", "grain", "expected"),
    [
        pytest.param(date(2025, 3, 1), "month", (date(2025, 3, 1), date(2025, 4, 1)), id="month"),
        pytest.param(date(2025, 12, 1), "month", (date(2025, 12, 1), date(2026, 1, 1)), id="december"),
        pytest.param(date(2024, 12, 30), "week", (date(2024, 12, 30), date(2025, 1, 6)), id="week-across-year"),
    ],
)
def test_bucket_range(bucket: date, grain: str, expected: tuple[date, date]) -> None:
    assert trends.bucket_range(bucket, grain) == expected


def test_calendar_grid_places_each_day_by_weekday_and_week() -> None:
    import pandas as pd

    period = parse_period("2025-01")
    days = pd.DataFrame({"day": [date(2025, 1, 1), date(2025, 1, 31)], "services": [3, 5], "people_served": [1, 1]})
    grid = trends.calendar_grid(days, period)
    assert grid.shape == (7, 5)  # 2025-01-01 is a Wednesday: weeks of Dec 30, Jan 6, 13, 20, 27
    assert grid.loc[2, date(2024, 12, 30)] == 3
    assert grid.loc[4, date(2025, 1, 27)] == 5
    assert pd.isna(grid.loc[0, date(2024, 12, 30)])  # Monday 30 December lies outside the period
    assert grid.sum().sum() == 8


# -- page ------------------------------------------------------------------------------------------------


def open_trends(query: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, at.exception
    at.switch_page("pages/trends.py").run()
    assert not at.exception, at.exception
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.main.metric}


def chart(at: AppTest, title_start: str) -> dict[str, Any]:
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    found = [s for s in specs if s["layout"]["title"]["text"].startswith(title_start)]
    assert len(found) == 1, [s["layout"]["title"]["text"] for s in specs]
    return found[0]


def decode(values: Any) -> list[float]:
    if isinstance(values, list):
        return [float(v) for v in values]
    import base64

    import numpy as np

    return np.frombuffer(base64.b64decode(values["bdata"]), dtype=np.dtype(values["dtype"])).astype(float).tolist()


@pytest.fixture
def demo_app(app_db: Any, demo_db: Path) -> Path:
    return app_db(demo_db)


def expected_cards(facts: Any, where: str, *params: Any) -> dict[str, str]:
    services = int(
        facts.scalar(f"select count(*) from services s left join units u using (unit_id) where {where}", *params)
    )
    people = int(
        facts.scalar(
            f"select coalesce(sum(people_served), 0) from services s left join units u using (unit_id) where {where}",
            *params,
        )
    )
    return {
        "便民服务（次）": ui.fmt_count(services, "zh"),
        "服务群众（人次）": ui.fmt_count(people, "zh"),
        "人均服务人次": f"{people / services:.1f}" if services else "—",
    }


def test_trends_page_shows_the_period_totals_and_every_service_in_its_charts(demo_app: Path, demo_facts: Any) -> None:
    at = open_trends({"period": "2025"})
    assert at.main.title[0].value == "服务趋势"
    assert metrics(at) == expected_cards(demo_facts, "year(service_date) = 2025")
    assert metrics(at)["便民服务（次）"] == "1,688"  # the article's figure
    series = chart(at, "便民服务次数（按服务类别）")
    assert sum(sum(decode(trace["y"])) for trace in series["data"]) == 1688
    categories = {trace["name"] for trace in series["data"]}
    assert categories == set(
        demo_facts.scalar("select list(distinct category) from services where year(service_date) = 2025")
    )
    mix = chart(at, "服务类别构成")
    assert sum(decode(mix["data"][0]["x"])) == 1688
    calendar = chart(at, "每日服务次数日历")
    cells = decode(calendar["data"][0]["z"])
    assert sum(v for v in cells if v == v) == 1688  # NaN (days outside the period) are not equal to themselves
    yoy = chart(at, "每月服务次数")
    prior = decode(yoy["data"][1]["y"])
    assert sum(prior) == demo_facts.scalar("select count(*) from services where year(service_date) = 2024")


def test_picking_a_category_filters_the_page_and_the_url(demo_app: Path, demo_facts: Any) -> None:
    at = open_trends({"period": "2025"})
    at.selectbox(key="trends_category").select("医疗义诊").run()
    assert not at.exception
    assert metrics(at) == expected_cards(demo_facts, "year(service_date) = 2025 and category = ?", "医疗义诊")
    assert at.query_params["category"] == ["医疗义诊"] or at.query_params["category"] == "医疗义诊"
    # The mix chart still offers every category (it sets this filter) but greys the others.
    mix = chart(at, "服务类别构成")
    assert len(mix["data"][0]["y"]) > 1
    communities = chart(at, "各社区（含辖区单位）服务次数")
    assert sum(decode(communities["data"][0]["x"])) == demo_facts.scalar(
        "select count(*) from services where year(service_date) = 2025 and category = '医疗义诊'"
    )
    at.button(key="trends_clear").click().run()
    assert metrics(at)["便民服务（次）"] == "1,688"
    assert "category" not in at.query_params


def test_one_branch_counts_its_own_services_where_its_community_counts_every_unit_in_it(
    demo_app: Path, demo_facts: Any
) -> None:
    at = open_trends({"period": "2025"})
    labels = {box.key: box.label for box in at.main.selectbox}
    assert labels["trends_community"] == "社区（含辖区单位）" and labels["trends_unit"] == "党支部"
    community = demo_facts.scalar("select community from units where unit_id = 'SQ01'")
    at.selectbox(key="trends_community").select(community).run()
    in_community = expected_cards(demo_facts, "year(service_date) = 2025 and u.community = ?", community)
    assert metrics(at) == in_community
    at.selectbox(key="trends_community").select("").run()
    at.selectbox(key="trends_unit").select("SQ01").run()
    assert not at.exception
    own = expected_cards(demo_facts, "year(service_date) = 2025 and s.unit_id = ?", "SQ01")
    assert metrics(at) == own
    # The community's figure holds the offices and firms located in it too (陇海东路第一社区: 238 against 205).
    assert int(own["便民服务（次）"].replace(",", "")) < int(in_community["便民服务（次）"].replace(",", ""))
    assert at.query_params["unit"] in ("SQ01", ["SQ01"])
    name = demo_facts.scalar("select name from units where unit_id = 'SQ01'")
    assert f"当前筛选：党支部={name}" in [c.value for c in at.main.caption]
    assert name in at.selectbox(key="trends_unit").options  # names, not ids, in the picker
    communities = chart(at, "各社区（含辖区单位）服务次数")
    assert list(communities["data"][0]["y"]) == [community]


def test_a_link_reproduces_filters_and_day_range(demo_app: Path, demo_facts: Any) -> None:
    query = {"period": "2025", "kind": "社区", "from": "2025-03-01", "to": "2025-03-31", "grain": "week", "by": "kind"}
    at = open_trends(query)
    assert at.selectbox(key="trends_kind").value == "社区"
    assert at.radio(key="trends_grain").value == "week"
    where = "service_date between '2025-03-01' and '2025-03-31' and u.kind = '社区'"
    assert metrics(at) == expected_cards(demo_facts, where)
    assert "日期=2025-03-01 ~ 2025-03-31" in " ".join(c.value for c in at.main.caption)
    # The series sets the day range, so it shows the whole year, weekly, for 社区 only.
    series = chart(at, "便民服务次数（按支部类型）")
    assert [trace["name"] for trace in series["data"]] == ["社区"]
    assert sum(decode(series["data"][0]["y"])) == demo_facts.scalar(
        "select count(*) from services s join units u using (unit_id) "
        "where year(service_date) = 2025 and u.kind = '社区'"
    )
    assert all(date.fromisoformat(x).weekday() == 0 for x in series["data"][0]["x"])


def test_a_period_without_services_says_what_to_import(demo_app: Path) -> None:
    at = open_trends({"period": "2023"})
    assert "2023 年还没有便民服务记录" in at.main.info[-1].value
    assert not at.get("plotly_chart")


def test_filters_that_match_nothing_say_so(demo_app: Path) -> None:
    at = open_trends({"period": "2025", "category": "没有这个类别"})
    assert at.selectbox(key="trends_category").value == "没有这个类别"
    assert any("没有便民服务记录" in i.value for i in at.main.info)
    assert metrics(at)["便民服务（次）"] == "0"
