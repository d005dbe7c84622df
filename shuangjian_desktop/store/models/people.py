"""People and their roles, public schools and their in-service teachers."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from shuangjian_desktop.domain.enums import PersonRole, SchoolStage
from shuangjian_desktop.store.base import Base, PinyinSorted, Timestamps, enum_column, pinyin_sort
from shuangjian_desktop.store.models.places import Township


class Person(PinyinSorted, Timestamps, Base):
    """Bureau staff, principals, community and compound secretaries, grid workers, inspectors."""

    person_names = True

    __tablename__ = "person"
    __table_args__ = (UniqueConstraint("name", "phone"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), index=True)
    phone: Mapped[str] = mapped_column(String(30), default="", index=True)
    unit: Mapped[str | None] = mapped_column(String(100), index=True)
    title: Mapped[str | None] = mapped_column(String(50), index=True)
    id_number: Mapped[str | None] = mapped_column(String(18), unique=True)
    note: Mapped[str | None] = mapped_column(Text)
    search_key: Mapped[str] = mapped_column(Text, default="")
    sort_name: Mapped[str] = mapped_column(String(400), default="", index=True)
    """The name in pinyin, so lists sort as clerks expect (安 before 白 before 城)."""
    unit_sort: Mapped[str | None] = mapped_column(String(400), index=True)
    title_sort: Mapped[str | None] = mapped_column(String(400), index=True)
    role_rows: Mapped[list[PersonRoleRow]] = relationship(
        back_populates="person", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def roles(self) -> list[PersonRole]:
        return [r.role for r in self.role_rows]

    @validates("unit", "title")
    def _keep_sorts(self, key: str, value: str | None) -> str | None:
        setattr(self, f"{key}_sort", pinyin_sort(value))
        return value


class PersonRoleRow(Base):
    __tablename__ = "person_role"
    __table_args__ = (UniqueConstraint("person_id", "role"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    role: Mapped[PersonRole] = mapped_column(enum_column(PersonRole, "person_role"), index=True)
    person: Mapped[Person] = relationship(back_populates="role_rows")


class School(PinyinSorted, Timestamps, Base):
    __tablename__ = "school"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    stage: Mapped[SchoolStage] = mapped_column(enum_column(SchoolStage, "school_stage"))
    township_id: Mapped[int | None] = mapped_column(ForeignKey("township.id", ondelete="RESTRICT"), index=True)
    address: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(30))
    search_key: Mapped[str] = mapped_column(Text, default="")
    sort_name: Mapped[str] = mapped_column(String(400), default="", index=True)
    """The name in pinyin, so lists sort as clerks expect (安 before 白 before 城)."""
    township: Mapped[Township | None] = relationship()
    teachers: Mapped[list[Teacher]] = relationship(back_populates="school")


class Teacher(PinyinSorted, Timestamps, Base):
    person_names = True
    __tablename__ = "teacher"
    __table_args__ = (  # a filter in the default order reads straight out of one index (services/base/listing.py)
        Index("ix_teacher_pledge_signed_sort_name", "pledge_signed", "sort_name"),
        Index("ix_teacher_moonlighting_sort_name", "moonlighting", "sort_name"),
        Index("ix_teacher_school_id_sort_name", "school_id", "sort_name"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), index=True)
    id_number: Mapped[str] = mapped_column(String(18), unique=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="RESTRICT"), index=True)
    subject: Mapped[str | None] = mapped_column(String(30), index=True)
    phone: Mapped[str | None] = mapped_column(String(30))
    moonlighting: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    """Found giving paid tutoring or working for a training institution (有偿补课, 校外兼职)."""
    pledge_signed: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    note: Mapped[str | None] = mapped_column(Text)
    search_key: Mapped[str] = mapped_column(Text, default="")
    sort_name: Mapped[str] = mapped_column(String(400), default="", index=True)
    """The name in pinyin, so lists sort as clerks expect (安 before 白 before 城)."""
    school_sort: Mapped[str | None] = mapped_column(String(400), index=True)
    """The school's sort name, kept by a trigger (store/derived.py) for sorting."""

    school: Mapped[School] = relationship(back_populates="teachers")
