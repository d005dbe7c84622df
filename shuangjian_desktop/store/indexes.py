"""Which index serves some columns, read from the database's catalogue once per engine: the registers name it when
they walk a sort order on SQLite (INDEXED BY), whatever the migrations called it (a UNIQUE constraint's index has
SQLite's name), and on both engines know from it whether a filter's rows are one index range."""

from __future__ import annotations

from weakref import WeakKeyDictionary

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

_known: WeakKeyDictionary[Engine, dict[tuple[str, tuple[str, ...]], str | None]] = WeakKeyDictionary()


def index_on(session: Session, table: str, *columns: str) -> str | None:
    """The name of the index on exactly ``columns`` of ``table`` (then its order is theirs and the row id's), or
    None when there is none."""
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    known = _known.setdefault(engine, {})
    if (table, columns) not in known:
        if engine.dialect.name == "postgresql":
            known[(table, columns)] = _server_index(session, table, columns)
            return known[(table, columns)]
        found = None
        for row in session.execute(text(f"PRAGMA index_list('{table}')")):
            name, partial = row[1], row[4]
            if partial:
                continue
            indexed = tuple(info[2] for info in session.execute(text(f"PRAGMA index_info('{name}')")))
            if indexed == columns:
                found = name
                break
        known[(table, columns)] = found
    return known[(table, columns)]


def _server_index(session: Session, table: str, columns: tuple[str, ...]) -> str | None:
    """The same question put to PostgreSQL's catalogue (plain B-tree indexes of the county's schema)."""
    rows = session.execute(
        text(
            "SELECT i.relname, array_agg(a.attname::text ORDER BY k.ord) FROM pg_index x"
            " JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid"
            " JOIN pg_am m ON m.oid = i.relam"
            " CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)"
            " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum"
            " WHERE t.relname = :table AND t.relnamespace = current_schema()::regnamespace"
            " AND x.indpred IS NULL AND x.indexprs IS NULL AND m.amname = 'btree'"
            " GROUP BY i.relname ORDER BY i.relname"
        ),
        {"table": table},
    )
    for name, indexed in rows:
        if tuple(indexed) == columns:
            return str(name)
    return None
