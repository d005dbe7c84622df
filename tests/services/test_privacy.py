"""Personal data stays private: ID numbers and confidential callers are masked in every export (the audit trail's
included), showing them in full is the administrator's and is on record, every export is on record, and the files
the program makes are readable by their owner only."""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from shuangjian_desktop.domain.access import NotPermitted
from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.services.base.register import Query
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.store.models import AuditEntry, Teacher, Ticket

FULL_ID = re.compile(r"\d{17}[\dXx]")


def cells(path: Path) -> str:
    return "\n".join(
        str(v) for sheet in openpyxl.load_workbook(path) for row in sheet.iter_rows(values_only=True) for v in row if v
    )


def confidential_callers(workspace: Workspace) -> list[str]:
    with workspace.store.read() as uow:
        rows = uow.session.execute(
            select(Ticket.caller_name, Ticket.caller_phone).where(Ticket.confidential.is_(True))
        ).all()
    return [v for row in rows for v in row if v]


def last_audit(workspace: Workspace) -> AuditEntry:
    with workspace.store.read() as uow:
        return uow.session.scalar(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1))


def test_the_audit_export_masks_id_numbers_and_confidential_callers(demo_workspace: Workspace, tmp_path: Path) -> None:
    secrets = confidential_callers(demo_workspace)
    assert secrets
    with demo_workspace.store.read() as uow:
        assert len(uow.session.scalars(select(Teacher.id_number)).all()) > 800
    path = tmp_path / "操作日志.xlsx"
    exported = demo_workspace.registers.audit.export(Query(), path, user="周建华")
    text = cells(path)
    assert exported > 1000 and "在职教师" in text
    assert not FULL_ID.search(text), FULL_ID.search(text)
    phones = [s for s in secrets if s.isdigit()]
    assert phones and not any(p in text for p in phones)
    assert "（保密）" in text


def test_full_id_numbers_are_the_administrators_and_on_record(demo_workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "教师.xlsx"
    with pytest.raises(NotPermitted, match="不能查看和导出完整的个人信息"):
        demo_workspace.export_ledger("teachers", path, "周建华", reveal_personal=True)
    assert not path.exists()
    with pytest.raises(NotPermitted):
        demo_workspace.registers.teachers.show_id_numbers(True, "李晓燕")
    demo_workspace.export_ledger("teachers", path, "admin", reveal_personal=True)
    assert FULL_ID.search(cells(path))
    entry = last_audit(demo_workspace)
    assert entry.username == "admin" and entry.action.value == "export" and '含完整个人信息": "是' in entry.changes
    demo_workspace.registers.teachers.show_id_numbers(True, "admin")
    assert last_audit(demo_workspace).action.value == "reveal"
    view = tmp_path / "教师视图.xlsx"
    demo_workspace.registers.teachers.export(Query(), view, user="admin")
    assert FULL_ID.search(cells(view)) and "是" in last_audit(demo_workspace).changes


def test_every_export_is_on_record_and_masked_by_default(demo_workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "教师.xlsx"
    rows = demo_workspace.export_ledger("teachers", path, "周建华")
    assert not FULL_ID.search(cells(path))
    entry = last_audit(demo_workspace)
    assert (entry.username, entry.action.value, entry.summary) == ("周建华", "export", "导出在职教师台账")
    details = json.loads(entry.changes)
    assert details["文件"] == str(path) and details["条数"] == rows
    monthly = tmp_path / "月报.xlsx"
    demo_workspace.export_monthly_return("2026-10", monthly, "周建华")
    assert last_audit(demo_workspace).summary == "导出2026-10月报"


def test_an_export_that_cannot_be_put_on_record_is_refused(
    demo_workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(type(demo_workspace.store), "cannot_record", lambda _store: "数据库文件是只读文件")
    path = tmp_path / "机构.xlsx"
    with pytest.raises(DomainError, match="无法把这次操作记入操作日志"):
        demo_workspace.export_ledger("institutions", path, "周建华")
    assert not path.exists()


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX; Windows keeps the data in the per-user folder")
def test_files_the_program_makes_are_its_owners_only(tmp_path: Path) -> None:
    from tests.cli.test_cli import shuangjian

    db = tmp_path / "county.sqlite3"
    assert shuangjian("demo", "--db", str(db), data_dir=tmp_path).returncode == 0
    out = tmp_path / "机构台账.xlsx"
    assert (
        shuangjian(
            "export", "institutions", "--db", str(db), "--out", str(out), "--user", "周建华", data_dir=tmp_path
        ).returncode
        == 0
    )
    assert shuangjian("backup", "--db", str(db), "--user", "李晓燕", data_dir=tmp_path).returncode == 0
    made = [db, out, *(tmp_path / "backups").rglob("*")]
    for path in made:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o077 == 0, f"{path} is {oct(mode)}"
