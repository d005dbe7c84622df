"""In-service teachers (在职教师): the school they teach at, the pledge, and any moonlighting found; ID numbers are
masked unless shown on purpose."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from shuangjian_desktop.domain.errors import FieldProblem, RecordRejected
from shuangjian_desktop.domain.id_number import mask_id_number
from shuangjian_desktop.services.base.register import Column, Filter, FormField, Register, Row, references
from shuangjian_desktop.services.base.search import TEACHER, Searchable
from shuangjian_desktop.services.base.suggest import school_names
from shuangjian_desktop.services.people.keys import teacher_search_text
from shuangjian_desktop.services.people.sheet import TeachersLedger
from shuangjian_desktop.services.privacy import reveal
from shuangjian_desktop.store.models import School, Teacher, Ticket


class TeacherRegister(Register):
    name = "teachers"
    title = "在职教师台账"
    editable = True
    model = Teacher
    noun = "教师"
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

    def show_id_numbers(self, on: bool, user: str) -> None:
        """Show full ID numbers (a permission of its own, put on record) or mask them again."""
        if on:
            reveal(self.store, user, "在职教师台账的完整身份证号")
        self.reveal_id_numbers = on

    def showing_personal(self) -> bool:
        return self.reveal_id_numbers

    def school_choices(self) -> tuple[tuple[str, str], ...]:
        with self.store.read() as uow:
            return tuple((s.name, str(s.id)) for s in uow.session.scalars(select(School).order_by(School.sort_name)))

    def _id(self) -> ColumnElement[int]:
        return Teacher.id

    def _search_parts(self) -> tuple[tuple[ColumnElement[int], Searchable], ...]:
        return ((Teacher.id, TEACHER),)

    def _sort_columns(self) -> Mapping[str, ColumnElement[Any]]:
        return {
            "name": Teacher.sort_name,
            "school": Teacher.school_sort,
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
            FormField(f, kinds.get(f.key, "text"), school_names(self.store) if f.key == "school" else None, f.help)
            for f in self.ledger.fields
        )

    def _form_values(self, t: Teacher) -> dict[str, Any]:
        return {
            "name": t.name,
            "id_number": t.id_number,
            "school": t.school.name,
            "subject": t.subject,
            "phone": t.phone,
            "pledge_signed": t.pledge_signed,
            "moonlighting": t.moonlighting,
            "note": t.note,
        }

    def _store(self, session: Session, teacher: Teacher | None, values: dict[str, Any]) -> Teacher:
        school = session.scalar(select(School).where(School.name == values["school"]))
        problems = [] if school else [FieldProblem(None, "所在学校", f"学校台账中没有“{values['school']}”")]
        other = session.scalar(
            select(Teacher).where(
                Teacher.id_number == values["id_number"], Teacher.id != (teacher.id if teacher else 0)
            )
        )
        if other is not None:
            problems.append(FieldProblem(None, "身份证号", f"已被教师“{other.name}”使用"))
        if problems:
            raise RecordRejected(problems)
        if teacher is None:
            teacher = Teacher()
            session.add(teacher)
        teacher.school = school
        for key in ("name", "id_number", "subject", "phone", "note"):
            setattr(teacher, key, values.get(key))
        teacher.pledge_signed = bool(values.get("pledge_signed"))
        teacher.moonlighting = bool(values.get("moonlighting"))
        teacher.search_key = teacher_search_text(teacher.name, teacher.subject)
        return teacher

    def _in_use(self, session: Session, teacher: Teacher) -> str:
        if references(session, teacher.id, (("投诉工单", Ticket.teacher_id),)):
            return f"“{teacher.name}”有关联的投诉工单，不能删除。"
        return ""
