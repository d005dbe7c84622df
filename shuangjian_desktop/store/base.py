"""The declarative base with constraint naming, and the column types shared by every model."""

from __future__ import annotations

import datetime as dt
from enum import Enum as PyEnum

from sqlalchemy import DateTime, MetaData, String
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, validates

from shuangjian_desktop.domain.pinyin import sort_key

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def enum_column(enum: type[PyEnum], name: str) -> SAEnum:
    """Store an enum by its value (a stable English code) with a CHECK constraint, never as a native type."""
    return SAEnum(
        enum,
        name=name,
        native_enum=False,
        create_constraint=True,
        validate_strings=True,
        length=32,
        values_callable=lambda members: [m.value for m in members],
    )


def now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class Timestamps:
    # Python defaults only: a server default would make the ORM fetch each new row back one INSERT at a time.
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now, onupdate=now)


def name_column(length: int = 100) -> Mapped[str]:
    return mapped_column(String(length), nullable=False)


class PinyinSorted:
    """Keeps ``sort_name`` (the name in pinyin) in step with ``name``, so lists sort as clerks expect."""

    sort_name: Mapped[str]

    @validates("name")
    def _keep_sort_name(self, _key: str, value: str) -> str:
        self.sort_name = sort_key(value or "")
        return value
