"""The responsibility assignments (包保, all five kinds) as one spreadsheet."""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from shuangjian_desktop import settings as opts
from shuangjian_desktop.domain import values as v
from shuangjian_desktop.domain.enums import AssignmentKind, PersonRole
from shuangjian_desktop.domain.phone import normalize_phone
from shuangjian_desktop.services.base.places import PlaceBook
from shuangjian_desktop.services.base.sheet import Field, LedgerSpec, RowInput, column_length, enum_field
from shuangjian_desktop.store.models import Assignment, Community, Compound, Institution, Person, PersonRoleRow, School

ROLE_FOR_KIND = {
    AssignmentKind.STAFF_INSTITUTION: PersonRole.STAFF,
    AssignmentKind.PRINCIPAL_TEACHERS: PersonRole.PRINCIPAL,
    AssignmentKind.COMMUNITY_PATROL: PersonRole.COMMUNITY_SECRETARY,
    AssignmentKind.COMPOUND_PATROL: PersonRole.COMPOUND_SECRETARY,
    AssignmentKind.INSPECTOR_INSTITUTION: PersonRole.INSPECTOR,
}
TARGET_WORD = {
    AssignmentKind.STAFF_INSTITUTION: "机构",
    AssignmentKind.INSPECTOR_INSTITUTION: "机构",
    AssignmentKind.PRINCIPAL_TEACHERS: "学校",
    AssignmentKind.COMMUNITY_PATROL: "社区",
    AssignmentKind.COMPOUND_PATROL: "小区",
}


@dataclass
class AssignmentContext:
    people: dict[tuple[str, str], Person]
    people_by_name: dict[str, list[Person]]
    institutions: dict[str, list[Institution]]
    institutions_by_code: dict[str, Institution]
    schools: dict[str, School]
    places: PlaceBook
    existing: dict[tuple[Any, ...], Assignment]
    applied: Assignment | None = None
    """The record the last row was stored in."""


def target_of(assignment: Assignment) -> tuple[str, str | None]:
    """(target name, the place it belongs to) as the sheet shows them."""
    if assignment.institution is not None:
        return assignment.institution.name, None
    if assignment.school is not None:
        return assignment.school.name, None
    if assignment.community is not None:
        return assignment.community.name, assignment.community.township.name
    if assignment.compound is not None:
        return assignment.compound.name, assignment.compound.community.name
    return "", None


class AssignmentsLedger(LedgerSpec):
    name = "assignments"
    title = "包保台账"
    key_label = "包保类型、责任人和包保对象"
    fields = (
        enum_field(
            "kind",
            "包保类型",
            AssignmentKind,
            required=True,
            synonyms=("类型", "包保方式"),
            example="局机关工作人员包机构",
        ),
        Field(
            "person_name",
            "责任人",
            v.text,
            required=True,
            synonyms=("责任人姓名", "姓名", "包保人"),
            example="王晓燕",
            max_length=column_length(Person.name),
        ),
        Field(
            "person_phone",
            "责任人电话",
            normalize_phone,
            synonyms=("联系电话", "电话"),
            example="13990011223",
            help="同名时用于区分",
        ),
        Field(
            "target",
            "包保对象",
            v.text,
            required=True,
            synonyms=("对象", "包保机构", "包保单位"),
            example="示范县启明文化艺术培训学校有限公司",
            help="机构名称或信用代码、学校名称、社区名称或小区名称",
            max_length=column_length(Institution.name),
        ),
        Field(
            "target_parent",
            "对象所属",
            v.text,
            synonyms=("所属乡镇或社区", "所属"),
            help="社区填所属乡镇（街道）；小区填所属社区",
        ),
        Field(
            "starts_on",
            "开始日期",
            v.parse_date,
            required=True,
            synonyms=("起始日期", "包保日期"),
            example="2024-09-01",
        ),
        Field("ends_on", "结束日期", v.parse_date, synonyms=("终止日期",)),
        Field(
            "letter_signed_on",
            "责任书签订日期",
            v.parse_date,
            synonyms=("签订责任书日期", "责任书日期"),
            example="2024-09-05",
        ),
        Field("note", "备注", v.text),
    )

    def prepare(self, session: Session, settings: opts.Settings) -> AssignmentContext:
        people = list(session.scalars(select(Person)))
        by_name: dict[str, list[Person]] = {}
        for p in people:
            by_name.setdefault(p.name, []).append(p)
        institutions: dict[str, list[Institution]] = {}
        by_code: dict[str, Institution] = {}
        for inst in session.scalars(select(Institution)):
            institutions.setdefault(inst.name, []).append(inst)
            if inst.credit_code:
                by_code[inst.credit_code] = inst
        existing = {}
        for a in session.scalars(select(Assignment).where(Assignment.ends_on.is_(None))):
            existing[(a.kind, a.person_id, a.institution_id, a.school_id, a.community_id, a.compound_id)] = a
        return AssignmentContext(
            {(p.name, p.phone): p for p in people},
            by_name,
            institutions,
            by_code,
            {s.name: s for s in session.scalars(select(School))},
            PlaceBook(session),
            existing,
        )

    def _person(self, context: AssignmentContext, values: dict[str, Any]) -> tuple[Person | None, str]:
        name, phone = values.get("person_name"), values.get("person_phone")
        if phone:
            person = context.people.get((name, phone))
            return person, "" if person else f"人员台账中没有“{name}（{phone}）”，请先导入人员台账"
        found = context.people_by_name.get(name or "", [])
        if len(found) == 1:
            return found[0], ""
        if not found:
            return None, f"人员台账中没有“{name}”，请先导入人员台账"
        return None, f"人员台账中有{len(found)}个“{name}”，请填写责任人电话"

    def _target(self, context: AssignmentContext, values: dict[str, Any]) -> tuple[Any, str]:
        kind, target, parent = values.get("kind"), values.get("target"), values.get("target_parent")
        if kind is None or target is None:
            return None, ""
        if kind in (AssignmentKind.STAFF_INSTITUTION, AssignmentKind.INSPECTOR_INSTITUTION):
            if target.upper() in context.institutions_by_code:
                return context.institutions_by_code[target.upper()], ""
            found = context.institutions.get(target, [])
            if len(found) == 1:
                return found[0], ""
            return None, ("机构台账中没有该机构" if not found else f"有{len(found)}家同名机构，请填写统一社会信用代码")
        if kind is AssignmentKind.PRINCIPAL_TEACHERS:
            school = context.schools.get(target)
            return school, "" if school else "学校台账中没有该学校"
        places = context.places
        if kind is AssignmentKind.COMMUNITY_PATROL:
            reason = places.community_problem(parent, target)
            return (None, reason) if reason else (("community", parent, target), "")
        reason = places.compound_problem(parent, target)
        if reason:
            return None, reason
        if parent is not None and places.community_problem(None, parent):
            return None, places.community_problem(None, parent) or ""
        return ("compound", parent, target), ""

    def check(self, context: AssignmentContext, row: RowInput) -> None:
        kind, target, parent = row.values.get("kind"), row.values.get("target"), row.values.get("target_parent")
        longest = {AssignmentKind.COMMUNITY_PATROL: Community.name, AssignmentKind.COMPOUND_PATROL: Compound.name}
        if kind in longest and target and len(target) > (column_length(longest[kind]) or 0):
            row.problem("包保对象", f"名称过长：{len(target)}字，最多{column_length(longest[kind])}字")
        if parent and len(parent) > (column_length(Community.name) or 0):
            row.problem("对象所属", f"名称过长：{len(parent)}字，最多{column_length(Community.name)}字")
        person, reason = self._person(context, row.values)
        if person is None and reason:
            row.problem("责任人", reason)
        target, reason = self._target(context, row.values)
        if target is None and reason:
            row.problem("包保对象", reason)
        starts, ends = row.values.get("starts_on"), row.values.get("ends_on")
        if starts and ends and ends < starts:
            row.problem("结束日期", "不能早于开始日期")

    def key(self, row: RowInput) -> Hashable | None:
        values = row.values
        return (
            values.get("kind"),
            values.get("person_name"),
            values.get("person_phone"),
            values.get("target"),
            values.get("target_parent"),
            values.get("starts_on"),
        )

    def apply(self, session: Session, context: AssignmentContext, row: RowInput) -> bool:
        values = row.values
        kind: AssignmentKind = values["kind"]
        person, _ = self._person(context, values)
        target, _ = self._target(context, values)
        assert person is not None and target is not None
        columns: dict[str, Any] = {"institution": None, "school": None, "community": None, "compound": None}
        if isinstance(target, Institution):
            columns["institution"] = target
        elif isinstance(target, School):
            columns["school"] = target
        elif target[0] == "community":
            columns["community"] = context.places.community(target[1], target[2])
        else:
            community: Community | None = context.places.community(None, target[1]) if target[1] else None
            columns["compound"] = context.places.compound(community, target[2])
        session.flush()
        ids = tuple(getattr(columns[k], "id", None) for k in ("institution", "school", "community", "compound"))
        key = (kind, person.id, *ids)
        assignment = context.existing.get(key)
        inserted = assignment is None
        if assignment is None:
            assignment = Assignment(kind=kind, person=person, starts_on=values["starts_on"], **columns)
            session.add(assignment)
            context.existing[key] = assignment
        for attr in ("starts_on", "ends_on", "letter_signed_on", "note"):
            if attr in values:
                setattr(assignment, attr, values[attr])
        context.applied = assignment
        role = ROLE_FOR_KIND[kind]
        if role not in person.roles and not (
            role is PersonRole.COMPOUND_SECRETARY and PersonRole.GRID_WORKER in person.roles
        ):
            person.role_rows.append(PersonRoleRow(role=role))
        return inserted

    def export_rows(self, session: Session, *, reveal_personal: bool = False) -> Iterator[Sequence[Any]]:
        query = (
            select(Assignment)
            .options(
                joinedload(Assignment.person),
                joinedload(Assignment.institution),
                joinedload(Assignment.school),
                joinedload(Assignment.community).joinedload(Community.township),
                joinedload(Assignment.compound).joinedload(Compound.community),
            )
            .order_by(Assignment.kind, Assignment.person_id, Assignment.id)
        )
        for a in session.scalars(query):
            target, parent = target_of(a)
            yield [
                a.kind.label,
                a.person.name,
                a.person.phone,
                target,
                parent,
                a.starts_on,
                a.ends_on,
                a.letter_signed_on,
                a.note,
            ]
