"""Copies of the database through SQLite's online backup API, verified with integrity_check before they count."""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing
from pathlib import Path

from shuangjian_desktop.atomicfile import FileWriteError, atomic_path
from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.store.engine import is_disk_full, read_only_uri


class BackupError(DomainError):
    """A backup could not be made or a copy is damaged."""


def integrity_problems(path: Path) -> list[str]:
    """What integrity_check and foreign_key_check report for the file (empty when sound)."""
    if not Path(path).is_file():
        return [f"文件不存在：{path}"]
    try:
        with closing(sqlite3.connect(read_only_uri(path), uri=True)) as conn:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            problems = [] if rows == ["ok"] else rows
            for table, rowid, parent, _fk in conn.execute("PRAGMA foreign_key_check"):
                problems.append(f"{table} 第{rowid}条记录引用的 {parent} 不存在")
            return problems
    except sqlite3.DatabaseError as error:
        return [f"不是有效的数据库文件：{error}"]


def backup_database(source: Path, target: Path) -> Path:
    """Copy the live database ``source`` to ``target`` (atomically) and verify the copy; return ``target``."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with atomic_path(target) as tmp:
            with (
                closing(sqlite3.connect(Path(source))) as src,
                closing(sqlite3.connect(tmp)) as dst,
            ):
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")
            problems = integrity_problems(tmp)
            if problems:
                raise BackupError("备份副本校验未通过：" + "；".join(problems[:5]))
    except FileWriteError as error:
        raise BackupError(str(error)) from error
    except sqlite3.Error as error:
        if is_disk_full(error):
            raise BackupError(
                f"磁盘空间不足，未能备份到“{target.parent}”；原有备份未被改动。请换个位置或清理后重试。"
            ) from error
        raise BackupError(f"备份失败：{error}") from error
    finally:
        for scrap in target.parent.glob(f".{target.stem}.*.part-journal"):
            scrap.unlink(missing_ok=True)  # SQLite's rollback journal of a copy that did not finish
    return target


def timestamped_name(db_path: Path, reason: str, when: dt.datetime | None = None) -> str:
    stamp = (when or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    return f"{Path(db_path).stem}-{stamp}-{reason}.sqlite3"
