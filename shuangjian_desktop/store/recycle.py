"""Deleting a record so that it can be put back (最近删除), for every ledger in one place.

``keep`` copies the record's row and the rows that belong to it (those whose foreign key to it deletes with it:
a ticket's steps, a person's roles) into deleted_record, and notes the rows that merely pointed at it (a link
that is set to NULL when it goes); the caller then deletes the record as before, so that it leaves every listing,
count, text index, report and export with no condition anywhere. ``put_back`` inserts the rows again as they were
(the same id unless a new record has taken it since), re-links what pointed at it, and removes the kept copy;
the record's attachments (photos, scans: rows that name it by owner_kind and owner_id) are kept and put back with it
(their files stay in the attachments folder until then; on a server their bytes stay in attachment_content);
its rows are written to the audit trail as restorations. Rows are kept as the database holds them (SQLite's own
values; a server's dates and times as their text, which it reads back into the same column types), so they come
back exactly, whatever their types.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import Table, delete, insert
from sqlalchemy.orm import Session

from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.store.audit import audit_restored, record_summary
from shuangjian_desktop.store.base import Base, now
from shuangjian_desktop.store.models.recycle import DeletedRecord


def _children(table: Table) -> list[tuple[Table, str]]:
    """(table, column) of every foreign key that deletes with a row of ``table``."""
    found = []
    for other in Base.metadata.sorted_tables:
        for fk in other.foreign_keys:
            if fk.column.table is table and (fk.ondelete or "").upper() == "CASCADE":
                found.append((other, fk.parent.name))
    return found


def _links(table: Table) -> list[tuple[Table, str]]:
    """(table, column) of every foreign key to ``table`` that is set to NULL when its row goes."""
    found = []
    for other in Base.metadata.sorted_tables:
        for fk in other.foreign_keys:
            if fk.column.table is table and (fk.ondelete or "").upper() == "SET NULL":
                found.append((other, fk.parent.name))
    return found


def _sql(connection: Any, sql: str, params: tuple[Any, ...] = ()) -> Any:
    """A statement written with SQLite's ? placeholders, on either engine (psycopg's are %s)."""
    if connection.dialect.name == "postgresql":
        sql = sql.replace("?", "%s")
    return connection.exec_driver_sql(sql, params)


def _raw_rows(session: Session, table: Table, column: str, value: int) -> list[dict[str, Any]]:
    connection = session.connection()
    keys = ", ".join(f'"{c.name}"' for c in table.primary_key.columns) or "1"
    order = "rowid" if connection.dialect.name == "sqlite" else keys
    result = _sql(connection, f'SELECT * FROM "{table.name}" WHERE "{column}" = ? ORDER BY {order}', (value,))
    names = [d[0] for d in result.cursor.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def _gather(session: Session, table: Table, row: dict[str, Any], rows: list[list[Any]], links: list[list[Any]]) -> None:
    rows.append([table.name, row])
    for other, column in _links(table):
        ids = [r[0] for r in _sql(
            session.connection(), f'SELECT id FROM "{other.name}" WHERE "{column}" = ?', (row["id"],)
        )]  # fmt: skip
        if ids:
            links.append([other.name, column, ids])
    for child, column in _children(table):
        for child_row in _raw_rows(session, child, column, row["id"]):
            _gather(session, child, child_row, rows, links)


def keep(session: Session, record: Any, user: str) -> None:
    """Copy ``record`` and what belongs to it into the recycle table (before the caller deletes it)."""
    table = record.__table__
    found = _raw_rows(session, table, "id", int(record.id))
    if not found:
        return
    rows: list[list[Any]] = []
    links: list[list[Any]] = []
    _gather(session, table, found[0], rows, links)
    owned = _sql(
        session.connection(),
        'SELECT * FROM "attachment" WHERE owner_kind = ? AND owner_id = ? ORDER BY id',
        (table.name, int(record.id)),
    )
    names = [d[0] for d in owned.cursor.description]
    rows.extend(["attachment", dict(zip(names, row, strict=True))] for row in owned.fetchall())
    session.execute(
        insert(DeletedRecord.__table__).values(
            entity=table.name,
            entity_id=int(record.id),
            summary=record_summary(record) or f"{table.name} {record.id}",
            rows=json.dumps({"rows": rows, "links": links}, ensure_ascii=False, default=str),
            deleted_at=now(),
            deleted_by=user[:50],
        )
    )


class CannotRestore(DomainError):
    """The record cannot be put back as it was; the message says why and what to do first."""


def _mapper_of(table_name: str) -> Any:
    for mapper in Base.registry.mappers:
        if mapper.local_table.name == table_name:
            return mapper
    raise CannotRestore(f"程序不认识已删除记录所在的表“{table_name}”。")


def _free_id(session: Session, table: Table, wanted: int) -> int:
    connection = session.connection()
    taken = _sql(connection, f'SELECT 1 FROM "{table.name}" WHERE id = ?', (wanted,)).first()
    if taken is None:
        return wanted
    if connection.dialect.name == "postgresql":  # a new key from the table's sequence (other clerks use it too)
        return int(_sql(connection, f"SELECT nextval(pg_get_serial_sequence('{table.name}', 'id'))").scalar())
    top = _sql(connection, f'SELECT max(id) FROM "{table.name}"').scalar() or 0
    return int(top) + 1


def put_back(
    session: Session, kept_id: int, user: str, describe: Callable[[str], str] | None = None
) -> tuple[str, int]:
    """Insert the kept rows again (in the caller's transaction); (table, id of the restored record). Raises
    CannotRestore, naming what is missing, when a record it refers to is gone or its unique value is taken."""
    kept = session.get(DeletedRecord, kept_id)
    if kept is None:
        raise CannotRestore("该记录已恢复或不在“最近删除”中。")
    payload = json.loads(kept.rows)
    new_ids: dict[tuple[str, int], int] = {}
    restored: list[tuple[Any, int]] = []
    connection = session.connection()
    for table_name, row in payload["rows"]:
        mapper = _mapper_of(table_name)
        table = mapper.local_table
        row = dict(row)
        for fk in table.foreign_keys:
            value = row.get(fk.parent.name)
            if value is None:
                continue
            target = (fk.column.table.name, value)
            if target in new_ids:
                row[fk.parent.name] = new_ids[target]
                continue
            present = _sql(
                connection, f'SELECT 1 FROM "{fk.column.table.name}" WHERE "{fk.column.name}" = ?', (value,)
            ).first()
            if present is None:
                what = describe(fk.column.table.name) if describe else fk.column.table.name
                raise CannotRestore(
                    f"“{kept.summary}”所关联的{what}已被删除，不能恢复；请先恢复该{what}，再恢复本记录。"
                )
        owner = (row.get("owner_kind"), row.get("owner_id")) if table_name == "attachment" else None
        if owner is not None and owner in new_ids:  # an attachment follows its record to the id it came back with
            row["owner_id"] = new_ids[owner]
        old_id = int(row["id"])
        row["id"] = _free_id(session, table, old_id)
        new_ids[(table_name, old_id)] = row["id"]
        for constraint in table.constraints:
            columns = [c.name for c in getattr(constraint, "columns", [])]
            if constraint.__class__.__name__ != "UniqueConstraint" or not columns:
                continue
            if any(row.get(c) is None for c in columns):
                continue
            clash = _sql(
                connection,
                f'SELECT 1 FROM "{table.name}" WHERE ' + " AND ".join(f'"{c}" = ?' for c in columns),
                tuple(row[c] for c in columns),
            ).first()
            if clash is not None:
                same = "、".join(_label(describe, table.name, c) for c in columns)
                raise CannotRestore(
                    f"“{kept.summary}”不能恢复：已有记录使用相同的{same}（删除后又新增了同样的记录）。"
                    "请先修改或删除那条记录。"
                )
        names = list(row)
        _sql(
            connection,
            f'INSERT INTO "{table.name}" ({", ".join(f"{chr(34)}{n}{chr(34)}" for n in names)}) '
            f"VALUES ({', '.join('?' for _ in names)})",
            tuple(row[n] for n in names),
        )
        restored.append((mapper, row["id"]))
    for table_name, column, ids in payload.get("links", []):
        first = payload["rows"][0]
        new_id = new_ids[(first[0], int(first[1]["id"]))]
        _sql(
            connection,
            f'UPDATE "{table_name}" SET "{column}" = ? WHERE "{column}" IS NULL AND id IN '
            f"({', '.join('?' for _ in ids)})",
            (new_id, *ids),
        )
    _audit(session, user, restored)
    session.execute(delete(DeletedRecord.__table__).where(DeletedRecord.__table__.c.id == kept_id))
    return kept.entity, restored[0][1]


def _label(describe: Callable[[str], str] | None, table: str, column: str) -> str:
    return str(describe(f"{table}.{column}")) if describe else column


def _audit(session: Session, user: str, restored: list[tuple[Any, int]]) -> None:
    """One 恢复删除 row per restored row, with its values (as a new row's INSERT would have)."""
    for mapper, row_id in restored:
        obj = session.get(mapper.class_, row_id, populate_existing=True)
        if obj is not None:
            audit_restored(session, user, obj)
