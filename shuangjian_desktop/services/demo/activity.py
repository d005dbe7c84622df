"""The demo county's year of work: complaint tickets through their lifecycle, inspections, notices."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from shuangjian_desktop.domain.doc_number import DocNumber
from shuangjian_desktop.domain.enums import (
    AssignmentKind,
    Category,
    InspectionResult,
    Method,
    NoticeKind,
    NoticeStatus,
    RequestKind,
    Satisfaction,
    Source,
    Status,
    TicketEventKind,
    TicketStatus,
)
from shuangjian_desktop.domain.workdays import DEFAULT_CALENDAR
from shuangjian_desktop.services.catalogues import complaint_categories, inspection_aspects, institution_rules
from shuangjian_desktop.services.demo import names as n
from shuangjian_desktop.services.tickets.sheet import ticket_search_key
from shuangjian_desktop.store.models import (
    Assignment,
    DocSequence,
    Inspection,
    InspectionAspect,
    InspectionInspector,
    InspectionViolation,
    Institution,
    Notice,
    Person,
    Ticket,
    TicketEvent,
)

TICKETS = 150
INSPECTIONS = 180
DAYS_BY_KIND = {RequestKind.CONSULTATION: 3, RequestKind.HELP: 10, RequestKind.COMPLAINT: 15}
SUBJECTS = {
    "subject_training": "反映{inst}周末组织学科类培训",
    "refund": "反映{inst}拒不退还预收费",
    "teacher_tutoring": "反映在职教师在{inst}兼职授课",
    "overtime": "反映{inst}晚上九点后仍在培训",
    "advertising": "反映{inst}发放夸大效果的宣传单",
    "safety": "反映{inst}消防通道堵塞",
    "unlicensed": "反映小区内有无证培训点",
    "other": "咨询{inst}办学资质",
}


def _at(day: dt.date, rng: random.Random, first: int = 8, last: int = 18) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(rng.randrange(first, last), rng.choice((0, 10, 20, 30, 40, 50))))


def _staff_of(institution: Institution, people: dict[str, list[Person]], index: dict[int, Person]) -> Person:
    return index.get(id(institution)) or people["staff"][0]


def generate(
    session: Session,
    rng: random.Random,
    today: dt.date,
    institutions: list[Institution],
    people: dict[str, list[Person]],
    user: str,
) -> tuple[int, int, int]:
    staff_index = {id(inst): person for person, inst in zip(people["staff"] * 2, institutions, strict=False)}
    tickets = _tickets(session, rng, today, institutions, people, staff_index, user)
    inspections, notices = _inspections(session, rng, today, institutions, people)
    return tickets, inspections, notices


def _tickets(
    session: Session,
    rng: random.Random,
    today: dt.date,
    institutions: list[Institution],
    people: dict[str, list[Person]],
    staff_index: dict[int, Person],
    user: str,
) -> int:
    categories = [c.code for c in complaint_categories()]
    for i in range(TICKETS):
        received_day = today - dt.timedelta(days=int(365 * (1 - (i + rng.random()) / TICKETS)))
        received = _at(received_day, rng)
        category = rng.choices(categories, weights=(30, 25, 10, 10, 8, 5, 7, 5))[0]
        kind = (
            RequestKind.CONSULTATION if category == "other" else rng.choice((RequestKind.COMPLAINT, RequestKind.HELP))
        )
        inst = rng.choice(institutions)
        handler = _staff_of(inst, people, staff_index)
        due = DEFAULT_CALENDAR.add_working_days(received.date(), DAYS_BY_KIND[kind])
        confidential = rng.random() < 0.2
        ticket = Ticket(
            number=f"12345-{received:%Y%m%d}-{i + 1:04d}",
            source=rng.choices(list(Source), weights=(70, 10, 3, 5, 8, 4))[0],
            received_at=received,
            caller_name=rng.choice(n.SURNAMES) + rng.choice(("女士", "先生")),
            caller_phone=n.mobile(rng),
            confidential=confidential,
            request_kind=kind,
            category=category,
            subject=SUBJECTS[category].format(inst=inst.name),
            content="市民来电反映：" + SUBJECTS[category].format(inst=inst.name) + "，请核实处理。",
            institution=None if category == "unlicensed" else inst,
            address=inst.address if category == "unlicensed" else None,
            community=inst.community,
            handler=handler,
            time_limit_days=DAYS_BY_KIND[kind],
            deadline=due.day,
            deadline_provisional=due.provisional,
            status=TicketStatus.ACCEPTED,
        )
        ticket.search_key = ticket_search_key(ticket)
        session.add(ticket)
        _lifecycle(ticket, rng, today, handler, user)
    return TICKETS


def _lifecycle(ticket: Ticket, rng: random.Random, today: dt.date, handler: Person, user: str) -> None:
    """Walk the ticket as far as the days since it came in allow; about one in ten closes late."""
    cal = DEFAULT_CALENDAR
    moment = ticket.received_at
    steps = [
        (TicketEventKind.ACCEPTED, TicketStatus.ACCEPTED, 0),
        (TicketEventKind.DISPATCHED, TicketStatus.DISPATCHED, 0),
        (TicketEventKind.SIGNED, TicketStatus.SIGNED, 1),
        (TicketEventKind.HANDLING, TicketStatus.HANDLING, 2),
        (TicketEventKind.REPLIED, TicketStatus.REPLIED, ticket.time_limit_days - 2),
        (TicketEventKind.FOLLOWED_UP, TicketStatus.FOLLOWED_UP, ticket.time_limit_days - 1),
        (TicketEventKind.CLOSED, TicketStatus.CLOSED, ticket.time_limit_days),
    ]
    late = rng.random() < 0.1
    for kind, status, offset in steps:
        day = cal.add_working_days(ticket.received_at.date(), max(offset + (3 if late and offset > 2 else 0), 0)).day
        at = max(moment, _at(day, rng))
        if at.date() >= today:
            break
        moment = at
        ticket.events.append(
            TicketEvent(
                kind=kind,
                at=at,
                username=user,
                person_id=None,
                note=f"派{handler.name}办理" if kind is TicketEventKind.DISPATCHED else None,
            )
        )
        ticket.status = status
        if kind is TicketEventKind.REPLIED:
            ticket.replied_at = at
            ticket.result = "经核查，已责令机构整改并向来电人反馈。"
        if kind is TicketEventKind.FOLLOWED_UP:
            ticket.satisfaction = rng.choices(list(Satisfaction), weights=(75, 18, 7))[0]
        if kind is TicketEventKind.CLOSED:
            ticket.closed_at = at


def _inspections(
    session: Session,
    rng: random.Random,
    today: dt.date,
    institutions: list[Institution],
    people: dict[str, list[Person]],
) -> tuple[int, int]:
    aspects = inspection_aspects()
    rules = institution_rules()
    open_ones = [
        i for i in institutions if i.status in (Status.OPERATING, Status.CONVERTED, Status.SUSPENDED, Status.UNLICENSED)
    ]
    sequences: dict[tuple[str, int], int] = {}
    notices = 0
    listed = {
        a.institution_id: a.person
        for a in session.scalars(select(Assignment).where(Assignment.kind == AssignmentKind.INSPECTOR_INSTITUTION))
    }
    """Each institution's listed inspector (挂牌督学), who makes its visits in the demo."""
    for i in range(INSPECTIONS):
        day = today - dt.timedelta(days=int(365 * (1 - (i + rng.random()) / INSPECTIONS)))
        key_hours = rng.random() < 0.4
        started = _at(day, rng, 18, 20) if key_hours and day.weekday() < 5 else _at(day, rng, 9, 17)
        key_hours = key_hours or not DEFAULT_CALENDAR.is_workday(day)
        inst = rng.choice(open_ones)
        found = rng.random() < (0.35 if inst.category is Category.SUBJECT or inst.status is Status.UNLICENSED else 0.15)
        result = InspectionResult.PASSED
        if found:
            result = rng.choices(
                (InspectionResult.FIXED_ON_SITE, InspectionResult.RECTIFY, InspectionResult.SUSPEND),
                weights=(35, 55, 10),
            )[0]
        inspection = Inspection(
            institution=inst,
            started_at=started,
            key_hours=key_hours,
            method=rng.choices(list(Method), weights=(45, 25, 12, 12, 6))[0],
            result=result,
            findings=None,
            holiday_training_found=False,
        )
        drawn = rng.sample(people["inspector"], 1)  # drawn as before (the same stream), but the listed one goes
        inspection.inspectors = [
            InspectionInspector(person=p) for p in [listed.get(inst.id, drawn[0]), *rng.sample(people["staff"], 1)]
        ]
        broken = rng.sample(rules, rng.randrange(1, 3)) if found else []
        for aspect in aspects:
            ok = not found or rng.random() < 0.6
            inspection.aspects.append(
                InspectionAspect(aspect=aspect.code, passed=ok, note=None if ok else "存在问题，已记录")
            )
        for rule in broken:
            inspection.violations.append(
                InspectionViolation(rule_code=rule.code, fixed_on_site=result is InspectionResult.FIXED_ON_SITE)
            )
            if rule.code == "I18":  # training on holidays; 第19条 is the online-lesson rule
                inspection.holiday_training_found = True
        if broken:
            inspection.findings = "；".join(f"违反负面清单第{int(r.code[1:])}条：{r.label}" for r in broken)
        session.add(inspection)
        if result in (InspectionResult.RECTIFY, InspectionResult.SUSPEND):
            kind = NoticeKind.STOP_OPERATION if result is InspectionResult.SUSPEND else NoticeKind.RECTIFICATION
            prefix = "示教体停办" if kind is NoticeKind.STOP_OPERATION else "示教体整改"
            seq = sequences.get((prefix, day.year), 0) + 1
            sequences[(prefix, day.year)] = seq
            deadline_days = 15 if kind is NoticeKind.RECTIFICATION else 30
            deadline = day + dt.timedelta(days=deadline_days)
            status = NoticeStatus.ISSUED
            served = None
            if (today - day).days > 2:
                status, served = NoticeStatus.SERVED, day + dt.timedelta(days=1)
            if (today - day).days > 5:
                status = NoticeStatus.RECTIFYING
            if today > deadline + dt.timedelta(days=3):
                status = NoticeStatus.PASSED if rng.random() < 0.85 else NoticeStatus.FAILED
            session.add(
                Notice(
                    doc_number=str(DocNumber(prefix, day.year, seq)),
                    kind=kind,
                    institution=inst,
                    inspection=inspection,
                    issued_on=day,
                    deadline_days=deadline_days,
                    deadline=deadline,
                    served_on=served,
                    receipt_signer=inst.legal_rep if served else None,
                    items=inspection.findings or "",
                    status=status,
                )
            )
            notices += 1
    for (prefix, year), last in sequences.items():
        session.add(DocSequence(prefix=prefix, year=year, last_value=last))
    return INSPECTIONS, notices
