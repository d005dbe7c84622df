"""A list made of several SQL listings one after another (the home page's attention list, the coverage gaps), paged
as one: each part is counted by an SQL aggregate, and only the rows of the page asked for are read and described.
However long the list, nothing builds it item by item."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Row, Select, func, select
from sqlalchemy.orm import Session

from shuangjian_desktop.store.uow import Store

T = TypeVar("T")


@dataclass(frozen=True)
class Part(Generic[T]):
    """One kind of item: an ordered SELECT, and how a page of its rows becomes items (it may read more for them)."""

    select: Callable[[], Select[Any]]
    describe: Callable[[Session, Sequence[Row[Any]]], list[T]]

    def count(self, session: Session) -> int:
        return session.scalar(select(func.count()).select_from(self.select().order_by(None).subquery())) or 0

    def page(self, session: Session, offset: int, limit: int) -> list[T]:
        rows = session.execute(self.select().offset(offset).limit(limit)).all()
        return self.describe(session, rows)


class PartList(Generic[T]):
    """Parts one after another; the counts are taken by ``reload`` and kept until the next."""

    def __init__(self, store: Store, parts: Callable[[], Sequence[Part[T]]]) -> None:
        self.store = store
        self._parts = parts
        self._made: Sequence[Part[T]] = ()
        self._counts: list[int] | None = None

    def reload(self) -> None:
        self._made = self._parts()
        with self.store.read() as uow:
            self._counts = [part.count(uow.session) for part in self._made]

    def counts(self) -> list[int]:
        if self._counts is None:
            self.reload()
        assert self._counts is not None
        return self._counts

    def count(self) -> int:
        return sum(self.counts())

    def page(self, offset: int, limit: int) -> list[T]:
        counts = self.counts()
        found: list[T] = []
        with self.store.read() as uow:
            for part, size in zip(self._made, counts, strict=True):
                if offset >= size:
                    offset -= size
                    continue
                found.extend(part.page(uow.session, offset, min(limit - len(found), size - offset)))
                offset = 0
                if len(found) >= limit:
                    break
        return found

    def all(self) -> list[T]:
        """Every item (for a report, which prints them all)."""
        return self.page(0, self.count())
