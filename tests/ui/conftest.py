"""GUI fixtures: the main window on a copy of the demo county, with modal dialogs answered by the test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from shuangjian_desktop.domain.access import Actor
from shuangjian_desktop.services.demo.accounts import DEMO_PASSWORD
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.ui.main_window import MainWindow


class Answers:
    """Records every message box the program shows and answers questions with ``reply``."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str, str]] = []
        self.reply = QMessageBox.StandardButton.Yes
        self.defaults: list[Any] = []
        """The default button of each question (what Enter answers)."""

    def _record(self, kind: str) -> Any:
        def show(_parent: Any, title: str, text: str, *args: Any, **kwargs: Any) -> Any:
            self.shown.append((kind, title, text))
            if kind == "question":
                self.defaults.append(args[1] if len(args) > 1 else kwargs.get("defaultButton"))
            return self.reply if kind == "question" else QMessageBox.StandardButton.Ok

        return show

    def texts(self, kind: str | None = None) -> list[str]:
        return [text for k, _title, text in self.shown if kind is None or k == kind]


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    recorder = Answers()
    for kind in ("information", "warning", "question", "critical"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(recorder._record(kind)))
    return recorder


@pytest.fixture
def ui_state(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)


def signed_in(workspace: Workspace, username: str) -> Actor:
    """Sign in as one of the demo county's accounts (admin, 李晓燕 the clerk, 周建华 the leader)."""
    return workspace.accounts.sign_in(username, DEMO_PASSWORD)


def _windows(qtbot: QtBot, workspace: Workspace, ui_state: QSettings) -> Iterator[Callable[[str], MainWindow]]:
    opened: list[MainWindow] = []

    def open_as(username: str) -> MainWindow:
        win = MainWindow(workspace, signed_in(workspace, username), demo=True, ui_state=ui_state)
        qtbot.addWidget(win)
        win.show()
        opened.append(win)
        return win

    yield open_as
    for win in opened:
        # a search typed just before the test ended must not run in the next test (after the database is gone)
        for timer in win.findChildren(QTimer):
            timer.stop()
        win.close()


@pytest.fixture
def open_window(
    qtbot: QtBot, demo_workspace: Workspace, ui_state: QSettings, answers: Answers
) -> Iterator[Callable[[str], MainWindow]]:
    """Open the main window on the demo county (a file, or a county on the server), signed in as one of its
    accounts; closed after the test."""
    yield from _windows(qtbot, demo_workspace, ui_state)


@pytest.fixture
def open_file_window(
    qtbot: QtBot, file_demo_workspace: Workspace, ui_state: QSettings, answers: Answers
) -> Iterator[Callable[[str], MainWindow]]:
    """The same on the demo county in a file (for what only a file has: backups, restore, the quick check)."""
    yield from _windows(qtbot, file_demo_workspace, ui_state)


@pytest.fixture
def window(open_window: Callable[[str], MainWindow]) -> MainWindow:
    """The clerk's window (经办人 李晓燕)."""
    return open_window("李晓燕")


@pytest.fixture
def admin_window(open_window: Callable[[str], MainWindow]) -> MainWindow:
    return open_window("admin")


@pytest.fixture
def leader_window(open_window: Callable[[str], MainWindow]) -> MainWindow:
    return open_window("周建华")
