"""Inspections, what they checked and found, and the notices that follow them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shuangjian_desktop.domain.enums import InspectionResult, Method, NoticeKind, NoticeStatus
from shuangjian_desktop.store.base import Base, NaturalDocNumber, Timestamps, enum_column
from shuangjian_desktop.store.models.campaigns import Campaign, InspectionDepartment
from shuangjian_desktop.store.models.institutions import Institution
from shuangjian_desktop.store.models.people import Person, School


class Inspection(Timestamps, Base):
    """An inspection of a training institution, or of a school (against the schools' negative list): exactly one
    of ``institution_id`` and ``school_id`` (the service keeps it so)."""

    __tablename__ = "inspection"
    __table_args__ = (  # a filter in the default order reads straight out of one index (services/base/listing.py)
        Index("ix_inspection_method_started_at", "method", "started_at"),
        Index("ix_inspection_result_started_at", "result", "started_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("institution.id", ondelete="RESTRICT"), index=True)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id", ondelete="RESTRICT"), index=True)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    method: Mapped[Method] = mapped_column(enum_column(Method, "method"), index=True)
    key_hours: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    """In the key hours: rest days, holidays, weekdays 18:00-20:30."""
    findings: Mapped[str | None] = mapped_column(Text)
    """What was found, as the record form and the notices print it (the written findings, else what was ticked)."""
    written_findings: Mapped[str | None] = mapped_column(Text)
    """What the inspectors wrote themselves (其他发现的问题), kept apart from what the program words from the ticks."""
    result: Mapped[InspectionResult] = mapped_column(enum_column(InspectionResult, "inspection_result"), index=True)
    holiday_training_found: Mapped[bool] = mapped_column(Boolean, default=False)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id", ondelete="SET NULL"), index=True)
    """The complaint ticket that led to it."""
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaign.id", ondelete="RESTRICT"), index=True)
    """The special campaign it was part of."""
    note: Mapped[str | None] = mapped_column(Text)
    institution_sort: Mapped[str | None] = mapped_column(String(400), index=True)
    """The institution's (or school's) sort name, kept by a trigger (store/derived.py) for sorting."""

    institution: Mapped[Institution | None] = relationship()
    school: Mapped[School | None] = relationship()
    campaign: Mapped[Campaign | None] = relationship()
    aspects: Mapped[list[InspectionAspect]] = relationship(cascade="all, delete-orphan")
    violations: Mapped[list[InspectionViolation]] = relationship(cascade="all, delete-orphan")
    inspectors: Mapped[list[InspectionInspector]] = relationship(cascade="all, delete-orphan")
    departments: Mapped[list[InspectionDepartment]] = relationship(cascade="all, delete-orphan")
    """The partner departments that took part: a joint inspection (联合执法) when there are any."""

    @property
    def subject_name(self) -> str:
        """The name of what was inspected: the institution, or the school."""
        if self.institution is not None:
            return self.institution.name
        return self.school.name if self.school is not None else ""


class InspectionAspect(Base):
    """One of the seven checked aspects (收费, 培训服务合同, ...) with its result."""

    __tablename__ = "inspection_aspect"
    __table_args__ = (UniqueConstraint("inspection_id", "aspect"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"), index=True)
    aspect: Mapped[str] = mapped_column(String(20))
    passed: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[str | None] = mapped_column(Text)


class InspectionViolation(Base):
    """A rule of the negative list found broken (code from db/catalogues/negative_list.json: I01-I24 for training
    institutions, S01-S19 for schools)."""

    __tablename__ = "inspection_violation"
    __table_args__ = (UniqueConstraint("inspection_id", "rule_code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"), index=True)
    rule_code: Mapped[str] = mapped_column(String(20), index=True)
    fixed_on_site: Mapped[bool] = mapped_column(Boolean, default=False)


class InspectionInspector(Base):
    __tablename__ = "inspection_inspector"
    __table_args__ = (UniqueConstraint("inspection_id", "person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    person: Mapped[Person] = relationship()


class Notice(NaturalDocNumber, Timestamps, Base):
    __tablename__ = "notice"
    __table_args__ = (
        Index("ix_notice_status_doc_number", "status", "doc_number"),
        Index("ix_notice_kind_doc_number", "kind", "doc_number"),
        Index("ix_notice_status_doc_sort", "status", "doc_sort"),
        Index("ix_notice_kind_doc_sort", "kind", "doc_sort"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    doc_number: Mapped[str] = mapped_column(String(60), unique=True)
    doc_sort: Mapped[str | None] = mapped_column(String(400), index=True)
    """The document number with its numbers by value, for sorting (store/base.py NaturalDocNumber)."""
    kind: Mapped[NoticeKind] = mapped_column(enum_column(NoticeKind, "notice_kind"), index=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id", ondelete="RESTRICT"), index=True)
    inspection_id: Mapped[int | None] = mapped_column(ForeignKey("inspection.id", ondelete="RESTRICT"), index=True)
    issued_on: Mapped[dt.date] = mapped_column(Date, index=True)
    deadline_days: Mapped[int] = mapped_column(Integer, default=15)
    deadline: Mapped[dt.date] = mapped_column(Date, index=True)
    served_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    receipt_signer: Mapped[str | None] = mapped_column(String(50))
    served_time: Mapped[dt.time | None] = mapped_column(Time)
    service_place: Mapped[str | None] = mapped_column(String(200))
    service_manner: Mapped[str | None] = mapped_column(String(20))
    """直接送达, 留置送达, 邮寄送达, 委托送达"""
    witness: Mapped[str | None] = mapped_column(String(50))
    proxy: Mapped[str | None] = mapped_column(String(100))
    """who received it for the institution, and as what"""
    contact: Mapped[str | None] = mapped_column(String(50))
    contact_phone: Mapped[str | None] = mapped_column(String(30))
    items: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[NoticeStatus] = mapped_column(enum_column(NoticeStatus, "notice_status"), index=True)
    reinspection_id: Mapped[int | None] = mapped_column(ForeignKey("inspection.id", ondelete="SET NULL"))
    escalated_to_id: Mapped[int | None] = mapped_column(ForeignKey("notice.id", ondelete="SET NULL"))
    note: Mapped[str | None] = mapped_column(Text)
    institution_sort: Mapped[str | None] = mapped_column(String(400), index=True)
    """The institution's sort name, kept by a trigger (store/derived.py) for sorting."""

    institution: Mapped[Institution] = relationship()
    inspection: Mapped[Inspection | None] = relationship(foreign_keys=[inspection_id])
    events: Mapped[list[NoticeEvent]] = relationship(cascade="all, delete-orphan", order_by="NoticeEvent.id")


class NoticeEvent(Base):
    """One step of a notice's life (issue, serve, rectifying, pass, fail, escalate) on the day it took effect: the
    supervision report reconstructs each notice's status on any day from these."""

    __tablename__ = "notice_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("notice.id", ondelete="CASCADE"), index=True)
    step: Mapped[str] = mapped_column(String(20))
    status: Mapped[NoticeStatus] = mapped_column(enum_column(NoticeStatus, "notice_status"))
    effective_on: Mapped[dt.date] = mapped_column(Date, index=True)
    username: Mapped[str] = mapped_column(String(50), default="")
    note: Mapped[str | None] = mapped_column(Text)
