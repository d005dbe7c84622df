"""The program's own records: users, audit trail, document-number sequences, attachments, calendar, bureau."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, Date, DateTime, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from shuangjian_desktop.domain.enums import AuditAction, UserRole
from shuangjian_desktop.store.base import Base, Timestamps, enum_column, now


class AppUser(Timestamps, Base):
    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(50), unique=True)
    display_name: Mapped[str] = mapped_column(String(50))
    role: Mapped[UserRole] = mapped_column(enum_column(UserRole, "user_role"))
    password_hash: Mapped[str] = mapped_column(String(200))
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class AuditEntry(Base):
    """Append-only: triggers made by the migrations refuse UPDATE and DELETE on this table."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=now, index=True)
    username: Mapped[str] = mapped_column(String(50), index=True)
    action: Mapped[AuditAction] = mapped_column(enum_column(AuditAction, "audit_action"), index=True)
    entity: Mapped[str] = mapped_column(String(40), index=True)
    entity_id: Mapped[int | None] = mapped_column(Integer, index=True)
    summary: Mapped[str] = mapped_column(String(200), default="", index=True)
    changes: Mapped[str] = mapped_column(Text, default="{}")
    """JSON object: field -> [old, new]."""
    chain: Mapped[str | None] = mapped_column(String(64))
    """SHA-256 of this row's fields and the previous row's chain (store/audit_chain.py): the trail is tamper-evident."""


class DocSequence(Base):
    """The last document number issued per prefix and year; taken under the write lock, so never repeats or skips."""

    __tablename__ = "doc_sequence"
    prefix: Mapped[str] = mapped_column(String(30), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_value: Mapped[int] = mapped_column(Integer, default=0)


class Attachment(Base):
    __tablename__ = "attachment"
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_kind: Mapped[str] = mapped_column(String(20), index=True)
    owner_id: Mapped[int] = mapped_column(Integer, index=True)
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    original_name: Mapped[str] = mapped_column(String(260))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    added_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    added_by: Mapped[str] = mapped_column(String(50), default="")


class AttachmentContent(Base):
    """An attachment's bytes, kept in the database when the database is on a server (every clerk's PC reads them
    from there, and the server's backup holds them); a database file keeps them as files beside it instead. Keyed
    by the attachment's stored name but not tied to its row: a record deleted into 最近删除 takes its attachment rows
    with it, and the bytes wait here (as a file's attachments wait in their folder) until it is put back."""

    __tablename__ = "attachment_content"
    stored_name: Mapped[str] = mapped_column(String(80), primary_key=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)


class CalendarOverride(Base):
    """A day of an official holiday schedule entered by a clerk: holiday (False) or swapped working day (True)."""

    __tablename__ = "calendar_override"
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    is_workday: Mapped[bool] = mapped_column(Boolean)
    name: Mapped[str | None] = mapped_column(String(30))


class CalendarYear(Base):
    """A year whose official schedule has been entered completely."""

    __tablename__ = "calendar_year"
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    entered_by: Mapped[str] = mapped_column(String(50), default="")
    source: Mapped[str | None] = mapped_column(String(200))


class BureauProfile(Base):
    """The reporting unit (填报单位) and its people; exactly one row."""

    __tablename__ = "bureau_profile"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)
    id: Mapped[int] = mapped_column(primary_key=True, default=1)
    county: Mapped[str] = mapped_column(String(50), default="")
    unit_name: Mapped[str] = mapped_column(String(100), default="")
    person_in_charge: Mapped[str] = mapped_column(String(50), default="")
    contact: Mapped[str] = mapped_column(String(50), default="")
    contact_phone: Mapped[str] = mapped_column(String(30), default="")
    doc_prefix_rectification: Mapped[str] = mapped_column(String(30), default="")
    doc_prefix_stop: Mapped[str] = mapped_column(String(30), default="")
    baseline_on: Mapped[dt.date | None] = mapped_column(Date)
    reconsideration_body: Mapped[str] = mapped_column(String(100), default="")
    """where a notice may be appealed (行政复议机关); empty: the county's people's government"""
    litigation_court: Mapped[str] = mapped_column(String(100), default="")
    """where it may be sued (行政诉讼); empty: the county's people's court"""
    note: Mapped[str | None] = mapped_column(Text)
