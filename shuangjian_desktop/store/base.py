"""The declarative base with constraint naming, and the column types shared by every model."""

from __future__ import annotations

import datetime as dt
from enum import Enum as PyEnum
from typing import Any, ClassVar

from sqlalchemy import BigInteger, DateTime, Integer, MetaData, String, text
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, validates

from shuangjian_desktop.domain.pinyin import natural_key, sort_key

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


CENTS = BigInteger().with_variant(Integer(), "sqlite")
"""Money in cents: 64-bit on PostgreSQL (SQLite's INTEGER already is)."""


def now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class Versioned:
    """A version number the ORM raises with every UPDATE and checks in its WHERE clause (version_id_col): a change
    made from a stale copy of the row (another clerk saved it meanwhile) updates nothing and is refused, never
    silently written over the other's (store/versions.py says who changed it, and when)."""

    version: Mapped[int] = mapped_column(Integer, server_default=text("1"))
    """1 for a new row (the server default serves rows inserted in bulk), one more at each change."""

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class Timestamps(Versioned):
    """A ledger table's record: when it was made and last changed, and its version (a new ledger table that uses
    this mixin gets all three, and the migration that makes it adds them)."""

    # Python defaults only: a server default would make the ORM fetch each new row back one INSERT at a time.
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now, onupdate=now)


def name_column(length: int = 100) -> Mapped[str]:
    return mapped_column(String(length), nullable=False)


class PinyinSorted:
    """Keeps ``sort_name`` (the name in pinyin) in step with ``name``, so lists sort as clerks expect; a person's
    polyphonic surname by its surname reading (``person_names``)."""

    sort_name: Mapped[str]
    person_names: ClassVar[bool] = False

    @validates("name")
    def _keep_sort_name(self, _key: str, value: str) -> str:
        self.sort_name = sort_key(value or "", person=self.person_names)
        return value


def pinyin_sort(value: str | None, *, person: bool = False) -> str | None:
    """The sort key of an optional Chinese text column (None stays None: empty cells sort first)."""
    return sort_key(value, person=person) if value else None


class NaturalDocNumber:
    """Keeps ``doc_sort`` in step with ``doc_number``: document numbers sort by their numbers' values
    (〔2026〕9号 before 〔2026〕14号)."""

    doc_sort: Mapped[str | None]

    @validates("doc_number")
    def _keep_doc_sort(self, _key: str, value: str | None) -> str | None:
        self.doc_sort = natural_key(value) if value else None
        return value
