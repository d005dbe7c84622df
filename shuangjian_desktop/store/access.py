"""The permission check every write and every guarded action passes, inside its own transaction.

Before the first administrator exists (a new database, before the first start has created the account) nothing is
guarded, as on a freshly installed program; from then on the acting name must be an active account whose role allows
the action.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import create_engine, func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from shuangjian_desktop.domain.access import Action, NotPermitted, refusal
from shuangjian_desktop.store.engine import read_only_uri
from shuangjian_desktop.store.models import AppUser


def accounts_exist(session: Session) -> bool:
    return bool(session.scalar(select(func.count()).select_from(AppUser)))


def check_permission(session: Session, user: str, action: Action) -> None:
    """Raise NotPermitted unless ``user`` may do ``action`` in this database."""
    if not accounts_exist(session):
        return
    account = session.scalar(select(AppUser).where(AppUser.username == user, AppUser.active.is_(True)))
    why = refusal(account.display_name if account else user, account.role if account else None, action)
    if why:
        raise NotPermitted(why)


def check_permission_in_file(db_path: Path, user: str, action: Action) -> None:
    """The same check on a database file no session is open on (backup and restore work on the file itself).
    A file that cannot be read (damaged, missing) guards nothing: there is nothing to protect or to sign in to."""
    uri = read_only_uri(db_path)
    engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True), poolclass=NullPool)
    try:
        with Session(engine) as session:
            check_permission(session, user, action)
    except DBAPIError:
        return
    finally:
        engine.dispose()
