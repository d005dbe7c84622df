"""Which index serves a column (its first column), read from SQLite once per engine: the registers name it when they
walk a sort order (INDEXED BY), whatever the migrations called it (a UNIQUE constraint's index has SQLite's name)."""

from __future__ import annotations

from weakref import WeakKeyDictionary

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

_known: WeakKeyDictionary[Engine, dict[tuple[str, str], str | None]] = WeakKeyDictionary()


def index_on(session: Session, table: str, column: str) -> str | None:
    """The name of an index whose first column is ``table.column`` (None when there is none)."""
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    known = _known.setdefault(engine, {})
    if (table, column) not in known:
        found = None
        for row in session.execute(text(f"PRAGMA index_list('{table}')")):
            name, partial = row[1], row[4]
            if partial:
                continue
            first = session.execute(text(f"PRAGMA index_info('{name}')")).first()
            if first is not None and first[2] == column:
                found = name
                break
        known[(table, column)] = found
    return known[(table, column)]
