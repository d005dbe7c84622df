"""The patrol plan's rules: visits by grade, the key-hour share, the county's vacations, and the suggested days
(every visit in its stretch of the month, key-hour visits in the key hours, an inspector's days spread)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from shuangjian_desktop.domain.enums import RiskGrade
from shuangjian_desktop.domain.patrol_rules import (
    MAX_VISITS,
    Target,
    day_slot,
    is_key_moment,
    month_days,
    planned_key_visits,
    planned_visits,
    schedule,
)
from shuangjian_desktop.domain.training_rules import Period
from shuangjian_desktop.domain.workdays import DEFAULT_CALENDAR

PER_MONTH = {RiskGrade.A: 1, RiskGrade.B: 1, RiskGrade.C: 2, RiskGrade.D: 4}
SUMMER = [Period(dt.date(2026, 7, 5), dt.date(2026, 8, 31), "暑假")]

targets = st.lists(
    st.builds(
        Target,
        institution_id=st.integers(1, 10_000),
        planned=st.integers(0, 12),
        planned_key=st.integers(0, 12),
        priority=st.integers(0, 4),
    ),
    max_size=40,
    unique_by=lambda t: t.institution_id,
)
months = st.tuples(st.integers(2024, 2027), st.integers(1, 12))


def test_visits_follow_the_grade_and_ungraded_counts_as_b() -> None:
    assert [planned_visits(g, PER_MONTH) for g in RiskGrade] == [1, 1, 2, 4]
    assert planned_visits(None, PER_MONTH) == 1
    assert planned_visits(RiskGrade.D, {RiskGrade.D: 99}) == MAX_VISITS
    assert planned_visits(RiskGrade.D, {RiskGrade.D: -3}) == 0


@given(st.integers(0, 28), st.integers(-20, 150))
def test_the_key_hour_share_is_rounded_up_and_at_least_one(planned: int, share: int) -> None:
    key = planned_key_visits(planned, share)
    assert 0 <= key <= planned
    if planned:
        assert key >= 1
        assert key >= planned * max(0, min(share, 100)) / 100


def test_key_hours_are_holidays_rest_days_vacations_and_weekday_evenings() -> None:
    assert day_slot(dt.date(2026, 10, 1), DEFAULT_CALENDAR, ()) == "holiday"  # National Day
    assert day_slot(dt.date(2026, 11, 21), DEFAULT_CALENDAR, ()) == "rest_day"  # a Saturday
    assert day_slot(dt.date(2026, 7, 15), DEFAULT_CALENDAR, SUMMER) == "vacation"  # a Wednesday in the summer
    assert day_slot(dt.date(2026, 11, 18), DEFAULT_CALENDAR, SUMMER) is None
    wednesday = dt.date(2026, 11, 18)
    assert is_key_moment(dt.datetime.combine(wednesday, dt.time(19, 0)), DEFAULT_CALENDAR, ())
    assert not is_key_moment(dt.datetime.combine(wednesday, dt.time(10, 0)), DEFAULT_CALENDAR, ())
    assert is_key_moment(dt.datetime(2026, 7, 15, 10, 0), DEFAULT_CALENDAR, SUMMER)


@settings(max_examples=150, deadline=None)
@given(months, targets, st.booleans())
def test_every_visit_is_planned_in_its_stretch_and_key_visits_in_key_hours(
    month: tuple[int, int], chosen: list[Target], summer: bool
) -> None:
    year, number = month
    vacations = SUMMER if summer else []
    days = month_days(year, number)
    visits = schedule(year, number, chosen, DEFAULT_CALENDAR, vacations)
    by_institution: dict[int, list] = {}
    for visit in visits:
        by_institution.setdefault(visit.institution_id, []).append(visit)
        assert visit.day in days
        if visit.key_hours:
            moment = dt.datetime.combine(visit.day, dt.time(19, 0) if visit.slot == "evening" else dt.time(10, 0))
            assert is_key_moment(moment, DEFAULT_CALENDAR, vacations), visit
        else:
            assert visit.slot == "daytime" and day_slot(visit.day, DEFAULT_CALENDAR, vacations) is None
    for target in chosen:
        mine = sorted(by_institution.get(target.institution_id, []), key=lambda v: v.number)
        assert len(mine) == min(target.planned, len(days))
        assert [v.number for v in mine] == list(range(1, len(mine) + 1))
        assert sum(v.key_hours for v in mine) >= min(target.planned_key, len(mine))
        assert len({v.day for v in mine}) == len(mine)  # one institution is never visited twice a day
        for visit in mine:  # the k-th visit falls in the k-th stretch of the month
            stretch = days[(visit.number - 1) * len(days) // len(mine) : visit.number * len(days) // len(mine)]
            assert visit.day in stretch
    assert schedule(year, number, list(reversed(chosen)), DEFAULT_CALENDAR, vacations) == visits


@settings(max_examples=100, deadline=None)
@given(months, st.integers(1, 60))
def test_an_inspectors_days_are_spread_when_there_is_room(month: tuple[int, int], count: int) -> None:
    """Once-a-month daytime visits: no working day carries two while another carries none."""
    year, number = month
    chosen = [Target(i, 1, 0) for i in range(count)]
    load = Counter(v.day for v in schedule(year, number, chosen, DEFAULT_CALENDAR))
    workdays = [d for d in month_days(year, number) if day_slot(d, DEFAULT_CALENDAR, ()) is None]
    assert sum(load.values()) == count and set(load) <= set(workdays)
    assert max(load.values()) - min(load.get(d, 0) for d in workdays) <= 1


def test_higher_risk_gets_the_preferred_day() -> None:
    """Two institutions wanting one key-hour visit in a month with one holiday: the D one gets the holiday."""
    low, high = Target(1, 1, 1, priority=1), Target(2, 1, 1, priority=4)
    visits = {v.institution_id: v for v in schedule(2026, 10, [low, high], DEFAULT_CALENDAR)}
    assert visits[2].slot == "holiday" and visits[2].day == dt.date(2026, 10, 1)
