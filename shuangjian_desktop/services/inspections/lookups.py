"""What the inspection dialogs choose from, read from SQL a bounded amount at a time: the inspected institution or
school and the ticket that led to the inspection (type-ahead), the inspectors, the campaigns under way on the day,
the partner departments, a notice's possible re-inspections, and the training-time rules checked against what the
inspectors saw."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from shuangjian_desktop.domain.enums import Category, PersonRole
from shuangjian_desktop.domain.errors import NotFound
from shuangjian_desktop.domain.training_rules import Lesson, Period, check_lessons
from shuangjian_desktop.services.base.search import TICKET
from shuangjian_desktop.services.base.suggest import institution_names, school_names, suggestions
from shuangjian_desktop.services.calendar import load_calendar
from shuangjian_desktop.services.catalogues import breach_rules
from shuangjian_desktop.store.models import (
    Campaign,
    Inspection,
    Institution,
    Notice,
    PartnerDepartment,
    Person,
    PersonRoleRow,
    School,
    Ticket,
    Vacation,
)
from shuangjian_desktop.store.uow import Store

TICKET_LABEL_SEPARATOR = " "


def vacations_of(session: Session) -> list[Period]:
    """The county's vacations (寒暑假) as periods."""
    return [
        Period(v.first_day, v.last_day, v.name) for v in session.scalars(select(Vacation).order_by(Vacation.first_day))
    ]


class Lookups:
    def __init__(self, store: Store) -> None:
        self.store = store

    # what is inspected ---------------------------------------------------------------------------------------------
    def institution_names(self, typed: str, limit: int) -> list[str]:
        """Type-ahead for the inspected institution: names matching what was typed, at most ``limit`` (SQL)."""
        return institution_names(self.store)(typed, limit)

    def school_names(self, typed: str, limit: int) -> list[str]:
        return school_names(self.store)(typed, limit)

    def institution_named(self, name: str) -> int | None:
        with self.store.read() as uow:
            return uow.session.scalar(select(Institution.id).where(Institution.name == name.strip()).limit(1))

    def school_named(self, name: str) -> int | None:
        with self.store.read() as uow:
            return uow.session.scalar(select(School.id).where(School.name == name.strip()).limit(1))

    def institution_category(self, institution_id: int) -> Category | None:
        with self.store.read() as uow:
            return uow.session.scalar(select(Institution.category).where(Institution.id == institution_id))

    # the ticket that led to it -------------------------------------------------------------------------------------
    def ticket_labels(self, typed: str, limit: int) -> list[str]:
        """Type-ahead for the ticket: “编号 标题” of the tickets every typed term finds (number, subject, caller...)."""
        label = Ticket.number + TICKET_LABEL_SEPARATOR + Ticket.subject
        return suggestions(self.store, TICKET, label, Ticket.received_at.desc(), typed, limit)

    def ticket_named(self, label: str) -> int | None:
        number = label.strip().split(TICKET_LABEL_SEPARATOR, 1)[0]
        if not number:
            return None
        with self.store.read() as uow:
            return uow.session.scalar(select(Ticket.id).where(Ticket.number == number))

    def ticket_label(self, ticket_id: int | None) -> str:
        if ticket_id is None:
            return ""
        with self.store.read() as uow:
            ticket = uow.session.get(Ticket, ticket_id)
            return f"{ticket.number}{TICKET_LABEL_SEPARATOR}{ticket.subject}" if ticket else ""

    # who, in what campaign, with whom ------------------------------------------------------------------------------
    def inspectors(self) -> list[tuple[int, str]]:
        """Supervising inspectors and bureau staff first, then everyone else."""
        with self.store.read() as uow:
            session = uow.session
            first = set(
                session.scalars(
                    select(PersonRoleRow.person_id).where(
                        PersonRoleRow.role.in_((PersonRole.INSPECTOR, PersonRole.STAFF))
                    )
                )
            )
            people = session.execute(select(Person.id, Person.name, Person.unit).order_by(Person.sort_name)).all()
        ordered = sorted(people, key=lambda p: p[0] not in first)
        return [(i, f"{name}（{unit or ''}）") for i, name, unit in ordered]

    def campaigns_on(self, day: dt.date, keep: int | None = None) -> list[tuple[int, str]]:
        """The campaigns under way on ``day`` (and ``keep``, the one already chosen), as (id, “名称（起止）”)."""
        with self.store.read() as uow:
            rows = uow.session.scalars(
                select(Campaign)
                .where((Campaign.starts_on <= day) & (Campaign.ends_on >= day) | (Campaign.id == (keep or 0)))
                .order_by(Campaign.starts_on.desc())
            )
            return [(c.id, f"{c.name}（{c.starts_on:%m-%d}至{c.ends_on:%m-%d}）") for c in rows]

    def departments(self, keep: Sequence[int] = ()) -> list[tuple[int, str]]:
        """The partner departments in use (and any retired one in ``keep``), in the catalogue's order."""
        with self.store.read() as uow:
            rows = uow.session.execute(
                select(PartnerDepartment.id, PartnerDepartment.name)
                .where(PartnerDepartment.active | PartnerDepartment.id.in_(list(keep)))
                .order_by(PartnerDepartment.position, PartnerDepartment.id)
            ).all()
        return [(i, name) for i, name in rows]

    # re-inspections ------------------------------------------------------------------------------------------------
    def reinspection_choices(self, notice_id: int) -> list[tuple[int, str]]:
        """The inspections of the notice's institution since it was issued (not the one it was issued on), newest
        first, as (id, “日期 方式：结果”): what a re-inspection step is recorded with."""
        with self.store.read() as uow:
            notice = uow.session.get(Notice, notice_id)
            if notice is None:
                raise NotFound("该通知书已不存在")
            rows = uow.session.scalars(
                select(Inspection)
                .where(
                    Inspection.institution_id == notice.institution_id,
                    Inspection.started_at >= dt.datetime.combine(notice.issued_on, dt.time()),
                    Inspection.id != (notice.inspection_id or 0),
                )
                .order_by(Inspection.started_at.desc())
                .limit(50)
            )
            return [(i.id, f"{i.started_at:%Y-%m-%d %H:%M} {i.method.label}：{i.result.label}") for i in rows]

    # the training-time rules ---------------------------------------------------------------------------------------
    def training_breaches(self, lessons: Sequence[Lesson], *, school: bool = False) -> list[tuple[str, str | None]]:
        """Each breach of the training-time rules in what the inspectors saw, with the negative-list rule it breaks
        (None: a rule of the 聊城 plan that no numbered rule states, such as offline training after 20:30, which
        is recorded under 培训时间). The county's vacations and the official calendar apply."""
        with self.store.read() as uow:
            calendar = load_calendar(uow.session)
            vacations = vacations_of(uow.session)
        rules = breach_rules(school)
        return [(b.message, rules.get(b.code)) for b in check_lessons(lessons, calendar, vacations)]
