"""The first steps on a new, empty database, shown on the home page instead of an empty overview: 单位信息 first
(every return, notice and report is headed with it), then importing the ledgers (or the templates to fill)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from shuangjian_desktop.ui.look import icon


def _font(points: int, *, bold: bool = False) -> QFont:
    font = QFont(QApplication.font())
    font.setPointSize(points)
    font.setBold(bold)
    return font


class FirstSteps(QFrame):
    """What a clerk does first in a new, empty database; each button asks the window for that step."""

    step = Signal(str)
    STEPS = (
        (
            "profile",
            "fa5s.building",
            "1. 填写单位信息",
            "县（市、区）、填报单位、联系人、文号前缀：月报、通知书和报告的抬头都用它",
        ),
        (
            "import",
            "fa5s.file-import",
            "2. 导入台账",
            "把现有的机构、人员、学校、包保等 Excel/WPS 表格导入，程序逐行检查",
        ),
        ("reports", "fa5s.file-download", "没有表格？下载导入模板", "在“报表”页下载各台账的导入模板，填好后再导入"),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstSteps")
        self.setStyleSheet("QFrame#firstSteps { border: 1px solid #c8d3e0; border-radius: 6px; background: #f5f8fc; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        heading = QLabel("这是一个新的空数据库，请按以下步骤开始：")
        heading.setFont(_font(12, bold=True))
        layout.addWidget(heading)
        self.buttons: dict[str, QPushButton] = {}
        for key, icon_name, text, note in self.STEPS:
            row = QHBoxLayout()
            button = QPushButton(icon(icon_name), text)
            button.setMinimumWidth(200)
            button.clicked.connect(lambda _c=False, k=key: self.step.emit(k))
            self.buttons[key] = button
            row.addWidget(button)
            explained = QLabel(note)
            explained.setStyleSheet("color: #555555;")
            row.addWidget(explained, 1)
            layout.addLayout(row)
