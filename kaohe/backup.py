"""Backups of the one database file: consistent copies on a schedule and on demand, kept N deep, and restore.

A year of assessment lives in one DuckDB file, one mistake away from loss. A backup is made with DuckDB's own
`COPY FROM DATABASE` into a new file attached to the Store's connection: the copy runs in one transaction, so
it is a consistent snapshot even while sessions read and write, it blocks nobody (the writer lock is not
taken), it carries tables, views, constraints and the sequences' current values, and the result is a compact,
checkpointed database that opens on its own. A byte copy of the live file would need a CHECKPOINT and the
writer lock for the whole copy, and copies the file's free blocks too; EXPORT DATABASE writes CSV or Parquet
that must be re-imported. The copy is written under a temporary name and renamed into place, so a backup that
is listed is whole.

Restore replaces the database file while the app is stopped (DuckDB lets only one process open the file, and
restoring under a running app would pull the data from under its sessions): it refuses while another process
holds the file, checks that the backup opens and has a schema this version knows, and keeps the replaced file
beside it (`kaohe.duckdb.replaced-YYYYmmdd-HHMMSS`).

Settings come from the environment: `KAOHE_BACKUP_DIR` (default: a `backups` folder beside the database),
`KAOHE_BACKUP_KEEP` (how many to keep, default 14), `KAOHE_BACKUP_HOURS` (hours between scheduled backups,
default 24; 0 turns the schedule off).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import threading
import uuid
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import duckdb

from kaohe import audit
from kaohe.access import LOCAL_VIEWER, Permission, Viewer
from kaohe.labels import LabelledError
from kaohe.queries import load_query
from kaohe.store import Store, StoreWriteFailed, explain_engine_error, schema_files

DEFAULT_KEEP = 14
DEFAULT_HOURS = 24
CHECK_EVERY = timedelta(minutes=1)  # how often the schedule looks whether a backup is due
_NAME = re.compile(r"^kaohe-(\d{8}-\d{6})(?:-\d+)?\.duckdb$")
_STAMP = "%Y%m%d-%H%M%S"
log = logging.getLogger("kaohe.backup")


class BackupError(LabelledError):
    """A backup could not be made or restored; the message says why and what to do."""


@dataclass(frozen=True)
class BackupSettings:
    """Where backups go, how many are kept and how often the schedule makes one (None: never)."""

    folder: Path
    keep: int = DEFAULT_KEEP
    interval: timedelta | None = timedelta(hours=DEFAULT_HOURS)


@dataclass(frozen=True)
class Backup:
    """One backup file: where it is, when it was made (from its name) and its size in bytes."""

    path: Path
    made_at: datetime
    size: int


@dataclass(frozen=True)
class Restored:
    """What a restore did: the file now in force, the one it replaced (kept) and the backup's schema version."""

    database: Path
    replaced: Path | None
    schema_version: int


def _positive_int(name: str, default: int, *, allow_zero: bool = False) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if value < 0 or (value == 0 and not allow_zero):
        raise BackupError("backup.bad_setting", name=name, value=raw)
    return value


def settings_from_env(db_path: Path) -> BackupSettings:
    """The backup settings for the database at `db_path`, from KAOHE_BACKUP_DIR, _KEEP and _HOURS."""
    folder = os.environ.get("KAOHE_BACKUP_DIR")
    hours = _positive_int("KAOHE_BACKUP_HOURS", DEFAULT_HOURS, allow_zero=True)
    return BackupSettings(
        folder=Path(folder) if folder else db_path.resolve().parent / "backups",
        keep=_positive_int("KAOHE_BACKUP_KEEP", DEFAULT_KEEP),
        interval=timedelta(hours=hours) if hours else None,
    )


def list_backups(folder: Path) -> list[Backup]:
    """The backups in `folder`, newest first (files named as `make_backup` names them; nothing else)."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if match and path.is_file():
            found.append(Backup(path, datetime.strptime(match.group(1), _STAMP), path.stat().st_size))
    return sorted(found, key=lambda b: (b.made_at, b.path.name), reverse=True)


def _target(folder: Path, now: datetime) -> Path:
    stem = f"kaohe-{now:{_STAMP}}"
    path, n = folder / f"{stem}.duckdb", 1
    while path.exists():
        n += 1
        path = folder / f"{stem}-{n}.duckdb"
    return path


def make_backup(
    store: Store,
    settings: BackupSettings,
    viewer: Viewer = LOCAL_VIEWER,
    *,
    now: datetime | None = None,
    who: str | None = None,
) -> Backup:
    """Copy the database, consistently, to a new file in the backup folder; prune to the newest `keep`."""
    viewer.require(Permission.MANAGE_BACKUPS)
    now = now or datetime.now()
    try:
        settings.folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError("backup.folder_failed", folder=str(settings.folder), reason=exc.strerror or str(exc)) from exc
    target = _target(settings.folder, now)
    partial = settings.folder / f".{target.name}.{uuid.uuid4().hex[:8]}.partial"
    alias = f"kaohe_backup_{uuid.uuid4().hex[:8]}"
    cur = store.cursor()
    try:
        database = cur.execute(load_query("backup/current_database")).fetchone()
        cur.execute(load_query("backup/attach").format(alias=alias), {"path": str(partial)})
        try:
            # Identifiers cannot be bound: the database's own name and a name made above, quoted.
            cur.execute(
                load_query("backup/copy").format(source=_quoted(str(database[0] if database else "")), alias=alias)
            )
        except BaseException:
            with suppress(duckdb.Error):  # the copy's own error is the one to report
                cur.execute(load_query("backup/detach").format(alias=alias))
            raise
        cur.execute(load_query("backup/detach").format(alias=alias))
        os.replace(partial, target)
    except (duckdb.Error, OSError) as exc:
        for leftover in (partial, partial.with_name(partial.name + ".wal")):
            leftover.unlink(missing_ok=True)
        explained = explain_engine_error(exc, store.path)
        if isinstance(explained, StoreWriteFailed):
            # store.disk_full → backup.disk_full …: the same cause, said of the backup folder.
            raise BackupError(f"backup.{explained.key.split('.', 1)[1]}", folder=str(settings.folder)) from exc
        if explained is not None:
            raise explained from exc
        raise
    finally:
        cur.close()
    with store.transaction(changes_data=False) as tx:
        audit.record(tx, who or viewer.user, "backup.make", target.name, None, {"folder": str(settings.folder)})
    prune(settings.folder, settings.keep)
    return Backup(target, now.replace(microsecond=0), target.stat().st_size)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups in `folder`; return the deleted files."""
    removed = []
    for backup in list_backups(folder)[keep:]:
        backup.path.unlink(missing_ok=True)
        removed.append(backup.path)
    return removed


def is_due(settings: BackupSettings, now: datetime) -> bool:
    """Whether the schedule should make a backup now: none yet, or the newest is `interval` old."""
    if settings.interval is None:
        return False
    backups = list_backups(settings.folder)
    return not backups or now - backups[0].made_at >= settings.interval


def latest_schema_version() -> int:
    """The schema version this version of Kaohe creates."""
    return max(version for version, _, _ in schema_files())


def check_backup(path: Path) -> int:
    """The schema version of the backup at `path`, or BackupError if it is not a Kaohe database this version knows."""
    if not path.is_file():
        raise BackupError("backup.no_file", path=str(path))
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        explained = explain_engine_error(exc, path)
        if explained is not None and explained.key == "store.locked":
            raise explained from exc
        raise BackupError("backup.unreadable", path=str(path)) from exc
    try:
        row = con.execute(load_query("store/applied_migrations")).fetchall()
    except duckdb.Error as exc:
        raise BackupError("backup.not_kaohe", path=str(path)) from exc
    finally:
        con.close()
    version = max((int(r[0]) for r in row), default=0)
    if version == 0:
        raise BackupError("backup.not_kaohe", path=str(path))
    if version > latest_schema_version():
        raise BackupError("backup.too_new", path=str(path), version=version, known=latest_schema_version())
    return version


def restore(db_path: Path, backup: Path, *, now: datetime | None = None) -> Restored:
    """Put `backup` in place of the database at `db_path`, keeping the replaced file beside it.

    Refuses while another process (the app) holds the database, and refuses a backup that does not open or
    whose schema is newer than this version of Kaohe knows. An older schema is brought up to date by opening.
    """
    version = check_backup(backup)
    now = now or datetime.now()
    db_path = db_path.resolve()
    if db_path.exists():
        _refuse_if_held(db_path)
    replaced = None
    partial = db_path.with_name(f".{db_path.name}.{uuid.uuid4().hex[:8]}.restoring")
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(backup, partial)
        if db_path.exists():
            replaced = db_path.with_name(f"{db_path.name}.replaced-{now:{_STAMP}}")
            os.replace(db_path, replaced)
            wal = db_path.with_name(db_path.name + ".wal")
            if wal.exists():
                os.replace(wal, replaced.with_name(replaced.name + ".wal"))
        os.replace(partial, db_path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise BackupError("backup.restore_failed", path=str(db_path), reason=exc.strerror or str(exc)) from exc
    # Opening applies any migrations a backup from an older version lacks, and records the restore.
    with Store(db_path) as store, store.transaction() as cur:
        audit.record(
            cur, "local", "backup.restore", backup.name, None, {"replaced": str(replaced) if replaced else None}
        )
    return Restored(db_path, replaced, version)


def _refuse_if_held(db_path: Path) -> None:
    """StoreLocked if another process holds the database (the app); an unreadable file may be replaced."""
    try:
        duckdb.connect(str(db_path)).close()
    except duckdb.Error as exc:
        explained = explain_engine_error(exc, db_path)
        if explained is not None and explained.key == "store.locked":
            raise explained from exc


class BackupSchedule:
    """Makes a backup whenever one is due (checked every minute on a daemon thread) while the app runs."""

    def __init__(self, store: Store, settings: BackupSettings, clock: Callable[[], datetime] = datetime.now) -> None:
        self.store = store
        self.settings = settings
        self.clock = clock
        self.last_error: str | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run_pending(self) -> Backup | None:
        """Make a backup if one is due; remember (and log) why one failed."""
        if not is_due(self.settings, self.clock()):
            return None
        try:
            made = make_backup(self.store, self.settings, now=self.clock(), who="schedule")
        except (LabelledError, OSError, duckdb.Error) as exc:
            self.last_error = str(exc)
            log.error("scheduled backup failed: %s", exc)
            return None
        self.last_error = None
        log.info("scheduled backup made: %s", made.path)
        return made

    def start(self) -> BackupSchedule:
        """Run the schedule on a daemon thread until `stop`."""
        if self.settings.interval is not None and self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="kaohe-backup", daemon=True)
            self._thread.start()
        return self

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.run_pending()
            self._stop.wait(CHECK_EVERY.total_seconds())

    def stop(self) -> None:
        """Stop the thread after its current check."""
        self._stop.set()
