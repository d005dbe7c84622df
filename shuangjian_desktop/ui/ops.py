"""Run long work (import, export, print, backup) off the GUI thread with a cancellable progress dialog.

Shaped after Anki's operation runner: the work is a plain function taking a Progress; the result or the error
comes back on the GUI thread through a callback.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from shuangjian_desktop.atomicfile import FileWriteError
from shuangjian_desktop.domain.errors import DomainError


class Progress:
    """Handed to the work: report(what, done, total) and cancelled()."""

    def __init__(self, signals: _Signals) -> None:
        self._signals = signals
        self._cancel = threading.Event()

    def report(self, what: str, done: int = 0, total: int = 0) -> None:
        self._signals.progress.emit(what, done, total)

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()


class _Signals(QObject):
    progress = Signal(str, int, int)
    finished = Signal(object)
    failed = Signal(object, str)


class _Job(QRunnable):
    def __init__(self, work: Callable[[Progress], Any], signals: _Signals, progress: Progress) -> None:
        super().__init__()
        self.work, self.signals, self.progress = work, signals, progress

    def run(self) -> None:
        try:
            result = self.work(self.progress)
        except BaseException as error:  # reported on the GUI thread
            outcome: tuple[Any, ...] = (self.signals.failed, error, traceback.format_exc())
        else:
            outcome = (self.signals.finished, result)
        with contextlib.suppress(RuntimeError):  # whoever asked may be gone (a closed dialog): then nobody hears
            outcome[0].emit(*outcome[1:])


def run_op(
    parent: QWidget,
    title: str,
    work: Callable[[Progress], Any],
    on_success: Callable[[Any], None],
    on_failure: Callable[[BaseException], bool] | None = None,
) -> Progress:
    """Start ``work`` on the thread pool; show progress; call ``on_success(result)`` on the GUI thread.

    A DomainError or FileWriteError is shown to the clerk as is; anything else as an unexpected error.
    ``on_failure`` may handle an error itself by returning True.
    """
    signals = _Signals(parent)
    progress = Progress(signals)
    dialog = QProgressDialog(title, "取消", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.canceled.connect(progress.cancel)

    def on_progress(what: str, done: int, total: int) -> None:
        dialog.setLabelText(f"{title}：{what}" + (f"（{done}/{total}）" if total else (f"（{done}）" if done else "")))
        dialog.setMaximum(total)
        dialog.setValue(min(done, total) if total else 0)

    def finish() -> None:
        dialog.canceled.disconnect(progress.cancel)
        dialog.close()
        dialog.deleteLater()
        signals.deleteLater()

    def on_finished(result: Any) -> None:
        finish()
        on_success(result)

    def on_failed(error: BaseException, trace: str) -> None:
        finish()
        if on_failure is not None and on_failure(error):
            return
        if isinstance(error, DomainError | FileWriteError):
            QMessageBox.warning(parent, title, str(error))
        else:
            box = QMessageBox(QMessageBox.Icon.Critical, title, f"发生意外错误：{error}", parent=parent)
            box.setDetailedText(trace)
            box.exec()

    signals.progress.connect(on_progress)
    signals.finished.connect(on_finished)
    signals.failed.connect(on_failed)
    QThreadPool.globalInstance().start(_Job(work, signals, progress))
    return progress


def run_blocking(title: str, work: Callable[[], Any]) -> Any:
    """Run ``work`` off the GUI thread while a busy dialog shows (no window is open yet, or none may be used);
    return its result or raise its error here."""
    signals = _Signals()
    progress = Progress(signals)
    dialog = QProgressDialog(title, "", 0, 0)
    dialog.setWindowTitle(title)
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(0)
    outcome: dict[str, Any] = {}
    loop = QEventLoop()
    signals.finished.connect(lambda result: (outcome.setdefault("result", result), loop.quit()))
    signals.failed.connect(lambda error, _trace: (outcome.setdefault("error", error), loop.quit()))
    QThreadPool.globalInstance().start(_Job(lambda _p: work(), signals, progress))
    dialog.show()
    loop.exec()
    dialog.close()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("result")


def run_in_background(work: Callable[[], Any], done: Callable[[Any], None], owner: QObject) -> None:
    """Run ``work`` off the GUI thread with no dialog at all; ``done`` gets the result on the GUI thread, unless
    ``owner`` is gone by then. An error is logged, never shown (the work is a courtesy, like a status line)."""
    signals = _Signals(owner)
    signals.finished.connect(done)
    signals.failed.connect(lambda error, trace: logging.getLogger(__name__).error("background work failed: %s", trace))
    QThreadPool.globalInstance().start(_Job(lambda _p: work(), signals, Progress(signals)))
