"""Databases made by older versions (tests/store/old_databases, see make.py there) open in this one: the program
first writes a verified backup of the file as it was, then upgrades it, and every row of every table survives."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from shuangjian_desktop.services.demo.accounts import DEMO_PASSWORD
from shuangjian_desktop.services.health import check_database
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.settings import Settings
from shuangjian_desktop.store.backup import verify_backup
from shuangjian_desktop.store.engine import read_only_uri
from shuangjian_desktop.store.migrate import head_revision

OLD = sorted((Path(__file__).parent / "old_databases").glob("*.sqlite3"))


def revision(path: Path) -> str:
    with closing(sqlite3.connect(read_only_uri(path), uri=True)) as conn:
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]


def contents(path: Path) -> dict[str, dict[str, list[tuple[object, ...]]]]:
    """Every table's rows, column by column name, in rowid order (the tables all have integer keys)."""
    found: dict[str, dict[str, list[tuple[object, ...]]]] = {}
    with closing(sqlite3.connect(path)) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                " AND name != 'alembic_version' AND sql NOT LIKE 'CREATE VIRTUAL%'"
                " AND name NOT LIKE '%\\_fts\\_%' ESCAPE '\\'"
            )
        ]
        for table in tables:
            columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
            rows = conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()
            found[table] = {column: tuple(row[i] for row in rows) for i, column in enumerate(columns)}
    return found


def test_there_are_old_databases_to_upgrade() -> None:
    assert len(OLD) >= 3
    assert any(revision(path) != head_revision() for path in OLD)


@pytest.mark.parametrize("original", OLD, ids=[path.stem for path in OLD])
def test_an_old_database_opens_after_a_verified_backup_and_keeps_every_row(original: Path, tmp_path: Path) -> None:
    db = tmp_path / "shuangjian.sqlite3"
    shutil.copyfile(original, db)
    old_revision, old = revision(original), contents(original)
    assert sum(len(next(iter(columns.values()), ())) for columns in old.values()) > 0

    workspace = Workspace.open(db, Settings())  # what the window and the command line do
    try:
        outcome = workspace.migration
        assert outcome.before == old_revision and outcome.after == head_revision() == revision(db)
        if old_revision == head_revision():
            assert outcome.backup is None
        else:
            backup = outcome.backup
            assert backup is not None and backup.parent == db.parent / "backups"
            assert f"before-upgrade-{old_revision}" in backup.name
            copy = verify_backup(backup).database_path  # every checksum and the integrity check
            # the copy is of the file as it was before the upgrade: its schema and every row
            assert revision(copy) == old_revision and contents(copy) == old
        actor = workspace.accounts.sign_in("admin", DEMO_PASSWORD)
        assert actor.username == "admin"
        workspace.dashboard()  # the home page reads the upgraded ledgers
    finally:
        workspace.close()

    new = contents(db)
    for table, columns in old.items():
        assert table in new, f"table {table} was lost"
        for column, values in columns.items():
            assert new[table].get(column) == values, f"{table}.{column} changed in the upgrade"
    assert all(item.ok for item in check_database(db))
