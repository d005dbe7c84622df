"""节假日安排: the years the working-day calendar knows, and entering next year's official schedule (typed or
pasted from the State Council notice), which recomputes the deadlines of open tickets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.services.calendar import CoveredYear

EXAMPLE = "2027-01-01 放假 元旦\n2027-02-06~2027-02-13 放假 春节\n2027-02-14 上班 春节调休"


class CalendarDialog(QDialog):
    def __init__(
        self,
        years: Callable[[], list[CoveredYear]],
        enter: Callable[[int, str], tuple[int, int]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("节假日安排")
        self._years = years
        self._enter = enter
        self.covered = QListWidget()
        self.year = QSpinBox()
        self.year.setRange(2020, 2100)
        self.year.setValue(dt.date.today().year + 1)
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("每行一条：日期（或“起~止”）、放假/上班、名称，例如：\n" + EXAMPLE)
        explain = QLabel(
            "工作日依据国务院办公厅每年发布的节假日安排计算。程序内置到最近一年；之后的年份请在通知发布后"
            "录入，录入前这些年份的期限按周一至周五暂定，并标注“暂定”。录入后，未办结工单的期限会重新计算。"
        )
        explain.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(QLabel("年份"))
        row.addWidget(self.year)
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存该年安排")
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(QLabel("已掌握的年份："))
        layout.addWidget(self.covered)
        layout.addLayout(row)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(560, 560)
        self.reload()

    def reload(self) -> None:
        self.covered.clear()
        for item in self._years():
            self.covered.addItem(f"{item.year}年：{item.source}")

    def save(self) -> None:
        try:
            days, moved = self._enter(self.year.value(), self.text.toPlainText())
        except DomainError as error:
            QMessageBox.warning(self, "未保存", f"{self.year.value()}年的安排有误，未作任何改动：\n{error}")
            return
        self.reload()
        QMessageBox.information(
            self, "已保存", f"已录入{self.year.value()}年安排（{days}天），重新计算了{moved}件未办结工单的期限。"
        )
