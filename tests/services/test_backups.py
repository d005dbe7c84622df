"""Backups: folders with the database, its attachments and a checksum manifest; automatic at most daily and only
after a change, after every import; rotated; a tampered copy is refused; killed backups leave nothing behind."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import select

from shuangjian_desktop.domain.access import Action
from shuangjian_desktop.domain.enums import InspectionResult, Method
from shuangjian_desktop.services.backups import BackupService
from shuangjian_desktop.services.inspections.service import InspectionInput
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.settings import Settings
from shuangjian_desktop.store.backup import MANIFEST, BackupError, verify_backup
from shuangjian_desktop.store.models import Institution, Person
from tests.sheets import INSTITUTION_HEADERS, institution_row, write_sheet


def names(db: Path) -> set[str]:
    with closing(sqlite3.connect(db)) as conn:
        return {row[0] for row in conn.execute("SELECT name FROM person")}


def rename_someone(workspace: Workspace, new: str) -> None:
    with workspace.store.write("李晓燕", Action.EDIT_LEDGERS) as uow:
        uow.session.scalar(select(Person).order_by(Person.id)).name = new
        uow.commit()


def with_photo(workspace: Workspace, tmp_path: Path, content: bytes = b"\xff\xd8\xff photo") -> None:
    photo = tmp_path / "现场照片.jpg"
    photo.write_bytes(content)
    with workspace.store.read() as uow:
        inst = uow.session.scalar(select(Institution.id).order_by(Institution.id))
        people = list(uow.session.scalars(select(Person.id).order_by(Person.id).limit(1)))
    workspace.inspections.record(
        InspectionInput(
            inst,
            dt.datetime(2026, 11, 18, 19, 10),
            Method.ROUTINE,
            people,
            InspectionResult.PASSED,
            attachments=[photo],
        ),
        "李晓燕",
    )


def test_a_backup_holds_the_database_the_attachments_and_their_checksums(
    file_demo_workspace: Workspace, tmp_path: Path
) -> None:
    with_photo(file_demo_workspace, tmp_path)
    service = BackupService(file_demo_workspace.db_path, Settings())
    usb = tmp_path / "U盘"
    folder = service.backup_now("李晓燕", usb)
    manifest = verify_backup(folder)
    assert folder.parent == usb and manifest.reason == "manual"
    assert names(manifest.database_path) == names(file_demo_workspace.db_path)
    assert len(manifest.attachments) == 1 and not manifest.missing
    stored = folder / "attachments" / manifest.attachments[0][0]
    assert stored.read_bytes() == b"\xff\xd8\xff photo"
    data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    assert data["audit_head"][0] > 1000 and len(data["database"]["sha256"]) == 64
    assert data["counts"]["institution"] == 57
    again = verify_backup(service.backup_now("李晓燕", usb))
    second = again.folder / "attachments" / again.attachments[0][0]
    if os.name == "posix":  # the second backup in the same folder links the unchanged attachment
        assert second.stat().st_ino == stored.stat().st_ino


@pytest.mark.parametrize("where", ["database", "attachment"])
def test_random_bytes_in_a_backup_are_caught_by_the_checksums(
    file_demo_workspace: Workspace, tmp_path: Path, where: str
) -> None:
    with_photo(file_demo_workspace, tmp_path)
    folder = BackupService(file_demo_workspace.db_path, Settings()).backup_now("李晓燕", tmp_path / "备份")
    manifest = verify_backup(folder)
    target = manifest.database_path if where == "database" else folder / "attachments" / manifest.attachments[0][0]
    data = bytearray(target.read_bytes())
    spot = random.Random(7).randrange(4096, len(data) - 64) if where == "database" else 0
    data[spot : spot + 64] = bytes(random.Random(8).randrange(256) for _ in range(64))
    target.write_bytes(bytes(data))
    with pytest.raises(BackupError, match="校验值不符"):
        verify_backup(folder)


def test_a_folder_without_manifest_is_not_a_backup(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    with pytest.raises(BackupError, match="不是本程序的备份"):
        verify_backup(tmp_path / "x")


def test_automatic_backups_only_after_a_change_and_at_most_daily(file_demo_workspace: Workspace) -> None:
    service = BackupService(file_demo_workspace.db_path, Settings())
    monday = dt.datetime(2026, 11, 23, 17, 30)
    assert service.automatic(monday) is not None
    assert service.automatic(monday + dt.timedelta(hours=1)) is None  # same day
    assert service.automatic(monday + dt.timedelta(days=1)) is None  # nothing changed
    rename_someone(file_demo_workspace, "改过的名字")
    made = service.automatic(monday + dt.timedelta(days=1))
    assert made is not None and "改过的名字" in names(verify_backup(made).database_path)


def test_every_import_is_followed_by_a_backup(file_demo_workspace: Workspace, tmp_path: Path) -> None:
    sheet = write_sheet(tmp_path / "新机构.xlsx", INSTITUTION_HEADERS, [institution_row(801)])
    file_demo_workspace.imports.run("institutions", sheet, user="李晓燕", dry_run=True)
    service = BackupService(file_demo_workspace.db_path, Settings())
    assert not service.backups()  # a dry run changes nothing and backs up nothing
    file_demo_workspace.imports.run("institutions", sheet, user="李晓燕")
    made = service.backups()
    assert [m.reason for m in made] == ["after-import"]
    assert verify_backup(made[0].folder).counts["institution"] == 58


def test_rotation_keeps_recent_days_weeks_and_months_and_the_clerks_own(file_demo_workspace: Workspace) -> None:
    service = BackupService(file_demo_workspace.db_path, Settings())
    first = service.backup_now("李晓燕", reason="auto")
    manual = service.backup_now("李晓燕")
    stem = file_demo_workspace.db_path.stem
    for i in range(120):
        stamp = dt.datetime(2026, 7, 1, 18) + dt.timedelta(days=i)
        reason = "after-import" if i % 5 == 0 else "auto"
        shutil.copytree(first, service.folder / f"{stem}-{stamp:%Y%m%d-%H%M%S}-{reason}")
    shutil.rmtree(first)
    removed = service.rotate()
    left = [m for m in service.backups() if m.reason != "manual"]
    assert removed and len(left) <= 7 + 4 + 12
    assert max(m.folder.name for m in left).startswith(f"{stem}-{dt.date(2026, 10, 28):%Y%m%d}")
    assert manual.is_dir()


def test_what_a_killed_backup_left_is_removed_and_never_counts(file_demo_workspace: Workspace) -> None:
    service = BackupService(file_demo_workspace.db_path, Settings())
    service.folder.mkdir(parents=True)
    half = service.folder / ".shuangjian-20261101-120000-auto.part"
    (half / "attachments").mkdir(parents=True)
    (half / "demo.sqlite3").write_bytes(b"half a copy")
    old = (dt.datetime.now() - dt.timedelta(hours=2)).timestamp()
    os.utime(half, (old, old))
    assert service.backups() == []
    service.backup_now("李晓燕")
    assert not half.exists() and len(service.backups()) == 1


def test_newest_good_skips_a_damaged_backup(file_demo_workspace: Workspace) -> None:
    service = BackupService(file_demo_workspace.db_path, Settings())
    good = service.backup_now("李晓燕")
    rename_someone(file_demo_workspace, "新名字")
    newer = service.backup_now("李晓燕")
    (newer / file_demo_workspace.db_path.name).write_bytes(b"broken")
    assert service.newest_good().folder == good
