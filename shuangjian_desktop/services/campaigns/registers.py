"""The campaign ledger (专项行动), the partner departments (成员单位, a catalogue the county extends) and the
county's vacations (寒暑假) as lists a clerk pages, searches and edits."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from shuangjian_desktop.domain import values as v
from shuangjian_desktop.domain.access import Action
from shuangjian_desktop.domain.campaigns import CampaignKind, period_problem
from shuangjian_desktop.domain.errors import FieldProblem, RecordRejected
from shuangjian_desktop.services.base.register import Column, Filter, FormField, Register, Row, display, references
from shuangjian_desktop.services.base.search import Searchable
from shuangjian_desktop.services.base.sheet import Field, column_length
from shuangjian_desktop.store.models import (
    Campaign,
    CampaignDepartment,
    Inspection,
    InspectionDepartment,
    PartnerDepartment,
    Vacation,
)

CAMPAIGN_NAME = Searchable(Campaign.id, Campaign.name + " " + func.coalesce(Campaign.note, ""))
DEPARTMENT_NAME = Searchable(PartnerDepartment.id, PartnerDepartment.name)
VACATION_NAME = Searchable(Vacation.id, Vacation.name)


class CampaignRegister(Register):
    """The campaigns, newest first, each with its departments and how many inspections it holds so far."""

    newest_first = True
    name = "campaigns"
    title = "专项行动"
    editable = True
    model = Campaign
    noun = "专项行动"
    search_hint = "搜索专项行动名称"
    columns = (
        Column("starts_on", "开始日期", 90),
        Column("ends_on", "结束日期", 90),
        Column("name", "名称", 230),
        Column("kind", "类型", 60),
        Column("inspections", "检查（家次）", 80, True),
        Column("joint", "联合检查（家次）", 100, True),
        Column("departments", "成员单位", 220),
    )
    filters = (Filter("kind", "类型", tuple((k.label, k.value) for k in CampaignKind)),)

    def _id(self) -> ColumnElement[int]:
        return Campaign.id

    def _search_parts(self) -> tuple[tuple[ColumnElement[int], Searchable], ...]:
        return ((Campaign.id, CAMPAIGN_NAME),)

    def _sort_columns(self) -> Mapping[str, ColumnElement[Any]]:
        return {
            "starts_on": Campaign.starts_on,
            "ends_on": Campaign.ends_on,
            "name": Campaign.name,
            "kind": Campaign.kind,
        }

    def _filter_clause(self, key: str, value: str) -> ColumnElement[bool] | None:
        return Campaign.kind == CampaignKind(value) if key == "kind" else None

    def _load(self, session: Session, ids: Sequence[int]) -> dict[int, Row]:
        wanted = list(ids)
        departments: dict[int, list[str]] = {}
        for campaign_id, name in session.execute(
            select(CampaignDepartment.campaign_id, PartnerDepartment.name)
            .join(PartnerDepartment, CampaignDepartment.department_id == PartnerDepartment.id)
            .where(CampaignDepartment.campaign_id.in_(wanted))
            .order_by(PartnerDepartment.position, PartnerDepartment.id)
        ):
            departments.setdefault(campaign_id, []).append(name)
        counts = dict(
            session.execute(
                select(Inspection.campaign_id, func.count())
                .where(Inspection.campaign_id.in_(wanted))
                .group_by(Inspection.campaign_id)
            ).all()
        )
        joint_ids = select(InspectionDepartment.inspection_id).distinct().scalar_subquery()
        joint = dict(
            session.execute(
                select(Inspection.campaign_id, func.count())
                .where(Inspection.campaign_id.in_(wanted), Inspection.id.in_(joint_ids))
                .group_by(Inspection.campaign_id)
            ).all()
        )
        rows = {}
        for c in session.scalars(select(Campaign).where(Campaign.id.in_(wanted))):
            rows[c.id] = Row(
                c.id,
                (
                    display(c.starts_on),
                    display(c.ends_on),
                    c.name,
                    c.kind.label,
                    counts.get(c.id, 0),
                    joint.get(c.id, 0),
                    "、".join(departments.get(c.id, [])),
                ),
            )
        return rows

    def _in_use(self, session: Session, campaign: Campaign) -> str:
        used = references(session, campaign.id, (("检查记录", Inspection.campaign_id),))
        if not used:
            return ""
        return f"专项行动“{campaign.name}”已有{'、'.join(used)}，不能删除（可修改其名称或期间）。"


DEPARTMENT_FIELDS = (
    Field("name", "单位名称", v.text, required=True, max_length=column_length(PartnerDepartment.name)),
    Field("position", "排序", lambda x: v.parse_int(x, maximum=9999), help="数字小的排在前面"),
    Field("active", "在用", v.parse_bool, choices=("是", "否"), help="不再参加的单位改为“否”（历史记录保留）"),
    Field("note", "备注", v.text),
)


class DepartmentRegister(Register):
    """The partner departments: the catalogue the county starts with, and its own additions."""

    name = "partner-departments"
    title = "成员单位"
    editable = True
    model = PartnerDepartment
    noun = "成员单位"
    search_hint = "搜索单位名称"
    columns = (
        Column("position", "排序", 50, True),
        Column("name", "单位名称", 220),
        Column("active", "在用", 50),
        Column("used", "参加联合检查（家次）", 130, True),
        Column("note", "备注", 240),
    )

    def _id(self) -> ColumnElement[int]:
        return PartnerDepartment.id

    def _search_parts(self) -> tuple[tuple[ColumnElement[int], Searchable], ...]:
        return ((PartnerDepartment.id, DEPARTMENT_NAME),)

    def _sort_columns(self) -> Mapping[str, ColumnElement[Any]]:
        return {"position": PartnerDepartment.position, "name": PartnerDepartment.name}

    def _load(self, session: Session, ids: Sequence[int]) -> dict[int, Row]:
        wanted = list(ids)
        used = dict(
            session.execute(
                select(InspectionDepartment.department_id, func.count())
                .where(InspectionDepartment.department_id.in_(wanted))
                .group_by(InspectionDepartment.department_id)
            ).all()
        )
        return {
            d.id: Row(
                d.id,
                (d.position, d.name, "是" if d.active else "否", used.get(d.id, 0), d.note or ""),
                "" if d.active else "muted",
            )
            for d in session.scalars(select(PartnerDepartment).where(PartnerDepartment.id.in_(wanted)))
        }

    def form(self) -> tuple[FormField, ...]:
        kinds = {"active": "bool", "note": "multiline"}
        return tuple(FormField(f, kinds.get(f.key, "text"), None, f.help) for f in DEPARTMENT_FIELDS)

    def _form_values(self, d: PartnerDepartment) -> dict[str, Any]:
        return {"name": d.name, "position": d.position, "active": d.active, "note": d.note}

    def _store(self, session: Session, d: PartnerDepartment | None, values: dict[str, Any]) -> PartnerDepartment:
        other = session.scalar(
            select(PartnerDepartment).where(
                PartnerDepartment.name == values["name"], PartnerDepartment.id != (d.id if d else 0)
            )
        )
        if other is not None:
            raise RecordRejected([FieldProblem(None, "单位名称", "已有同名的成员单位")])
        if d is None:
            top = session.scalar(select(func.max(PartnerDepartment.position))) or 0
            d = PartnerDepartment(position=top + 1, active=True)
            session.add(d)
        d.name = values["name"]
        if values.get("position") is not None:
            d.position = values["position"]
        d.active = True if values.get("active") is None else values["active"]
        d.note = values.get("note")
        return d

    def _in_use(self, session: Session, d: PartnerDepartment) -> str:
        used = references(
            session,
            d.id,
            (("联合检查记录", InspectionDepartment.department_id), ("专项行动", CampaignDepartment.department_id)),
        )
        if not used:
            return ""
        return f"“{d.name}”有{'、'.join(used)}，不能删除；不再参加的，请把“在用”改为“否”。"


VACATION_FIELDS = (
    Field("name", "名称", v.text, required=True, example="寒假", max_length=column_length(Vacation.name)),
    Field("first_day", "开始日期", v.parse_date, required=True, example="2027-01-23"),
    Field("last_day", "结束日期", v.parse_date, required=True, example="2027-02-21"),
    Field("note", "备注", v.text),
)


class VacationRegister(Register):
    """The county's winter and summer vacations: no subject training in them; the home page plans patrols before
    them. Part of the calendar, so kept by an administrator like the holiday schedule."""

    newest_first = True
    name = "vacations"
    title = "寒暑假"
    editable = True
    model = Vacation
    noun = "假期"
    edit_action = Action.EDIT_SETTINGS
    search_hint = "搜索名称"
    columns = (
        Column("first_day", "开始日期", 100),
        Column("last_day", "结束日期", 100),
        Column("name", "名称", 120),
        Column("days", "天数", 60, True),
        Column("note", "备注", 240),
    )

    def _id(self) -> ColumnElement[int]:
        return Vacation.id

    def _search_parts(self) -> tuple[tuple[ColumnElement[int], Searchable], ...]:
        return ((Vacation.id, VACATION_NAME),)

    def _sort_columns(self) -> Mapping[str, ColumnElement[Any]]:
        return {"first_day": Vacation.first_day, "last_day": Vacation.last_day, "name": Vacation.name}

    def _load(self, session: Session, ids: Sequence[int]) -> dict[int, Row]:
        return {
            h.id: Row(
                h.id,
                (display(h.first_day), display(h.last_day), h.name, (h.last_day - h.first_day).days + 1, h.note or ""),
            )
            for h in session.scalars(select(Vacation).where(Vacation.id.in_(list(ids))))
        }

    def form(self) -> tuple[FormField, ...]:
        return tuple(FormField(f, "multiline" if f.key == "note" else "text", None, f.help) for f in VACATION_FIELDS)

    def _form_values(self, h: Vacation) -> dict[str, Any]:
        return {"name": h.name, "first_day": h.first_day, "last_day": h.last_day, "note": h.note}

    def _store(self, session: Session, h: Vacation | None, values: dict[str, Any]) -> Vacation:
        why = period_problem(values["first_day"], values["last_day"])
        if why:
            raise RecordRejected([FieldProblem(None, "结束日期", why)])
        overlapping = session.scalar(
            select(Vacation).where(
                Vacation.first_day <= values["last_day"],
                Vacation.last_day >= values["first_day"],
                Vacation.id != (h.id if h else 0),
            )
        )
        if overlapping is not None:
            raise RecordRejected(
                [
                    FieldProblem(
                        None,
                        "开始日期",
                        f"与“{overlapping.name}”（{overlapping.first_day}至{overlapping.last_day}）重叠",
                    )
                ]
            )
        if h is None:
            h = Vacation()
            session.add(h)
        h.name, h.first_day, h.last_day, h.note = (
            values["name"],
            values["first_day"],
            values["last_day"],
            values.get("note"),
        )
        return h
