"""GUI fixtures: the main window on a copy of the demo county, with modal dialogs answered by the test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

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


@pytest.fixture
def window(qtbot: QtBot, demo_workspace: Workspace, ui_state: QSettings, answers: Answers) -> Iterator[MainWindow]:
    win = MainWindow(demo_workspace, "李晓燕", demo=True, ui_state=ui_state)
    qtbot.addWidget(win)
    win.show()
    yield win
