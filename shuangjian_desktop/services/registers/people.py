"""People (with their roles), schools and in-service teachers. ID numbers stay masked unless asked for."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from shuangjian_desktop.domain.enums import AssignmentKind, PersonRole, SchoolStage
from shuangjian_desktop.domain.errors import DomainError, FieldProblem, NotFound, RecordRejected
from shuangjian_desktop.domain.id_number import mask_id_number
from shuangjian_desktop.domain.pinyin import search_key
from shuangjian_desktop.services.ledgers.people import PeopleLedger, SchoolsLedger, TeachersLedger
from shuangjian_desktop.services.ledgers.places import PlaceBook
from shuangjian_desktop.services.registers.base import (
    Column,
    Filter,
    FormField,
    Query,
    Register,
    Row,
    display,
    parse_form,
)
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


def _count(session: Session, column: Any, value: int) -> int:
    return session.scalar(select(func.count()).where(column == value)) or 0


class PeopleRegister(Register):
    name = "people"
    title = "人员台账"
    editable = True
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

    def _base(self) -> Select[Any]:
        return select(Person.id)

    def _search_column(self) -> ColumnElement[str]:
        return Person.search_key

    def _sort_columns(self) -> Mapping[str, ColumnElement[Any]]:
        return {"name": Person.sort_name, "phone": Person.phone, "unit": Person.unit, "title": Person.title}

    def _filter_clause(self, key: str, value: str) -> ColumnElement[bool] | None:
        if key == "role":
            return Person.id.in_(select(PersonRoleRow.person_id).where(PersonRoleRow.role == PersonRole(value)))
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

    def load(self, record_id: int) -> dict[str, str]:
        with self.store.read() as uow:
            p = uow.session.get(Person, record_id)
            if p is None:
                raise NotFound("该人员已不存在")
            return {
                "name": p.name,
                "phone": p.phone,
                "unit": p.unit or "",
                "title": p.title or "",
                "roles": "、".join(r.label for r in p.roles),
                "id_number": p.id_number or "",
                "note": p.note or "",
            }

    def save(self, record_id: int | None, raw: Mapping[str, str], user: str) -> int:
        values = parse_form(self.form(), raw)
        with self.store.write(user) as uow:
            session = uow.session
            clash = session.scalar(
                select(Person).where(
                    Person.name == values["name"], Person.phone == values["phone"], Person.id != (record_id or 0)
                )
            )
            if clash is not None:
                raise RecordRejected([FieldProblem(None, "联系电话", f"已有同名同电话的人员“{clash.name}”")])
            if values.get("id_number"):
                other = session.scalar(
                    select(Person).where(Person.id_number == values["id_number"], Person.id != (record_id or 0))
                )
                if other is not None:
                    raise RecordRejected([FieldProblem(None, "身份证号", f"已被“{other.name}”使用")])
            person = Person() if record_id is None else session.get(Person, record_id)
            if person is None:
                raise NotFound("该人员已不存在")
            if record_id is None:
                session.add(person)
            for key in ("name", "phone", "unit", "title", "id_number", "note"):
                setattr(person, key, values.get(key))
            wanted = values["roles"]
            for row in list(person.role_rows):
                if row.role not in wanted:
                    person.role_rows.remove(row)
            have = {r.role for r in person.role_rows}
            person.role_rows.extend(PersonRoleRow(role=r) for r in wanted if r not in have)
            person.search_key = search_key(person.name, person.unit, person.phone)
            session.flush()
            new_id = person.id
            uow.commit()
        return new_id

    def delete(self, record_id: int, user: str) -> None:
        with self.store.write(user) as uow:
            session = uow.session
            person = session.get(Person, record_id)
            if person is None:
                raise NotFound("该人员已不存在")
            used = [
                f"{n}条{label}"
                for label, n in (
                    ("包保记录", _count(session, Assignment.person_id, record_id)),
                    ("检查记录", _count(session, InspectionInspector.person_id, record_id)),
                    ("承办的工单", _count(session, Ticket.handler_id, record_id)),
                    ("工单办理记录", _count(session, TicketEvent.person_id, record_id)),
                )
                if n
            ]
            if used:
                raise DomainError(
                    f"“{person.name}”有{'、'.join(used)}，不能删除。人员调离时请在包保台账中填写结束日期。"
                )
            session.delete(person)
            uow.commit()


class SchoolRegister(Register):
    name = "schools"
    title = "学校台账"
    editable = True
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

    def _base(self) -> Select[Any]:
        return select(School.id).outerjoin(Township, School.township_id == Township.id)

    def _search_column(self) -> ColumnElement[str]:
        return School.search_key

    def _sort_columns(self) -> Mapping[str, ColumnElement[Any]]:
        return {"name": School.sort_name, "stage": School.stage, "township": Township.name, "address": School.address}

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
            FormField(f, kinds.get(f.key, "text"), self._townships if f.key == "township" else None, f.help)
            for f in self.ledger.fields
        )

    def _townships(self) -> list[str]:
        with self.store.read() as uow:
            return list(uow.session.scalars(select(Township.name).order_by(Township.name)))

    def load(self, record_id: int) -> dict[str, str]:
        with self.store.read() as uow:
            s = uow.session.get(School, record_id)
            if s is None:
                raise NotFound("该学校已不存在")
            return {
                "name": s.name,
                "stage": s.stage.label,
                "township": s.township.name if s.township else "",
                "address": s.address or "",
                "phone": s.phone or "",
            }

    def save(self, record_id: int | None, raw: Mapping[str, str], user: str) -> int:
        values = parse_form(self.form(), raw)
        with self.store.write(user) as uow:
            session = uow.session
            other = session.scalar(select(School).where(School.name == values["name"], School.id != (record_id or 0)))
            if other is not None:
                raise RecordRejected([FieldProblem(None, "学校名称", "已有同名学校")])
            school = School() if record_id is None else session.get(School, record_id)
            if school is None:
                raise NotFound("该学校已不存在")
            if record_id is None:
                session.add(school)
            for key in ("name", "stage", "address", "phone"):
                setattr(school, key, values.get(key))
            school.township = PlaceBook(session).township(values["township"]) if values.get("township") else None
            school.search_key = search_key(school.name, school.address)
            session.flush()
            new_id = school.id
            uow.commit()
        return new_id

    def delete(self, record_id: int, user: str) -> None:
        with self.store.write(user) as uow:
            session = uow.session
            school = session.get(School, record_id)
            if school is None:
                raise NotFound("该学校已不存在")
            used = [
                f"{n}条{label}"
                for label, n in (
                    ("在职教师记录", _count(session, Teacher.school_id, record_id)),
                    ("包保记录", _count(session, Assignment.school_id, record_id)),
                )
                if n
            ]
            if used:
                raise DomainError(f"“{school.name}”有{'、'.join(used)}，不能删除。")
            session.delete(school)
            uow.commit()


class TeacherRegister(Register):
    name = "teachers"
    title = "在职教师台账"
    editable = True
    search_hint = "搜索教师姓名、学科或拼音首字母"
    columns = (
        Column("name", "姓名", 80),
        Column("id_number", "身份证号", 160),
        Column("school", "所在学校", 180),
        Column("subject", "任教学科", 80),
        Column("phone", "联系电话", 110),
        Column("pledge", "承诺书", 60),
        Column("moonlighting", "有偿补课或校外兼职", 120),
    )
    filters = (
        Filter("pledge", "承诺书", (("已签", "1"), ("未签", "0"))),
        Filter("moonlighting", "有偿补课", (("有", "1"), ("无", "0"))),
        Filter("school", "学校", ()),
    )
    ledger = TeachersLedger()

    def __init__(self, store: Any) -> None:
        super().__init__(store)
        self.reveal_id_numbers = False

    def school_choices(self) -> tuple[tuple[str, str], ...]:
        with self.store.read() as uow:
            return tuple((s.name, str(s.id)) for s in uow.session.scalars(select(School).order_by(School.sort_name)))

    def _base(self) -> Select[Any]:
        return select(Teacher.id).join(School, Teacher.school_id == School.id)

    def _search_column(self) -> ColumnElement[str]:
        return Teacher.search_key

    def _sort_columns(self) -> Mapping[str, ColumnElement[Any]]:
        return {
            "name": Teacher.sort_name,
            "school": School.sort_name,
            "subject": Teacher.subject,
            "pledge": Teacher.pledge_signed,
            "moonlighting": Teacher.moonlighting,
        }

    def _filter_clause(self, key: str, value: str) -> ColumnElement[bool] | None:
        if key == "pledge":
            return Teacher.pledge_signed == (value == "1")
        if key == "moonlighting":
            return Teacher.moonlighting == (value == "1")
        if key == "school":
            return Teacher.school_id == int(value)
        return None

    def _load(self, session: Session, ids: Sequence[int]) -> dict[int, Row]:
        rows = {}
        for t, school in session.execute(select(Teacher, School.name).join(School).where(Teacher.id.in_(list(ids)))):
            number = t.id_number if self.reveal_id_numbers else mask_id_number(t.id_number)
            tone = "danger" if t.moonlighting else ("warning" if not t.pledge_signed else "")
            rows[t.id] = Row(
                t.id,
                (
                    t.name,
                    number,
                    school,
                    t.subject or "",
                    t.phone or "",
                    "已签" if t.pledge_signed else "未签",
                    "有" if t.moonlighting else "无",
                ),
                tone,
            )
        return rows

    def form(self) -> tuple[FormField, ...]:
        kinds = {"school": "ref", "pledge_signed": "bool", "moonlighting": "bool", "note": "multiline"}
        return tuple(
            FormField(f, kinds.get(f.key, "text"), self._schools if f.key == "school" else None, f.help)
            for f in self.ledger.fields
        )

    def _schools(self) -> list[str]:
        with self.store.read() as uow:
            return list(uow.session.scalars(select(School.name).order_by(School.sort_name)))

    def load(self, record_id: int) -> dict[str, str]:
        with self.store.read() as uow:
            t = uow.session.get(Teacher, record_id)
            if t is None:
                raise NotFound("该教师已不存在")
            return {
                "name": t.name,
                "id_number": t.id_number,
                "school": t.school.name,
                "subject": t.subject or "",
                "phone": t.phone or "",
                "pledge_signed": display(t.pledge_signed),
                "moonlighting": display(t.moonlighting),
                "note": t.note or "",
            }

    def save(self, record_id: int | None, raw: Mapping[str, str], user: str) -> int:
        values = parse_form(self.form(), raw)
        with self.store.write(user) as uow:
            session = uow.session
            school = session.scalar(select(School).where(School.name == values["school"]))
            problems = [] if school else [FieldProblem(None, "所在学校", f"学校台账中没有“{values['school']}”")]
            other = session.scalar(
                select(Teacher).where(Teacher.id_number == values["id_number"], Teacher.id != (record_id or 0))
            )
            if other is not None:
                problems.append(FieldProblem(None, "身份证号", f"已被教师“{other.name}”使用"))
            if problems:
                raise RecordRejected(problems)
            teacher = Teacher() if record_id is None else session.get(Teacher, record_id)
            if teacher is None:
                raise NotFound("该教师已不存在")
            if record_id is None:
                session.add(teacher)
            teacher.school = school
            for key in ("name", "id_number", "subject", "phone", "note"):
                setattr(teacher, key, values.get(key))
            teacher.pledge_signed = bool(values.get("pledge_signed"))
            teacher.moonlighting = bool(values.get("moonlighting"))
            teacher.search_key = search_key(teacher.name, teacher.subject)
            session.flush()
            new_id = teacher.id
            uow.commit()
        return new_id

    def delete(self, record_id: int, user: str) -> None:
        with self.store.write(user) as uow:
            teacher = uow.session.get(Teacher, record_id)
            if teacher is None:
                raise NotFound("该教师已不存在")
            if _count(uow.session, Ticket.teacher_id, record_id):
                raise DomainError(f"“{teacher.name}”有关联的投诉工单，不能删除。")
            uow.session.delete(teacher)
            uow.commit()


__all__ = ["PeopleRegister", "Query", "SchoolRegister", "TeacherRegister"]
