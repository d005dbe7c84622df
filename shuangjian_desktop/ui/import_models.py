"""The import wizard's tables of what was read: every row of the sheet (bad rows red, with the reasons) and every
problem, as models the views page through, so a sheet of 200,000 rows shows as fast as one of 20."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from shuangjian_desktop.services.importing import ImportPreview, ImportReport

BAD = QColor("#fde7e9")
AnyIndex = QModelIndex | QPersistentModelIndex


class RowsModel(QAbstractTableModel):
    """The sheet's rows as read (every row, fetched by the view as it scrolls); bad rows red with the reasons."""

    def __init__(self, preview: ImportPreview) -> None:
        super().__init__()
        self.table = preview.table
        self.problems = preview.problems_by_row()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.table.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.table.headers)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        key, cells = self.table.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = cells[index.column()] if index.column() < len(cells) else None
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            return "" if value is None else str(value)[:200]
        reasons = self.problems.get(key)
        if reasons and role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(BAD)
        if reasons and role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(reasons)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            raw = self.table.raw_headers
            return (raw[section] if section < len(raw) and raw[section] else "") or f"第{section + 1}列"
        return self.table.where(self.table.rows[section][0])

    def row_of(self, key: int) -> int | None:
        for index, (row_key, _cells) in enumerate(self.table.rows):
            if row_key == key:
                return index
        return None


class ProblemsModel(QAbstractTableModel):
    """Every problem found: where (第N行) and what."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__()
        self.report = report

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.report.problems)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        problem = self.report.problems[index.row()]
        if index.column() == 0:
            return self.report.where(problem.row) or "—"
        return f"{problem.field}：{problem.reason}"

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return ("位置", "问题")[section]
        return None
