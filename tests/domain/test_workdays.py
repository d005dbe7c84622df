"""Working days on the official calendar: holidays, 调休 Saturdays, and years the calendar does not know."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shuangjian_desktop.domain.errors import CalendarNotCovered
from shuangjian_desktop.domain.workdays import BUILTIN_YEARS, WorkCalendar, add_working_days

LAST_KNOWN = max(BUILTIN_YEARS)
known_days = st.dates(dt.date(2020, 1, 1), dt.date(LAST_KNOWN, 11, 30))


def test_national_day_2025_is_skipped_and_the_swapped_saturday_counts() -> None:
    # 2025: 10-01..10-08 off; Saturday 10-11 is a working day (调休); Sunday 09-28 too.
    assert add_working_days(dt.date(2025, 9, 30), 1).day == dt.date(2025, 10, 9)
    assert add_working_days(dt.date(2025, 10, 9), 2).day == dt.date(2025, 10, 11)
    assert add_working_days(dt.date(2025, 9, 26), 1).day == dt.date(2025, 9, 28)


def test_spring_festival_2026() -> None:
    # 2026: 02-15..02-23 off; Saturday 02-14 and Saturday 02-28 are working days.
    assert add_working_days(dt.date(2026, 2, 13), 1).day == dt.date(2026, 2, 14)
    assert add_working_days(dt.date(2026, 2, 14), 1).day == dt.date(2026, 2, 24)
    assert add_working_days(dt.date(2026, 2, 13), 15).provisional is False


@given(known_days, st.integers(0, 40))
def test_result_is_a_working_day_reached_by_exactly_n_working_days(start: dt.date, n: int) -> None:
    cal = WorkCalendar()
    due = cal.add_working_days(start, n)
    assert cal.is_workday(due.day)
    assert due.day >= start
    if n > 0:
        assert cal.working_days_between(start, due.day) == n
        assert cal.working_days_between(start, due.day - dt.timedelta(days=1)) == n - 1


@given(known_days, st.integers(0, 30), st.integers(0, 30))
def test_adding_in_two_steps_equals_adding_at_once(start: dt.date, a: int, b: int) -> None:
    cal = WorkCalendar()
    assert (
        cal.add_working_days(cal.add_working_days(start, a).day, b).day == cal.add_working_days(start, a + b).day
        or a == 0
    )


@given(known_days, st.integers(1, 30))
def test_more_days_never_gives_an_earlier_deadline(start: dt.date, n: int) -> None:
    assert add_working_days(start, n).day > add_working_days(start, n - 1).day or n == 1


def test_a_year_beyond_the_calendar_is_provisional_or_refused() -> None:
    year = LAST_KNOWN + 1
    due = add_working_days(dt.date(LAST_KNOWN, 12, 28), 10)
    assert due.provisional and due.uncovered_years == (year,)
    assert "暂定" in due.label()
    with pytest.raises(CalendarNotCovered, match=f"{year}年"):
        add_working_days(dt.date(LAST_KNOWN, 12, 28), 10, strict=True)


def test_an_entered_schedule_covers_the_year() -> None:
    year = LAST_KNOWN + 1
    holiday = dt.date(year, 1, 1)
    overrides = {holiday: False}
    first_monday = next(d for d in (dt.date(year, 1, i) for i in range(1, 8)) if d.weekday() == 0)
    if first_monday == holiday:
        overrides[dt.date(year, 1, 2)] = False
    cal = WorkCalendar(overrides=overrides, entered_years=frozenset({year}))
    due = cal.add_working_days(dt.date(year - 1, 12, 31), 1)
    assert not due.provisional
    assert due.day != holiday and cal.is_workday(due.day)
    swapped = next(d for d in (dt.date(year, 2, i) for i in range(1, 8)) if d.weekday() == 5)
    cal2 = WorkCalendar(overrides={swapped: True}, entered_years=frozenset({year}))
    assert cal2.is_workday(swapped)


def test_legal_holidays_and_rest_days() -> None:
    cal = WorkCalendar()
    assert cal.is_legal_holiday(dt.date(2026, 10, 1))
    assert cal.is_rest_day(dt.date(2026, 10, 1))
    assert not cal.is_legal_holiday(dt.date(2026, 11, 21))  # an ordinary Saturday
    assert cal.is_rest_day(dt.date(2026, 11, 21))
    assert not cal.is_rest_day(dt.date(2026, 2, 14))  # 调休 Saturday


HOLIDAY_SEASONS = [
    (dt.date(2024, 2, 10), dt.date(2024, 2, 17)),  # Spring Festival 2024
    (dt.date(2025, 1, 28), dt.date(2025, 2, 4)),  # Spring Festival 2025
    (dt.date(2026, 2, 15), dt.date(2026, 2, 23)),  # Spring Festival 2026
    (dt.date(2024, 10, 1), dt.date(2024, 10, 7)),  # National Day 2024
    (dt.date(2025, 10, 1), dt.date(2025, 10, 8)),  # National Day 2025
    (dt.date(2026, 10, 1), dt.date(2026, 10, 7)),  # National Day 2026
]
around_holidays = st.sampled_from(HOLIDAY_SEASONS).flatmap(
    lambda season: st.dates(season[0] - dt.timedelta(days=12), season[1] + dt.timedelta(days=3))
)


@given(around_holidays, st.integers(1, 15))
def test_deadlines_around_spring_festival_and_national_day(start: dt.date, n: int) -> None:
    cal = WorkCalendar()
    due = cal.add_working_days(start, n)
    assert not cal.is_legal_holiday(due.day) and cal.is_workday(due.day)
    counted = [
        d for d in (start + dt.timedelta(days=i) for i in range(1, (due.day - start).days + 1)) if cal.is_workday(d)
    ]
    assert len(counted) == n and counted[-1] == due.day
    for first, last in HOLIDAY_SEASONS:
        if start < first <= due.day:
            # the whole holiday lies inside the span, and none of it was counted
            assert due.day - start >= (last - first) + dt.timedelta(days=n)
