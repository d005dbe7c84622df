"""Type-ahead for the edit forms' reference fields (an institution, a teacher, a township...): the names of the rows
every typed term finds (Chinese, pinyin initials or full pinyin, through the text indexes), a bounded number, from
SQL; never the whole table in a list."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement, Select, select

from shuangjian_desktop.domain.text import clean_text
from shuangjian_desktop.services.base.search import (
    COMMUNITY,
    COMPOUND,
    INSTITUTION,
    PERSON,
    SCHOOL,
    TEACHER,
    TOWNSHIP,
    Searchable,
    matching_ids,
)
from shuangjian_desktop.store.models import Community, Compound, Institution, Person, School, Teacher, Township
from shuangjian_desktop.store.uow import Store

LIMIT = 30


def terms(typed: str) -> list[str]:
    return [t for t in clean_text(typed).lower().split(" ") if t]


def narrowed(session: Any, stmt: Select[Any], target: Searchable, typed: str) -> Select[Any]:
    """``stmt`` kept to the rows of ``target`` that every typed term finds."""
    for term in terms(typed):
        ids = matching_ids(session, target, term)
        stmt = stmt.where(target.id.in_(ids) if isinstance(ids, Select) else ids)
    return stmt


def suggestions(
    store: Store,
    target: Searchable,
    shown: ColumnElement[Any],
    order: ColumnElement[Any],
    typed: str,
    limit: int = LIMIT,
    *,
    join: Any = None,
) -> list[str]:
    """What to offer for ``typed``: ``shown`` of the matching rows in ``order``, each once, at most ``limit``."""
    with store.read() as uow:
        stmt = select(shown, order)
        if join is not None:
            stmt = stmt.join(*join)
        stmt = narrowed(uow.session, stmt, target, typed).order_by(order).limit(limit * 2)
        found = list(dict.fromkeys(str(row[0]) for row in uow.session.execute(stmt) if row[0]))
    return found[:limit]


Suggest = Callable[[str, int], list[str]]


def institution_names(store: Store) -> Suggest:
    return lambda typed, limit: suggestions(store, INSTITUTION, Institution.name, Institution.sort_name, typed, limit)


def school_names(store: Store) -> Suggest:
    return lambda typed, limit: suggestions(store, SCHOOL, School.name, School.sort_name, typed, limit)


def person_names(store: Store) -> Suggest:
    return lambda typed, limit: suggestions(store, PERSON, Person.name, Person.sort_name, typed, limit)


def township_names(store: Store) -> Suggest:
    return lambda typed, limit: suggestions(store, TOWNSHIP, Township.name, Township.sort_name, typed, limit)


def community_names(store: Store) -> Suggest:
    return lambda typed, limit: suggestions(store, COMMUNITY, Community.name, Community.sort_name, typed, limit)


def teacher_labels(store: Store) -> Suggest:
    """“姓名（学校）”, the form the ticket ledger reads a teacher in."""
    label = Teacher.name + "（" + School.name + "）"
    return lambda typed, limit: suggestions(
        store, TEACHER, label, Teacher.sort_name, typed, limit, join=(School, Teacher.school_id == School.id)
    )


def target_names(store: Store) -> Suggest:
    """What a responsibility is for: institutions, then schools, communities and compounds."""

    def suggest(typed: str, limit: int) -> list[str]:
        found: list[str] = []
        for target, name, order in (
            (INSTITUTION, Institution.name, Institution.sort_name),
            (SCHOOL, School.name, School.sort_name),
            (COMMUNITY, Community.name, Community.sort_name),
            (COMPOUND, Compound.name, Compound.sort_name),
        ):
            if len(found) < limit:
                found += suggestions(store, target, name, order, typed, limit - len(found))
        return list(dict.fromkeys(found))

    return suggest
