"""The Qt binding the program runs on keeps Python's reference counts right.

PySide6 6.12.0 on Python 3.11 takes one reference from None at every void Qt call (QLabel.setText,
QTableWidget.setItem, ...); a county-sized list filled that way aborted the program with ``none_dealloc``. This test
fails on such a combination (and gives the references back, so the failure does not take the test run down).
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

CALLS = 5000
BATCH = 50


def _none_references() -> int:
    return sys.getrefcount(None)


def test_void_qt_calls_leave_none_alone(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    holder = QObject()
    lost = 0
    for batch in range(CALLS // BATCH):
        before = _none_references()
        for i in range(BATCH):
            label.setText(str((batch + i) % 7))
            holder.setObjectName("x")
        dropped = before - _none_references()
        lost += dropped
        for _ in range(max(dropped, 0)):  # give them back at once: None must never reach zero here
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(None))
    # Other code may take or drop a handful of references meanwhile; a broken binding loses one per call.
    assert abs(lost) < CALLS // 10, f"{lost} references to None lost in {2 * CALLS} void Qt calls"
