"""The patrol plan on screen, paged out of SQL (services/base/parts.py): one line per inspector (done versus planned)
and one per institution (its visits, done and planned, and the days suggested for them). The days are worked out
per inspector from that inspector's targets only (domain/patrol_rules.schedule), for the lines on the page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from shuangjian_desktop import settings as opts
from shuangjian_desktop.domain.enums import RiskGrade
from shuangjian_desktop.domain.patrol_rules import PlannedVisit, Target, grade_priority, schedule
from shuangjian_desktop.services.base.parts import Part, PartList
from shuangjian_desktop.services.calendar import load_calendar
from shuangjian_desktop.services.inspections.lookups import vacations_of
from shuangjian_desktop.services.patrol.figures import Window, inspector_figures, plan_month, with_done
from shuangjian_desktop.services.supervised import month_bounds
from shuangjian_desktop.store.models import Institution, PatrolPlan, PatrolTarget, Person
from shuangjian_desktop.store.uow import Store

NO_INSPECTOR = "（未挂牌责任督学）"


@dataclass(frozen=True)
class InspectorLine:
    person_id: int | None
    name: str
    institutions: int
    planned: int
    done: int
    completed: int
    rate: str
    planned_key: int
    done_key: int
    not_visited: int


@dataclass(frozen=True)
class TargetLine:
    institution_id: int
    institution: str
    grade: str
    inspector: str
    planned: int
    done: int
    planned_key: int
    done_key: int
    days: str
    tone: str


def inspector_schedule(
    session: Session, settings: opts.Settings, plan: PatrolPlan, inspector_id: int | None, only: Sequence[int] = ()
) -> dict[int, list[PlannedVisit]]:
    """The suggested days of one inspector's visits (or, for institutions without one, of those named in ``only``,
    each on its own), by institution."""
    year, month = plan_month(plan)
    _first, _following = month_bounds(year, month)
    calendar = load_calendar(session)
    vacations = vacations_of(session)
    stmt = select(PatrolTarget.institution_id, PatrolTarget.planned, PatrolTarget.planned_key, PatrolTarget.grade)
    if inspector_id is None:
        stmt = stmt.where(PatrolTarget.plan_id == plan.id, PatrolTarget.institution_id.in_(list(only)))
    else:
        stmt = stmt.where(PatrolTarget.plan_id == plan.id, PatrolTarget.inspector_id == inspector_id)
    targets = [Target(r[0], r[1], r[2], grade_priority(r[3])) for r in session.execute(stmt)]
    found: dict[int, list[PlannedVisit]] = {}
    groups = [[t] for t in targets] if inspector_id is None else [targets]
    for group in groups:
        for visit in schedule(year, month, group, calendar, vacations):
            found.setdefault(visit.institution_id, []).append(visit)
    return found


class InspectorLines(PartList[InspectorLine]):
    """One line per inspector of the plan, in pinyin order; the institutions without one last."""

    def __init__(self, store: Store, settings: opts.Settings, plan_id: int | None) -> None:
        super().__init__(store, lambda: self._make_parts())
        self.settings = settings
        self.plan_id = plan_id

    def _make_parts(self) -> list[Part[InspectorLine]]:
        if self.plan_id is None:
            return []
        plan_id = self.plan_id

        def describe(session: Session, rows: Sequence[Row[Any]]) -> list[InspectorLine]:
            plan = session.get(PatrolPlan, plan_id)
            assert plan is not None
            ids = [r.inspector_id for r in rows]
            names = dict(
                session.execute(select(Person.id, Person.name).where(Person.id.in_([i for i in ids if i]))).all()
            )
            figures = inspector_figures(session, self.settings, plan, ids)
            return [
                InspectorLine(
                    i,
                    names.get(i, NO_INSPECTOR) if i is not None else NO_INSPECTOR,
                    f.institutions,
                    f.planned,
                    f.done,
                    f.completed,
                    f.rate,
                    f.planned_key,
                    f.done_key,
                    f.not_visited,
                )
                for i in ids
                for f in (figures[i],)
            ]

        def select_inspectors() -> Any:
            no_one = PatrolTarget.inspector_id.is_(None)
            return (
                select(PatrolTarget.inspector_id, func.min(PatrolTarget.inspector_sort).label("sort"))
                .where(PatrolTarget.plan_id == plan_id)
                .group_by(PatrolTarget.inspector_id)
                .order_by(no_one, "sort", PatrolTarget.inspector_id)
            )

        return [Part(select_inspectors, describe)]


class TargetLines(PartList[TargetLine]):
    """One line per institution of the plan, by inspector then institution; ``inspector`` narrows to one inspector
    (0 for those without), ``missing`` to those not visited ("all") or without a key-hour visit ("key")."""

    def __init__(
        self,
        store: Store,
        settings: opts.Settings,
        plan_id: int | None,
        inspector: int | None = None,
        missing: str = "",
    ) -> None:
        super().__init__(store, lambda: self._make_parts())
        self.settings = settings
        self.plan_id = plan_id
        self.inspector = inspector
        self.missing = missing

    def _make_parts(self) -> list[Part[TargetLine]]:
        if self.plan_id is None:
            return []
        plan_id, settings = self.plan_id, self.settings
        with self.store.read() as uow:
            plan = uow.session.get(PatrolPlan, plan_id)
            assert plan is not None
            window = Window.of_month(settings, *plan_month(plan))

        def select_targets() -> Any:
            stmt, done, key = with_done(
                window,
                PatrolTarget.id,
                PatrolTarget.institution_id,
                PatrolTarget.inspector_id,
                PatrolTarget.grade,
                PatrolTarget.planned,
                PatrolTarget.planned_key,
            )
            stmt = stmt.where(PatrolTarget.plan_id == plan_id)
            if self.inspector == 0:
                stmt = stmt.where(PatrolTarget.inspector_id.is_(None))
            elif self.inspector is not None:
                stmt = stmt.where(PatrolTarget.inspector_id == self.inspector)
            if self.missing == "all":
                stmt = stmt.where(done == 0, PatrolTarget.planned > 0)
            elif self.missing == "key":
                stmt = stmt.where(key < PatrolTarget.planned_key)
            return stmt.order_by(PatrolTarget.inspector_sort, PatrolTarget.institution_sort, PatrolTarget.id)

        def describe(session: Session, rows: Sequence[Row[Any]]) -> list[TargetLine]:
            plan = session.get(PatrolPlan, plan_id)
            assert plan is not None
            institutions = dict(
                session.execute(
                    select(Institution.id, Institution.name).where(Institution.id.in_([r.institution_id for r in rows]))
                ).all()
            )
            people = {r.inspector_id for r in rows if r.inspector_id is not None}
            names = dict(session.execute(select(Person.id, Person.name).where(Person.id.in_(people))).all())
            days: dict[int, list[PlannedVisit]] = {}
            for person in people:
                days.update(inspector_schedule(session, settings, plan, person))
            lonely = [r.institution_id for r in rows if r.inspector_id is None]
            if lonely:
                days.update(inspector_schedule(session, settings, plan, None, lonely))
            lines = []
            for r in rows:
                visits = days.get(r.institution_id, [])
                tone = "danger" if r.done == 0 and r.planned else ("warning" if r.done < r.planned else "")
                lines.append(
                    TargetLine(
                        r.institution_id,
                        institutions.get(r.institution_id, ""),
                        r.grade.value if isinstance(r.grade, RiskGrade) else "未评定",
                        names.get(r.inspector_id, NO_INSPECTOR) if r.inspector_id else NO_INSPECTOR,
                        r.planned,
                        r.done,
                        r.planned_key,
                        r.done_key,
                        "；".join(v.describe() for v in visits),
                        tone,
                    )
                )
            return lines

        return [Part(select_targets, describe)]
