"""本支部自评 in the app (AppTest through app.py, signed in): a branch user enters its own unit's score, and only its
own. The demo's 2025 method is given a self-assessed indicator (自评占 30%) for this."""

from __future__ import annotations

import shutil
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from streamlit.testing.v1 import AppTest

from kaohe import PROJECT_ROOT, self_assessment, ui, workflow
from kaohe.access import LOCAL_VIEWER, Role, Viewer
from kaohe.auth import Accounts
from kaohe.periods import parse_period
from kaohe.scheme import SCHEMES_DIR, parse_scheme
from kaohe.store import Store

pytest_plugins = ["fixtures_app"]

APP = str(PROJECT_ROOT / "app.py")
PASSWORD = "self-pass-1"
ASSESSOR = Viewer("kaohezu", Role.ASSESSOR)


@pytest.fixture
def app(app_db: Any, demo_db_template: Path, tmp_path: Path) -> Path:
    """The demo with qual_review weighing a self-assessment in 2025, open until the end of the year in progress."""
    path = tmp_path / "kaohe.duckdb"
    shutil.copyfile(demo_db_template, path)
    with Store(path) as store:
        accounts = Accounts(store, hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
        accounts.add_user(LOCAL_VIEWER, "sq05", PASSWORD, Role.BRANCH, unit_id="SQ05")
        base = workflow.scheme_in_force(store, "2025")
        data = tomllib.loads((SCHEMES_DIR / "2025.toml").read_text(encoding="utf-8"))
        data["scheme"]["version"] = base.version + 1
        for ind in data["indicators"]:
            if ind["id"] == "qual_review":
                ind["self_weight"] = 0.3
        edited = workflow.save_version(store, ASSESSOR, base, parse_scheme(data, "自评试用"))
        workflow.activate(store, ASSESSOR, edited.id, edited.version)
        self_assessment.set_deadline(store, ASSESSOR, parse_period("2025"), date(2026, 12, 31))
    ui._store_for.clear()
    ui._accounts_for.clear()
    return app_db(path)  # type: ignore[no-any-return]


def signed_in(user: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["period"] = "2025"
    at.run()
    at.text_input(key="login_name").input(user)
    at.text_input(key="login_password").input(PASSWORD)
    at.button[0].click().run()
    at.switch_page(str(PROJECT_ROOT / "pages" / "self_assessment.py")).run()
    assert not at.exception, at.exception
    return at


def test_a_branch_enters_its_own_units_score(app: Path) -> None:
    at = signed_in("sq05")
    assert not at.error, [e.value for e in at.error]
    assert not [b for b in at.selectbox if b.key == "self_unit"], "a branch has no unit to pick"
    assert any("自评占 30%" in m.value for m in at.markdown)
    at.number_input(key="self_score_qual_review").set_value(8.5).run()
    at.button(key="self_save_qual_review").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    with Store(app) as store:
        rows = store.cursor().execute("select unit_id, indicator_id, score from self_scores").fetchall()
    assert rows == [("SQ05", "qual_review", 8.5)]
