"""The first main window on the demo county: the register shows, searches in SQL, sorts in pinyin order."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from shuangjian_desktop.app import open_workspace
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.settings import Settings
from shuangjian_desktop.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot: QtBot, demo_workspace: Workspace, tmp_path: Path) -> MainWindow:
    state = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    win = MainWindow(demo_workspace, "李晓燕", demo=True, ui_state=state)
    qtbot.addWidget(win)
    win.show()
    return win


def test_the_register_shows_every_institution(window: MainWindow) -> None:
    model = window.register.model
    assert model.rowCount() == 57
    assert model.headerData(0, Qt.Orientation.Horizontal) == "机构名称"
    assert "共 57 家" in window.register.count_label.text()
    assert str(window.workspace.db_path) in window.db_label.text()
    assert window.windowTitle().endswith("示范县")


def test_the_table_model_passes_qt_model_tester(window: MainWindow, qtmodeltester: ModelTester) -> None:
    qtmodeltester.check(window.register.model)


def test_search_by_pinyin_initials_and_filters(qtbot: QtBot, window: MainWindow) -> None:
    register = window.register
    first = register.model.data(register.model.index(0, 0))
    register.search.setText("qm")
    qtbot.waitUntil(lambda: register.model.rowCount() < 57)
    names = [register.model.data(register.model.index(r, 0)) for r in range(register.model.rowCount())]
    assert any("启明" in n for n in names)
    register.search.setText("")
    qtbot.waitUntil(lambda: register.model.rowCount() == 57)
    register.status_filter.setCurrentIndex(register.status_filter.findText("已注销"))
    assert register.model.rowCount() == 5
    assert first


def test_sorting_is_in_pinyin_order_and_done_in_sql(window: MainWindow) -> None:
    from shuangjian_desktop.domain.pinyin import sort_key

    model = window.register.model
    names = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
    assert names == sorted(names, key=sort_key)
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert [model.data(model.index(r, 0)) for r in range(model.rowCount())] == list(reversed(names))


def test_window_state_is_remembered(qtbot: QtBot, demo_workspace: Workspace, tmp_path: Path) -> None:
    state = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    win = MainWindow(demo_workspace, "李晓燕", ui_state=state)
    qtbot.addWidget(win)
    win.resize(900, 600)
    win.register.table.setColumnWidth(0, 123)
    win.close()
    again = MainWindow(demo_workspace, "李晓燕", ui_state=state)
    qtbot.addWidget(again)
    assert again.register.table.columnWidth(0) == 123


def test_first_start_opens_the_demo_county(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHUANGJIAN_DATA_DIR", str(tmp_path))
    workspace, demo = open_workspace(Settings())
    try:
        assert demo and workspace.db_path == tmp_path / "demo.sqlite3"
        assert not workspace.is_empty()
        assert not (tmp_path / "shuangjian.sqlite3").exists()
    finally:
        workspace.close()
