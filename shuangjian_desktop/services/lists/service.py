"""Putting an institution on a list and taking it off, one transaction each, with ``Institution.blacklisted`` kept
equal to "has an open blacklist entry" in the same transaction (and checked by ``inconsistent``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sqlalchemy import and_, exists, func, literal, or_, select
from sqlalchemy.orm import Session

from shuangjian_desktop.domain import values as v
from shuangjian_desktop.domain.access import Action
from shuangjian_desktop.domain.errors import DomainError, FieldProblem, NotFound, RecordRejected
from shuangjian_desktop.domain.public_lists import ListKind, entry_problems, whitelist_refusal
from shuangjian_desktop.services.base.register import FormField, parse_form
from shuangjian_desktop.services.base.sheet import Field, column_length
from shuangjian_desktop.store.models import Institution, ListEntry
from shuangjian_desktop.store.uow import Store

REMOVAL_FIELDS = (
    FormField(Field("removed_on", "移出日期", v.parse_date, required=True)),
    FormField(
        Field("removal_reason", "移出原因", v.text, required=True),
        "multiline",
        hint="如：整改到位经复查合格、已依法注销、信用修复期满",
    ),
    FormField(Field("removal_doc_number", "移出文号", v.text, max_length=column_length(ListEntry.removal_doc_number))),
)


def open_entry(session: Session, institution_id: int, kind: ListKind) -> ListEntry | None:
    return session.scalar(
        select(ListEntry).where(
            ListEntry.institution_id == institution_id, ListEntry.kind == kind, ListEntry.removed_on.is_(None)
        )
    )


def enter_in_session(
    session: Session,
    inst: Institution,
    kind: ListKind,
    listed_on: dt.date,
    reason: str,
    doc_number: str | None,
    user: str,
) -> ListEntry:
    """Put ``inst`` on the list inside the caller's transaction; raises RecordRejected saying why not."""
    problems = entry_problems(reason, listed_on, dt.date.today())
    current = open_entry(session, inst.id, kind)
    if current is not None:
        problems.append(FieldProblem(None, "机构名称", f"已在{kind.label}上（{current.listed_on}列入）"))
    if kind is ListKind.WHITE:
        why = whitelist_refusal(inst.name, inst.status, bool((inst.licence_no or "").strip()), inst.blacklisted)
        if why:
            problems.append(FieldProblem(None, "机构名称", why))
    if problems:
        raise RecordRejected(problems)
    if kind is ListKind.BLACK:
        white = open_entry(session, inst.id, ListKind.WHITE)
        if white is not None:
            white.removed_on = max(listed_on, white.listed_on)
            white.removal_reason = "列入黑名单" + (f"（{doc_number}）" if doc_number else "")
            white.removal_doc_number, white.removed_by = doc_number, user
        inst.blacklisted = True
    entry = ListEntry(
        kind=kind,
        institution_id=inst.id,
        listed_on=listed_on,
        reason=reason.strip(),
        doc_number=(doc_number or "").strip() or None,
        listed_by=user,
    )
    session.add(entry)
    return entry


def remove(store: Store, entry_id: int, raw: Mapping[str, str], user: str) -> int:
    """Take an entry off its list (its row stays, with who, when and why)."""
    values = parse_form(REMOVAL_FIELDS, raw)
    with store.write(user, Action.EDIT_LEDGERS) as uow:
        session = uow.session
        entry = session.get(ListEntry, entry_id)
        if entry is None:
            raise NotFound("该名单记录已不存在")
        if entry.removed_on is not None:
            raise DomainError(f"该机构已于{entry.removed_on}移出{entry.kind.label}")
        day = values["removed_on"]
        if day < entry.listed_on or day > dt.date.today():
            raise RecordRejected([FieldProblem(None, "移出日期", f"应在列入日期{entry.listed_on}至今天之间")])
        entry.removed_on, entry.removal_reason = day, values["removal_reason"]
        entry.removal_doc_number, entry.removed_by = values.get("removal_doc_number"), user
        if entry.kind is ListKind.BLACK:
            session.flush()
            inst = session.get(Institution, entry.institution_id)
            assert inst is not None
            inst.blacklisted = open_entry(session, inst.id, ListKind.BLACK) is not None
        uow.commit()
    return entry_id


def inconsistent(session: Session) -> int:
    """Institutions whose ``blacklisted`` disagrees with the blacklist (0 when the program kept them equal)."""
    on_list = exists(
        select(literal(1)).where(
            ListEntry.institution_id == Institution.id,
            ListEntry.kind == ListKind.BLACK,
            ListEntry.removed_on.is_(None),
        )
    )
    return (
        session.scalar(
            select(func.count())
            .select_from(Institution)
            .where(
                or_(
                    and_(Institution.blacklisted.is_(True), ~on_list), and_(Institution.blacklisted.is_(False), on_list)
                )
            )
        )
        or 0
    )
