"""Making a month's patrol plan (巡查计划, ``PatrolPlan``): every institution under supervision (running, converted or
suspended) gets its listed inspector (the INSPECTOR_INSTITUTION assignment in force that month) and its planned
visits by risk grade, the key-hour share of them by the county's setting; one INSERT ... SELECT, so a million
institutions cost one statement. The grades are brought up to date first. The plan keeps the grade, the inspector
and the frequency of the day it was made: done versus planned is measured against what was asked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import case, func, insert, literal, or_, select
from sqlalchemy.orm import Session

from shuangjian_desktop import settings as opts
from shuangjian_desktop.domain.access import Action
from shuangjian_desktop.domain.enums import AssignmentKind, AuditAction, RiskGrade
from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.domain.patrol_rules import planned_key_visits, planned_visits
from shuangjian_desktop.services.assignments.coverage import COVERED_STATUSES
from shuangjian_desktop.services.risk.grading import grade_all
from shuangjian_desktop.services.supervised import month_bounds, month_text
from shuangjian_desktop.store.audit import record_event
from shuangjian_desktop.store.models import Assignment, Institution, PatrolPlan, PatrolTarget, Person
from shuangjian_desktop.store.uow import Store

PATROLLED = COVERED_STATUSES
"""Who is patrolled: running, converted (学改非) and suspended institutions (the same who need an inspector)."""


@dataclass(frozen=True)
class Frequency:
    per_month: dict[RiskGrade, int]
    key_share: int

    def visits(self, grade: RiskGrade | None) -> int:
        return planned_visits(grade, self.per_month)

    def key_visits(self, grade: RiskGrade | None) -> int:
        return planned_key_visits(self.visits(grade), self.key_share)

    def describe(self) -> str:
        grades = " ".join(f"{g.value}级{self.visits(g)}次" for g in RiskGrade)
        return f"每月 {grades}（未评定按B级）；重点时段不少于{self.key_share}%"


def frequency(settings: opts.Settings) -> Frequency:
    return Frequency(
        {
            RiskGrade.A: settings.get(opts.PATROL_VISITS_A),
            RiskGrade.B: settings.get(opts.PATROL_VISITS_B),
            RiskGrade.C: settings.get(opts.PATROL_VISITS_C),
            RiskGrade.D: settings.get(opts.PATROL_VISITS_D),
        },
        settings.get(opts.PATROL_KEY_SHARE),
    )


def listed_inspector(first: dt.date, last: dt.date) -> object:
    """The institution's inspector in force during the month (the latest assignment when there were several)."""
    return (
        select(Assignment.person_id)
        .where(
            Assignment.institution_id == Institution.id,
            Assignment.kind == AssignmentKind.INSPECTOR_INSTITUTION,
            Assignment.starts_on <= last,
            or_(Assignment.ends_on.is_(None), Assignment.ends_on >= first),
        )
        .order_by(Assignment.starts_on.desc(), Assignment.id.desc())
        .limit(1)
        .correlate(Institution)  # the outer query's institution, however deep this is nested
        .scalar_subquery()
    )


@dataclass(frozen=True)
class PlanMade:
    month: str
    institutions: int
    planned: int
    planned_key: int
    without_inspector: int
    regraded: str

    def summary(self) -> str:
        text = (
            f"已制定{self.month}巡查计划：{self.institutions}家机构，"
            f"应巡{self.planned}次（重点时段{self.planned_key}次）"
        )
        if self.without_inspector:
            text += f"；{self.without_inspector}家机构尚无责任督学，请在包保台账中挂牌"
        return text + "。"


def make_plan(
    store: Store,
    settings: opts.Settings,
    year: int,
    month: int,
    user: str,
    *,
    replace: bool = False,
    regrade: bool = True,
    progress: Callable[[str, int, int], None] | None = None,
) -> PlanMade:
    """Make (or, with ``replace``, make again) the plan of ``year``-``month``."""
    label = month_text(year, month)
    with store.read() as uow:
        exists = uow.session.scalar(select(PatrolPlan.id).where(PatrolPlan.month == label))
    if exists is not None and not replace:
        raise DomainError(f"{label}的巡查计划已经制定；如需按现在的风险等级和挂牌督学重新制定，请选择“重新制定”。")
    regraded = grade_all(store, settings, user, progress=progress).summary() if regrade else ""
    with store.write(user, Action.EDIT_LEDGERS) as uow:
        made = draft_in_session(uow.session, settings, year, month, user, regraded)
        uow.commit()
    return made


def draft_in_session(
    session: Session, settings: opts.Settings, year: int, month: int, user: str, regraded: str = ""
) -> PlanMade:
    """Make the month's plan inside the caller's transaction (replacing one made before), on record."""
    label = month_text(year, month)
    first, following = month_bounds(year, month)
    last = following - dt.timedelta(days=1)
    plan_freq = frequency(settings)
    grade = Institution.risk_grade

    def by_grade(count: Callable[[RiskGrade | None], int]) -> object:
        return case(
            (grade == RiskGrade.A, count(RiskGrade.A)),
            (grade == RiskGrade.C, count(RiskGrade.C)),
            (grade == RiskGrade.D, count(RiskGrade.D)),
            else_=count(RiskGrade.B),
        )

    inspector = listed_inspector(first, last)
    old = session.scalar(select(PatrolPlan).where(PatrolPlan.month == label))
    if old is not None:
        session.delete(old)
        session.flush()
    plan = PatrolPlan(month=label, made_by=user, frequency=plan_freq.describe())
    session.add(plan)
    session.flush()
    chosen = (
        select(
            literal(plan.id).label("plan_id"),
            Institution.id.label("institution_id"),
            inspector.label("inspector_id"),
            grade.label("grade"),
            by_grade(plan_freq.visits).label("planned"),
            by_grade(plan_freq.key_visits).label("planned_key"),
            Institution.sort_name.label("institution_sort"),
        )
        .where(Institution.status.in_(PATROLLED))
        .subquery()
    )
    person_sort = select(Person.sort_name).where(Person.id == chosen.c.inspector_id).scalar_subquery()
    session.execute(
        insert(PatrolTarget).from_select(
            [
                "plan_id",
                "institution_id",
                "inspector_id",
                "grade",
                "planned",
                "planned_key",
                "institution_sort",
                "inspector_sort",
            ],
            select(*chosen.c, func.coalesce(person_sort, "")),
        )
    )
    totals = session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(PatrolTarget.planned), 0),
            func.coalesce(func.sum(PatrolTarget.planned_key), 0),
            func.count().filter(PatrolTarget.inspector_id.is_(None)),
        ).where(PatrolTarget.plan_id == plan.id)
    ).one()
    made = PlanMade(label, totals[0], totals[1], totals[2], totals[3], regraded)
    record_event(
        session,
        user,
        AuditAction.INSERT,
        "patrol_plan",
        f"制定{label}巡查计划",
        {"机构": made.institutions, "应巡": made.planned, "重点时段应巡": made.planned_key, "频次": plan.frequency},
    )
    return made
