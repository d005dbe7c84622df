"""Accounts and roles: every role x action pair goes through the real services on a copy of the demo county; a
refusal changes nothing. Sign-in locks after five wrong passwords for fifteen minutes; passwords change and reset."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from shuangjian_desktop.domain.access import ALLOWED, Action, NotPermitted, SignInRefused
from shuangjian_desktop.domain.enums import InspectionResult, Method, NoticeKind, UserRole
from shuangjian_desktop.domain.errors import DomainError, RecordRejected
from shuangjian_desktop.services.accounts import AccountService
from shuangjian_desktop.services.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from shuangjian_desktop.services.inspections.service import InspectionInput
from shuangjian_desktop.services.registers import Query
from shuangjian_desktop.services.restore import RestoreService
from shuangjian_desktop.services.workspace import OnServer, Workspace
from shuangjian_desktop.store.models import AppUser, AuditEntry, Inspection, Institution, Person
from tests.sheets import INSTITUTION_HEADERS, institution_row, write_sheet

BY_ROLE = {role: username for username, _name, role in DEMO_ACCOUNTS}
_LOOK = {Action.READ, Action.PRINT, Action.EXPORT}
SPEC = {  # the issue's words, written out independently of the code's table
    UserRole.ADMIN: set(Action),  # users, settings, restore, personal data in full, and everything the others do
    UserRole.CLERK: _LOOK
    | {
        Action.EDIT_LEDGERS,
        Action.IMPORT,
        Action.HANDLE_TICKETS,
        Action.RECORD_INSPECTIONS,
        Action.ISSUE_NOTICES,
        Action.BACKUP,
    },
    UserRole.LEADER: _LOOK,  # read, print, export
}


def _inspection(ws: Workspace, user: str) -> int:
    with ws.store.read() as uow:
        inst = uow.session.scalar(select(Institution.id).order_by(Institution.id))
        people = list(uow.session.scalars(select(Person.id).order_by(Person.id).limit(2)))
    data = InspectionInput(
        institution_id=inst,
        started_at=dt.datetime(2026, 11, 18, 19, 10),
        method=Method.UNANNOUNCED,
        inspector_ids=people,
        result=InspectionResult.RECTIFY,
        aspects={"fees": (False, "一次性收取6个月费用")},
        rule_codes=["I12"],
    )
    return ws.inspections.record(data, user)


def _edit(ws: Workspace, user: str, tmp: Path) -> object:
    register = ws.registers.institutions
    with ws.store.read() as uow:
        first = uow.session.scalar(select(Institution.id).order_by(Institution.id))
    values = register.load(first)
    values["students"] = "321"
    return register.save(first, values, user)


def _intake(ws: Workspace, user: str, tmp: Path) -> object:
    raw = {
        "source": "12345热线",
        "received_at": "2026-11-02 09:30",
        "caller_name": "张女士",
        "caller_phone": "13800001234",
        "request_kind": "咨询",
        "category": "其他",
        "subject": "咨询",
        "content": "咨询",
    }
    return ws.registers.tickets.save(None, raw, user)


def _restore(ws: Workspace, user: str, tmp: Path) -> object:
    copy = ws.backups().backup_now(BY_ROLE[UserRole.ADMIN], tmp.parent)  # outside ``out``
    ws.close()  # the window closes the database before it restores
    return RestoreService(ws.db_path, ws.settings).restore(copy, user)


ACTIONS: dict[Action, Callable[[Workspace, str, Path], object]] = {
    Action.READ: lambda ws, user, tmp: ws.registers.institutions.count(Query()),
    Action.PRINT: lambda ws, user, tmp: ws.print_letters([1, 2], tmp / "责任书.pdf"),
    Action.EXPORT: lambda ws, user, tmp: ws.export_ledger("institutions", tmp / "机构台账.xlsx", user),
    Action.EDIT_LEDGERS: _edit,
    Action.IMPORT: lambda ws, user, tmp: ws.imports.run(
        "institutions", write_sheet(tmp / "in.xlsx", INSTITUTION_HEADERS, [institution_row(901)]), user=user
    ),
    Action.HANDLE_TICKETS: _intake,
    Action.RECORD_INSPECTIONS: lambda ws, user, tmp: _inspection(ws, user),
    Action.ISSUE_NOTICES: lambda ws, user, tmp: ws.inspections.issue(
        _latest_inspection(ws), NoticeKind.RECTIFICATION, 15, user, issued_on=dt.date(2026, 11, 20)
    ),
    Action.BACKUP: lambda ws, user, tmp: ws.backups().backup_now(user, tmp),
    Action.RESTORE: _restore,
    Action.REVEAL_PERSONAL: lambda ws, user, tmp: ws.export_ledger(
        "teachers", tmp / "教师.xlsx", user, reveal_personal=True
    ),
    Action.EDIT_SETTINGS: lambda ws, user, tmp: ws.profile.save({**ws.profile.load(), "contact": "王新"}, user),
    Action.MANAGE_USERS: lambda ws, user, tmp: ws.accounts.add(user, "王新", "王新", UserRole.CLERK, "wx2026abc"),
}


def _audit_top(ws: Workspace) -> int:
    with ws.store.read() as uow:
        return uow.session.scalar(select(func.max(AuditEntry.id))) or 0


def test_every_action_has_a_real_call_and_the_table_is_the_specified_one() -> None:
    assert set(ACTIONS) == set(Action)
    assert {role: set(actions) for role, actions in ALLOWED.items()} == SPEC


@pytest.mark.parametrize("role", list(UserRole), ids=lambda r: r.value)
@pytest.mark.parametrize("action", list(Action), ids=lambda a: a.value)
def test_role_x_action(demo_workspace: Workspace, tmp_path: Path, role: UserRole, action: Action) -> None:
    user, out = BY_ROLE[role], tmp_path / "out"
    out.mkdir()
    _inspection(demo_workspace, BY_ROLE[UserRole.CLERK])  # what a notice is issued on
    before = _audit_top(demo_workspace)
    if demo_workspace.on_server and action in (Action.BACKUP, Action.RESTORE):
        with pytest.raises(OnServer, match="pg_dump"):  # the server's administrator backs a server up
            ACTIONS[action](demo_workspace, user, out)
        return
    if action in SPEC[role]:
        assert ACTIONS[action](demo_workspace, user, out) is not None
        return
    with pytest.raises(NotPermitted, match=f"不能{action.label}"):
        ACTIONS[action](demo_workspace, user, out)
    assert _audit_top(demo_workspace) == before
    made = {p.name for p in out.iterdir()} - {"in.xlsx"}
    assert not made, made


def _latest_inspection(ws: Workspace) -> int:
    with ws.store.read() as uow:
        return uow.session.scalar(select(func.max(Inspection.id)))


def test_wrong_passwords_lock_the_account_for_fifteen_minutes(demo_workspace: Workspace) -> None:
    clock = [dt.datetime(2026, 11, 23, 9, 0)]
    service = AccountService(demo_workspace.store, clock=lambda: clock[0])
    clerk = BY_ROLE[UserRole.CLERK]
    assert service.sign_in(clerk, DEMO_PASSWORD).role is UserRole.CLERK
    for tries_left in (4, 3, 2, 1):
        with pytest.raises(SignInRefused, match=f"还可以再试{tries_left}次"):
            service.sign_in(clerk, "wrong")
    with pytest.raises(SignInRefused, match="已锁定，请15分钟后（09:15以后）再试"):
        service.sign_in(clerk, "wrong")
    clock[0] += dt.timedelta(minutes=14)
    with pytest.raises(SignInRefused, match="已锁定"):
        service.sign_in(clerk, DEMO_PASSWORD)  # even the right password waits
    clock[0] += dt.timedelta(minutes=1, seconds=1)
    assert service.sign_in(clerk, DEMO_PASSWORD).username == clerk
    with demo_workspace.store.read() as uow:
        account = uow.session.scalar(select(AppUser).where(AppUser.username == clerk))
        assert account.failed_attempts == 0 and account.locked_until is None
        logged = uow.session.scalars(select(AuditEntry.changes).where(AuditEntry.entity == "app_user")).all()
        assert logged and not any("$argon2" in text for text in logged)
    with pytest.raises(SignInRefused, match="用户名或密码不正确。"):
        service.sign_in("nobody", DEMO_PASSWORD)


def test_password_change_reset_and_the_last_administrator(demo_workspace: Workspace) -> None:
    accounts = demo_workspace.accounts
    clerk, admin, leader = BY_ROLE[UserRole.CLERK], BY_ROLE[UserRole.ADMIN], BY_ROLE[UserRole.LEADER]
    with pytest.raises(RecordRejected, match="新密码：密码须同时包含字母和数字"):
        accounts.change_password(clerk, DEMO_PASSWORD, "abcdefghij")
    with pytest.raises(SignInRefused):
        accounts.change_password(clerk, "not-mine-1", "newpass2026")
    accounts.change_password(clerk, DEMO_PASSWORD, "newpass2026")
    with pytest.raises(SignInRefused):
        accounts.sign_in(clerk, DEMO_PASSWORD)
    assert accounts.sign_in(clerk, "newpass2026").username == clerk
    with pytest.raises(NotPermitted, match="不能管理账户"):
        accounts.reset_password(leader, clerk, "reset2026x")
    for _ in range(5):
        with pytest.raises(SignInRefused):
            accounts.sign_in(clerk, "wrong")
    accounts.reset_password(admin, clerk, "reset2026x")  # also lifts the lock
    assert accounts.sign_in(clerk, "reset2026x").username == clerk
    with pytest.raises(DomainError, match="唯一可用的管理员"):
        accounts.update(admin, admin, "系统管理员", UserRole.CLERK, True)
    accounts.update(admin, leader, "周建华", UserRole.LEADER, False)
    with pytest.raises(SignInRefused, match="已停用"):
        accounts.sign_in(leader, DEMO_PASSWORD)
    with pytest.raises(NotPermitted, match="不存在或已停用"):
        demo_workspace.registers.tickets.delete(1, leader)


def test_the_first_administrator_only_on_a_database_without_accounts(workspace: Workspace) -> None:
    accounts = workspace.accounts
    assert not accounts.has_accounts()
    with pytest.raises(RecordRejected, match="密码：密码至少8位"):
        accounts.create_first_admin("zhang", "张三", "short1")
    actor = accounts.create_first_admin("zhang", "张三", "first2026")
    assert actor.role is UserRole.ADMIN and accounts.has_accounts()
    with pytest.raises(NotPermitted):
        accounts.create_first_admin("li", "李四", "second2026")
    with pytest.raises(NotPermitted, match="不存在或已停用"):
        workspace.profile.save(
            {
                "county": "某县",
                "unit_name": "某县教育局",
                "doc_prefix_rectification": "某教改",
                "doc_prefix_stop": "某教停",
            },
            "命令行:root",
        )
    with workspace.store.read() as uow:
        stored = uow.session.scalar(select(AppUser.password_hash))
        assert stored.startswith("$argon2id$") and "first2026" not in stored


def test_a_read_only_window_still_locks_after_five_wrong_passwords(file_demo_workspace: Workspace) -> None:
    """A file has one writer: the second window reads only, yet counts wrong passwords."""
    demo_workspace = file_demo_workspace
    second = Workspace.open(demo_workspace.db_path, demo_workspace.settings, user="另一台电脑")
    try:
        assert second.read_only
        clock = [dt.datetime(2026, 11, 23, 9, 0)]
        accounts = AccountService(second.store, clock=lambda: clock[0])
        for _ in range(4):
            with pytest.raises(SignInRefused, match="还可以再试"):
                accounts.sign_in("李晓燕", "wrong")
        with pytest.raises(SignInRefused, match="已锁定"):
            accounts.sign_in("李晓燕", "wrong")
        with pytest.raises(SignInRefused, match="已锁定"):
            accounts.sign_in("李晓燕", DEMO_PASSWORD)
        clock[0] += dt.timedelta(minutes=16)
        assert accounts.sign_in("李晓燕", DEMO_PASSWORD).username == "李晓燕"
    finally:
        second.close()
