"""The SQLite engine: WAL, synchronous=FULL, foreign keys on, a busy timeout; writers take the lock up front.
A server's engine (PostgreSQL) is made in store/server.py; ``make_engine`` takes either place."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.dialects.sqlite.base import SQLiteCompiler
from sqlalchemy.engine import ExceptionContext

from shuangjian_desktop.domain.errors import DatabaseDamaged, DiskFull
from shuangjian_desktop.store.location import ServerLocation

BUSY_TIMEOUT_MS = 10_000
WRITE_OPTION = "shuangjian_write"
CACHE_KIB = 32_768
"""SQLite's page cache per connection (grows only as pages are read): the sort indexes of a million-row ledger."""


def _from_hint(_compiler: SQLiteCompiler, _table: object, text: str) -> str:
    """Render ``select().with_hint(Model, "INDEXED BY ix_...", "sqlite")`` after the table's name (SQLAlchemy's SQLite
    compiler drops table hints); the registers name the sort index to walk when matches are common."""
    return text


SQLiteCompiler.get_from_hint_text = _from_hint  # type: ignore[method-assign]


def sqlite_url(path: Path) -> URL:
    """The engine URL of the file, built from its parts: a folder named with ``%``, ``#`` or a UNC share stays itself
    (a URL string would be parsed and unquoted)."""
    return URL.create("sqlite", database=str(Path(path).resolve()))


def read_only_uri(path: Path) -> str:
    """SQLite's ``file:`` URI opening the file read-only, for any folder name a clerk can make.

    ``Path.as_uri()`` quotes ``%``, ``#`` and ``?`` (pasting ``as_posix()`` after ``file:`` did not, and a ``#`` in a
    folder name silently opened another, empty file). A network share (UNC path) would become
    ``file://server/share/...``, which SQLite refuses ("invalid uri authority"); it is written with an empty
    authority instead, ``file:////server/share/...``, which SQLite opens as ``//server/share/...``."""
    uri = Path(path).absolute().as_uri()
    if not uri.startswith("file:///"):
        uri = "file:////" + uri.removeprefix("file://")
    return uri + "?mode=ro"


def make_engine(path: Path | ServerLocation, *, echo: bool = False, read_only: bool = False) -> Engine:
    """An engine for the database file at ``path`` (the folder is made when missing), or for a county on a server.
    A read-only engine never changes the file, not even its journal mode."""
    if isinstance(path, ServerLocation):
        from shuangjian_desktop.store.server import make_server_engine

        return make_server_engine(path, echo=echo, read_only=read_only)
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    if read_only:
        uri = read_only_uri(path)
        engine = create_engine(
            "sqlite://",
            creator=lambda: sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False),
            echo=echo,
        )
    else:
        engine = create_engine(
            sqlite_url(path),
            echo=echo,
            connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves, see _on_begin
        cursor = dbapi_conn.cursor()
        if not read_only:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # A writer takes the write lock at BEGIN so two writers queue instead of failing half-way.
        if conn.get_execution_options().get(WRITE_OPTION):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")

    @event.listens_for(engine, "handle_error")
    def _on_error(context: ExceptionContext) -> None:
        if is_disk_full(context.original_exception):
            raise DiskFull(
                f"磁盘空间不足，本次操作未能保存，台账保持原样。请清理数据库所在的磁盘（{path.resolve().parent}）后重试。"
            ) from context.original_exception
        if is_damaged(context.original_exception):
            raise DatabaseDamaged(
                f"数据库文件“{path}”已损坏（{context.original_exception}），本次操作未能保存。请不要继续修改，"
                "用“文件 > 从备份恢复”（命令行 restore）恢复最近的完好备份；已损坏的文件会改名保留。"
            ) from context.original_exception

    return engine


def is_damaged(error: BaseException | None) -> bool:
    """SQLite's SQLITE_CORRUPT or SQLITE_NOTADB: a page or the file is not what SQLite wrote."""
    if not isinstance(error, sqlite3.Error):
        return False
    code = getattr(error, "sqlite_errorcode", None)
    return code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB) or "malformed" in str(error)


def is_disk_full(error: BaseException | None) -> bool:
    """SQLite's SQLITE_FULL, or an I/O error whose cause is a full disk."""
    if not isinstance(error, sqlite3.Error):
        return False
    code = getattr(error, "sqlite_errorcode", None)
    return code == sqlite3.SQLITE_FULL or "disk is full" in str(error)


def writer(engine: Engine) -> Engine:
    """The same engine whose transactions begin IMMEDIATE (take the write lock at once)."""
    return engine.execution_options(**{WRITE_OPTION: True})


def is_server(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def database_path(engine: Engine) -> Path:
    database = engine.url.database
    if not database or is_server(engine):
        raise ValueError("engine has no database file")
    return Path(database)
