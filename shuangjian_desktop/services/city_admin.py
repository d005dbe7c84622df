"""What a city's server administrator does (``shuangjian city …``): add a county and its server account, add the
city's accounts, upgrade every county at once, list them, and make the city's merged return. The server's rules
keep each county's account to its own county and the city's accounts to reading (store/counties.py)."""

from __future__ import annotations

from pathlib import Path

from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.services.city import city_return
from shuangjian_desktop.services.privacy import recorded_export
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.settings import Settings
from shuangjian_desktop.store.counties import (
    city_logins,
    county_codes,
    county_logins,
    create_login,
    grant_city,
    grant_county,
    make_schema,
    schema_revision,
)
from shuangjian_desktop.store.location import CITY_SCHEMA, ServerLocation
from shuangjian_desktop.store.server import make_server_engine, schema_exists

MIN_PASSWORD = 12


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise DomainError(f"服务器账户的密码至少 {MIN_PASSWORD} 位（它守着全县的台账）")


def _regrant(admin: ServerLocation) -> None:
    """Every county's accounts and the city's accounts granted what they may (tables an upgrade made included)."""
    engine = make_server_engine(admin.for_county(None))
    try:
        with engine.begin() as conn:
            codes = county_codes(engine)
            for code in codes:
                for login in county_logins(conn, code):
                    grant_county(conn, code, login)
            if schema_exists(engine, CITY_SCHEMA) and schema_revision(admin.for_county(None)) is not None:
                for login in city_logins(conn):
                    grant_city(conn, login, codes)
    finally:
        engine.dispose()


def add_county(admin: ServerLocation, code: str, login: str | None, password: str | None) -> list[str]:
    """Make county ``code`` (or bring it to this version) and, with ``login``, its server account."""
    outcome = make_schema(admin.for_county(code))
    lines = [f"县“{code}”已在服务器上建立（版本 {outcome.after}）"]
    if login:
        _check_password(password or "")
        engine = make_server_engine(admin.for_county(None))
        try:
            with engine.begin() as conn:
                create_login(conn, login, password or "")
                grant_county(conn, code, login)
        finally:
            engine.dispose()
        lines.append(f"服务器账户 {login} 只能查看和修改“{code}”县的台账；审计记录只能追加")
    _regrant(admin)
    return lines


def add_city_account(admin: ServerLocation, login: str, password: str) -> list[str]:
    """The city's schema (made when missing) and a city account that reads every county and writes none."""
    _check_password(password)
    make_schema(admin.for_county(None))
    engine = make_server_engine(admin.for_county(None))
    try:
        with engine.begin() as conn:
            create_login(conn, login, password)
            grant_city(conn, login, county_codes(engine))
    finally:
        engine.dispose()
    return [
        f"市局服务器账户 {login}：可查看全部 {len(county_codes_of(admin))} 个县的台账并生成市汇总月报，不能修改各县台账"
    ]


def county_codes_of(admin: ServerLocation) -> list[str]:
    engine = make_server_engine(admin.for_county(None))
    try:
        return county_codes(engine)
    finally:
        engine.dispose()


def upgrade_all(admin: ServerLocation) -> list[str]:
    """Every county, and the city's schema when there is one, brought to this program's version."""
    lines = []
    for code in county_codes_of(admin):
        outcome = make_schema(admin.for_county(code))
        lines.append(f"县“{code}”：{outcome.before} → {outcome.after}")
    engine = make_server_engine(admin.for_county(None))
    try:
        city = schema_exists(engine, CITY_SCHEMA)
    finally:
        engine.dispose()
    if city:
        outcome = make_schema(admin.for_county(None))
        lines.append(f"市局：{outcome.before} → {outcome.after}")
    _regrant(admin)
    return lines or ["服务器上还没有县"]


def listing(admin: ServerLocation) -> list[str]:
    lines = []
    for code in county_codes_of(admin):
        engine = make_server_engine(admin.for_county(code), read_only=True)
        try:
            with engine.connect() as conn:
                version = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
                count = conn.exec_driver_sql("SELECT count(*) FROM institution").scalar()
                logins = "、".join(county_logins(conn, code)) or "无"
        finally:
            engine.dispose()
        lines.append(f"{code}：版本 {version}，机构 {count} 家，服务器账户 {logins}")
    return lines or ["服务器上还没有县"]


def city_return_lines(location: ServerLocation, month: str, out: Path, user: str) -> list[str]:
    """The city's merged return (put on the city's own record as an export)."""
    workspace = Workspace.open(location.for_county(None), Settings())
    try:
        with recorded_export(workspace.store, user, f"{month}市汇总月报", out) as exported:
            result, warning = city_return(location, month, out, workspace.settings.baseline_date())
            exported.rows = result.count
    finally:
        workspace.close()
    lines = [result.summary(out)]
    if warning:
        lines.append(f"注意：{warning}")
    return lines
