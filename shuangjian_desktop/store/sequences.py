"""Document-number sequences taken under a row lock: the row of a prefix and year is made when missing (without a
race: INSERT … ON CONFLICT DO NOTHING) and read with SELECT … FOR UPDATE, which on a server holds every other
transaction that wants the same row until this one ends. SQLite has no row locks and needs none: its writer holds
the whole database from BEGIN IMMEDIATE."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from shuangjian_desktop.store.models import DocSequence


def lock_sequence(session: Session, prefix: str, year: int) -> DocSequence:
    """The sequence row of ``prefix`` and ``year``, locked for this transaction and read as last committed."""
    connection = session.connection()
    insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    connection.execute(insert(DocSequence).values(prefix=prefix, year=year, last_value=0).on_conflict_do_nothing())
    stmt = (
        select(DocSequence)
        .where(DocSequence.prefix == prefix, DocSequence.year == year)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    row = session.scalar(stmt)
    if row is None:  # made just above, in this transaction
        raise RuntimeError("the document-number sequence row is missing")
    return row
