"""Keys made in Python and stored beside each row (search text, pinyin sort keys, document-number sort keys), made
afresh for the rows already in a database when the way they are made changes.

Each ledger's keys.py says which columns its keys are made of and how (a ``Rekeyed``); ``refresh`` walks a table by
id in batches, each batch its own short transaction, and writes only the rows whose keys differ (the text indexes and
the copied sort keys follow by their triggers, store/derived.py). It may be cancelled between batches and starts over
safely: rows already right are read, not written. The database notes which version of the keys it holds
(store/derived.py), so this runs once per change of the rules, not at every start.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, bindparam, func, select

from shuangjian_desktop.store.uow import Store

BATCH = 1000


@dataclass(frozen=True)
class Rekeyed:
    model: Any
    sources: Mapping[str, ColumnElement[Any]]
    """What the keys are made of, by name (columns of the table, or scalar sub-selects of referenced rows)."""
    make: Callable[[Mapping[str, Any]], dict[str, Any]]
    """The keys (column -> value) of a row, from its sources."""
    columns: tuple[str, ...]
    """The key columns ``make`` returns."""

    @property
    def table(self) -> Any:
        return self.model.__table__


def _batch(store: Store, spec: Rekeyed, after: int, size: int) -> tuple[int, int, int]:
    """(last id read, rows read, rows rewritten) for the next batch after ``after``."""
    table = spec.table
    names = list(spec.sources)
    stmt = (
        select(table.c.id, *[table.c[c] for c in spec.columns], *spec.sources.values())
        .where(table.c.id > after)
        .order_by(table.c.id)
        .limit(size)
    )
    with store.maintenance() as uow:
        session = uow.session
        rows = session.execute(stmt).all()
        if not rows:
            return after, 0, 0
        changed = []
        for row in rows:
            stored = dict(zip(spec.columns, row[1 : 1 + len(spec.columns)], strict=True))
            sources = dict(zip(names, row[1 + len(spec.columns) :], strict=True))
            fresh = spec.make(sources)
            if any(fresh[c] != stored[c] for c in spec.columns):
                changed.append({"row_id": row[0], **{f"new_{c}": fresh[c] for c in spec.columns}})
        if changed:
            update = (
                table.update()
                .where(table.c.id == bindparam("row_id"))
                .values({c: bindparam(f"new_{c}") for c in spec.columns})
            )
            session.connection().execute(update, changed)
        uow.commit()
    return int(rows[-1][0]), len(rows), len(changed)


def refresh(
    store: Store,
    specs: Sequence[Rekeyed],
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    batch: int = BATCH,
) -> tuple[int, bool]:
    """Make every table's keys afresh; (rows rewritten, finished). ``progress(done, total)`` counts rows read."""
    with store.read() as uow:
        total = sum(uow.session.scalar(select(func.count()).select_from(spec.table)) or 0 for spec in specs)
    done = rewritten = 0
    for spec in specs:
        last = 0
        while True:
            if cancelled():
                return rewritten, False
            last, read, written = _batch(store, spec, last, batch)
            if not read:
                break
            done += read
            rewritten += written
            if progress is not None:
                progress(done, total)
    return rewritten, True
