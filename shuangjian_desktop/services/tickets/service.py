"""Complaint tickets: intake with its working-day deadline, the handler proposed from the 四包 ledger, every step
as an event row (never dated before the step it follows), an outcome that may mark a teacher's moonlighting,
reminders for the home page, and the figures the city checks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from shuangjian_desktop import settings as opts
from shuangjian_desktop.domain.access import Action
from shuangjian_desktop.domain.enums import AssignmentKind, Satisfaction, TicketEventKind, TicketStatus
from shuangjian_desktop.domain.errors import DomainError, NotFound
from shuangjian_desktop.domain.ticket_flow import OPEN, Step, allowed_steps, check_step
from shuangjian_desktop.domain.values import chinese_date
from shuangjian_desktop.domain.workdays import WorkCalendar
from shuangjian_desktop.services.base.suggest import teacher_labels
from shuangjian_desktop.services.calendar import load_calendar
from shuangjian_desktop.store.models import (
    Assignment,
    BureauProfile,
    Inspection,
    Notice,
    Person,
    School,
    Teacher,
    Ticket,
    TicketEvent,
)
from shuangjian_desktop.store.uow import Store

E = TicketEventKind


@dataclass(frozen=True)
class Proposal:
    person_id: int
    name: str
    reason: str


@dataclass(frozen=True)
class Reminder:
    ticket_id: int
    number: str
    subject: str
    kind: str
    """overdue, due_soon, not_signed"""
    detail: str


@dataclass(frozen=True)
class EventView:
    at: dt.datetime
    kind: str
    username: str
    person: str
    note: str


@dataclass(frozen=True)
class MonthFigures:
    month: str
    category: str
    received: int
    closed: int
    closed_on_time: int
    replied: int
    satisfied: int
    followed_up: int

    @property
    def on_time_rate(self) -> float | None:
        return self.closed_on_time / self.closed if self.closed else None

    @property
    def reply_rate(self) -> float | None:
        return self.replied / self.received if self.received else None

    @property
    def satisfaction_rate(self) -> float | None:
        return self.satisfied / self.followed_up if self.followed_up else None


def _active(today: dt.date) -> object:
    return or_(Assignment.ends_on.is_(None), Assignment.ends_on >= today)


def propose_handler(session: Session, ticket: Ticket, today: dt.date) -> Proposal | None:
    """Who should handle it, from the responsibility ledger: the institution's bureau staff; a teacher's
    principal; the compound's secretary or grid worker, else the community's secretary."""

    def first(kind: AssignmentKind, column: object, value: int | None, reason: str) -> Proposal | None:
        if value is None:
            return None
        found = session.execute(
            select(Person.id, Person.name)
            .join(Assignment, Assignment.person_id == Person.id)
            .where(Assignment.kind == kind, column == value, _active(today))
            .order_by(Assignment.starts_on)
        ).first()
        return Proposal(found[0], found[1], reason) if found else None

    if ticket.teacher_id is not None:
        school_id = session.scalar(select(Teacher.school_id).where(Teacher.id == ticket.teacher_id))
        proposal = first(AssignmentKind.PRINCIPAL_TEACHERS, Assignment.school_id, school_id, "该教师所在学校的包保校长")
        if proposal:
            return proposal
    candidates = [
        (
            AssignmentKind.STAFF_INSTITUTION,
            Assignment.institution_id,
            ticket.institution_id,
            "包保该机构的局机关工作人员",
        ),
        (AssignmentKind.COMPOUND_PATROL, Assignment.compound_id, ticket.compound_id, "该小区的小区书记（网格员）"),
        (AssignmentKind.COMMUNITY_PATROL, Assignment.community_id, ticket.community_id, "该社区的社区书记"),
    ]
    for kind, column, value, reason in candidates:
        proposal = first(kind, column, value, reason)
        if proposal:
            return proposal
    return None


def mark_moonlighting(session: Session, ticket: Ticket, step: Step) -> Teacher:
    """The outcome found the teacher giving paid tutoring: the ticket records it, the teacher is marked so in the
    teachers' ledger (with the ticket in the note), in the step's transaction."""
    teacher = teacher_by_label(session, step.moonlighting_teacher)
    if ticket.teacher_id is not None and ticket.teacher_id != teacher.id:
        raise DomainError(f"工单涉及的教师不是“{step.moonlighting_teacher}”，请核对")
    ticket.teacher_id = teacher.id
    ticket.moonlighting_found = True
    teacher.moonlighting = True
    line = f"{step.at:%Y-%m-%d} 经投诉工单{ticket.number}查实有偿补课（校外兼职）"
    if line not in (teacher.note or ""):
        teacher.note = f"{teacher.note}\n{line}" if teacher.note else line
    return teacher


def teacher_by_label(session: Session, label: str) -> Teacher:
    """A teacher written “姓名（学校）” (or a name that only one teacher has)."""
    text = label.strip()
    name, _, school = text.partition("（")
    stmt = select(Teacher).where(Teacher.name == name.strip())
    if school:
        stmt = stmt.join(School, Teacher.school_id == School.id).where(School.name == school.rstrip("）").strip())
    found = list(session.scalars(stmt.limit(2)))
    if len(found) != 1:
        why = "在职教师台账中没有该教师" if not found else "有同名教师，请写成“姓名（学校）”并从提示中选择"
        raise DomainError(f"有偿补课的教师“{text}”：{why}")
    return found[0]


def _with_satisfaction(step: Step) -> str:
    """A follow-up call's note in the ticket's log begins with the satisfaction the caller gave."""
    if step.kind is E.FOLLOWED_UP and step.satisfaction is not None:
        return f"满意度：{Satisfaction(step.satisfaction).label}" + (f"；{step.note}" if step.note else "")
    return step.note


def _satisfaction_shown(events: list[EventView], satisfaction: Satisfaction | None) -> list[EventView]:
    """The latest follow-up call of a ticket written before the log noted satisfaction shows the ticket's."""
    followed = [i for i, e in enumerate(events) if e.kind == E.FOLLOWED_UP.label]
    if satisfaction is not None and followed and "满意度" not in events[followed[-1]].note:
        last = events[followed[-1]]
        note = f"满意度：{satisfaction.label}" + (f"；{last.note}" if last.note else "")
        events[followed[-1]] = EventView(last.at, last.kind, last.username, last.person, note)
    return events


class TicketService:
    def __init__(self, store: Store, settings: opts.Settings) -> None:
        self.store = store
        self.settings = settings

    def calendar(self) -> WorkCalendar:
        with self.store.read() as uow:
            return load_calendar(uow.session)

    def proposal(self, ticket_id: int, today: dt.date | None = None) -> Proposal | None:
        with self.store.read() as uow:
            ticket = uow.session.get(Ticket, ticket_id)
            if ticket is None:
                raise NotFound("该工单已不存在")
            return propose_handler(uow.session, ticket, today or dt.date.today())

    def deadline(self, ticket_id: int) -> dt.date:
        with self.store.read() as uow:
            ticket = uow.session.get(Ticket, ticket_id)
            if ticket is None:
                raise NotFound("该工单已不存在")
            return ticket.deadline

    def teacher_of(self, ticket_id: int) -> str:
        """The ticket's teacher as “姓名（学校）” (empty when it names none)."""
        with self.store.read() as uow:
            row = uow.session.execute(
                select(Teacher.name, School.name)
                .join(School, Teacher.school_id == School.id)
                .join(Ticket, Ticket.teacher_id == Teacher.id)
                .where(Ticket.id == ticket_id)
            ).first()
        return f"{row[0]}（{row[1]}）" if row else ""

    def teacher_labels(self, typed: str, limit: int) -> list[str]:
        """Type-ahead for the moonlighting teacher (SQL, at most ``limit``)."""
        return teacher_labels(self.store)(typed, limit)

    def handlers(self) -> list[tuple[int, str]]:
        """Everyone a ticket can be dispatched to, as (id, "姓名（单位）"), in pinyin order."""
        with self.store.read() as uow:
            people = uow.session.execute(
                select(Person.id, Person.name, Person.unit, Person.phone).order_by(Person.sort_name)
            ).all()
        return [(i, f"{name}（{unit or phone}）") for i, name, unit, phone in people]

    def allowed(self, ticket_id: int) -> list[TicketEventKind]:
        with self.store.read() as uow:
            ticket = uow.session.get(Ticket, ticket_id)
            return allowed_steps(ticket.status) if ticket else []

    def step(self, ticket_id: int, step: Step, user: str) -> TicketStatus:
        """Take one step of the ticket's life: checked, written as an event row with the audit trail."""
        with self.store.write(user, Action.HANDLE_TICKETS) as uow:
            session = uow.session
            ticket = session.get(Ticket, ticket_id)
            if ticket is None:
                raise NotFound("该工单已不存在")
            last = max(ticket.events, key=lambda e: (e.at, e.id), default=None)
            previous = (last.kind.label, last.at) if last is not None else ("受理", ticket.received_at)
            status = check_step(
                ticket.status, ticket.deadline, ticket.satisfaction, step, previous=previous, now=dt.datetime.now()
            )
            if step.moonlighting_teacher:
                mark_moonlighting(session, ticket, step)
            event = TicketEvent(
                kind=step.kind,
                at=step.at,
                username=user,
                person_id=step.handler_id,
                note=_with_satisfaction(step) or None,
                new_deadline=step.new_deadline,
            )
            ticket.events.append(event)
            ticket.status = status
            if step.kind is E.DISPATCHED:
                ticket.handler_id = step.handler_id
            elif step.kind is E.EXTENDED:
                ticket.deadline, ticket.deadline_provisional = step.new_deadline, False  # type: ignore[assignment]
            elif step.kind is E.REPLIED:
                ticket.replied_at, ticket.result = step.at, step.note
            elif step.kind is E.FOLLOWED_UP:
                ticket.satisfaction = step.satisfaction
            elif step.kind is E.REOPENED:
                ticket.satisfaction, ticket.replied_at = None, None
            elif step.kind is E.CLOSED:
                ticket.closed_at = step.at
            uow.commit()
            return status

    def history(self, ticket_id: int) -> list[EventView]:
        with self.store.read() as uow:
            stmt = (
                select(TicketEvent, Person.name)
                .outerjoin(Person, TicketEvent.person_id == Person.id)
                .where(TicketEvent.ticket_id == ticket_id)
                .order_by(TicketEvent.at, TicketEvent.id)
            )
            events = [
                EventView(e.at, e.kind.label, e.username, name or "", e.note or "")
                for e, name in uow.session.execute(stmt)
            ]
            satisfaction = uow.session.scalar(select(Ticket.satisfaction).where(Ticket.id == ticket_id))
        return _satisfaction_shown(events, satisfaction)

    def links(self, ticket_id: int) -> list[str]:
        """The inspections this ticket led to and the notices they issued."""
        with self.store.read() as uow:
            lines = []
            ticket = uow.session.get(Ticket, ticket_id)
            if ticket is not None and ticket.moonlighting_found and ticket.teacher is not None:
                lines.append(f"查实在职教师有偿补课：{ticket.teacher.name}（已在在职教师台账中标记）")
            for inspection in uow.session.scalars(select(Inspection).where(Inspection.ticket_id == ticket_id)):
                lines.append(f"检查 {inspection.started_at:%Y-%m-%d %H:%M}：{inspection.result.label}")
                for notice in uow.session.scalars(select(Notice).where(Notice.inspection_id == inspection.id)):
                    lines.append(f"通知书 {notice.doc_number}（{notice.status.label}）")
            return lines

    def reminders(self, today: dt.date | None = None) -> list[Reminder]:
        """Overdue, due within N working days, not signed for after N working days (N from settings)."""
        today = today or dt.date.today()
        calendar = self.calendar()
        soon = self.settings.get(opts.TICKET_DUE_SOON_DAYS)
        sign_days = self.settings.get(opts.TICKET_SIGN_FOR_DAYS)
        found: list[Reminder] = []
        with self.store.read() as uow:
            session = uow.session
            dispatched = dict(
                session.execute(
                    select(TicketEvent.ticket_id, func.max(TicketEvent.at))
                    .where(TicketEvent.kind == E.DISPATCHED)
                    .group_by(TicketEvent.ticket_id)
                ).all()
            )
            for t in session.scalars(select(Ticket).where(Ticket.status.in_(OPEN)).order_by(Ticket.deadline)):
                if t.deadline < today:
                    found.append(Reminder(t.id, t.number, t.subject, "overdue", f"已超过期限 {t.deadline}"))
                elif calendar.working_days_between(today, t.deadline) <= soon:
                    left = calendar.working_days_between(today, t.deadline)
                    found.append(
                        Reminder(
                            t.id,
                            t.number,
                            t.subject,
                            "due_soon",
                            f"期限 {t.deadline}，还剩{left}个工作日" + ("（暂定）" if t.deadline_provisional else ""),
                        )
                    )
                if t.status is TicketStatus.DISPATCHED and t.id in dispatched:
                    waited = calendar.working_days_between(dispatched[t.id].date(), today)
                    if waited >= sign_days:
                        found.append(Reminder(t.id, t.number, t.subject, "not_signed", f"派单{waited}个工作日仍未签收"))
        return found

    def figures(self, first: dt.date, last: dt.date) -> list[MonthFigures]:
        """By month received and category: received, closed, closed on time, replied, satisfied / followed up
        (one GROUP BY in SQL, however many tickets)."""
        closed = Ticket.closed_at.is_not(None)
        answered = func.date(func.coalesce(Ticket.replied_at, Ticket.closed_at))

        def number(condition: Any) -> Any:
            return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

        month = func.strftime("%Y-%m", Ticket.received_at)
        stmt = (
            select(
                month,
                Ticket.category,
                func.count(),
                number(closed),
                number(closed & (answered <= Ticket.deadline)),
                number(Ticket.replied_at.is_not(None)),
                number(Ticket.satisfaction.in_((Satisfaction.SATISFIED, Satisfaction.BASICALLY))),
                number(Ticket.satisfaction.is_not(None)),
            )
            .where(
                Ticket.received_at >= dt.datetime.combine(first, dt.time()),
                Ticket.received_at < dt.datetime.combine(last + dt.timedelta(days=1), dt.time()),
            )
            .group_by(month, Ticket.category)
            .order_by(month, Ticket.category)
        )
        with self.store.read() as uow:
            return [MonthFigures(*row) for row in uow.session.execute(stmt)]

    def print_reply(self, ticket_id: int, path: Path) -> Path:
        """The reply letter (答复函) for an answered ticket; a confidential caller is not named. A ticket with no
        result yet is refused with the reason."""
        from shuangjian_desktop.documents.reply_letter import ReplyData, write_reply_letter  # reportlab, when used

        with self.store.read() as uow:
            session = uow.session
            ticket = session.get(Ticket, ticket_id)
            if ticket is None:
                raise NotFound("该工单已不存在")
            if ticket.status in OPEN or not (ticket.result or "").strip() or ticket.replied_at is None:
                raise DomainError(
                    f"工单{ticket.number}当前为“{ticket.status.label}”，尚未答复、没有办理结果，不能出具答复函；"
                    "请先办理“答复”步骤并填写办理结果"
                )
            profile = session.scalar(select(BureauProfile))
            data = ReplyData(
                number=ticket.number,
                subject=ticket.subject,
                caller=None if ticket.confidential or not ticket.caller_name else ticket.caller_name,
                received=chinese_date(ticket.received_at.date()),
                source=ticket.source.label,
                result=ticket.result or "",
                bureau=profile.unit_name if profile else "教育和体育局",
                contact=profile.contact if profile else "",
                phone=profile.contact_phone if profile else "",
                dated=chinese_date(ticket.replied_at.date()),
            )
        return write_reply_letter(path, data)

    def ticket_id(self, number: str) -> int:
        with self.store.read() as uow:
            found = uow.session.scalar(select(Ticket.id).where(Ticket.number == number.strip()))
        if found is None:
            raise NotFound(f"没有编号为“{number}”的工单")
        return found

    def recompute_deadlines(self, user: str) -> int:
        """After a holiday schedule is entered: recompute every open ticket's deadline that was not extended."""
        calendar = self.calendar()
        changed = 0
        with self.store.write(user, Action.EDIT_SETTINGS) as uow:
            session = uow.session
            extended = set(session.scalars(select(TicketEvent.ticket_id).where(TicketEvent.kind == E.EXTENDED)))
            for t in session.scalars(select(Ticket).where(Ticket.status.in_(OPEN))):
                if t.id in extended:
                    continue
                due = calendar.add_working_days(t.received_at.date(), t.time_limit_days)
                if (t.deadline, t.deadline_provisional) != (due.day, due.provisional):
                    t.deadline, t.deadline_provisional = due.day, due.provisional
                    changed += 1
            uow.commit()
        return changed
