"""The migrations are the truth: they agree with the models, and upgrading keeps every row after a backup."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from shuangjian_desktop.store import derived
from shuangjian_desktop.store.backup import verify_backup
from shuangjian_desktop.store.base import Base
from shuangjian_desktop.store.derived import is_derived_table
from shuangjian_desktop.store.engine import make_engine
from shuangjian_desktop.store.migrate import MigrationError, alembic_config, current_revision, head_revision, upgrade


def test_a_new_database_is_made_by_the_migrations_and_matches_the_models(db_path: Path) -> None:
    engine = make_engine(db_path)
    outcome = upgrade(engine)
    assert outcome.before is None and outcome.after == head_revision() and outcome.backup is None
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_name": lambda name, kind, _p: not (kind == "table" and is_derived_table(name))}
        )
        assert compare_metadata(context, Base.metadata) == []
        tables = set(inspect(conn).get_table_names())
    assert set(Base.metadata.tables) <= tables
    engine.dispose()


def test_pragmas_on_every_connection(db_path: Path) -> None:
    engine = make_engine(db_path)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    engine.dispose()


def _revisions() -> list[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def test_upgrading_a_database_that_holds_data_keeps_every_row(demo_file: Path, tmp_path: Path) -> None:
    """Take the demo county's rows, put them into a database at the first revision, then upgrade step by step."""
    first, *later = _revisions()
    old = tmp_path / "old.sqlite3"
    engine = make_engine(old)
    upgrade(engine, target=first)
    with engine.connect() as conn:
        made = conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            " AND name != 'alembic_version' ORDER BY rowid"
        )  # in the order they were made: referenced tables first
        columns = {t: [c["name"] for c in inspect(conn).get_columns(t)] for (t,) in made}
    with sqlite3.connect(demo_file) as source:
        counts = {t: source.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in columns}
    with engine.begin() as conn:
        conn.exec_driver_sql(f"ATTACH DATABASE '{demo_file.as_posix()}' AS src")
        for table, names in columns.items():
            listed = ", ".join(f'"{n}"' for n in names)
            conn.exec_driver_sql(f'INSERT INTO main."{table}" ({listed}) SELECT {listed} FROM src."{table}"')
    with engine.connect() as conn:
        conn.exec_driver_sql("DETACH DATABASE src")
    tables = list(columns)
    assert sum(counts.values()) > 2000
    for revision in later:
        before = current_revision(engine)
        outcome = upgrade(engine, target=revision)
        assert outcome.backup is not None and outcome.backup.is_dir()
        assert verify_backup(outcome.backup).schema == before
        assert f"before-upgrade-{before}" in outcome.backup.name
        with engine.connect() as conn:
            after = {t: conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar() for t in tables}
        assert after == counts
    assert current_revision(engine) == head_revision()
    with engine.connect() as conn:
        sql = conn.exec_driver_sql
        # the upgrade filled what triggers keep from now on: sort keys copied from referenced rows, text indexes
        assert (
            sql("SELECT count(*) FROM ticket WHERE institution_id IS NOT NULL AND institution_sort IS NULL").scalar()
            == 0
        )
        assert sql("SELECT count(*) FROM assignment WHERE target_sort IS NULL").scalar() == 0
        assert (
            sql("SELECT count(*) FROM institution WHERE community_id IS NOT NULL AND place_sort IS NULL").scalar() == 0
        )
        if derived.trigram_available():
            name = sql("SELECT name FROM institution ORDER BY id LIMIT 1").scalar()
            found = sql("SELECT rowid FROM institution_fts WHERE institution_fts MATCH ?", (f'"{name[:3]}"',)).all()
            assert (1,) in found
        assert derived.missing(conn) == []
    engine.dispose()


def test_a_foreign_file_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE mine (x)")
        conn.execute("INSERT INTO mine VALUES (1)")
    engine = make_engine(path)
    with pytest.raises(MigrationError, match="不是本程序的数据库"):
        upgrade(engine)
    engine.dispose()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM mine").fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name='alembic_version'").fetchone()[0] == 0


def test_a_database_newer_than_the_program_is_refused(db_path: Path) -> None:
    engine = make_engine(db_path)
    upgrade(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(MigrationError, match="比本程序新"):
        upgrade(engine)
    engine.dispose()


def test_the_head_read_without_alembic_is_alembics_head() -> None:
    """Start-up reads the head from the version files' own lines (no Alembic import); it must agree."""
    from shuangjian_desktop.store.migrate import _head_from_files

    assert _head_from_files() == ScriptDirectory.from_config(alembic_config()).get_current_head() == head_revision()
