"""A table model over a register: it holds the row count and fetches pages of rows as the view paints them.

Sorting and searching are the register's (SQL); nothing here ever holds more than the pages on screen and a few
around them, so 100,000 rows cost no more than 100.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from shuangjian_desktop.services.registers import Query, Register, Row

PAGE = 200
MAX_CACHED_PAGES = 50
TONES = {
    "muted": (QColor("#8a8a8a"), None),
    "warning": (None, QColor("#fff4ce")),
    "danger": (QColor("#a4262c"), QColor("#fde7e9")),
}
Index = QModelIndex | QPersistentModelIndex


class RegisterModel(QAbstractTableModel):
    def __init__(self, register: Register, parent: Any = None) -> None:
        super().__init__(parent)
        self.register = register
        self.query = Query()
        self._count = 0
        self._pages: dict[int, list[Row]] = {}
        self._sort = register.columns[0].key
        self._descending = register.newest_first
        self._ids: list[int] | None = None

    # loading ------------------------------------------------------------------------------------------------------
    def set_query(self, text: str, filters: dict[str, str]) -> None:
        self.query = Query(text, dict(filters), self._sort, self._descending)
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._refetch()
        self.endResetModel()

    def _refetch(self) -> None:
        """The whole ledger, and searches whose matches are common, page straight out of the sort index; a search
        or filter with scarce matches collects them in one filter-first pass (Register.ids) and pages through them."""
        self.query = Query(self.query.text, dict(self.query.filters), self._sort, self._descending)
        self._pages.clear()
        narrowed = self.register.narrowed(self.query)
        self._ids = self.register.ids(self.query) if narrowed and not self.register.dense(self.query) else None
        self._count = len(self._ids) if self._ids is not None else self.register.count(self.query)

    def row(self, row: int) -> Row | None:
        if not 0 <= row < self._count:
            return None
        number = row // PAGE
        page = self._pages.get(number)
        if page is None:
            if len(self._pages) >= MAX_CACHED_PAGES:
                self._pages.pop(next(iter(self._pages)))
            if self._ids is not None:
                page = self.register.rows(self._ids[number * PAGE : (number + 1) * PAGE])
            else:
                page = self.register.page(self.query, number * PAGE, PAGE)
            self._pages[number] = page
        offset = row - number * PAGE
        return page[offset] if offset < len(page) else None

    def row_id(self, row: int) -> int | None:
        found = self.row(row)
        return found.id if found is not None else None

    def row_of_id(self, record_id: int) -> int | None:
        """Where a record stands in the current order (None when the search or filters hide it)."""
        for number, page in self._pages.items():
            for offset, found in enumerate(page):
                if found.id == record_id:
                    return number * PAGE + offset
        ids = self._ids if self._ids is not None else self.register.ids(self.query)
        try:
            return ids.index(record_id)
        except ValueError:
            return None

    # Qt model API -------------------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.register.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.column() < len(self.register.columns):
            return None
        found = self.row(index.row())
        if found is None:
            return None
        column = self.register.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = found.values[index.column()]
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if column.numeric else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole) and found.tone in TONES:
            foreground, background = TONES[found.tone]
            color = foreground if role == Qt.ItemDataRole.ForegroundRole else background
            return QBrush(color) if color is not None else None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.register.columns):
            return self.register.columns[section].label
        if orientation == Qt.Orientation.Vertical and 0 <= section < self._count:
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.register.columns):
            return
        key = self.register.columns[column].key
        self._sort = key
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        self._refetch()
        self.changePersistentIndexList(old, [QModelIndex() for _ in old])
        self.layoutChanged.emit()

    def sortable(self, column: int) -> bool:
        return self.register.columns[column].key in self.register._sort_columns()
