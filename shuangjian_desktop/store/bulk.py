"""Insert many new rows as one plain executemany of the table's INSERT (so database triggers, such as a search
index's, fire as for any insert), without SQLAlchemy's per-row work: every row carries the same keys (the caller
fills defaults), enum members go as their stored values, and the one timestamp of an import is converted once."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

from sqlalchemy import DateTime, Table
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import Session


def insert_plain(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    keys = list(rows[0])
    compiled = table.insert().compile(dialect=dialect, column_keys=keys)
    order = list(compiled.positiontup or keys) if compiled.positional else keys
    stamps: dict[dt.datetime, Any] = {}
    processors = {}
    for key in order:
        column = table.c[key]
        if isinstance(column.type, DateTime):
            processors[key] = column.type.dialect_impl(dialect).bind_processor(dialect) or (lambda value: value)

    def plain(key: str, value: Any) -> Any:
        if isinstance(value, Enum):
            return value.value
        if key in processors and value is not None:
            if value not in stamps:
                stamps[value] = processors[key](value)
            return stamps[value]
        return value

    special = set(processors) | {k for k in order if isinstance(table.c[k].type, SAEnum)}
    if compiled.positional:
        params: list[Any] = [tuple(plain(k, row[k]) if k in special else row[k] for k in order) for row in rows]
    else:
        params = [{k: (plain(k, row[k]) if k in special else row[k]) for k in order} for row in rows]
    connection.exec_driver_sql(str(compiled), params)
