"""Unexpected errors in the window: written to the log with their traceback and told to the clerk in Chinese.

The Windows program is built without a console, so an error nobody catches would otherwise vanish (or close the
program without a word). ``install`` sets ``sys.excepthook`` (errors in Qt slots and event handlers reach it too)
and ``threading.excepthook`` (errors in background threads, shown on the GUI thread), and points ``faulthandler`` at
a file in the log folder for crashes Python cannot catch. A second error while the message is open is only logged.
"""

from __future__ import annotations

import faulthandler
import logging
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType
from typing import IO

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from shuangjian_desktop import APP_NAME

log = logging.getLogger("shuangjian")

CRASH_FILE = "crash.log"


def message_text(log_file: Path) -> str:
    return (
        "程序遇到了意外错误，刚才的操作可能没有完成。已经保存的数据不受影响。\n\n"
        f"错误经过已写入日志文件：\n{log_file}\n\n"
        "如果问题反复出现，请把该文件发给技术人员。"
    )


class _Reporter(QObject):
    """Lives on the GUI thread; a background thread's error reaches it through a queued signal."""

    reported = Signal(str)

    def __init__(self, log_file: Path) -> None:
        super().__init__()
        self.log_file = log_file
        self.showing = False
        self.shown: list[str] = []
        self.reported.connect(self.show)

    def show(self, details: str) -> None:
        if self.showing or QApplication.instance() is None:
            return
        self.showing = True
        try:
            box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, message_text(self.log_file))
            box.setDetailedText(details)
            self.shown.append(details)
            box.exec()
        except Exception:
            log.exception("could not show the message about an unexpected error")
        finally:
            self.showing = False


_reporter: _Reporter | None = None
_crash_file: IO[str] | None = None


def report(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    """Log the error with its traceback and tell the clerk (on the GUI thread, now or as soon as it is free)."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, tb)
        return
    log.error("unexpected error", exc_info=(kind, error, tb))
    details = "".join(traceback.format_exception(kind, error, tb))
    if _reporter is None:
        return
    if threading.current_thread() is threading.main_thread():
        _reporter.show(details)
    else:
        _reporter.reported.emit(details)


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit:
        return
    report(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback)


def install(log_folder: Path) -> None:
    """Report every uncaught error from now on; call once the QApplication exists (on the GUI thread)."""
    global _reporter, _crash_file
    log_folder.mkdir(parents=True, exist_ok=True)
    _reporter = _Reporter(log_folder / "shuangjian.log")
    sys.excepthook = report
    threading.excepthook = _thread_hook
    _close_crash_file()
    try:
        _crash_file = (log_folder / CRASH_FILE).open("a", encoding="utf-8")
        faulthandler.enable(_crash_file)
    except OSError:
        log.exception("cannot write crash reports to %s", log_folder)


def _close_crash_file() -> None:
    global _crash_file
    if _crash_file is not None:
        faulthandler.disable()
        _crash_file.close()
        _crash_file = None


def uninstall() -> None:
    """Put Python's own hooks back (tests)."""
    global _reporter
    _close_crash_file()
    sys.excepthook = sys.__excepthook__
    threading.excepthook = threading.__excepthook__
    _reporter = None


def reporter() -> _Reporter | None:
    """The installed reporter (what tests look at)."""
    return _reporter
