"""The institution register (机构台账): search box, filters, and the lazy table of every institution."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from shuangjian_desktop.domain.enums import Category, Status
from shuangjian_desktop.services.institutions import COLUMNS, InstitutionQuery, InstitutionService
from shuangjian_desktop.ui.lazy_table import LazyTableModel
from shuangjian_desktop.ui.look import icon

SEARCH_DELAY_MS = 250


class InstitutionRegisterView(QWidget):
    count_changed = Signal(int, int)
    """(rows shown, all institutions)"""

    def __init__(self, service: InstitutionService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索机构名称、地址、信用代码、法定代表人或拼音首字母（如 qm 找“启明”）")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("fa5s.search", "#666666"), QLineEdit.ActionPosition.LeadingPosition)
        self.status_filter = QComboBox()
        self.status_filter.addItem("全部状态", None)
        for status in Status:
            self.status_filter.addItem(status.label, status)
        self.category_filter = QComboBox()
        self.category_filter.addItem("全部类别", None)
        for category in Category:
            self.category_filter.addItem(category.label, category)
        self.count_label = QLabel()

        self.model = LazyTableModel([(c.key, c.label) for c in COLUMNS], self._ids, service.rows, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        widths = {"name": 300, "credit_code": 170, "township": 90, "community": 110, "address": 220}
        for i, column in enumerate(COLUMNS):
            self.table.setColumnWidth(i, widths.get(column.key, 90))

        bar = QHBoxLayout()
        bar.addWidget(self.search, 3)
        bar.addWidget(QLabel("状态"))
        bar.addWidget(self.status_filter)
        bar.addWidget(QLabel("类别"))
        bar.addWidget(self.category_filter)
        bar.addWidget(self.count_label, 1, Qt.AlignmentFlag.AlignRight)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(bar)
        layout.addWidget(self.table)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        self.status_filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.category_filter.currentIndexChanged.connect(lambda _i: self.reload())

    def _query(self, sort: str = "name", descending: bool = False) -> InstitutionQuery:
        return InstitutionQuery(
            text=self.search.text(),
            status=self.status_filter.currentData(),
            category=self.category_filter.currentData(),
            sort=sort,
            descending=descending,
        )

    def _ids(self, sort: str, descending: bool) -> list[int]:
        return self.service.ids(self._query(sort, descending))

    def reload(self) -> None:
        self.model.reload()
        shown, total = self.model.rowCount(), self.service.count()
        self.count_label.setText(f"显示 {shown} / 共 {total} 家")
        self.count_changed.emit(shown, total)
