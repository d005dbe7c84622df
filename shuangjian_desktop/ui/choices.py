"""Lists of choices read from the data (people to dispatch a ticket to, inspectors to tick) as models: a combo box or
a list view shows them without one Qt call per item, however many there are."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex


class ChoiceModel(QAbstractListModel):
    """(value, label) pairs; the value is the item's UserRole data. ``checkable`` adds a check box to each."""

    def __init__(self, items: Sequence[tuple[Any, str]], *, checkable: bool = False, parent: Any = None) -> None:
        super().__init__(parent)
        self.items = list(items)
        self.checkable = checkable
        self.checked: set[Any] = set()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        value, label = self.items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return label
        if role == Qt.ItemDataRole.UserRole:
            return value
        if role == Qt.ItemDataRole.CheckStateRole and self.checkable:
            return Qt.CheckState.Checked if value in self.checked else Qt.CheckState.Unchecked
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not (self.checkable and index.isValid() and role == Qt.ItemDataRole.CheckStateRole):
            return False
        item = self.items[index.row()][0]
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self.checked.add(item)
        else:
            self.checked.discard(item)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsUserCheckable if self.checkable else flags

    def check(self, values: Iterable[Any]) -> None:
        self.checked.update(values)
        if self.items:
            self.dataChanged.emit(self.index(0), self.index(len(self.items) - 1), [Qt.ItemDataRole.CheckStateRole])

    def checked_in_order(self) -> list[Any]:
        return [value for value, _label in self.items if value in self.checked]

    def row_of(self, value: Any) -> int:
        return next((row for row, (v, _label) in enumerate(self.items) if v == value), -1)
