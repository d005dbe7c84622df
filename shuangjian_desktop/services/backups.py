"""Backups like the trusted desktop programs make them: automatic (on exit, at most daily, only when something
changed), through SQLite's backup API, verified, rotated; manual copies to any folder or USB stick; and restore,
which first backs up the current database and refuses a damaged copy."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from contextlib import closing
from pathlib import Path

from shuangjian_desktop import paths
from shuangjian_desktop import settings as opts
from shuangjian_desktop.atomicfile import atomic_path
from shuangjian_desktop.domain.access import Action
from shuangjian_desktop.domain.backup_rotation import keep
from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.store.access import check_permission_in_file
from shuangjian_desktop.store.backup import backup_database, integrity_problems, timestamped_name
from shuangjian_desktop.store.engine import read_only_uri

AUTO = re.compile(r"-(\d{8}-\d{6})-auto\.sqlite3$")
STATE = "backup-state.json"


class BackupService:
    def __init__(self, db_path: Path, settings: opts.Settings) -> None:
        self.db_path = Path(db_path)
        self.settings = settings
        self.folder = paths.backups_dir(self.db_path)

    def _last_change(self) -> int:
        """The newest audit row: every change writes one, so it says whether anything changed."""
        with closing(sqlite3.connect(read_only_uri(self.db_path), uri=True)) as conn:
            return conn.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0]

    def _state(self) -> dict[str, object]:
        try:
            return json.loads((self.folder / STATE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def _save_state(self, state: dict[str, object]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        with atomic_path(self.folder / STATE) as tmp:
            tmp.write_text(json.dumps(state), encoding="utf-8")

    def backup_now(self, user: str, target_folder: Path | None = None, reason: str = "manual") -> Path:
        """A verified copy, in the backups folder or ``target_folder`` (a USB stick, a network share)."""
        check_permission_in_file(self.db_path, user, Action.BACKUP)
        return self._backup(target_folder, reason)

    def _backup(self, target_folder: Path | None, reason: str) -> Path:
        folder = Path(target_folder) if target_folder else self.folder
        return backup_database(self.db_path, folder / timestamped_name(self.db_path, reason))

    def automatic(self, now: dt.datetime | None = None) -> Path | None:
        """Back up if something changed since the last automatic backup and none was made today; then rotate."""
        now = now or dt.datetime.now()
        state = self._state()
        changed = self._last_change()
        if state.get("last_change") == changed or state.get("last_day") == now.date().isoformat():
            return None
        path = backup_database(self.db_path, self.folder / timestamped_name(self.db_path, "auto", now))
        self._save_state({"last_change": changed, "last_day": now.date().isoformat()})
        self.rotate()
        return path

    def automatic_backups(self) -> dict[dt.datetime, Path]:
        found = {}
        for path in self.folder.glob(f"{self.db_path.stem}-*-auto.sqlite3"):
            match = AUTO.search(path.name)
            if match:
                found[dt.datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")] = path
        return found

    def rotate(self) -> list[Path]:
        backups = self.automatic_backups()
        kept = keep(
            backups,
            self.settings.get(opts.BACKUP_KEEP_DAILY),
            self.settings.get(opts.BACKUP_KEEP_WEEKLY),
            self.settings.get(opts.BACKUP_KEEP_MONTHLY),
        )
        removed = [path for stamp, path in backups.items() if stamp not in kept]
        for path in removed:
            path.unlink(missing_ok=True)
        return removed

    def newest_good(self) -> Path | None:
        """The newest backup that passes the integrity check."""
        for path in sorted(self.folder.glob("*.sqlite3"), key=lambda p: p.stat().st_mtime, reverse=True):
            if not integrity_problems(path):
                return path
        return None

    def restore(self, source: Path, user: str) -> Path:
        """Replace the database with ``source``; the current one is backed up first. Returns that safety copy.
        The caller must have closed every connection to the database. Only an administrator of the current
        database may restore over it (a damaged database, whose accounts cannot be read, guards nothing)."""
        source = Path(source)
        check_permission_in_file(self.db_path, user, Action.RESTORE)
        problems = integrity_problems(source)
        if problems:
            raise DomainError(f"备份“{source.name}”已损坏，不能用于恢复：{'；'.join(problems[:3])}")
        with closing(sqlite3.connect(read_only_uri(source), uri=True)) as conn:
            if not conn.execute("SELECT 1 FROM sqlite_master WHERE name='alembic_version'").fetchone():
                raise DomainError(f"“{source.name}”不是本程序的数据库备份")
        safety = None
        if self.db_path.exists() and not integrity_problems(self.db_path):
            safety = self._backup(None, "before-restore")
        with (
            closing(sqlite3.connect(source)) as src,
            closing(sqlite3.connect(self.db_path)) as dst,
        ):
            src.backup(dst)
        problems = integrity_problems(self.db_path)
        if problems:
            raise DomainError("恢复后的数据库未通过检查：" + "；".join(problems[:3]))
        return safety or self.db_path
