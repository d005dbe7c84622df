"""Connections to a county (or the city) on a server, as the window keeps and opens them: the address the clerk's
IT person entered once (server, port, database, county, server account), remembered with the recent databases in
the settings file, never with a password. The server's password is asked at each start (or libpq finds it in the
account's own password file, pgpass.conf / ~/.pgpass, when the IT person put it there); it lives only in memory."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import URL

from shuangjian_desktop.domain.errors import DomainError, FieldProblem, RecordRejected
from shuangjian_desktop.settings import Settings
from shuangjian_desktop.store.location import (
    DRIVER,
    Location,
    ServerLocation,
    county_problem,
    location_text,
    parse_location,
    same_location,
)
from shuangjian_desktop.store.server import ServerLoginRefused

__all__ = [
    "Connection",
    "Location",
    "ServerLocation",
    "ServerLoginRefused",
    "location_text",
    "needs_password",
    "parse_location",
    "same_location",
    "server_location",
    "with_password",
]

DEFAULT_PORT = 5432


@dataclass(frozen=True)
class Connection:
    """What the 连接服务器 dialog shows and edits."""

    host: str = ""
    port: int = DEFAULT_PORT
    database: str = "shuangjian"
    county: str = ""
    login: str = ""


def server_location(connection: Connection) -> ServerLocation:
    """The server address of a connection the clerk typed; RecordRejected names each bad field."""
    problems = []
    host, database, county, login = (
        connection.host.strip(),
        connection.database.strip(),
        connection.county.strip().lower(),
        connection.login.strip(),
    )
    if not host:
        problems.append(FieldProblem(None, "服务器", "请填写服务器的名称或 IP 地址"))
    if not 0 < connection.port < 65536:
        problems.append(FieldProblem(None, "端口", "应为1-65535（PostgreSQL 通常为5432）"))
    if not database:
        problems.append(FieldProblem(None, "数据库", "请填写数据库名（如 shuangjian）"))
    if county and (why := county_problem(county)):
        problems.append(FieldProblem(None, "县代码", why))
    if not login:
        problems.append(FieldProblem(None, "服务器账户", "请填写服务器管理员建立的账户名"))
    if problems:
        raise RecordRejected(problems)
    query = {"host": host} if host.startswith("/") else {}
    url = URL.create(
        DRIVER,
        username=login,
        host=None if query else host,
        port=None if query else connection.port,
        database=database,
        query=query,
    )
    return ServerLocation(url, county or None)


def connection_of(location: ServerLocation) -> Connection:
    url = location.url
    host = url.host or str(url.query.get("host", ""))
    return Connection(host, url.port or DEFAULT_PORT, url.database or "", location.county or "", url.username or "")


def with_password(location: ServerLocation, password: str) -> ServerLocation:
    """The same connection with the password the clerk typed (kept in memory only)."""
    return location.with_login(None, password)


def needs_password(error: BaseException) -> bool:
    """Whether opening failed only because the server wants (another) password."""
    return isinstance(error, ServerLoginRefused)


def recent_locations(settings: Settings) -> list[Location]:
    """The recent databases: files, and connections to servers."""
    found: list[Location] = []
    for text in settings.recent_texts():
        try:
            found.append(parse_location(text))
        except DomainError:
            continue
    return found


def describe(location: Location) -> str:
    return location.describe() if isinstance(location, ServerLocation) else str(Path(location))


def remember(settings: Settings, location: Location) -> None:
    if isinstance(location, ServerLocation):
        settings.remember_text(location_text(location))
    else:
        settings.remember_database(Path(location))
