"""Shared fixtures: real SQLite files in a temporary folder, the demo county made once and copied per test.

Qt runs offscreen (set before Qt is imported); tests under tests/ui are marked gui automatically; Qt warnings fail
tests (qt_log_level_fail in pyproject.toml).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("SHUANGJIAN_DB", None)

from shuangjian_desktop.services.demo import load_demo_county
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.settings import Settings
from shuangjian_desktop.ui.look import prepare_environment

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


@pytest.fixture
def workspace(db_path: Path) -> Iterator[Workspace]:
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
def demo_workspace(demo_file: Path, tmp_path: Path) -> Iterator[Workspace]:
    path = tmp_path / "demo.sqlite3"
    shutil.copyfile(demo_file, path)
    ws = Workspace.open(path, Settings())
    yield ws
    ws.close()
