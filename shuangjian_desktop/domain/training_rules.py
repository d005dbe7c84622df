"""The training-time and prepaid-fee rules of the negative list (负面清单), checked on plain values.

- offline training ends by 20:30, online training by 21:00;
- an online lesson lasts at most 30 minutes, with at least 10 minutes between lessons;
- no subject training on legal holidays, rest days, or in the winter and summer vacations;
- prepaid fees cover at most 3 months or 60 lessons.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from shuangjian_desktop.domain.enums import Category, Mode
from shuangjian_desktop.domain.workdays import DEFAULT_CALENDAR, WorkCalendar

OFFLINE_LATEST_END = dt.time(20, 30)
ONLINE_LATEST_END = dt.time(21, 0)
ONLINE_MAX_LESSON = dt.timedelta(minutes=30)
ONLINE_MIN_BREAK = dt.timedelta(minutes=10)
PREPAID_MAX_MONTHS = 3
PREPAID_MAX_LESSONS = 60


@dataclass(frozen=True)
class Lesson:
    """One lesson as it was held or advertised."""

    category: Category
    mode: Mode
    start: dt.datetime
    end: dt.datetime


@dataclass(frozen=True)
class Period:
    """A closed date range, e.g. a winter or summer vacation."""

    first: dt.date
    last: dt.date
    name: str = "寒暑假"

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.first <= day <= self.last


@dataclass(frozen=True)
class Breach:
    """A broken rule: its code (stable) and a Chinese sentence naming the lesson."""

    code: str
    message: str


def _when(lesson: Lesson) -> str:
    return f"{lesson.start:%Y-%m-%d %H:%M}-{lesson.end:%H:%M}"


def check_lessons(
    lessons: Sequence[Lesson],
    calendar: WorkCalendar = DEFAULT_CALENDAR,
    vacations: Iterable[Period] = (),
) -> list[Breach]:
    """Every breach of the training-time rules in ``lessons`` (any order); an empty list when all is well."""
    vacations = list(vacations)
    breaches: list[Breach] = []
    for lesson in lessons:
        if lesson.end <= lesson.start:
            breaches.append(Breach("order", f"{_when(lesson)} 结束时间应晚于开始时间"))
            continue
        if lesson.end.date() != lesson.start.date():
            breaches.append(Breach("overnight", f"{_when(lesson)} 培训跨越午夜"))
        end_time = lesson.end.time()
        if lesson.mode is Mode.OFFLINE and (lesson.end.date() > lesson.start.date() or end_time > OFFLINE_LATEST_END):
            breaches.append(Breach("offline_late", f"{_when(lesson)} 线下培训结束时间晚于20:30"))
        if lesson.mode is Mode.ONLINE:
            if lesson.end.date() > lesson.start.date() or end_time > ONLINE_LATEST_END:
                breaches.append(Breach("online_late", f"{_when(lesson)} 线上培训结束时间晚于21:00"))
            if lesson.end - lesson.start > ONLINE_MAX_LESSON:
                minutes = int((lesson.end - lesson.start).total_seconds() // 60)
                breaches.append(Breach("online_long", f"{_when(lesson)} 线上每课时{minutes}分钟，超过30分钟"))
        if lesson.category is Category.SUBJECT:
            day = lesson.start.date()
            if calendar.is_legal_holiday(day):
                breaches.append(Breach("holiday", f"{_when(lesson)} 在法定节假日组织学科类培训"))
            elif calendar.is_rest_day(day):
                breaches.append(Breach("rest_day", f"{_when(lesson)} 在休息日组织学科类培训"))
            for period in vacations:
                if day in period:
                    breaches.append(Breach("vacation", f"{_when(lesson)} 在{period.name}期间组织学科类培训"))
                    break
    online = sorted((le for le in lessons if le.mode is Mode.ONLINE and le.end > le.start), key=lambda le: le.start)
    for before, after in itertools.pairwise(online):
        if before.start.date() == after.start.date() and after.start - before.end < ONLINE_MIN_BREAK:
            gap = int((after.start - before.end).total_seconds() // 60)
            breaches.append(Breach("online_break", f"{_when(before)} 与 {_when(after)} 课间仅{gap}分钟，少于10分钟"))
    return breaches


def check_prepaid(months: Decimal | int | None, lessons: int | None) -> list[Breach]:
    """A prepaid charge may cover at most 3 months and at most 60 lessons."""
    breaches = []
    if months is not None and Decimal(months) > PREPAID_MAX_MONTHS:
        breaches.append(Breach("prepaid_months", f"一次性收取{months}个月的费用，超过3个月"))
    if lessons is not None and lessons > PREPAID_MAX_LESSONS:
        breaches.append(Breach("prepaid_lessons", f"一次性收取{lessons}课时的费用，超过60课时"))
    return breaches
