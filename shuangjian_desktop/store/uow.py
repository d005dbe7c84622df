"""The unit of work: one transaction per user action, committed explicitly, rolled back otherwise.

Sessions made here carry the acting user (for the audit trail) and, for writers, take SQLite's write lock at BEGIN.
"""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from shuangjian_desktop.store.audit import USER_KEY, install_audit
from shuangjian_desktop.store.engine import writer


class AuditedSession(Session):
    """A session whose flushes write the audit trail."""


install_audit(AuditedSession)


class UnitOfWork:
    """``with uow_factory.write(user) as uow: ...; uow.commit()``: nothing lands without commit()."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._committed = False

    def __enter__(self) -> UnitOfWork:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        # close() rolls back whatever was not committed; unlike rollback() it leaves the loaded objects readable.
        self.session.close()

    def commit(self) -> None:
        self.session.commit()
        self._committed = True

    def flush(self) -> None:
        self.session.flush()


class Store:
    """Makes units of work on one database: read-only ones for views, write ones (with a user) for actions."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._reader = sessionmaker(bind=engine, class_=AuditedSession, expire_on_commit=False)
        self._writer = sessionmaker(bind=writer(engine), class_=AuditedSession, expire_on_commit=False)

    def read(self) -> UnitOfWork:
        session = self._reader()
        session.info[USER_KEY] = ""
        return UnitOfWork(session)

    def write(self, user: str) -> UnitOfWork:
        if not user:
            raise ValueError("a write needs the acting user")
        session = self._writer()
        session.info[USER_KEY] = user
        return UnitOfWork(session)

    def dispose(self) -> None:
        self.engine.dispose()
