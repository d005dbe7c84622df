"""首页: counts per ledger, charts of the last 12 months (ui/home_charts.py; a click opens the list), and the list of
what needs attention (overdue tickets and notices, coverage gaps), a model paged out of SQL however long the list.
A new, empty database says what to do first (单位信息, 导入) instead."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from shuangjian_desktop.services.dashboard import Attention, Tile
from shuangjian_desktop.services.trends import Trend
from shuangjian_desktop.ui.background import Loader
from shuangjian_desktop.ui.first_steps import FirstSteps
from shuangjian_desktop.ui.home_charts import TrendCharts
from shuangjian_desktop.ui.paged_list import EmptyList, PagedList, PagedListModel

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
    first_step = Signal(str)
    """A first step on an empty database: "profile", "import" or "reports"."""

    def __init__(
        self,
        tiles: Callable[[], list[Tile]],
        attention: Callable[[], PagedList[Attention]],
        parent: QWidget | None = None,
        trends: Callable[[], list[Trend]] | None = None,
        is_empty: Callable[[], bool] | None = None,
    ) -> None:
        super().__init__(parent)
        self._tiles = tiles
        self._attention = attention
        self._trends = trends
        self._is_empty = is_empty
        self.stale = True
        self.loader = Loader(self)
        self.trend_loader = Loader(self)
        """The charts arrive on their own (they read more than the counts)."""
        self.charts = TrendCharts()
        self.charts.navigate.connect(self.navigate.emit)
        self.charts.setVisible(False)
        self.first_steps = FirstSteps()
        self.first_steps.step.connect(self.first_step.emit)
        self.first_steps.setVisible(False)
        """Counts and the list's first page are read off the GUI thread: the window paints at once at any size."""
        self.greeting = QLabel()
        self.greeting.setStyleSheet("font-size: 16pt; font-weight: bold; color: #1f3864;")
        self.tiles = QGridLayout()
        self.tiles.setSpacing(12)
        self.attention_title = QLabel()
        self.attention_title.setStyleSheet("font-size: 12pt; font-weight: bold; margin-top: 8px;")
        self.model = PagedListModel(
            EmptyList(),
            ["级别", "事项", "对象", "说明"],
            lambda a: (SEVERITY[a.severity][2], a.category, a.subject, a.detail),
            lambda a, column: (SEVERITY[a.severity][0], SEVERITY[a.severity][1] if column == 0 else None),
            self,
        )
        self.attention = QTableView()
        self.attention.setModel(self.model)
        self.attention.verticalHeader().setVisible(False)
        self.attention.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.attention.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.attention.setWordWrap(False)
        header = self.attention.horizontalHeader()
        for column, width in enumerate((50, 160, 220)):
            self.attention.setColumnWidth(column, width)
        header.setStretchLastSection(True)
        self.attention.doubleClicked.connect(lambda index: self.open_row(index.row()))
        refresh = QPushButton("刷新")
        refresh.clicked.connect(self.reload)
        top = QHBoxLayout()
        top.addWidget(self.greeting, 1)
        top.addWidget(refresh)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        layout.addWidget(self.first_steps)
        layout.addLayout(self.tiles)
        layout.addWidget(self.charts)
        layout.addWidget(self.attention_title)
        layout.addWidget(self.attention, 1)

    def invalidate(self) -> None:
        """The data changed: reload now when on screen, else when next shown."""
        if self.isVisible():
            self.reload()
        else:
            self.stale = True

    def reload(self) -> None:
        self.stale = False
        self.greeting.setText("今日工作概览")
        if not self.model.rowCount():
            self.attention_title.setText("需要处理的事项：正在统计…")

        is_empty = self._is_empty

        def read() -> tuple[list[Tile], PagedList[Attention], list[Attention], bool]:
            empty = is_empty() if is_empty is not None else False
            return (self._tiles(), *PagedListModel.prepare(self._attention()), empty)

        self.loader.start(read, self._show)
        if self._trends is not None:
            self.trend_loader.start(self._trends, self._show_trends)

    def _show_trends(self, trends: list[Trend]) -> None:
        self.charts.show_trends(trends)
        self.charts.setVisible(not self.first_steps.isVisible())

    def _show(self, read: tuple[list[Tile], PagedList[Attention], list[Attention], bool]) -> None:
        tiles, attention, first, empty = read
        self.first_steps.setVisible(empty)
        self.charts.setVisible(not empty and bool(self.charts.charts))
        while self.tiles.count():
            item = self.tiles.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        columns = 3 if len(tiles) <= 6 else (len(tiles) + 1) // 2  # two rows: the list below keeps its room
        for i, tile in enumerate(tiles):
            card = TileCard(tile.value, tile.label, tile.note)
            card.setToolTip(f"打开{tile.label}")
            card.clicked.connect(lambda target=tile.target: self.navigate.emit(target))
            self.tiles.addWidget(card, i // columns, i % columns)
        self.model.show(attention, first)
        total = self.model.rowCount()
        if empty:
            self.attention_title.setText("需要处理的事项：录入或导入台账后，超期工单、整改通知书和包保缺口会列在这里。")
        else:
            self.attention_title.setText(
                f"需要处理的事项（{total}）" if total else "需要处理的事项：暂无，工作都已落实。"
            )

    def open_row(self, row: int) -> None:
        item = self.model.item(row)
        if item is not None:
            self.navigate.emit(item.target)
