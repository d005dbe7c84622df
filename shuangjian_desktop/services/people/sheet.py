"""People (with their roles), public schools and in-service teachers as spreadsheets.

ID numbers are personal data: exports mask them unless the clerk asks for them on purpose.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from shuangjian_desktop import settings as opts
from shuangjian_desktop.domain import values as v
from shuangjian_desktop.domain.enums import PersonRole, SchoolStage
from shuangjian_desktop.domain.errors import InvalidValue
from shuangjian_desktop.domain.id_number import mask_id_number, normalize_id_number
from shuangjian_desktop.domain.phone import normalize_phone
from shuangjian_desktop.services.base.places import PlaceBook
from shuangjian_desktop.services.base.sheet import Field, LedgerSpec, RowInput, column_length, enum_field
from shuangjian_desktop.services.people.keys import person_search_text, school_search_text, teacher_search_text
from shuangjian_desktop.store.models import Person, PersonRoleRow, School, Teacher, Township


def parse_roles(value: Any) -> list[PersonRole]:
    roles: list[PersonRole] = []
    for part in re.split(r"[、,，/;；\s]+", v.text(value)):
        if not part:
            continue
        try:
            role = PersonRole.from_label(part)
        except ValueError as error:
            raise InvalidValue(str(error)) from None
        if role not in roles:
            roles.append(role)
    if not roles:
        raise InvalidValue("不能为空")
    return roles


def parse_id_number(value: Any) -> str:
    if "*" in str(value):
        raise InvalidValue("身份证号已打码，不能导入；请使用含完整号码的表格")
    return normalize_id_number(str(value))


def person_key(name: str, phone: str | None) -> tuple[str, str]:
    return (name, phone or "")


class PeopleLedger(LedgerSpec):
    name = "people"
    title = "人员台账"
    key_label = "姓名和联系电话"
    fields = (
        Field(
            "name",
            "姓名",
            v.text,
            required=True,
            synonyms=("人员姓名", "责任人"),
            example="王晓燕",
            max_length=column_length(Person.name),
        ),
        Field(
            "phone",
            "联系电话",
            normalize_phone,
            required=True,
            synonyms=("电话", "手机", "手机号码"),
            example="13990011223",
        ),
        Field(
            "unit",
            "工作单位",
            v.text,
            synonyms=("单位", "所在单位", "科室"),
            example="示范县教育和体育局基础教育股",
            max_length=column_length(Person.unit),
        ),
        Field(
            "title", "职务", v.text, synonyms=("职务职称",), example="副股长", max_length=column_length(Person.title)
        ),
        Field(
            "roles",
            "角色",
            parse_roles,
            required=True,
            synonyms=("身份", "人员类别", "类别"),
            choices=tuple(PersonRole.labels()),
            help="可填多个，用顿号分隔",
            example="局机关工作人员",
        ),
        Field("id_number", "身份证号", parse_id_number, synonyms=("身份证号码", "公民身份号码"), example=None),
        Field("note", "备注", v.text),
    )

    def prepare(self, session: Session, settings: opts.Settings) -> dict[tuple[str, str], Person]:
        return {person_key(p.name, p.phone): p for p in session.scalars(select(Person))}

    def key(self, row: RowInput) -> Hashable | None:
        if "name" not in row.values:
            return None
        return person_key(row.values["name"], row.values.get("phone"))

    def apply(self, session: Session, context: dict[tuple[str, str], Person], row: RowInput) -> bool:
        values = row.values
        key = person_key(values["name"], values.get("phone"))
        person = context.get(key)
        inserted = person is None
        if person is None:
            person = Person(name=values["name"], phone=values.get("phone") or "")
            session.add(person)
            context[key] = person
        for attr in ("unit", "title", "id_number", "note"):
            if attr in values:
                setattr(person, attr, values[attr])
        have = {r.role for r in person.role_rows}
        for role in values["roles"]:
            if role not in have:
                person.role_rows.append(PersonRoleRow(role=role))
        person.search_key = person_search_text(person.name, person.unit, person.phone)
        return inserted

    def export_rows(self, session: Session, *, reveal_personal: bool = False) -> Iterator[Sequence[Any]]:
        for p in session.scalars(select(Person).order_by(Person.id)):
            number = p.id_number if reveal_personal else mask_id_number(p.id_number)
            yield [p.name, p.phone, p.unit, p.title, "、".join(r.label for r in p.roles), number or None, p.note]


class SchoolsLedger(LedgerSpec):
    name = "schools"
    title = "学校台账"
    key_label = "学校名称"
    fields = (
        Field(
            "name",
            "学校名称",
            v.text,
            required=True,
            synonyms=("学校", "校名"),
            example="示范县实验小学",
            max_length=column_length(School.name),
        ),
        enum_field("stage", "学段", SchoolStage, required=True, synonyms=("办学层次", "学校类型"), example="小学"),
        Field(
            "township",
            "乡镇（街道）",
            v.text,
            synonyms=("乡镇", "街道", "所属乡镇"),
            example="城关镇",
            max_length=column_length(Township.name),
        ),
        Field(
            "address",
            "地址",
            v.text,
            synonyms=("学校地址",),
            example="城关镇学府路1号",
            max_length=column_length(School.address),
        ),
        Field("phone", "联系电话", normalize_phone, synonyms=("电话",), example="0833-5551234"),
    )

    def prepare(self, session: Session, settings: opts.Settings) -> tuple[dict[str, School], PlaceBook]:
        return {s.name: s for s in session.scalars(select(School))}, PlaceBook(session)

    def key(self, row: RowInput) -> Hashable | None:
        return row.values.get("name")

    def check(self, context: tuple[dict[str, School], PlaceBook], row: RowInput) -> None:
        why = context[1].township_problem(row.values.get("township"))
        if why:
            row.problem("乡镇（街道）", why)

    def apply(self, session: Session, context: tuple[dict[str, School], PlaceBook], row: RowInput) -> bool:
        schools, places = context
        values = row.values
        school = schools.get(values["name"])
        inserted = school is None
        if school is None:
            school = School(name=values["name"], stage=values["stage"])
            session.add(school)
            schools[school.name] = school
        for attr in ("stage", "address", "phone"):
            if attr in values:
                setattr(school, attr, values[attr])
        if "township" in values:
            school.township = places.township(values["township"])
        school.search_key = school_search_text(school.name, school.address)
        return inserted

    def export_rows(self, session: Session, *, reveal_personal: bool = False) -> Iterator[Sequence[Any]]:
        for s in session.scalars(select(School).options(joinedload(School.township)).order_by(School.id)):
            yield [s.name, s.stage.label, s.township.name if s.township else None, s.address, s.phone]


@dataclass
class TeacherContext:
    by_id_number: dict[str, Teacher]
    schools: dict[str, School]


class TeachersLedger(LedgerSpec):
    name = "teachers"
    title = "在职教师台账"
    key_label = "身份证号"
    fields = (
        Field(
            "name",
            "姓名",
            v.text,
            required=True,
            synonyms=("教师姓名",),
            example="赵建国",
            max_length=column_length(Teacher.name),
        ),
        Field(
            "id_number",
            "身份证号",
            parse_id_number,
            required=True,
            synonyms=("身份证号码", "公民身份号码"),
            example="511423198503150013",
        ),
        Field(
            "school",
            "所在学校",
            v.text,
            required=True,
            synonyms=("学校", "学校名称", "任教学校"),
            example="示范县实验小学",
        ),
        Field(
            "subject",
            "任教学科",
            v.text,
            synonyms=("学科",),
            example="数学",
            max_length=column_length(Teacher.subject),
        ),
        Field("phone", "联系电话", normalize_phone, synonyms=("电话", "手机"), example="13700001111"),
        Field(
            "pledge_signed",
            "已签承诺书",
            v.parse_bool,
            synonyms=("承诺书", "签订承诺书"),
            choices=("是", "否"),
            example="是",
        ),
        Field(
            "moonlighting",
            "有偿补课或校外兼职",
            v.parse_bool,
            synonyms=("有偿补课", "校外兼职"),
            choices=("是", "否"),
            example="否",
        ),
        Field("note", "备注", v.text),
    )

    def prepare(self, session: Session, settings: opts.Settings) -> TeacherContext:
        return TeacherContext(
            {t.id_number: t for t in session.scalars(select(Teacher))},
            {s.name: s for s in session.scalars(select(School))},
        )

    def key(self, row: RowInput) -> Hashable | None:
        return row.values.get("id_number")

    def check(self, context: TeacherContext, row: RowInput) -> None:
        school = row.values.get("school")
        if school is not None and school not in context.schools:
            row.problem("所在学校", f"学校台账中没有“{school}”，请先导入学校台账")

    def apply(self, session: Session, context: TeacherContext, row: RowInput) -> bool:
        values = row.values
        teacher = context.by_id_number.get(values["id_number"])
        inserted = teacher is None
        if teacher is None:
            teacher = Teacher(
                id_number=values["id_number"], name=values["name"], moonlighting=False, pledge_signed=False
            )
            session.add(teacher)
            context.by_id_number[teacher.id_number] = teacher
        teacher.school = context.schools[values["school"]]
        for attr in ("name", "subject", "phone", "pledge_signed", "moonlighting", "note"):
            if attr in values:
                setattr(teacher, attr, values[attr])
        teacher.search_key = teacher_search_text(teacher.name, teacher.subject)
        return inserted

    def export_rows(self, session: Session, *, reveal_personal: bool = False) -> Iterator[Sequence[Any]]:
        query = select(Teacher).options(joinedload(Teacher.school)).order_by(Teacher.school_id, Teacher.id)
        for t in session.scalars(query):
            number = t.id_number if reveal_personal else mask_id_number(t.id_number)
            yield [
                t.name,
                number,
                t.school.name,
                t.subject,
                t.phone,
                "是" if t.pledge_signed else "否",
                "是" if t.moonlighting else "否",
                t.note,
            ]
