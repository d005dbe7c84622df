"""PostgreSQL's side of store/derived.py, built from the same declarations.

Text indexes: ``sj_pieces(text)`` is every one-, two- and three-character piece of the lower-cased text (without
spaces), and each searchable table has a GIN index over it. A term of up to three characters is one piece: its rows
come straight out of the index, exactly (however short, unlike a trigram index); a longer term is looked up by
the pieces that cover it and then checked against the text. The server keeps the index with every write; no
trigger, no extension, and it works the same whatever locale the database was made with (pg_trgm skips characters
its locale does not call letters, which in a C-locale database is every Chinese character).

Sort keys: one BEFORE INSERT OR UPDATE trigger per table sets its copied keys from the referenced rows; one AFTER
UPDATE trigger per referenced table passes a changed name on (as the SQLite triggers do).

Everything is made in the county's schema (the first on the search path), by its owner.
"""

from __future__ import annotations

from typing import Any

from shuangjian_desktop.store.derived import SORT_COPIES, SORT_SOURCES, TEXT_INDEXES, TextIndex, copies_by_table

PIECES_FUNCTION = "sj_pieces"
PIECES_SQL = f"""
CREATE OR REPLACE FUNCTION {PIECES_FUNCTION}(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT p), '{{}}')
  FROM (SELECT substr(lower(t), i, n) AS p
        FROM generate_series(1, length(t)) AS i, generate_series(1, 3) AS n
        WHERE i + n - 1 <= length(t)) AS pieces
  WHERE strpos(p, ' ') = 0
$$"""


def index_text(index: TextIndex, row: str) -> str:
    """The indexed text as SQL over ``row`` (the table's name, or NEW)."""
    return index.text.format(row=row)


def pieces_expression(index: TextIndex) -> str:
    """The exact expression the GIN index is made on (a query must say the same to use it)."""
    return f"{PIECES_FUNCTION}({index_text(index, index.table)})"


def _exec(conn: Any, sql: str) -> Any:
    return conn.exec_driver_sql(sql)


def _copy_function(table: str) -> tuple[str, str]:
    name = f"sj_{table}_sort"
    sets = " ".join(f"NEW.{c.column} := {c.value.format(row='NEW')};" for c in copies_by_table()[table])
    body = f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {sets} RETURN NEW; END $$"
    return name, body


def expected_triggers() -> dict[str, tuple[str, str]]:
    """trigger name -> (its function's DDL, the trigger's DDL)."""
    made: dict[str, tuple[str, str]] = {}
    for table, copies in copies_by_table().items():
        name, function = _copy_function(table)
        watched = ", ".join(sorted({w for c in copies for w in c.watched}))
        made[name] = (
            function,
            f"CREATE TRIGGER {name} BEFORE INSERT OR UPDATE OF {watched} ON {table}"
            f" FOR EACH ROW EXECUTE FUNCTION {name}()",
        )
    for source in SORT_SOURCES:
        body = " ".join(f"{update};" for update in source.updates)
        changed = " OR ".join(f"OLD.{w} IS DISTINCT FROM NEW.{w}" for w in source.watched)
        made[source.name] = (
            f"CREATE OR REPLACE FUNCTION {source.name}() RETURNS trigger LANGUAGE plpgsql AS $$"
            f" BEGIN {body} RETURN NULL; END $$",
            f"CREATE TRIGGER {source.name} AFTER UPDATE OF {', '.join(source.watched)} ON {source.table}"
            f" FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION {source.name}()",
        )
    return made


def _triggers(conn: Any) -> set[str]:
    rows = _exec(
        conn,
        "SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
        " WHERE c.relnamespace = current_schema()::regnamespace AND NOT t.tgisinternal",
    )
    return {row[0] for row in rows}


def _indexes(conn: Any) -> set[str]:
    return {row[0] for row in _exec(conn, "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")}


def _has_pieces_function(conn: Any) -> bool:
    found = _exec(
        conn,
        f"SELECT 1 FROM pg_proc WHERE proname = '{PIECES_FUNCTION}' AND pronamespace = current_schema()::regnamespace",
    ).first()
    return found is not None


def missing(conn: Any) -> list[str]:
    have, indexes = _triggers(conn), _indexes(conn)
    absent = [name for name in expected_triggers() if name not in have]
    absent += [index.gin for index in TEXT_INDEXES.values() if index.gin not in indexes]
    if not _has_pieces_function(conn):
        absent.append(PIECES_FUNCTION)
    return absent


def install(conn: Any) -> list[str]:
    """Make what is missing (functions, triggers, text indexes); refill the sort keys when a copying trigger was
    missing. Returns what was made."""
    made: list[str] = []
    if not _has_pieces_function(conn):
        _exec(conn, PIECES_SQL)
        made.append(PIECES_FUNCTION)
    indexes = _indexes(conn)
    for index in TEXT_INDEXES.values():
        if index.gin not in indexes:
            _exec(conn, f"CREATE INDEX {index.gin} ON {index.table} USING gin (({pieces_expression(index)}))")
            made.append(index.gin)
    have = _triggers(conn)
    copies_stale = False
    for name, (function, trigger) in expected_triggers().items():
        if name in have:
            continue
        _exec(conn, function)
        _exec(conn, trigger)
        made.append(name)
        copies_stale = True
    if copies_stale:
        for copy in SORT_COPIES:
            _exec(conn, f"UPDATE {copy.table} SET {copy.column} = {copy.value.format(row=copy.table)}")
    return made


def drop_triggers(conn: Any) -> None:
    for name in expected_triggers():
        table = _trigger_table(name)
        _exec(conn, f"DROP TRIGGER IF EXISTS {name} ON {table}")
        _exec(conn, f"DROP FUNCTION IF EXISTS {name}()")


def _trigger_table(name: str) -> str:
    for source in SORT_SOURCES:
        if source.name == name:
            return source.table
    return name.removeprefix("sj_").removesuffix("_sort")


def drop_all(conn: Any) -> None:
    drop_triggers(conn)
    for index in TEXT_INDEXES.values():
        _exec(conn, f"DROP INDEX IF EXISTS {index.gin}")
    _exec(conn, f"DROP FUNCTION IF EXISTS {PIECES_FUNCTION}(text)")
