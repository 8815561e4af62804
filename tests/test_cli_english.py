"""`kaohe` with KAOHE_LANG=en: help, refusals and printed lines in English, Chinese only in the values it quotes.

Each case runs the real command in a subprocess, as an English-reading operator would.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

KAOHE = [sys.executable, "-m", "kaohe"]
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


def kaohe_en(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run `kaohe ARGS` in English."""
    env = {**os.environ, "KAOHE_LANG": "en"}
    return subprocess.run([*KAOHE, *args], input=stdin, capture_output=True, text=True, env=env, timeout=120)


def assert_english(shown: str, *values: str) -> None:
    """No CJK in `shown` once the quoted values and the given data values are taken out."""
    words = re.sub(r"“[^”]*”", "", shown)
    for value in values:
        words = words.replace(value, "")
    assert not CJK.search(words), shown


@pytest.mark.parametrize(
    "command",
    [[], ["import"], ["template"], ["score"], ["checks"], ["report"], ["backup"], ["restore"],
     ["users"], ["users", "add"], ["users", "disable"], ["scheme"], ["scheme", "import"], ["scheme", "activate"]],
    ids=lambda c: " ".join(c) or "kaohe",
)  # fmt: skip
def test_the_help_is_in_english(command: list[str]) -> None:
    done = kaohe_en(*command, "--help")
    assert done.returncode == 0, done
    assert_english(done.stdout)
    assert "usage: kaohe" in done.stdout


def test_a_usage_error_and_a_refusal_are_said_in_english(tmp_path: Path) -> None:
    db = str(tmp_path / "k.duckdb")
    bad_map = kaohe_en("import", "x.csv", "--map", "title", "--db", db)
    assert bad_map.returncode == 2 and bad_map.stderr.startswith("kaohe: usage error: "), bad_map
    assert_english(bad_map.stderr)
    missing = tmp_path / "missing.csv"
    unreadable = kaohe_en("import", str(missing), "--db", db)
    assert unreadable.returncode == 1 and f"{missing}: cannot import: " in unreadable.stderr, unreadable
    assert_english(unreadable.stderr)
    refused = kaohe_en(
        "users", "add", "li", "--role", "branch", "--password-stdin", "--db", db, stdin="long-enough-1\n"
    )
    assert refused.returncode == 1 and "Branch user li needs --unit" in refused.stderr, refused
    assert_english(refused.stderr)


def test_the_users_lines_are_in_english(tmp_path: Path) -> None:
    db = str(tmp_path / "k.duckdb")
    assert (
        kaohe_en("users", "list", "--db", db).stdout.strip()
        == "No users yet: the app runs in demo mode (one local user)"
    )
    added = kaohe_en("users", "add", "admin", "--role", "admin", "--password-stdin", "--db", db, stdin="s3cret-pass\n")
    assert added.stdout.strip() == "User admin added (admin)", added
    assert kaohe_en("users", "disable", "admin", "--db", db).stdout.strip() == "admin disabled; their sessions ended"
    listed = kaohe_en("users", "list", "--db", db).stdout
    assert listed.split("\t")[-1].strip() == "disabled"
    for shown in (added.stdout, listed):
        assert_english(shown)
