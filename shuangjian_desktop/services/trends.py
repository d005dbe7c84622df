"""The home page's pictures: the last 12 months, month by month, as SQL aggregates (one statement per figure, over
an index; the coverage gaps in two passes over the assignments, remembered until an institution or an assignment
changes: the audit trail's newest entry for each is the mark), so redrawing them costs the same at any size.

- tickets received and closed (受理 by received_at, 办结 by closed_at);
- inspections (by started_at) and notices issued (by issued_on);
- coverage gaps at each month's end (today for this month): institutions in operation by then with no bureau staff
  or no supervising inspector responsible on that day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import pairwise

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.orm import Session

from shuangjian_desktop.domain.enums import AssignmentKind
from shuangjian_desktop.services.assignments.coverage import COVERED_STATUSES
from shuangjian_desktop.store.models import Assignment, AuditEntry, Inspection, Institution, Notice, Ticket
from shuangjian_desktop.store.uow import Store

MONTHS = 12


@dataclass(frozen=True)
class Trend:
    key: str
    title: str
    months: tuple[str, ...]
    """"2026-01" ... in order."""
    series: tuple[tuple[str, tuple[int, ...]], ...]
    """(legend, one value per month)"""
    target: str
    """The list a click opens."""

    @property
    def total(self) -> int:
        return sum(sum(values) for _legend, values in self.series)


def last_months(today: dt.date, count: int = MONTHS) -> list[dt.date]:
    """The first days of the ``count`` months up to today's, oldest first."""
    firsts = []
    year, month = today.year, today.month
    for _ in range(count):
        firsts.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return firsts[::-1]


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _per_month(session: Session, column: ColumnElement[object], firsts: list[dt.date]) -> tuple[int, ...]:
    """How many rows fall in each month, by a date or datetime column with an index (one range scan)."""
    bounds = [*firsts, _next_month(firsts[-1])]
    if column.type.python_type is not dt.date:
        bounds = [dt.datetime.combine(day, dt.time()) for day in bounds]  # type: ignore[misc]
    months = [func.sum(case((and_(column >= low, column < high), 1), else_=0)) for low, high in pairwise(bounds)]
    found = session.execute(select(*months).where(column >= bounds[0], column < bounds[-1])).one()
    return tuple(int(value or 0) for value in found)


def _gaps(session: Session, days: list[dt.date]) -> tuple[int, ...]:
    """Institutions in operation by each day lacking bureau staff or a supervising inspector on that day."""
    covered = Institution.status.in_(COVERED_STATUSES)
    existing = session.execute(
        select(*[func.sum(case((Institution.created_at < _end(day), 1), else_=0)) for day in days]).where(covered)
    ).one()
    gaps = []
    held_by_kind = []
    for kind in (AssignmentKind.STAFF_INSTITUTION, AssignmentKind.INSPECTOR_INSTITUTION):
        columns = [
            func.count(
                func.distinct(
                    case(
                        (
                            and_(
                                Assignment.starts_on <= day,
                                or_(Assignment.ends_on.is_(None), Assignment.ends_on >= day),
                                Institution.created_at < _end(day),
                            ),
                            Assignment.institution_id,
                        )
                    )
                )
            )
            for day in days
        ]
        held_by_kind.append(
            session.execute(
                select(*columns)
                .select_from(Assignment)
                .join(Institution, Institution.id == Assignment.institution_id)
                .where(Assignment.kind == kind, covered)
            ).one()
        )
    for i in range(len(days)):
        have = int(existing[i] or 0)
        gaps.append(sum(have - int(held[i] or 0) for held in held_by_kind))
    return tuple(gaps)


_REMEMBERED: dict[tuple[str, tuple[dt.date, ...]], tuple[tuple[int, ...], tuple[int, ...]]] = {}
"""(database, days) -> (the change mark they were counted at, the gaps)."""


def _changes_mark(session: Session) -> tuple[int, ...]:
    """The newest audit entry about institutions and about assignments (every change to either writes one; two
    index look-ups)."""
    return tuple(
        int(session.scalar(select(func.max(AuditEntry.id)).where(AuditEntry.entity == entity)) or 0)
        for entity in ("institution", "assignment")
    )


def _gaps_remembered(session: Session, days: list[dt.date]) -> tuple[int, ...]:
    key = (str(session.get_bind().url), tuple(days))
    mark = _changes_mark(session)
    kept = _REMEMBERED.get(key)
    if kept is not None and kept[0] == mark:
        return kept[1]
    gaps = _gaps(session, days)
    if len(_REMEMBERED) > 16:
        _REMEMBERED.clear()
    _REMEMBERED[key] = (mark, gaps)
    return gaps


def _end(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time())


def trends(store: Store, today: dt.date | None = None) -> list[Trend]:
    today = today or dt.date.today()
    firsts = last_months(today)
    months = tuple(f.strftime("%Y-%m") for f in firsts)
    month_ends = [min(_next_month(f) - dt.timedelta(days=1), today) for f in firsts]
    with store.read() as uow:
        s = uow.session
        return [
            Trend(
                "tickets",
                "投诉工单",
                months,
                (
                    ("受理", _per_month(s, Ticket.received_at, firsts)),
                    ("办结", _per_month(s, Ticket.closed_at, firsts)),
                ),
                "tickets",
            ),
            Trend("inspections", "检查", months, (("检查次数", _per_month(s, Inspection.started_at, firsts)),),
                  "inspections"),
            Trend("notices", "整改通知书", months, (("下达", _per_month(s, Notice.issued_on, firsts)),), "notices"),
            Trend("gaps", "包保缺口（月末）", months, (("无包保人员或无责任督学", _gaps_remembered(s, month_ends)),),
                  "assignments"),
        ]  # fmt: skip
