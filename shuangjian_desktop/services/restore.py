"""Restore from a backup, the same way from the start-up offer, the menu and the command line.

- Never while another copy of the program holds the database (the one-writer lock).
- Only for an administrator: of the current database when it can be read, else of the backup's own accounts.
- The backup is verified first (every checksum, the integrity check, a schema this program knows).
- A sound database is backed up before it is replaced; a damaged one is never overwritten: it is renamed
  ``NAME.damaged-YYYYMMDD-HHMMSS`` (with its -wal and -shm) beside the restored one, and what can still be read from
  it that is newer than the backup is counted per ledger and written to a workbook for re-entry.
- The restored database gets a backup of its own at once.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import tempfile
from contextlib import closing, suppress
from dataclasses import dataclass, field
from pathlib import Path

from shuangjian_desktop import paths
from shuangjian_desktop import settings as opts
from shuangjian_desktop.documents.xlsx_writer import ColumnSpec, write_table
from shuangjian_desktop.domain.access import Action
from shuangjian_desktop.domain.enums import AuditAction
from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.services.audit.register import ENTITIES, describe_changes, field_labels
from shuangjian_desktop.services.backups import BackupService
from shuangjian_desktop.store.access import check_permission_in_file
from shuangjian_desktop.store.backup import ATTACHMENTS, Manifest, integrity_problems, sha256_file, verify_backup
from shuangjian_desktop.store.database_file import OURS, inspect_database
from shuangjian_desktop.store.engine import read_only_uri
from shuangjian_desktop.store.migrate import known_revisions
from shuangjian_desktop.store.writer_lock import WriterLock

SIDE_FILES = ("-wal", "-shm", "-journal")
CODES = {a.value for a in AuditAction}
SALVAGED_TABLES = (
    "institution",
    "status_change",
    "person",
    "school",
    "teacher",
    "assignment",
    "ticket",
    "ticket_event",
    "inspection",
    "notice",
    "attachment",
)


@dataclass(frozen=True)
class Salvaged:
    """What could be read from the damaged file for one ledger that is newer than the backup."""

    ledger: str
    rows: int
    readable: bool = True


@dataclass
class RestoreOutcome:
    backup: Manifest
    safety: Path | None = None
    """The backup made of the (sound) database before it was replaced."""
    kept: Path | None = None
    """The damaged database, renamed beside the restored one."""
    salvaged: list[Salvaged] = field(default_factory=list)
    salvage_file: Path | None = None
    after: Path | None = None
    attachments_restored: int = 0

    def summary(self) -> str:
        lines = [f"已从备份“{self.backup.name}”（{self.backup.created_at:%Y-%m-%d %H:%M}）恢复数据库。"]
        if self.safety:
            lines.append(f"恢复前的数据库已另存为备份：{self.safety}")
        if self.kept:
            lines.append(f"已损坏的数据库保留在：{self.kept}（未作任何改动）")
            newer = [s for s in self.salvaged if s.rows or not s.readable]
            if newer:
                parts = [f"{s.ledger}{s.rows}条" if s.readable else f"{s.ledger}（无法读取）" for s in newer]
                lines.append("备份之后的改动中仍能从损坏文件读出：" + "、".join(parts) + "。")
                if self.salvage_file:
                    lines.append(f"这些改动的明细已导出到：{self.salvage_file}，请核对后重新录入。")
            else:
                lines.append("损坏的文件中没有读出备份之后的改动。")
        if self.attachments_restored:
            lines.append(f"恢复了{self.attachments_restored}个附件。")
        if self.backup.missing:
            lines.append(f"注意：该备份制作时有{len(self.backup.missing)}个附件已缺失，未能恢复。")
        if self.backup.legacy:
            lines.append("该备份由旧版本程序制作，没有校验清单，只做了完整性检查。")
        return "\n".join(lines)


def _stamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S")


def _move_aside(db_path: Path) -> Path:
    """Rename the damaged database and its side files; return the new name of the database."""
    kept = db_path.with_name(f"{db_path.name}.damaged-{_stamp()}")
    db_path.replace(kept)
    for suffix in SIDE_FILES:
        side = Path(f"{db_path}{suffix}")
        if side.exists():
            side.replace(Path(f"{kept}{suffix}"))
    return kept


def _drop_side_files(db_path: Path) -> None:
    for suffix in SIDE_FILES:
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)


def _copy_into_place(source: Path, db_path: Path) -> None:
    tmp = db_path.with_name(f".{db_path.name}.restore.part")
    shutil.copyfile(source, tmp)
    with tmp.open("rb+") as handle:
        os.fsync(handle.fileno())
    _drop_side_files(db_path)
    tmp.replace(db_path)


def _restore_attachments(manifest: Manifest, folder: Path) -> int:
    """Copy the backup's attachments the attachments folder lacks (or holds damaged); never delete any."""
    restored = 0
    folder.mkdir(parents=True, exist_ok=True)
    for name, digest, size in manifest.attachments:
        target = folder / name
        if target.is_file() and target.stat().st_size == size and sha256_file(target) == digest:
            continue
        if target.exists():
            target.replace(target.with_name(f"{name}.damaged-{_stamp()}"))
        shutil.copyfile(manifest.folder / ATTACHMENTS / name, target)
        restored += 1
    return restored


class RestoreService:
    def __init__(self, db_path: Path, settings: opts.Settings) -> None:
        self.db_path = Path(db_path)
        self.settings = settings

    def restore(self, source: Path, user: str) -> RestoreOutcome:
        """Replace the database with the backup at ``source`` (a backup folder, its manifest.json, or an earlier
        version's .sqlite3 copy). The caller has closed its own connections and signed ``user`` in."""
        manifest = verify_backup(source)
        if manifest.schema and manifest.schema not in known_revisions():
            raise DomainError(
                f"备份“{manifest.name}”来自更新版本的程序（数据库版本 {manifest.schema}），请先升级程序。"
            )
        sound = self._sound()
        # Whose word counts: the current database's administrators; when it cannot be read, the backup's.
        check_permission_in_file(self.db_path if sound else manifest.database_path, user, Action.RESTORE)
        lock = WriterLock(self.db_path)
        holder = lock.acquire(user)
        if holder is not None:
            raise DomainError(
                f"数据库正由{holder.describe()}使用，不能恢复；请先在该电脑上关闭程序。本次未作任何改动。"
            )
        try:
            return self._restore(manifest)
        finally:
            lock.release()

    def _sound(self) -> bool:
        """Whether the current file is a whole database of this program (else it is kept aside, never replaced)."""
        return inspect_database(self.db_path, full=True).kind == OURS

    def _restore(self, manifest: Manifest) -> RestoreOutcome:
        exists = self.db_path.exists()
        sound = self._sound()
        outcome = RestoreOutcome(manifest)
        backups = BackupService(self.db_path, self.settings)
        if sound:
            outcome.safety = backups._backup(None, "before-restore")
        elif exists:
            outcome.kept = _move_aside(self.db_path)
        _copy_into_place(manifest.database_path, self.db_path)
        problems = integrity_problems(self.db_path)
        if problems:
            raise DomainError("恢复后的数据库未通过检查：" + "；".join(problems[:3]))
        outcome.attachments_restored = _restore_attachments(manifest, paths.attachments_dir(self.db_path))
        if outcome.kept is not None:
            outcome.salvaged, outcome.salvage_file = salvage(outcome.kept, self.db_path, manifest)
        with suppress(DomainError, OSError):
            outcome.after = backups.after("after-restore")
        return outcome


def _readable_copy(damaged: Path, work: Path) -> Path:
    """A scratch copy of the damaged file with its journal, so reading it (which may replay the WAL) changes nothing
    that is kept."""
    copy = work / "damaged.sqlite3"
    shutil.copyfile(damaged, copy)
    for suffix in ("-wal",):
        side = Path(f"{damaged}{suffix}")
        if side.exists():
            shutil.copyfile(side, Path(f"{copy}{suffix}"))
    return copy


def _high_water(restored: Path) -> dict[str, int]:
    marks = {}
    with closing(sqlite3.connect(read_only_uri(restored), uri=True)) as conn:
        for table in (*SALVAGED_TABLES, "audit_log"):
            with suppress(sqlite3.Error):
                marks[table] = int(conn.execute(f'SELECT coalesce(max(id), 0) FROM "{table}"').fetchone()[0])
    return marks


def salvage(damaged: Path, restored: Path, manifest: Manifest) -> tuple[list[Salvaged], Path | None]:
    """Count, per ledger, the rows of the damaged file that are newer than the backup and can still be read, and
    write the changes the audit trail recorded after the backup to a workbook beside the database."""
    marks = _high_water(restored)
    since = manifest.created_at.isoformat(sep=" ")
    found: list[Salvaged] = []
    changes: list[list[object]] = []
    with tempfile.TemporaryDirectory(prefix="shuangjian-salvage-") as scratch:
        try:
            copy = _readable_copy(damaged, Path(scratch))
            conn = sqlite3.connect(copy)
        except (OSError, sqlite3.Error):
            return [Salvaged(ENTITIES.get(t, t), 0, False) for t in SALVAGED_TABLES], None
        with closing(conn):
            for table in SALVAGED_TABLES:
                label = ENTITIES.get(table, table)
                try:
                    columns = {r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')}
                    where = "id > ?" + (" OR updated_at > ?" if "updated_at" in columns else "")
                    args = (marks.get(table, 0), since) if "updated_at" in columns else (marks.get(table, 0),)
                    rows = conn.execute(f'SELECT count(*) FROM "{table}" WHERE {where}', args).fetchone()[0]
                    found.append(Salvaged(label, int(rows)))
                except sqlite3.Error:
                    found.append(Salvaged(label, 0, False))
            labels = field_labels()
            try:
                for at, username, action, entity, summary, text in conn.execute(
                    "SELECT at, username, action, entity, summary, changes FROM audit_log WHERE id > ? ORDER BY id",
                    (marks.get("audit_log", 0),),
                ):
                    shown = AuditAction(action).label if action in CODES else action
                    changes.append(
                        [
                            str(at)[:19],
                            username,
                            shown,
                            ENTITIES.get(entity, entity),
                            summary,
                            describe_changes(text, labels),
                        ]
                    )
            except sqlite3.Error:
                pass
    if not changes:
        return found, None
    path = restored.with_name(f"备份之后的改动-{_stamp()}.xlsx")
    columns = [ColumnSpec(h) for h in ("时间", "用户", "操作", "台账", "记录", "变更内容（原值 → 新值）")]
    write_table(
        path,
        sheet_title="备份之后的改动",
        title=f"从已损坏的数据库中读出的、备份（{since}）之后的改动",
        columns=columns,
        rows=changes,
    )
    return found, path
