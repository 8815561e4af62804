"""Backups: consistent copies on a schedule and on demand, the newest N kept, and restore from each of them."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pytest
from conftest import csv_bytes

from kaohe.access import AccessDenied, Role, Viewer
from kaohe.backup import (
    BackupError,
    BackupSchedule,
    BackupSettings,
    check_backup,
    latest_schema_version,
    list_backups,
    make_backup,
    restore,
    settings_from_env,
)
from kaohe.cli import EXIT_INPUT, EXIT_OK, main
from kaohe.ingest import import_file
from kaohe.store import Store

START = datetime(2026, 3, 2, 2, 0)


def counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows per table of the database `con` is connected to."""
    tables = con.execute(
        "select table_name from information_schema.tables where table_type = 'BASE TABLE' "
        "and table_catalog = current_database()"
    ).fetchall()
    return {t: int(con.execute(f'select count(*) from "{t}"').fetchone()[0]) for (t,) in tables}  # type: ignore[index]


def table_counts(path: Path) -> dict[str, int]:
    """Rows per table of the database at `path`, read directly (not through the Store)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return counts(con)
    finally:
        con.close()


def services(n: int, offset: int = 0) -> bytes:
    rows = [["服务日期", "党组织名称", "服务类别", "服务内容", "服务人数"]]
    rows += [["2025-03-05", "新郑路社区党支部", "医疗义诊", f"义诊第{offset + i}场", "12"] for i in range(n)]
    return csv_bytes(rows)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


def test_a_backup_is_a_whole_copy_that_opens_on_its_own(units_roster: Store, tmp_path: Path) -> None:
    import_file(units_roster, services(40), "便民服务.csv")
    before = table_counts_live(units_roster)
    made = make_backup(units_roster, BackupSettings(tmp_path / "backups"))
    assert made.path.parent == tmp_path / "backups" and made.size > 0
    assert table_counts(made.path) == before
    assert check_backup(made.path) == latest_schema_version()
    # The sequences go along with their current values, so ids made after a restore do not collide.
    with Store(made.path) as copy:
        import_file(copy, services(1, offset=99), "补报.csv")
        assert copy.cursor().execute("select max(import_id) from imports").fetchone() == (3,)
    # No partial file is left behind, and the backup was audited.
    assert [p.name for p in (tmp_path / "backups").iterdir()] == [made.path.name]
    actions = units_roster.cursor().execute("select who, action from audit_log where action = 'backup.make'")
    assert actions.fetchall() == [("local", "backup.make")]


def table_counts_live(store: Store) -> dict[str, int]:
    return counts(store.cursor())


def test_only_admins_and_the_local_user_make_backups(units_roster: Store, tmp_path: Path) -> None:
    settings = BackupSettings(tmp_path / "backups")
    with pytest.raises(AccessDenied):
        make_backup(units_roster, settings, Viewer("li", Role.ANALYST))
    assert make_backup(units_roster, settings, Viewer("admin", Role.ADMIN)).path.exists()


def test_the_schedule_backs_up_daily_keeps_the_newest_and_each_restores(units_roster: Store, tmp_path: Path) -> None:
    clock = Clock()
    settings = BackupSettings(tmp_path / "backups", keep=3, interval=timedelta(days=1))
    schedule = BackupSchedule(units_roster, settings, clock=clock)
    expected: dict[str, dict[str, int]] = {}
    for day in range(5):
        import_file(units_roster, services(10 * (day + 1), offset=100 * day), f"便民服务_{day}.csv")
        made = schedule.run_pending()
        assert made is not None
        expected[made.path.name] = table_counts(made.path)
        assert schedule.run_pending() is None  # not due again the same day
        clock.now += timedelta(hours=23)
        assert schedule.run_pending() is None
        clock.now += timedelta(hours=1)
    kept = list_backups(settings.folder)
    assert [b.made_at for b in kept] == [START + timedelta(days=d) for d in (4, 3, 2)]
    # Restore from each kept backup into a database of its own and find exactly what was there.
    for backup in kept:
        target = tmp_path / "restored" / f"{backup.path.stem}.duckdb"
        done = restore(target, backup.path)
        assert done.replaced is None and done.schema_version == latest_schema_version()
        restored = table_counts(target)
        restored["audit_log"] -= 1  # the restore is itself recorded
        assert restored == expected[backup.path.name]
        with Store(target) as store:
            services_rows = store.cursor().execute("select count(*) from services").fetchone()
        assert services_rows == (sum(10 * (d + 1) for d in range(backup.made_at.day - START.day + 1)),)


def test_restore_keeps_the_replaced_file_and_opens_an_older_schema(units_roster: Store, tmp_path: Path) -> None:
    db = units_roster.path
    made = make_backup(units_roster, BackupSettings(tmp_path / "backups"))
    import_file(units_roster, services(7), "便民服务.csv")
    units_roster.close()
    before = db.read_bytes()
    assert main(["restore", str(made.path), "--db", str(db)]) == EXIT_OK
    [replaced] = list(db.parent.glob("kaohe.duckdb.replaced-*"))
    assert replaced.read_bytes() == before
    assert table_counts(db)["services"] == 0 and table_counts(replaced)["services"] == 7


def test_a_backup_from_an_older_version_is_brought_up_to_date(tmp_path: Path) -> None:
    from kaohe.queries import load_query
    from kaohe.store import schema_files

    # A database as the release before schema 20 left it: migrations up to 4, accounts with lockout columns.
    old = tmp_path / "old.duckdb"
    con = duckdb.connect(str(old))
    for version, name, path in schema_files():
        if version > 4:
            break
        con.execute(path.read_text(encoding="utf-8"))
        if version:
            con.execute(load_query("store/record_migration"), {"version": version, "name": name})
    con.execute("insert into units (unit_id, name, kind, members) values ('U01', '甲社区党支部', '社区', 30)")
    con.execute(
        "insert into users (user_name, display_name, role, password_hash, failed_attempts, created_at, changed_at) "
        "values ('admin', '管理员', 'admin', 'x', 3, now(), now())"
    )
    con.close()
    assert check_backup(old) == 4
    done = restore(tmp_path / "kaohe.duckdb", old)
    assert done.schema_version == 4
    with Store(done.database) as store:
        assert store.schema_version() == latest_schema_version()
        assert store.cursor().execute("select count(*) from units").fetchone() == (1,)
        assert store.cursor().execute("select user_name from users").fetchall() == [("admin",)]


@pytest.mark.parametrize(
    ("make", "code"),
    [
        pytest.param(lambda p: p.write_bytes(b""), "backup.unreadable", id="empty"),
        pytest.param(lambda p: p.write_bytes(b"SQLite format 3\0" * 500), "backup.unreadable", id="not-duckdb"),
        pytest.param(lambda p: duckdb.connect(str(p)).close(), "backup.not_kaohe", id="another-duckdb"),
        pytest.param(lambda p: None, "backup.no_file", id="missing"),
    ],
)
def test_restore_refuses_a_file_that_is_not_a_kaohe_backup(units_roster: Store, tmp_path: Path, make, code) -> None:  # type: ignore[no-untyped-def]
    db = units_roster.path
    units_roster.close()
    before = db.read_bytes()
    bad = tmp_path / "bad.duckdb"
    make(bad)
    with pytest.raises(BackupError) as refused:
        restore(db, bad)
    assert refused.value.key == code
    assert db.read_bytes() == before and not list(tmp_path.glob("*.replaced-*"))


def test_restore_refuses_a_backup_from_a_newer_version(tmp_path: Path) -> None:
    newer = tmp_path / "newer.duckdb"
    with Store(newer) as store, store.transaction() as cur:
        cur.execute("insert into schema_migrations values (999, 'from_the_future', now())")
    with pytest.raises(BackupError, match="更新版本"):
        check_backup(newer)


def test_cli_backup_to_a_folder_and_keep_setting(
    units_roster: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = units_roster.path
    units_roster.close()
    monkeypatch.setenv("KAOHE_BACKUP_KEEP", "2")
    for _ in range(3):
        assert main(["backup", "--db", str(db), "--out", str(tmp_path / "out"), "--json"]) == EXIT_OK
    assert len(list_backups(tmp_path / "out")) == 2
    assert "backup" in capsys.readouterr().out
    monkeypatch.setenv("KAOHE_BACKUP_KEEP", "many")
    assert main(["backup", "--db", str(db), "--json"]) == EXIT_INPUT
    assert "KAOHE_BACKUP_KEEP" in capsys.readouterr().out


def test_settings_come_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "data" / "kaohe.duckdb"
    for name in ("KAOHE_BACKUP_DIR", "KAOHE_BACKUP_KEEP", "KAOHE_BACKUP_HOURS"):
        monkeypatch.delenv(name, raising=False)
    assert settings_from_env(db) == BackupSettings(tmp_path / "data" / "backups", 14, timedelta(hours=24))
    monkeypatch.setenv("KAOHE_BACKUP_DIR", str(tmp_path / "elsewhere"))
    monkeypatch.setenv("KAOHE_BACKUP_KEEP", "3")
    monkeypatch.setenv("KAOHE_BACKUP_HOURS", "0")
    assert settings_from_env(db) == BackupSettings(tmp_path / "elsewhere", 3, None)


def test_a_backup_that_cannot_be_written_is_said_and_leaves_no_partial_file(
    units_roster: Store, tmp_path: Path
) -> None:
    import json
    import resource
    import signal
    import subprocess
    import sys

    import_file(units_roster, services(2000), "便民服务.csv")
    db = units_roster.path
    units_roster.close()

    def no_big_files() -> None:
        # Any file growing past 64 KB fails with EFBIG, as on a full disk it fails with ENOSPC.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (64_000, 64_000))

    done = subprocess.run(
        [sys.executable, "-m", "kaohe", "backup", "--db", str(db), "--out", str(tmp_path / "out"), "--json"],
        capture_output=True,
        text=True,
        preexec_fn=no_big_files,
        timeout=120,
    )
    assert done.returncode == EXIT_INPUT and "Traceback" not in done.stderr
    error = json.loads(done.stdout)["error"]
    assert error["code"] == "backup.file_too_large" and "没有做成" in error["message"]
    assert list((tmp_path / "out").iterdir()) == []
