"""Reading a year's official holiday schedule as a clerk types or pastes it from the State Council notice.

One line per entry: a day or a range, 放假 or 上班 (调休), and the holiday's name, separated by commas, spaces or
tabs, e.g.
    2027-01-01 放假 元旦
    2027-02-06~2027-02-13 放假 春节
    2027-02-14 上班 春节调休
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from shuangjian_desktop.domain.errors import FieldProblem, RecordRejected
from shuangjian_desktop.domain.text import to_halfwidth
from shuangjian_desktop.domain.values import parse_date

_RANGE = re.compile(r"(?P<first>[\d年月日./-]+?)\s*(?:[~～至到]|--)\s*(?P<last>[\d年月日./-]+)")
OFF_WORDS = ("放假", "休息", "休", "假")
ON_WORDS = ("上班", "调休上班", "补班", "班")


@dataclass(frozen=True)
class ScheduleDay:
    day: dt.date
    is_workday: bool
    name: str


def parse_schedule(text: str, year: int) -> list[ScheduleDay]:
    """Every day the text names; RecordRejected lists each bad line (第N行) and what is wrong with it."""
    days: dict[dt.date, ScheduleDay] = {}
    problems: list[FieldProblem] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = to_halfwidth(raw).strip()
        if not line:
            continue
        parts = [p for p in re.split(r"[,，\s\t]+", _RANGE.sub(lambda m: f"{m['first']}~{m['last']}", line)) if p]
        if len(parts) < 2:
            problems.append(FieldProblem(number, "节假日安排", "应为“日期 放假/上班 名称”"))
            continue
        when, kind, name = parts[0], parts[1], "".join(parts[2:])
        if kind in ON_WORDS:
            is_workday = True
        elif kind in OFF_WORDS:
            is_workday = False
        else:
            problems.append(FieldProblem(number, "节假日安排", f"“{kind}”应为“放假”或“上班”"))
            continue
        try:
            first, _, last = when.partition("~")
            start = parse_date(first)
            end = parse_date(last) if last else start
        except ValueError as error:
            problems.append(FieldProblem(number, "日期", str(error)))
            continue
        if end < start or (end - start).days > 31:
            problems.append(FieldProblem(number, "日期", "日期范围不合理"))
            continue
        if start.year != year and end.year != year:
            problems.append(FieldProblem(number, "日期", f"不在{year}年"))
            continue
        day = start
        while day <= end:
            days[day] = ScheduleDay(day, is_workday, name)
            day += dt.timedelta(days=1)
    if problems:
        raise RecordRejected(problems)
    if not any(not d.is_workday for d in days.values()):
        raise RecordRejected([FieldProblem(None, "节假日安排", f"没有录入{year}年的任何放假日期")])
    return sorted(days.values(), key=lambda d: d.day)
