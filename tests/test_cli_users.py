"""`kaohe users`: accounts from the command line, the password never on it."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from kaohe.cli import EXIT_INPUT, EXIT_OK, EXIT_USAGE, main
from kaohe.store import Store


def run(monkeypatch: pytest.MonkeyPatch, argv: list[str], stdin: str = "") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(argv)


def test_add_list_disable_and_passwd(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = str(tmp_path / "k.duckdb")
    assert (
        run(monkeypatch, ["users", "add", "Admin", "--role", "admin", "--password-stdin", "--db", db], "s3cret-pass\n")
        == EXIT_OK
    )
    assert "已新建用户 admin（admin）" in capsys.readouterr().out
    assert run(monkeypatch, ["users", "disable", "admin", "--db", db]) == EXIT_OK
    assert (
        run(monkeypatch, ["users", "passwd", "admin", "--password-stdin", "--db", db], "n3w-secret-pass\n") == EXIT_OK
    )
    capsys.readouterr()
    assert run(monkeypatch, ["users", "list", "--json", "--db", db]) == EXIT_OK
    listed = json.loads(capsys.readouterr().out)["users"]
    assert [(u["user_name"], u["role"], u["disabled"]) for u in listed] == [("admin", "admin", True)]
    with Store(db) as store:
        logged = store.cursor().execute("select action, before, after from audit_log order by audit_id").fetchall()
    assert [a for a, *_ in logged] == ["user.add", "user.disable", "user.password_reset"]
    assert "s3cret" not in repr(logged) and "n3w-secret" not in repr(logged)


def test_the_prompt_asks_twice_and_refuses_a_mismatch(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    answers = iter(["first-password", "other-password"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert (
        run(monkeypatch, ["users", "add", "li", "--role", "analyst", "--db", str(tmp_path / "k.duckdb")]) == EXIT_INPUT
    )
    assert "两次输入的密码不一致" in capsys.readouterr().err


CLI_ERRORS = [
    pytest.param(
        ["users", "add", "li", "--role", "analyst", "--password", "x"],
        EXIT_USAGE,
        "unrecognized",
        id="password-as-argument",
    ),
    pytest.param(["users", "add", "li", "--role", "root"], EXIT_USAGE, "invalid choice", id="unknown-role"),
    pytest.param(
        ["users", "add", "li", "--role", "branch", "--password-stdin"], EXIT_INPUT, "--unit", id="branch-without-unit"
    ),
    pytest.param(["users", "disable", "ghost"], EXIT_INPUT, "用户 ghost 不存在", id="unknown-user"),
]


@pytest.mark.parametrize(("argv", "status", "message"), CLI_ERRORS)
def test_errors_say_what_was_wrong(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    argv: list[str],
    status: int,
    message: str,
) -> None:
    if status == EXIT_USAGE:
        with pytest.raises(SystemExit) as caught:
            run(monkeypatch, [*argv, "--db", str(tmp_path / "k.duckdb")])
        assert caught.value.code == status
    else:
        assert run(monkeypatch, [*argv, "--db", str(tmp_path / "k.duckdb")], "long-enough-1\n") == status
    assert message in capsys.readouterr().err
