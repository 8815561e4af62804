"""The demo ledgers: deterministic, shipped as generated, and reproducing the article's figures once imported."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from kaohe import demo, demo_assessments, demo_build, demo_generate
from kaohe.ingest import ImportResult
from kaohe.periods import parse_period
from kaohe.store import Store

# The office's figures as the article states them (not taken from the generator).
ARTICLE_COMMUNITIES = ("陇海东路第一社区", "新郑路社区", "陇一社区")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh generation of the demo exports."""
    out = tmp_path_factory.mktemp("demo_a")
    demo_generate.generate(out)
    return out


@dataclass(frozen=True)
class Built:
    """The shipped data/demo/ imported into a fresh store: the store, the results and the progress calls."""

    store: Store
    results: list[ImportResult]
    calls: list[tuple[int, int, str]]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    """Build the demo database once for this module."""
    calls: list[tuple[int, int, str]] = []
    store = Store(tmp_path_factory.mktemp("demo_db") / "demo.duckdb")
    results = demo_build.build_demo(store, progress=lambda i, n, name: calls.append((i, n, name)))
    yield Built(store, results, calls)
    store.close()


def table(store: Store, name: str) -> pd.DataFrame:
    """A whole table as a DataFrame (the demo tables are small)."""
    return store.cursor().table(name).df()


def in_year(frame: pd.DataFrame, column: str, year: int) -> pd.DataFrame:
    """The rows whose `column` date falls in `year`."""
    return frame[pd.to_datetime(frame[column]).dt.year == year]


# -- generation ----------------------------------------------------------------------------------------


def test_generating_twice_gives_identical_bytes(generated: Path, tmp_path: Path) -> None:
    again = demo_generate.generate(tmp_path)
    assert [p.name for p in again] == list(demo_build.FILE_ORDER)
    for path in again:
        assert path.read_bytes() == (generated / path.name).read_bytes(), path.name


def test_shipped_files_are_what_the_generator_writes(generated: Path) -> None:
    shipped = {p.name for p in demo_build.DEMO_DIR.iterdir() if p.is_file() and p.name != "README.md"}
    assert shipped == set(demo_build.FILE_ORDER), "data/demo/ holds files the generator does not write (or lacks some)"
    for name in demo_build.FILE_ORDER:
        assert (demo_build.DEMO_DIR / name).read_bytes() == (generated / name).read_bytes(), (
            f"data/demo/{name} differs from what the generator writes: run python -m kaohe.demo_generate"
        )


@pytest.fixture(scope="module")
def generated_assessments(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh generation of the assessor files, from the shipped ledgers."""
    out = tmp_path_factory.mktemp("demo_assessments")
    demo_assessments.generate_assessments(out)
    return out


def test_shipped_assessor_files_are_what_the_generator_writes(generated_assessments: Path) -> None:
    shipped = {p.name for p in demo_build.ASSESSMENTS_DIR.iterdir() if p.is_file()}
    assert shipped == set(demo_build.DEMO_ASSESSMENT_FILES), (
        "data/demo/assessments/ holds files not generated (or lacks some)"
    )
    for name in demo_build.DEMO_ASSESSMENT_FILES:
        assert (demo_build.ASSESSMENTS_DIR / name).read_bytes() == (generated_assessments / name).read_bytes(), (
            f"data/demo/assessments/{name} differs from what the generator writes: run python -m kaohe.demo_generate"
        )


def review_means(folder: Path, period: str) -> pd.Series:
    """Each unit's mean 书记述职评议 score over the six assessors in one period's file."""
    scores = pd.read_csv(folder / demo_build.assessment_files(period)[0], dtype={"考核期": str})
    assert set(scores["考核期"]) == {period}
    review = scores[scores["指标"] == "qual_review"]
    assert (review.groupby("单位编号")["考核人"].nunique() == 6).all()
    return review.groupby("单位编号")["分数"].mean()


def test_2024_assessments_follow_2025_without_repeating_it(generated_assessments: Path) -> None:
    before, after = review_means(generated_assessments, "2024"), review_means(generated_assessments, "2025")
    assert "QY10" not in before.index and "QY10" in after.index, "the branch founded in July 2025 has no 2024 scores"
    both = pd.concat([before, after], axis=1, keys=["2024", "2025"]).dropna()
    assert len(both) == 35
    ranks = both.rank()
    assert ranks["2024"].corr(ranks["2025"]) > 0.5  # the assessors know the same branches (rank correlation)
    assert (both["2024"] - both["2025"]).abs().gt(0.3).sum() >= 10  # but a year is not the next year's copy


@pytest.mark.parametrize(
    ("period", "vetoes"), [pytest.param("2024", 0, id="2024-no-veto"), pytest.param("2025", 1, id="2025-one-veto")]
)
def test_each_assessed_year_has_bonuses_deductions_and_its_vetoes(
    generated_assessments: Path, period: str, vetoes: int
) -> None:
    items = pd.read_csv(generated_assessments / demo_build.assessment_files(period)[1], dtype={"考核期": str})
    kinds = items["类型"].value_counts().to_dict()
    assert kinds.get("加分", 0) >= 3 and kinds.get("扣分", 0) >= 2 and kinds.get("一票否决", 0) == vetoes
    assert set(items["考核期"]) == {period}


def test_the_year_in_progress_has_no_assessor_input(built: Built) -> None:
    periods = built.store.cursor().execute("select distinct period from qualitative_scores order by 1").fetchall()
    assert periods == [(p,) for p in demo_build.ASSESSED_PERIODS] == [("2024",), ("2025",)]
    assert built.store.cursor().execute("select count(*) from adjustments where period like '2026%'").fetchone() == (0,)


def test_readme_documents_every_file_and_bad_row() -> None:
    readme = (demo_build.DEMO_DIR / "README.md").read_text(encoding="utf-8")
    for name in demo_build.FILE_ORDER:
        assert name in readme, name
    for bad in demo.BAD_ROWS:
        assert bad.value in readme, bad.value


def test_demo_files_names_a_missing_file(tmp_path: Path) -> None:
    demo_generate.generate(tmp_path)
    (tmp_path / demo_build.DISPUTES_FILE).unlink()
    with pytest.raises(FileNotFoundError, match="矛盾纠纷排查化解台账"):
        demo_build.demo_files(tmp_path)


def test_demo_files_start_with_the_units_roster() -> None:
    files = demo_build.demo_files()
    assert files[0].name == demo_build.UNITS_FILE
    assert [p.name for p in files] == list(demo_build.FILE_ORDER)


# -- the database built from the shipped files -------------------------------------------------------


ARTICLE_TOTALS = [
    pytest.param("services", 1688, id="1688-services"),
    pytest.param("people_served", 26190, id="26190-people-served"),
    pytest.param("errands", 1716, id="1716-errands-over-1700"),
    pytest.param("deeds", 3821, id="3821-practical-deeds"),
]


@pytest.mark.parametrize(("column", "expected"), ARTICLE_TOTALS)
def test_reporting_period_reproduces_the_article(built: Built, column: str, expected: int) -> None:
    store = built.store
    params = {**parse_period(demo_build.DEMO_PERIOD).params(), "unit_scope": None}
    totals = store.query("overview/headline_totals", params)
    assert int(totals[column].iloc[0]) == expected


def test_29_matters_decided_through_yizheng_sanyi_liang_gongkai(built: Built) -> None:
    store = built.store
    meetings = in_year(table(store, "meetings"), "meeting_date", 2025)
    decided = meetings[meetings["meeting_type"] == "一征三议两公开"]
    assert len(decided) == 29
    example = decided[decided["topic"].str.contains("老澡堂")]
    assert set(example["unit_id"]) == {"SQ01"}, "the article's bathhouse decision belongs to 陇海东路第一社区"


def test_the_office_has_36_branches_and_about_1200_members(built: Built) -> None:
    store = built.store
    units = table(store, "units")
    assert len(units) == 36
    assert 1200 <= int(units["members"].sum()) <= 1230
    assert (units["kind"] == "社区").sum() == 8
    assert (units["kind"] == "村").sum() == 1
    names = set(units["name"])
    assert {*ARTICLE_COMMUNITIES, "陇海村"} <= names
    assert units["liaison"].nunique() == 12, "each of the 12 班子成员 has branches to contact"
    assert units["secretary"].notna().all() and units["secretary"].is_unique


def test_one_branch_was_founded_mid_2025(built: Built) -> None:
    store = built.store
    units = table(store, "units")
    founded_2025 = units[pd.to_datetime(units["active_from"]).dt.year == 2025]
    assert list(founded_2025["active_from"].dt.date) == [date(2025, 7, 1)]
    new_id = founded_2025["unit_id"].iloc[0]
    services = table(store, "services")
    first = pd.to_datetime(services.loc[services["unit_id"] == new_id, "service_date"]).min()
    assert first.date() >= date(2025, 7, 1), "a branch records nothing before it existed"


def test_unit_aliases_from_the_roster_resolve(built: Built) -> None:
    store = built.store
    aliases = dict(table(store, "unit_aliases")[["alias", "unit_id"]].itertuples(index=False))
    assert aliases["陇海东路一社区"] == "SQ01"
    assert aliases["陇海村党总支"] == aliases["陇海村党支部"] == "CUN01"


EXPECTED_LEDGERS = [pytest.param(name, ledger, id=name) for name, ledger in (
    (demo_build.UNITS_FILE, "units"),
    (demo_build.SERVICES_2024_FILE, "services"),
    (demo_build.SERVICES_2025_COMMUNITY_FILE, "services"),
    (demo_build.SERVICES_2025_OFFICE_FILE, "services"),
    (demo_build.SERVICES_2025_LATE_FILE, "services"),
    (demo_build.SERVICES_2026_FILE, "services"),
    (demo_build.MEETINGS_2024_FILE, "meetings"),
    (demo_build.MEETINGS_2025_FILE, "meetings"),
    (demo_build.DECISIONS_2025_FILE, "meetings"),
    (demo_build.MEETINGS_2026_FILE, "meetings"),
    (demo_build.CASES_2024_FILE, "cases"),
    (demo_build.ERRANDS_2025_FILE, "cases"),
    (demo_build.DEEDS_2025_FILE, "cases"),
    (demo_build.CASES_2026_FILE, "cases"),
    (demo_build.DISPUTES_FILE, "disputes"),
    (demo_build.LEADERS_FILE, "leaders"),
)]  # fmt: skip


@pytest.mark.parametrize(("file_name", "ledger"), EXPECTED_LEDGERS)
def test_every_file_is_read_as_its_ledger_and_loads_rows(built: Built, file_name: str, ledger: str) -> None:
    results = built.results
    result = next(r for r in results if r.file_name == file_name)
    assert result.ledger == ledger
    assert result.loaded > 0


def test_progress_is_reported_before_each_file_in_order(built: Built) -> None:
    calls = built.calls
    n = len(demo_build.FILE_ORDER)
    assert calls == [(i, n, name) for i, name in enumerate(demo_build.FILE_ORDER)]


def test_only_the_late_report_repeats_rows(built: Built) -> None:
    results = built.results
    duplicates = {r.file_name: r.duplicate for r in results if r.duplicate}
    assert duplicates == {demo_build.SERVICES_2025_LATE_FILE: demo.LATE_REPEATS}


def test_the_community_workbook_skips_its_blank_and_totals_rows(built: Built) -> None:
    results = built.results
    result = next(r for r in results if r.file_name == demo_build.SERVICES_2025_COMMUNITY_FILE)
    # A blank row after each of the 8 communities before the next branch, a blank line, then 合计.
    assert result.skipped == 10


REASON_WORDS = {
    "negative": "负数",
    "unknown_unit": "不在党组织名册中",
    "bad_date": "不是有效日期",
    "not_a_number": "不是有效的数",
    "missing": "为空",
}


def _file_row(path: Path, number: int) -> list[str]:
    """Row `number` (1-based, as Excel and the importer count) of a demo file, as text."""
    if path.suffix == ".xlsx":
        book = openpyxl.load_workbook(path, read_only=True)
        sheet = book.worksheets[0]
        cells = next(sheet.iter_rows(min_row=number, max_row=number, values_only=True))
        book.close()
        return ["" if v is None else str(v) for v in cells]
    encoding = "gbk" if path.name == demo_build.SERVICES_2025_OFFICE_FILE else "utf-8-sig"
    with path.open(encoding=encoding, newline="") as handle:
        return list(csv.reader(handle))[number - 1]


@pytest.mark.parametrize("bad", [pytest.param(b, id=b.problem) for b in demo.BAD_ROWS])
def test_each_bad_row_is_rejected_with_its_reason(built: Built, bad: demo.BadRow) -> None:
    results = built.results
    result = next(r for r in results if r.file_name == bad.file_name)
    matching = result.rejects[
        result.rejects["reason"].str.contains(bad.column, regex=False)
        & result.rejects["reason"].str.contains(f"“{bad.value}”" if bad.value else "为空", regex=False)
    ]
    assert len(matching) == 1, result.rejects.to_string()
    assert REASON_WORDS[bad.problem] in matching["reason"].iloc[0]
    source_row = int(matching["source_row"].iloc[0])
    row = _file_row(demo_build.DEMO_DIR / bad.file_name, source_row)
    if bad.value:
        assert bad.value in row, f"row {source_row} of {bad.file_name} is {row}"
    else:
        assert "" in row and any(row), f"row {source_row} of {bad.file_name} is {row}"


def test_the_rejects_table_holds_exactly_the_deliberate_bad_rows(built: Built) -> None:
    store, results = built.store, built.results
    assert sum(r.rejected for r in results) == len(demo.BAD_ROWS)
    assert len(table(store, "rejects")) == len(demo.BAD_ROWS)


def test_importing_again_changes_nothing(built: Built) -> None:
    store = built.store
    before = len(table(store, "services"))
    again = demo_build.build_demo(store)
    assert all(r.already_imported for r in again)
    assert len(table(store, "services")) == before


# -- realistic spread -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ledger", "column"),
    [
        pytest.param("services", "service_date", id="services"),
        pytest.param("cases", "received_date", id="cases"),
        pytest.param("disputes", "dispute_date", id="disputes"),
    ],
)
def test_2024_runs_at_85_to_95_percent_and_2026_keeps_pace(built: Built, ledger: str, column: str) -> None:
    store = built.store
    rows = table(store, ledger)
    per_year = {year: len(in_year(rows, column, year)) for year in demo.YEARS}
    assert 0.85 <= per_year[2024] / per_year[2025] <= 0.97
    # January to October of 2026 against ten twelfths of 2025, a few branches lagging.
    assert 0.8 <= per_year[2026] / (per_year[2025] * 10 / 12) <= 1.05
    assert pd.to_datetime(rows[column]).max().date() <= date(2026, 10, 31)


def test_branches_differ_in_how_fully_they_keep_organisational_life(built: Built) -> None:
    store = built.store
    meetings = in_year(table(store, "meetings"), "meeting_date", 2025)
    monthly = meetings[meetings["meeting_type"].isin(["支委会", "党小组会", "主题党日"])]
    months = monthly.assign(month=pd.to_datetime(monthly["meeting_date"]).dt.month)
    held = months.groupby(["unit_id", "meeting_type"])["month"].nunique().groupby("unit_id").sum()
    units = table(store, "units").set_index("unit_id")
    owed = pd.Series(
        {u: 36 if pd.isna(f) or f.year < 2025 else 3 * (13 - f.month) for u, f in units["active_from"].items()}
    )
    missed = (owed - held.reindex(owed.index, fill_value=0)).sort_values()
    assert (missed == 0).sum() >= 18, "most branches miss nothing"
    assert ((missed >= 1) & (missed <= 6)).sum() >= 5, "some miss a few months"
    assert (missed >= 10).sum() in (2, 3), "two or three weak branches miss many"


def test_services_people_served_are_small_and_members_within_the_branch(built: Built) -> None:
    store = built.store
    services = table(store, "services").merge(table(store, "units")[["unit_id", "members"]], on="unit_id")
    # The only exceptions are two of the cases planted for the credibility checks (kaohe/demo_planted.py): a service
    # of 360 people at 社会事务办 (JG08) and one naming twice its members at 阳光家政服务中心 (SH05).
    too_many = services[~services["people_served"].between(1, 120)]
    assert too_many[["unit_id", "people_served"]].to_numpy().tolist() == [["JG08", 360]]
    over_roll = services[services["members_involved"] > services["members"]]
    assert over_roll["unit_id"].tolist() == ["SH05"]
    assert services["hours"].between(0.5, 4).all()


def test_disputes_concentrate_in_the_village_and_few_escalate(built: Built) -> None:
    store = built.store
    disputes = in_year(table(store, "disputes"), "dispute_date", 2025)
    assert 150 <= len(disputes) <= 260
    top_three = disputes["unit_id"].value_counts().head(3)
    assert top_three.index[0] == "CUN01"
    assert top_three.sum() / len(disputes) >= 0.5
    assert disputes["resolved"].mean() >= 0.85
    assert 1 <= disputes["escalated"].sum() <= 0.1 * len(disputes)


# -- first start -----------------------------------------------------------------------------------------


class _Stop(Exception):
    """Stands for Streamlit stopping the script when the browser goes away."""


def test_an_interrupted_build_resumes_and_then_reports_done(tmp_path: Path) -> None:
    with Store(tmp_path / "k.duckdb") as store:
        assert demo_build.needs_demo_build(store)

        def stop_at_fourth_file(done: int, total: int, name: str) -> None:
            if done == 3:
                raise _Stop

        with pytest.raises(_Stop):
            demo_build.build_demo(store, progress=stop_at_fourth_file)
        assert store.cursor().execute("select count(*) from imports").fetchone() == (3,)
        assert demo_build.needs_demo_build(store), "a half-built demo must not look finished"

        demo_build.build_demo(store)
        assert not demo_build.needs_demo_build(store)
        services_2025 = (
            store.cursor().execute("select count(*) from services where year(service_date) = 2025").fetchone()
        )
        assert services_2025 == (demo.ARTICLE.services,)


def test_a_database_of_real_ledgers_is_left_alone(tmp_path: Path) -> None:
    with Store(tmp_path / "k.duckdb") as store:
        with store.transaction() as cur:
            cur.execute("insert into units (unit_id, name, kind, members) values ('X1', '某社区党支部', '社区', 30)")
        assert not demo_build.needs_demo_build(store)
