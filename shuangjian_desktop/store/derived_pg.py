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

from dataclasses import dataclass
from typing import Any

from shuangjian_desktop.store.derived import (
    PLACE_KEY,
    PLACE_SORT_LENGTH,
    SORT_COPIES,
    TEXT_INDEXES,
    SortCopy,
    TextIndex,
)


@dataclass(frozen=True)
class SortSource:
    """A referenced row whose change must reach the rows that show it: when ``watched`` columns of ``table``
    change, ``updates`` run (SQL over NEW, the row as changed). The same as store/derived.py's SQLite triggers."""

    name: str
    table: str
    watched: tuple[str, ...]
    updates: tuple[str, ...]
    needs: tuple[str, ...] = ()
    """Tables the updates name besides ``table`` (the trigger is made once they exist)."""


_PLACE = (
    f"(SELECT substr(t.sort_name || ' ' || c.sort_name, 1, {PLACE_SORT_LENGTH})"
    " FROM community c JOIN township t ON t.id = c.township_id WHERE c.id = NEW.id)"
)
_SUPERVISION_TABLES = ("disposal_plan", "fund_account", "fund_charge", "list_entry")
SORT_SOURCES = (
    SortSource("sj_institution_sort_au", "institution", ("sort_name",), (
        "UPDATE ticket SET institution_sort = NEW.sort_name WHERE institution_id = NEW.id",
        "UPDATE inspection SET institution_sort = NEW.sort_name WHERE institution_id = NEW.id",
        "UPDATE notice SET institution_sort = NEW.sort_name WHERE institution_id = NEW.id",
        "UPDATE assignment SET target_sort = NEW.sort_name WHERE institution_id = NEW.id",
    ), ("ticket", "inspection", "notice", "assignment")),
    SortSource("sj_institution_sort_sv_au", "institution", ("sort_name",), tuple(
        f"UPDATE {t} SET institution_sort = NEW.sort_name WHERE institution_id = NEW.id" for t in _SUPERVISION_TABLES
    ), _SUPERVISION_TABLES),
    SortSource("sj_person_sort_au", "person", ("sort_name",), (
        "UPDATE ticket SET handler_sort = NEW.sort_name WHERE handler_id = NEW.id",
        "UPDATE assignment SET person_sort = NEW.sort_name WHERE person_id = NEW.id",
    ), ("ticket", "assignment")),
    SortSource("sj_school_sort_au", "school", ("sort_name",), (
        "UPDATE teacher SET school_sort = NEW.sort_name WHERE school_id = NEW.id",
        "UPDATE inspection SET institution_sort = NEW.sort_name WHERE school_id = NEW.id",
        "UPDATE assignment SET target_sort = NEW.sort_name WHERE school_id = NEW.id",
    ), ("teacher", "inspection", "assignment")),
    SortSource("sj_community_name_au", "community", ("sort_name", "township_id"), (
        f"UPDATE institution SET place_sort = {_PLACE} WHERE community_id = NEW.id",
        "UPDATE assignment SET target_sort = NEW.sort_name WHERE community_id = NEW.id",
    ), ("institution", "assignment")),
    SortSource("sj_township_name_au", "township", ("sort_name",), (
        f"UPDATE institution SET place_sort = substr(NEW.sort_name || ' ' || (SELECT c.sort_name FROM community c"
        f" WHERE c.id = institution.community_id), 1, {PLACE_SORT_LENGTH})"
        " WHERE community_id IN (SELECT id FROM community WHERE township_id = NEW.id)",
    ), ("institution", "community")),
    SortSource("sj_compound_name_au", "compound", ("sort_name",), (
        "UPDATE assignment SET target_sort = NEW.sort_name WHERE compound_id = NEW.id",
    ), ("assignment",)),
)  # fmt: skip
"""Made once the places have sort_name (migration 0009) and every table named exists: on a server the last
migration (re)makes them all (store/derived_pg.py reinstall)."""


def _columns(conn: Any) -> dict[str, set[str]]:
    rows = _exec(
        conn,
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()",
    )
    found: dict[str, set[str]] = {}
    for table, column in rows:
        found.setdefault(table, set()).add(column)
    return found


def _place(columns: dict[str, set[str]]) -> str:
    return "sort_name" if "sort_name" in columns.get("township", set()) else "name"


def _copies(columns: dict[str, set[str]] | None) -> list[SortCopy]:
    """The sort copies the present tables and columns allow (all of them when not known)."""
    if columns is None:
        return list(SORT_COPIES)
    return [c.fitted(columns[c.table]) for c in SORT_COPIES if c.table in columns]


def copies_by_table(columns: dict[str, set[str]] | None = None) -> dict[str, list[SortCopy]]:
    by_table: dict[str, list[SortCopy]] = {}
    for copy in _copies(columns):
        by_table.setdefault(copy.table, []).append(copy)
    return by_table


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


def _copy_function(table: str, copies: list[SortCopy], place: str) -> tuple[str, str]:
    name = f"sj_{table}_sort"
    sets = " ".join(f"NEW.{c.column} := {c.value.format(row='NEW').replace(PLACE_KEY, place)};" for c in copies)
    body = f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {sets} RETURN NEW; END $$"
    return name, body


def expected_triggers(columns: dict[str, set[str]] | None = None) -> dict[str, tuple[str, str]]:
    """trigger name -> (its function's DDL, the trigger's DDL), for the tables and columns there are (all when
    ``columns`` is None)."""
    made: dict[str, tuple[str, str]] = {}
    place = "sort_name" if columns is None else _place(columns)
    for table, copies in copies_by_table(columns).items():
        name, function = _copy_function(table, copies, place)
        watched = ", ".join(sorted({w for c in copies for w in c.watched}))
        made[name] = (
            function,
            f"CREATE TRIGGER {name} BEFORE INSERT OR UPDATE OF {watched} ON {table}"
            f" FOR EACH ROW EXECUTE FUNCTION {name}()",
        )
    for source in SORT_SOURCES:
        if columns is not None and (place != "sort_name" or not {source.table, *source.needs} <= set(columns)):
            continue  # an earlier migration: the last one makes it
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
    have, indexes, columns = _triggers(conn), _indexes(conn), _columns(conn)
    absent = [name for name in expected_triggers(columns) if name not in have]
    absent += [i.gin for i in TEXT_INDEXES.values() if i.gin not in indexes and i.table in columns]
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
    indexes, columns = _indexes(conn), _columns(conn)
    for index in TEXT_INDEXES.values():
        if index.gin not in indexes and index.table in columns:
            _exec(conn, f"CREATE INDEX {index.gin} ON {index.table} USING gin (({pieces_expression(index)}))")
            made.append(index.gin)
    have = _triggers(conn)
    copies_stale = False
    for name, (function, trigger) in expected_triggers(columns).items():
        if name in have:
            continue
        _exec(conn, function)
        _exec(conn, trigger)
        made.append(name)
        copies_stale = True
    if copies_stale:
        place = _place(columns)
        for copy in _copies(columns):
            value = copy.value.format(row=copy.table).replace(PLACE_KEY, place)
            _exec(conn, f"UPDATE {copy.table} SET {copy.column} = {value}")
    return made


def reinstall(conn: Any) -> list[str]:
    """Every function and trigger made anew from today's declarations, and the copies refilled (the last migration
    on a server does it: earlier ones made what their tables then allowed)."""
    drop_triggers(conn)
    return install(conn)


def drop_triggers(conn: Any) -> None:
    """Every trigger made here, and its function (found in the catalogue: whatever an earlier version made)."""
    rows = _exec(
        conn,
        "SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
        " WHERE c.relnamespace = current_schema()::regnamespace AND NOT t.tgisinternal AND t.tgname LIKE 'sj\\_%%'",
    ).all()
    for name, table in rows:
        _exec(conn, f"DROP TRIGGER IF EXISTS {name} ON {table}")
        _exec(conn, f"DROP FUNCTION IF EXISTS {name}()")


def drop_all(conn: Any) -> None:
    drop_triggers(conn)
    for index in TEXT_INDEXES.values():
        _exec(conn, f"DROP INDEX IF EXISTS {index.gin}")
    _exec(conn, f"DROP FUNCTION IF EXISTS {PIECES_FUNCTION}(text)")
