"""One writer at a time: a second copy of the program opens read-only and says who holds the database; a lock
left by a killed program is taken over."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from shuangjian_desktop.domain.access import Action, Actor
from shuangjian_desktop.domain.enums import UserRole
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.settings import Settings
from shuangjian_desktop.store.models import Institution
from shuangjian_desktop.store.uow import ReadOnly

HOLD = """
import sys, time
from pathlib import Path
from shuangjian_desktop.services.workspace import Workspace
ws = Workspace.open(Path(sys.argv[1]), user="王五")
print("held" if ws.read_only is None else "readonly", flush=True)
time.sleep(60)
"""


def test_a_second_copy_is_read_only_and_names_the_holder(db_path: Path) -> None:
    first = Workspace.open(db_path, Settings(), user="李晓燕")
    second = Workspace.open(db_path, Settings(), user="张三")
    try:
        assert first.read_only is None
        assert second.read_only is not None and "李晓燕" in second.read_only
        with second.store.read() as uow:
            assert uow.session.scalar(select(func.count()).select_from(Institution)) == 0
        with pytest.raises(ReadOnly, match=r"只读.*李晓燕"):
            second.store.write("张三", Action.EDIT_LEDGERS)
    finally:
        second.close()
        first.close()
    third = Workspace.open(db_path, Settings(), user="张三")
    try:
        assert third.read_only is None
        third.signed_in(Actor("zhang", "张三", UserRole.CLERK))
        fourth = Workspace.open(db_path, Settings(), user="os-login")
        assert fourth.read_only is not None and "张三（经办人）" in fourth.read_only
        fourth.close()
    finally:
        third.close()


def test_a_lock_left_by_a_killed_program_is_taken_over(db_path: Path) -> None:
    Workspace.open(db_path, Settings()).close()
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(db_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        blocked = Workspace.open(db_path, Settings(), user="张三")
        assert blocked.read_only is not None and "王五" in blocked.read_only
        blocked.close()
    finally:
        holder.kill()
        holder.wait()
    time.sleep(0.1)
    after = Workspace.open(db_path, Settings(), user="张三")
    try:
        assert after.read_only is None
    finally:
        after.close()


def test_risky_places_for_the_database_are_named(tmp_path: Path) -> None:
    from shuangjian_desktop.paths import storage_warning

    assert storage_warning(tmp_path / "ledger.sqlite3") is None
    assert "云同步" in (storage_warning(tmp_path / "OneDrive" / "台账" / "ledger.sqlite3") or "")
    assert "云同步" in (storage_warning(tmp_path / "我的坚果云" / "ledger.sqlite3") or "")
    assert "网络共享" in (storage_warning(Path("//fileserver/share/ledger.sqlite3")) or "")
