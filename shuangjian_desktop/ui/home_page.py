"""首页: counts per ledger and the list of what needs attention (overdue tickets and notices, coverage gaps)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from shuangjian_desktop.services.dashboard import Dashboard

SEVERITY = {"danger": ("#a4262c", "#fde7e9", "紧急"), "warning": ("#7a5b00", "#fff4ce", "提醒")}


def _font(points: int, *, bold: bool = False) -> QFont:
    font = QFont(QApplication.font())
    font.setPointSize(points)
    font.setBold(bold)
    return font


class TileCard(QFrame):
    """A count with its label and a note; clicking it opens the ledger."""

    clicked = Signal()

    def __init__(self, value: int, label: str, note: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tile")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setStyleSheet(
            "QFrame#tile { border: 1px solid #c8d3e0; border-radius: 6px; background: #f5f8fc; }"
            "QFrame#tile:hover { background: #e6eef8; }"
        )
        number = QLabel(str(value))
        number.setFont(_font(22, bold=True))
        number.setStyleSheet("color: #2f5597; border: none;")
        title = QLabel(label)
        title.setFont(_font(12, bold=True))
        title.setStyleSheet("border: none;")
        detail = QLabel(note)
        detail.setStyleSheet("color: #555555; border: none;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 10)
        layout.setSpacing(2)
        layout.addWidget(number)
        layout.addWidget(title)
        layout.addWidget(detail)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class HomePage(QWidget):
    navigate = Signal(str)

    def __init__(self, load: Callable[[], Dashboard], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._load = load
        self.greeting = QLabel()
        self.greeting.setStyleSheet("font-size: 16pt; font-weight: bold; color: #1f3864;")
        self.tiles = QGridLayout()
        self.tiles.setSpacing(12)
        self.attention_title = QLabel()
        self.attention_title.setStyleSheet("font-size: 12pt; font-weight: bold; margin-top: 8px;")
        self.attention = QTableWidget(0, 4)
        self.attention.setHorizontalHeaderLabels(["级别", "事项", "对象", "说明"])
        self.attention.verticalHeader().setVisible(False)
        self.attention.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.attention.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.attention.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.attention.cellDoubleClicked.connect(self._open_row)
        self._targets: list[str] = []
        refresh = QPushButton("刷新")
        refresh.clicked.connect(self.reload)
        top = QHBoxLayout()
        top.addWidget(self.greeting, 1)
        top.addWidget(refresh)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        layout.addLayout(self.tiles)
        layout.addWidget(self.attention_title)
        layout.addWidget(self.attention, 1)

    def reload(self) -> None:
        board = self._load()
        self.greeting.setText("今日工作概览")
        while self.tiles.count():
            item = self.tiles.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        for i, tile in enumerate(board.tiles):
            card = TileCard(tile.value, tile.label, tile.note)
            card.setToolTip(f"打开{tile.label}")
            card.clicked.connect(lambda target=tile.target: self.navigate.emit(target))
            self.tiles.addWidget(card, i // 3, i % 3)
        self.attention_title.setText(
            f"需要处理的事项（{len(board.attention)}）" if board.attention else "需要处理的事项：暂无，工作都已落实。"
        )
        self.attention.setRowCount(len(board.attention))
        self._targets = []
        for row, item in enumerate(board.attention):
            foreground, background, word = SEVERITY[item.severity]
            for column, text in enumerate((word, item.category, item.subject, item.detail)):
                cell = QTableWidgetItem(text)
                cell.setForeground(QBrush(QColor(foreground)))
                if column == 0:
                    cell.setBackground(QBrush(QColor(background)))
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.attention.setItem(row, column, cell)
            self._targets.append(item.target)

    def _open_row(self, row: int, _column: int) -> None:
        if 0 <= row < len(self._targets):
            self.navigate.emit(self._targets[row])
