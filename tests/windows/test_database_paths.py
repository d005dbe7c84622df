"""Database files in folders a clerk may really use: names with ``#``, ``%``, spaces and Chinese, network shares.

A SQLite URI pasted together from ``as_posix()`` opened another, empty file for a folder named with ``#`` (so a
damaged database passed its check and any name passed the permission check) and was refused for a UNC path. These
run everywhere; the network-share cases need a share, which .ci/windows makes under Wine (SHUANGJIAN_TEST_UNC: a
UNC folder; SHUANGJIAN_TEST_NETWORK_DRIVE: a drive letter of type network).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
from contextlib import closing
from pathlib import Path

import pytest

from shuangjian_desktop.domain.access import Action, NotPermitted
from shuangjian_desktop.paths import storage_warning
from shuangjian_desktop.services.backups import BackupService
from shuangjian_desktop.services.health import check_database
from shuangjian_desktop.services.restore import RestoreService
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.settings import Settings
from shuangjian_desktop.store.access import check_permission_in_file
from shuangjian_desktop.store.backup import integrity_problems, verify_backup
from shuangjian_desktop.store.engine import read_only_uri

FOLDER_NAMES = ["台账#1", "100%完成", "a%20b", "a%23b", "县教育局 双减 (2026)", "数据#%&;=+,'"]


def damage(path: Path) -> None:
    """Overwrite pages in the middle of the file: integrity_check then reports problems."""
    size = path.stat().st_size
    with path.open("r+b") as file:
        for offset in range(4096 * 3, size - 4096, 4096 * 2):
            file.seek(offset)
            file.write(b"\xff" * 512)


@pytest.mark.parametrize("folder_name", FOLDER_NAMES)
def test_the_uri_opens_the_very_file(tmp_path: Path, folder_name: str) -> None:
    path = tmp_path / folder_name / "ledger.sqlite3"
    path.parent.mkdir()
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE marker (x)")
        conn.execute("INSERT INTO marker VALUES (42)")
        conn.commit()
    with closing(sqlite3.connect(read_only_uri(path), uri=True)) as conn:
        assert conn.execute("SELECT x FROM marker").fetchone() == (42,)
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            conn.execute("INSERT INTO marker VALUES (1)")
    assert sorted(p.name for p in path.parent.iterdir()) == ["ledger.sqlite3"]  # no stray file made beside it


@pytest.mark.parametrize("folder_name", ["台账#1", "100%完成", "a%23b"])
def test_a_damaged_database_in_such_a_folder_fails_its_check(demo_file: Path, tmp_path: Path, folder_name: str) -> None:
    path = tmp_path / folder_name / "shuangjian.sqlite3"
    path.parent.mkdir()
    shutil.copyfile(demo_file, path)
    assert integrity_problems(path) == []
    damage(path)
    assert integrity_problems(path) != []
    assert not all(item.ok for item in check_database(path))


def test_permissions_hold_in_a_folder_named_with_a_hash(demo_file: Path, tmp_path: Path) -> None:
    """Opening an empty stand-in file would find no accounts and guard nothing."""
    path = tmp_path / "台账#1" / "shuangjian.sqlite3"
    path.parent.mkdir()
    shutil.copyfile(demo_file, path)
    with pytest.raises(NotPermitted):
        check_permission_in_file(path, "周建华", Action.RESTORE)  # a leader may not restore
    with pytest.raises(NotPermitted):
        check_permission_in_file(path, "nobody", Action.BACKUP)
    check_permission_in_file(path, "admin", Action.RESTORE)


def test_open_back_up_and_restore_in_a_folder_named_with_hash_and_percent(demo_file: Path, tmp_path: Path) -> None:
    path = tmp_path / "数据#%&" / "shuangjian.sqlite3"
    path.parent.mkdir()
    shutil.copyfile(demo_file, path)
    workspace = Workspace.open(path, Settings())
    try:
        assert workspace.accounts.has_accounts()
    finally:
        workspace.close()
    service = BackupService(path, Settings())
    backup = service.backup_now("李晓燕")
    assert backup.parent == path.parent / "backups" and verify_backup(backup).counts["institution"] == 57
    assert service.automatic() is not None  # reads the audit log of the very file
    assert RestoreService(path, Settings()).restore(backup, "admin").safety is not None
    assert all(item.ok for item in check_database(path))


def unc_folder() -> Path:
    share = os.environ.get("SHUANGJIAN_TEST_UNC")
    if not share:
        pytest.skip("needs a network share: SHUANGJIAN_TEST_UNC (.ci/windows makes one under Wine)")
    return Path(share)


def test_a_database_on_a_network_share_opens_and_checks(demo_file: Path, tmp_path: Path) -> None:
    folder = unc_folder() / f"test-{os.getpid()}-{tmp_path.name}"
    folder.mkdir(parents=True)
    try:
        path = folder / "shuangjian.sqlite3"
        shutil.copyfile(demo_file, path)
        assert str(path).startswith("\\\\")
        assert read_only_uri(path).startswith("file:////")
        assert integrity_problems(path) == []
        check_permission_in_file(path, "admin", Action.RESTORE)
        with pytest.raises(NotPermitted):
            check_permission_in_file(path, "周建华", Action.RESTORE)
        assert "网络共享" in (storage_warning(path) or "")
        damage(path)
        assert integrity_problems(path) != []
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.skipif(sys.platform != "win32", reason="drive types are a Windows matter")
def test_a_mapped_network_drive_is_warned_about() -> None:
    drive = os.environ.get("SHUANGJIAN_TEST_NETWORK_DRIVE")
    if not drive:
        pytest.skip("needs a drive of type network: SHUANGJIAN_TEST_NETWORK_DRIVE (.ci/windows maps one under Wine)")
    warning = storage_warning(Path(f"{drive}\\台账\\shuangjian.sqlite3"))
    assert warning is not None and "网络驱动器" in warning and drive in warning


@pytest.mark.skipif(sys.platform != "win32", reason="drive types are a Windows matter")
def test_a_local_disk_is_not_warned_about(tmp_path: Path) -> None:
    assert storage_warning(tmp_path / "shuangjian.sqlite3") is None
    assert storage_warning(Path("shuangjian.sqlite3")) is None  # relative: the current folder's drive
