"""People (with their roles), schools and in-service teachers. ID numbers stay masked unless asked for."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, exists, func, literal, select
from sqlalchemy.orm import Session

from shuangjian_desktop.domain.enums import AssignmentKind, PersonRole, SchoolStage
from shuangjian_desktop.domain.errors import FieldProblem, RecordRejected
from shuangjian_desktop.domain.id_number import mask_id_number
from shuangjian_desktop.services.base.places import PlaceBook
from shuangjian_desktop.services.base.register import (
    Column,
    Filter,
    FormField,
    Query,
    Register,
    Row,
    references,
)
from shuangjian_desktop.services.base.search import PERSON, SCHOOL, Searchable
from shuangjian_desktop.services.base.suggest import township_names
from shuangjian_desktop.services.people.keys import person_search_text, school_search_text
from shuangjian_desktop.services.people.sheet import PeopleLedger, SchoolsLedger
from shuangjian_desktop.store.models import (
    Assignment,
    InspectionInspector,
    Person,
    PersonRoleRow,
    School,
    Teacher,
    Ticket,
    TicketEvent,
    Township,
)

PERSON_REFERENCES = (
    ("包保记录", Assignment.person_id),
    ("检查记录", InspectionInspector.person_id),
    ("承办的工单", Ticket.handler_id),
    ("工单办理记录", TicketEvent.person_id),
)
SCHOOL_REFERENCES = (("在职教师记录", Teacher.school_id), ("包保记录", Assignment.school_id))


class PeopleRegister(Register):
    name = "people"
    title = "人员台账"
    editable = True
    model = Person
    noun = "人员"
    search_hint = "搜索姓名、单位、电话或拼音首字母"
    columns = (
        Column("name", "姓名", 90),
        Column("phone", "联系电话", 110),
        Column("unit", "工作单位", 240),
        Column("title", "职务", 90),
        Column("roles", "角色", 150),
        Column("id_number", "身份证号", 160),
        Column("load", "包保数", 60, True),
    )
    filters = (Filter("role", "角色", tuple((r.label, r.value) for r in PersonRole)),)
    ledger = PeopleLedger()

    def _id(self) -> ColumnElement[int]:
        return Person.id

    def _search_parts(self) -> tuple[tuple[ColumnElement[int], Searchable], ...]:
        return ((Person.id, PERSON),)

    def _sort_columns(self) -> Mapping[str, ColumnElement[Any]]:
        return {"name": Person.sort_name, "phone": Person.phone, "unit": Person.unit_sort, "title": Person.title_sort}

    def _filter_clause(self, key: str, value: str) -> ColumnElement[bool] | None:
        if key == "role":  # the role's people found by its index
            return Person.id.in_(select(PersonRoleRow.person_id).where(PersonRoleRow.role == PersonRole(value)))
        return None

    def _filter_per_row(self, key: str, value: str) -> ColumnElement[bool] | None:
        if key == "role":  # one look-up of (person, role) per listed row
            role = PersonRole(value)
            return exists(select(literal(1)).where(PersonRoleRow.person_id == Person.id, PersonRoleRow.role == role))
        return None

    def _load(self, session: Session, ids: Sequence[int]) -> dict[int, Row]:
        loads = dict(
            session.execute(
                select(Assignment.person_id, func.count())
                .where(Assignment.person_id.in_(list(ids)), Assignment.ends_on.is_(None))
                .group_by(Assignment.person_id)
            ).all()
        )
        rows = {}
        for p in session.scalars(select(Person).where(Person.id.in_(list(ids)))):
            rows[p.id] = Row(
                p.id,
                (
                    p.name,
                    p.phone,
                    p.unit or "",
                    p.title or "",
                    "、".join(r.label for r in p.roles),
                    mask_id_number(p.id_number),
                    loads.get(p.id, 0),
                ),
            )
        return rows

    def form(self) -> tuple[FormField, ...]:
        kinds = {"note": "multiline"}
        return tuple(FormField(f, kinds.get(f.key, "text"), None, f.help) for f in self.ledger.fields)

    def _form_values(self, p: Person) -> dict[str, Any]:
        return {
            "name": p.name,
            "phone": p.phone,
            "unit": p.unit,
            "title": p.title,
            "roles": "、".join(r.label for r in p.roles),
            "id_number": p.id_number,
            "note": p.note,
        }

    def _store(self, session: Session, person: Person | None, values: dict[str, Any]) -> Person:
        own_id = person.id if person is not None else 0
        clash = session.scalar(
            select(Person).where(Person.name == values["name"], Person.phone == values["phone"], Person.id != own_id)
        )
        if clash is not None:
            raise RecordRejected([FieldProblem(None, "联系电话", f"已有同名同电话的人员“{clash.name}”")])
        if values.get("id_number"):
            other = session.scalar(select(Person).where(Person.id_number == values["id_number"], Person.id != own_id))
            if other is not None:
                raise RecordRejected([FieldProblem(None, "身份证号", f"已被“{other.name}”使用")])
        if person is None:
            person = Person()
            session.add(person)
        for key in ("name", "phone", "unit", "title", "id_number", "note"):
            setattr(person, key, values.get(key))
        wanted = values["roles"]
        for row in list(person.role_rows):
            if row.role not in wanted:
                person.role_rows.remove(row)
        have = {r.role for r in person.role_rows}
        person.role_rows.extend(PersonRoleRow(role=r) for r in wanted if r not in have)
        person.search_key = person_search_text(person.name, person.unit, person.phone)
        return person

    def _in_use(self, session: Session, person: Person) -> str:
        used = references(session, person.id, PERSON_REFERENCES)
        if not used:
            return ""
        return f"“{person.name}”有{'、'.join(used)}，不能删除。人员调离时请在包保台账中填写结束日期。"


class SchoolRegister(Register):
    name = "schools"
    title = "学校台账"
    editable = True
    model = School
    noun = "学校"
    search_hint = "搜索学校名称、地址或拼音首字母"
    columns = (
        Column("name", "学校名称", 200),
        Column("stage", "学段", 80),
        Column("township", "乡镇（街道）", 90),
        Column("address", "地址", 200),
        Column("phone", "联系电话", 110),
        Column("principal", "校长", 80),
        Column("letter", "责任书签订", 90),
        Column("teachers", "在职教师", 70, True),
    )
    filters = (Filter("stage", "学段", tuple((s.label, s.value) for s in SchoolStage)),)
    ledger = SchoolsLedger()

    def _id(self) -> ColumnElement[int]:
        return School.id

    def _search_parts(self) -> tuple[tuple[ColumnElement[int], Searchable], ...]:
        return ((School.id, SCHOOL),)

    def _sort_columns(self) -> Mapping[str, ColumnElement[Any]]:
        township = select(Township.sort_name).where(Township.id == School.township_id).scalar_subquery()
        return {"name": School.sort_name, "stage": School.stage, "township": township, "address": School.address}

    def _filter_clause(self, key: str, value: str) -> ColumnElement[bool] | None:
        return School.stage == SchoolStage(value) if key == "stage" else None

    def _load(self, session: Session, ids: Sequence[int]) -> dict[int, Row]:
        teachers = dict(
            session.execute(
                select(Teacher.school_id, func.count())
                .where(Teacher.school_id.in_(list(ids)))
                .group_by(Teacher.school_id)
            ).all()
        )
        principals: dict[int, tuple[str, str]] = {}
        stmt = (
            select(Assignment.school_id, Person.name, Assignment.letter_signed_on)
            .join(Person)
            .where(
                Assignment.kind == AssignmentKind.PRINCIPAL_TEACHERS,
                Assignment.ends_on.is_(None),
                Assignment.school_id.in_(list(ids)),
            )
        )
        for school_id, name, signed in session.execute(stmt):
            principals[school_id] = (name, signed.isoformat() if signed else "未签")
        rows = {}
        for s in session.scalars(select(School).where(School.id.in_(list(ids)))):
            principal, letter = principals.get(s.id, ("（未指定）", ""))
            tone = "warning" if letter in ("未签", "") else ""
            rows[s.id] = Row(
                s.id,
                (
                    s.name,
                    s.stage.label,
                    s.township.name if s.township else "",
                    s.address or "",
                    s.phone or "",
                    principal,
                    letter,
                    teachers.get(s.id, 0),
                ),
                tone,
            )
        return rows

    def form(self) -> tuple[FormField, ...]:
        kinds = {"stage": "choice", "township": "ref"}
        return tuple(
            FormField(f, kinds.get(f.key, "text"), township_names(self.store) if f.key == "township" else None, f.help)
            for f in self.ledger.fields
        )

    def _form_values(self, s: School) -> dict[str, Any]:
        return {
            "name": s.name,
            "stage": s.stage,
            "township": s.township.name if s.township else None,
            "address": s.address,
            "phone": s.phone,
        }

    def _store(self, session: Session, school: School | None, values: dict[str, Any]) -> School:
        other = session.scalar(
            select(School).where(School.name == values["name"], School.id != (school.id if school else 0))
        )
        if other is not None:
            raise RecordRejected([FieldProblem(None, "学校名称", "已有同名学校")])
        places = PlaceBook(session)
        why = places.township_problem(values.get("township"))
        if why:
            raise RecordRejected([FieldProblem(None, "乡镇（街道）", why)])
        if school is None:
            school = School()
            session.add(school)
        for key in ("name", "stage", "address", "phone"):
            setattr(school, key, values.get(key))
        school.township = places.township(values["township"]) if values.get("township") else None
        school.search_key = school_search_text(school.name, school.address)
        return school

    def _in_use(self, session: Session, school: School) -> str:
        used = references(session, school.id, SCHOOL_REFERENCES)
        return f"“{school.name}”有{'、'.join(used)}，不能删除。" if used else ""


__all__ = ["PeopleRegister", "Query", "SchoolRegister"]
