"""A status change recorded by another action in its own transaction (a stop-operation notice puts the institution
into 停业整顿 with the notice's number), taking effect on the institution when it is the latest change."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from shuangjian_desktop.domain.enums import ChangeKind
from shuangjian_desktop.services.institutions.sheet import follow_change
from shuangjian_desktop.store.models import Institution, StatusChange


def latest_change(session: Session, institution_id: int) -> StatusChange | None:
    return session.scalar(
        select(StatusChange)
        .where(StatusChange.institution_id == institution_id)
        .order_by(StatusChange.effective_on.desc(), StatusChange.id.desc())
        .limit(1)
    )


def follow_if_latest(session: Session, institution: Institution, change: StatusChange) -> None:
    """The institution takes the state ``change`` leaves it in, unless a later change (by date) decides."""
    session.flush()
    if latest_change(session, institution.id) is change:
        follow_change(institution, change.kind)


def record_change(
    session: Session, institution: Institution, kind: ChangeKind, on: dt.date, doc_number: str, note: str
) -> StatusChange:
    """Add a change to the conversion and deregistration ledger and let it take effect (in the caller's
    transaction)."""
    change = StatusChange(institution=institution, kind=kind, effective_on=on, doc_number=doc_number, note=note)
    session.add(change)
    follow_if_latest(session, institution, change)
    return change
