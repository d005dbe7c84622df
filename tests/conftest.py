"""Shared fixtures: real SQLite files in a temporary folder, the demo county made once and copied per test.

Every test that takes a workspace (``workspace``, ``demo_workspace``, and the windows made on them) runs twice: on a
SQLite file and on a county of a PostgreSQL server (tests/server.py; skipped, with the reason, when
SHUANGJIAN_TEST_PG names no server). Tests of what only a file has (its backups, restore, the one-writer lock, the
session journal) take ``file_workspace`` / ``demo_file`` instead.

Qt runs offscreen (set before Qt is imported); tests under tests/ui are marked gui automatically; Qt warnings fail
tests (qt_log_level_fail in pyproject.toml).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("SHUANGJIAN_DB", None)

from shuangjian_desktop.services.demo import load_demo_county
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.settings import Settings
from shuangjian_desktop.store.counties import make_schema
from shuangjian_desktop.store.location import Location
from shuangjian_desktop.ui.look import prepare_environment
from tests.server import NO_SERVER, REQUIRE_ENV, TestServer, server_url

prepare_environment()  # on Windows, offscreen Qt needs a font folder

DEMO_TODAY = dt.date(2026, 11, 20)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/ui/" in item.nodeid.replace("\\", "/"):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def _data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("SHUANGJIAN_DATA_DIR", str(folder))
    monkeypatch.delenv("SHUANGJIAN_DB", raising=False)
    return folder


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "ledger.sqlite3"


@pytest.fixture(scope="session")
def pg_server() -> Iterator[TestServer]:
    """The tests' PostgreSQL server; skipped (with the reason) when none is named, a failure when CI requires one."""
    url = server_url()
    if url is None:
        if os.environ.get(REQUIRE_ENV):
            pytest.fail(f"{REQUIRE_ENV} is set but {NO_SERVER}")
        pytest.skip(NO_SERVER)
    server = TestServer(url)
    server.check()
    yield server
    server.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def engine_name(request: pytest.FixtureRequest) -> str:
    """Which engine a workspace test runs on (every such test runs on both)."""
    if request.param == "postgresql":
        request.getfixturevalue("pg_server")
    return str(request.param)


def _empty_county(server: TestServer, name: str) -> None:
    make_schema(server.location(name))


def _demo_county(server: TestServer, name: str) -> None:
    make_schema(server.location(name))
    ws = Workspace.open(server.location(name), Settings())
    load_demo_county(ws.store, today=DEMO_TODAY)
    ws.close()


@pytest.fixture
def server_database(request: pytest.FixtureRequest) -> Iterator[Callable[[str], Location]]:
    """``make("empty" | "demo")``: a fresh database of its own on the tests' server, holding county "test"."""
    server: TestServer = request.getfixturevalue("pg_server")
    made: list[str] = []

    def make(kind: str) -> Location:
        build = {"empty": _empty_county, "demo": _demo_county}[kind]
        name = server.create(template=server.template(kind, build))
        made.append(name)
        return server.location(name)

    yield make
    for name in made:
        server.drop(name)


@pytest.fixture
def db_location(engine_name: str, db_path: Path, request: pytest.FixtureRequest) -> Location:
    """Where a new, empty county's database is: a file not yet made, or a county on the server at this version."""
    if engine_name == "sqlite":
        return db_path
    return request.getfixturevalue("server_database")("empty")


@pytest.fixture
def workspace(db_location: Location) -> Iterator[Workspace]:
    ws = Workspace.open(db_location, Settings())
    yield ws
    ws.close()


@pytest.fixture
def file_workspace(db_path: Path) -> Iterator[Workspace]:
    """A new database file (for what only a file has: backups, the writer lock, the session journal)."""
    ws = Workspace.open(db_path, Settings())
    yield ws
    ws.close()


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    ws = Workspace.open(path, Settings())
    load_demo_county(ws.store, today=DEMO_TODAY)
    ws.close()
    return path


@pytest.fixture
def demo_location(engine_name: str, demo_file: Path, tmp_path: Path, request: pytest.FixtureRequest) -> Location:
    """A copy of the demo county of its own: a file, or a county on the server."""
    if engine_name == "sqlite":
        path = tmp_path / "demo.sqlite3"
        shutil.copyfile(demo_file, path)
        return path
    return request.getfixturevalue("server_database")("demo")


@pytest.fixture
def demo_workspace(demo_location: Location) -> Iterator[Workspace]:
    ws = Workspace.open(demo_location, Settings())
    yield ws
    ws.close()


@pytest.fixture
def file_demo_workspace(demo_file: Path, tmp_path: Path) -> Iterator[Workspace]:
    """The demo county in a file of its own (for what only a file has)."""
    path = tmp_path / "demo.sqlite3"
    shutil.copyfile(demo_file, path)
    ws = Workspace.open(path, Settings())
    yield ws
    ws.close()
