"""The query planner's statistics (sqlite_stat1), sampled cheaply (analysis_limit) for each ledger table whose size
changed a lot since they were last taken. Without them SQLite guesses that any indexed equality finds ten rows and
may walk a whole index of a column that is mostly NULL (an assignment's end date) instead of the selective one.
Taken at start-up by a writer: about 50 ms at 100,000 rows a table, nothing when sizes are as recorded."""

from __future__ import annotations

import logging

from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError

log = logging.getLogger(__name__)

TABLES = (
    "institution",
    "status_change",
    "person",
    "person_role",
    "school",
    "teacher",
    "assignment",
    "ticket",
    "ticket_event",
    "inspection",
    "notice",
    "audit_log",
)
ANALYSIS_LIMIT = 1000
"""Rows sampled per index (SQLite's analysis_limit)."""


def refresh(engine: Engine) -> list[str]:
    """Re-sample the statistics of the tables that grew or shrank more than twofold; returns them. A damaged page
    met on the way leaves the statistics as they were: the background quick check reports the damage."""
    if engine.dialect.name != "sqlite":
        return []
    try:
        return _refresh(engine)
    except DatabaseError as error:
        if "malformed" not in str(error.orig):
            raise
        log.warning("statistics not refreshed, the database is damaged: %s", error.orig)
        return []


def _refresh(engine: Engine) -> list[str]:
    with engine.begin() as conn:
        sql = conn.exec_driver_sql
        have = sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first() is not None
        stale = []
        for table in TABLES:
            size = sql(f"SELECT coalesce(max(rowid), 0) FROM {table}").scalar() or 0
            row = sql("SELECT stat FROM sqlite_stat1 WHERE tbl = ? LIMIT 1", (table,)).first() if have else None
            known = int(str(row[0]).split()[0]) if row else 0
            if size and not known / 2 <= size <= known * 2 + 1000:
                stale.append(table)
        if stale:
            sql(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
            for table in stale:
                sql(f"ANALYZE {table}")
    return stale
