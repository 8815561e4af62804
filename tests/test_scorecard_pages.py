"""AppTest tests of the scorecard, comparison and overview additions, driven by widget key.

The numbers each page shows are compared with kaohe.scoring.score_period (and pace.period_pace) run on the same
demo database outside the app.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from kaohe import PROJECT_ROOT, formats, pace, results, scorecard, ui
from kaohe.access import LOCAL_VIEWER
from kaohe.periods import parse_period
from kaohe.scheme import load_scheme, scheme_for_period
from kaohe.scoring import ScoreResult, lineage, score_period
from kaohe.store import Store

pytest_plugins = ["fixtures_app"]

APP = PROJECT_ROOT / "app.py"
TIMEOUT = 60


@pytest.fixture(scope="module")
def db(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scorecard_pages") / "kaohe.duckdb"
    shutil.copyfile(demo_db_template, path)
    return path


@pytest.fixture(scope="module")
def scores(db: Path) -> dict[str, ScoreResult]:
    """2024, 2025 and 2026 scored by the engine itself outside the app (2026 up to its ledgers' last day)."""
    out = {}
    with Store(db) as store:
        for code in ("2024", "2025", "2026"):
            period = parse_period(code)
            scheme = load_scheme(scheme_for_period(period))
            out[code] = score_period(store, period, scheme, results.default_cutoff(store, period))
    return out


@pytest.fixture
def app(app_db: Any, db: Path) -> Path:
    return app_db(db)


def open_page(page: str, period: str = "2025", **params: str) -> AppTest:
    """Run app.py with the period (and other query parameters) in the URL, then switch to `page`."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params["period"] = period
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, at.exception
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def table(at: AppTest, first_column: str) -> Any:
    """The one table whose first column is `first_column`."""
    found = [d.value for d in at.main.dataframe if list(d.value.columns)[:1] == [first_column]]
    assert len(found) == 1, [list(d.value.columns) for d in at.main.dataframe]
    return found[0]


def chart(at: AppTest, key: str) -> dict[str, Any]:
    charts = [c for c in at.get("plotly_chart") if c.key == key]
    assert len(charts) == 1, [c.key for c in at.get("plotly_chart")]
    return dict(json.loads(charts[0].proto.spec))


def errors_free(at: AppTest) -> None:
    assert not at.exception, at.exception
    assert not at.main.error, [e.value for e in at.main.error]


# -- scorecard -------------------------------------------------------------------------------------------------


def test_scorecard_ranks_every_unit_as_scored(app: Path, scores: dict[str, ScoreResult]) -> None:
    at = open_page("pages/scorecard.py")
    errors_free(at)
    expected = scores["2025"].units
    ranking = table(at, "排名")
    assert ranking["编号"].tolist() == expected["unit_id"].tolist()
    assert ranking["排名"].iloc[0] == 1 and ranking["编号"].iloc[0] == expected["unit_id"].iloc[0]
    assert ranking["总分"].tolist() == pytest.approx(expected["total"].tolist())
    # A veto is said in the grade cell (the total alone would not tell why the unit ranks last).
    marked = [f"{g}（一票否决）" if v else g for g, v in zip(expected["grade"], expected["vetoed"], strict=True)]
    assert ranking["等次"].tolist() == marked and expected["vetoed"].any()
    # Rank, total and grade before the name: the four columns a phone shows without scrolling sideways.
    assert list(ranking.columns)[:4] == ["排名", "总分", "等次", "党组织"]
    assert ranking["服务群众"].tolist() == pytest.approx(expected["服务群众"].tolist())
    assert at.selectbox(key="scorecard_unit").value is None  # no card until a unit is chosen
    assert not at.main.header


def test_filters_narrow_the_table_and_go_into_the_url(app: Path, scores: dict[str, ScoreResult]) -> None:
    at = open_page("pages/scorecard.py")
    at.multiselect(key="scorecard_kind").set_value(["社区"]).run()
    errors_free(at)
    communities = scores["2025"].units[scores["2025"].units["kind"] == "社区"]
    assert table(at, "排名")["编号"].tolist() == communities["unit_id"].tolist()
    assert at.query_params["kind"] == "社区"
    at.text_input(key="scorecard_search").input("新郑").run()
    assert table(at, "排名")["党组织"].tolist() == ["新郑路社区", "新郑里社区"]
    assert at.query_params["q"] == "新郑"
    assert "显示 2 / 36 个党组织" in [c.value for c in at.main.caption]
    at.text_input(key="scorecard_search").input("没有这个").run()
    assert "没有符合筛选条件的党组织：请清除搜索词或放宽筛选。" in [i.value for i in at.main.info]


def test_choosing_a_unit_opens_its_card_with_the_scored_points(app: Path, scores: dict[str, ScoreResult]) -> None:
    at = open_page("pages/scorecard.py")
    at.selectbox(key="scorecard_unit").select("JG05").run()
    errors_free(at)
    result = scores["2025"]
    unit = result.units.set_index("unit_id").loc["JG05"]
    assert at.main.header[0].value == "民政科党支部（JG05）"
    metrics = {m.label: m.value for m in at.main.metric}
    assert metrics["总分"] == ui.fmt_score(unit["total"])
    assert metrics["等次"] == unit["grade"]
    assert metrics["排名"] == f"第 {unit['rank']} 名 / 共 36 个"
    lines = table(at, "维度")
    assert "指标编号" not in lines.columns  # names, never ids
    assert lines["指标"].tolist() == result.unit_lines("JG05")["indicator"].tolist()
    assert lines["得分"].tolist() == pytest.approx(result.unit_lines("JG05")["points"].tolist())
    assert at.query_params["unit"] == "JG05"
    waterfall = chart(at, "scorecard_waterfall_chart")
    assert waterfall["data"][0]["x"][0] == "满分" and waterfall["data"][0]["x"][-1] == "总分"
    assert waterfall["layout"]["title"]["text"] == "得分与失分（满分 100 分）"
    monthly = chart(at, "scorecard_monthly_chart")
    assert [trace["name"] for trace in monthly["data"]] == ["便民服务", "组织生活", "网格代办", "办实事", "矛盾纠纷"]
    completion = chart(at, "scorecard_completion_chart")
    assert completion["layout"]["title"]["text"] == "目标完成情况（实际 ÷ 目标）"


def test_lineage_lists_the_rows_behind_an_indicator_and_offers_downloads(
    app: Path, db: Path, scores: dict[str, ScoreResult]
) -> None:
    at = open_page("pages/scorecard.py", unit="SQ01")
    at.selectbox(key="scorecard_lineage_indicator").select("svc_deeds").run()
    errors_free(at)
    with Store(db) as store:
        rows = lineage(store, scores["2025"], "SQ01", "svc_deeds")
    assert f"共 {len(rows):,} 行" in [c.value for c in at.main.caption]
    shown = table(at, "来源文件")
    assert len(shown) == len(rows) > 0
    assert at.download_button(key="scorecard_lineage_csv").label == "下载 CSV"
    assert at.download_button(key="scorecard_lineage_xlsx").label == "下载 Excel"


def test_a_link_with_a_unit_opens_its_card(app: Path, scores: dict[str, ScoreResult]) -> None:
    at = open_page("pages/scorecard.py", unit="QY04", kind="企业")
    assert not at.exception
    assert at.selectbox(key="scorecard_unit").value == "QY04"
    assert at.multiselect(key="scorecard_kind").value == ["企业"]
    # QY04 carries the demo's veto: its card says so.
    reason = scores["2025"].units.set_index("unit_id").loc["QY04", "veto_reason"]
    assert [e.value for e in at.main.error] == [f"一票否决：{reason}"]
    adjustments = table(at, "类型")
    assert adjustments["类型"].tolist() == ["一票否决"]


def test_a_year_without_a_scheme_says_which_file_to_add(app: Path) -> None:
    at = open_page("pages/scorecard.py", period="2023")
    assert not at.exception
    assert [i.value for i in at.main.info if "评分办法" in i.value] == [
        "2023 年还没有评分办法：考核组可在「考核设置」中从上一考核期复制，或用 `kaohe scheme import` 导入评分办法文件"
        "（格式见 docs/scheme.md）；也可在左侧换一个考核期。"
    ]


# -- comparison ------------------------------------------------------------------------------------------------


def test_compare_units_shows_each_units_total_and_indicator_points(app: Path, scores: dict[str, ScoreResult]) -> None:
    at = open_page("pages/compare.py")
    at.multiselect(key="compare_units").set_value(["SQ01", "SQ08"]).run()
    errors_free(at)
    units = scores["2025"].units.set_index("unit_id")
    assert [m.value for m in at.main.metric] == [ui.fmt_score(units.loc[u, "total"]) for u in ("SQ01", "SQ08")]
    indicators = table(at, "维度")
    assert indicators["城东南路社区"].tolist() == pytest.approx(scores["2025"].unit_lines("SQ08")["points"].tolist())
    radar = chart(at, "compare_radar_chart")
    assert [trace["name"] for trace in radar["data"]] == ["陇海东路第一社区", "城东南路社区"]
    assert at.query_params["units"] == ["SQ01", "SQ08"]
    at.multiselect(key="compare_units").set_value(["SQ01"]).run()
    assert "请至少选择两个党组织。" in [i.value for i in at.main.info]


def test_compare_a_unit_with_the_year_before(app: Path, scores: dict[str, ScoreResult]) -> None:
    at = open_page("pages/compare.py")
    at.radio(key="compare_mode").set_value("years").run()
    at.selectbox(key="compare_unit").select("SQ06").run()
    errors_free(at)
    totals = [scores[y].units.set_index("unit_id").loc["SQ06", "total"] for y in ("2025", "2024")]
    assert [m.value for m in at.main.metric] == [ui.fmt_score(v) for v in totals]
    assert [m.label for m in at.main.metric] == ["2025 年 · 总分", "2024 年 · 总分"]
    at.selectbox(key=ui.period_key("zh")).select("2024").run()
    assert [i.value for i in at.main.info][-1].startswith("2023 年无法评分，不能与上年对比：")


# -- overview additions ----------------------------------------------------------------------------------------


def test_overview_grade_counts_and_top_and_bottom_five(app: Path, scores: dict[str, ScoreResult]) -> None:
    at = open_page("pages/overview.py")
    errors_free(at)
    result = scores["2025"]
    spec = chart(at, "overview_grades_chart")
    counts = scorecard.grade_counts(result)
    assert spec["data"][0]["x"] == list(counts)
    assert spec["data"][0]["text"] == [f"{n} 个" for n in counts.values()]
    colours = formats.grade_colours(tuple(counts))
    assert spec["data"][0]["marker"]["color"] == [colours[g] for g in counts]
    # Static tables (long names wrap on a phone): rank, unit, total as published (two decimals) and grade.
    top, bottom = (d.value for d in at.main.table if list(d.value.columns)[:1] == ["排名"])
    assert list(top.columns) == list(bottom.columns) == ["排名", "党组织", "总分", "等次"]
    assert bottom["党组织"].tolist() == [ui.escape_markdown(u) for u in result.units["unit"].tail(5)]
    assert top["党组织"].tolist() == [ui.escape_markdown(u) for u in result.units["unit"].head(5)]
    assert top["总分"].tolist() == [ui.fmt_score(v) for v in result.units["total"].head(5)]
    # The vetoed unit ranks last with a high total: its grade cell says why (found by trying the app).
    last = result.units.tail(5)
    marked = [f"{g}（一票否决）" if v else g for g, v in zip(last["grade"], last["vetoed"], strict=True)]
    assert bottom["等次"].tolist() == marked
    assert last["vetoed"].iloc[-1] and not result.units["vetoed"].head(5).any()
    # 2025 is over: pace is not judged, and the page says which year to pick instead.
    assert any("进度预警针对进行中的考核期" in c.value for c in at.main.caption)


def test_overview_flags_units_behind_pace_in_the_year_under_way(app: Path, db: Path, scores: dict[str, Any]) -> None:
    at = open_page("pages/overview.py", period="2026")
    errors_free(at)
    assert scores["2026"].as_of == date(2026, 10, 31)
    expected = pace.period_pace(scores["2026"], LOCAL_VIEWER)
    behind = table(at, "进度")
    assert behind["党组织"].tolist() == expected.behind()["unit"].tolist()
    assert {"北三街社区", "民政科党支部", "河南陇海汽车配件市场有限公司党支部"} <= set(behind["党组织"])
    badges = " ".join(m.value for m in at.main.markdown)
    for status, n in expected.counts().items():
        assert f"{ui.t(f'pace.status.{status.value}')} {n} 个" in badges
