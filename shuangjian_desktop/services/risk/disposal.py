"""Disposal case files (处置方案，一机构一方案, ``DisposalPlan``) for C and D institutions: the measures
(管住钱、兜住底、防跑路 …), the responsible person, the dates, the outcome. A register on screen, edited in the usual
form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from shuangjian_desktop.domain import values as v
from shuangjian_desktop.domain.errors import FieldProblem, RecordRejected
from shuangjian_desktop.domain.phone import normalize_phone
from shuangjian_desktop.services.base.register import Column, Filter, FormField, Register, Row, display
from shuangjian_desktop.services.base.search import INSTITUTION, Searchable
from shuangjian_desktop.services.base.sheet import Field, column_length
from shuangjian_desktop.services.base.suggest import institution_names, person_names
from shuangjian_desktop.services.supervised import institution_named
from shuangjian_desktop.store.models import DisposalPlan, Institution

FIELDS = (
    Field("institution", "机构名称", v.text, required=True, help="C、D级机构，输入名称或拼音首字母后选择"),
    Field("opened_on", "方案制定日期", v.parse_date, required=True),
    Field(
        "measures",
        "处置措施",
        v.text,
        required=True,
        help="如：约谈举办者、控制资金账户、督促退费、支持复课消课、同行援助消课、舆情引导",
    ),
    Field("responsible", "责任人", v.text, required=True, max_length=column_length(DisposalPlan.responsible)),
    Field("responsible_phone", "联系电话", normalize_phone),
    Field("due_on", "完成期限", v.parse_date),
    Field("closed_on", "办结日期", v.parse_date, help="处置完成后填写，并写明处置结果"),
    Field("outcome", "处置结果", v.text),
    Field("note", "备注", v.text),
)
KINDS = {
    "institution": "ref",
    "measures": "multiline",
    "responsible": "ref",
    "outcome": "multiline",
    "note": "multiline",
}


def plan_state(plan: DisposalPlan, today: dt.date) -> tuple[str, str]:
    """(状态, tone)"""
    if plan.closed_on is not None:
        return "已办结", "muted"
    if plan.due_on is not None and plan.due_on < today:
        return "已超期", "danger"
    return "处置中", "warning"


class DisposalRegister(Register):
    name = "disposal"
    title = "处置方案"
    editable = True
    model = DisposalPlan
    noun = "处置方案"
    newest_first = True
    search_hint = "搜索机构名称或拼音首字母"
    columns = (
        Column("opened_on", "制定日期", 90),
        Column("institution", "机构名称", 240),
        Column("grade", "等级", 50),
        Column("measures", "处置措施", 260),
        Column("responsible", "责任人", 80),
        Column("phone", "联系电话", 110),
        Column("due_on", "完成期限", 90),
        Column("closed_on", "办结日期", 90),
        Column("outcome", "处置结果", 160),
        Column("state", "状态", 70),
    )
    filters = (Filter("state", "状态", (("处置中", "open"), ("已超期", "overdue"), ("已办结", "closed"))),)

    def _id(self) -> ColumnElement[int]:
        return DisposalPlan.id

    def _search_parts(self) -> tuple[tuple[ColumnElement[int], Searchable], ...]:
        return ((DisposalPlan.institution_id, INSTITUTION),)

    def _sort_columns(self) -> Mapping[str, ColumnElement[Any]]:
        return {
            "opened_on": DisposalPlan.opened_on,
            "institution": DisposalPlan.institution_sort,
            "grade": DisposalPlan.grade,
            "responsible": DisposalPlan.responsible,
            "due_on": DisposalPlan.due_on,
            "closed_on": DisposalPlan.closed_on,
        }

    def _filter_clause(self, key: str, value: str) -> ColumnElement[bool] | None:
        if key != "state":
            return None
        if value == "closed":
            return DisposalPlan.closed_on.is_not(None)
        if value == "overdue":
            return DisposalPlan.closed_on.is_(None) & (DisposalPlan.due_on < dt.date.today())
        return DisposalPlan.closed_on.is_(None)

    def _load(self, session: Session, ids: Sequence[int]) -> dict[int, Row]:
        today = dt.date.today()
        rows = {}
        for plan, name in session.execute(
            select(DisposalPlan, Institution.name).join(Institution).where(DisposalPlan.id.in_(list(ids)))
        ):
            state, tone = plan_state(plan, today)
            rows[plan.id] = Row(
                plan.id,
                (
                    display(plan.opened_on),
                    name,
                    plan.grade.value if plan.grade else "",
                    plan.measures,
                    plan.responsible,
                    plan.responsible_phone or "",
                    display(plan.due_on),
                    display(plan.closed_on),
                    plan.outcome or "",
                    state,
                ),
                tone,
            )
        return rows

    def form(self) -> tuple[FormField, ...]:
        refs = {"institution": institution_names(self.store), "responsible": person_names(self.store)}
        return tuple(FormField(f, KINDS.get(f.key, "text"), refs.get(f.key), f.help) for f in FIELDS)

    def _form_values(self, plan: DisposalPlan) -> dict[str, Any]:
        values: dict[str, Any] = {f.key: getattr(plan, f.key, None) for f in FIELDS if f.key != "institution"}
        values["institution"] = plan.institution.name
        return values

    def blank(self, institution_name: str) -> dict[str, str]:
        """A new plan's form for an institution (opened today)."""
        return {"institution": institution_name, "opened_on": dt.date.today().isoformat()}

    def _store(self, session: Session, plan: DisposalPlan | None, values: dict[str, Any]) -> DisposalPlan:
        problems = []
        inst, why = institution_named(session, values["institution"])
        if inst is None:
            problems.append(FieldProblem(None, "机构名称", why))
        opened, due, closed = values["opened_on"], values.get("due_on"), values.get("closed_on")
        if opened > dt.date.today():
            problems.append(FieldProblem(None, "方案制定日期", "不能晚于今天"))
        if due is not None and due < opened:
            problems.append(FieldProblem(None, "完成期限", "不能早于方案制定日期"))
        if closed is not None and closed < opened:
            problems.append(FieldProblem(None, "办结日期", "不能早于方案制定日期"))
        if closed is not None and not values.get("outcome"):
            problems.append(FieldProblem(None, "处置结果", "办结时须写明处置结果"))
        if problems:
            raise RecordRejected(problems)
        assert inst is not None
        if plan is None:
            plan = DisposalPlan(institution_id=inst.id, grade=inst.risk_grade, opened_on=opened)
            session.add(plan)
        elif plan.institution_id != inst.id:
            plan.institution_id, plan.grade = inst.id, inst.risk_grade
        for key in (
            "opened_on",
            "measures",
            "responsible",
            "responsible_phone",
            "due_on",
            "closed_on",
            "outcome",
            "note",
        ):
            setattr(plan, key, values.get(key))
        return plan
