"""现场看到的培训: the lessons the inspectors saw (start and end, offline or online, subject or not), checked against
the training-time rules on the inspection's day (offline ends by 20:30, online by 21:00, online lessons of 30
minutes with 10-minute breaks, no subject training on rest days, holidays or the county's vacations). The breaches
found are listed with the rule each breaks, and can be taken into the inspection with one click."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from shuangjian_desktop.domain.enums import Category, Mode
from shuangjian_desktop.domain.training_rules import Lesson

Check = Callable[[Sequence[Lesson]], list[tuple[str, str | None]]]
"""The lessons seen -> (breach, the rule it breaks or None)."""


class ObservedLessons(QWidget):
    adopted = Signal(list, list)
    """(rule codes, breach sentences) the inspectors chose to take into the record."""

    def __init__(self, check: Check, rule_name: Callable[[str], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._check = check
        self._rule_name = rule_name
        self.day = dt.date.today()
        self.category = Category.SUBJECT
        self.breaches: list[tuple[str, str | None]] = []
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["开始", "结束", "形式", "类别"])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setFixedHeight(96)
        add = QPushButton("添加一节")
        add.clicked.connect(lambda: self.add_lesson())
        remove = QPushButton("删除选中")
        remove.clicked.connect(self._remove)
        self.check_button = QPushButton("核对培训时间")
        self.check_button.clicked.connect(self.run_check)
        self.adopt_button = QPushButton("采用建议")
        self.adopt_button.setEnabled(False)
        self.adopt_button.clicked.connect(self.adopt)
        self.result = QLabel("记录现场看到的每节课的起止时间，点“核对培训时间”按培训时间规定逐条核对。")
        self.result.setWordWrap(True)
        self.result.setStyleSheet("color: #555555;")
        buttons = QHBoxLayout()
        for button in (add, remove, self.check_button, self.adopt_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.result)

    def set_context(self, day: dt.date, category: Category | None) -> None:
        """The inspection's day and the inspected institution's category (new rows take it)."""
        self.day = day
        self.category = category or Category.SUBJECT

    def add_lesson(
        self, start: dt.time = dt.time(19, 0), end: dt.time = dt.time(19, 40), mode: Mode = Mode.OFFLINE
    ) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, moment in ((0, start), (1, end)):
            edit = QTimeEdit(moment)
            edit.setDisplayFormat("HH:mm")
            self.table.setCellWidget(row, column, edit)
        form = QComboBox()
        for each in Mode:
            form.addItem(each.label, each)
        form.setCurrentIndex(form.findData(mode))
        self.table.setCellWidget(row, 2, form)
        kind = QComboBox()
        for each in Category:
            kind.addItem(each.label, each)
        kind.setCurrentIndex(kind.findData(self.category))
        self.table.setCellWidget(row, 3, kind)
        return row

    def _remove(self) -> None:
        for row in sorted({i.row() for i in self.table.selectionModel().selectedRows()}, reverse=True):
            self.table.removeRow(row)

    def lessons(self) -> list[Lesson]:
        found = []
        for row in range(self.table.rowCount()):
            cell = self.table.cellWidget
            start, end = cell(row, 0).time(), cell(row, 1).time()  # type: ignore[attr-defined]
            found.append(
                Lesson(
                    Category(cell(row, 3).currentData()),  # type: ignore[attr-defined]
                    Mode(cell(row, 2).currentData()),  # type: ignore[attr-defined]
                    dt.datetime.combine(self.day, dt.time(start.hour(), start.minute())),
                    dt.datetime.combine(self.day, dt.time(end.hour(), end.minute())),
                )
            )
        return found

    def run_check(self) -> list[tuple[str, str | None]]:
        lessons = self.lessons()
        if not lessons:
            self.result.setText("请先添加现场看到的课程。")
            self.breaches = []
            self.adopt_button.setEnabled(False)
            return []
        self.breaches = self._check(lessons)
        if not self.breaches:
            self.result.setText(f"已核对{len(lessons)}节课：未发现违反培训时间规定。")
            self.result.setStyleSheet("color: #2f7d32;")
        else:
            lines = [
                f"• {message}（{self._rule_name(rule) if rule else '记入“培训时间”方面'}）"
                for message, rule in self.breaches
            ]
            self.result.setText("发现违反培训时间规定：\n" + "\n".join(lines))
            self.result.setStyleSheet("color: #a4262c;")
        self.adopt_button.setEnabled(bool(self.breaches))
        return self.breaches

    def adopt(self) -> None:
        rules = sorted({rule for _m, rule in self.breaches if rule})
        self.adopted.emit(rules, [message for message, _rule in self.breaches])
        self.adopt_button.setEnabled(False)
