"""Small pieces the 监管 tabs share: a read-only table view over a paged model, a bounded list as a paged source (an
institution's grade history, an account's balances: at most a few hundred rows, still shown through a model), the
month chooser, greying out what a role may not do, and a form dialog over arbitrary fields."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtWidgets import QAbstractItemView, QComboBox, QPushButton, QTableView, QWidget

from shuangjian_desktop.services.registers import FormField
from shuangjian_desktop.ui.form_dialog import FormDialog

T = TypeVar("T")


class FixedList(Generic[T]):
    """A list already read (bounded by its reader) as a PagedList."""

    def __init__(self, items: Sequence[T] = ()) -> None:
        self.items = list(items)

    def reload(self) -> None:
        pass

    def count(self) -> int:
        return len(self.items)

    def page(self, offset: int, limit: int) -> list[T]:
        return self.items[offset : offset + limit]


def read_only_table(model: Any, widths: Iterable[int] = ()) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(False)
    table.setAlternatingRowColors(True)
    for column, width in enumerate(widths):
        table.setColumnWidth(column, width)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def month_box(today: dt.date | None = None, back: int = 24, ahead: int = 1) -> QComboBox:
    """Months from ``back`` before this one to ``ahead`` after it, newest first; this month chosen."""
    today = today or dt.date.today()
    box = QComboBox()
    index = today.year * 12 + today.month - 1
    for number in range(index + ahead, index - back - 1, -1):
        year, month = divmod(number, 12)
        box.addItem(f"{year}年{month + 1}月", (year, month + 1))
    box.setCurrentIndex(ahead)
    return box


def allow(buttons: Iterable[QPushButton], allowed: bool, why: str) -> None:
    for button in buttons:
        button.setEnabled(allowed)
        button.setToolTip("" if allowed else why)


def ask_form(
    parent: QWidget,
    title: str,
    fields: tuple[FormField, ...],
    values: Mapping[str, str],
    save: Callable[[dict[str, str]], int],
) -> FormDialog:
    """A form over any fields, saved through ``save`` (each bad field named beside it); returns the dialog run."""
    dialog = FormDialog(title, fields, values, save, parent)
    parent.last_dialog = dialog  # type: ignore[attr-defined]
    dialog.exec()
    return dialog
