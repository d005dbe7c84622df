"""Copying every table of a county's database file into its (empty) schema on a server, row for row: the same keys,
the same audit rows with their hash chain, the attachments' bytes into attachment_content; then each sequence set
after the highest key copied, so the server's next keys follow. Rows are streamed in batches (a county's file may
hold a million rows); the caller holds one transaction on the server, so a failed or refused copy leaves nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Integer, Table, func, select

from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.store.checksums import tables
from shuangjian_desktop.store.models import Attachment, AttachmentContent

BATCH = 2000
IN_FILES = AttachmentContent.__table__.name
"""The table a database file leaves empty (its attachments are files beside it) and a server fills."""
SEEDED = ("partner_department",)
"""Tables the migrations fill with a county's starting rows (0007: the partner departments): a new county on the
server holds them, and the county's own rows replace them when its file moves in."""


def rows_in(conn: Connection, table: Table) -> int:
    return int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)


def holding(conn: Connection) -> dict[str, int]:
    """The tables that hold rows, by name and count (an empty county holds none but its version)."""
    return {table.name: n for table in tables() if (n := rows_in(conn, table))}


def _batches(conn: Connection, table: Table) -> Iterator[list[dict[str, Any]]]:
    order = list(table.primary_key.columns) or list(table.c)
    result = conn.execution_options(stream_results=True, yield_per=BATCH).execute(select(table).order_by(*order))
    for part in result.mappings().partitions(BATCH):
        yield [dict(row) for row in part]


def copy_tables(source: Connection, target: Connection, progress: Callable[[str, int], None] | None = None) -> None:
    """Every table of the models but the attachments' bytes, referenced tables first (the starting rows the
    migrations made on the server give way to the county's own)."""
    for table in reversed(tables()):
        if table.name in SEEDED:
            target.execute(table.delete())
    for table in tables():
        if table.name == IN_FILES:
            continue
        copied = 0
        for batch in _batches(source, table):
            target.execute(table.insert(), batch)
            copied += len(batch)
            if progress:
                progress(table.name, copied)


def copy_attachments(source: Connection, target: Connection, folder: Path) -> list[str]:
    """Each attachment file of the database file into attachment_content; the names of those missing or not as
    registered (their SHA-256) are returned and nothing of them is copied."""
    problems: list[str] = []
    copied: set[str] = set()
    rows = source.execute(select(Attachment.stored_name, Attachment.original_name, Attachment.sha256))
    for stored_name, original_name, digest in rows:
        path = folder / stored_name
        content = path.read_bytes() if path.is_file() else None
        if content is None or hashlib.sha256(content).hexdigest() != digest:
            problems.append(f"{original_name}（{stored_name}）")
            continue
        target.execute(AttachmentContent.__table__.insert(), {"stored_name": stored_name, "content": content})
        copied.add(stored_name)
    # the files of records in 最近删除 (their attachment rows are kept with them) come along for a later restore
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if path.is_file() and path.name not in copied and not path.name.startswith("."):
            target.execute(
                AttachmentContent.__table__.insert(), {"stored_name": path.name, "content": path.read_bytes()}
            )
    return problems


def attachments_intact(target: Connection) -> tuple[int, list[str]]:
    """(how many attachments the server holds, the names of those whose bytes are missing or differ)."""
    rows = target.execute(
        select(Attachment.stored_name, Attachment.sha256, AttachmentContent.content).outerjoin(
            AttachmentContent, AttachmentContent.stored_name == Attachment.stored_name
        )
    )
    count, wrong = 0, []
    for stored_name, digest, content in rows:
        count += 1
        if content is None or hashlib.sha256(bytes(content)).hexdigest() != digest:
            wrong.append(stored_name)
    return count, wrong


def reset_sequences(target: Connection) -> None:
    """Each table's key sequence set after the highest key copied (the server's next key follows it)."""
    for table in tables():
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or not isinstance(keys[0].type, Integer):
            continue
        column = keys[0]
        sequence = target.exec_driver_sql(
            "SELECT pg_get_serial_sequence(%(t)s, %(c)s)", {"t": table.name, "c": column.name}
        ).scalar()
        if sequence is None:
            continue
        highest = target.execute(select(func.max(column))).scalar()
        if highest is None:
            target.exec_driver_sql("SELECT setval(%(s)s, 1, false)", {"s": sequence})
        else:
            target.exec_driver_sql("SELECT setval(%(s)s, %(v)s, true)", {"s": sequence, "v": int(highest)})


def require_empty(target: Connection, where: str) -> None:
    found = {name: count for name, count in holding(target).items() if name not in SEEDED}
    if found:
        listed = "、".join(f"{name} {count} 行" for name, count in list(found.items())[:5])
        raise DomainError(
            f"{where}已有数据（{listed}），为免覆盖，迁入被拒绝，服务器和本机数据库都未改动。"
            "如要重新迁入，请服务器管理员先删除该县（DROP SCHEMA … CASCADE，删除前用 pg_dump 备份）。"
        )
