"""Opening a county (or the city) on a server for the window or a command: connect, find the county's schema at
this program's version, and hand back the store. The program never changes a server's schema on opening: the
server's administrator backs it up (pg_dump) and upgrades every county at once (``shuangjian city upgrade``)."""

from __future__ import annotations

import logging

from sqlalchemy.exc import DBAPIError

from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.store import derived
from shuangjian_desktop.store.location import ServerLocation
from shuangjian_desktop.store.migrate import MigrationOutcome, current_revision, head_revision, known_revisions
from shuangjian_desktop.store.server import check_connection, make_server_engine, may_use, schema_exists
from shuangjian_desktop.store.uow import Store

log = logging.getLogger(__name__)


def open_server_store(location: ServerLocation, *, read_only: str | None = None) -> tuple[Store, MigrationOutcome]:
    """The county's store on the server; ``read_only`` says why this connection may only read (None: it writes).
    Refused with a Chinese sentence when the server, the county or its version is not as this program needs."""
    engine = make_server_engine(location, read_only=read_only is not None)
    try:
        check_connection(engine)
        current = current_revision(engine)
        what = "市局的账户和记录" if location.is_city else f"“{location.county}”县的台账"
        if current is None:
            exists = schema_exists(engine, location.schema)
            if exists and not may_use(engine, location.schema):
                raise DomainError(
                    f"服务器账户 {location.url.username or ''} 没有查看{what}的权限：每个县的账户只能查看和修改本县"
                    "的台账。请核对县代码，或请服务器管理员授权。"
                )
            raise DomainError(
                f"{location.describe()}上没有{what}"
                + ("（只有空的架构）" if exists else "")
                + "。请服务器管理员用 shuangjian city add-county 建立，或用 shuangjian migrate-to 把县里的数据库迁入。"
            )
        if current not in known_revisions():
            raise DomainError(f"服务器上{what}由更新版本的程序建立（版本 {current}），请升级本程序后再连接。")
        if current != head_revision():
            raise DomainError(
                f"服务器上{what}是旧版本（{current}），需要升级到本程序的版本（{head_revision()}）。请服务器管理员先用 "
                "pg_dump 备份，再运行 shuangjian city upgrade；升级前本程序不会修改服务器上的数据。"
            )
        _repair_derived(engine)
    except BaseException:
        engine.dispose()
        raise
    return Store(engine, read_only), MigrationOutcome(current, current, None)


def _repair_derived(engine: object) -> None:
    """Make what a text index or trigger lacks, when this account may (the schema's owner); else say so in the log
    (searching then reads the table instead of the index until the administrator runs ``city upgrade``)."""
    with engine.connect() as conn:  # type: ignore[attr-defined]
        absent = derived.missing(conn)
    if not absent:
        return
    try:
        with engine.begin() as conn:  # type: ignore[attr-defined]
            derived.install(conn)
    except (DBAPIError, DomainError):
        log.warning("the server's schema lacks %s and this account may not make them", absent)
