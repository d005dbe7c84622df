"""Checking the database: start-up costs the same at any size unless the last session did not close cleanly (then
the full check runs); quick_check finds a damaged page that opening does not notice."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from shuangjian_desktop.services.health import check_database, opening_problems, quick_problems
from shuangjian_desktop.services.session_journal import SessionJournal
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.settings import Settings
from shuangjian_desktop.store.database_file import DAMAGED, OURS, DatabaseUnusable, inspect_database


def _damaged_copy(demo_file: Path, tmp_path: Path) -> Path:
    """A copy with one data page of the audit trail overwritten (the schema page stays readable)."""
    path = tmp_path / "damaged.sqlite3"
    shutil.copyfile(demo_file, path)
    with sqlite3.connect(path) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'audit_log'").fetchone()[0]
    with path.open("r+b") as handle:
        handle.seek((root - 1) * page_size + 8)
        handle.write(b"\xff" * (page_size - 16))
    return path


def test_a_damaged_page_is_found_by_the_quick_check_not_by_opening(demo_file: Path, tmp_path: Path) -> None:
    damaged = _damaged_copy(demo_file, tmp_path)
    assert opening_problems(demo_file) == [] == quick_problems(demo_file)
    assert opening_problems(damaged) == []  # start-up stays cheap ...
    assert quick_problems(damaged)  # ... the background check finds it
    assert not all(item.ok for item in check_database(damaged))


def test_after_an_unclean_shutdown_opening_runs_the_full_check(demo_file: Path, tmp_path: Path) -> None:
    damaged = _damaged_copy(demo_file, tmp_path)
    assert inspect_database(damaged).kind == OURS  # a clean close before: opening reads nothing more
    journal = SessionJournal(damaged)
    journal.start("李晓燕")  # a session that never ended
    assert inspect_database(damaged, full=True).kind == DAMAGED
    with pytest.raises(DatabaseUnusable, match="已损坏"):
        Workspace.open(damaged, Settings())
    journal.close()
    assert journal.left_over() is None and inspect_database(damaged).kind == OURS


def test_a_file_that_is_not_a_database_is_refused_at_once(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    assert opening_problems(junk) and quick_problems(junk)


def test_touching_a_damaged_page_is_refused_in_chinese_and_opening_offers_the_restore(
    demo_file: Path, tmp_path: Path
) -> None:
    from sqlalchemy import text

    from shuangjian_desktop.domain.errors import DatabaseDamaged
    from shuangjian_desktop.store.engine import make_engine

    damaged = _damaged_copy(demo_file, tmp_path)
    engine = make_engine(damaged, read_only=True)
    try:
        with pytest.raises(DatabaseDamaged, match=r"已损坏.*从备份恢复"), engine.connect() as conn:
            conn.execute(text("SELECT count(changes) FROM audit_log")).scalar()
    finally:
        engine.dispose()
    with pytest.raises(DatabaseUnusable, match="已损坏") as refused:  # the window then offers the restore
        Workspace.open(damaged, Settings())
    assert refused.value.file.kind == DAMAGED
