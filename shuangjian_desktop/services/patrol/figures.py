"""Done versus planned (已巡 / 应巡) for a month's plan: per institution, per inspector and in total, all in SQL.

Done visits (``done_visits``) of an institution are the month's inspections of it by its listed inspector (by
anyone when it has none); a key-hour visit is one recorded in the key hours (Inspection.key_hours) or made in the
county's vacations. Completion counts at most the planned visits of each institution: four visits to one cannot
make up for none to another.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, exists, func, literal, or_, select
from sqlalchemy.orm import Session

from shuangjian_desktop import settings as opts
from shuangjian_desktop.services.supervised import month_bounds, month_text
from shuangjian_desktop.store.models import Inspection, InspectionInspector, PatrolPlan, PatrolTarget, Vacation


def key_moment() -> ColumnElement[bool]:
    """An inspection in the key hours: as recorded, or on a day of the county's vacations (the vacation register,
    专项行动 > 寒暑假日期)."""
    day = func.date(Inspection.started_at)
    in_vacation = exists(select(literal(1)).where(Vacation.first_day <= day, Vacation.last_day >= day))
    return or_(Inspection.key_hours.is_(True), in_vacation)


@dataclass(frozen=True)
class Window:
    """A month (or any span) and what counts as a key-hour visit in it."""

    start: dt.datetime
    end: dt.datetime
    key: ColumnElement[bool]

    @classmethod
    def of_month(cls, settings: opts.Settings, year: int, month: int) -> Window:
        first, following = month_bounds(year, month)
        return cls(
            dt.datetime.combine(first, dt.time()),
            dt.datetime.combine(following, dt.time()),
            key_moment(),
        )


def done_by_inspector(window: Window) -> Any:
    """(person, institution) -> visits and key-hour visits in the window."""
    return (
        select(
            InspectionInspector.person_id.label("person_id"),
            Inspection.institution_id.label("institution_id"),
            func.count().label("n"),
            func.sum(case((window.key, 1), else_=0)).label("k"),
        )
        .join(Inspection, Inspection.id == InspectionInspector.inspection_id)
        .where(Inspection.started_at >= window.start, Inspection.started_at < window.end)
        .group_by(InspectionInspector.person_id, Inspection.institution_id)
        .subquery()
    )


def done_by_anyone(window: Window) -> Any:
    return (
        select(
            Inspection.institution_id.label("institution_id"),
            func.count().label("n"),
            func.sum(case((window.key, 1), else_=0)).label("k"),
        )
        .where(Inspection.started_at >= window.start, Inspection.started_at < window.end)
        .group_by(Inspection.institution_id)
        .subquery()
    )


def with_done(window: Window, *columns: Any) -> tuple[Select[Any], ColumnElement[int], ColumnElement[int]]:
    """select(columns) over patrol_target joined to its done visits; returns (select, done, done_key)."""
    mine, anyone = done_by_inspector(window), done_by_anyone(window)
    done = case((PatrolTarget.inspector_id.is_(None), func.coalesce(anyone.c.n, 0)), else_=func.coalesce(mine.c.n, 0))
    key = case((PatrolTarget.inspector_id.is_(None), func.coalesce(anyone.c.k, 0)), else_=func.coalesce(mine.c.k, 0))
    stmt = (
        select(*columns, done.label("done"), key.label("done_key"))
        .select_from(PatrolTarget)
        .outerjoin(
            mine,
            and_(mine.c.person_id == PatrolTarget.inspector_id, mine.c.institution_id == PatrolTarget.institution_id),
        )
        .outerjoin(
            anyone, and_(PatrolTarget.inspector_id.is_(None), anyone.c.institution_id == PatrolTarget.institution_id)
        )
    )
    return stmt, done, key


def capped(done: ColumnElement[int], planned: ColumnElement[int]) -> ColumnElement[int]:
    return case((done < planned, done), else_=planned)


@dataclass(frozen=True)
class PatrolFigures:
    """One plan's totals, or one inspector's."""

    institutions: int = 0
    planned: int = 0
    done: int = 0
    """Visits made (all of them)."""
    completed: int = 0
    """Visits made, at most the planned ones of each institution."""
    planned_key: int = 0
    done_key: int = 0
    """Key-hour visits made, at most the planned ones of each institution."""
    not_visited: int = 0
    without_inspector: int = 0

    @property
    def rate(self) -> str:
        return f"{self.completed * 100 / self.planned:.1f}%" if self.planned else "—"

    def sentence(self, month: str) -> str:
        if not self.institutions:
            return f"{month}巡查计划中没有机构。"
        return (
            f"{month}：{self.institutions}家机构应巡{self.planned}次，已巡{self.done}次，完成{self.completed}次（完成率"
            f"{self.rate}）；重点时段应巡{self.planned_key}次、已巡{self.done_key}次；尚未巡查{self.not_visited}家。"
        )


def _aggregates(rows: Any) -> list[Any]:
    return [
        func.count(),
        func.coalesce(func.sum(rows.c.planned), 0),
        func.coalesce(func.sum(rows.c.done), 0),
        func.coalesce(func.sum(capped(rows.c.done, rows.c.planned)), 0),
        func.coalesce(func.sum(rows.c.planned_key), 0),
        func.coalesce(func.sum(capped(rows.c.done_key, rows.c.planned_key)), 0),
        func.count().filter(and_(rows.c.done == 0, rows.c.planned > 0)),
        func.count().filter(rows.c.inspector_id.is_(None)),
    ]


def _rows(window: Window, plan_id: int, *where: ColumnElement[bool]) -> Any:
    inner, _done, _key = with_done(
        window,
        PatrolTarget.planned.label("planned"),
        PatrolTarget.planned_key.label("planned_key"),
        PatrolTarget.inspector_id.label("inspector_id"),
    )
    return inner.where(PatrolTarget.plan_id == plan_id, *where).subquery()


def _figures(session: Session, window: Window, plan_id: int, *where: ColumnElement[bool]) -> PatrolFigures:
    rows = _rows(window, plan_id, *where)
    one = session.execute(select(*_aggregates(rows))).one()
    return PatrolFigures(*(int(x or 0) for x in one))


def plan_of(session: Session, year: int, month: int) -> PatrolPlan | None:
    return session.scalar(select(PatrolPlan).where(PatrolPlan.month == month_text(year, month)))


def plan_month(plan: PatrolPlan) -> tuple[int, int]:
    year, month = plan.month.split("-")
    return int(year), int(month)


def plan_figures(session: Session, settings: opts.Settings, year: int, month: int) -> PatrolFigures | None:
    """The month's totals, or None when no plan was made for it."""
    plan = plan_of(session, year, month)
    if plan is None:
        return None
    return _figures(session, Window.of_month(settings, year, month), plan.id)


def inspector_figures(
    session: Session, settings: opts.Settings, plan: PatrolPlan, inspector_ids: Sequence[int | None]
) -> dict[int | None, PatrolFigures]:
    """Each named inspector's totals in the plan (None: the institutions without one), one grouped query."""
    window = Window.of_month(settings, *plan_month(plan))
    named = [i for i in inspector_ids if i is not None]
    found: dict[int | None, PatrolFigures] = {}
    if named:
        rows = _rows(window, plan.id, PatrolTarget.inspector_id.in_(named))
        for person, *values in session.execute(
            select(rows.c.inspector_id, *_aggregates(rows)).group_by(rows.c.inspector_id)
        ):
            found[person] = PatrolFigures(*(int(x or 0) for x in values))
    if None in inspector_ids:
        found[None] = _figures(session, window, plan.id, PatrolTarget.inspector_id.is_(None))
    return found
