"""The working-day calendar in force: chinesecalendar plus the holiday schedules clerks entered."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from shuangjian_desktop.domain.access import Action
from shuangjian_desktop.domain.holiday_schedule import parse_schedule
from shuangjian_desktop.domain.workdays import BUILTIN_YEARS, WorkCalendar, calendar_from_rows
from shuangjian_desktop.store.models import CalendarOverride, CalendarYear
from shuangjian_desktop.store.uow import Store


def load_calendar(session: Session) -> WorkCalendar:
    overrides = list(session.scalars(select(CalendarOverride)))
    years = list(session.scalars(select(CalendarYear.year)))
    names = {o.day: o.name for o in overrides if o.name}
    return calendar_from_rows([(o.day, o.is_workday) for o in overrides], years, names)


@dataclass(frozen=True)
class CoveredYear:
    year: int
    source: str


def covered_years(session: Session) -> list[CoveredYear]:
    builtin = [CoveredYear(y, "内置（国务院办公厅通知）") for y in sorted(BUILTIN_YEARS) if y >= 2020]
    entered = [
        CoveredYear(y.year, f"{y.entered_by} 于 {y.entered_at:%Y-%m-%d} 录入")
        for y in session.scalars(select(CalendarYear).order_by(CalendarYear.year))
    ]
    return builtin + entered


def enter_schedule(store: Store, year: int, text: str, user: str, source: str = "") -> int:
    """Replace ``year``'s entered schedule with the one in ``text`` and mark the year covered; returns days."""
    days = parse_schedule(text, year)
    with store.write(user, Action.EDIT_SETTINGS) as uow:
        session = uow.session
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        for old in session.scalars(select(CalendarOverride).where(CalendarOverride.day.between(first, last))):
            session.delete(old)
        session.flush()
        for day in days:
            session.add(CalendarOverride(day=day.day, is_workday=day.is_workday, name=day.name))
        entry = session.get(CalendarYear, year) or CalendarYear(year=year)
        entry.entered_by, entry.entered_at, entry.source = (
            user,
            dt.datetime.now().replace(microsecond=0),
            source or None,
        )
        session.add(entry)
        uow.commit()
    return len(days)
