"""What a database file is before anything touches it: missing (a new database will be made), this program's (at a
version it knows), another program's, made by a newer version, damaged, or one that cannot be written here.

Opening a SQLite file the usual way already changes it (the journal mode is switched to WAL), so every entry point
asks here first, through a read-only connection, and refuses what is not surely ours.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.store.backup import integrity_problems, read_only_uri
from shuangjian_desktop.store.migrate import known_revisions

SQLITE_HEADER = b"SQLite format 3\x00"

MISSING, OURS, EMPTY, FOREIGN, NEWER, DAMAGED = "missing", "ours", "empty", "foreign", "newer", "damaged"


@dataclass(frozen=True)
class DatabaseFile:
    path: Path
    kind: str
    revision: str | None = None
    problems: list[str] = field(default_factory=list)
    read_only: str = ""
    """Why the program may only read this file here (a read-only file), or ""."""

    @property
    def usable(self) -> bool:
        return self.kind in (MISSING, OURS, EMPTY)

    def refusal(self) -> str:
        """The Chinese sentence for a file the program will not open ("" when it may)."""
        where = f"“{self.path}”"
        if self.kind == FOREIGN:
            return f"{where}不是本程序的数据库（没有版本记录），为保护该文件未做任何改动。"
        if self.kind == NEWER:
            return (
                f"数据库{where}由更新版本的程序建立（版本 {self.revision}），请升级本程序后再打开；文件未做任何改动。"
            )
        if self.kind == DAMAGED:
            return f"数据库{where}已损坏：" + "；".join(self.problems[:3])
        return ""


class DatabaseUnusable(DomainError):
    """The file is not one the program may open (damaged, another program's, a newer version's); it is unchanged."""

    def __init__(self, file: DatabaseFile) -> None:
        super().__init__(file.refusal())
        self.file = file


def inspect_database(path: Path, *, full: bool = False) -> DatabaseFile:
    """Look at the file without changing it: its header, its schema version, and with ``full`` the whole integrity
    check (after a session that did not close cleanly, before a restore). Without ``full`` nothing proportional to
    the data is read: damage deeper in the file shows when a page is touched (SQLite refuses, the program says the
    database is damaged) and in the quick check the window runs in the background."""
    path = Path(path)
    if not path.exists():
        folder = path.parent
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        if not os.access(folder, os.W_OK):
            return DatabaseFile(path, DAMAGED, problems=[f"文件夹“{folder}”没有写入权限，不能在那里新建数据库"])
        return DatabaseFile(path, MISSING)
    if path.is_dir():
        return DatabaseFile(path, DAMAGED, problems=["这是一个文件夹，不是数据库文件"])
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        return DatabaseFile(path, DAMAGED, problems=[f"无法读取文件：{error.strerror or error}"])
    if not header:  # a county's database cut to nothing must not quietly become a new, empty one
        return DatabaseFile(path, DAMAGED, problems=["文件是空的（0字节）：数据库文件已被清空或没有写完"])
    if header != SQLITE_HEADER:
        return DatabaseFile(path, DAMAGED, problems=["文件开头不是 SQLite 数据库的标志：不是数据库文件，或已严重损坏"])
    if full:
        problems = integrity_problems(path)
        if problems:
            return DatabaseFile(path, DAMAGED, problems=problems)
    try:
        with closing(sqlite3.connect(read_only_uri(path), uri=True)) as conn:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            row = (
                conn.execute("SELECT version_num FROM alembic_version").fetchone()
                if "alembic_version" in tables
                else None
            )
    except sqlite3.DatabaseError as error:
        return DatabaseFile(path, DAMAGED, problems=[str(error)])
    if row is None:
        return DatabaseFile(path, FOREIGN if tables - {"alembic_version"} else EMPTY)
    revision = str(row[0])
    if revision not in known_revisions():
        return DatabaseFile(path, NEWER, revision)
    read_only = ""
    if not os.access(path, os.W_OK):
        read_only = "数据库文件是只读文件"
    elif not os.access(path.parent, os.W_OK):
        read_only = "数据库所在的文件夹不能写入"
    return DatabaseFile(path, OURS, revision, read_only=read_only)
