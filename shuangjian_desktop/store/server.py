"""The PostgreSQL engine: a county's schema first on the search path, READ COMMITTED, errors a clerk can read.

Several clerks write at the same time here; what keeps them apart is the database's own (store/concurrency.py):
keys from sequences, row locks, version columns, and one lock per county taken only while a transaction appends
to the audit trail's hash chain at commit.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import ExceptionContext

from shuangjian_desktop.domain.errors import DiskFull, DomainError
from shuangjian_desktop.store.location import ServerLocation

CONNECT_TIMEOUT_S = 10
LOCK_TIMEOUT_MS = 30_000
"""A writer waits this long for a row another clerk's transaction holds, then is told to try again."""


class ServerUnreachable(DomainError):
    """The server cannot be reached, or refused the connection (the message says which and what to do)."""


class ServerLoginRefused(ServerUnreachable):
    """The server refused the account or its password."""


class ServerBusy(DomainError):
    """Another clerk's transaction held what this one needed too long, or the two waited on each other; nothing
    was saved, trying again works."""


def make_server_engine(location: ServerLocation, *, read_only: bool = False, echo: bool = False) -> Engine:
    """An engine on the county's (or the city's) schema of the server database."""
    options = [f"-c search_path={location.schema}", f"-c lock_timeout={LOCK_TIMEOUT_MS}"]
    if read_only:
        options.append("-c default_transaction_read_only=on")
    engine = create_engine(
        location.url,
        echo=echo,
        pool_pre_ping=True,
        connect_args={
            "options": " ".join(options),
            "connect_timeout": CONNECT_TIMEOUT_S,
            "application_name": "shuangjian",
        },
    )
    where = location.describe()

    @event.listens_for(engine, "handle_error")
    def _on_error(context: ExceptionContext) -> None:
        translated = translate(context.original_exception, where)
        if translated is not None:
            raise translated from context.original_exception

    return engine


def sqlstate(error: BaseException | None) -> str:
    return str(getattr(error, "sqlstate", "") or "")


def translate(error: BaseException | None, where: str) -> DomainError | None:
    """A Chinese error for what the server said, or None to let the error pass as it is (a constraint the
    services turn into a message, a bug)."""
    if error is None or type(error).__module__.split(".")[0] != "psycopg":
        return None
    state = sqlstate(error)
    text = str(error)
    if state == "53100" or "No space left" in text:
        return DiskFull("服务器磁盘空间不足，本次操作未能保存，台账保持原样。请联系服务器管理员。")
    if state in ("40P01", "40001", "55P03"):
        return ServerBusy("其他用户正在修改相同的记录，本次操作没有保存，台账保持原样。请稍后重试。")
    if state == "25006":
        return DomainError("本窗口以只读方式连接服务器，不能修改。")
    if state == "42501":
        return DomainError(f"服务器账户没有这项操作的权限（{_first_line(text)}）。")
    if state in ("28P01", "28000") or "password authentication failed" in text or "no password supplied" in text:
        return ServerLoginRefused(f"{where}：服务器账户或密码不正确。")
    if state == "3D000" or ("database" in text and "does not exist" in text):
        return ServerUnreachable(f"{where}：服务器上没有这个数据库，请核对数据库名。")
    connection_lost = not state and type(error).__name__ in ("OperationalError", "InterfaceError")
    if state.startswith("08") or state.startswith("57P") or connection_lost:
        return ServerUnreachable(
            f"{where}：连接不上服务器或连接已中断（{_first_line(text)}）。请检查网络和服务器地址，"
            "或联系服务器管理员；正在保存的修改没有保存，台账保持原样。"
        )
    return None


def concurrent_integrity(error: BaseException) -> DomainError | None:
    """A unique or reference rule broken at commit on a server: the program checked it before writing, so another
    clerk saved the same record, or deleted one this change refers to, in the meantime."""
    state = sqlstate(getattr(error, "orig", None))
    if state == "23505":
        return DomainError(
            "其他用户刚保存了相同的记录（如同一统一社会信用代码、文号或编号），您的修改没有保存。"
            "请刷新列表（F5）核对后再保存。"
        )
    if state == "23503":
        return DomainError(
            "您引用的记录刚被其他用户删除，或仍被其他记录引用，您的修改没有保存。请刷新列表（F5）核对后再保存。"
        )
    return None


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0][:200] if text.strip() else "未知原因"


def check_connection(engine: Engine) -> None:
    """Connect once now (so a wrong address or password is said before anything else)."""
    with engine.connect() as conn:
        conn.exec_driver_sql("SELECT 1")


def schema_exists(engine: Engine, schema: str) -> bool:
    with engine.connect() as conn:
        found = conn.exec_driver_sql("SELECT 1 FROM pg_namespace WHERE nspname = %(n)s", {"n": schema}).first()
        return found is not None


def may_use(engine: Engine, schema: str) -> bool:
    """Whether the connected account may use ``schema`` (a county's account: only its own)."""
    with engine.connect() as conn:
        return bool(conn.exec_driver_sql("SELECT has_schema_privilege(%(n)s, 'USAGE')", {"n": schema}).scalar())


def quote(name: str) -> str:
    """A schema or role name as an SQL identifier (names are checked by county_problem, quoted anyway)."""
    return '"' + name.replace('"', '""') + '"'


def settings_of(engine: Engine, *names: str) -> dict[str, Any]:
    with engine.connect() as conn:
        return {name: conn.exec_driver_sql(f"SHOW {name}").scalar() for name in names}
