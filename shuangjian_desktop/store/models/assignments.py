"""Responsibility assignments (包保): one table for all five kinds, each kind with its own target column."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shuangjian_desktop.domain.enums import AssignmentKind
from shuangjian_desktop.store.base import Base, Timestamps, enum_column
from shuangjian_desktop.store.models.institutions import Institution
from shuangjian_desktop.store.models.people import Person, School
from shuangjian_desktop.store.models.places import Community, Compound

_TARGET_RULE = (
    "(kind IN ('staff_institution', 'inspector_institution') AND institution_id IS NOT NULL"
    " AND school_id IS NULL AND community_id IS NULL AND compound_id IS NULL)"
    " OR (kind = 'principal_teachers' AND school_id IS NOT NULL"
    " AND institution_id IS NULL AND community_id IS NULL AND compound_id IS NULL)"
    " OR (kind = 'community_patrol' AND community_id IS NOT NULL"
    " AND institution_id IS NULL AND school_id IS NULL AND compound_id IS NULL)"
    " OR (kind = 'compound_patrol' AND compound_id IS NOT NULL"
    " AND institution_id IS NULL AND school_id IS NULL AND community_id IS NULL)"
)


class Assignment(Timestamps, Base):
    __tablename__ = "assignment"
    __table_args__ = (
        CheckConstraint(_TARGET_RULE, name="target_matches_kind"),
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="dates_in_order"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[AssignmentKind] = mapped_column(enum_column(AssignmentKind, "assignment_kind"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("institution.id", ondelete="RESTRICT"), index=True)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id", ondelete="RESTRICT"), index=True)
    community_id: Mapped[int | None] = mapped_column(ForeignKey("community.id", ondelete="RESTRICT"), index=True)
    compound_id: Mapped[int | None] = mapped_column(ForeignKey("compound.id", ondelete="RESTRICT"), index=True)
    starts_on: Mapped[dt.date] = mapped_column(Date, index=True)
    ends_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    letter_signed_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    note: Mapped[str | None] = mapped_column(Text)
    person_sort: Mapped[str | None] = mapped_column(String(400), index=True)
    target_sort: Mapped[str | None] = mapped_column(String(400), index=True)
    """The person's and the target's sort names, kept by triggers (store/derived.py) for sorting."""

    person: Mapped[Person] = relationship()
    institution: Mapped[Institution | None] = relationship()
    school: Mapped[School | None] = relationship()
    community: Mapped[Community | None] = relationship()
    compound: Mapped[Compound | None] = relationship()
