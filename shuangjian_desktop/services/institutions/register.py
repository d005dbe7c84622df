"""The institution register (机构台账): listing, the detail pane, editing, and deleting what nothing refers to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from shuangjian_desktop.domain.enums import AssignmentKind, Category, Status
from shuangjian_desktop.domain.errors import FieldProblem, RecordRejected
from shuangjian_desktop.domain.values import format_money
from shuangjian_desktop.services.base.places import PlaceBook
from shuangjian_desktop.services.base.register import (
    Column,
    Filter,
    FormField,
    Register,
    Row,
    references,
)
from shuangjian_desktop.services.base.search import INSTITUTION, Searchable
from shuangjian_desktop.services.base.sheet import RowInput
from shuangjian_desktop.services.base.suggest import community_names, township_names
from shuangjian_desktop.services.catalogues import category_label
from shuangjian_desktop.services.institutions.sheet import (
    COPIED,
    InstitutionContext,
    InstitutionsLedger,
    assign_institution,
)
from shuangjian_desktop.store.models import (
    Assignment,
    Community,
    DisposalPlan,
    FundAccount,
    FundCharge,
    Inspection,
    Institution,
    ListEntry,
    Notice,
    Person,
    StatusChange,
    Ticket,
    Township,
)

LEDGER = InstitutionsLedger()


def _enum_choices(enum: Any) -> tuple[tuple[str, str], ...]:
    return tuple((m.label, m.value) for m in enum)


@dataclass(frozen=True)
class InstitutionDetail:
    id: int
    name: str
    facts: list[tuple[str, str]]
    staff: list[str]
    inspectors: list[str]
    changes: list[str]
    tickets: list[str]
    inspections: list[str]
    notices: list[str]


NOT_IN_FORM = ("risk_grade", "blacklisted")
"""Kept by supervision (services/risk, services/lists: computed, or entered with a reason), shown in the detail pane."""
REFERENCES = (
    ("转型注销记录", StatusChange.institution_id),
    ("包保记录", Assignment.institution_id),
    ("检查记录", Inspection.institution_id),
    ("整改通知书", Notice.institution_id),
    ("投诉工单", Ticket.institution_id),
    ("处置方案", DisposalPlan.institution_id),
    ("资金监管账户", FundAccount.institution_id),
    ("收费记录", FundCharge.institution_id),
    ("公示名单记录", ListEntry.institution_id),
)
"""What refers to an institution and keeps it from being deleted."""


class InstitutionRegister(Register):
    name = "institutions"
    title = "机构台账"
    editable = True
    model = Institution
    noun = "机构"
    search_hint = "搜索机构名称、地址、信用代码、法定代表人或拼音首字母（如 qm 找“启明”）"
    columns = (
        Column("name", "机构名称", 280),
        Column("credit_code", "统一社会信用代码", 170),
        Column("category", "类别", 70),
        Column("area", "非学科类别", 80),
        Column("mode", "形式", 50),
        Column("profit_status", "营利性质", 70),
        Column("status", "状态", 70),
        Column("township", "乡镇（街道）", 90),
        Column("community", "社区", 110),
        Column("legal_rep", "法定代表人", 80),
        Column("phone", "联系电话", 110),
        Column("students", "在训学生", 70, True),
        Column("prepaid", "预收费余额（元）", 110, True),
        Column("risk_grade", "风险等级", 60),
    )
    filters = (
        Filter("status", "状态", _enum_choices(Status)),
        Filter("category", "类别", _enum_choices(Category)),
        Filter("township", "乡镇", ()),
    )

    def township_choices(self) -> tuple[tuple[str, str], ...]:
        with self.store.read() as uow:
            return tuple((t.name, str(t.id)) for t in uow.session.scalars(select(Township).order_by(Township.name)))

    def _id(self) -> ColumnElement[int]:
        return Institution.id

    def _search_parts(self) -> tuple[tuple[ColumnElement[int], Searchable], ...]:
        return ((Institution.id, INSTITUTION),)

    def _sort_columns(self) -> Mapping[str, ColumnElement[Any]]:
        return {
            "name": Institution.sort_name,
            "credit_code": Institution.credit_code,
            "category": Institution.category,
            "area": Institution.area,
            "mode": Institution.mode,
            "profit_status": Institution.profit_status,
            "status": Institution.status,
            "township": Institution.place_sort,
            "community": Institution.place_sort,
            "legal_rep": Institution.legal_rep_sort,
            "phone": Institution.phone,
            "students": Institution.students,
            "prepaid": Institution.prepaid_balance_cents,
            "risk_grade": Institution.risk_grade,
        }

    def _filter_clause(self, key: str, value: str) -> ColumnElement[bool] | None:
        if key == "status":
            return Institution.status == Status(value)
        if key == "category":
            return Institution.category == Category(value)
        if key == "township":
            return Institution.community_id.in_(select(Community.id).where(Community.township_id == int(value)))
        return None

    def _load(self, session: Session, ids: Sequence[int]) -> dict[int, Row]:
        stmt = (
            select(Institution, Community.name, Township.name)
            .outerjoin(Community, Institution.community_id == Community.id)
            .outerjoin(Township, Community.township_id == Township.id)
            .where(Institution.id.in_(list(ids)))
        )
        rows = {}
        for inst, community, township in session.execute(stmt):
            tone = "danger" if inst.blacklisted else ""
            if inst.status in (Status.DEREGISTERED, Status.CONVERTED):
                tone = "muted"
            elif inst.status in (Status.SUSPENDED, Status.UNLICENSED):
                tone = "warning"
            rows[inst.id] = Row(
                inst.id,
                (
                    inst.name,
                    inst.credit_code or "",
                    inst.category.label,
                    inst.area.label if inst.area else "",
                    inst.mode.label,
                    inst.profit_status.label,
                    inst.status.label,
                    township or "",
                    community or "",
                    inst.legal_rep or "",
                    inst.phone or "",
                    inst.students,
                    format_money(inst.prepaid_balance_cents),
                    inst.risk_grade.value if inst.risk_grade else "",
                ),
                tone,
            )
        return rows

    # editing -----------------------------------------------------------------------------------------------------
    def form(self) -> tuple[FormField, ...]:
        kinds = {
            "category": "choice",
            "area": "choice",
            "mode": "choice",
            "profit_status": "choice",
            "status": "choice",
            "risk_grade": "choice",
            "fund_supervised": "bool",
            "blacklisted": "bool",
            "note": "multiline",
            "township": "ref",
            "community": "ref",
        }
        refs = {"township": township_names(self.store), "community": community_names(self.store)}
        return tuple(
            FormField(f, kinds.get(f.key, "text"), refs.get(f.key), f.help)
            for f in LEDGER.fields
            if f.key not in NOT_IN_FORM
        )

    def _form_values(self, inst: Institution) -> dict[str, Any]:
        values: dict[str, Any] = {key: getattr(inst, key) for key in COPIED if key != "prepaid_balance_cents"}
        values["prepaid_balance_cents"] = format_money(inst.prepaid_balance_cents).replace(",", "")
        values["community"] = inst.community.name if inst.community else None
        values["township"] = inst.community.township.name if inst.community else None
        return values

    def _store(self, session: Session, inst: Institution | None, values: dict[str, Any]) -> Institution:
        values = {k: v for k, v in values.items() if v is not None or k in _CLEARABLE}
        places = PlaceBook(session)
        row = RowInput(0, {k: v for k, v in values.items() if v is not None})
        LEDGER.check(InstitutionContext(places, {}, {}, editing=inst, form=True), row)
        code = values.get("credit_code")
        if code:
            other = session.scalar(
                select(Institution).where(Institution.credit_code == code, Institution.id != (inst.id if inst else 0))
            )
            if other is not None:
                row.problem("统一社会信用代码", f"已被“{other.name}”使用")
        if row.problems:
            raise RecordRejected([FieldProblem(None, p.field, p.reason) for p in row.problems])
        if inst is None:
            inst = Institution(students=0, prepaid_balance_cents=0, fund_supervised=False, blacklisted=False)
            session.add(inst)
        for key in ("students", "prepaid_balance_cents"):
            if values.get(key) is None:
                values[key] = 0
        if values.get("fund_supervised") is None:
            values["fund_supervised"] = inst.fund_supervised or False
        assign_institution(inst, values, places)
        return inst

    def _in_use(self, session: Session, inst: Institution) -> str:
        used = references(session, inst.id, REFERENCES)
        if not used:
            return ""
        return f"“{inst.name}”有{'、'.join(used)}，不能删除。如机构已停办，请在“转型注销”中登记注销，台账会保留其历史。"

    # the detail pane ---------------------------------------------------------------------------------------------
    def detail(self, record_id: int) -> InstitutionDetail:
        with self.store.read() as uow:
            session = uow.session
            inst: Institution = self._record(session, record_id)
            today = dt.date.today()
            people: dict[AssignmentKind, list[str]] = {}
            stmt = (
                select(Assignment, Person)
                .join(Person, Assignment.person_id == Person.id)
                .where(Assignment.institution_id == record_id)
            )
            for assignment, person in session.execute(stmt):
                if assignment.ends_on is None or assignment.ends_on >= today:
                    people.setdefault(assignment.kind, []).append(f"{person.name}（{person.phone}）")
            facts = [
                ("统一社会信用代码", inst.credit_code or "（无）"),
                ("办学许可证号", inst.licence_no or "（无）"),
                ("登记日期", inst.registered_on.isoformat() if inst.registered_on else "（未填）"),
                ("类别", inst.category.label + (f"·{inst.area.label}" if inst.area else "")),
                ("营利性质", inst.profit_status.label),
                ("状态", inst.status.label),
                ("地址", inst.address or ""),
                ("法定代表人", inst.legal_rep or ""),
                ("联系电话", inst.phone or ""),
                ("在训学生", str(inst.students)),
                ("预收费余额", format_money(inst.prepaid_balance_cents) + " 元"),
                ("资金监管", "已纳入" if inst.fund_supervised else "未纳入"),
                ("风险等级", inst.risk_grade.label if inst.risk_grade else "未评定"),
                ("黑名单", "已列入" if inst.blacklisted else "否"),
            ]
            changes = [
                f"{c.effective_on} {c.kind.label} {c.doc_number or ''}".strip()
                for c in session.scalars(
                    select(StatusChange)
                    .where(StatusChange.institution_id == record_id)
                    .order_by(StatusChange.effective_on)
                )
            ]
            tickets = [
                f"{t.received_at:%Y-%m-%d} {t.number} {category_label(t.category)}（{t.status.label}）"
                for t in session.scalars(
                    select(Ticket).where(Ticket.institution_id == record_id).order_by(Ticket.received_at.desc())
                )
            ]
            inspections = [
                f"{i.started_at:%Y-%m-%d %H:%M} {i.method.label}：{i.result.label}"
                for i in session.scalars(
                    select(Inspection)
                    .where(Inspection.institution_id == record_id)
                    .order_by(Inspection.started_at.desc())
                )
            ]
            notices = [
                f"{n.issued_on} {n.doc_number}（{n.status.label}，期限{n.deadline}）"
                for n in session.scalars(
                    select(Notice).where(Notice.institution_id == record_id).order_by(Notice.issued_on.desc())
                )
            ]
            return InstitutionDetail(
                inst.id,
                inst.name,
                facts,
                people.get(AssignmentKind.STAFF_INSTITUTION, []),
                people.get(AssignmentKind.INSPECTOR_INSTITUTION, []),
                changes,
                tickets,
                inspections,
                notices,
            )


_CLEARABLE = {
    "registered_on",
    "licence_no",
    "area",
    "address",
    "legal_rep",
    "phone",
    "risk_grade",
    "note",
    "community",
    "credit_code",
}
