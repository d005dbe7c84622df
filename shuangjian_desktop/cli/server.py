"""The server administrator's commands: moving a county's database file in (``migrate-to``), and a city's server
(``city add-county | add-city-account | upgrade | list | return``). Each connects to the server as the address
given in ``--db`` says (the schemas' owner for everything but ``return``, which the city's account runs).

Passwords of new server accounts are asked twice on the terminal, or taken from SHUANGJIAN_NEW_PASSWORD (scripts);
the server receives only their SCRAM verifier.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path

from shuangjian_desktop import paths
from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.services.connections import (
    Location,
    ServerLocation,
    needs_password,
    parse_location,
    with_password,
)
from shuangjian_desktop.services.health import CheckItem
from shuangjian_desktop.services.workspace import SERVER_BACKUPS, Workspace
from shuangjian_desktop.settings import Settings

NEW_PASSWORD_ENV = "SHUANGJIAN_NEW_PASSWORD"
SERVER_HELP = "服务器：postgresql+psycopg://管理员账户@服务器/数据库（密码取自 PGPASSWORD、pgpass 或提示输入）"


def add_commands(commands: argparse._SubParsersAction, headings: Callable[[argparse.ArgumentParser], None]) -> None:
    move = commands.add_parser(
        "migrate-to",
        help="把本县的数据库文件迁入服务器（逐表核对行数和校验值）",
        description="把本县的数据库文件迁入服务器上的县：每张表、审计记录（含哈希链）和附件；逐表核对行数和校验值，"
        "全部一致才保存。本机数据库不变，可继续使用。",
        add_help=False,
    )
    headings(move)
    move.add_argument(
        "url", metavar="URL", help="服务器上的县：postgresql+psycopg://管理员账户@服务器/数据库?county=县代码"
    )
    move.add_argument("--db", type=Path, default=None, metavar="FILE", help="本县的数据库文件（默认：本机的数据库）")
    city = commands.add_parser("city", help="市局服务器：建县、账户、升级、市汇总月报", add_help=False)
    headings(city)
    verbs = city.add_subparsers(dest="verb", required=True, metavar="操作", parser_class=type(city))

    def verb(name: str, text: str) -> argparse.ArgumentParser:
        sub = verbs.add_parser(name, help=text, description=text, add_help=False)
        headings(sub)
        sub.add_argument("--db", required=True, metavar="URL", help=SERVER_HELP)
        return sub

    county = verb("add-county", "在服务器上建立一个县（或升级已有的县），并建立该县的服务器账户")
    county.add_argument("code", metavar="CODE", help="县代码：小写字母开头，只含小写字母、数字和下划线，如 dongchang")
    county.add_argument("--login", metavar="NAME", help="该县的服务器账户（只能查看和修改本县）；不写则不建账户")
    account = verb("add-city-account", "建立市局的服务器账户：可查看各县台账、生成市汇总月报，不能修改各县台账")
    account.add_argument("login", metavar="NAME")
    verb("upgrade", "把服务器上的每个县和市局升级到本程序的版本（请先用 pg_dump 备份）")
    verb("list", "列出服务器上的县、版本和机构数")
    merged = verb("return", "市汇总月报：直接从各县台账汇总（与汇总各县导出的月报相同）")
    merged.add_argument("--month", required=True, metavar="YYYY-MM")
    merged.add_argument("--out", type=Path, required=True, metavar="F.xlsx")


def _server(text: str, *, county: bool) -> ServerLocation:
    location = parse_location(text)
    if not isinstance(location, ServerLocation):
        raise DomainError(f"“{text}”不是服务器地址，应写成 postgresql+psycopg://账户@服务器/数据库")
    if county and location.county is None:
        raise DomainError("服务器地址中须写明县代码：…?county=县代码")
    return location


def _with_password(location: ServerLocation, attempt: Callable[[ServerLocation], object]) -> object:
    try:
        return attempt(location)
    except DomainError as error:
        if not (needs_password(error) and sys.stdin.isatty()):
            raise
    try:
        password = getpass.getpass(f"服务器账户 {location.url.username or ''} 的密码：")
    except EOFError:
        raise DomainError("没有输入服务器账户的密码") from None
    return attempt(with_password(location, password))


DB_HELP = (
    f"数据库文件（默认：环境变量 {paths.DB_ENV}，否则为用户数据文件夹中的 {paths.DB_FILE_NAME}），"
    "或服务器上的县：postgresql+psycopg://服务器账户@服务器/数据库?county=县代码"
    "（服务器账户的密码取自环境变量 PGPASSWORD、pgpass 文件，或在提示时输入）"
)


def location_of(args: argparse.Namespace) -> Location:
    """``--db``: a file (the default one when not given) or a county on a server, which has no backup command."""
    db = parse_location(args.db) if args.db else paths.default_db_path()
    if isinstance(db, ServerLocation) and args.command in ("backup", "restore"):
        raise DomainError(SERVER_BACKUPS)
    return db


def open_workspace(db: Location, settings: Settings, user: str) -> Workspace:
    """The county's workspace (a file, or on a server: its password asked on the terminal when none was given)."""
    if not isinstance(db, ServerLocation):
        return Workspace.open(db, settings, user=user)
    return _with_password(db, lambda at: Workspace.open(at, settings, user=user))  # type: ignore[return-value]


def server_check(workspace: Workspace) -> list[CheckItem]:
    """Every check of a county on a server (its connection, version, audit chain, attachments)."""
    try:
        return workspace.check()
    finally:
        workspace.close()


def new_password(login: str) -> str:
    given = os.environ.get(NEW_PASSWORD_ENV)
    if given:
        return given
    if not sys.stdin.isatty():
        raise DomainError(f"请在提示时输入服务器账户 {login} 的密码，或用环境变量 {NEW_PASSWORD_ENV} 给出")
    first = getpass.getpass(f"为服务器账户 {login} 设定密码（至少 12 位）：")
    if first != getpass.getpass("再输入一次："):
        raise DomainError("两次输入的密码不同，未建立账户")
    return first


def run(args: argparse.Namespace, user: str) -> int:
    if args.command == "migrate-to":
        return _migrate(args, user)
    from shuangjian_desktop.services import city_admin

    admin = _server(args.db, county=False)
    if args.verb == "add-county":
        login = args.login
        password = new_password(login) if login else None
        lines = _with_password(admin, lambda at: city_admin.add_county(at, args.code, login, password))
    elif args.verb == "add-city-account":
        password = new_password(args.login)
        lines = _with_password(admin, lambda at: city_admin.add_city_account(at, args.login, password))
    elif args.verb == "upgrade":
        lines = _with_password(admin, city_admin.upgrade_all)
    elif args.verb == "list":
        lines = _with_password(admin, city_admin.listing)
    else:
        lines = _with_password(admin, lambda at: city_admin.city_return_lines(at, args.month, args.out, user))
    for line in lines:  # type: ignore[attr-defined]
        print(line)
    return 0


def _migrate(args: argparse.Namespace, user: str) -> int:
    from shuangjian_desktop.services.moving import move_to_server

    target = _server(args.url, county=True)
    db = args.db or paths.default_db_path()
    started = dt.datetime.now()

    def progress(table: str, rows: int) -> None:
        if rows % 20_000 == 0:
            print(f"  正在复制 {table}：{rows} 行", file=sys.stderr)

    report = _with_password(target, lambda at: move_to_server(db, at, user=user, progress=progress))
    for line in report.lines():  # type: ignore[attr-defined]
        print(line)
    print(f"用时 {(dt.datetime.now() - started).total_seconds():.1f} 秒。本机数据库未改动。")
    return 0
