"""The audit trail's hash chain: each row carries the SHA-256 of its own fields and the previous row's hash.

A row changed, removed or slipped in outside the program breaks the chain at that row, which ``verify_chain`` names.
Rewriting the whole chain from some row on is caught against an anchor kept outside the database (the chain head
written into every backup's manifest): ``verify_chain(..., anchor=(id, hash))`` checks that the row the anchor names
still carries that hash.

Rows are appended at a writer's commit under the chain's lock: on SQLite the database's write lock (held from
BEGIN IMMEDIATE), on a server a transaction-scoped advisory lock per county (its schema), taken right before the
previous row is read and released when the transaction ends; so the previous row and the next id cannot change
under us, and the chain's order is the order transactions committed in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from shuangjian_desktop.store.models.system import AuditEntry

GENESIS = "0" * 64
"""The hash the first row is chained to."""
VERIFY_BATCH = 5000


def _text(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat(sep=" ")
    if hasattr(value, "value"):  # an enum stored by its code
        return value.value
    return value


def row_hash(previous: str, row: Mapping[str, Any]) -> str:
    """The hash of one audit row chained to ``previous``; the same for the row as written and as read back."""
    fields = [
        previous,
        row["id"],
        _text(row["at"]),
        row["username"],
        _text(row["action"]),
        row["entity"],
        row["entity_id"],
        row["summary"],
        row["changes"],
    ]
    canonical = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def head(connection: Connection) -> tuple[int, str]:
    """(id, hash) of the newest audit row; (0, GENESIS) when there is none."""
    found = connection.execute(select(AuditEntry.id, AuditEntry.chain).order_by(AuditEntry.id.desc()).limit(1)).first()
    return (found[0], found[1] or GENESIS) if found else (0, GENESIS)


CHAIN_LOCK_CLASS = 0x534A4348
"""The first key of the server's advisory lock on a county's chain ("SJCH"); the second is its schema's hash."""


def lock_chain(connection: Connection) -> None:
    """Hold the county's chain until this transaction ends (a server; SQLite's writer holds the database)."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({CHAIN_LOCK_CLASS}, hashtext(current_schema()))")


def append(connection: Connection, rows: Iterable[dict[str, Any]]) -> None:
    """Insert audit rows at the end of the chain, giving each its id and hash, under the chain's lock."""
    lock_chain(connection)
    last_id, previous = head(connection)
    chained = []
    for offset, row in enumerate(rows, start=1):
        row = {**row, "id": last_id + offset, "at": row["at"].replace(microsecond=0)}
        previous = row["chain"] = row_hash(previous, row)
        chained.append(row)
    if chained:
        connection.execute(AuditEntry.__table__.insert(), chained)


@dataclass(frozen=True)
class ChainReport:
    rows: int
    """How many rows were checked."""
    head_id: int
    head_hash: str
    broken_at: int | None = None
    """The id of the first row whose hash does not follow from the rows before it."""
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None and not self.reason

    def describe(self) -> str:
        if self.intact:
            return f"完整（共{self.rows}条，最新为第{self.head_id}条）" if self.rows else "完整（暂无记录）"
        return self.reason


def verify_chain(connection: Connection, anchor: tuple[int, str] | None = None) -> ChainReport:
    """Walk the whole trail in id order; report the first broken row (changed, removed or inserted) and whether the
    anchor (id, hash) from outside the database still holds."""
    table = AuditEntry.__table__
    previous, expected_id, count, last_id = GENESIS, None, 0, 0
    anchor_seen = False
    after = 0
    while True:
        batch = connection.execute(
            select(table).where(table.c.id > after).order_by(table.c.id).limit(VERIFY_BATCH)
        ).mappings()
        rows = list(batch)
        if not rows:
            break
        for row in rows:
            count += 1
            if expected_id is not None and row["id"] != expected_id:
                return ChainReport(
                    count, last_id, previous, row["id"], f"第{row['id']}条之前的审计记录（第{expected_id}条起）被删除"
                )
            wanted = row_hash(previous, row)
            if row["chain"] != wanted:
                return ChainReport(
                    count, last_id, previous, row["id"], f"第{row['id']}条审计记录被改动或不是由本程序写入"
                )
            if anchor is not None and row["id"] == anchor[0]:
                anchor_seen = True
                if wanted != anchor[1]:
                    return ChainReport(
                        count, last_id, previous, row["id"], f"第{row['id']}条及之前的审计记录与备份时的记录不符"
                    )
            previous, last_id, expected_id = wanted, row["id"], row["id"] + 1
        after = last_id
    if anchor is not None and anchor[0] and not anchor_seen:
        return ChainReport(
            count,
            last_id,
            previous,
            None,
            f"备份时已有第{anchor[0]}条审计记录，现在只到第{last_id}条：之后的记录被删除",
        )
    return ChainReport(count, last_id, previous)
