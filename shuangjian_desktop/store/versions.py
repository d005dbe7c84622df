"""Two clerks changing one record: the second is told, never silently written over.

Every ledger row has a version (store/base.py Versioned). An edit form carries the version it was opened with; a
save finds the row at another version, or the ORM's UPDATE … WHERE version = ? matches nothing (another
transaction changed or deleted it meanwhile, on a server), and the change is refused with a message naming who
changed the record and when (from the audit trail) and what to do.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy import Engine, inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from shuangjian_desktop.domain.enums import AuditAction
from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.store.engine import WRITE_OPTION
from shuangjian_desktop.store.models import AppUser, AuditEntry

VERSION_KEY = "_version"
"""Where an edit form keeps the version of the record it shows (services/base/register.py)."""
WHAT_TO_DO = "您的修改没有保存。请关闭此窗口，重新打开该记录（会显示对方保存后的内容），核对后再修改。"


class EditConflict(DomainError):
    """Another clerk changed (or deleted) the record since this copy of it was read; nothing was saved."""


def _who(bind: Engine | Session, entity: str, entity_id: Any) -> tuple[str, dt.datetime | None, str] | None:
    """(name, when, action) of the newest audit row on the record: in the caller's session while it is sound, or
    in a reading session of its own after a failed flush (never one that waits for the write lock)."""
    if isinstance(bind, Session):
        return _newest(bind, entity, entity_id)
    with Session(bind.execution_options(**{WRITE_OPTION: False})) as session:
        return _newest(session, entity, entity_id)


def _newest(session: Session, entity: str, entity_id: Any) -> tuple[str, dt.datetime | None, str] | None:
    found = session.execute(
        select(AuditEntry.username, AuditEntry.at, AuditEntry.action)
        .where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
        .order_by(AuditEntry.id.desc())
        .limit(1)
    ).first()
    if found is None:
        return None
    name = session.scalar(select(AppUser.display_name).where(AppUser.username == found[0]))
    shown = f"{name}（{found[0]}）" if name and name != found[0] else found[0]
    action = found[2].value if hasattr(found[2], "value") else str(found[2])
    return shown, found[1], action


def conflict_message(bind: Engine | Session, record: Any, noun: str = "该记录") -> str:
    """What the second clerk reads: who changed the record, when, and what to do."""
    table = record.__table__.name
    identity = inspect(record).identity
    record_id = identity[0] if identity else None
    label = _label(record)
    what = f"{noun}{f'“{label}”' if label else ''}"
    who = _who(bind, table, record_id) if record_id is not None else None
    if who is None:
        return f"{what}在您打开之后已被其他用户修改。{WHAT_TO_DO}"
    name, at, action = who
    when = at.strftime("%Y-%m-%d %H:%M") if at else "刚才"
    verb = "删除" if action == AuditAction.DELETE.value else "修改"
    return f"{what}在您打开之后已被{name}于{when}{verb}。{WHAT_TO_DO}"


def _label(record: Any) -> str:
    loaded = inspect(record).dict  # what is loaded already: a failed transaction can read nothing more
    for attr in ("name", "number", "doc_number", "username", "subject"):
        value = loaded.get(attr)
        if isinstance(value, str) and value:
            return value[:60]
    return ""


def check_version(session: Session, record: Any, expected: str | int | None, noun: str = "该记录") -> None:
    """Refuse to save ``record`` when an edit form opened it at another version than it has now."""
    if expected in (None, ""):
        return
    try:
        wanted = int(expected)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return
    current = getattr(record, "version", None)
    if current is not None and current != wanted:
        raise EditConflict(conflict_message(session, record, noun))


_TABLE = re.compile(r"on table '([^']+)'")


def conflict_from_stale(session: Session, error: StaleDataError) -> EditConflict:
    """The clerk's message for an UPDATE or DELETE that matched nothing: the records of the named table this
    transaction was changing whose row is no longer at the version read."""
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    found = _TABLE.search(str(error))
    table = found.group(1) if found else None
    for record in session.info.get(CHANGING_KEY, []):
        if table and record.__table__.name != table:
            continue
        return EditConflict(conflict_message(engine, record))
    return EditConflict(f"要保存的记录在您打开之后已被其他用户修改或删除。{WHAT_TO_DO}")


CHANGING_KEY = "versioned_changing"


def note_changing(session: Session, _flush: object, _instances: object) -> None:
    """Before each flush: the versioned records it changes or deletes (the ones a stale version can refuse)."""
    changing = [r for r in (*session.dirty, *session.deleted) if inspect(r).mapper.version_id_col is not None]
    session.info[CHANGING_KEY] = changing
