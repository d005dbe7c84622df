"""The same migrations build a county on a PostgreSQL server: a county's schema matches the models, an old county
holding data upgrades step by step keeping every row, and what store/derived.py keeps works there."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, select, text

from shuangjian_desktop.store import derived
from shuangjian_desktop.store.base import Base
from shuangjian_desktop.store.counties import make_schema
from shuangjian_desktop.store.derived import is_derived_index, is_derived_table
from shuangjian_desktop.store.migrate import alembic_config, current_revision, head_revision, upgrade
from shuangjian_desktop.store.server import make_server_engine
from tests.server import TestServer


def _include(name: str | None, kind: str, _parents: object) -> bool:
    if name is None:
        return True
    return not ((kind == "table" and is_derived_table(name)) or (kind == "index" and is_derived_index(name)))


def test_a_county_made_on_the_server_matches_the_models(pg_server: TestServer) -> None:
    name = pg_server.create()
    try:
        location = pg_server.location(name, "new_county")
        outcome = make_schema(location)
        assert outcome.before is None and outcome.after == head_revision()
        engine = make_server_engine(location)
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT current_schema()").scalar() == "county_new_county"
            context = MigrationContext.configure(conn, opts={"include_name": _include})
            assert compare_metadata(context, Base.metadata) == []
            assert set(Base.metadata.tables) <= set(inspect(conn).get_table_names())
            assert derived.missing(conn) == []
            public = conn.exec_driver_sql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").scalar()
            assert public == 0  # everything of the county is in its schema
        engine.dispose()
        assert make_schema(location).before == head_revision()  # again: nothing to do
    finally:
        pg_server.drop(name)


def test_an_old_county_on_the_server_upgrades_keeping_every_row(pg_server: TestServer, demo_file: Path) -> None:
    """The demo county's rows in a county at the first revision, then every migration one at a time."""
    revisions = [rev.revision for rev in reversed(list(ScriptDirectory.from_config(alembic_config()).walk_revisions()))]
    first, *later = revisions
    name = pg_server.create()
    location = pg_server.location(name, "old")
    engine = make_server_engine(location)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("CREATE SCHEMA county_old")
        upgrade(engine, target=first)
        source = create_engine(f"sqlite:///{demo_file}")
        with engine.connect() as conn:
            made = [t for t in inspect(conn).get_sorted_table_and_fkc_names() if t[0]]
            tables = [t for t, _fks in made if t != "alembic_version"]
            columns = {t: [c["name"] for c in inspect(conn).get_columns(t)] for t in tables}
        counts = {}
        with source.connect() as src, engine.begin() as conn:
            for table in tables:
                listed = ", ".join(columns[table])
                rows = [dict(r._mapping) for r in src.execute(text(f"SELECT {listed} FROM {table}"))]
                counts[table] = len(rows)
                if rows:
                    booleans = [c["name"] for c in inspect(conn).get_columns(table) if str(c["type"]) == "BOOLEAN"]
                    for row in rows:
                        for key in booleans:
                            row[key] = bool(row[key]) if row[key] is not None else None
                    marks = ", ".join(f":{c}" for c in columns[table])
                    conn.execute(text(f"INSERT INTO {table} ({listed}) VALUES ({marks})"), rows)
                    if "id" in columns[table]:
                        conn.exec_driver_sql(
                            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                        )
        source.dispose()
        assert sum(counts.values()) > 2000
        for revision in later:
            outcome = upgrade(engine, target=revision)
            assert outcome.after == revision and outcome.backup is None  # a server is backed up by pg_dump
            with engine.connect() as conn:
                after = {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in tables}
            assert after == counts, revision
        assert current_revision(engine) == head_revision()
        with engine.connect() as conn:
            sql = conn.exec_driver_sql
            assert sql("SELECT count(*) FROM audit_log WHERE chain IS NULL").scalar() == 0
            assert (
                sql(
                    "SELECT count(*) FROM ticket WHERE institution_id IS NOT NULL AND institution_sort IS NULL"
                ).scalar()
                == 0
            )
            assert sql("SELECT count(*) FROM institution WHERE version = 1").scalar() == counts["institution"]
            assert derived.missing(conn) == []
            name_part = sql("SELECT substr(name, 1, 2) FROM institution ORDER BY id LIMIT 1").scalar()
            found = conn.execute(
                select(text("id"))
                .select_from(text("institution"))
                .where(
                    text("sj_pieces(institution.search_key) @> ARRAY[CAST(:part AS text)]").bindparams(part=name_part)
                )
            ).all()
            assert (1,) in found
    finally:
        engine.dispose()
        pg_server.drop(name)
