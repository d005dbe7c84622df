"""Backups like the trusted desktop programs make them: automatic (on exit at most daily and only after a change;
after every import and restore; before every upgrade), manual to any folder or USB stick, verified, rotated.

Each backup is a folder holding the database, its attachments and a checksum manifest (store/backup.py).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import sqlite3
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path

from shuangjian_desktop import paths
from shuangjian_desktop import settings as opts
from shuangjian_desktop.atomicfile import atomic_path
from shuangjian_desktop.domain.access import Action
from shuangjian_desktop.domain.backup_rotation import keep
from shuangjian_desktop.store.access import accounts_in_file, check_permission_in_file
from shuangjian_desktop.store.backup import (
    BackupError,
    Manifest,
    backup_database,
    read_manifest,
    read_only_uri,
    remove_stale_parts,
    timestamped_name,
    verify_backup,
)

STAMP = re.compile(r"-(\d{8}-\d{6})-([a-z-]+?)(?:-\d+)?(?:\.sqlite3)?$")
AUTOMATIC = ("auto", "after-import", "after-restore")
"""The reasons whose backups the rotation thins out; manual and before-upgrade backups are kept."""
STATE = "backup-state.json"


REASONS = {
    "manual": "手动备份",
    "usb": "手动备份",
    "auto": "自动备份（退出时）",
    "after-import": "导入后自动备份",
    "after-restore": "恢复后自动备份",
    "before-restore": "恢复前自动备份",
}


def reason_label(reason: str) -> str:
    if reason.startswith("before-upgrade"):
        return "升级前自动备份"
    return REASONS.get(reason, reason or "备份")


@dataclass(frozen=True)
class BackupInfo:
    """A backup as a list shows it."""

    path: Path
    name: str
    database: Path
    """The database file inside the backup."""
    created_at: dt.datetime
    reason: str
    attachments: int
    megabytes: float
    legacy: bool
    guarded: bool
    """Whether it holds accounts (then restoring a damaged database needs one of its administrators)."""


def read_backup(path: Path) -> Manifest:
    """What a backup folder (or an earlier version's backup file) holds, without checking it yet."""
    return read_manifest(path)


def info(manifest: Manifest) -> BackupInfo:
    size = manifest.size if not manifest.legacy else manifest.folder.stat().st_size
    return BackupInfo(
        manifest.folder,
        manifest.name,
        manifest.database_path,
        manifest.created_at,
        reason_label(manifest.reason) if not manifest.legacy else "旧版本备份",
        len(manifest.attachments),
        round(size / 1024 / 1024, 1),
        manifest.legacy,
        accounts_in_file(manifest.database_path),
    )


class BackupService:
    def __init__(self, db_path: Path, settings: opts.Settings) -> None:
        self.db_path = Path(db_path)
        self.settings = settings
        self.folder = paths.backups_dir(self.db_path)
        self.attachments = paths.attachments_dir(self.db_path)

    # making ---------------------------------------------------------------------------------------------------------
    def backup_now(self, user: str, target_folder: Path | None = None, reason: str = "manual") -> Path:
        """A verified backup folder, in the backups folder or ``target_folder`` (a USB stick, a network share)."""
        check_permission_in_file(self.db_path, user, Action.BACKUP)
        return self._backup(target_folder, reason)

    def _backup(self, target_folder: Path | None, reason: str, when: dt.datetime | None = None) -> Path:
        folder = Path(target_folder) if target_folder else self.folder
        name = timestamped_name(self.db_path, reason, when)
        target = folder / name
        serial = 1
        while target.exists():  # two backups in the same second
            serial += 1
            target = folder / f"{name}-{serial}"
        return backup_database(self.db_path, target, self.attachments, reason)

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

    def automatic(self, now: dt.datetime | None = None) -> Path | None:
        """Back up if something changed since the last automatic backup and none was made today; then rotate."""
        now = now or dt.datetime.now()
        state = self._state()
        changed = self._last_change()
        if state.get("last_change") == changed or state.get("last_day") == now.date().isoformat():
            return None
        path = self._backup(None, "auto", now)
        self._save_state({"last_change": changed, "last_day": now.date().isoformat()})
        self.rotate()
        return path

    def after(self, reason: str, now: dt.datetime | None = None) -> Path:
        """The backup made after an import or a restore (no permission of its own: it follows the action)."""
        path = self._backup(None, reason, now)
        with suppress(OSError, sqlite3.Error):
            state = self._state()
            state["last_change"] = self._last_change()
            self._save_state(state)
        self.rotate()
        return path

    # finding ---------------------------------------------------------------------------------------------------------
    def backups(self, folder: Path | None = None) -> list[Manifest]:
        """Every backup in the folder (the backups folder unless named), newest first; earlier versions' single-file
        backups included."""
        folder = Path(folder) if folder else self.folder
        found: list[Manifest] = []
        if not folder.is_dir():
            return found
        for path in folder.iterdir():
            if path.name.startswith("."):
                continue
            if path.is_dir() or path.suffix == ".sqlite3":
                with suppress(BackupError, OSError):
                    found.append(read_manifest(path))
        return sorted(found, key=lambda m: (m.created_at, m.name), reverse=True)

    def listed(self, folder: Path | None = None) -> list[BackupInfo]:
        """The backups, newest first, as a list shows them."""
        return [info(m) for m in self.backups(folder)]

    def newest_good(self) -> Manifest | None:
        """The newest backup whose checksums and integrity check pass."""
        for manifest in self.backups():
            with suppress(BackupError, OSError):
                return verify_backup(manifest.folder)
        return None

    def rotate(self) -> list[Path]:
        """Thin out the automatic backups (7 daily, 4 weekly, 12 monthly by default) and remove what killed
        backups left behind. Manual and before-upgrade backups are the clerk's and stay."""
        remove_stale_parts(self.folder)
        automatic: dict[dt.datetime, Path] = {}
        for path in self.folder.glob(f"{self.db_path.stem}-*"):
            match = STAMP.search(path.name)
            if match and match.group(2) in AUTOMATIC:
                automatic[dt.datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")] = path
        kept = keep(
            automatic,
            self.settings.get(opts.BACKUP_KEEP_DAILY),
            self.settings.get(opts.BACKUP_KEEP_WEEKLY),
            self.settings.get(opts.BACKUP_KEEP_MONTHLY),
        )
        removed = [path for stamp, path in automatic.items() if stamp not in kept]
        for path in removed:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
        return removed
