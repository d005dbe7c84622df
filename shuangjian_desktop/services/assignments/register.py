"""The responsibility ledger (包保台账): all five kinds in one list, shown by person or by target."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session, joinedload

from shuangjian_desktop import settings as opts
from shuangjian_desktop.domain.enums import AssignmentKind
from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.domain.text import clean_text
from shuangjian_desktop.domain.values import parse_date
from shuangjian_desktop.services.assignments.sheet import ROLE_FOR_KIND, AssignmentsLedger, target_of
from shuangjian_desktop.services.base.register import (
    Column,
    Filter,
    FormField,
    Register,
    Row,
    check_with_ledger,
    display,
)
from shuangjian_desktop.services.base.search import COMMUNITY, COMPOUND, INSTITUTION, PERSON, SCHOOL, Searchable
from shuangjian_desktop.services.base.suggest import person_names, target_names
from shuangjian_desktop.store.models import (
    Assignment,
    Community,
    Compound,
    Institution,
    Person,
    PersonRoleRow,
    School,
)

LEDGER = AssignmentsLedger()
STAFF = AssignmentKind.STAFF_INSTITUTION


class AssignmentRegister(Register):
    name = "assignments"
    title = "包保台账"
    editable = True
    model = Assignment
    noun = "包保记录"
    search_hint = "搜索责任人、包保对象（机构、学校、社区、小区）或拼音首字母"
    columns = (
        Column("kind", "包保类型", 150),
        Column("person", "责任人", 80),
        Column("phone", "联系电话", 110),
        Column("target", "包保对象", 260),
        Column("parent", "对象所属", 110),
        Column("starts_on", "开始日期", 90),
        Column("ends_on", "结束日期", 90),
        Column("letter", "责任书签订", 90),
    )
    filters = (
        Filter("kind", "包保类型", tuple((k.label, k.value) for k in AssignmentKind)),
        Filter("active", "状态", (("在岗", "1"), ("已结束", "0"))),
        Filter("letter", "责任书", (("已签订", "1"), ("未签订", "0"))),
    )

    def __init__(self, store: Any, settings: opts.Settings | None = None) -> None:
        super().__init__(store)
        self.settings = settings or opts.Settings()

    def _id(self) -> ColumnElement[int]:
        return Assignment.id

    def _search_parts(self) -> tuple[tuple[ColumnElement[int], Searchable], ...]:
        return (
            (Assignment.person_id, PERSON),
            (Assignment.institution_id, INSTITUTION),
            (Assignment.school_id, SCHOOL),
            (Assignment.community_id, COMMUNITY),
            (Assignment.compound_id, COMPOUND),
        )

    def _sort_columns(self) -> Mapping[str, ColumnElement[Any]]:
        return {
            "kind": Assignment.kind,
            "person": Assignment.person_sort,
            "target": Assignment.target_sort,
            "starts_on": Assignment.starts_on,
            "ends_on": Assignment.ends_on,
            "letter": Assignment.letter_signed_on,
        }

    def _filter_clause(self, key: str, value: str) -> ColumnElement[bool] | None:
        today = dt.date.today()
        if key == "kind":
            return Assignment.kind == AssignmentKind(value)
        if key == "active":
            if value == "1":
                return or_(Assignment.ends_on.is_(None), Assignment.ends_on >= today)
            return and_(Assignment.ends_on.is_not(None), Assignment.ends_on < today)  # a range of the index
        if key == "letter":
            return Assignment.letter_signed_on.is_not(None) if value == "1" else Assignment.letter_signed_on.is_(None)
        return None

    def _load(self, session: Session, ids: Sequence[int]) -> dict[int, Row]:
        today = dt.date.today()
        rows = {}
        stmt = (
            select(Assignment)
            .options(  # one query for the page, not one per row and reference
                joinedload(Assignment.person).lazyload(Person.role_rows),
                joinedload(Assignment.institution),
                joinedload(Assignment.school),
                joinedload(Assignment.community).joinedload(Community.township),
                joinedload(Assignment.compound).joinedload(Compound.community),
            )
            .where(Assignment.id.in_(list(ids)))
        )
        for a in session.scalars(stmt):
            target, parent = target_of(a)
            ended = a.ends_on is not None and a.ends_on < today
            needs_letter = a.kind in (AssignmentKind.PRINCIPAL_TEACHERS, AssignmentKind.STAFF_INSTITUTION)
            tone = "muted" if ended else ("warning" if needs_letter and a.letter_signed_on is None else "")
            rows[a.id] = Row(
                a.id,
                (
                    a.kind.label,
                    a.person.name,
                    a.person.phone,
                    target,
                    parent or "",
                    display(a.starts_on),
                    display(a.ends_on),
                    display(a.letter_signed_on) or "未签",
                ),
                tone,
            )
        return rows

    def form(self) -> tuple[FormField, ...]:
        kinds = {"kind": "choice", "person_name": "ref", "target": "ref", "note": "multiline"}
        refs = {"person_name": person_names(self.store), "target": target_names(self.store)}
        return tuple(FormField(f, kinds.get(f.key, "text"), refs.get(f.key), f.help) for f in LEDGER.fields)

    def _form_values(self, a: Assignment) -> dict[str, Any]:
        target, parent = target_of(a)
        return {
            "kind": a.kind,
            "person_name": a.person.name,
            "person_phone": a.person.phone,
            "target": target,
            "target_parent": parent,
            "starts_on": a.starts_on,
            "ends_on": a.ends_on,
            "letter_signed_on": a.letter_signed_on,
            "note": a.note,
        }

    def _store(self, session: Session, assignment: Assignment | None, values: dict[str, Any]) -> Assignment:
        context = LEDGER.prepare(session, self.settings)
        row = check_with_ledger(LEDGER, context, values)
        if assignment is None:
            LEDGER.apply(session, context, row)
            assert context.applied is not None
            return context.applied
        self._update(session, context, assignment, row.values)
        return assignment

    def _update(self, session: Session, context: Any, assignment: Assignment, values: dict[str, Any]) -> None:
        person, _ = LEDGER._person(context, values)
        target, _ = LEDGER._target(context, values)
        assert person is not None and target is not None
        assignment.kind = values["kind"]
        assignment.person = person
        assignment.institution = target if isinstance(target, Institution) else None
        assignment.school = target if isinstance(target, School) else None
        places = context.places
        assignment.community = (
            places.community(target[1], target[2]) if isinstance(target, tuple) and target[0] == "community" else None
        )
        if isinstance(target, tuple) and target[0] == "compound":
            community = places.community(None, target[1]) if target[1] else None
            assignment.compound = places.compound(community, target[2])
        else:
            assignment.compound = None
        assignment.starts_on = values["starts_on"]
        assignment.ends_on = values.get("ends_on")
        assignment.letter_signed_on = values.get("letter_signed_on")
        assignment.note = values.get("note")
        role = ROLE_FOR_KIND[assignment.kind]
        if role not in person.roles:
            person.role_rows.append(PersonRoleRow(role=role))

    def warnings(self, record_id: int | None, raw: Mapping[str, str]) -> list[str]:
        """A staff member given more institutions than the setting allows (an inspector more than the range's top):
        allowed, since a county may have few staff, but asked before saving."""
        try:
            kind = AssignmentKind.from_label(clean_text(raw.get("kind", "")))
            ends = parse_date(raw["ends_on"]) if clean_text(raw.get("ends_on", "")) else None
        except (ValueError, DomainError):
            return []
        limits = {
            STAFF: (opts.STAFF_MAX_INSTITUTIONS, "包保机构"),
            AssignmentKind.INSPECTOR_INSTITUTION: (opts.INSPECTOR_MAX_INSTITUTIONS, "挂牌督导机构"),
        }
        today = dt.date.today()
        if kind not in limits or (ends is not None and ends < today):
            return []
        name, phone = clean_text(raw.get("person_name", "")), clean_text(raw.get("person_phone", ""))
        option, what = limits[kind]
        most = self.settings.get(option)
        with self.store.read() as uow:
            session = uow.session
            people = select(Person.id).where(Person.name == name, *([Person.phone == phone] if phone else []))
            found = session.scalars(people).all()
            if len(found) != 1:
                return []  # the form's own check names an unknown or ambiguous person
            held = session.scalars(
                select(Assignment.institution_id).where(
                    Assignment.person_id == found[0],
                    Assignment.kind == kind,
                    or_(Assignment.ends_on.is_(None), Assignment.ends_on >= today),
                    Assignment.id != (record_id or 0),
                )
            ).all()
            names = session.scalars(select(Institution.name).where(Institution.id.in_(held))).all()
        if len(held) + 1 <= most:
            return []
        listed = "、".join(names[:5]) + ("等" if len(names) > 5 else "")
        return [
            f"{name}已{what}{len(held)}家（{listed}），再加这一家共{len(held) + 1}家，"
            f"超过设置的上限{most}家（设置：{option.label}）。"
        ]

    def people_of(self, assignment_ids: Sequence[int]) -> list[int]:
        """The responsible people of these assignments, each once, in the order given."""
        with self.store.read() as uow:
            found = dict(
                uow.session.execute(
                    select(Assignment.id, Assignment.person_id).where(Assignment.id.in_(list(assignment_ids)))
                ).all()
            )
        return list(dict.fromkeys(found[i] for i in assignment_ids if i in found))
