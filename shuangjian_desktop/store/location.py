"""Where a county's ledgers live: a SQLite file on this PC, or a county's schema on a PostgreSQL server.

``--db`` (and 文件 > 打开数据库) takes either a file path or a server address
``postgresql+psycopg://USER@HOST[:PORT]/DATABASE?county=CODE``: one server database holds many counties, each in a
schema of its own (``county_CODE``), and the city's own accounts in ``sj_city`` (no ``county``: the city).
A password in the address is accepted (scripts) but never shown, saved or logged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import URL, make_url
from sqlalchemy.exc import ArgumentError

from shuangjian_desktop.domain.errors import DomainError

SERVER_SCHEMES = ("postgresql", "postgresql+psycopg", "postgres")
DRIVER = "postgresql+psycopg"
COUNTY_PARAMETER = "county"
CITY_SCHEMA = "sj_city"
"""The schema of the city's own accounts and records (the counties' schemas are ``county_CODE``)."""
_CODE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def county_problem(code: str) -> str:
    """Why ``code`` cannot name a county on a server ("" when it can): lower-case letters, digits and _, from a
    letter, at most 40 (it becomes part of the schema's and the role's names)."""
    if not _CODE.match(code):
        return f"县代码“{code}”应以小写字母开头，只含小写字母、数字和下划线，最多40个字符（如 dongchangfu）"
    return ""


def county_schema(code: str) -> str:
    return f"county_{code}"


@dataclass(frozen=True)
class ServerLocation:
    """A county (or, with ``county`` None, the city) on a PostgreSQL server."""

    url: URL
    """The server database, without the county parameter (a password in it is used, never shown)."""
    county: str | None = None

    @property
    def schema(self) -> str:
        return CITY_SCHEMA if self.county is None else county_schema(self.county)

    @property
    def is_city(self) -> bool:
        return self.county is None

    def text(self) -> str:
        """The address as the clerk may see and the settings may keep it: no password."""
        url = self.url.set(password=None)
        if self.county is not None:
            url = url.update_query_dict({COUNTY_PARAMETER: self.county})
        return url.render_as_string(hide_password=True)

    def describe(self) -> str:
        """A Chinese line for titles and messages: server, database and county."""
        host = self.url.host or ("本机" if str(self.url.query.get("host", "/")).startswith("/") else "")
        host = host or str(self.url.query.get("host"))
        port = f":{self.url.port}" if self.url.port else ""
        where = f"服务器 {host}{port} 数据库 {self.url.database or ''}"
        return f"{where}（{'市局' if self.county is None else f'县：{self.county}'}）"

    def with_login(self, username: str | None, password: str | None) -> ServerLocation:
        """The same place reached as another server account (``None`` keeps what the address had)."""
        url = self.url
        if username is not None:
            url = url.set(username=username)
        if password is not None:
            url = url.set(password=password)
        return ServerLocation(url, self.county)

    def for_county(self, county: str | None) -> ServerLocation:
        return ServerLocation(self.url, county)


Location = Path | ServerLocation


def is_server_text(text: str) -> bool:
    return any(text.startswith(f"{scheme}://") for scheme in SERVER_SCHEMES)


def parse_location(value: str | Path | ServerLocation) -> Location:
    """A file path, or a server address (``postgresql://`` or ``postgresql+psycopg://``, ``?county=CODE``)."""
    if isinstance(value, ServerLocation):
        return value
    if isinstance(value, Path) or not is_server_text(str(value)):
        return Path(value)
    try:
        url = make_url(str(value))
    except ArgumentError as error:
        raise DomainError(f"服务器地址写法不对：{error}") from None
    url = url.set(drivername=DRIVER)
    query = dict(url.query)
    county = query.pop(COUNTY_PARAMETER, None)
    if isinstance(county, tuple):
        county = county[-1]
    if county is not None:
        county = str(county).strip().lower()
        if why := county_problem(county):
            raise DomainError(why)
    if not url.database:
        raise DomainError("服务器地址须写明数据库名，如 postgresql+psycopg://用户名@服务器/shuangjian?county=县代码")
    return ServerLocation(url.set(query=query), county or None)


def location_text(location: Location) -> str:
    """What the settings keep and the recent list shows (never a password)."""
    return location.text() if isinstance(location, ServerLocation) else str(location)


def same_location(a: Location, b: Location) -> bool:
    if isinstance(a, ServerLocation) or isinstance(b, ServerLocation):
        return isinstance(a, ServerLocation) and isinstance(b, ServerLocation) and a.text() == b.text()
    return Path(a).resolve() == Path(b).resolve()
