"""The 四包 coverage check: every gap in who is responsible for whom.

- operating institutions without responsible bureau staff, or without a supervising inspector;
- staff holding more institutions than allowed (default 2);
- inspectors holding fewer or more institutions than the range (default 6-9);
- principals whose responsibility letter is unsigned; teachers whom no principal covers.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from shuangjian_desktop import settings as opts
from shuangjian_desktop.domain.enums import AssignmentKind, Status
from shuangjian_desktop.store.models import Assignment, Institution, Person, School, Teacher
from shuangjian_desktop.store.uow import Store

COVERED_STATUSES = (Status.OPERATING, Status.SUSPENDED, Status.CONVERTED)


@dataclass(frozen=True)
class Gap:
    kind: str
    """no_staff, no_inspector, staff_overload, inspector_load, letter_unsigned, teachers_uncovered"""
    title: str
    subject: str
    detail: str


def _active(today: dt.date) -> object:
    return or_(Assignment.ends_on.is_(None), Assignment.ends_on >= today)


def coverage_gaps(store: Store, settings: opts.Settings, today: dt.date | None = None) -> list[Gap]:
    today = today or dt.date.today()
    with store.read() as uow:
        return _gaps(uow.session, settings, today)


def _gaps(session: Session, settings: opts.Settings, today: dt.date) -> list[Gap]:
    gaps: list[Gap] = []
    active = list(
        session.execute(
            select(
                Assignment.kind,
                Assignment.person_id,
                Assignment.institution_id,
                Assignment.school_id,
                Assignment.letter_signed_on,
            ).where(_active(today))
        )
    )
    staffed = {a.institution_id for a in active if a.kind is AssignmentKind.STAFF_INSTITUTION}
    inspected = {a.institution_id for a in active if a.kind is AssignmentKind.INSPECTOR_INSTITUTION}
    institutions = session.execute(
        select(Institution.id, Institution.name)
        .where(Institution.status.in_(COVERED_STATUSES))
        .order_by(Institution.sort_name)
    ).all()
    for inst_id, name in institutions:
        if inst_id not in staffed:
            gaps.append(Gap("no_staff", "机构无包保人员", name, "尚未指定局机关包保工作人员"))
        if inst_id not in inspected:
            gaps.append(Gap("no_inspector", "机构无责任督学", name, "尚未挂牌责任督学"))
    names = dict(session.execute(select(Person.id, Person.name)).all())
    staff_max = settings.get(opts.STAFF_MAX_INSTITUTIONS)
    staff_loads = Counter(a.person_id for a in active if a.kind is AssignmentKind.STAFF_INSTITUTION)
    for person_id, load in sorted(staff_loads.items()):
        if load > staff_max:
            gaps.append(Gap("staff_overload", "包保机构过多", names[person_id], f"包保{load}家机构，超过{staff_max}家"))
    low, high = settings.get(opts.INSPECTOR_MIN_INSTITUTIONS), settings.get(opts.INSPECTOR_MAX_INSTITUTIONS)
    inspector_loads = Counter(a.person_id for a in active if a.kind is AssignmentKind.INSPECTOR_INSTITUTION)
    for person_id, load in sorted(inspector_loads.items()):
        if not low <= load <= high:
            gaps.append(
                Gap("inspector_load", "督学挂牌数不在范围内", names[person_id], f"挂牌{load}家机构，应为{low}-{high}家")
            )
    schools = dict(session.execute(select(School.id, School.name)).all())
    covered_schools = set()
    for a in active:
        if a.kind is AssignmentKind.PRINCIPAL_TEACHERS:
            covered_schools.add(a.school_id)
            if a.letter_signed_on is None:
                gaps.append(
                    Gap(
                        "letter_unsigned",
                        "校长责任书未签订",
                        names[a.person_id],
                        f"{schools.get(a.school_id, '')}校长尚未签订责任书",
                    )
                )
    uncovered = Counter(session.scalars(select(Teacher.school_id).where(Teacher.school_id.not_in(covered_schools))))
    for school_id, count in sorted(uncovered.items()):
        gaps.append(
            Gap(
                "teachers_uncovered", "在职教师无人包保", schools[school_id], f"{count}名在职教师所在学校未指定包保校长"
            )
        )
    return gaps
