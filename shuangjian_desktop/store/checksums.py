"""Every table's row count and checksum, the same for the same rows on SQLite and on PostgreSQL: what moving a
county onto a server compares (services/moving.py), and what the tests use to say that nothing changed.

Each row is written as JSON of its values in a form both engines give alike (dates as ISO text, true/false, money
as integers, bytes by their SHA-256) and hashed; a table's checksum is the sum of its rows' hashes (modulo 2**256),
so it does not depend on the order rows come in (which a server's collation could change). Rows are streamed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import Connection, Table, select

from shuangjian_desktop.store import models  # noqa: F401  (registers every table)
from shuangjian_desktop.store.base import Base

MODULUS = 2**256
BATCH = 5000


@dataclass(frozen=True)
class TableSum:
    rows: int
    checksum: str


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return hashlib.sha256(bytes(value)).hexdigest()
    return value


def row_digest(values: Iterable[Any]) -> int:
    text = json.dumps([_plain(v) for v in values], ensure_ascii=False, separators=(",", ":"))
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest(), "big")


def table_sum(conn: Connection, table: Table) -> TableSum:
    total, count = 0, 0
    columns = list(table.c)
    result = conn.execution_options(stream_results=True, yield_per=BATCH).execute(select(*columns))
    for part in result.partitions(BATCH):
        for row in part:
            total = (total + row_digest(row)) % MODULUS
            count += 1
    return TableSum(count, f"{total:064x}")


def tables() -> list[Table]:
    """Every table of the models, referenced tables first."""
    return list(Base.metadata.sorted_tables)


def checksums(conn: Connection) -> dict[str, TableSum]:
    return {table.name: table_sum(conn, table) for table in tables()}
