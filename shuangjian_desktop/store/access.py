"""The permission check every write and every guarded action passes, inside its own transaction.

Before the first administrator exists (a new database, before the first start has created the account) nothing is
guarded, as on a freshly installed program; from then on the acting name must be an active account whose role allows
the action.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from shuangjian_desktop.domain.access import Action, NotPermitted, refusal
from shuangjian_desktop.store.engine import make_engine
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


def account_in_file(db_path: Path, username: str) -> AppUser | None:
    """The active account of that name in a database file no session is open on (read-only); None when the file
    has no such account or cannot be read."""
    engine = make_engine(db_path, read_only=True)
    try:
        with Session(engine, expire_on_commit=False) as session:
            return session.scalar(select(AppUser).where(AppUser.username == username, AppUser.active.is_(True)))
    except DBAPIError:
        return None
    finally:
        engine.dispose()


def accounts_in_file(db_path: Path) -> bool:
    engine = make_engine(db_path, read_only=True)
    try:
        with Session(engine) as session:
            return accounts_exist(session)
    except DBAPIError:
        return False
    finally:
        engine.dispose()


def check_permission_in_file(db_path: Path, user: str, action: Action) -> None:
    """The same check on a database file no session is open on (backup and restore work on the file itself).
    A file that cannot be read (damaged, missing) guards nothing: there is nothing to protect or to sign in to."""
    engine = make_engine(db_path, read_only=True)
    try:
        with Session(engine) as session:
            check_permission(session, user, action)
    except DBAPIError:
        return
    finally:
        engine.dispose()
