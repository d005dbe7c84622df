"""The unit of work: one transaction per user action, committed explicitly, rolled back otherwise.

Sessions made here carry the acting user (for the audit trail) and, for writers on a database file, take SQLite's
write lock at BEGIN. On a server several writers work at once: new rows get their keys from the database's
sequences (the ORM inserts them in batches with RETURNING), and the audit trail is chained at commit
(store/audit.py).
"""

from __future__ import annotations

from collections import defaultdict
from types import TracebackType

from sqlalchemy import Engine, Integer, event, func, inspect, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, UOWTransaction, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from shuangjian_desktop.domain.access import Action
from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.store import dialect  # noqa: F401  (SQL functions spelled for each engine)
from shuangjian_desktop.store.access import check_permission
from shuangjian_desktop.store.audit import USER_KEY, install_audit
from shuangjian_desktop.store.engine import WRITE_OPTION, writer
from shuangjian_desktop.store.server import concurrent_integrity
from shuangjian_desktop.store.text_limits import install_text_limits
from shuangjian_desktop.store.versions import conflict_from_stale, note_changing

MAINTENANCE_USER = "（程序维护）"


class AuditedSession(Session):
    """A session whose flushes write the audit trail."""


def _assign_ids(session: Session, _flush: UOWTransaction, _instances: object) -> None:
    """Give new rows their integer keys before the INSERT, so the ORM can batch them (SQLite only).

    On SQLite the ORM must otherwise insert one row per statement to learn each new key. A writer holds SQLite's
    write lock from BEGIN IMMEDIATE, so max(id) + 1 cannot be taken by anyone else before we commit. A server's
    keys come from its sequences, and the ORM batches those inserts itself (RETURNING in input order).
    """
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return
    pending: dict[type, list[object]] = defaultdict(list)
    for obj in session.new:
        pending[type(obj)].append(obj)
    for cls, objects in pending.items():
        mapper = inspect(cls)
        keys = mapper.primary_key
        if len(keys) != 1 or not isinstance(keys[0].type, Integer) or not keys[0].autoincrement:
            continue
        column = keys[0]
        attribute = mapper.get_property_by_column(column).key
        fresh = [obj for obj in objects if getattr(obj, attribute) is None]
        if not fresh:
            continue
        top = connection.execute(select(func.max(column))).scalar() or 0
        taken = [getattr(obj, attribute) for obj in objects if getattr(obj, attribute) is not None]
        next_id = max([top, *taken]) + 1
        for offset, obj in enumerate(fresh):
            setattr(obj, attribute, next_id + offset)


def reserve_ids(session: Session, model: type, count: int) -> list[int]:
    """``count`` new integer keys of ``model``'s table for rows inserted in bulk, inside a writer: from the server's
    sequence (nobody else gets them, whatever else is written meanwhile), or on SQLite after max(id) (the writer
    holds the write lock)."""
    if count <= 0:
        return []
    column = inspect(model).primary_key[0]
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        sequence = f"pg_get_serial_sequence('{column.table.name}', '{column.name}')"
        rows = connection.exec_driver_sql(f"SELECT nextval({sequence}) FROM generate_series(1, {int(count)})")
        return [int(row[0]) for row in rows]
    first = (connection.execute(select(func.max(column))).scalar() or 0) + 1
    return list(range(first, first + count))


install_audit(AuditedSession)
install_text_limits(AuditedSession)
event.listen(AuditedSession, "before_flush", _assign_ids)
event.listen(AuditedSession, "before_flush", note_changing)


def _clerk_error(session: Session, error: BaseException | None) -> DomainError | None:
    """What a clerk reads when another clerk's transaction got there first: a record changed or deleted meanwhile
    (its version), a duplicate or a reference to a record deleted meanwhile (on a server, where writers do not
    queue for the whole database as on SQLite). None: let the error pass as it is."""
    if isinstance(error, StaleDataError):
        return conflict_from_stale(session, error)
    if isinstance(error, IntegrityError) and session.get_bind().dialect.name == "postgresql":
        return concurrent_integrity(error)
    return None


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
        try:
            told = _clerk_error(self.session, exc)
        finally:
            # close() rolls back whatever was not committed; unlike rollback() it leaves the loaded objects readable.
            self.session.close()
        if told is not None:
            raise told from exc

    def commit(self) -> None:
        self.session.commit()
        self._committed = True

    def flush(self) -> None:
        self.session.flush()


class ReadOnly(DomainError):
    """The database is open read-only here; the message says who is writing to it."""


class Store:
    """Makes units of work on one database: read-only ones for views, write ones (with a user) for actions."""

    def __init__(self, engine: Engine, read_only_because: str | None = None) -> None:
        self.engine = engine
        self.read_only_because = read_only_because
        self._reader = sessionmaker(bind=engine, class_=AuditedSession, expire_on_commit=False)
        self._writer = sessionmaker(bind=writer(engine), class_=AuditedSession, expire_on_commit=False)

    def read(self) -> UnitOfWork:
        session = self._reader()
        session.info[USER_KEY] = ""
        return UnitOfWork(session)

    def write(self, user: str, action: Action) -> UnitOfWork:
        """A transaction holding SQLite's write lock, after checking that ``user``'s role allows ``action``."""
        if self.read_only_because:
            raise ReadOnly(f"本窗口为只读：{self.read_only_because}。请在该电脑上关闭程序后再修改。")
        return self._checked_writer(user, action)

    def _checked_writer(self, user: str, action: Action) -> UnitOfWork:
        if not user:
            raise ValueError("a write needs the acting user")
        session = self._writer()
        session.info[USER_KEY] = user
        try:
            check_permission(session, user, action)
        except BaseException:
            session.close()
            raise
        return UnitOfWork(session)

    def sign_in_records(self, user: str) -> UnitOfWork:
        """A writer without the permission check, for the sign-in's own bookkeeping only (failed attempts, lock):
        the person signing in is not yet known to be anyone. Allowed in a read-only window too (another copy holds
        the database for editing), so that wrong passwords are counted wherever they are typed."""
        session = self._writer()
        session.info[USER_KEY] = user
        return UnitOfWork(session)

    def maintenance(self) -> UnitOfWork:
        """A writer for what the program derives and keeps itself (search and sort keys made afresh): no user's
        action, so no permission and nothing for the audit trail (it writes with plain statements, never a flush of
        changed records)."""
        if self.read_only_because:
            raise ReadOnly(f"本窗口为只读：{self.read_only_because}。")
        session = self._writer()
        session.info[USER_KEY] = MAINTENANCE_USER
        return UnitOfWork(session)

    def record(self, user: str, action: Action) -> UnitOfWork:
        """A writer for the audit trail's own rows (an export, a print, a look at personal data), after checking that
        ``user`` may do ``action``. Allowed in a read-only window too: reading is what such a window is for, and
        what it reads out must still be on record."""
        return self._checked_writer(user, action)

    def cannot_record(self) -> str:
        """Why a write cannot be made now (a read-only file or folder, the write lock held too long), or ""."""
        if self.engine.dialect.name == "postgresql":
            return self._cannot_record_on_server()
        try:
            with self.engine.connect().execution_options(**{WRITE_OPTION: True}) as conn:
                transaction = conn.begin()
                try:  # a real write that is rolled back: SQLite admits a read-only file only when it must write
                    conn.exec_driver_sql("CREATE TABLE main.write_probe (x)")
                finally:
                    transaction.rollback()
        except OperationalError as error:
            text = str(error.orig)
            if "readonly" in text or "read-only" in text:
                return "数据库文件或其所在文件夹只读"
            if "locked" in text or "busy" in text:
                return "数据库正忙（其他程序正在写入）"
            return f"数据库不能写入（{text}）"
        return ""

    def _cannot_record_on_server(self) -> str:
        try:
            with self.engine.connect() as conn:
                if conn.exec_driver_sql("SHOW default_transaction_read_only").scalar() == "on":
                    return "本窗口以只读方式连接服务器"
                if not conn.exec_driver_sql("SELECT has_table_privilege('audit_log', 'INSERT')").scalar():
                    return "服务器账户没有写入本县台账的权限"
        except DomainError as error:  # the server cannot be reached (store/server.py says why)
            return str(error)
        return ""

    def require(self, user: str, action: Action) -> None:
        """Raise NotPermitted unless ``user`` may do ``action`` (for actions outside a write: backup, restore)."""
        with self.read() as uow:
            check_permission(uow.session, user, action)

    def dispose(self) -> None:
        self.engine.dispose()
