"""The home page's figures: counts per ledger and the list of what needs attention today."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from shuangjian_desktop import settings as opts
from shuangjian_desktop.domain.enums import NoticeStatus, Status, TicketStatus
from shuangjian_desktop.services.assignments.coverage import coverage_gaps
from shuangjian_desktop.services.tickets.service import TicketService
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


@dataclass(frozen=True)
class Dashboard:
    tiles: list[Tile]
    attention: list[Attention]


def _count(session: object, model: type, *where: object) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where)) or 0  # type: ignore[attr-defined]


def dashboard(store: Store, settings: opts.Settings, today: dt.date | None = None) -> Dashboard:
    today = today or dt.date.today()
    with store.read() as uow:
        s = uow.session
        operating = _count(s, Institution, Institution.status == Status.OPERATING)
        tiles = [
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
                f"本年检查 {_count(s, Inspection, Inspection.started_at >= dt.datetime(today.year, 1, 1))} 次",
                "notices",
            ),
        ]
        attention: list[Attention] = []
        for n in s.scalars(
            select(Notice).where(Notice.status.in_(OPEN_NOTICES), Notice.deadline < today).order_by(Notice.deadline)
        ):
            attention.append(
                Attention("整改超期", n.doc_number, f"整改期限 {n.deadline} 已过，请安排复查", "danger", "notices")
            )
    words = {
        "overdue": ("工单超期", "danger"),
        "due_soon": ("工单临期", "warning"),
        "not_signed": ("工单未签收", "warning"),
    }
    for reminder in TicketService(store, settings).reminders(today):
        category, severity = words[reminder.kind]
        item = Attention(category, reminder.number, f"{reminder.subject}：{reminder.detail}", severity, "tickets")
        if severity == "danger":
            attention.insert(0, item)
        else:
            attention.append(item)
    for gap in coverage_gaps(store, settings, today):
        attention.append(Attention(gap.title, gap.subject, gap.detail, "warning", "assignments"))
    return Dashboard(tiles, attention)
