"""最近删除: a deleted record kept whole (its row and the rows that belong to it, such as a ticket's steps), so that
it can be put back as it was. The record itself leaves its table, so it is out of every listing, count, search
index, report and export without a condition anywhere; the audit trail has the deletion and the restoration."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from shuangjian_desktop.store.base import Base, now


class DeletedRecord(Base):
    __tablename__ = "deleted_record"
    __table_args__ = (Index("ix_deleted_record_entity_deleted_at", "entity", "deleted_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(40))
    """The record's table (institution, ticket ...)."""
    entity_id: Mapped[int] = mapped_column(Integer, index=True)
    summary: Mapped[str] = mapped_column(String(200), default="")
    """What the record was called (its name, number or the like), as the list of deleted records shows it."""
    rows: Mapped[str] = mapped_column(Text)
    """JSON list of [table, {column: value}]: the record first, then the rows that belong to it."""
    deleted_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now, index=True)
    deleted_by: Mapped[str] = mapped_column(String(50), default="")
