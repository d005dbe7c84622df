"""The audit trail: every flush notes who changed what (old -> new per field), and at commit the notes become rows
in the same transaction, each chained to the one before by its hash (store/audit_chain.py).

The rows are chained at commit, not at each flush, so that on a server the county's chain is held (a lock per
county) only for the moment of appending and committing: several clerks' transactions run side by side and queue
only there. A transaction that rolls back leaves no audit row.

Installed once on the Session class used by the unit of work; the acting user is ``session.info["user"]``.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, UOWTransaction

from shuangjian_desktop.domain.enums import AuditAction
from shuangjian_desktop.store.audit_chain import append
from shuangjian_desktop.store.base import now
from shuangjian_desktop.store.models.system import AttachmentContent, AuditEntry, DocSequence

NOT_AUDITED: frozenset[type] = frozenset({AuditEntry, DocSequence, AttachmentContent})
"""The trail itself, the number sequences (the notice they number is audited), an attachment's bytes (its row,
with the checksum, is audited)."""
SKIPPED_FIELDS = frozenset({"search_key", "created_at", "updated_at", "version"})
SECRET_FIELDS = frozenset({"password_hash"})
USER_KEY = "user"
PENDING_KEY = "audit_pending"
"""Audit rows noted by this transaction's flushes, appended to the chain at commit."""


def _plain(value: Any) -> Any:
    if value is None or type(value) in (str, int, bool):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def record_summary(obj: Any) -> str:
    """What a record is called in the audit trail (its name, number ...)."""
    return _summary(obj)


def _summary(obj: Any) -> str:
    for attr in ("name", "number", "doc_number", "username", "title"):
        value = getattr(obj, attr, None)
        if isinstance(value, str) and value:
            return value[:200]
    return ""


@cache
def _audited_keys(cls: type) -> tuple[str, ...]:
    return tuple(a.key for a in inspect(cls).column_attrs if a.key not in SKIPPED_FIELDS)


def _column_values(obj: Any) -> dict[str, Any]:
    values = inspect(obj).dict
    return {key: "******" if key in SECRET_FIELDS else _plain(values.get(key)) for key in _audited_keys(type(obj))}


def _changed_values(obj: Any) -> dict[str, list[Any]]:
    state = inspect(obj)
    changes: dict[str, list[Any]] = {}
    for key in _audited_keys(type(obj)):
        history = state.attrs[key].history
        if not history.has_changes():
            continue
        old = history.deleted[0] if history.deleted else None
        new = history.added[0] if history.added else None
        if _plain(old) == _plain(new):
            continue
        if key in SECRET_FIELDS:
            changes[key] = ["******", "******(已更改)"]
        else:
            changes[key] = [_plain(old), _plain(new)]
    return changes


def _entry(user: str, action: AuditAction, obj: Any, changes: dict[str, Any], at: dt.datetime) -> dict[str, Any]:
    identity = inspect(obj).mapper.primary_key_from_instance(obj)
    return {
        "at": at,
        "username": user,
        "action": action.value,
        "entity": type(obj).__tablename__,
        "entity_id": identity[0] if identity and len(identity) == 1 and isinstance(identity[0], int) else None,
        "summary": _summary(obj),
        "changes": json.dumps(changes, ensure_ascii=False, default=str),
    }


def _after_flush(session: Session, _flush: UOWTransaction) -> None:
    user = session.info.get(USER_KEY)
    if not user:
        raise RuntimeError("a change was flushed without a user: open the session through UnitOfWork")
    at = now()
    rows: list[dict[str, Any]] = []
    for obj in session.new:
        if type(obj) in NOT_AUDITED:
            continue
        values = {k: [None, v] for k, v in _column_values(obj).items() if v is not None and v != "" and v is not False}
        rows.append(_entry(user, AuditAction.INSERT, obj, values, at))
    for obj in session.dirty:
        if type(obj) in NOT_AUDITED or not session.is_modified(obj, include_collections=False):
            continue
        changes = _changed_values(obj)
        if changes:
            rows.append(_entry(user, AuditAction.UPDATE, obj, changes, at))
    for obj in session.deleted:
        if type(obj) in NOT_AUDITED:
            continue
        values = {k: [v, None] for k, v in _column_values(obj).items() if v not in (None, "")}
        rows.append(_entry(user, AuditAction.DELETE, obj, values, at))
    if rows:
        _note(session, rows)


def _note(session: Session, rows: list[dict[str, Any]]) -> None:
    session.info.setdefault(PENDING_KEY, []).extend(rows)


def _before_commit(session: Session) -> None:
    """Flush what is left, then chain every noted row onto the trail, in this transaction."""
    session.flush()
    rows = session.info.pop(PENDING_KEY, None)
    if rows:
        append(session.connection(), rows)


def _after_rollback(session: Session, *_args: Any) -> None:
    session.info.pop(PENDING_KEY, None)


def install_audit(session_class: type[Session]) -> None:
    """Hook the audit writer onto a Session subclass (idempotent)."""
    for name, listener in (
        ("after_flush", _after_flush),
        ("before_commit", _before_commit),
        ("after_soft_rollback", _after_rollback),
    ):
        if not event.contains(session_class, name, listener):
            event.listen(session_class, name, listener)


def audit_restored(session: Session, user: str, obj: Any) -> None:
    """The audit row of a deleted record put back (最近删除), with its values as a new row's would be."""
    values = {k: [None, v] for k, v in _column_values(obj).items() if v is not None and v != "" and v is not False}
    append(session.connection(), [_entry(user, AuditAction.UNDELETE, obj, values, now())])


def audit_bulk_insert(session: Session, model: type, rows: list[dict[str, Any]]) -> None:
    """Note the audit rows for rows inserted in bulk (which no flush sees), chained at the caller's commit."""
    user = session.info.get(USER_KEY)
    if not user:
        raise RuntimeError("a change was written without a user: open the session through UnitOfWork")
    at = now()
    keys = _audited_keys(model)
    entries = []
    for row in rows:
        changes = {k: [None, _plain(v)] for k in keys if (v := row.get(k)) is not None and v != "" and v is not False}
        entries.append(
            {
                "at": at,
                "username": user,
                "action": AuditAction.INSERT.value,
                "entity": model.__tablename__,
                "entity_id": row.get("id"),
                "summary": str(row.get("name") or row.get("number") or "")[:200],
                "changes": json.dumps(changes, ensure_ascii=False, default=str),
            }
        )
    if entries:
        _note(session, entries)


def record_event(
    session: Session, user: str, action: AuditAction, entity: str, summary: str, details: dict[str, Any]
) -> None:
    """An audit row for something that changes no record: an export, a print, a look at personal data. Chained
    at the caller's commit, like every other row."""
    row = {
        "at": now(),
        "username": user,
        "action": action.value,
        "entity": entity,
        "entity_id": None,
        "summary": summary[:200],
        "changes": json.dumps(details, ensure_ascii=False, default=str),
    }
    _note(session, [row])
