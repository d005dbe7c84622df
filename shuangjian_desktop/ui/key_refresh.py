"""After an upgrade that changes how search and sort keys are made, the keys of the rows already stored are made
afresh in the background (services/keys_refresh.py), in batches: the window is usable at once, the status bar says
how far it is, and the lists are read again when it is done. Closing the program stops it between two batches; it
goes on at the next start."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QWidget

from shuangjian_desktop.services.keys_refresh import keys_stale, refresh_keys
from shuangjian_desktop.services.workspace import Workspace

Refresh = Callable[[Callable[[int, int], None], Callable[[], bool]], tuple[int, bool]]
"""refresh(progress, cancelled) -> (rows rewritten, finished): services/keys_refresh.py over the open database."""

log = logging.getLogger(__name__)


class _Relay(QObject):
    progress = Signal(int, int)
    finished = Signal(object)


class _Run(QRunnable):
    def __init__(self, refresh: Refresh, relay: _Relay, cancelled: Callable[[], bool]) -> None:
        super().__init__()
        self.refresh, self.relay, self.cancelled = refresh, relay, cancelled

    def run(self) -> None:
        try:
            result = self.refresh(self.relay.progress.emit, self.cancelled)
        except Exception as error:  # logged on the GUI thread; the next start tries again
            result = error
        with contextlib.suppress(RuntimeError):
            self.relay.finished.emit(result)


class KeyRefresh(QObject):
    """``start()`` once the window shows; ``done`` is called when every key is current."""

    def __init__(
        self, parent: QWidget, stale: Callable[[], bool], refresh: Refresh, status: QLabel, done: Callable[[], None]
    ) -> None:
        super().__init__(parent)
        self._stale, self._refresh = stale, refresh
        self.status = status
        self._done = done
        self.stopped = False
        self.running = False
        self._relay = _Relay(self)
        self._relay.progress.connect(self._progress)
        self._relay.finished.connect(self._finished)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)

    @classmethod
    def in_window(cls, window: QMainWindow, workspace: Workspace, done: Callable[[], None]) -> KeyRefresh:
        """One for the window's open database, with its line in the status bar, started once the window shows."""
        label = QLabel()
        label.setVisible(False)
        window.statusBar().addPermanentWidget(label)
        store = workspace.store
        refresh = cls(
            window,
            lambda: keys_stale(store),
            lambda progress, cancelled: refresh_keys(store, progress, cancelled),
            label,
            done,
        )
        QTimer.singleShot(0, refresh.start)
        return refresh

    def start(self) -> bool:
        """Begin when the keys are stale (one number read); whether it began."""
        if self.running or not self._stale():
            return False
        self.running = True
        self.status.setText("正在按新规则更新拼音检索和排序…")
        self.status.setVisible(True)
        QThreadPool.globalInstance().start(_Run(self._refresh, self._relay, lambda: self.stopped))
        return True

    def stop(self) -> None:
        self.stopped = True

    def _progress(self, done: int, total: int) -> None:
        share = 100 * done // total if total else 100
        self.status.setText(f"正在按新规则更新拼音检索和排序：{share}%（可照常使用）")

    def _finished(self, result: object) -> None:
        self.running = False
        self.status.setVisible(False)
        if isinstance(result, Exception):
            log.error("refreshing the search and sort keys failed", exc_info=result)
            return
        if isinstance(result, tuple) and result[1]:
            log.info("search and sort keys made afresh: %s rows rewritten", result[0])
            self._done()
