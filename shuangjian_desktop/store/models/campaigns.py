"""Special campaigns (专项行动) with their partner departments (成员单位), the departments that took part in a joint
inspection (联合执法), and the vacations the county sets (寒暑假)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shuangjian_desktop.domain.campaigns import CampaignKind
from shuangjian_desktop.store.base import Base, Timestamps, enum_column


class PartnerDepartment(Base):
    """A department that joins campaigns and joint inspections (市场监管, 公安, 消防, 民政 ...): a catalogue the county
    extends; one no longer used is retired (``active`` false), never deleted while anything refers to it."""

    __tablename__ = "partner_department"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    """Where it stands in lists (the catalogue's order first, the county's own after)."""
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[str | None] = mapped_column(Text)


class Campaign(Timestamps, Base):
    __tablename__ = "campaign"
    __table_args__ = (CheckConstraint("ends_on >= starts_on", name="period_in_order"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[CampaignKind] = mapped_column(enum_column(CampaignKind, "campaign_kind"), index=True)
    starts_on: Mapped[dt.date] = mapped_column(Date, index=True)
    ends_on: Mapped[dt.date] = mapped_column(Date, index=True)
    lead: Mapped[str | None] = mapped_column(String(100))
    """Who leads it (牵头单位 or person)."""
    note: Mapped[str | None] = mapped_column(Text)
    departments: Mapped[list[CampaignDepartment]] = relationship(
        cascade="all, delete-orphan", order_by="CampaignDepartment.id"
    )


class CampaignDepartment(Base):
    __tablename__ = "campaign_department"
    __table_args__ = (UniqueConstraint("campaign_id", "department_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("partner_department.id", ondelete="RESTRICT"), index=True)
    department: Mapped[PartnerDepartment] = relationship()


class InspectionDepartment(Base):
    """A partner department that took part in a joint inspection."""

    __tablename__ = "inspection_department"
    __table_args__ = (UniqueConstraint("inspection_id", "department_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("partner_department.id", ondelete="RESTRICT"), index=True)
    department: Mapped[PartnerDepartment] = relationship()


class Vacation(Base):
    """A winter or summer vacation (寒假, 暑假) as the county's schools keep it: no subject training in it, and a
    break the home page plans patrols around."""

    __tablename__ = "vacation"
    __table_args__ = (
        CheckConstraint("last_day >= first_day", name="period_in_order"),
        UniqueConstraint("name", "first_day"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))
    first_day: Mapped[dt.date] = mapped_column(Date, index=True)
    last_day: Mapped[dt.date] = mapped_column(Date, index=True)
    note: Mapped[str | None] = mapped_column(Text)
