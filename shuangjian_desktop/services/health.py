"""Checking the database file: at start-up a check that costs the same at any size (the file opens as an SQLite
database of this program and its schema reads), the full integrity and foreign-key checks after a session that did
not close cleanly, in the background once the window is open (quick_check), on demand (工具 > 检查数据库完整性), and
from the command line (`check`): integrity, foreign keys, and whether the schema is at this program's head.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from shuangjian_desktop.store.backup import integrity_problems
from shuangjian_desktop.store.engine import make_engine
from shuangjian_desktop.store.migrate import current_revision, head_revision

__all__ = [
    "CheckItem",
    "SessionMarker",
    "check_database",
    "integrity_problems",
    "opening_problems",
    "quick_problems",
    "start_up_problems",
]


@dataclass(frozen=True)
class CheckItem:
    name: str
    ok: bool
    detail: str


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)


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


class SessionMarker:
    """A file beside the database for as long as a window writes to it: found at start-up, it says the last session
    did not close cleanly (a crash, a power cut), and the full check runs before the database is used."""

    def __init__(self, db_path: Path) -> None:
        self.path = Path(f"{Path(db_path)}.open")

    def unclean(self) -> bool:
        return self.path.exists()

    def begin(self) -> None:
        self.path.write_text(f"pid {os.getpid()}\n", encoding="utf-8")

    def end(self) -> None:
        self.path.unlink(missing_ok=True)


def start_up_problems(path: Path) -> tuple[list[str], bool]:
    """(problems, whether the full check ran): the full integrity check after an unclean shutdown, else only the
    check that costs the same at any size (the quick check follows in the background)."""
    if SessionMarker(path).unclean():
        return integrity_problems(path), True
    return opening_problems(path), False


def check_database(path: Path) -> list[CheckItem]:
    """Run every check on the file at ``path`` without changing it."""
    path = Path(path)
    if not path.is_file():
        return [CheckItem("数据库文件", False, f"找不到数据库文件：{path}")]
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
    engine = make_engine(path)
    try:
        current, head = current_revision(engine), head_revision()
    finally:
        engine.dispose()
    items.append(
        CheckItem(
            "数据库版本",
            current == head,
            f"{current}（最新）" if current == head else f"当前 {current}，程序需要 {head}",
        )
    )
    return items
