"""Restore on the worst day: a damaged database is kept (renamed) beside the restored one and what it still holds
after the backup is reported; a sound one is backed up first; never while another copy holds it; only for an
administrator; a tampered or newer backup is refused and changes nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import sqlite3
import time
from contextlib import closing
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from shuangjian_desktop.domain.access import Action, NotPermitted
from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.services.backups import BackupService
from shuangjian_desktop.services.restore import RestoreService
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.settings import Settings
from shuangjian_desktop.store.backup import MANIFEST, BackupError, verify_backup
from shuangjian_desktop.store.database_file import DAMAGED, DatabaseUnusable, inspect_database
from shuangjian_desktop.store.models import Person
from tests.services.test_backups import names, with_photo


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def damage(path: Path, how: str) -> None:
    data = bytearray(path.read_bytes())
    if how == "truncated":
        path.write_bytes(bytes(data[: len(data) // 3]))
    elif how == "not-sqlite":
        path.write_bytes(b"PK\x03\x04 this was overwritten by another program" + bytes(data[100:]))
    else:  # a run of garbage in the middle, the kind a failing disk leaves
        middle = len(data) // 2 // 4096 * 4096
        data[middle : middle + 4096 * 3] = b"\x5a" * (4096 * 3)
        path.write_bytes(bytes(data))


@pytest.fixture
def county(file_demo_workspace: Workspace, tmp_path: Path) -> tuple[Path, Path]:
    """A county database with a photo, its verified backup, and changes made after that backup."""
    with_photo(file_demo_workspace, tmp_path)
    backup = BackupService(file_demo_workspace.db_path, Settings()).backup_now("admin")
    time.sleep(1.1)  # the changes below are later than the backup, to the second
    with file_demo_workspace.store.write("李晓燕", Action.EDIT_LEDGERS) as uow:
        for person in uow.session.scalars(select(Person).order_by(Person.id).limit(3)):
            person.name = person.name + "（改）"
        uow.commit()
    file_demo_workspace.close()
    return file_demo_workspace.db_path, backup


@pytest.mark.parametrize("how", ["truncated", "not-sqlite", "garbage"])
def test_a_damaged_database_is_kept_and_what_it_still_holds_is_reported(county: tuple[Path, Path], how: str) -> None:
    db, backup = county
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    damage(db, how)
    damaged_digest = digest(db)
    assert inspect_database(db, full=True).kind == DAMAGED
    if how != "garbage":  # damage deep in the file is for the full check (after a crash, in the background, on demand)
        with pytest.raises(DatabaseUnusable, match="已损坏"):
            Workspace.open(db, Settings())
    (db.parent / "attachments").rename(db.parent / "attachments-lost")
    outcome = RestoreService(db, Settings()).restore(backup, "admin")  # the backup's administrator
    assert outcome.kept is not None and outcome.kept.name.startswith(f"{db.name}.damaged-")
    assert digest(outcome.kept) == damaged_digest  # the damaged file is kept exactly as it was
    assert outcome.safety is None and outcome.attachments_restored == 1
    assert "（改）" not in "".join(names(db))
    assert inspect_database(db, full=True).kind == "ours"
    summary = outcome.summary()
    assert "已损坏的数据库保留在" in summary
    if how == "garbage":  # most pages are still readable: the three renamed people are found and written out
        people = next(s for s in outcome.salvaged if s.ledger == "人员")
        assert people.readable and people.rows == 3
        assert outcome.salvage_file is not None and "请核对后重新录入" in summary
        sheet = openpyxl.load_workbook(outcome.salvage_file).active
        assert sum("（改）" in str(row) for row in sheet.iter_rows(values_only=True)) == 3
    assert outcome.after is not None and verify_backup(outcome.after).reason == "after-restore"
    ws = Workspace.open(db, Settings())
    ws.close()


def test_a_sound_database_is_backed_up_before_it_is_replaced(county: tuple[Path, Path]) -> None:
    db, backup = county
    outcome = RestoreService(db, Settings()).restore(backup, "admin")
    assert outcome.kept is None and outcome.safety is not None
    assert any("（改）" in n for n in names(verify_backup(outcome.safety).database_path))
    assert not any("（改）" in n for n in names(db))


def test_only_an_administrator_restores_and_never_while_another_copy_holds_it(county: tuple[Path, Path]) -> None:
    db, backup = county
    before = digest(db)
    with pytest.raises(NotPermitted, match="不能恢复数据库；需要管理员账户"):
        RestoreService(db, Settings()).restore(backup, "李晓燕")
    holder = Workspace.open(db, Settings(), user="另一台电脑的李晓燕")
    try:
        with pytest.raises(DomainError, match=r"正由.*使用，不能恢复"):
            RestoreService(db, Settings()).restore(backup, "admin")
    finally:
        holder.close()
    assert digest(db) == before


def test_a_tampered_or_newer_backup_changes_nothing(county: tuple[Path, Path], tmp_path: Path) -> None:
    db, backup = county
    before = digest(db)
    tampered = tmp_path / "改过的备份"
    shutil.copytree(backup, tampered)
    copy = tampered / db.name
    data = bytearray(copy.read_bytes())
    data[8192:8256] = b"\x00" * 64
    copy.write_bytes(bytes(data))
    with pytest.raises(BackupError, match="校验值不符"):
        RestoreService(db, Settings()).restore(tampered, "admin")
    newer = tmp_path / "新版本的备份"
    shutil.copytree(backup, newer)
    with closing(sqlite3.connect(newer / db.name)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
        conn.commit()
    manifest = json.loads((newer / MANIFEST).read_text(encoding="utf-8"))
    manifest["schema"] = "9999_future"
    manifest["database"].update(sha256=digest(newer / db.name), size=(newer / db.name).stat().st_size)
    (newer / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(DomainError, match="来自更新版本的程序"):
        RestoreService(db, Settings()).restore(newer, "admin")
    assert digest(db) == before


def test_a_backup_made_by_an_earlier_version_still_restores(county: tuple[Path, Path], tmp_path: Path) -> None:
    db, backup = county
    old_style = tmp_path / f"{db.stem}-20261101-120000-manual.sqlite3"
    shutil.copyfile(backup / db.name, old_style)
    outcome = RestoreService(db, Settings()).restore(old_style, "admin")
    assert outcome.backup.legacy and "旧版本程序" in outcome.summary()
    assert not any("（改）" in n for n in names(db))


def test_damaged_at_start_the_backups_own_accounts_decide(county: tuple[Path, Path]) -> None:
    db, backup = county
    damage(db, "not-sqlite")
    with pytest.raises(NotPermitted):
        RestoreService(db, Settings()).restore(backup, "周建华")  # a leader of the backup
    with pytest.raises(NotPermitted):
        RestoreService(db, Settings()).restore(backup, "root")  # not an account at all
    assert RestoreService(db, Settings()).restore(backup, "admin").kept is not None
    assert dt.date.today().strftime("%Y%m%d") in next(db.parent.glob(f"{db.name}.damaged-*")).name
