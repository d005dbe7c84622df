"""A city's server: each county's ledgers in a schema of its own (``county_CODE``), made and upgraded by the same
migrations as a SQLite file; the city's own accounts and records in ``sj_city``. Run by the server's administrator
(the owner of the schemas), never by a clerk's window.

Why a schema per county rather than a county column on every table: the program's tables, keys, unique rules
(credit codes, document numbers), sequences and the audit trail's hash chain are each a county's own, exactly as in a
county's SQLite file, so nothing in the services changes; and what a county may touch is the server's own rule,
not the queries': each county's server account (a login role) is granted its schema and nothing else, the city's
account may read every county's schema and write only its own. The audit trail is granted INSERT and SELECT only.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, Engine

from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.store.location import CITY_SCHEMA, ServerLocation, county_problem, county_schema
from shuangjian_desktop.store.migrate import MigrationOutcome, current_revision, head_revision, upgrade
from shuangjian_desktop.store.server import make_server_engine, quote

_ROLE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
APPEND_ONLY = ("audit_log",)
"""Tables a county's account may only add to and read."""


def login_problem(name: str) -> str:
    if not _ROLE.match(name):
        return f"服务器账户名“{name}”应以小写字母或下划线开头，只含小写字母、数字和下划线，最多63个字符"
    return ""


def county_codes(engine: Engine) -> list[str]:
    """Every county on the server whose schema holds this program's tables (any version), by code."""
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT n.nspname FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid"
            " WHERE c.relname = 'alembic_version' AND n.nspname LIKE %(p)s ORDER BY n.nspname",
            {"p": "county\\_%"},
        )
        return [row[0].removeprefix("county_") for row in rows]


def _ensure_schema(admin: ServerLocation, schema: str) -> None:
    engine = make_server_engine(admin.for_county(None))
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(f"CREATE SCHEMA IF NOT EXISTS {quote(schema)}")
    finally:
        engine.dispose()


def make_schema(admin: ServerLocation) -> MigrationOutcome:
    """Make (or bring to this program's version) the schema of ``admin``'s county, or the city's when it names
    none. ``admin`` connects as the schemas' owner."""
    if admin.county is not None and (why := county_problem(admin.county)):
        raise DomainError(why)
    _ensure_schema(admin, admin.schema)
    engine = make_server_engine(admin)
    try:
        return upgrade(engine)
    finally:
        engine.dispose()


def schema_revision(admin: ServerLocation) -> str | None:
    engine = make_server_engine(admin)
    try:
        return current_revision(engine)
    finally:
        engine.dispose()


def create_login(conn: Connection, name: str, password: str) -> None:
    """A server account that can sign in (LOGIN) with ``password``, sent to the server only as its SCRAM verifier
    (the password itself never reaches the server's logs)."""
    if why := login_problem(name):
        raise DomainError(why)
    verifier = encrypted_password(conn, name, password)
    exists = conn.exec_driver_sql("SELECT 1 FROM pg_roles WHERE rolname = %(n)s", {"n": name}).first()
    verb = "ALTER" if exists else "CREATE"
    conn.exec_driver_sql(f"{verb} ROLE {quote(name)} LOGIN PASSWORD '{verifier}'")


def encrypted_password(conn: Connection, name: str, password: str) -> str:
    """libpq's SCRAM-SHA-256 verifier of ``password`` for role ``name`` (made on this PC)."""
    raw = conn.connection.dbapi_connection
    pgconn = raw.pgconn  # type: ignore[union-attr]
    verifier = pgconn.encrypt_password(password.encode("utf-8"), name.encode("utf-8"), b"scram-sha-256")
    text = verifier.decode("ascii")
    if "'" in text:  # a verifier is base64 and '$'; never a quote
        raise DomainError("无法生成密码校验值")
    return text


def grant_county(conn: Connection, code: str, login: str) -> None:
    """``login`` reads and writes county ``code``'s schema (the audit trail: adds and reads only), nothing else."""
    schema, role = quote(county_schema(code)), quote(login)
    _grant_writer(conn, schema, role)


def _grant_writer(conn: Connection, schema: str, role: str) -> None:
    sql = conn.exec_driver_sql
    sql(f"GRANT USAGE ON SCHEMA {schema} TO {role}")
    sql(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}")
    for table in APPEND_ONLY:
        sql(f"REVOKE UPDATE, DELETE, TRUNCATE ON {schema}.{table} FROM {role}")
    sql(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {role}")


def grant_city(conn: Connection, login: str, codes: list[str]) -> None:
    """The city's account: its own schema as a county's account has its, and every county's to read."""
    role = quote(login)
    _grant_writer(conn, quote(CITY_SCHEMA), role)
    for code in codes:
        schema = quote(county_schema(code))
        conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA {schema} TO {role}")
        conn.exec_driver_sql(f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {role}")


def city_logins(conn: Connection) -> list[str]:
    """The roles that may write the city's schema (the city's accounts): they are granted each new county."""
    rows = conn.exec_driver_sql(
        "SELECT r.rolname FROM pg_roles r WHERE r.rolcanlogin AND NOT r.rolsuper"
        " AND has_schema_privilege(r.oid, %(s)s, 'USAGE')"
        " AND has_table_privilege(r.oid, %(t)s, 'INSERT')",
        {"s": CITY_SCHEMA, "t": f"{CITY_SCHEMA}.audit_log"},
    )
    return [row[0] for row in rows]


def county_logins(conn: Connection, code: str) -> list[str]:
    """The roles that may write county ``code`` (its accounts)."""
    schema = county_schema(code)
    rows = conn.exec_driver_sql(
        "SELECT r.rolname FROM pg_roles r WHERE r.rolcanlogin AND NOT r.rolsuper"
        " AND has_table_privilege(r.oid, %(t)s, 'INSERT')",
        {"t": f"{schema}.institution"},
    )
    return [row[0] for row in rows]


def at_head(admin: ServerLocation) -> bool:
    return schema_revision(admin) == head_revision()


def readable_counties(engine: Engine) -> list[str]:
    """The counties whose ledgers the connected account may read (a county's account: its own; the city's: all)."""
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT n.nspname FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid"
            " WHERE c.relname = 'alembic_version' AND n.nspname LIKE %(p)s"
            " AND has_schema_privilege(n.oid, 'USAGE') AND has_table_privilege(c.oid, 'SELECT') ORDER BY n.nspname",
            {"p": "county\\_%"},
        )
        return [row[0].removeprefix("county_") for row in rows]
