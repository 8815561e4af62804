"""One number everywhere: a unit's total, grade, rank and rank in kind read the same on every surface, and
reading writes nothing.

Surfaces: the overview's top and bottom five, the scorecard's ranking and unit card, the comparison page (AppTest),
the xlsx, CSV and PDF exports, `kaohe score --json`, and the publication. Checked on the demo's 2024, 2025 and
2026 (scored to its cut-off), and again after a scheme version is saved (nothing changes), put in force
(everything changes together), new ledger rows are imported, and a what-if draft is scored (nothing changes).
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pypdf
import pytest
from argon2 import PasswordHasher
from conftest import csv_bytes
from streamlit.testing.v1 import AppTest

from kaohe import PROJECT_ROOT, export, formats, navigation, publish, results, ui, workflow
from kaohe.access import LOCAL_VIEWER, Role, Viewer
from kaohe.auth import Accounts
from kaohe.cli import main
from kaohe.ingest import import_file
from kaohe.labels import label
from kaohe.periods import parse_period
from kaohe.store import Store

pytest_plugins = ["fixtures_app"]

APP = str(PROJECT_ROOT / "app.py")
TIMEOUT = 90
STANDING = ["unit_id", "total", "grade", "rank", "rank_in_kind"]
SECRETARY = Viewer("书记", Role.SECRETARY)
ASSESSOR = Viewer("考核组", Role.ASSESSOR)


def reference(db: Path, period: str) -> results.Result:
    """The result as the library's one door gives it, at the default cut-off."""
    with Store(db) as store:
        wanted = parse_period(period)
        return results.view(store, LOCAL_VIEWER, wanted, as_of=results.default_cutoff(store, wanted))


def standing(frame: pd.DataFrame) -> pd.DataFrame:
    """unit_id, total (to 0.01), grade, rank, rank_in_kind, sorted by unit."""
    out = frame[STANDING].copy()
    out["total"] = out["total"].astype(float).round(2)
    out[["rank", "rank_in_kind"]] = out[["rank", "rank_in_kind"]].astype(int)
    return out.sort_values("unit_id").reset_index(drop=True)


def open_page(page: str, period: str, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["period"] = period
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    at.switch_page(str(PROJECT_ROOT / page)).run()
    assert not at.exception, at.exception
    return at


def tables(at: AppTest, first_column: str) -> list[pd.DataFrame]:
    return [d.value for d in at.main.dataframe if list(d.value.columns)[:1] == [first_column]]


# -- what each surface shows ------------------------------------------------------------------------------------


def scorecard_rows(period: str) -> pd.DataFrame:
    """The scorecard's ranking table: rank, unit id, total and grade as shown."""
    (ranking,) = tables(open_page("pages/scorecard.py", period), "排名")
    return ranking.rename(columns={"排名": "rank", "编号": "unit_id", "总分": "total", "等次": "grade"})


def scorecard_card(period: str, unit_id: str) -> dict[str, str]:
    """The metrics and the caption of one unit's card."""
    at = open_page("pages/scorecard.py", period, unit=unit_id)
    metrics = {m.label: str(m.value) for m in at.main.metric}
    metrics["caption"] = next(c.value for c in at.main.caption if "总排名" in c.value)
    return metrics


def overview_rows(period: str) -> pd.DataFrame:
    """The overview's top five and bottom five (static tables, figures as text): rank, unit name, total, grade."""
    at = open_page("pages/overview.py", period)
    top, bottom = (t.value for t in at.main.table if list(t.value.columns)[:1] == ["排名"])
    both = pd.concat([top, bottom])
    both = both.rename(columns={"排名": "rank", "党组织": "unit", "总分": "total", "等次": "grade"})
    return both.assign(total=both["total"].astype(float))


def compare_metrics(period: str, unit_ids: list[str]) -> tuple[list[str], list[str]]:
    """The comparison page's total metrics and the standing caption under each."""
    at = open_page("pages/compare.py", period, mode="units")
    at.multiselect(key="compare_units").set_value(unit_ids).run()
    assert not at.exception, at.exception
    values = [str(m.value) for m in at.main.metric]
    captions = [c.value for c in at.main.caption if "总排名" in c.value]
    return values, captions


def export_rows(db: Path, period: str, published: bool = False) -> dict[str, Any]:
    """The ranking as the xlsx and CSV exports hold it, and the PDF's text."""
    with Store(db) as store:
        wanted = parse_period(period)
        as_of = results.default_cutoff(store, wanted)
        ctx = export.context(store, LOCAL_VIEWER, wanted, published=published, as_of=as_of, lang="zh")
        xlsx, csv_raw, pdf_raw = (export.export_bytes(ctx, fmt) for fmt in ("xlsx", "csv", "pdf"))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx))["排名"]
    grid = [[c.value for c in row] for row in sheet.iter_rows()]
    header = grid.index(next(r for r in grid if r and r[0] == "排名"))
    book = pd.DataFrame(grid[header + 1 :], columns=grid[header])
    rows = list(csv.reader(io.StringIO(csv_raw.decode("utf-8-sig"))))
    table = pd.DataFrame(rows[1:], columns=rows[0])
    pdf_text = re.sub(r"[\s\x00]+", "", "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf_raw)).pages))
    names = {"排名": "rank", "类内排名": "rank_in_kind", "编号": "unit_id", "总分": "total", "等次": "grade"}
    return {"xlsx": book.rename(columns=names), "csv": table.rename(columns=names), "pdf": pdf_text}


def cli_rows(db: Path, period: str, capsys: pytest.CaptureFixture[str]) -> tuple[dict[str, Any], pd.DataFrame]:
    assert main(["score", "--period", period, "--db", str(db), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    return payload, pd.DataFrame(payload["units"])


# -- the comparison ---------------------------------------------------------------------------------------------


def assert_every_surface_agrees(db: Path, period: str, capsys: pytest.CaptureFixture[str]) -> results.Result:
    """Every surface shows the reference's total, grade, rank and rank in kind for every unit it lists."""
    ref = reference(db, period)
    expected = standing(ref.score.units)
    provisional = ref.status is results.Status.PROVISIONAL
    shown_grade = {row.unit_id: formats.grade(row.grade, provisional, "zh") for row in expected.itertuples()}
    # The rankings of the scorecard and the overview say a veto in the grade cell (the total alone would not tell
    # why a unit ranks last).
    vetoed = dict(zip(ref.score.units["unit_id"], ref.score.units["vetoed"], strict=True))
    veto = label("score.grade_vetoed", "zh")
    ranked_grade = {u: veto.format(grade=g) if vetoed[u] else g for u, g in shown_grade.items()}
    by_name = {
        ui.escape_markdown(name): unit
        for name, unit in zip(ref.score.units["unit"], ref.score.units["unit_id"], strict=True)
    }

    card = scorecard_rows(period)
    assert card["unit_id"].tolist() == ref.score.units["unit_id"].tolist()  # in rank order
    merged = expected.merge(card, on="unit_id", suffixes=("", "_shown"))
    assert merged["total_shown"].round(2).tolist() == merged["total"].tolist()
    assert merged["rank_shown"].tolist() == merged["rank"].tolist()
    assert merged["grade_shown"].tolist() == [ranked_grade[u] for u in merged["unit_id"]]

    short = overview_rows(period).assign(unit_id=lambda f: f["unit"].map(by_name))
    merged = expected.merge(short, on="unit_id", suffixes=("", "_shown"))
    assert len(merged) == 10
    assert merged["total_shown"].round(2).tolist() == merged["total"].tolist()
    assert merged["rank_shown"].tolist() == merged["rank"].tolist()
    assert merged["grade_shown"].tolist() == [ranked_grade[u] for u in merged["unit_id"]]

    # The first, a middle and the last unit by rank: the unit card and the comparison page.
    picks = [ref.score.units["unit_id"].iloc[i] for i in (0, len(ref.score.units) // 2, -1)]
    rows = expected.set_index("unit_id")
    kinds = ref.score.units.set_index("unit_id")["kind"]
    values, captions = compare_metrics(period, picks)
    for unit_id, value, caption in zip(picks, values, captions, strict=True):
        row = rows.loc[unit_id]
        assert value == formats.score(row["total"])
        assert formats.rank(row["rank"], ref.units_scored, "zh") in caption
        assert formats.rank(row["rank_in_kind"], ref.of_kind(kinds[unit_id]), "zh") in caption
        assert caption.startswith(shown_grade[unit_id])
    metrics = scorecard_card(period, picks[1])
    row = rows.loc[picks[1]]
    assert metrics["总分"] == formats.score(row["total"])
    assert metrics[formats.grade("等次", provisional, "zh")] == rows.loc[picks[1], "grade"]
    assert metrics["排名"] == formats.rank(row["rank"], ref.units_scored, "zh")
    assert formats.rank(row["rank_in_kind"], ref.of_kind(kinds[picks[1]]), "zh") in metrics["caption"]

    files = export_rows(db, period)
    for name in ("xlsx", "csv"):
        frame = files[name].assign(grade=lambda f: f["grade"])
        merged = expected.merge(frame, on="unit_id", suffixes=("", "_shown"))
        assert len(merged) == len(expected), name
        assert merged["total_shown"].astype(float).round(2).tolist() == merged["total"].tolist(), name
        assert merged["rank_shown"].astype(int).tolist() == merged["rank"].tolist(), name
        assert merged["rank_in_kind_shown"].astype(int).tolist() == merged["rank_in_kind"].tolist(), name
        assert merged["grade_shown"].tolist() == [shown_grade[u] for u in merged["unit_id"]], name
    for unit in ref.score.units.itertuples():
        # The PDF ranking row: rank, name, kind, dimensions, bonus, deduction, total, grade.
        assert f"{formats.score(unit.total)}{shown_grade[unit.unit_id]}" in files["pdf"], unit.unit

    payload, units = cli_rows(db, period, capsys)
    assert payload["status"] == ref.status.value and payload["units_scored"] == ref.units_scored
    assert standing(units).equals(expected)
    return ref


@pytest.fixture
def app(app_db: Any, fresh_demo_db: Path) -> Path:
    return Path(app_db(fresh_demo_db))


@pytest.mark.parametrize("period", ["2024", "2025", "2026"])
def test_every_surface_shows_the_same_result(app: Path, period: str, capsys: pytest.CaptureFixture[str]) -> None:
    ref = assert_every_surface_agrees(app, period, capsys)
    assert ref.status is (results.Status.PROVISIONAL if period == "2026" else results.Status.LIVE)


def test_the_same_result_through_versions_imports_and_a_what_if(app: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Store(app) as store:
        published = publish.publish(store, SECRETARY, parse_period("2025"))
        base = workflow.scheme_in_force(store, "2025")
        grid = workflow.target_grid(base)
        grid.loc[grid["indicator_id"] == "svc_people", "社区"] = "5600"
        stricter = workflow.edited_scheme(base, grid, 2)
    before = standing(reference(app, "2025").score.units)

    # (a) A version saved but not put in force changes nothing anywhere.
    with Store(app) as store:
        workflow.save_version(store, ASSESSOR, base, stricter)
    assert standing(reference(app, "2025").score.units).equals(before)
    assert_every_surface_agrees(app, "2025", capsys)

    # (b) Put in force: every surface moves together, and the live view says it no longer matches the publication.
    with Store(app) as store:
        workflow.activate(store, ASSESSOR, "2025", 2)
    moved = assert_every_surface_agrees(app, "2025", capsys)
    assert not standing(moved.score.units).equals(before)
    assert moved.drifted
    at = open_page("pages/scorecard.py", "2025")
    assert any("以下实时结果与发布结果不同" in w.value for w in at.main.warning)
    # The publication itself is frozen: its export and `kaohe score --published` still show the published figures.
    frozen = export_rows(app, "2025", published=True)["xlsx"]
    assert (
        frozen["total"].astype(float).round(2).tolist()
        == pd.Series([float(t) for t in published_totals(app, published)]).tolist()
    )

    # (c) New ledger rows: again every surface agrees, in a closed and in a running period.
    with Store(app) as store:
        rows = [["支部名称", "服务日期", "服务类别", "服务内容", "服务人数"]]
        rows += [["新郑路社区", f"2025-0{m}-15", "义诊", f"补录{m}", "30"] for m in range(1, 10)]
        rows += [["新郑路社区", f"2026-0{m}-15", "义诊", f"补录{m}", "30"] for m in range(1, 10)]
        assert import_file(store, csv_bytes(rows), "补录服务台账.csv").loaded == 18
    assert_every_surface_agrees(app, "2025", capsys)
    after_import = assert_every_surface_agrees(app, "2026", capsys)

    # (d) A what-if draft is scored in memory: nothing any surface shows changes, nothing is stored.
    with Store(app) as store:
        draft_grid = workflow.target_grid(workflow.scheme_in_force(store, "2026"))
        draft_grid.loc[draft_grid["indicator_id"] == "svc_count", "社区"] = "1"
        current = workflow.scheme_in_force(store, "2026")
        draft = workflow.edited_scheme(current, draft_grid, workflow.latest_version(store, "2026") + 1)
        outcome = workflow.what_if(
            store, LOCAL_VIEWER, "2026", current, draft, results.default_cutoff(store, parse_period("2026"))
        )
        assert not outcome.changes.empty
        assert workflow.latest_version(store, "2026") == 1
    assert standing(assert_every_surface_agrees(app, "2026", capsys).score.units).equals(
        standing(after_import.score.units)
    )


def published_totals(db: Path, publication: publish.Publication) -> list[float]:
    with Store(db) as store:
        frozen = publish.frozen_result(store, publication).units
    return frozen["total"].round(2).tolist()


def test_a_branch_user_sees_its_published_standing_out_of_every_unit(app: Path) -> None:
    with Store(app) as store:
        published = publish.publish(store, SECRETARY, parse_period("2025"))
        frozen = publish.frozen_result(store, published).units.set_index("unit_id").loc["SQ06"]
        shown = results.view(store, Viewer("sq06", Role.BRANCH, unit_id="SQ06"), parse_period("2025"))
    assert shown.status is results.Status.PUBLISHED
    assert formats.rank(shown.score.units["rank"].iloc[0], shown.units_scored, "zh") == formats.rank(
        frozen["rank"], 36, "zh"
    )
    assert shown.of_kind("社区") == 8


# -- reading never writes -----------------------------------------------------------------------------------------

PASSWORD = "one-result-pass-1"
ROLES = [Role.SECRETARY, Role.ASSESSOR, Role.ANALYST, Role.BRANCH, Role.ADMIN]


@pytest.fixture
def accounts_app(app_db: Any, fresh_demo_db: Path) -> Iterator[Path]:
    with Store(fresh_demo_db) as store:
        accounts = Accounts(store, hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
        for role in ROLES:
            accounts.add_user(LOCAL_VIEWER, role.value, PASSWORD, role, unit_id="SQ06" if role is Role.BRANCH else None)
        publish.publish(store, SECRETARY, parse_period("2025"))
    yield Path(app_db(fresh_demo_db))


def fingerprint(store: Store) -> dict[str, int]:
    """Row counts of every table but the sign-in bookkeeping (sessions, users' last sign-in)."""
    names = (
        store.cursor()
        .execute("select table_name from information_schema.tables where table_type = 'BASE TABLE' order by 1")
        .fetchall()
    )
    counts = {}
    for (name,) in names:
        if name not in ("sessions", "users"):
            # Identifiers cannot be bound; these names come from the catalogue itself.
            counts[name] = store.cursor().execute(f'select count(*) from "{name}"').fetchone()[0]  # type: ignore[index]
    return counts


def test_rendering_every_page_for_every_role_writes_nothing(accounts_app: Path) -> None:
    for role in ROLES:
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        at.run()
        at.text_input(key="login_name").input(role.value)
        at.text_input(key="login_password").input(PASSWORD)
        at.button[0].click().run()
        assert not at.exception, at.exception
        store = ui.get_store()
        generation, counts = store.generation, fingerprint(store)
        for spec in navigation.pages_for_role(role.value):
            for period in ("2024", "2025", "2026"):
                at.query_params["period"] = period
                at.switch_page(str(PROJECT_ROOT / spec.path)).run()
                assert not at.exception, (role, spec.path, period, at.exception)
        assert store.generation == generation, role
        assert fingerprint(store) == counts, role


def test_scoring_from_the_command_line_writes_nothing(fresh_demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Store(fresh_demo_db) as store:
        counts = fingerprint(store)
    for period in ("2024", "2025", "2026"):
        assert main(["score", "--period", period, "--db", str(fresh_demo_db), "--json"]) == 0
    capsys.readouterr()
    copy = fresh_demo_db.with_name("after.duckdb")
    shutil.copyfile(fresh_demo_db, copy)
    with Store(copy) as store:
        assert fingerprint(store) == counts
