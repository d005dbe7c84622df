"""Python's cyclic garbage collector runs only on the GUI thread.

Left automatic, it runs on whichever thread happens to allocate when its thresholds are reached, a background read
or export included; collecting a Qt object's wrapper there destroys the object on the wrong thread, and Qt crashes.
So the automatic collector is turned off and a timer on the GUI thread collects instead, each generation when its
threshold is reached (the pattern pyqtgraph's GarbageCollector uses). Reference counting frees everything else at
once, as before.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

INTERVAL_MS = 500


class GuiThreadCollector(QObject):
    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> None:
        first, second, third = gc.get_count()
        if first > self.thresholds[0]:
            if second > self.thresholds[1]:
                gc.collect(2 if third > self.thresholds[2] else 1)
            else:
                gc.collect(0)


def collect_on_gui_thread() -> None:
    """Install once per application (idempotent)."""
    app = QCoreApplication.instance()
    if app is not None and app.findChild(GuiThreadCollector) is None:
        GuiThreadCollector(app)
