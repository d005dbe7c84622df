"""The ticket ledger (投诉工单): the list with deadline colours in working days, and intake and correction of a
ticket's facts (its lifecycle goes through TicketService.step)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from shuangjian_desktop import settings as opts
from shuangjian_desktop.domain.access import Action
from shuangjian_desktop.domain.enums import Source, TicketEventKind, TicketStatus
from shuangjian_desktop.domain.errors import FieldProblem, RecordRejected
from shuangjian_desktop.domain.ticket_flow import OPEN
from shuangjian_desktop.services.base.register import (
    Column,
    Filter,
    FormField,
    Register,
    Row,
    check_with_ledger,
    display,
)
from shuangjian_desktop.services.base.search import TICKET, Searchable
from shuangjian_desktop.services.base.suggest import community_names, institution_names, teacher_labels, township_names
from shuangjian_desktop.services.calendar import load_calendar
from shuangjian_desktop.services.catalogues import category_label, complaint_categories
from shuangjian_desktop.services.tickets.sheet import CONFIDENTIAL, TicketsLedger, teacher_label
from shuangjian_desktop.store.models import Institution, Person, Ticket, TicketEvent

LEDGER = TicketsLedger()
INTAKE = (
    "number",
    "source",
    "received_at",
    "caller_name",
    "caller_phone",
    "confidential",
    "request_kind",
    "category",
    "subject",
    "content",
    "institution",
    "teacher",
    "address",
    "township",
    "community",
    "compound",
    "time_limit_days",
)
PREFIX = {
    Source.HOTLINE_12345: "RX",
    Source.PHONE: "DH",
    Source.LETTER: "XJ",
    Source.VISIT: "LF",
    Source.ONLINE: "WL",
    Source.REFERRAL: "ZB",
}


class TicketRegister(Register):
    name = "tickets"
    title = "投诉工单"
    editable = True
    model = Ticket
    noun = "工单"
    edit_action = Action.HANDLE_TICKETS
    newest_first = True
    search_hint = "搜索工单编号、标题、地址或拼音首字母"
    columns = (
        Column("received_at", "受理时间", 120),
        Column("number", "工单编号", 150),
        Column("source", "来源", 80),
        Column("category", "问题类别", 150),
        Column("subject", "标题", 280),
        Column("institution", "涉及机构", 220),
        Column("handler", "承办人", 70),
        Column("deadline", "办结期限", 110),
        Column("status", "状态", 70),
        Column("caller", "来电人", 70),
    )
    filters = (
        Filter("status", "状态", tuple((s.label, s.value) for s in TicketStatus)),
        Filter("source", "来源", tuple((s.label, s.value) for s in Source)),
        Filter("category", "类别", tuple((c.label, c.code) for c in complaint_categories())),
    )

    def __init__(self, store: Any, settings: opts.Settings | None = None) -> None:
        super().__init__(store)
        self.settings = settings or opts.Settings()

    def _id(self) -> ColumnElement[int]:
        return Ticket.id

    def _search_parts(self) -> tuple[tuple[ColumnElement[int], Searchable], ...]:
        return ((Ticket.id, TICKET),)

    def _sort_columns(self) -> Mapping[str, ColumnElement[Any]]:
        return {
            "received_at": Ticket.received_at,
            "number": Ticket.number,
            "source": Ticket.source,
            "category": Ticket.category,
            "subject": Ticket.subject,
            "institution": Ticket.institution_sort,
            "handler": Ticket.handler_sort,
            "deadline": Ticket.deadline,
            "status": Ticket.status,
        }

    def _filter_clause(self, key: str, value: str) -> ColumnElement[bool] | None:
        if key == "status":
            return Ticket.status == TicketStatus(value)
        if key == "source":
            return Ticket.source == Source(value)
        if key == "category":
            return Ticket.category == value
        return None

    def _load(self, session: Session, ids: Sequence[int]) -> dict[int, Row]:
        today = dt.date.today()
        soon = self.settings.get(opts.TICKET_DUE_SOON_DAYS)
        # the last deadline still within ``soon`` working days: one look at the calendar per page, not per row
        due_by = load_calendar(session).add_working_days(today, soon + 1).day - dt.timedelta(days=1)
        rows = {}
        stmt = (
            select(Ticket, Institution.name, Person.name)
            .outerjoin(Institution, Ticket.institution_id == Institution.id)
            .outerjoin(Person, Ticket.handler_id == Person.id)
            .where(Ticket.id.in_(list(ids)))
        )
        for t, institution, handler in session.execute(stmt):
            tone = ""
            if t.status in OPEN:
                if t.deadline < today:
                    tone = "danger"
                elif t.deadline <= due_by:
                    tone = "warning"
            deadline = display(t.deadline) + ("（暂定）" if t.deadline_provisional else "")
            rows[t.id] = Row(
                t.id,
                (
                    display(t.received_at),
                    t.number,
                    t.source.label,
                    category_label(t.category),
                    t.subject,
                    institution or t.address or "",
                    handler or "",
                    deadline,
                    t.status.label,
                    CONFIDENTIAL if t.confidential else (t.caller_name or ""),
                ),
                tone,
            )
        return rows

    # intake and correction ---------------------------------------------------------------------------------------
    def form(self) -> tuple[FormField, ...]:
        kinds = {
            "source": "choice",
            "request_kind": "choice",
            "category": "choice",
            "confidential": "bool",
            "content": "multiline",
            "institution": "ref",
            "teacher": "ref",
            "township": "ref",
            "community": "ref",
        }
        refs = {
            "institution": institution_names(self.store),
            "teacher": teacher_labels(self.store),
            "township": township_names(self.store),
            "community": community_names(self.store),
        }
        hints = {
            "number": "不填则自动编号",
            "time_limit_days": "不填则按诉求类型（咨询3、求助10、投诉举报15个工作日）",
            "institution": "无证场所不填，改填地址和社区",
        }
        fields = []
        for f in LEDGER.fields:
            if f.key not in INTAKE:
                continue
            field = dataclasses.replace(f, required=False) if f.key == "number" else f
            fields.append(FormField(field, kinds.get(f.key, "text"), refs.get(f.key), hints.get(f.key, f.help)))
        return tuple(fields)

    def _form_values(self, t: Ticket) -> dict[str, Any]:
        values: dict[str, Any] = {
            key: getattr(t, key)
            for key in (
                "number",
                "source",
                "received_at",
                "caller_name",
                "caller_phone",
                "confidential",
                "request_kind",
                "subject",
                "content",
                "address",
                "time_limit_days",
            )
        }
        values["category"] = category_label(t.category)
        values["institution"] = t.institution.name if t.institution else None
        values["teacher"] = teacher_label(t.teacher) if t.teacher else None
        values["community"] = t.community.name if t.community else None
        values["township"] = t.community.township.name if t.community else None
        values["compound"] = t.compound.name if t.compound else None
        return values

    def _store(self, session: Session, existing: Ticket | None, values: dict[str, Any]) -> Ticket:
        if existing is not None and values.get("number") not in (None, existing.number):
            raise RecordRejected([FieldProblem(None, "工单编号", "已受理工单的编号不能修改")])
        if existing is None and not values.get("number"):
            values["number"] = self._next_number(session, values["source"], values["received_at"])
        if existing is None and session.scalar(select(Ticket.id).where(Ticket.number == values["number"])):
            raise RecordRejected([FieldProblem(None, "工单编号", f"“{values['number']}”已存在")])
        if existing is not None:
            values["number"] = existing.number
            extended = session.scalar(
                select(func.count()).where(
                    TicketEvent.ticket_id == existing.id, TicketEvent.kind == TicketEventKind.EXTENDED
                )
            )
            if extended:
                values["deadline"] = existing.deadline  # an extension granted stands
        context = LEDGER.prepare(session, self.settings)
        row = check_with_ledger(LEDGER, context, values)
        LEDGER.apply(session, context, row)
        return context.tickets[values["number"]]

    def _in_use(self, session: Session, ticket: Ticket) -> str:
        if ticket.status is not TicketStatus.ACCEPTED:
            return f"工单“{ticket.number}”已{ticket.status.label}，是正式办理记录，不能删除。"
        return ""

    @staticmethod
    def _next_number(session: Session, source: Source, received: dt.datetime) -> str:
        stem = f"{PREFIX[source]}-{received:%Y%m%d}-"
        taken = session.scalars(select(Ticket.number).where(Ticket.number.like(f"{stem}%"))).all()
        serials = [int(n[len(stem) :]) for n in taken if n[len(stem) :].isdigit()]
        return f"{stem}{max(serials, default=0) + 1:03d}"
