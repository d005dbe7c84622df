"""The working-day calendar in force: chinesecalendar plus the holiday schedules clerks entered."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from shuangjian_desktop.domain.workdays import WorkCalendar, calendar_from_rows
from shuangjian_desktop.store.models import CalendarOverride, CalendarYear


def load_calendar(session: Session) -> WorkCalendar:
    rows = [(o.day, o.is_workday) for o in session.scalars(select(CalendarOverride))]
    years = list(session.scalars(select(CalendarYear.year)))
    return calendar_from_rows(rows, years)
