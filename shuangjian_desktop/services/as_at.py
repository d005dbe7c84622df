"""Statuses as they stood on a past day, replayed from the event rows (as the reduction baseline replays the
status changes), so a report for a period says the same whenever it is run.

Notices: their notice_event rows (a notice written before events were kept, or by the demo loader, is given the
history its dates imply: issued, served, then its present status on the day of its re-inspection or escalation).
Tickets: their ticket_event rows replayed through the ticket's lifecycle, and the deadline in force that day.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from shuangjian_desktop.domain.enums import NoticeStatus, TicketEventKind, TicketStatus
from shuangjian_desktop.domain.ticket_flow import MOVES, OPEN
from shuangjian_desktop.domain.workdays import WorkCalendar
from shuangjian_desktop.store.models import Inspection, Notice, NoticeEvent, Ticket, TicketEvent

N = NoticeStatus


@dataclass(frozen=True)
class NoticeAsAt:
    notice: Notice
    status: NoticeStatus
    served_on: dt.date | None
    deadline: dt.date | None
    """counted from receipt; None while not served"""


def _implied_history(notice: Notice, reinspected: dt.date | None) -> list[tuple[dt.date, NoticeStatus]]:
    history = [(notice.issued_on, N.ISSUED)]
    if notice.served_on is not None:
        history.append((notice.served_on, N.SERVED))
    if notice.status not in (N.ISSUED, N.SERVED):
        later = reinspected or notice.updated_at.date()
        if notice.status is N.ESCALATED:
            history.append((later, N.FAILED))
        history.append((max(later, history[-1][0]), notice.status))
    return history


def notices_as_at(session: Session, notices: Iterable[Notice], day: dt.date) -> list[NoticeAsAt]:
    """Each notice issued on or before ``day`` with its status, receipt and deadline on that day."""
    chosen = [n for n in notices if n.issued_on <= day]
    ids = [n.id for n in chosen]
    events: dict[int, list[tuple[dt.date, int, NoticeStatus]]] = defaultdict(list)
    for event in session.scalars(select(NoticeEvent).where(NoticeEvent.notice_id.in_(ids))):
        events[event.notice_id].append((event.effective_on, event.id, event.status))
    reinspections = dict(
        session.execute(
            select(Inspection.id, Inspection.started_at).where(
                Inspection.id.in_([n.reinspection_id for n in chosen if n.reinspection_id])
            )
        ).all()
    )
    found = []
    for notice in chosen:
        if events.get(notice.id):
            history = [(on, status) for on, _id, status in sorted(events[notice.id])]
        else:
            started = reinspections.get(notice.reinspection_id) if notice.reinspection_id else None
            history = _implied_history(notice, started.date() if started else None)
        status = N.ISSUED
        for on, each in history:
            if on <= day:
                status = each
        served = notice.served_on if notice.served_on is not None and notice.served_on <= day else None
        deadline = notice.deadline if served is not None else None
        found.append(NoticeAsAt(notice, status, served, deadline))
    return found


def ticket_status_on(events: list[TicketEvent], until: dt.datetime) -> TicketStatus:
    status = TicketStatus.ACCEPTED
    for event in sorted(events, key=lambda e: (e.at, e.id)):
        if event.at >= until:
            break
        target = MOVES.get(event.kind, (frozenset(), None))[1]
        status = target or status
    return status


@dataclass(frozen=True)
class TicketAsAt:
    ticket: Ticket
    status: TicketStatus
    deadline: dt.date


def open_tickets_as_at(session: Session, day: dt.date, calendar: WorkCalendar) -> list[TicketAsAt]:
    """Tickets received by ``day`` and not yet answered at its end, with the deadline in force then."""
    until = dt.datetime.combine(day + dt.timedelta(days=1), dt.time())
    tickets = list(session.scalars(select(Ticket).where(Ticket.received_at < until).order_by(Ticket.received_at)))
    events: dict[int, list[TicketEvent]] = defaultdict(list)
    for event in session.scalars(
        select(TicketEvent).where(TicketEvent.ticket_id.in_([t.id for t in tickets]), TicketEvent.at < until)
    ):
        events[event.ticket_id].append(event)
    extended_later = set(
        session.scalars(
            select(TicketEvent.ticket_id).where(TicketEvent.kind == TicketEventKind.EXTENDED, TicketEvent.at >= until)
        )
    )
    found = []
    for ticket in tickets:
        status = ticket_status_on(events[ticket.id], until)
        if status not in OPEN:
            continue
        extensions = [e for e in events[ticket.id] if e.kind is TicketEventKind.EXTENDED and e.new_deadline]
        deadline: dt.date = ticket.deadline
        if extensions:
            deadline = max(extensions, key=lambda e: (e.at, e.id)).new_deadline or deadline
        elif ticket.id in extended_later:  # extended after that day: the deadline it had before
            deadline = calendar.add_working_days(ticket.received_at.date(), ticket.time_limit_days).day
        found.append(TicketAsAt(ticket, status, deadline))
    return found
