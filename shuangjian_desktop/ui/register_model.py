"""A table model over a register: it holds the row count and fetches pages of rows as the view paints them.

Sorting, searching and paging are the register's (SQL, services/base/listing.py): the model asks for the count, then
for a page by its neighbour's key (the next or previous page), the last page backwards, or a page in the middle by
its offset. Nothing here ever holds more than the pages on screen and a few around them (and, for a search with few
matches, their ids), so a million rows cost no more than a hundred.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from shuangjian_desktop.services.registers import Listing, Query, Register, Row
from shuangjian_desktop.ui.background import Loader

PAGE = 200
MAX_CACHED_PAGES = 50
MAX_KEYS = 20_000
TONES = {
    "muted": (QColor("#8a8a8a"), None),
    "warning": (None, QColor("#fff4ce")),
    "danger": (QColor("#a4262c"), QColor("#fde7e9")),
}
Index = QModelIndex | QPersistentModelIndex


class RegisterModel(QAbstractTableModel):
    counted = Signal(int)
    """The matches of a search or filter with many of them are counted (they were shown before the count came)."""

    def __init__(self, register: Register, parent: Any = None) -> None:
        super().__init__(parent)
        self.counting = False
        self._counter = Loader(self)
        self.register = register
        self.query = Query()
        self._listing = Listing(0)
        self._pages: dict[int, list[Row]] = {}
        self._keys: dict[int, tuple[Any, Any]] = {}
        """First and last key of each page read from the sort index (kept after the rows are dropped)."""
        self._sort = register.columns[0].key
        self._descending = register.newest_first
        self.loaded = False

    # loading ------------------------------------------------------------------------------------------------------
    def set_query(self, text: str, filters: dict[str, str]) -> None:
        self.query = Query(text, dict(filters), self._sort, self._descending)
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._refetch()
        self.endResetModel()

    def _refetch(self) -> None:
        self.query = Query(self.query.text, dict(self.query.filters), self._sort, self._descending)
        self._pages.clear()
        self._keys.clear()
        self._listing = self.register.listing(self.query, count_common=False)
        self.loaded = True
        self.counting = False
        if not self._listing.counted:
            # Many matches: show the first page now, count them off the GUI thread (a scan at a million rows).
            keys = self.register.page_after(self.query, None, PAGE)
            if keys:
                self._keys[0] = (keys[0], keys[-1])
            self._pages[0] = self.register.rows([k[1] for k in keys])
            self._listing = Listing(len(keys), None, len(keys) < PAGE)
            if not self._listing.counted:
                self.counting = True
                query = self.query
                self._counter.start(lambda: self.register.count_matches(query), self._count_arrived)
                return
        self._counter.cancel()

    def _count_arrived(self, count: int) -> None:
        shown = self._listing.count
        if count > shown:
            self.beginInsertRows(QModelIndex(), shown, count - 1)
            self._listing = Listing(count)
            self.endInsertRows()
        elif count < shown:
            self.beginRemoveRows(QModelIndex(), count, shown - 1)
            self._listing = Listing(count)
            self.endRemoveRows()
        else:
            self._listing = Listing(count)
        self.counting = False
        self.counted.emit(count)

    @property
    def count(self) -> int:
        return self._listing.count

    def row(self, row: int) -> Row | None:
        if not 0 <= row < self._listing.count:
            return None
        number = row // PAGE
        page = self._pages.get(number)
        if page is None:
            if len(self._pages) >= MAX_CACHED_PAGES:
                self._pages.pop(next(iter(self._pages)))
            page = self._pages[number] = self._fetch(number)
        offset = row - number * PAGE
        return page[offset] if offset < len(page) else None

    def _fetch(self, number: int) -> list[Row]:
        start, total = number * PAGE, self._listing.count
        size = min(PAGE, total - start)
        if self._listing.ids is not None:
            return self.register.rows(self._listing.ids[start : start + size])
        register, query = self.register, self.query
        if number - 1 in self._keys:
            keys = register.page_after(query, self._keys[number - 1][1], size)
        elif number + 1 in self._keys:
            keys = register.page_before(query, self._keys[number + 1][0], size)
        elif number == 0:
            keys = register.page_after(query, None, size)
        elif start + size >= total:
            keys = register.page_before(query, None, size)
        else:
            keys = register.page_at(query, start, size, total)
        if keys:
            if len(self._keys) >= MAX_KEYS:
                self._keys.clear()
            self._keys[number] = (keys[0], keys[-1])
        return register.rows([k[1] for k in keys])

    def holds_ids(self) -> bool:
        """Whether every match's id is at hand (a search or filter with few matches): finding a record costs no
        query."""
        return self._listing.ids is not None

    def row_id(self, row: int) -> int | None:
        found = self.row(row)
        return found.id if found is not None else None

    def row_of_id(self, record_id: int) -> int | None:
        """Where a record stands in the current order (None when the search or filters hide it)."""
        for number, page in self._pages.items():
            for offset, found in enumerate(page):
                if found.id == record_id:
                    return number * PAGE + offset
        if self._listing.ids is not None:
            try:
                return self._listing.ids.index(record_id)
            except ValueError:
                return None
        return self.register.position(self.query, record_id)

    # Qt model API -------------------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._listing.count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.register.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.column() < len(self.register.columns):
            return None
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.TextAlignmentRole,
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.BackgroundRole,
        ):
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
        if found.tone in TONES:
            foreground, background = TONES[found.tone]
            color = foreground if role == Qt.ItemDataRole.ForegroundRole else background
            return QBrush(color) if color is not None else None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.register.columns):
            column = self.register.columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return column.label
            if role == Qt.ItemDataRole.ToolTipRole and not self.sortable(section):
                return f"{column.label}（此列不能排序）"
            return None
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Vertical:
            return str(section + 1) if 0 <= section < self._listing.count else None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.register.columns) or not self.sortable(column):
            return
        self._sort = self.register.columns[column].key
        self._descending = order == Qt.SortOrder.DescendingOrder
        if not self.loaded:
            return  # the first reload sorts
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        self._refetch()
        self.changePersistentIndexList(old, [QModelIndex() for _ in old])
        self.layoutChanged.emit()

    def sortable(self, column: int) -> bool:
        return self.register.sortable(self.register.columns[column].key)

    def sort_column(self) -> int:
        return [c.key for c in self.register.columns].index(self._sort)
