"""A table model that holds row ids and fetches rows in blocks on demand; sorting and searching stay in SQL.

Shaped after Anki's browser table: the service gives the ids for the current search and order, and the rows for
any ids asked; the model asks only for the blocks the view paints.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import fields
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

BLOCK = 200
Index = QModelIndex | QPersistentModelIndex


class LazyTableModel(QAbstractTableModel):
    def __init__(
        self,
        columns: Sequence[tuple[str, str]],
        fetch_ids: Callable[[str, bool], list[int]],
        fetch_rows: Callable[[Sequence[int]], dict[int, Any]],
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._fetch_ids = fetch_ids
        self._fetch_rows = fetch_rows
        self._ids: list[int] = []
        self._cache: dict[int, Any] = {}
        self._sort_key = self.columns[0][0]
        self._descending = False
        self._right_aligned: set[int] = set()

    # loading ------------------------------------------------------------------------------------------------------
    def reload(self) -> None:
        self.beginResetModel()
        self._ids = self._fetch_ids(self._sort_key, self._descending)
        self._cache.clear()
        self.endResetModel()

    def row_id(self, row: int) -> int:
        return self._ids[row]

    def ids(self) -> list[int]:
        return list(self._ids)

    def _row(self, row: int) -> Any:
        row_id = self._ids[row]
        cached = self._cache.get(row_id)
        if cached is None:
            start = (row // BLOCK) * BLOCK
            block = self._ids[start : start + BLOCK]
            self._cache.update(self._fetch_rows(block))
            cached = self._cache.get(row_id)
        return cached

    # Qt model API -------------------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids) or not 0 <= index.column() < len(self.columns):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            record = self._row(index.row())
            if record is None:
                return None
            value = getattr(record, self.columns[index.column()][0])
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            record = self._row(index.row())
            value = getattr(record, self.columns[index.column()][0]) if record is not None else None
            if isinstance(value, int | float):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.columns[section][1]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._ids):
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        self._sort_key = self.columns[column][0]
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        self._ids = self._fetch_ids(self._sort_key, self._descending)
        self._cache.clear()
        self.changePersistentIndexList(old, [QModelIndex() for _ in old])
        self.layoutChanged.emit()


def columns_of(row_type: type) -> list[str]:
    return [f.name for f in fields(row_type)]
