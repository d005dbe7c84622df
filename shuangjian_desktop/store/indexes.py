"""Which index serves some columns, read from SQLite once per engine: the registers name it when they walk a
sort order (INDEXED BY), whatever the migrations called it (a UNIQUE constraint's index has SQLite's name)."""

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
