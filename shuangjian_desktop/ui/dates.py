"""Dates, times and months picked rather than typed: a date edit with the Chinese calendar popup (weeks from
Monday), typed digits still accepted section by section; an optional date shows blank until one is picked and has a
清除 button; a month picker for reports.

Each field gives its value as the text the services parse (2026-10-01, 2026-10-01 09:30, 2026-10) and takes one.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QDateTime, QEvent, QLocale, QObject, Qt, QTime
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCalendarWidget, QDateEdit, QDateTimeEdit, QHBoxLayout, QToolButton, QWidget

CHINESE = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
EMPTY = QDate(1900, 1, 1)
"""An optional field shows blank at this date (its minimum)."""
LAST = QDate(2100, 12, 31)
_STARTS_TYPING = {Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown}


def _calendar(edit: QDateTimeEdit) -> None:
    edit.setCalendarPopup(True)
    edit.setLocale(CHINESE)
    calendar = QCalendarWidget(edit)
    calendar.setLocale(CHINESE)
    calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
    calendar.setGridVisible(True)
    calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
    edit.setCalendarWidget(calendar)


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class _Edit(QDateTimeEdit):
    """A QDateTimeEdit that treats its minimum as "no date": blank on screen; the first key or arrow starts from
    today, and the calendar opens on the current month."""

    def __init__(self, display: str, optional: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.optional = optional
        self.setDisplayFormat(display)
        self.setDateRange(EMPTY, LAST)
        _calendar(self)
        if optional:
            self.setSpecialValueText(" ")
        self.calendarWidget().installEventFilter(self)

    def is_empty(self) -> bool:
        return self.optional and self.date() == EMPTY

    def clear_value(self) -> None:
        self.setDateTime(QDateTime(EMPTY, QTime(0, 0)))

    def _from_today(self) -> None:
        now = QDateTime.currentDateTime()
        self.setDateTime(QDateTime(now.date(), QTime(now.time().hour(), now.time().minute())))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.is_empty() and (event.text().isdigit() or event.key() in _STARTS_TYPING):
            self._from_today()
            if event.key() in _STARTS_TYPING:
                return
        if self.optional and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self._all_selected():
            self.clear_value()
            return
        super().keyPressEvent(event)

    def _all_selected(self) -> bool:
        line = self.lineEdit()
        return line.hasSelectedText() and len(line.selectedText()) >= len(line.text().strip())

    def stepBy(self, steps: int) -> None:
        if self.is_empty():
            self._from_today()
            return
        super().stepBy(steps)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.calendarWidget() and event.type() == QEvent.Type.Show and self.is_empty():
            today = QDate.currentDate()
            self.calendarWidget().setCurrentPage(today.year(), today.month())
        return super().eventFilter(watched, event)


class DateField(QWidget):
    """A date (or date and time) with the calendar popup; ``text()`` is "" or what parse_date/parse_datetime take."""

    def __init__(
        self, value: str = "", *, with_time: bool = False, optional: bool = True, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.with_time = with_time
        self.edit = _Edit("yyyy-MM-dd HH:mm" if with_time else "yyyy-MM-dd", optional, self)
        self.edit.setMinimumWidth(150 if with_time else 120)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self.edit)
        self.clear_button: QToolButton | None = None
        if optional:
            self.clear_button = QToolButton()
            self.clear_button.setText("清除")
            self.clear_button.setToolTip("清除这个日期（不填）")
            self.clear_button.clicked.connect(self.edit.clear_value)
            row.addWidget(self.clear_button)
        row.addStretch(1)
        self.setFocusProxy(self.edit)
        self.setText(value)

    def text(self) -> str:
        if self.edit.is_empty():
            return ""
        return self.edit.dateTime().toString("yyyy-MM-dd HH:mm" if self.with_time else "yyyy-MM-dd")

    def setText(self, value: str) -> None:
        """Show a stored value ("" for none); a value that does not read as a date shows as none."""
        from shuangjian_desktop.domain.errors import InvalidValue
        from shuangjian_desktop.domain.values import parse_datetime

        try:
            moment = parse_datetime(value) if value.strip() else None
        except InvalidValue:
            moment = None
        if moment is None:
            if self.edit.optional:
                self.edit.clear_value()
            else:
                self.edit._from_today()
            return
        self.set_datetime(moment)

    def set_datetime(self, moment: dt.datetime | dt.date) -> None:
        if isinstance(moment, dt.datetime):
            self.edit.setDateTime(QDateTime(to_qdate(moment.date()), QTime(moment.hour, moment.minute)))
        else:
            self.edit.setDateTime(QDateTime(to_qdate(moment), QTime(0, 0)))

    def date(self) -> dt.date | None:
        return None if self.edit.is_empty() else from_qdate(self.edit.date())

    def datetime(self) -> dt.datetime | None:
        if self.edit.is_empty():
            return None
        moment = self.edit.dateTime()
        return dt.datetime.combine(from_qdate(moment.date()), dt.time(moment.time().hour(), moment.time().minute()))


def date_edit(day: dt.date | None = None) -> QDateEdit:
    """A required date with the Chinese calendar popup (dialogs that always need a date)."""
    edit = QDateEdit(to_qdate(day or dt.date.today()))
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setDateRange(QDate(1900, 1, 2), LAST)
    _calendar(edit)
    return edit


class MonthEdit(QDateEdit):
    """A month: pick any day of it in the calendar, or step the year and month; ``month()`` is "2026-10"."""

    def __init__(self, month: dt.date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat("yyyy年M月")
        self.setDateRange(QDate(2000, 1, 1), LAST)
        _calendar(self)
        self.setCurrentSection(QDateEdit.Section.MonthSection)
        self.setDate(to_qdate(month or dt.date.today()))
        self.setMinimumWidth(120)

    def month(self) -> str:
        return self.date().toString("yyyy-MM")

    def first_day(self) -> dt.date:
        return from_qdate(self.date()).replace(day=1)
