"""Working days (工作日) on the official Chinese calendar: holidays, rest days and swapped working days (调休).

The built-in schedule comes from chinesecalendar, which knows the years up to its release. A later year is covered
once a clerk enters that year's official schedule (its holidays and swapped working days) as overrides. Until then
a date in that year is computed on plain weekdays and marked provisional, never silently guessed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import chinese_calendar
from chinese_calendar import constants as _cc

from shuangjian_desktop.domain.errors import CalendarNotCovered

BUILTIN_YEARS: frozenset[int] = frozenset(d.year for d in list(_cc.holidays) + list(_cc.workdays))
HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}
"""chinesecalendar's English holiday names, as a Chinese office writes them."""


@dataclass(frozen=True)
class DueDate:
    """A date reached by counting working days; provisional when a year on the way had no official schedule."""

    day: dt.date
    provisional: bool = False
    uncovered_years: tuple[int, ...] = ()

    def label(self) -> str:
        text = self.day.isoformat()
        return f"{text}（暂定）" if self.provisional else text


@dataclass(frozen=True)
class WorkCalendar:
    """The official calendar: chinesecalendar plus clerk-entered overrides for days and whole years."""

    overrides: Mapping[dt.date, bool] = field(default_factory=dict)
    """Day -> is it a working day; entered from the State Council's notice for the year."""
    entered_years: frozenset[int] = frozenset()
    """Years whose official schedule a clerk has entered completely."""
    names: Mapping[dt.date, str] = field(default_factory=dict)
    """Day -> the holiday's name, as the clerk entered it with the schedule."""

    def covers(self, year: int) -> bool:
        return year in BUILTIN_YEARS or year in self.entered_years

    def is_workday(self, day: dt.date, *, strict: bool = False) -> bool:
        """Whether ``day`` is a working day. Strict: raise CalendarNotCovered for a year nobody entered."""
        if day in self.overrides:
            return self.overrides[day]
        if day.year in BUILTIN_YEARS:
            return bool(chinese_calendar.is_workday(day))
        if strict and not self.covers(day.year):
            raise CalendarNotCovered(day.year)
        return day.weekday() < 5

    def is_rest_day(self, day: dt.date) -> bool:
        """Legal holidays and rest days: every day that is not a working day."""
        return not self.is_workday(day)

    def is_legal_holiday(self, day: dt.date) -> bool:
        """A day of a named official holiday (春节, 国庆节 ...), weekends inside the holiday included."""
        if day in self.overrides:
            return not self.overrides[day] and day.weekday() < 5
        if day.year in BUILTIN_YEARS:
            on_holiday, name = chinese_calendar.get_holiday_detail(day)
            return bool(on_holiday) and name is not None
        return False

    def holiday_name(self, day: dt.date) -> str | None:
        """The Chinese name of the legal holiday ``day`` is a day of (国庆节, 春节 ...), or None."""
        if not self.is_legal_holiday(day):
            return None
        if day in self.overrides:
            return self.names.get(day) or "节假日"
        _on_holiday, name = chinese_calendar.get_holiday_detail(day)
        return HOLIDAY_NAMES.get(name, name) if name else "节假日"

    def days_before(self, day: dt.date, n: int) -> dt.date:
        """The working day ``n`` working days before ``day`` (n >= 1)."""
        counted = 0
        while counted < n:
            day -= dt.timedelta(days=1)
            if self.is_workday(day):
                counted += 1
        return day

    def add_working_days(self, start: dt.date, n: int, *, strict: bool = False) -> DueDate:
        """The n-th working day after ``start`` (the start day itself never counts); n >= 0.

        n == 0 gives ``start`` itself when it is a working day, else the next working day.
        """
        if n < 0:
            raise ValueError("n must be >= 0")
        uncovered: set[int] = set()
        day = start
        counted = 0
        if n == 0:
            while not self._workday_noting(day, uncovered, strict):
                day += dt.timedelta(days=1)
            return DueDate(day, bool(uncovered), tuple(sorted(uncovered)))
        while counted < n:
            day += dt.timedelta(days=1)
            if self._workday_noting(day, uncovered, strict):
                counted += 1
        return DueDate(day, bool(uncovered), tuple(sorted(uncovered)))

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative when end is before start)."""
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        day = start
        while day < end:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                count += 1
        return count

    def _workday_noting(self, day: dt.date, uncovered: set[int], strict: bool) -> bool:
        if day not in self.overrides and not self.covers(day.year):
            if strict:
                raise CalendarNotCovered(day.year)
            uncovered.add(day.year)
        return self.is_workday(day)


DEFAULT_CALENDAR = WorkCalendar()


def add_working_days(start: dt.date, n: int, calendar: WorkCalendar | None = None, *, strict: bool = False) -> DueDate:
    """The n-th working day after ``start`` on ``calendar`` (default: the built-in schedule only)."""
    return (calendar or DEFAULT_CALENDAR).add_working_days(start, n, strict=strict)


def calendar_from_rows(
    rows: Iterable[tuple[dt.date, bool]], years: Iterable[int], names: Mapping[dt.date, str] | None = None
) -> WorkCalendar:
    return WorkCalendar(overrides=dict(rows), entered_years=frozenset(years), names=dict(names or {}))
