"""The institution register and its status changes (the conversion and deregistration ledger)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from shuangjian_desktop.domain.enums import (
    Category,
    ChangeKind,
    Mode,
    NonSubjectArea,
    ProfitStatus,
    RiskGrade,
    Status,
)
from shuangjian_desktop.store.base import (
    CENTS,
    Base,
    NaturalDocNumber,
    PinyinSorted,
    Timestamps,
    enum_column,
    pinyin_sort,
)
from shuangjian_desktop.store.models.places import Community


class Institution(PinyinSorted, Timestamps, Base):
    __tablename__ = "institution"
    __table_args__ = (
        CheckConstraint("students >= 0", name="students_not_negative"),
        CheckConstraint("prepaid_balance_cents >= 0", name="prepaid_not_negative"),
        CheckConstraint("category = 'non_subject' OR area IS NULL", name="area_only_non_subject"),
        # a filter in the default order reads straight out of one index (services/base/listing.py)
        Index("ix_institution_status_sort_name", "status", "sort_name"),
        Index("ix_institution_category_sort_name", "category", "sort_name"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), index=True)
    credit_code: Mapped[str | None] = mapped_column(String(18), unique=True)
    licence_no: Mapped[str | None] = mapped_column(String(60))
    category: Mapped[Category] = mapped_column(enum_column(Category, "category"), index=True)
    area: Mapped[NonSubjectArea | None] = mapped_column(enum_column(NonSubjectArea, "area"), index=True)
    mode: Mapped[Mode] = mapped_column(enum_column(Mode, "mode"), default=Mode.OFFLINE, index=True)
    profit_status: Mapped[ProfitStatus] = mapped_column(enum_column(ProfitStatus, "profit_status"), index=True)
    status: Mapped[Status] = mapped_column(enum_column(Status, "status"), default=Status.OPERATING, index=True)
    address: Mapped[str | None] = mapped_column(String(200))
    community_id: Mapped[int | None] = mapped_column(ForeignKey("community.id", ondelete="RESTRICT"), index=True)
    legal_rep: Mapped[str | None] = mapped_column(String(50), index=True)
    phone: Mapped[str | None] = mapped_column(String(30), index=True)
    students: Mapped[int] = mapped_column(Integer, default=0, index=True)
    prepaid_balance_cents: Mapped[int] = mapped_column(CENTS, default=0, index=True)
    fund_supervised: Mapped[bool] = mapped_column(Boolean, default=False)
    risk_grade: Mapped[RiskGrade | None] = mapped_column(enum_column(RiskGrade, "risk_grade"), index=True)
    blacklisted: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str | None] = mapped_column(Text)
    registered_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    """登记日期 (成立日期): when it was registered or founded. The reduction baseline leaves out institutions registered
    after the baseline date; unknown (None) counts as registered before."""
    search_key: Mapped[str] = mapped_column(Text, default="")
    sort_name: Mapped[str] = mapped_column(String(400), default="", index=True)
    """The name in pinyin, so lists sort as clerks expect (安 before 白 before 城)."""
    place_sort: Mapped[str | None] = mapped_column(String(120), index=True)
    """"township community" of the institution's community: kept by a trigger (store/derived.py) for sorting."""
    legal_rep_sort: Mapped[str | None] = mapped_column(String(400), index=True)

    community: Mapped[Community | None] = relationship()
    changes: Mapped[list[StatusChange]] = relationship(
        back_populates="institution", order_by="StatusChange.effective_on"
    )

    @validates("legal_rep")
    def _keep_legal_rep_sort(self, _key: str, value: str | None) -> str | None:
        self.legal_rep_sort = pinyin_sort(value, person=True)
        return value


class StatusChange(NaturalDocNumber, Timestamps, Base):
    __tablename__ = "status_change"
    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[ChangeKind] = mapped_column(enum_column(ChangeKind, "change_kind"))
    effective_on: Mapped[dt.date] = mapped_column(Date, index=True)
    approved_on: Mapped[dt.date | None] = mapped_column(Date)
    doc_number: Mapped[str | None] = mapped_column(String(60))
    doc_sort: Mapped[str | None] = mapped_column(String(400), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    institution: Mapped[Institution] = relationship(back_populates="changes")
