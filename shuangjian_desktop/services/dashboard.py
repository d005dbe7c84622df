"""The home page's figures: counts per ledger (SQL aggregates) and the list of what needs attention today, paged
out of SQL like a ledger (services/base/parts.py): overdue tickets and notices first, then tickets due soon or not
signed for, then the subject institutions to patrol before a holiday or vacation (services/campaigns/patrol.py),
then the coverage gaps. Working days are counted only for the rows on the page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, and_, func, select
from sqlalchemy.orm import Session

from shuangjian_desktop import settings as opts
from shuangjian_desktop.domain.enums import NoticeStatus, Status, TicketEventKind, TicketStatus
from shuangjian_desktop.domain.ticket_flow import OPEN
from shuangjian_desktop.domain.workdays import WorkCalendar
from shuangjian_desktop.services.assignments.coverage import Gap, gap_parts
from shuangjian_desktop.services.base.parts import Part, PartList
from shuangjian_desktop.services.calendar import load_calendar
from shuangjian_desktop.services.campaigns.patrol import PatrolItem, patrol_parts
from shuangjian_desktop.store.models import (
    Assignment,
    Inspection,
    Institution,
    Notice,
    Person,
    School,
    StatusChange,
    Teacher,
    Ticket,
    TicketEvent,
)
from shuangjian_desktop.store.uow import Store

OPEN_TICKETS = (TicketStatus.ACCEPTED, TicketStatus.DISPATCHED, TicketStatus.SIGNED, TicketStatus.HANDLING)
OPEN_NOTICES = (NoticeStatus.ISSUED, NoticeStatus.SERVED, NoticeStatus.RECTIFYING)


@dataclass(frozen=True)
class Tile:
    label: str
    value: int
    note: str
    target: str
    """The view the tile opens."""


@dataclass(frozen=True)
class Attention:
    category: str
    subject: str
    detail: str
    severity: str
    """"danger" or "warning"."""
    target: str


class AttentionList(PartList[Attention]):
    """What needs attention today, paged; ``count()`` is the length, ``page(offset, limit)`` a slice."""

    def __init__(self, store: Store, settings: opts.Settings, today: dt.date | None = None) -> None:
        super().__init__(store, lambda: attention_parts(store, settings, today or dt.date.today()))


@dataclass(frozen=True)
class Dashboard:
    tiles: list[Tile]
    attention: AttentionList


def _count(session: Session, model: type, *where: Any) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def tiles(store: Store, today: dt.date | None = None, settings: opts.Settings | None = None) -> list[Tile]:
    """One count per ledger, each an SQL aggregate over an index; then supervision's (services/supervision_home.py)."""
    from shuangjian_desktop.services.supervision_home import supervision_tiles

    today = today or dt.date.today()
    with store.read() as uow:
        s = uow.session
        operating = _count(s, Institution, Institution.status == Status.OPERATING)
        inspected = _count(s, Inspection, Inspection.started_at >= dt.datetime(today.year, 1, 1))
        return [
            Tile("机构", _count(s, Institution), f"正常办学 {operating} 家", "institutions"),
            Tile("转型注销", _count(s, StatusChange), "营转非、学改非、注销、停业", "status-changes"),
            Tile("包保关系", _count(s, Assignment, Assignment.ends_on.is_(None)), "在岗的包保责任", "assignments"),
            Tile("人员", _count(s, Person), f"学校 {_count(s, School)} 所，在职教师 {_count(s, Teacher)} 名", "people"),
            Tile(
                "未办结工单",
                _count(s, Ticket, Ticket.status.in_(OPEN_TICKETS)),
                f"共 {_count(s, Ticket)} 件",
                "tickets",
            ),
            Tile(
                "整改中通知书",
                _count(s, Notice, Notice.status.in_(OPEN_NOTICES)),
                f"本年检查 {inspected} 次",
                "notices",
            ),
            *supervision_tiles(s, settings or opts.Settings(), today),
        ]


def dashboard(store: Store, settings: opts.Settings, today: dt.date | None = None) -> Dashboard:
    attention = AttentionList(store, settings, today)
    attention.reload()
    return Dashboard(tiles(store, today, settings), attention)


def attention_parts(store: Store, settings: opts.Settings, today: dt.date) -> list[Part[Attention]]:
    from shuangjian_desktop.services.supervision_home import supervision_parts

    with store.read() as uow:
        calendar = load_calendar(uow.session)
    soon = settings.get(opts.TICKET_DUE_SOON_DAYS)
    # the last deadline still "due soon", and the last dispatch day already "not signed for", in working days
    due_by = calendar.add_working_days(today, soon + 1).day - dt.timedelta(days=1)
    signed_by = _days_back(calendar, today, settings.get(opts.TICKET_SIGN_FOR_DAYS))
    open_ticket = Ticket.status.in_(OPEN)
    dispatched = (
        select(func.max(TicketEvent.at))
        .where(TicketEvent.ticket_id == Ticket.id, TicketEvent.kind == TicketEventKind.DISPATCHED)
        .scalar_subquery()
    )

    def overdue(_s: Session, rows: Sequence[Row[Any]]) -> list[Attention]:
        return [
            Attention("工单超期", r.number, f"{r.subject}：已超过期限 {r.deadline}", "danger", "tickets") for r in rows
        ]

    def notices(_s: Session, rows: Sequence[Row[Any]]) -> list[Attention]:
        detail = "整改期限 {} 已过，请安排复查"
        return [Attention("整改超期", r.doc_number, detail.format(r.deadline), "danger", "notices") for r in rows]

    def due_soon(_s: Session, rows: Sequence[Row[Any]]) -> list[Attention]:
        found = []
        for r in rows:
            left = calendar.working_days_between(today, r.deadline)
            detail = f"{r.subject}：期限 {r.deadline}，还剩{left}个工作日" + (
                "（暂定）" if r.deadline_provisional else ""
            )
            found.append(Attention("工单临期", r.number, detail, "warning", "tickets"))
        return found

    def unsigned(_s: Session, rows: Sequence[Row[Any]]) -> list[Attention]:
        found = []
        for r in rows:
            waited = calendar.working_days_between(r.dispatched.date(), today)
            found.append(
                Attention("工单未签收", r.number, f"{r.subject}：派单{waited}个工作日仍未签收", "warning", "tickets")
            )
        return found

    def patrol(part: Part[PatrolItem]) -> Part[Attention]:
        return Part(
            part.select,
            lambda s, rows: [
                Attention(i.category, i.subject, i.detail, "warning", i.target) for i in part.describe(s, rows)
            ],
        )

    def gaps(part: Part[Gap]) -> Part[Attention]:
        return Part(
            part.select,
            lambda s, rows: [
                Attention(g.title, g.subject, g.detail, "warning", "assignments") for g in part.describe(s, rows)
            ],
        )

    return [
        Part(
            lambda: (
                select(Ticket.number, Ticket.subject, Ticket.deadline)
                .where(open_ticket, Ticket.deadline < today)
                .order_by(Ticket.deadline, Ticket.id)
            ),
            overdue,
        ),
        Part(
            lambda: (
                select(Notice.doc_number, Notice.deadline)
                .where(Notice.status.in_(OPEN_NOTICES), Notice.deadline < today)
                .order_by(Notice.deadline, Notice.id)
            ),
            notices,
        ),
        Part(
            lambda: (
                select(Ticket.number, Ticket.subject, Ticket.deadline, Ticket.deadline_provisional)
                .where(open_ticket, and_(Ticket.deadline >= today, Ticket.deadline <= due_by))
                .order_by(Ticket.deadline, Ticket.id)
            ),
            due_soon,
        ),
        Part(
            lambda: (
                select(Ticket.number, Ticket.subject, dispatched.label("dispatched"))
                .where(
                    Ticket.status == TicketStatus.DISPATCHED, dispatched < dt.datetime.combine(signed_by, dt.time.max)
                )
                .order_by(Ticket.deadline, Ticket.id)
            ),
            unsigned,
        ),
        *(patrol(part) for part in patrol_parts(store, settings, today)),
        *(gaps(part) for part in gap_parts(settings, today)),
        *supervision_parts(settings, today),
    ]


def _days_back(calendar: WorkCalendar, today: dt.date, working_days: int) -> dt.date:
    """The last day from which at least ``working_days`` working days have passed by ``today``."""
    day = today
    while calendar.working_days_between(day, today) < working_days:
        day -= dt.timedelta(days=1)
    return day
