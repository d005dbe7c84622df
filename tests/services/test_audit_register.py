"""The audit trail screen's register: every change with its user and old -> new per field in Chinese, filtered
by user, ledger, action and period; the table itself stays append-only."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from sqlalchemy import func, select

from shuangjian_desktop.domain.enums import UserRole
from shuangjian_desktop.services.registers import Query
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.store.models import AuditEntry, Institution


def test_a_change_shows_who_what_and_old_to_new(demo_workspace: Workspace, tmp_path: Path) -> None:
    register = demo_workspace.registers.institutions
    with demo_workspace.store.read() as uow:
        inst = uow.session.scalar(select(Institution).order_by(Institution.id))
    values = register.load(inst.id)
    values["students"] = "999"
    register.save(inst.id, values, "李晓燕")
    audit = demo_workspace.registers.audit
    mine = Query(filters={"user": "李晓燕"})
    rows = audit.page(mine, 0, 10)
    assert len(rows) == 1
    _at, user, action, ledger, record, changes = rows[0].values
    assert (user, action, ledger, record) == ("李晓燕", "修改", "机构台账", inst.name)
    assert f"在训学生数：{inst.students} → 999" in changes
    assert audit.count(Query(filters={"entity": "institution", "period": "1"})) >= 1
    assert audit.count(Query(filters={"action": "delete"})) == 0
    assert audit.count(Query(text=inst.name[3:7])) >= 1
    path = tmp_path / "操作日志.xlsx"
    assert audit.export(mine, path, user="admin") == 1
    assert openpyxl.load_workbook(path).active["B3"].value == "李晓燕"
    with demo_workspace.store.read() as uow:
        assert uow.session.scalar(select(func.count()).select_from(AuditEntry)) == audit.count(Query())


def test_account_changes_read_in_chinese_and_never_show_a_password(demo_workspace: Workspace) -> None:
    demo_workspace.accounts.add("admin", "wangxin", "王新", UserRole.LEADER, "abc2026xyz")
    rows = demo_workspace.registers.audit.page(Query(filters={"user": "admin"}), 0, 10)
    changes = rows[0].values[5]
    assert "用户名： → wangxin" in changes and "角色： → 领导" in changes and "可登录： → 是" in changes
    assert "密码： → ******" in changes and "abc2026xyz" not in changes and "argon2" not in changes
