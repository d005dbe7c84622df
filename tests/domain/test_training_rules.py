"""The training-time and prepaid-fee rules of the negative list."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from shuangjian_desktop.domain.enums import Category, Mode
from shuangjian_desktop.domain.training_rules import Lesson, Period, check_lessons, check_prepaid

WEDNESDAY = dt.date(2026, 11, 18)


def lesson(
    start: str,
    end: str,
    *,
    mode: Mode = Mode.OFFLINE,
    category: Category = Category.NON_SUBJECT,
    day: dt.date = WEDNESDAY,
) -> Lesson:
    return Lesson(
        category,
        mode,
        dt.datetime.combine(day, dt.time.fromisoformat(start)),
        dt.datetime.combine(day, dt.time.fromisoformat(end)),
    )


def codes(lessons: list[Lesson], **kwargs: object) -> set[str]:
    return {b.code for b in check_lessons(lessons, **kwargs)}


def test_offline_ends_by_half_past_eight_online_by_nine() -> None:
    assert codes([lesson("19:00", "20:30")]) == set()
    assert codes([lesson("19:30", "20:31")]) == {"offline_late"}
    assert codes([lesson("20:30", "20:55", mode=Mode.ONLINE)]) == set()
    assert codes([lesson("20:40", "21:05", mode=Mode.ONLINE)]) == {"online_late"}


def test_online_lessons_are_short_with_breaks() -> None:
    assert codes([lesson("18:00", "18:31", mode=Mode.ONLINE)]) == {"online_long"}
    two = [lesson("18:00", "18:30", mode=Mode.ONLINE), lesson("18:39", "19:09", mode=Mode.ONLINE)]
    assert codes(two) == {"online_break"}
    ok = [lesson("18:40", "19:10", mode=Mode.ONLINE), lesson("18:00", "18:30", mode=Mode.ONLINE)]
    assert codes(ok) == set()


def test_no_subject_training_on_rest_days_holidays_or_vacations() -> None:
    saturday, national_day, swapped_saturday = dt.date(2026, 11, 21), dt.date(2026, 10, 2), dt.date(2026, 2, 14)
    assert codes([lesson("09:00", "10:00", category=Category.SUBJECT, day=saturday)]) == {"rest_day"}
    assert codes([lesson("09:00", "10:00", category=Category.SUBJECT, day=national_day)]) == {"holiday"}
    assert codes([lesson("09:00", "10:00", category=Category.SUBJECT, day=swapped_saturday)]) == set()
    assert codes([lesson("09:00", "10:00", category=Category.NON_SUBJECT, day=saturday)]) == set()
    summer = Period(dt.date(2026, 7, 10), dt.date(2026, 8, 31), "暑假")
    breaches = check_lessons(
        [lesson("09:00", "10:00", category=Category.SUBJECT, day=dt.date(2026, 7, 15))], vacations=[summer]
    )
    assert [b.code for b in breaches] == ["vacation"] and "暑假" in breaches[0].message


@given(st.integers(6 * 60, 20 * 60 + 29), st.integers(1, 240))
def test_an_offline_lesson_breaks_the_rule_exactly_when_it_ends_after_2030(start_minute: int, length: int) -> None:
    start = dt.datetime.combine(WEDNESDAY, dt.time()) + dt.timedelta(minutes=start_minute)
    end = start + dt.timedelta(minutes=length)
    breaches = {b.code for b in check_lessons([Lesson(Category.NON_SUBJECT, Mode.OFFLINE, start, end)])}
    late = end > dt.datetime.combine(WEDNESDAY, dt.time(20, 30))
    assert ("offline_late" in breaches) == late


@given(st.integers(6 * 60, 20 * 60), st.integers(1, 60))
def test_an_online_lesson_is_too_long_exactly_when_over_30_minutes(start_minute: int, length: int) -> None:
    start = dt.datetime.combine(WEDNESDAY, dt.time()) + dt.timedelta(minutes=start_minute)
    breaches = {
        b.code
        for b in check_lessons([Lesson(Category.NON_SUBJECT, Mode.ONLINE, start, start + dt.timedelta(minutes=length))])
    }
    assert ("online_long" in breaches) == (length > 30)


@given(st.integers(0, 24), st.integers(0, 200))
def test_prepaid_fees_cover_at_most_three_months_and_sixty_lessons(months: int, lessons: int) -> None:
    found = {b.code for b in check_prepaid(months, lessons)}
    assert ("prepaid_months" in found) == (months > 3)
    assert ("prepaid_lessons" in found) == (lessons > 60)
