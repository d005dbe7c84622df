"""A table model over a list paged out of SQL in a fixed order (the home page's attention list, the coverage gaps):
it holds the count and the pages on screen, never the whole list. Any length costs one page of rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

T = TypeVar("T")
PAGE = 200
MAX_CACHED_PAGES = 20
Index = QModelIndex | QPersistentModelIndex


class PagedList(Protocol[T]):
    def reload(self) -> None: ...
    def count(self) -> int: ...
    def page(self, offset: int, limit: int) -> list[T]: ...


class EmptyList(Generic[T]):
    """What a list model shows before its first load."""

    def reload(self) -> None:
        pass

    def count(self) -> int:
        return 0

    def page(self, offset: int, limit: int) -> list[T]:
        return []


class PagedListModel(QAbstractTableModel, Generic[T]):
    """``cells(item)`` gives the column texts; ``colours(item, column)`` (foreground, background) or None."""

    def __init__(
        self,
        source: PagedList[T],
        headers: Sequence[str],
        cells: Callable[[T], Sequence[str]],
        colours: Callable[[T, int], tuple[str | None, str | None]] | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.source = source
        self.headers = list(headers)
        self._cells = cells
        self._colours = colours
        self._count = 0
        self._pages: dict[int, list[T]] = {}

    def reload(self) -> None:
        self.source.reload()
        self.show(self.source)

    def show(self, source: PagedList[T], first: list[T] | None = None) -> None:
        """Show a source whose counts are taken (off the GUI thread, by ``prepare``), with its first page."""
        self.beginResetModel()
        self.source = source
        self._count = source.count()
        self._pages = {0: first} if first is not None else {}
        self.endResetModel()

    @staticmethod
    def prepare(source: PagedList[T]) -> tuple[PagedList[T], list[T]]:
        """Count and read the first page (may run on any thread; ``show`` the result on the GUI thread)."""
        source.reload()
        return source, source.page(0, PAGE)

    def item(self, row: int) -> T | None:
        if not 0 <= row < self._count:
            return None
        number = row // PAGE
        page = self._pages.get(number)
        if page is None:
            if len(self._pages) >= MAX_CACHED_PAGES:
                self._pages.pop(next(iter(self._pages)))
            page = self._pages[number] = self.source.page(number * PAGE, PAGE)
        offset = row - number * PAGE
        return page[offset] if offset < len(page) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.column() < len(self.headers):
            return None
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.BackgroundRole,
        ):
            return None
        item = self.item(index.row())
        if item is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._cells(item)[index.column()]
        if self._colours is None:
            return None
        foreground, background = self._colours(item, index.column())
        colour = foreground if role == Qt.ItemDataRole.ForegroundRole else background
        return QBrush(QColor(colour)) if colour else None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.headers):
            return self.headers[section]
        if orientation == Qt.Orientation.Vertical and 0 <= section < self._count:
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
