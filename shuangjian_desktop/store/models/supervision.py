"""Supervision beyond the ledgers (issue 16): the monthly patrol plan, risk grading and its history, disposal case
files, prepaid-fund supervision accounts with their balance snapshots and checked charges, and the public white
and black lists with their history.

Glossary: PatrolPlan (巡查计划), PatrolTarget (one institution's planned visits in it), RiskState (the grade in force
and why), RiskAssessment (a change of grade: when and why), DisposalPlan (处置方案，一机构一方案), FundAccount
(资金监管账户) with ``minimum_balance`` (最低余额), FundSnapshot (余额快照), FundCharge (收费记录, checked against 3
months / 60 lessons), ListEntry (白名单/黑名单 entry; its removal is kept, so the rows are the list's history).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shuangjian_desktop.domain.enums import RiskGrade
from shuangjian_desktop.domain.public_lists import ListKind
from shuangjian_desktop.store.base import Base, Timestamps, enum_column, now
from shuangjian_desktop.store.models.institutions import Institution


class PatrolPlan(Timestamps, Base):
    """One month's patrol plan; its targets were drafted from the risk grades and listed inspectors of that day."""

    __tablename__ = "patrol_plan"
    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[str] = mapped_column(String(7), unique=True)
    """YYYY-MM"""
    made_by: Mapped[str] = mapped_column(String(50), default="")
    frequency: Mapped[str] = mapped_column(String(200), default="")
    """The frequencies in force when it was made, as the clerk reads them (A级1次 B级1次 ... 重点时段50%)."""
    note: Mapped[str | None] = mapped_column(Text)


class PatrolTarget(Base):
    """One institution in a month's plan: its listed inspector then, its grade then, its planned visits."""

    __tablename__ = "patrol_target"
    __table_args__ = (
        UniqueConstraint("plan_id", "institution_id"),
        CheckConstraint("planned >= 0 AND planned_key >= 0 AND planned_key <= planned", name="visits_in_range"),
        Index("ix_patrol_target_plan_id_inspector_id", "plan_id", "inspector_id"),
        Index("ix_patrol_target_plan_id_order", "plan_id", "inspector_sort", "institution_sort", "id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("patrol_plan.id", ondelete="CASCADE"))
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id", ondelete="CASCADE"), index=True)
    inspector_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"), index=True)
    grade: Mapped[RiskGrade | None] = mapped_column(enum_column(RiskGrade, "target_grade"))
    planned: Mapped[int] = mapped_column(Integer, default=0)
    planned_key: Mapped[int] = mapped_column(Integer, default=0)
    inspector_sort: Mapped[str] = mapped_column(String(400), default="")
    institution_sort: Mapped[str] = mapped_column(String(400), default="")
    """Sort names copied when the plan was made (a plan is a record of that day)."""


class RiskState(Base):
    """An institution's risk grade in force: the computed one, or a clerk's override with its reason."""

    __tablename__ = "risk_state"
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id", ondelete="CASCADE"), primary_key=True)
    computed_grade: Mapped[RiskGrade] = mapped_column(enum_column(RiskGrade, "computed_grade"), index=True)
    score: Mapped[int] = mapped_column(Integer, default=0, index=True)
    factors: Mapped[str] = mapped_column(String(200), default="")
    reasons: Mapped[str] = mapped_column(Text, default="")
    assessed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now, index=True)
    override_grade: Mapped[RiskGrade | None] = mapped_column(enum_column(RiskGrade, "override_grade"), index=True)
    override_reason: Mapped[str | None] = mapped_column(Text)
    override_by: Mapped[str | None] = mapped_column(String(50))
    override_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class RiskAssessment(Base):
    """A change of an institution's grade or of its reasons: when, from what to what, why, and who (a grading run,
    or the clerk who overrode it). Rows are only ever added."""

    __tablename__ = "risk_assessment"
    __table_args__ = (Index("ix_risk_assessment_institution_id_id", "institution_id", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id", ondelete="CASCADE"))
    assessed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now, index=True)
    kind: Mapped[str] = mapped_column(String(20), default="computed")
    """computed, override, override_removed"""
    grade: Mapped[RiskGrade] = mapped_column(enum_column(RiskGrade, "assessed_grade"))
    """The grade in force after this row."""
    previous_grade: Mapped[RiskGrade | None] = mapped_column(enum_column(RiskGrade, "previous_grade"))
    computed_grade: Mapped[RiskGrade] = mapped_column(enum_column(RiskGrade, "assessment_computed_grade"))
    score: Mapped[int] = mapped_column(Integer, default=0)
    reasons: Mapped[str] = mapped_column(Text, default="")
    username: Mapped[str] = mapped_column(String(50), default="")
    note: Mapped[str | None] = mapped_column(Text)


class DisposalPlan(Timestamps, Base):
    """处置方案 (一机构一方案) for a C or D institution: measures, the responsible person, dates, the outcome."""

    __tablename__ = "disposal_plan"
    __table_args__ = (CheckConstraint("due_on IS NULL OR due_on >= opened_on", name="dates_in_order"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id", ondelete="RESTRICT"), index=True)
    grade: Mapped[RiskGrade | None] = mapped_column(enum_column(RiskGrade, "disposal_grade"), index=True)
    """The grade when the plan was opened."""
    opened_on: Mapped[dt.date] = mapped_column(Date, index=True)
    measures: Mapped[str] = mapped_column(Text, default="")
    responsible: Mapped[str] = mapped_column(String(50), default="", index=True)
    responsible_phone: Mapped[str | None] = mapped_column(String(30))
    due_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    closed_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    outcome: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    institution_sort: Mapped[str | None] = mapped_column(String(400), index=True)
    """The institution's sort name, kept by a trigger (store/derived.py) for sorting."""
    institution: Mapped[Institution] = relationship()


class FundAccount(Timestamps, Base):
    """资金监管账户: the institution's supervised bank account, its minimum balance and its latest balance."""

    __tablename__ = "fund_account"
    __table_args__ = (CheckConstraint("minimum_balance_cents >= 0", name="minimum_not_negative"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id", ondelete="RESTRICT"), unique=True)
    bank: Mapped[str] = mapped_column(String(100), default="")
    account_no: Mapped[str] = mapped_column(String(40), unique=True)
    account_name: Mapped[str | None] = mapped_column(String(120))
    opened_on: Mapped[dt.date | None] = mapped_column(Date)
    minimum_balance_cents: Mapped[int] = mapped_column(Integer, default=0, index=True)
    """minimum_balance (最低余额): below it the home page warns."""
    balance_cents: Mapped[int | None] = mapped_column(Integer, index=True)
    balance_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    """The newest snapshot's balance and day (kept by the service that adds snapshots)."""
    note: Mapped[str | None] = mapped_column(Text)
    institution_sort: Mapped[str | None] = mapped_column(String(400), index=True)
    """The institution's sort name, kept by a trigger (store/derived.py) for sorting."""
    institution: Mapped[Institution] = relationship()


class FundSnapshot(Base):
    """An account's balance on a day, as the bank reported it; ``change_cents`` is the movement since the one
    before (a large movement, 大额异动, is one at or above the county's threshold)."""

    __tablename__ = "fund_snapshot"
    __table_args__ = (UniqueConstraint("account_id", "taken_on"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("fund_account.id", ondelete="RESTRICT"))
    taken_on: Mapped[dt.date] = mapped_column(Date, index=True)
    balance_cents: Mapped[int] = mapped_column(Integer)
    income_cents: Mapped[int | None] = mapped_column(Integer)
    spent_cents: Mapped[int | None] = mapped_column(Integer)
    change_cents: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str | None] = mapped_column(String(200))
    recorded_by: Mapped[str] = mapped_column(String(50), default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


class FundCharge(Timestamps, Base):
    """A prepaid charge seen (a contract, a receipt, the platform's record), checked against 3 months / 60 lessons
    (domain/training_rules.check_prepaid); ``breach`` says what it breaks, empty when nothing."""

    __tablename__ = "fund_charge"
    __table_args__ = (Index("ix_fund_charge_breach_charged_on", "breach", "charged_on"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id", ondelete="RESTRICT"), index=True)
    charged_on: Mapped[dt.date] = mapped_column(Date, index=True)
    contract_no: Mapped[str | None] = mapped_column(String(60))
    amount_cents: Mapped[int] = mapped_column(Integer, default=0)
    months: Mapped[int | None] = mapped_column(Integer)
    lessons: Mapped[int | None] = mapped_column(Integer)
    breach: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str | None] = mapped_column(Text)
    institution_sort: Mapped[str | None] = mapped_column(String(400), index=True)
    """The institution's sort name, kept by a trigger (store/derived.py) for sorting."""
    institution: Mapped[Institution] = relationship()


class ListEntry(Timestamps, Base):
    """An institution on the white or black list (公示名单) from ``listed_on``, with the reason and document number;
    taken off on ``removed_on`` with its own reason and number. At most one entry per list is open at a time."""

    __tablename__ = "list_entry"
    __table_args__ = (
        Index(
            "ux_list_entry_open",
            "kind",
            "institution_id",
            unique=True,
            sqlite_where=text("removed_on IS NULL"),
            postgresql_where=text("removed_on IS NULL"),
        ),
        Index("ix_list_entry_kind_listed_on", "kind", "listed_on"),
        CheckConstraint("removed_on IS NULL OR removed_on >= listed_on", name="dates_in_order"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ListKind] = mapped_column(enum_column(ListKind, "list_kind"), index=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id", ondelete="RESTRICT"), index=True)
    listed_on: Mapped[dt.date] = mapped_column(Date, index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    doc_number: Mapped[str | None] = mapped_column(String(60))
    listed_by: Mapped[str] = mapped_column(String(50), default="")
    removed_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    removal_reason: Mapped[str | None] = mapped_column(Text)
    removal_doc_number: Mapped[str | None] = mapped_column(String(60))
    removed_by: Mapped[str | None] = mapped_column(String(50))
    institution_sort: Mapped[str | None] = mapped_column(String(400), index=True)
    """The institution's sort name, kept by a trigger (store/derived.py) for sorting."""
    institution: Mapped[Institution] = relationship()
