"""What SQLite keeps in step by itself, through triggers: trigram text indexes that make searching fast at a million
rows, and sort keys copied from referenced rows (a ticket's institution, a teacher's school) so that every sortable
column of a ledger has an index on the ledger's own table.

Text indexes are contentless FTS5 tables (trigram tokenizer, no positions) over a ledger's search text followed by
two spaces, so that every one- or two-character string of the text starts some indexed trigram (the registers find
short terms through the index's vocabulary). Sort keys are plain columns filled by triggers.

Migration 0003 made them; ``ensure`` at start-up re-creates whatever a later table rebuild dropped (SQLite drops a
table's triggers with it) and refills what those triggers feed. Everything here is SQLite only.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from functools import cache
from typing import Any

SENTINEL = "  "
"""Appended to every indexed text: a term at the very end still starts an indexed trigram."""


@dataclass(frozen=True)
class TextIndex:
    table: str
    text: str
    """The indexed text as SQL over the row ({row} stands for NEW or OLD)."""
    watched: tuple[str, ...]
    """The columns the text is made of (an UPDATE OF them refreshes the index)."""
    append_only: bool = False

    @property
    def fts(self) -> str:
        return f"{self.table}_fts"

    @property
    def vocab(self) -> str:
        return f"{self.table}_fts_vocab"

    @property
    def gin(self) -> str:
        """PostgreSQL's index over the text's pieces (store/derived_pg.py)."""
        return f"ix_{self.table}_text_pieces"

    def row_text(self, row: str) -> str:
        return f"({self.text.format(row=row)}) || '{SENTINEL}'"


TEXT_INDEXES = {
    index.table: index
    for index in (
        TextIndex("institution", "{row}.search_key", ("search_key",)),
        TextIndex("person", "{row}.search_key", ("search_key",)),
        TextIndex("school", "{row}.search_key", ("search_key",)),
        TextIndex("teacher", "{row}.search_key", ("search_key",)),
        TextIndex("ticket", "{row}.search_key", ("search_key",)),
        TextIndex("notice", "{row}.doc_number", ("doc_number",)),
        TextIndex("audit_log", "{row}.summary || ' ' || {row}.username", ("summary", "username"), append_only=True),
        TextIndex("deleted_record", "{row}.summary || ' ' || {row}.deleted_by", ("summary", "deleted_by")),
    )
}

PLACE_SORT_LENGTH = 120
PLACE_KEY = "PLACE_KEY"
"""Stands in the SQL below for the places' column copied into sort keys: sort_name since migration 0009, name in a
database that an earlier migration is bringing up to date (it makes these triggers before 0009 adds sort_name)."""
_PLACE = (
    f"(SELECT substr(t.{PLACE_KEY} || ' ' || c.{PLACE_KEY}, 1, {PLACE_SORT_LENGTH})"
    " FROM community c JOIN township t ON t.id = c.township_id WHERE c.id = {fk})"
)
_TARGET = (
    "COALESCE((SELECT sort_name FROM institution WHERE id = {row}.institution_id),"
    " (SELECT sort_name FROM school WHERE id = {row}.school_id),"
    f" (SELECT {PLACE_KEY} FROM community WHERE id = {{row}}.community_id),"
    f" (SELECT {PLACE_KEY} FROM compound WHERE id = {{row}}.compound_id))"
)

_INSPECTED = (
    "COALESCE((SELECT sort_name FROM institution WHERE id = {row}.institution_id),"
    " (SELECT sort_name FROM school WHERE id = {row}.school_id))"
)
"""An inspection's subject: the institution, or the school (migration 0007)."""
CHANGED_IN_0007 = ("sj_inspection_sort_ai", "sj_inspection_sort_fk_au", "sj_school_sort_au")
"""Triggers whose body migration 0007 changed (it drops them; ``install`` makes them anew)."""


@dataclass(frozen=True)
class SortCopy:
    """A sort key column of ``table`` computed from referenced rows: ``value`` is SQL over the row ({row})."""

    table: str
    column: str
    value: str
    watched: tuple[str, ...]
    """The row's own columns the value depends on (their UPDATE recomputes it)."""
    before: tuple[str, tuple[str, ...]] | None = None
    """(value, watched) for a schema that lacks a watched column yet: a migration that runs before the one adding
    it makes the copy as it then was (a later migration makes it anew)."""

    def fitted(self, columns: set[str] | None) -> SortCopy:
        """This copy as the table's present ``columns`` allow (all of them when not known)."""
        if columns is None or set(self.watched) <= columns or self.before is None:
            return self
        value, watched = self.before
        return SortCopy(self.table, self.column, value, watched)


SORT_COPIES = (
    SortCopy("institution", "place_sort", _PLACE.format(fk="{row}.community_id"), ("community_id",)),
    SortCopy("ticket", "institution_sort", "(SELECT sort_name FROM institution WHERE id = {row}.institution_id)",
             ("institution_id",)),
    SortCopy("ticket", "handler_sort", "(SELECT sort_name FROM person WHERE id = {row}.handler_id)", ("handler_id",)),
    SortCopy("inspection", "institution_sort", _INSPECTED, ("institution_id", "school_id"),
             ("(SELECT sort_name FROM institution WHERE id = {row}.institution_id)", ("institution_id",))),
    SortCopy("notice", "institution_sort", "(SELECT sort_name FROM institution WHERE id = {row}.institution_id)",
             ("institution_id",)),
    SortCopy("teacher", "school_sort", "(SELECT sort_name FROM school WHERE id = {row}.school_id)", ("school_id",)),
    SortCopy("assignment", "person_sort", "(SELECT sort_name FROM person WHERE id = {row}.person_id)", ("person_id",)),
    SortCopy("assignment", "target_sort", _TARGET,
             ("institution_id", "school_id", "community_id", "compound_id")),
    # supervision (issue 16): disposal case files, fund accounts and charges, list entries
    *(SortCopy(table, "institution_sort", "(SELECT sort_name FROM institution WHERE id = {row}.institution_id)",
               ("institution_id",))
      for table in ("disposal_plan", "fund_account", "fund_charge", "list_entry")),
)  # fmt: skip

_SOURCE_TRIGGERS = {
    # a referenced row changed: copy its new sort key into the rows that show it
    "sj_institution_sort_au": (
        "AFTER UPDATE OF sort_name ON institution BEGIN"
        " UPDATE ticket SET institution_sort = NEW.sort_name WHERE institution_id = NEW.id;"
        " UPDATE inspection SET institution_sort = NEW.sort_name WHERE institution_id = NEW.id;"
        " UPDATE notice SET institution_sort = NEW.sort_name WHERE institution_id = NEW.id;"
        " UPDATE assignment SET target_sort = NEW.sort_name WHERE institution_id = NEW.id; END"
    ),
    "sj_person_sort_au": (
        "AFTER UPDATE OF sort_name ON person BEGIN"
        " UPDATE ticket SET handler_sort = NEW.sort_name WHERE handler_id = NEW.id;"
        " UPDATE assignment SET person_sort = NEW.sort_name WHERE person_id = NEW.id; END"
    ),
    "sj_school_sort_au": (
        "AFTER UPDATE OF sort_name ON school BEGIN"
        " UPDATE teacher SET school_sort = NEW.sort_name WHERE school_id = NEW.id;"
        " UPDATE inspection SET institution_sort = NEW.sort_name WHERE school_id = NEW.id;"
        " UPDATE assignment SET target_sort = NEW.sort_name WHERE school_id = NEW.id; END"
    ),
    "sj_community_name_au": (
        f"AFTER UPDATE OF {PLACE_KEY}, township_id ON community BEGIN"
        f" UPDATE institution SET place_sort = {_PLACE.format(fk='NEW.id')} WHERE community_id = NEW.id;"
        f" UPDATE assignment SET target_sort = NEW.{PLACE_KEY} WHERE community_id = NEW.id; END"
    ),
    "sj_township_name_au": (
        f"AFTER UPDATE OF {PLACE_KEY} ON township BEGIN"
        f" UPDATE institution SET place_sort = substr(NEW.{PLACE_KEY} || ' ' || (SELECT c.{PLACE_KEY}"
        f" FROM community c WHERE c.id = institution.community_id), 1, {PLACE_SORT_LENGTH})"
        " WHERE community_id IN (SELECT id FROM community WHERE township_id = NEW.id); END"
    ),
    "sj_compound_name_au": (
        f"AFTER UPDATE OF {PLACE_KEY} ON compound BEGIN"
        f" UPDATE assignment SET target_sort = NEW.{PLACE_KEY} WHERE compound_id = NEW.id; END"
    ),
}
PLACE_TRIGGERS = ("sj_community_name_au", "sj_township_name_au", "sj_compound_name_au")
"""Made anew by migration 0009 (they copy the places' pinyin sort names since; they copied the names before)."""


_SUPERVISION_TABLES = ("disposal_plan", "fund_account", "fund_charge", "list_entry")
_SOURCE_TRIGGERS["sj_institution_sort_sv_au"] = (
    "AFTER UPDATE OF sort_name ON institution BEGIN"
    + "".join(
        f" UPDATE {t} SET institution_sort = NEW.sort_name WHERE institution_id = NEW.id;" for t in _SUPERVISION_TABLES
    )
    + " END"
)
_NEEDS_TABLES = {"sj_institution_sort_sv_au": _SUPERVISION_TABLES}
"""Triggers whose bodies name tables a later migration makes: made once those tables exist."""


def _copy_triggers(columns: dict[str, set[str]] | None = None) -> dict[str, str]:
    triggers: dict[str, str] = {}
    by_table: dict[str, list[SortCopy]] = {}
    for copy in _fitted(columns):
        by_table.setdefault(copy.table, []).append(copy)
    for table, copies in by_table.items():
        sets = ", ".join(f"{c.column} = {c.value.format(row='NEW')}" for c in copies)
        watched = sorted({w for c in copies for w in c.watched})
        any_set = " OR ".join(f"NEW.{w} IS NOT NULL" for w in watched)
        triggers[f"sj_{table}_sort_ai"] = (
            f"AFTER INSERT ON {table} WHEN {any_set} BEGIN UPDATE {table} SET {sets} WHERE id = NEW.id; END"
        )
        triggers[f"sj_{table}_sort_fk_au"] = (
            f"AFTER UPDATE OF {', '.join(watched)} ON {table} BEGIN UPDATE {table} SET {sets} WHERE id = NEW.id; END"
        )
    triggers.update(_SOURCE_TRIGGERS)
    return triggers


def _text_triggers(index: TextIndex) -> dict[str, str]:
    fts, table = index.fts, index.table
    insert = f"INSERT INTO {fts}(rowid, text) VALUES (NEW.id, {index.row_text('NEW')});"
    delete = f"INSERT INTO {fts}({fts}, rowid, text) VALUES ('delete', OLD.id, {index.row_text('OLD')});"
    triggers = {f"sj_{table}_fts_ai": f"AFTER INSERT ON {table} BEGIN {insert} END"}
    if not index.append_only:
        changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in index.watched)
        triggers[f"sj_{table}_fts_ad"] = f"AFTER DELETE ON {table} BEGIN {delete} END"
        triggers[f"sj_{table}_fts_au"] = (
            f"AFTER UPDATE OF {', '.join(index.watched)} ON {table} WHEN {changed} BEGIN {delete} {insert} END"
        )
    return triggers


@cache
def trigram_available() -> bool:
    """Whether this SQLite has FTS5 with the trigram tokenizer (3.34 and later, FTS5 compiled in)."""
    try:
        with sqlite3.connect(":memory:") as conn:
            conn.execute("CREATE VIRTUAL TABLE probe USING fts5(text, tokenize='trigram', detail='none')")
        return True
    except sqlite3.Error:
        return False


def is_derived_table(name: str) -> bool:
    """Tables made here, not by the models (the migrations' model comparison leaves them out)."""
    return any(name == i.fts or name.startswith(f"{i.fts}_") for i in TEXT_INDEXES.values())


def is_derived_index(name: str) -> bool:
    """Indexes made here, not by the models (PostgreSQL's text indexes)."""
    return any(name == i.gin for i in TEXT_INDEXES.values())


def _server(conn: Any) -> bool:
    return getattr(getattr(conn, "dialect", None), "name", "sqlite") == "postgresql"


def _fitted(columns: dict[str, set[str]] | None) -> list[SortCopy]:
    return [copy.fitted(None if columns is None else columns.get(copy.table)) for copy in SORT_COPIES]


def _table_columns(conn: Any) -> dict[str, set[str]]:
    tables = {copy.table for copy in SORT_COPIES}
    return {t: {row[1] for row in _exec(conn, f"PRAGMA table_info({t})")} for t in tables}


def expected_triggers(
    columns: dict[str, set[str]] | None = None, place: str = "sort_name", tables: set[str] | None = None
) -> dict[str, str]:
    """Every trigger by name: sort copies as the tables' present ``columns`` allow, reading the places' ``place``
    column; the triggers of text indexes over ``tables`` only, when given."""
    triggers = {name: body.replace(PLACE_KEY, place) for name, body in _copy_triggers(columns).items()}
    if trigram_available():
        for index in TEXT_INDEXES.values():
            if tables is None or index.table in tables:
                triggers.update(_text_triggers(index))
    return triggers


def _place_column(conn: Any) -> str:
    """The places' column sort keys copy: sort_name, or name before migration 0009 added sort_name."""
    columns = {row[1] for row in _exec(conn, "PRAGMA table_info(township)")}
    return "sort_name" if "sort_name" in columns else "name"


def _exec(conn: Any, sql: str) -> Any:
    return conn.exec_driver_sql(sql)


def _names(conn: Any, kind: str) -> set[str]:
    return {row[0] for row in _exec(conn, f"SELECT name FROM sqlite_master WHERE type = '{kind}'")}


def install(conn: Any) -> list[str]:
    """Make every missing text index and trigger and fill what the missing ones feed (on ``conn``, a SQLAlchemy
    connection inside a transaction). Returns what was made; nothing when all is in place. PostgreSQL: its text
    indexes and plpgsql triggers (store/derived_pg.py)."""
    if _server(conn):
        from shuangjian_desktop.store import derived_pg

        return derived_pg.install(conn)
    made: list[str] = []
    tables = _names(conn, "table")
    have = _names(conn, "trigger")
    place = _place_column(conn)
    stale_texts: set[str] = set()
    if trigram_available():
        for index in TEXT_INDEXES.values():
            if index.table not in tables:
                continue  # a table a later migration makes (this one runs inside an earlier migration)
            if index.fts not in tables:
                _exec(
                    conn,
                    f"CREATE VIRTUAL TABLE {index.fts} USING fts5(text, content='', tokenize='trigram', detail='none')",
                )
                _exec(conn, f"CREATE VIRTUAL TABLE {index.vocab} USING fts5vocab({index.fts}, 'row')")
                made.append(index.fts)
                stale_texts.add(index.table)
            elif any(name not in have for name in _text_triggers(index)):
                stale_texts.add(index.table)
    copies_stale = False
    text_triggers = {name for index in TEXT_INDEXES.values() for name in _text_triggers(index)}
    columns = _table_columns(conn)
    for name, body in expected_triggers(columns, place, tables).items():
        if name in have or not _tables_made(name, tables):
            continue
        _exec(conn, f"CREATE TRIGGER {name} {body}")
        made.append(name)
        copies_stale = copies_stale or name not in text_triggers
    for table in sorted(stale_texts):
        refill_text(conn, TEXT_INDEXES[table])
    if copies_stale:
        for copy in _fitted(columns):
            if copy.table in tables:
                refill_copy(conn, copy, place)
    return made


def _tables_made(trigger: str, tables: set[str]) -> bool:
    """Whether the tables a trigger is on and names exist yet (an earlier migration runs with today's list)."""
    needed = set(_NEEDS_TABLES.get(trigger, ()))
    needed |= {f"{c.table}" for c in SORT_COPIES if trigger in (f"sj_{c.table}_sort_ai", f"sj_{c.table}_sort_fk_au")}
    return needed <= tables


def refill_text(conn: Any, index: TextIndex) -> None:
    """Index every row of the table afresh (one statement: far cheaper than row by row)."""
    _exec(conn, f"INSERT INTO {index.fts}({index.fts}) VALUES ('delete-all')")
    _exec(conn, f"INSERT INTO {index.fts}(rowid, text) SELECT id, {index.row_text(index.table)} FROM {index.table}")


def refill_copy(conn: Any, copy: SortCopy, place: str = "sort_name") -> None:
    value = copy.value.format(row=copy.table).replace(PLACE_KEY, place)
    _exec(conn, f"UPDATE {copy.table} SET {copy.column} = {value}")


def refill_all(conn: Any) -> None:
    """Recompute every sort key and text index (after loading rows with the triggers off, as the benchmarks do)."""
    if _server(conn):
        for copy in SORT_COPIES:
            refill_copy(conn, copy)
        return
    tables = _names(conn, "table")
    place = _place_column(conn)
    for copy in SORT_COPIES:
        if copy.table in tables:
            refill_copy(conn, copy, place)
    if trigram_available():
        for index in TEXT_INDEXES.values():
            if index.fts in _names(conn, "table"):
                refill_text(conn, index)


def remake_place_sorts(conn: Any) -> None:
    """Re-make the triggers and copies that read places (their sort names, since migration 0009): the places'
    triggers and the place and target sort keys, refilled from the rows."""
    if _server(conn):  # the server's triggers read sort_name from the start: refill the copies only
        for copy in SORT_COPIES:
            if copy.column in ("place_sort", "target_sort"):
                refill_copy(conn, copy)
        return
    names = [*PLACE_TRIGGERS, "sj_institution_sort_ai", "sj_institution_sort_fk_au"]
    names += ["sj_assignment_sort_ai", "sj_assignment_sort_fk_au"]
    expected = expected_triggers()
    for name in names:
        _exec(conn, f"DROP TRIGGER IF EXISTS {name}")
        _exec(conn, f"CREATE TRIGGER {name} {expected[name]}")
    for copy in SORT_COPIES:
        if copy.column in ("place_sort", "target_sort"):
            refill_copy(conn, copy)


KEYS_VERSION = 2
"""Which rules made the keys stored beside the rows (search text, pinyin sort keys): 1 read each character alone;
2 reads whole words (pypinyin's phrases), every reading of a polyphonic surname, numbers by value. The database
keeps the version of its keys in SQLite's user_version; services/base/rekey.py makes older keys afresh."""


KEYS_COMMENT = "shuangjian keys "
"""On a server the version of a county's keys is its schema's comment (PostgreSQL has no user_version)."""


def keys_version(conn: Any) -> int:
    if _server(conn):  # no comment: a county this program made, with today's keys
        text = _exec(conn, "SELECT obj_description(current_schema()::regnamespace, 'pg_namespace')").scalar() or ""
        return int(text.removeprefix(KEYS_COMMENT)) if text.startswith(KEYS_COMMENT) else KEYS_VERSION
    return int(_exec(conn, "PRAGMA user_version").scalar() or 0)


def set_keys_version(conn: Any, version: int = KEYS_VERSION) -> None:
    if _server(conn):  # the schema's owner may; a clerk's account may not, and the keys are then marked by it
        schema = _exec(conn, "SELECT current_schema()").scalar()
        owner = _exec(conn, "SELECT pg_has_role(nspowner, 'USAGE') FROM pg_namespace WHERE nspname = current_schema()")
        if owner.scalar():
            _exec(conn, f"COMMENT ON SCHEMA \"{schema}\" IS '{KEYS_COMMENT}{int(version)}'")
        return
    _exec(conn, f"PRAGMA user_version = {int(version)}")


def drop_triggers(conn: Any) -> None:
    """Remove every trigger made here (a bulk load then calls install, which refills)."""
    if _server(conn):
        from shuangjian_desktop.store import derived_pg

        derived_pg.drop_triggers(conn)
        return
    for name in _names(conn, "trigger"):
        if name.startswith("sj_"):
            _exec(conn, f"DROP TRIGGER {name}")


def drop_all(conn: Any) -> None:
    if _server(conn):
        from shuangjian_desktop.store import derived_pg

        derived_pg.drop_all(conn)
        return
    drop_triggers(conn)
    for index in TEXT_INDEXES.values():
        _exec(conn, f"DROP TABLE IF EXISTS {index.vocab}")
        _exec(conn, f"DROP TABLE IF EXISTS {index.fts}")


def missing(conn: Any) -> list[str]:
    """Which triggers and text indexes this program expects and the database lacks (cheap: reads sqlite_master)."""
    if _server(conn):
        from shuangjian_desktop.store import derived_pg

        return derived_pg.missing(conn)
    tables = _names(conn, "table")
    have = _names(conn, "trigger")
    absent = [name for name in expected_triggers() if name not in have and _tables_made(name, tables)]
    if trigram_available():
        absent += [i.fts for i in TEXT_INDEXES.values() if i.fts not in tables]
    return absent
