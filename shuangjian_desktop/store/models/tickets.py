"""Complaint tickets (工单) and the events of their lifecycle."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shuangjian_desktop.domain.enums import RequestKind, Satisfaction, Source, TicketEventKind, TicketStatus
from shuangjian_desktop.store.base import Base, Timestamps, enum_column
from shuangjian_desktop.store.models.institutions import Institution
from shuangjian_desktop.store.models.people import Person, Teacher
from shuangjian_desktop.store.models.places import Community, Compound


class Ticket(Timestamps, Base):
    __tablename__ = "ticket"
    __table_args__ = (  # a filter in the default order reads straight out of one index (services/base/listing.py)
        Index("ix_ticket_status_received_at", "status", "received_at"),
        Index("ix_ticket_source_received_at", "source", "received_at"),
        Index("ix_ticket_category_received_at", "category", "received_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    source: Mapped[Source] = mapped_column(enum_column(Source, "source"), index=True)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    caller_name: Mapped[str | None] = mapped_column(String(50))
    caller_phone: Mapped[str | None] = mapped_column(String(30))
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    request_kind: Mapped[RequestKind] = mapped_column(enum_column(RequestKind, "request_kind"))
    category: Mapped[str] = mapped_column(String(20), index=True)
    """Code from db/catalogues/complaint_categories.json."""
    subject: Mapped[str] = mapped_column(String(200), index=True)
    content: Mapped[str] = mapped_column(Text, default="")
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("institution.id", ondelete="RESTRICT"), index=True)
    teacher_id: Mapped[int | None] = mapped_column(ForeignKey("teacher.id", ondelete="RESTRICT"), index=True)
    address: Mapped[str | None] = mapped_column(String(200))
    community_id: Mapped[int | None] = mapped_column(ForeignKey("community.id", ondelete="RESTRICT"), index=True)
    compound_id: Mapped[int | None] = mapped_column(ForeignKey("compound.id", ondelete="RESTRICT"), index=True)
    handler_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    time_limit_days: Mapped[int] = mapped_column(Integer)
    deadline: Mapped[dt.date] = mapped_column(Date, index=True)
    deadline_provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[TicketStatus] = mapped_column(enum_column(TicketStatus, "ticket_status"), index=True)
    replied_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, index=True)
    satisfaction: Mapped[Satisfaction | None] = mapped_column(enum_column(Satisfaction, "satisfaction"))
    result: Mapped[str | None] = mapped_column(Text)
    moonlighting_found: Mapped[bool] = mapped_column(Boolean, default=False)
    """The outcome: the teacher (``teacher_id``) was found giving paid tutoring (有偿补课) or moonlighting, and was
    marked so in the teachers' ledger."""
    search_key: Mapped[str] = mapped_column(Text, default="")
    institution_sort: Mapped[str | None] = mapped_column(String(400), index=True)
    """The institution's sort name, kept by a trigger (store/derived.py) for sorting."""
    handler_sort: Mapped[str | None] = mapped_column(String(400), index=True)
    """The handler's sort name, kept by a trigger (store/derived.py) for sorting."""

    institution: Mapped[Institution | None] = relationship()
    teacher: Mapped[Teacher | None] = relationship()
    community: Mapped[Community | None] = relationship()
    compound: Mapped[Compound | None] = relationship()
    handler: Mapped[Person | None] = relationship()
    events: Mapped[list[TicketEvent]] = relationship(
        back_populates="ticket", order_by="TicketEvent.at", cascade="all, delete-orphan"
    )


class TicketEvent(Base):
    """One step of a ticket's life; rows are only ever added."""

    __tablename__ = "ticket_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"), index=True)
    kind: Mapped[TicketEventKind] = mapped_column(enum_column(TicketEventKind, "ticket_event_kind"))
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    username: Mapped[str] = mapped_column(String(50), default="")
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"))
    new_deadline: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    ticket: Mapped[Ticket] = relationship(back_populates="events")
