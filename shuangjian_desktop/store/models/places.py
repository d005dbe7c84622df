"""Places: township (乡镇/街道) > community (社区) > compound (小区); each with its name in pinyin for sorting."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shuangjian_desktop.store.base import Base, PinyinSorted


class Township(PinyinSorted, Base):
    __tablename__ = "township"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    sort_name: Mapped[str] = mapped_column(String(400), default="")
    communities: Mapped[list[Community]] = relationship(back_populates="township")


class Community(PinyinSorted, Base):
    __tablename__ = "community"
    __table_args__ = (UniqueConstraint("township_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    township_id: Mapped[int] = mapped_column(ForeignKey("township.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    sort_name: Mapped[str] = mapped_column(String(400), default="")
    township: Mapped[Township] = relationship(back_populates="communities")
    compounds: Mapped[list[Compound]] = relationship(back_populates="community")


class Compound(PinyinSorted, Base):
    __tablename__ = "compound"
    __table_args__ = (UniqueConstraint("community_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("community.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    sort_name: Mapped[str] = mapped_column(String(400), default="")
    community: Mapped[Community] = relationship(back_populates="compounds")
