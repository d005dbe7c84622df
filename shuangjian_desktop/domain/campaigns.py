"""Special campaigns (专项行动) and the breaks they are planned around.

A campaign (寒暑假, 节假日, 开学季 ...) has a period and partner departments (成员单位: 市场监管, 公安, 消防, 民政 ...);
inspections made in it may be joint (联合执法: the departments that took part are recorded, and the inspection counts
for each of them).

A break (假期) is a run of days off that holds a legal holiday (国庆节 with its weekend, 春节 ...; from the
working-day calendar) or a vacation the county set (寒假, 暑假). From N working days before a break begins until it
ends, the home page lists the subject institutions still to patrol and offers to draft the campaign.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from shuangjian_desktop.domain.enums import LabelledEnum
from shuangjian_desktop.domain.training_rules import Period
from shuangjian_desktop.domain.workdays import WorkCalendar

HORIZON_DAYS = 90
"""How far ahead breaks are looked for (N working days never reach further)."""


class CampaignKind(LabelledEnum):
    VACATION = "vacation", "寒暑假"
    HOLIDAY = "holiday", "节假日"
    TERM_START = "term_start", "开学季"
    OTHER = "other", "其他"


@dataclass(frozen=True)
class Break:
    """Days off around a legal holiday, or a vacation."""

    name: str
    first: dt.date
    last: dt.date
    kind: CampaignKind

    def label(self) -> str:
        return f"{self.name}（{self.first.month}月{self.first.day}日—{self.last.month}月{self.last.day}日）"


def holiday_breaks(calendar: WorkCalendar, start: dt.date, end: dt.date) -> list[Break]:
    """The runs of days off between ``start`` and ``end`` that hold a legal holiday (a run already under way at
    ``start`` is taken from its first day)."""
    day = start
    while not calendar.is_workday(day - dt.timedelta(days=1)) and (start - day).days < 40:
        day -= dt.timedelta(days=1)
    breaks: list[Break] = []
    while day <= end:
        if calendar.is_workday(day):
            day += dt.timedelta(days=1)
            continue
        first = day
        names: list[str] = []
        while not calendar.is_workday(day):
            name = calendar.holiday_name(day)
            if name and name not in names:
                names.append(name)
            day += dt.timedelta(days=1)
        if names:
            breaks.append(Break("、".join(names), first, day - dt.timedelta(days=1), CampaignKind.HOLIDAY))
    return breaks


def upcoming_breaks(
    calendar: WorkCalendar, vacations: Iterable[Period], today: dt.date, horizon: int = HORIZON_DAYS
) -> list[Break]:
    """Holidays and vacations that have not ended by ``today`` and begin within ``horizon`` days, in date order."""
    end = today + dt.timedelta(days=horizon)
    found = [b for b in holiday_breaks(calendar, today, end) if b.last >= today]
    found += [
        Break(v.name, v.first, v.last, CampaignKind.VACATION) for v in vacations if v.last >= today and v.first <= end
    ]
    return sorted(found, key=lambda b: (b.first, b.last))


def patrol_window(calendar: WorkCalendar, brk: Break, lead_days: int) -> Period:
    """From ``lead_days`` working days before the break to its last day: when its patrol is due."""
    return Period(calendar.days_before(brk.first, lead_days), brk.last, brk.name)


def due_breaks(
    calendar: WorkCalendar, vacations: Iterable[Period], today: dt.date, lead_days: int
) -> list[tuple[Break, Period]]:
    """The breaks whose patrol window holds ``today``, each with its window."""
    found = []
    for brk in upcoming_breaks(calendar, vacations, today):
        window = patrol_window(calendar, brk, lead_days)
        if today in window:
            found.append((brk, window))
    return found


def draft_name(brk: Break) -> str:
    """What a drafted campaign is called: 2026年国庆节专项行动."""
    return f"{brk.first.year}年{brk.name}校外培训专项治理行动"


def overlaps(first: dt.date, last: dt.date, other_first: dt.date, other_last: dt.date) -> bool:
    return first <= other_last and other_first <= last


def period_problem(first: dt.date | None, last: dt.date | None) -> str | None:
    if first is None or last is None:
        return "须填写开始和结束日期"
    if last < first:
        return "结束日期不能早于开始日期"
    if (last - first).days > 366:
        return "一次专项行动不能超过一年"
    return None
