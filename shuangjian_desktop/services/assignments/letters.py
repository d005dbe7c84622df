"""Batch printing of responsibility letters for chosen people: one letter per person and kind of assignment."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import or_, select

from shuangjian_desktop.documents.letters import LetterData, write_letters
from shuangjian_desktop.domain.enums import AssignmentKind
from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.domain.values import chinese_date
from shuangjian_desktop.services.assignments.sheet import target_of
from shuangjian_desktop.store.models import Assignment, BureauProfile, Person
from shuangjian_desktop.store.uow import Store


def letters_for(store: Store, person_ids: Iterable[int], today: dt.date | None = None) -> list[LetterData]:
    today = today or dt.date.today()
    wanted = list(dict.fromkeys(person_ids))
    with store.read() as uow:
        session = uow.session
        profile = session.scalar(select(BureauProfile))
        bureau = profile.unit_name if profile and profile.unit_name else "教育和体育局"
        grouped: dict[tuple[int, AssignmentKind], list[Assignment]] = defaultdict(list)
        stmt = select(Assignment).where(
            Assignment.person_id.in_(wanted), or_(Assignment.ends_on.is_(None), Assignment.ends_on >= today)
        )
        for assignment in session.scalars(stmt.order_by(Assignment.kind, Assignment.id)):
            grouped[(assignment.person_id, assignment.kind)].append(assignment)
        people = {p.id: p for p in session.scalars(select(Person).where(Person.id.in_(wanted)))}
        letters = []
        for person_id in wanted:
            for kind in AssignmentKind:
                items = grouped.get((person_id, kind))
                if not items:
                    continue
                person = people[person_id]
                letters.append(
                    LetterData(
                        kind=kind.value,
                        person=person.name,
                        unit=person.unit or "",
                        title=person.title or "",
                        targets=tuple(target_of(a)[0] for a in items),
                        bureau=bureau,
                        starts=chinese_date(min(a.starts_on for a in items)),
                    )
                )
    return letters


def people_with_assignments(store: Store, today: dt.date | None = None) -> list[int]:
    """Everyone with an assignment in force, in pinyin order: the whole batch of letters."""
    today = today or dt.date.today()
    with store.read() as uow:
        return list(
            uow.session.scalars(
                select(Person.id)
                .join(Assignment, Assignment.person_id == Person.id)
                .where(or_(Assignment.ends_on.is_(None), Assignment.ends_on >= today))
                .group_by(Person.id)
                .order_by(Person.sort_name)
            )
        )


def print_letters(store: Store, person_ids: Iterable[int], path: Path, *, duplex: bool = True) -> int:
    letters = letters_for(store, person_ids)
    if not letters:
        raise DomainError("选中的人员没有在岗的包保责任，无需打印责任书。")
    write_letters(path, letters, duplex=duplex)
    return len(letters)
