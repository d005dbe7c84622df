"""The home page's pictures of the last 12 months (services/trends.py), drawn with QPainter: bars per month (two
series side by side where there are two), a light grid, the largest value on the axis, each month's values in its
tooltip. A click on a chart opens the matching list."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QHelpEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QFrame, QGridLayout, QToolTip, QWidget

from shuangjian_desktop.services.trends import Trend

COLOURS = (QColor("#2f5597"), QColor("#c55a11"))
LIST_NAMES = {"tickets": "投诉工单", "inspections": "检查记录", "notices": "整改通知书", "assignments": "包保台账"}


class TrendChart(QFrame):
    clicked = Signal(str)
    """The list to open (the trend's target)."""

    def __init__(self, trend: Trend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.trend = trend
        self.setObjectName("trendChart")
        self.setStyleSheet(
            "QFrame#trendChart { border: 1px solid #c8d3e0; border-radius: 6px; background: #ffffff; }"
            "QFrame#trendChart:hover { border-color: #2f5597; }"
        )
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setMinimumSize(240, 170)
        self.setToolTip(f"点击打开{LIST_NAMES.get(trend.target, '列表')}")
        self._bars: list[tuple[QRectF, int]] = []

    def sizeHint(self) -> QSize:
        return QSize(300, 190)

    def _plot(self) -> QRectF:
        return QRectF(34, 44, max(self.width() - 46, 10), max(self.height() - 70, 10))

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        title = QFont(self.font())
        title.setBold(True)
        title.setPointSize(self.font().pointSize() + 1)
        painter.setFont(title)
        painter.setPen(QColor("#1f3864"))
        painter.drawText(QPointF(10, 22), self.trend.title)
        small = QFont(self.font())
        small.setPointSize(max(self.font().pointSize() - 2, 7))
        painter.setFont(small)
        x = 10.0
        for i, (legend, values) in enumerate(self.trend.series):
            painter.fillRect(QRectF(x, 30, 9, 9), COLOURS[i % len(COLOURS)])
            painter.setPen(QColor("#444444"))
            text = f"{legend} {values[-1] if values else 0}（本月）"
            painter.drawText(QPointF(x + 13, 39), text)
            x += 18 + painter.fontMetrics().horizontalAdvance(text)
        plot = self._plot()
        top = max((max(values, default=0) for _legend, values in self.trend.series), default=0)
        scale = max(top, 1)
        painter.setPen(QPen(QColor("#e3e8ef"), 1))
        for step in range(1, 5):
            y = plot.bottom() - plot.height() * step / 4
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setPen(QColor("#888888"))
        painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
        painter.drawText(QRectF(0, plot.top() - 6, plot.left() - 4, 14), Qt.AlignmentFlag.AlignRight, str(top))
        painter.drawText(QRectF(0, plot.bottom() - 8, plot.left() - 4, 14), Qt.AlignmentFlag.AlignRight, "0")
        months = self.trend.months
        slot = plot.width() / max(len(months), 1)
        series = len(self.trend.series)
        width = max(slot * 0.7 / max(series, 1), 2)
        self._bars = []
        for m, month in enumerate(months):
            left = plot.left() + m * slot + slot * 0.15
            for i, (_legend, values) in enumerate(self.trend.series):
                height = plot.height() * values[m] / scale
                bar = QRectF(left + i * width, plot.bottom() - height, width - 1, height)
                painter.fillRect(bar, COLOURS[i % len(COLOURS)])
            self._bars.append((QRectF(plot.left() + m * slot, plot.top(), slot, plot.height()), m))
            year, number = month.split("-")
            label = f"{year[2:]}年{int(number)}月" if number == "01" or m == 0 else f"{int(number)}月"
            if m % 2 == (len(months) - 1) % 2 or len(months) <= 6:  # every other month, always this one
                painter.drawText(
                    QRectF(plot.left() + m * slot - 10, plot.bottom() + 2, slot + 20, 14),
                    Qt.AlignmentFlag.AlignHCenter,
                    label,
                )
        painter.end()

    def month_at(self, x: float, y: float) -> int | None:
        for area, month in self._bars:
            if area.contains(QPointF(x, y)):
                return month
        return None

    def describe(self, month: int) -> str:
        values = "，".join(f"{legend} {values[month]}" for legend, values in self.trend.series)
        return f"{self.trend.months[month]}：{values}\n点击打开{LIST_NAMES.get(self.trend.target, '列表')}"

    def event(self, event: object) -> bool:
        if isinstance(event, QHelpEvent):
            month = self.month_at(event.pos().x(), event.pos().y())
            if month is not None:
                QToolTip.showText(event.globalPos(), self.describe(month), self)
                return True
        return super().event(event)  # type: ignore[arg-type]

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.trend.target)
        super().mouseReleaseEvent(event)


class TrendCharts(QWidget):
    """The four charts in a row; ``navigate`` carries the list a click opens."""

    navigate = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 4, 0, 4)
        self.grid.setSpacing(12)
        self.charts: list[TrendChart] = []

    def show_trends(self, trends: Sequence[Trend]) -> None:
        for chart in self.charts:
            chart.deleteLater()
        self.charts = []
        for i, trend in enumerate(trends):
            chart = TrendChart(trend, self)
            chart.clicked.connect(self.navigate.emit)
            self.grid.addWidget(chart, 0, i)
            self.charts.append(chart)
