"""GUI fixtures: the main window on a copy of the demo county, with modal dialogs answered by the test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
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

    def _record(self, kind: str) -> Any:
        def show(_parent: Any, title: str, text: str, *args: Any, **kwargs: Any) -> Any:
            self.shown.append((kind, title, text))
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


def _window(qtbot: QtBot, workspace: Workspace, username: str, ui_state: QSettings) -> MainWindow:
    win = MainWindow(workspace, signed_in(workspace, username), demo=True, ui_state=ui_state)
    qtbot.addWidget(win)
    win.show()
    return win


@pytest.fixture
def window(qtbot: QtBot, demo_workspace: Workspace, ui_state: QSettings, answers: Answers) -> Iterator[MainWindow]:
    """The clerk's window (经办人 李晓燕)."""
    win = _window(qtbot, demo_workspace, "李晓燕", ui_state)
    yield win
    win.close()


@pytest.fixture
def admin_window(
    qtbot: QtBot, demo_workspace: Workspace, ui_state: QSettings, answers: Answers
) -> Iterator[MainWindow]:
    win = _window(qtbot, demo_workspace, "admin", ui_state)
    yield win
    win.close()


@pytest.fixture
def leader_window(
    qtbot: QtBot, demo_workspace: Workspace, ui_state: QSettings, answers: Answers
) -> Iterator[MainWindow]:
    win = _window(qtbot, demo_workspace, "周建华", ui_state)
    yield win
    win.close()
