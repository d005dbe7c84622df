"""Read something off the GUI thread and hand the result back to it: the home page's figures and attention list,
the coverage gaps. The window paints at once; what takes time in proportion to the data arrives when it is ready,
and a newer request makes an older result be dropped."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from shiboken6 import isValid

log = logging.getLogger(__name__)
_running: set[_Relay] = set()
"""Relays of work under way (kept alive until their result is delivered)."""


class _Relay(QObject):
    finished = Signal(object, object)
    """(result, error): emitted on the worker thread, delivered on the GUI thread (queued)."""


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.work, self.relay = work, relay

    def run(self) -> None:
        try:
            result, error = self.work(), None
        except Exception as caught:  # delivered to the GUI thread
            result, error = None, caught
        with contextlib.suppress(RuntimeError):  # the program is closing: nobody waits for this any more
            self.relay.finished.emit(result, error)


class Loader(QObject):
    """One kind of background read for one owner: ``start(work, done)``; only the latest start's result is used."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._generation = 0
        self.busy = False

    def cancel(self) -> None:
        """Drop the result of whatever is under way."""
        self._generation += 1
        self.busy = False

    def start(self, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        self._generation += 1
        generation = self._generation
        self.busy = True
        relay = _Relay()
        _running.add(relay)

        def deliver(result: Any, error: Any) -> None:
            _running.discard(relay)
            # Destroyed here, on the GUI thread: left to the garbage collector (the relay and this function hold
            # each other), it could be destroyed on whichever thread happens to collect, and crash.
            relay.deleteLater()
            if not isValid(self) or generation != self._generation:
                return  # its owner is gone (the window closed), or a newer request was made since
            self.busy = False
            if error is not None:
                log.error("background read failed", exc_info=error)
                return
            done(result)

        relay.finished.connect(deliver)
        QThreadPool.globalInstance().start(_Job(work, relay))
