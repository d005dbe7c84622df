"""The monthly patrol plan's rules (巡查计划, PatrolPlan): how often each institution is visited, which visits fall in
the key hours, and on which days an inspector is asked to go.

- Frequency by risk grade, as the county sets it (e.g. A and B once a month, C twice, D weekly); an institution not
  yet graded is visited as a B.
- Key hours (重点时段, ``key_hours``): legal holidays, rest days, the winter and summer vacations, and working-day
  evenings 18:00-20:30 (domain/inspection_rules.in_key_hours, plus the county's vacation dates). At least the
  county's share of each institution's visits is planned in them, and at least one.
- Days: an institution's visits are spread over the month (visit k falls in the k-th of ``planned`` equal stretches
  of the month); a key-hour visit prefers a holiday, then a vacation day, then a rest day, then a weekday evening;
  an inspector's visits are spread so that no day carries more than it must (the least loaded day of the stretch);
  higher risk is placed first.

Glossary: planned visits (应巡, ``planned_visits``), done visits (已巡, ``done_visits``): inspections of the
institution by its listed inspector (the INSPECTOR_INSTITUTION assignment) in the month.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from shuangjian_desktop.domain.enums import RiskGrade
from shuangjian_desktop.domain.inspection_rules import KEY_EVENING
from shuangjian_desktop.domain.training_rules import Period
from shuangjian_desktop.domain.workdays import WorkCalendar

MAX_VISITS = 28
"""At most one visit a day in the shortest month."""
SLOT_LABELS = {
    "holiday": "法定节假日",
    "vacation": "寒暑假",
    "rest_day": "休息日",
    "evening": f"工作日晚间{KEY_EVENING[0]:%H:%M}—{KEY_EVENING[1]:%H:%M}",
    "daytime": "工作日白天",
}
KEY_SLOTS = frozenset({"holiday", "vacation", "rest_day", "evening"})
_PREFERENCE = {"holiday": 0, "vacation": 1, "rest_day": 2, "evening": 3, "daytime": 4}


@dataclass(frozen=True)
class Target:
    """One institution in one month's plan: its visits, how many in key hours, and its weight (risk first)."""

    institution_id: int
    planned: int
    planned_key: int
    priority: int = 0


@dataclass(frozen=True)
class PlannedVisit:
    institution_id: int
    number: int
    """1 .. planned"""
    day: dt.date
    slot: str
    """a key of SLOT_LABELS"""

    @property
    def key_hours(self) -> bool:
        return self.slot in KEY_SLOTS

    def describe(self) -> str:
        weekday = "一二三四五六日"[self.day.weekday()]
        return f"{self.day:%m-%d}（周{weekday}，{SLOT_LABELS[self.slot]}）"


def grade_priority(grade: RiskGrade | None) -> int:
    """D before C before B (and ungraded) before A."""
    return {RiskGrade.D: 4, RiskGrade.C: 3, RiskGrade.B: 2, None: 2, RiskGrade.A: 1}[grade]


def planned_visits(grade: RiskGrade | None, per_month: Mapping[RiskGrade, int]) -> int:
    """The visits a month for an institution of ``grade`` (ungraded: as B), within 0 .. MAX_VISITS."""
    wanted = per_month.get(grade or RiskGrade.B, 1)
    return max(0, min(MAX_VISITS, int(wanted)))


def planned_key_visits(planned: int, share_percent: int) -> int:
    """The visits to plan in key hours: the county's share of them, rounded up, and at least one when any."""
    if planned <= 0:
        return 0
    share = max(0, min(100, share_percent))
    return max(1, min(planned, math.ceil(planned * share / 100)))


def month_days(year: int, month: int) -> list[dt.date]:
    first = dt.date(year, month, 1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return [first + dt.timedelta(days=i) for i in range((following - first).days)]


def day_slot(day: dt.date, calendar: WorkCalendar, vacations: Sequence[Period]) -> str | None:
    """The key-hour kind of a whole day (holiday, vacation, rest_day), or None for a working day outside vacations
    (only its evening is in key hours)."""
    if calendar.is_legal_holiday(day):
        return "holiday"
    if not calendar.is_workday(day):
        return "rest_day"
    if any(day in period for period in vacations):
        return "vacation"
    return None


def is_key_moment(moment: dt.datetime, calendar: WorkCalendar, vacations: Sequence[Period]) -> bool:
    """In the key hours: a holiday, rest day or vacation day, or a working-day evening 18:00-20:30."""
    if day_slot(moment.date(), calendar, vacations) is not None:
        return True
    return KEY_EVENING[0] <= moment.time() <= KEY_EVENING[1]


def _windows(days: Sequence[dt.date], parts: int) -> list[Sequence[dt.date]]:
    return [days[k * len(days) // parts : (k + 1) * len(days) // parts] for k in range(parts)]


def _key_windows(planned: int, key: int) -> list[bool]:
    """Which of ``planned`` stretches hold a key-hour visit: ``key`` of them, spread evenly over the month."""
    return [(k + 1) * key // planned > k * key // planned for k in range(planned)]


def schedule(
    year: int, month: int, targets: Iterable[Target], calendar: WorkCalendar, vacations: Sequence[Period] = ()
) -> list[PlannedVisit]:
    """Suggested days for one inspector's visits in a month (see the module's docstring). Deterministic."""
    days = month_days(year, month)
    slots = {day: day_slot(day, calendar, vacations) for day in days}
    load: dict[dt.date, int] = dict.fromkeys(days, 0)
    visits: list[PlannedVisit] = []
    for target in sorted(targets, key=lambda t: (-t.priority, t.institution_id)):
        planned = max(0, min(target.planned, len(days)))
        if not planned:
            continue
        key = max(0, min(target.planned_key, planned))
        for number, (window, wants_key) in enumerate(
            zip(_windows(days, planned), _key_windows(planned, key), strict=True), start=1
        ):
            options = []
            for day in window:
                whole = slots[day]
                if wants_key:
                    options.append((day, whole or "evening"))
                elif whole is None:
                    options.append((day, "daytime"))
            if not options:  # a stretch of rest days only: the visit falls in key hours anyway
                options = [(day, slots[day] or "evening") for day in window]
            day, slot = min(options, key=lambda o: (load[o[0]], _PREFERENCE[o[1]], o[0]))
            load[day] += 1
            visits.append(PlannedVisit(target.institution_id, number, day, slot))
    return visits
