"""Complaint tickets as a spreadsheet: the hotline's sheet in, the ticket ledger out.

A new ticket gets its deadline in working days from the request kind's time limit (settings) unless the sheet gives
one, and a 受理 event. A confidential caller's name and phone never leave the program in an export.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from shuangjian_desktop import settings as opts
from shuangjian_desktop.domain import values as v
from shuangjian_desktop.domain.enums import (
    RequestKind,
    Satisfaction,
    Source,
    TicketEventKind,
    TicketStatus,
)
from shuangjian_desktop.domain.text import to_halfwidth
from shuangjian_desktop.domain.workdays import WorkCalendar
from shuangjian_desktop.services.base.places import PlaceBook
from shuangjian_desktop.services.base.sheet import Field, LedgerSpec, RowInput, column_length, enum_field
from shuangjian_desktop.services.calendar import load_calendar
from shuangjian_desktop.services.catalogues import category_label, complaint_categories, parse_category
from shuangjian_desktop.services.tickets.hotline import (
    CONFIDENTIAL,
    accept_note,
    parse_caller_phone,
    parse_request_kind,
    parse_ticket_category,
    parse_time_limit,
    settle_hotline_row,
)
from shuangjian_desktop.services.tickets.keys import ticket_search_text
from shuangjian_desktop.store.models import (
    Community,
    Compound,
    Institution,
    Person,
    Teacher,
    Ticket,
    TicketEvent,
    Township,
)

if TYPE_CHECKING:  # openpyxl loads only when a sheet is written
    from shuangjian_desktop.documents.xlsx_writer import ColumnSpec

ON_ACCEPT_STEP = ("handling_unit", "urgency")


def ticket_search_key(ticket: Ticket) -> str:
    """Number, subject, address and the institution's name: one column to search, no join."""
    institution = ticket.institution.name if ticket.institution is not None else None
    return ticket_search_text(ticket.number, ticket.subject, ticket.address, institution)


def time_limit_days(settings: opts.Settings, kind: RequestKind) -> int:
    option = {
        RequestKind.CONSULTATION: opts.TICKET_DAYS_CONSULTATION,
        RequestKind.HELP: opts.TICKET_DAYS_HELP,
        RequestKind.COMPLAINT: opts.TICKET_DAYS_COMPLAINT,
    }[kind]
    return settings.get(option)


@dataclass
class TicketContext:
    settings: opts.Settings
    calendar: WorkCalendar
    tickets: dict[str, Ticket]
    institutions: dict[str, list[Institution]]
    people: dict[str, list[Person]]
    places: PlaceBook
    teachers: dict[str, list[Teacher]] = field(default_factory=dict)
    """By name and by “姓名（学校）”."""


def teacher_label(teacher: Teacher) -> str:
    return f"{teacher.name}（{teacher.school.name}）"


def teacher_key(text: str) -> str:
    """“赵建国(实验小学)” as typed, in the form teacher_label writes."""
    return to_halfwidth(text).replace(" ", "").replace("(", "（").replace(")", "）")


class TicketsLedger(LedgerSpec):
    name = "tickets"
    title = "投诉工单台账"
    key_label = "工单编号"
    fields = (
        Field(
            "number",
            "工单编号",
            v.text,
            required=True,
            synonyms=("工单号", "编号", "受理编号", "流水号", "工单流水号", "诉求编号", "事项编号", "来电编号"),
            example="12345-20261020-0031",
            max_length=column_length(Ticket.number),
        ),
        enum_field(
            "source",
            "来源",
            Source,
            required=True,
            optional_in_sheet=True,
            synonyms=("渠道", "工单来源", "来源渠道", "诉求渠道", "受理渠道"),
            example="12345热线",
            help="导入时不填为12345热线",
        ),
        Field(
            "received_at",
            "受理时间",
            v.parse_datetime,
            required=True,
            synonyms=(
                "来电时间",
                "登记时间",
                "接收时间",
                "受理日期",
                "来电日期",
                "诉求时间",
                "反映时间",
                "工单生成时间",
            ),
            example="2026-10-20 09:30",
        ),
        Field(
            "caller_name",
            "来电人",
            v.text,
            synonyms=("诉求人", "反映人", "来电人姓名", "诉求人姓名", "市民姓名", "联系人"),
            example="张女士",
            max_length=column_length(Ticket.caller_name),
        ),
        Field(
            "caller_phone",
            "来电号码",
            parse_caller_phone,
            synonyms=("联系电话", "诉求人电话", "来电电话", "联系方式", "回访电话", "诉求人联系电话"),
            example="13800001234",
        ),
        Field(
            "confidential", "保密", v.parse_bool, synonyms=("是否保密", "要求保密"), choices=("是", "否"), example="否"
        ),
        enum_field(
            "request_kind",
            "诉求类型",
            RequestKind,
            required=True,
            optional_in_sheet=True,
            lenient=parse_request_kind,
            synonyms=("诉求性质", "工单类型", "来电类型", "诉求类别"),
            example="投诉举报",
            help="咨询、求助、投诉举报（导入时投诉、举报、建议均可，不填按内容判断）",
        ),
        Field(
            "category",
            "问题类别",
            parse_category,
            required=True,
            optional_in_sheet=True,
            lenient=parse_ticket_category,
            synonyms=("问题分类", "事项分类", "类别", "业务分类", "诉求分类", "问题类型", "诉求事项"),
            choices=tuple(c.label for c in complaint_categories()),
            example="违规学科类培训",
            help="平台的分类对不上时按关键词归类，原分类记入受理记录",
        ),
        Field(
            "subject",
            "标题",
            v.text,
            required=True,
            optional_in_sheet=True,
            synonyms=("主题", "诉求标题", "工单标题", "事项标题", "诉求主题"),
            example="反映某机构周末组织学科类培训",
            help="导入时不填则取诉求内容的开头",
            max_length=column_length(Ticket.subject),
        ),
        Field(
            "content",
            "诉求内容",
            v.text,
            synonyms=("内容", "来电内容", "反映内容", "问题描述", "工单内容", "诉求描述", "事项内容", "具体诉求"),
            example="市民反映……",
        ),
        Field(
            "institution",
            "涉及机构",
            v.text,
            synonyms=("被反映机构", "机构名称", "被投诉机构", "涉事机构"),
            example="",
            max_length=column_length(Institution.name),
        ),
        Field(
            "teacher",
            "涉及教师",
            v.text,
            synonyms=("被反映教师", "在职教师"),
            help="在职教师有偿补课或兼职时填写：姓名，同名时写成“姓名（学校）”",
        ),
        Field(
            "address",
            "地址",
            v.text,
            synonyms=("事发地址", "被反映地址", "诉求地址", "事发地点"),
            max_length=column_length(Ticket.address),
        ),
        Field(
            "township",
            "乡镇（街道）",
            v.text,
            synonyms=("乡镇", "街道", "所属乡镇", "所属街道"),
            max_length=column_length(Township.name),
        ),
        Field("community", "社区", v.text, synonyms=("所属社区",), max_length=column_length(Community.name)),
        Field("compound", "小区", v.text, synonyms=("所属小区",), max_length=column_length(Compound.name)),
        Field("handler", "承办人", v.text, synonyms=("责任人", "办理人"), max_length=column_length(Person.name)),
        Field(
            "handling_unit",
            "承办单位",
            v.text,
            synonyms=("承办部门", "责任单位", "处理单位", "主办单位", "办理单位"),
            help="记入受理记录",
        ),
        Field("urgency", "紧急程度", v.text, synonyms=("缓急程度", "紧急度", "优先级"), help="记入受理记录"),
        Field(
            "time_limit_days",
            "办理时限（工作日）",
            parse_time_limit,
            synonyms=("办理时限", "时限", "处理时限"),
            help="工作日数；平台导出的是到期时间时作为办结期限",
        ),
        Field(
            "deadline",
            "办结期限",
            v.parse_date,
            synonyms=("截止日期", "办理期限", "到期时间", "限办时间", "办理截止时间"),
            help="不填则按工作日自动计算",
        ),
        enum_field("status", "状态", TicketStatus, synonyms=("办理状态", "工单状态"), example="已受理"),
        Field("replied_at", "答复时间", v.parse_datetime, synonyms=("回复时间", "反馈时间")),
        Field("closed_at", "办结时间", v.parse_datetime, synonyms=("结案时间", "完成时间")),
        enum_field("satisfaction", "满意度", Satisfaction, synonyms=("回访满意度", "回访结果")),
        Field("result", "办理结果", v.text, synonyms=("处理结果", "答复内容", "办理情况", "回复内容")),
    )

    def mapping_notes(self, mapped: set[str]) -> dict[str, str]:
        notes = {}
        if "source" not in mapped:
            notes["source"] = "表格没有来源列：来源记为12345热线"
        if "request_kind" not in mapped:
            notes["request_kind"] = "表格没有诉求类型列：按问题类别和内容判断（咨询、求助，其余为投诉举报）"
        if "category" not in mapped:
            notes["category"] = "表格没有问题类别列：按诉求内容的关键词归类"
        if "subject" not in mapped:
            notes["subject"] = "表格没有标题列：标题取诉求内容的开头"
        if "township" in mapped and "community" not in mapped:
            notes["township"] = "表格没有社区列：乡镇（街道）写在地址前面"
        return notes

    def export_columns(self) -> list[ColumnSpec]:
        """The ledger's columns; the hotline's 承办单位 and 紧急程度 live on the 受理 step, not in a column."""
        return [f.column() for f in self.fields if f.key not in ON_ACCEPT_STEP]

    def missing_columns(self, mapped: set[str]) -> list[tuple[str, str]]:
        missing = super().missing_columns(mapped)
        if "subject" not in mapped and "content" not in mapped:
            missing.append(("标题", "表格缺少标题列和诉求内容列（至少要有一列）"))
        return missing

    def prepare(self, session: Session, settings: opts.Settings) -> TicketContext:
        institutions: dict[str, list[Institution]] = {}
        for inst in session.scalars(select(Institution)):
            institutions.setdefault(inst.name, []).append(inst)
        people: dict[str, list[Person]] = {}
        for p in session.scalars(select(Person)):
            people.setdefault(p.name, []).append(p)
        teachers: dict[str, list[Teacher]] = {}
        for teacher in session.scalars(select(Teacher).options(joinedload(Teacher.school))):
            teachers.setdefault(teacher.name, []).append(teacher)
            teachers.setdefault(teacher_label(teacher), []).append(teacher)
        return TicketContext(
            settings,
            load_calendar(session),
            {t.number: t for t in session.scalars(select(Ticket))},
            institutions,
            people,
            PlaceBook(session),
            teachers,
        )

    def key(self, row: RowInput) -> Hashable | None:
        return row.values.get("number")

    def check(self, context: TicketContext, row: RowInput) -> None:
        values = row.values
        settle_hotline_row(row)
        name = values.get("institution")
        if name is not None and len(context.institutions.get(name, [])) != 1:
            count = len(context.institutions.get(name, []))
            row.problem(
                "涉及机构", "机构台账中没有该机构（无证场所请填地址和社区）" if count == 0 else f"有{count}家同名机构"
            )
        teacher = values.get("teacher")
        if teacher is not None and len(context.teachers.get(teacher_key(teacher), [])) != 1:
            count = len(context.teachers.get(teacher_key(teacher), []))
            row.problem(
                "涉及教师", "在职教师台账中没有该教师" if count == 0 else f"有{count}名同名教师，请写成“姓名（学校）”"
            )
        handler = values.get("handler")
        if handler is not None and len(context.people.get(handler, [])) != 1:
            count = len(context.people.get(handler, []))
            row.problem("承办人", "人员台账中没有该人员" if count == 0 else f"人员台账中有{count}个同名人员")
        reason = context.places.community_problem(values.get("township"), values.get("community"))
        if reason:
            row.problem("社区", reason)
        received, closed = values.get("received_at"), values.get("closed_at")
        if received and closed and closed < received:
            row.problem("办结时间", "不能早于受理时间")

    def apply(self, session: Session, context: TicketContext, row: RowInput) -> bool:
        values = row.values
        ticket = context.tickets.get(values["number"])
        inserted = ticket is None
        kind: RequestKind = values["request_kind"]
        if ticket is None:
            ticket = Ticket(
                number=values["number"], status=TicketStatus.ACCEPTED, confidential=False, source=Source.HOTLINE_12345
            )
            session.add(ticket)
            context.tickets[ticket.number] = ticket
        for attr in ("caller_name", "caller_phone"):
            if values.get(attr) == CONFIDENTIAL:
                values.pop(attr)  # an export of a confidential ticket: keep the caller on record as it is
        for attr in (
            "source",
            "received_at",
            "caller_name",
            "caller_phone",
            "confidential",
            "request_kind",
            "category",
            "subject",
            "content",
            "address",
            "status",
            "replied_at",
            "closed_at",
            "satisfaction",
            "result",
        ):
            if attr in values:
                setattr(ticket, attr, values[attr])
        ticket.time_limit_days = (
            values.get("time_limit_days") or ticket.time_limit_days or time_limit_days(context.settings, kind)
        )
        if "deadline" in values:
            ticket.deadline, ticket.deadline_provisional = values["deadline"], False
        elif inserted or "time_limit_days" in values or "received_at" in values:
            due = context.calendar.add_working_days(ticket.received_at.date(), ticket.time_limit_days)
            ticket.deadline, ticket.deadline_provisional = due.day, due.provisional
        if "institution" in values:
            ticket.institution = context.institutions[values["institution"]][0]
        if "teacher" in values:
            ticket.teacher = context.teachers[teacher_key(values["teacher"])][0]
        if "handler" in values:
            ticket.handler = context.people[values["handler"]][0]
        if "community" in values:
            ticket.community = context.places.community(values.get("township"), values["community"])
            ticket.compound = context.places.compound(ticket.community, values.get("compound"))
        elif "compound" in values:
            ticket.compound = context.places.compound(None, values["compound"])
            ticket.community = ticket.compound.community if ticket.compound else None
        extra = accept_note(values)
        if inserted:
            ticket.events.append(
                TicketEvent(
                    kind=TicketEventKind.ACCEPTED,
                    at=ticket.received_at,
                    username=session.info.get("user", ""),
                    note="导入" + (f"；{extra}" if extra else ""),
                )
            )
        elif extra:
            accepted = next((e for e in ticket.events if e.kind is TicketEventKind.ACCEPTED), None)
            if accepted is not None and extra not in (accepted.note or ""):
                accepted.note = f"{accepted.note or '导入'}；{extra}"
        ticket.search_key = ticket_search_key(ticket)
        return inserted

    def export_rows(self, session: Session, *, reveal_personal: bool = False) -> Iterator[Sequence[Any]]:
        query = (
            select(Ticket)
            .options(
                joinedload(Ticket.institution),
                joinedload(Ticket.handler),
                joinedload(Ticket.community).joinedload(Community.township),
                joinedload(Ticket.compound),
                joinedload(Ticket.teacher).joinedload(Teacher.school),
            )
            .order_by(Ticket.received_at, Ticket.id)
        )
        for t in session.scalars(query):
            caller, phone = (CONFIDENTIAL, CONFIDENTIAL) if t.confidential else (t.caller_name, t.caller_phone)
            community = t.community
            yield [
                t.number,
                t.source.label,
                t.received_at,
                caller,
                phone,
                "是" if t.confidential else "否",
                t.request_kind.label,
                category_label(t.category),
                t.subject,
                t.content,
                t.institution.name if t.institution else None,
                teacher_label(t.teacher) if t.teacher else None,
                t.address,
                community.township.name if community else None,
                community.name if community else None,
                t.compound.name if t.compound else None,
                t.handler.name if t.handler else None,
                t.time_limit_days,
                t.deadline,
                t.status.label,
                t.replied_at,
                t.closed_at,
                t.satisfaction.label if t.satisfaction else None,
                t.result,
            ]


def deadline_label(day: dt.date, provisional: bool) -> str:
    return f"{day.isoformat()}（暂定）" if provisional else day.isoformat()
