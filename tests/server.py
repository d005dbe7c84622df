"""The tests' PostgreSQL server: a throwaway cluster (.ci/postgres) named by SHUANGJIAN_TEST_PG, where every test
that runs on a server gets a database of its own, copied from a template made once per session (CREATE DATABASE …
TEMPLATE is a file copy: a fraction of a second, whatever the migrations cost)."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable

from sqlalchemy import URL, Engine, create_engine, make_url

from shuangjian_desktop.store.location import ServerLocation

PG_ENV = "SHUANGJIAN_TEST_PG"
REQUIRE_ENV = "SHUANGJIAN_REQUIRE_PG"
NO_SERVER = (
    "no PostgreSQL server for the tests: set SHUANGJIAN_TEST_PG (bash .ci/postgres start DIR prints it; "
    "bash .ci/run does it) to run every workspace test on a server as well"
)
COUNTY = "test"
"""The county every test database holds (schema county_test)."""


class TestServer:
    __test__ = False  # a helper, not a test class
    """Databases on the tests' cluster, made by its owner (who connects over the socket without a password)."""

    def __init__(self, url: str) -> None:
        self.url: URL = make_url(url).set(drivername="postgresql+psycopg")
        self.admin: Engine = create_engine(self.url, isolation_level="AUTOCOMMIT", pool_size=1)
        self.prefix = f"sjt_{os.getpid()}"
        self._names = itertools.count(1)
        self._templates: dict[str, str] = {}
        self.made: list[str] = []

    def check(self) -> None:
        with self.admin.connect() as conn:
            conn.exec_driver_sql("SELECT 1")

    def database_url(self, name: str) -> URL:
        return self.url.set(database=name)

    def location(self, name: str, county: str | None = COUNTY) -> ServerLocation:
        return ServerLocation(self.database_url(name), county)

    def create(self, template: str | None = None) -> str:
        name = f"{self.prefix}_{next(self._names)}"
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        self.made.append(name)
        return name

    def drop(self, name: str) -> None:
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if name in self.made:
            self.made.remove(name)

    def template(self, kind: str, build: Callable[[TestServer, str], None]) -> str:
        """A template database made once by ``build(server, name)`` (which closes every connection it opened)."""
        if kind not in self._templates:
            name = self.create()
            build(self, name)
            self._templates[kind] = name
        return self._templates[kind]

    def close(self) -> None:
        for name in list(self.made):
            self.drop(name)
        self.admin.dispose()

    def roles(self, prefix: str) -> list[str]:
        with self.admin.connect() as conn:
            rows = conn.exec_driver_sql("SELECT rolname FROM pg_roles WHERE rolname LIKE %(p)s", {"p": f"{prefix}%"})
            return [row[0] for row in rows]

    def drop_roles(self, prefix: str) -> None:
        for role in self.roles(prefix):
            with self.admin.connect() as conn:
                conn.exec_driver_sql(f'DROP ROLE IF EXISTS "{role}"')


def server_url() -> str | None:
    return os.environ.get(PG_ENV) or None
