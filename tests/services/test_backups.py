"""Backups: verified copies, automatic at most daily and only after a change, rotated; restore keeps a copy of
what it replaces and refuses a damaged backup."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import select

from shuangjian_desktop.domain.access import Action
from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.services.backups import BackupService
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.settings import Settings
from shuangjian_desktop.store.backup import integrity_problems
from shuangjian_desktop.store.models import Person


def names(db: Path) -> set[str]:
    with closing(sqlite3.connect(db)) as conn:
        return {row[0] for row in conn.execute("SELECT name FROM person")}


def rename_someone(workspace: Workspace, new: str) -> None:
    with workspace.store.write("李晓燕", Action.EDIT_LEDGERS) as uow:
        uow.session.scalar(select(Person).order_by(Person.id)).name = new
        uow.commit()


def test_manual_backup_to_any_folder_is_verified(demo_workspace: Workspace, tmp_path: Path) -> None:
    service = BackupService(demo_workspace.db_path, Settings())
    usb = tmp_path / "U盘"
    usb.mkdir()
    path = service.backup_now("李晓燕", usb)
    assert path.parent == usb and integrity_problems(path) == [] and names(path) == names(demo_workspace.db_path)


def test_automatic_backups_only_after_a_change_and_at_most_daily(demo_workspace: Workspace) -> None:
    service = BackupService(demo_workspace.db_path, Settings())
    monday = dt.datetime(2026, 11, 23, 17, 30)
    assert service.automatic(monday) is not None
    assert service.automatic(monday + dt.timedelta(hours=1)) is None  # same day
    assert service.automatic(monday + dt.timedelta(days=1)) is None  # nothing changed
    rename_someone(demo_workspace, "改过的名字")
    made = service.automatic(monday + dt.timedelta(days=1))
    assert made is not None and "改过的名字" in names(made)


def test_rotation_keeps_recent_days_weeks_and_months(demo_workspace: Workspace) -> None:
    service = BackupService(demo_workspace.db_path, Settings())
    first = service.backup_now("李晓燕", reason="auto")
    stem = demo_workspace.db_path.stem
    for i in range(120):
        stamp = dt.datetime(2026, 7, 1, 18) + dt.timedelta(days=i)
        shutil.copyfile(first, service.folder / f"{stem}-{stamp:%Y%m%d-%H%M%S}-auto.sqlite3")
    first.unlink()
    removed = service.rotate()
    left = sorted(service.automatic_backups())
    assert removed and len(left) <= 7 + 4 + 12
    assert left[-1] == dt.datetime(2026, 7, 1, 18) + dt.timedelta(days=119)
    assert {(t.year, t.month) for t in left} == {(2026, m) for m in range(7, 11)}


def test_restore_keeps_a_copy_and_refuses_damaged_backups(demo_workspace: Workspace, tmp_path: Path) -> None:
    service = BackupService(demo_workspace.db_path, Settings())
    good = service.backup_now("李晓燕")
    rename_someone(demo_workspace, "恢复前的名字")
    damaged = tmp_path / "坏的.sqlite3"
    data = bytearray(good.read_bytes())
    data[4096 * 2 : 4096 * 2 + 512] = b"\xff" * 512
    damaged.write_bytes(bytes(data))
    before = names(demo_workspace.db_path)
    demo_workspace.close()
    with pytest.raises(DomainError, match="已损坏"):
        service.restore(damaged, "admin")
    assert names(demo_workspace.db_path) == before
    safety = service.restore(good, "admin")
    assert "恢复前的名字" not in names(demo_workspace.db_path) and "恢复前的名字" in names(safety)
    assert integrity_problems(demo_workspace.db_path) == []
    assert service.newest_good() is not None


def test_backup_and_restore_from_the_command_line(tmp_path: Path) -> None:
    from tests.cli.test_cli import shuangjian

    db = tmp_path / "county.sqlite3"
    assert shuangjian("demo", "--db", str(db), data_dir=tmp_path).returncode == 0
    made = shuangjian("backup", "--db", str(db), "--to", str(tmp_path), "--user", "李晓燕", data_dir=tmp_path)
    assert made.returncode == 0 and "已备份并校验" in made.stdout
    copy = next(tmp_path.glob("county-*-manual.sqlite3"))
    restored = shuangjian("restore", str(copy), "--db", str(db), "--user", "admin", data_dir=tmp_path)
    assert restored.returncode == 0 and "已从" in restored.stdout
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database")
    refused = shuangjian("restore", str(junk), "--db", str(db), "--user", "admin", data_dir=tmp_path)
    assert refused.returncode == 1 and "不能用于恢复" in refused.stderr
