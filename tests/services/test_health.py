"""Checking the database: start-up costs the same at any size unless the last session did not close cleanly (then
the full check runs); quick_check finds a damaged page that opening does not notice."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from shuangjian_desktop.services.health import (
    SessionMarker,
    check_database,
    opening_problems,
    quick_problems,
    start_up_problems,
)


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


def test_after_an_unclean_shutdown_start_up_runs_the_full_check(demo_file: Path, tmp_path: Path) -> None:
    damaged = _damaged_copy(demo_file, tmp_path)
    assert start_up_problems(damaged) == ([], False)
    marker = SessionMarker(damaged)
    marker.begin()  # a session that never ended
    problems, full = start_up_problems(damaged)
    assert full and problems
    marker.end()
    assert not marker.unclean() and start_up_problems(damaged) == ([], False)


def test_a_file_that_is_not_a_database_is_refused_at_once(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    assert opening_problems(junk) and quick_problems(junk)
