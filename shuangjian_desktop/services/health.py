"""Checking the database file: at start-up a check that costs the same at any size (the file opens as an SQLite
database of this program and its schema reads; the full integrity check only after a session that did not close
cleanly), quick_check in the background once the window is open, and everything on demand (工具 > 检查数据库完整性,
`check`): integrity, foreign keys, the schema version, the audit trail's hash chain (against the chain head kept in
the newest backup's manifest), every attachment's checksum and the newest backup's checksums. Nothing is changed:
the file is opened read-only."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, select

from shuangjian_desktop import paths
from shuangjian_desktop.store.audit_chain import verify_chain
from shuangjian_desktop.store.backup import BackupError, Manifest, integrity_problems, read_manifest, sha256_file
from shuangjian_desktop.store.backup import verify_backup as verify_backup_folder
from shuangjian_desktop.store.engine import make_engine, read_only_uri
from shuangjian_desktop.store.migrate import current_revision, head_revision
from shuangjian_desktop.store.models import Attachment

Progress = Callable[[str], None]

__all__ = [
    "CheckItem",
    "check_database",
    "integrity_problems",
    "opening_problems",
    "quick_problems",
]


@dataclass(frozen=True)
class CheckItem:
    name: str
    ok: bool
    detail: str
    advice: bool = False
    """Not a fault of the file, something to do (e.g. no backup yet): shown as 提醒, the check still passes."""

    @property
    def word(self) -> str:
        return "通过" if self.ok else ("提醒" if self.advice else "失败")


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(read_only_uri(path), uri=True)


def opening_problems(path: Path) -> list[str]:
    """What stops the file from opening as this program's database (its header and schema are read; nothing
    proportional to the data)."""
    if not Path(path).is_file():
        return [f"文件不存在：{path}"]
    try:
        with closing(_read_only(path)) as conn:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "alembic_version" in tables:
                conn.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.DatabaseError as error:
        return [f"不是有效的数据库文件：{error}"]
    return []


def quick_problems(path: Path) -> list[str]:
    """SQLite's quick_check: every page and record read once (no index-against-table comparison)."""
    try:
        with closing(_read_only(path)) as conn:
            rows = [row[0] for row in conn.execute("PRAGMA quick_check")]
    except sqlite3.DatabaseError as error:
        return [f"不是有效的数据库文件：{error}"]
    return [] if rows == ["ok"] else rows


def newest_backup(db_path: Path) -> Manifest | None:
    folder = paths.backups_dir(db_path)
    found = []
    if folder.is_dir():
        for path in folder.iterdir():
            if path.is_dir() and not path.name.startswith("."):
                with suppress(BackupError, OSError):
                    manifest = read_manifest(path)
                    if manifest.database == db_path.name:
                        found.append(manifest)
    return max(found, key=lambda m: (m.created_at, m.name), default=None)


def audit_trail_item(engine: Engine, newest: Manifest | None) -> CheckItem:
    """The audit trail's hash chain, anchored to the chain head the newest backup recorded."""
    anchor = newest.audit_head if newest and newest.audit_head and newest.audit_head[0] else None
    with engine.connect() as conn:
        chain = verify_chain(conn, anchor)
    detail = chain.describe()
    if chain.intact and anchor and newest:
        detail += f"；与最近备份“{newest.name}”记下的第{anchor[0]}条一致"
    return CheckItem("审计日志（防篡改校验）", chain.intact, detail)


def check_database(path: Path, progress: Progress | None = None) -> list[CheckItem]:
    """Run every check on the file at ``path`` without changing it."""
    path = Path(path)
    say = progress or (lambda _text: None)
    if not path.is_file():
        return [CheckItem("数据库文件", False, f"找不到数据库文件：{path}")]
    say("完整性检查…")
    problems = integrity_problems(path)
    integrity = [p for p in problems if "引用的" not in p]
    foreign = [p for p in problems if "引用的" in p]
    items = [
        CheckItem(
            "完整性检查（integrity_check）", not integrity, "正常" if not integrity else "；".join(integrity[:10])
        ),
        CheckItem("外键检查（foreign_key_check）", not foreign, "正常" if not foreign else "；".join(foreign[:10])),
    ]
    if integrity:
        items.append(CheckItem("数据库版本", False, "文件已损坏，无法读取版本"))
        return items
    newest = newest_backup(path)
    engine = make_engine(path, read_only=True)
    try:
        current, head = current_revision(engine), head_revision()
        items.append(
            CheckItem(
                "数据库版本",
                current == head,
                f"{current}（最新）" if current == head else f"当前 {current}，程序需要 {head}",
            )
        )
        say("核对审计日志…")
        items.append(audit_trail_item(engine, newest))
        with engine.connect() as conn:
            say("核对附件…")
            attachments = list(conn.execute(select(Attachment.stored_name, Attachment.sha256, Attachment.size)))
    finally:
        engine.dispose()
    folder = paths.attachments_dir(path)
    bad = []
    for name, digest, size in attachments:
        stored = folder / name
        if not stored.is_file() or stored.stat().st_size != size or sha256_file(stored) != digest:
            bad.append(name)
    items.append(
        CheckItem(
            "附件",
            not bad,
            f"{len(attachments)}个，全部完好"
            if not bad
            else f"{len(bad)}个缺失或与登记的校验值不符：{'、'.join(bad[:5])}",
        )
    )
    if newest is None:
        items.append(
            CheckItem("最近的备份", False, f"在“{paths.backups_dir(path)}”中没有找到备份，请尽快备份", advice=True)
        )
    else:
        say("核对最近的备份…")
        try:
            verify_backup_folder(newest.folder)
            items.append(CheckItem("最近的备份", True, f"{newest.name}：校验值全部相符"))
        except BackupError as error:
            items.append(CheckItem("最近的备份", False, str(error)))
    return items
