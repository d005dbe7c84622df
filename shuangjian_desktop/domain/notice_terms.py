"""The terms of a notice: its deadline runs from receipt ("自收到本通知书之日起N日内"), and how it was served.

Periods are counted as the procedure laws count them: the day of receipt is not counted, and a period whose last
day falls on a rest day or a legal holiday ends on the first working day after it.
"""

from __future__ import annotations

import datetime as dt

from shuangjian_desktop.domain.workdays import DEFAULT_CALENDAR, WorkCalendar

SERVICE_MANNERS = ("直接送达", "留置送达", "邮寄送达", "委托送达")
"""how a notice was served; 留置送达 needs a witness"""


def deadline_from_receipt(received: dt.date, days: int, calendar: WorkCalendar = DEFAULT_CALENDAR) -> dt.date:
    """The last day of ``days`` days counted from the day after ``received``, moved off rest days and holidays."""
    last = received + dt.timedelta(days=days)
    while not calendar.is_workday(last):
        last += dt.timedelta(days=1)
    return last
