"""An error nobody catches, in a Qt slot or a background thread, is written to the log with its traceback and told
to the clerk in Chinese; the windowed Windows program has no console where it could otherwise go."""

from __future__ import annotations

import faulthandler
import logging
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from shuangjian_desktop.ui import unexpected


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot) -> Iterator[Path]:
    """The hooks installed with a log file in tmp_path; message boxes recorded instead of shown."""
    folder = tmp_path / "logs"
    folder.mkdir()
    handler = logging.FileHandler(folder / "shuangjian.log", encoding="utf-8")
    logger = logging.getLogger("shuangjian")
    logger.addHandler(handler)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    saved = sys.excepthook, threading.excepthook
    unexpected.install(folder)
    yield folder
    unexpected.uninstall()
    faulthandler.enable()  # back to pytest's stderr
    sys.excepthook, threading.excepthook = saved
    logger.removeHandler(handler)
    handler.close()


def shown_texts() -> list[str]:
    reporter = unexpected.reporter()
    assert reporter is not None
    return reporter.shown


def fail_in_a_slot() -> None:
    raise RuntimeError("坏了：槽函数里的意外")


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_qt_slot_is_logged_and_shown(installed: Path, qtbot: QtBot) -> None:
    QTimer.singleShot(0, fail_in_a_slot)
    qtbot.waitUntil(lambda: len(shown_texts()) == 1)
    log = (installed / "shuangjian.log").read_text(encoding="utf-8")
    assert "unexpected error" in log and "RuntimeError: 坏了：槽函数里的意外" in log and "fail_in_a_slot" in log
    assert "fail_in_a_slot" in shown_texts()[0]  # the details under the message
    assert unexpected.message_text(installed / "shuangjian.log").startswith("程序遇到了意外错误")


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_background_thread_is_shown_on_the_gui_thread(installed: Path, qtbot: QtBot) -> None:
    def work() -> None:
        raise ValueError("后台线程的意外")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: len(shown_texts()) == 1)
    assert "ValueError: 后台线程的意外" in (installed / "shuangjian.log").read_text(encoding="utf-8")


def test_the_message_is_shown_with_the_log_file_named(installed: Path) -> None:
    shown: list[tuple[str, str]] = []
    reporter = unexpected.reporter()
    assert reporter is not None
    original = QMessageBox.exec
    try:
        QMessageBox.exec = lambda box: shown.append((box.windowTitle(), box.text())) or 0  # type: ignore[method-assign]
        try:
            raise KeyError("x")
        except KeyError:
            unexpected.report(*sys.exc_info())  # type: ignore[arg-type]
    finally:
        QMessageBox.exec = original  # type: ignore[method-assign]
    ((title, text),) = shown
    assert title == "双减监管台账" and str(installed / "shuangjian.log") in text and "技术人员" in text


def test_a_crash_report_file_is_kept_in_the_log_folder(installed: Path) -> None:
    assert faulthandler.is_enabled()
    assert (installed / unexpected.CRASH_FILE).is_file()


def test_a_window_that_cannot_start_leaves_a_log_entry_and_a_message(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """What happens when even the imports fail (as a PyInstaller build missing a module did): the traceback is
    logged and a Chinese message shown, not a program that never appears."""
    from shuangjian_desktop import __main__ as entry
    from shuangjian_desktop import app, fatal

    shown: list[str] = []
    monkeypatch.setenv("SHUANGJIAN_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(sys, "argv", ["shuangjian"])
    monkeypatch.setattr(fatal, "_message_box", shown.append)
    monkeypatch.setattr(fatal.report_fatal, "__defaults__", (shown.append,))

    def broken(**_kwargs: object) -> int:
        raise ModuleNotFoundError("No module named 'PIL'")

    monkeypatch.setattr(app, "run_gui", broken)
    assert entry.main() == 1
    log = (tmp_path / "logs" / "shuangjian.log").read_text(encoding="utf-8")
    assert "the window could not start" in log and "ModuleNotFoundError: No module named 'PIL'" in log
    (text,) = shown
    assert text.startswith("双减监管台账未能启动") and str(tmp_path / "logs" / "shuangjian.log") in text
