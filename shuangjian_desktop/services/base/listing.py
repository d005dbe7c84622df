"""Paging a ledger out of SQL at any size: a view asks for the count, then for the pages it paints.

Every sortable column has an index on the ledger's own table (store/derived.py copies sort keys of referenced rows),
so the whole ledger, sorted by any column, pages straight out of that index: the next page starts after the last
row's (sort value, id) key, the last page is read backwards, and only a jump into the middle counts its way there
(OFFSET over the index, from the nearer end). A search or filter whose matches are few collects them in one pass
(the text index or the filter's index finds them; they are sorted once); one whose matches are common walks the sort
index as the whole ledger does, testing each row. Counting never joins.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from sqlalchemy import Column, ColumnElement, Select, and_, func, literal, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import operators
from sqlalchemy.sql.expression import BinaryExpression, UnaryExpression
from sqlalchemy.sql.operators import custom_op

from shuangjian_desktop.domain.text import clean_text
from shuangjian_desktop.services.base.search import Searchable, candidates_over, indexed_count, term_clause
from shuangjian_desktop.store.indexes import index_on
from shuangjian_desktop.store.uow import Store

Key = tuple[Any, int]
"""A row's place in a sort order: (sort value, id)."""

COMMON_SHARE = 100
"""Matches are common when more than one row in this many matches: then the sort index is walked (a page costs at
most this many index entries per row shown, tested against the text index's matches); fewer are collected in one
pass and sorted."""
ALWAYS_COLLECT = 2000
"""Up to this many matches are always collected (cheap at any size)."""
SAMPLE = 5000
"""Rows (the first in table order) whose share of matches tells common matches from few."""


@dataclass(frozen=True)
class Query:
    text: str = ""
    filters: Mapping[str, str] = field(default_factory=dict)
    sort: str = ""
    descending: bool = False


@dataclass(frozen=True)
class Listing:
    """What a view needs to page through one query: the count and, when the matches were few, all their ids in
    order (None: page through the sort index with ``page_after`` and friends)."""

    count: int
    ids: list[int] | None = None
    counted: bool = True
    """False: the matches are many and were not counted yet (``count_matches`` counts them, e.g. off the GUI
    thread); ``count`` is then 0."""


class PagedSource:
    """Subclasses give their table's id column, sort columns, filters and search parts."""

    newest_first: ClassVar[bool] = False

    def __init__(self, store: Store) -> None:
        self.store = store

    # hooks ---------------------------------------------------------------------------------------------------------
    def _id(self) -> ColumnElement[int]:
        raise NotImplementedError

    def _sort_columns(self) -> Mapping[str, ColumnElement[Any]]:
        """Sort key -> a column of the ledger's own table (with an index), or for a small ledger any expression."""
        raise NotImplementedError

    def _filter_clause(self, key: str, value: str) -> ColumnElement[bool] | None:
        """A condition on the ledger's own table (sub-selects, never joins)."""
        return None

    def _filter_per_row(self, key: str, value: str) -> ColumnElement[bool] | None:
        """The same condition as tested row by row while a sort index is walked (when another form is cheaper)."""
        return self._filter_clause(key, value)

    def _search_parts(self) -> tuple[tuple[ColumnElement[int], Searchable], ...]:
        """(column of this table holding ids, what a term is looked for in): the id column with its own text, or a
        reference (institution_id) with the referenced table's text."""
        return ()

    # the query's parts ---------------------------------------------------------------------------------------------
    @staticmethod
    def narrowed(query: Query) -> bool:
        return bool(clean_text(query.text)) or any(query.filters.values())

    @staticmethod
    def _terms(query: Query) -> list[str]:
        return list(dict.fromkeys(t for t in clean_text(query.text).lower().split(" ") if t))

    def _clauses(
        self, session: Session, query: Query, *, per_row: bool, scan_own: bool = False
    ) -> list[ColumnElement[bool]]:
        parts = self._search_parts()
        clauses = [
            term_clause(session, self._id(), parts, t, per_row=per_row, scan_own=scan_own) for t in self._terms(query)
        ]
        for key, value in query.filters.items():
            if value:
                clause = self._filter_per_row(key, value) if per_row else self._filter_clause(key, value)
                if clause is not None:
                    clauses.append(clause)
        return clauses

    def _sort(self, query: Query) -> ColumnElement[Any]:
        sorts = self._sort_columns()
        return sorts.get(query.sort) if query.sort in sorts else next(iter(sorts.values()))  # type: ignore[return-value]

    def _own_column(self, sort: ColumnElement[Any]) -> Column[Any] | None:
        """The sort expression as a column of the ledger's own table (None for an expression)."""
        expression = getattr(sort, "expression", sort)
        table = getattr(self._id(), "expression", self._id()).table
        return expression if isinstance(expression, Column) and expression.table is table else None

    def _select(self, session: Session, sort: ColumnElement[Any], clauses: Sequence[ColumnElement[bool]]) -> Select:
        """select(id, sort value) of the matching rows, walking the sort column's index (or one on an equality
        filter's column and the sort column, which holds just the filtered rows in order)."""
        stmt = select(self._id(), sort).where(*clauses)
        own = self._own_column(sort)
        if own is not None and not own.primary_key:
            index = self._filtered_index(session, own, clauses) or index_on(session, own.table.name, own.name)
            if index is not None:
                stmt = stmt.with_hint(own.table, f"INDEXED BY {index}", "sqlite")
        return stmt

    def _filtered_index(self, session: Session, sort: Column[Any], clauses: Sequence[Any]) -> str | None:
        """An index on (F, sort column) when one clause is ``F = value`` on a column of the ledger's table."""
        equal = [
            c.left.name
            for c in clauses
            if isinstance(c, BinaryExpression)
            and c.operator is operators.eq
            and isinstance(c.left, Column)
            and c.left.table is sort.table
        ]
        return index_on(session, sort.table.name, equal[0], sort.name) if len(equal) == 1 else None

    def _count(self, session: Session, clauses: Sequence[ColumnElement[bool]], upto: int | None = None) -> int:
        table = getattr(self._id(), "expression", self._id()).table
        if upto is None:
            return session.scalar(select(func.count()).select_from(table).where(*clauses)) or 0
        inner = select(literal(1)).select_from(table).where(*clauses).limit(upto)
        return session.scalar(select(func.count()).select_from(inner.subquery())) or 0

    # what a view calls ---------------------------------------------------------------------------------------------
    def count(self, query: Query | None = None) -> int:
        return self.listing(query or Query()).count

    def count_matches(self, query: Query) -> int:
        """The exact number of rows the query matches (the slow part of a listing whose matches are many)."""
        with self.store.read() as uow:
            session = uow.session
            if not self.narrowed(query):
                return self._count(session, [])
            return self._count_common(session, query)

    def listing(self, query: Query, *, count_common: bool = True) -> Listing:
        """How to page through the query. With ``count_common`` False, many matches are left uncounted (a view shows
        the first page at once and counts them in the background)."""
        with self.store.read() as uow:
            session = uow.session
            if not self.narrowed(query):
                return Listing(self._count(session, []))
            total = self._count(session, [])
            most = max(ALWAYS_COLLECT, total // COMMON_SHARE)
            if total > most and (self._in_one_index(session, query) or not self._few(session, query, most)):
                return Listing(self._count_common(session, query)) if count_common else Listing(0, None, False)
            clauses = self._clauses(session, query, per_row=False)
            sort = self._sort(query)
            first = sort
            if session.get_bind().dialect.name == "sqlite":  # sort the matches, not the index
                first = UnaryExpression(sort, operator=custom_op("+"), type_=sort.type)
            order = [first.desc(), self._id().desc()] if query.descending else [first.asc(), self._id().asc()]
            ids = list(session.scalars(select(self._id()).where(*clauses).order_by(*order)))
            return Listing(len(ids), ids)

    def _in_one_index(self, session: Session, query: Query) -> bool:
        """Whether the query is one equality filter in an order some index holds the filtered rows in: then a page
        is an index range however few or many match."""
        if self._terms(query):
            return False
        own = self._own_column(self._sort(query))
        clauses = self._clauses(session, query, per_row=True)
        return own is not None and len(clauses) == 1 and self._filtered_index(session, own, clauses) is not None

    def _few(self, session: Session, query: Query, most: int) -> bool:
        """Whether matches are few (collect them) rather than common (walk the sort index). A term the table's own
        text index proposes at most ``most`` rows for settles it (the index stops counting there); otherwise the
        share of matches among the first rows in table order decides (a bounded sample, at any size)."""
        parts = self._search_parts()
        if any(len(term) == 1 for term in self._terms(query)):
            return True  # a single character is looked up by thousands of trigrams: once, not once per page
        for holder, target in parts:
            if holder is self._id():
                for term in self._terms(query):
                    if len(parts) == 1 and candidates_over(session, target, term, most) is False:
                        return True
        clauses = self._clauses(session, query, per_row=True)
        if not clauses:
            return False
        table = getattr(self._id(), "expression", self._id()).table
        sample = select(and_(*clauses).label("hit")).select_from(table).order_by(self._id()).limit(SAMPLE).subquery()
        hits = session.scalar(select(func.count()).select_from(sample).where(sample.c.hit)) or 0
        return hits * COMMON_SHARE <= SAMPLE

    def _count_common(self, session: Session, query: Query) -> int:
        """Count matches that are many: one short term alone straight from the text index; otherwise the table's
        own text is scanned in table order (faster than looking up each of many matches) and references looked up."""
        terms, parts = self._terms(query), self._search_parts()
        alone = len(terms) == 1 and not any(query.filters.values()) and len(parts) == 1
        if alone and parts[0][0] is self._id():
            counted = indexed_count(session, parts[0][1], terms[0])
            if counted is not None:
                return counted
        return self._count(session, self._clauses(session, query, per_row=False, scan_own=True))

    def page_after(self, query: Query, key: Key | None, limit: int) -> list[Key]:
        """The keys of the ``limit`` rows after ``key`` in the query's order (from the top when None)."""
        with self.store.read() as uow:
            return self._forward(uow.session, query, key, limit, query.descending)

    def page_before(self, query: Query, key: Key | None, limit: int) -> list[Key]:
        """The keys of the ``limit`` rows before ``key`` (the last rows when None), in the query's order."""
        with self.store.read() as uow:
            return list(reversed(self._forward(uow.session, query, key, limit, not query.descending)))

    def page_at(self, query: Query, offset: int, limit: int, total: int) -> list[Key]:
        """The keys of rows offset..offset+limit, counted from the nearer end of the ``total`` rows."""
        with self.store.read() as uow:
            session = uow.session
            clauses = self._clauses(session, query, per_row=True) if self.narrowed(query) else []
            sort, idc = self._sort(query), self._id()
            from_end = offset > total - offset - limit
            down = query.descending != from_end
            order = [sort.desc(), idc.desc()] if down else [sort.asc(), idc.asc()]
            take = min(limit, total - offset)
            skip = total - offset - take if from_end else offset
            stmt = self._select(session, sort, clauses).order_by(*order).offset(skip).limit(take)
            keys = [(row[1], row[0]) for row in session.execute(stmt)]
            return list(reversed(keys)) if from_end else keys

    def position(self, query: Query, record_id: int) -> int | None:
        """Where a record stands in the query's order (None when the query leaves it out)."""
        with self.store.read() as uow:
            session = uow.session
            sort, idc = self._sort(query), self._id()
            clauses = self._clauses(session, query, per_row=True) if self.narrowed(query) else []
            found = session.execute(select(sort).where(idc == record_id, *clauses)).first()
            if found is None:
                return None
            value = None if found[0] is None else literal(found[0], type_=sort.type)
            before = self._before(
                sort, idc, value, record_id, query.descending, _nulls_first(session, query.descending)
            )
            return sum(self._count(session, [*clauses, *part]) for part in before)

    def iter_ids(self, query: Query, batch: int = 1000) -> Iterator[list[int]]:
        """Every matching id in order, a batch at a time (exports of any size)."""
        listing = self.listing(query)
        if listing.ids is not None:
            for start in range(0, len(listing.ids), batch):
                yield listing.ids[start : start + batch]
            return
        key: Key | None = None
        while True:
            keys = self.page_after(query, key, batch)
            if not keys:
                return
            yield [k[1] for k in keys]
            key = keys[-1]

    def ids(self, query: Query) -> list[int]:
        return [i for part in self.iter_ids(query) for i in part]

    # keyset paging -------------------------------------------------------------------------------------------------
    def _forward(self, session: Session, query: Query, key: Key | None, limit: int, descending: bool) -> list[Key]:
        """Rows after ``key`` going ``descending`` or up: each segment is one index range (a tie on the sort value
        continues by id; NULLs come where the engine sorts them, see _nulls_first)."""
        clauses = self._clauses(session, query, per_row=True) if self.narrowed(query) else []
        sort, idc = self._sort(query), self._id()
        found: list[Key] = []

        def run(order: list[Any], *extra: ColumnElement[bool]) -> None:
            if len(found) < limit:
                stmt = self._select(session, sort, [*clauses, *extra]).order_by(*order).limit(limit - len(found))
                found.extend((row[1], row[0]) for row in session.execute(stmt))

        by_id = [idc.desc()] if descending else [idc.asc()]
        both = [sort.desc(), idc.desc()] if descending else [sort.asc(), idc.asc()]
        if key is None:
            run(both)
            return found
        raw, last = key
        value = None if raw is None else literal(raw, type_=sort.type)  # a bound value compares with <, > too
        own = self._own_column(sort)
        if own is not None and own.primary_key:
            run(by_id, idc < last if descending else idc > last)
            return found
        nulls_first = _nulls_first(session, descending)
        same = sort.is_(None) if value is None else sort == value
        run(by_id, same, idc < last if descending else idc > last)
        if value is None:
            if nulls_first:
                run(both, sort.is_not(None))
            return found
        run(both, sort < value if descending else sort > value)
        if not nulls_first:
            run(by_id, sort.is_(None))
        return found

    @staticmethod
    def _before(
        sort: Any, idc: Any, value: Any, record_id: int, descending: bool, nulls_first: bool
    ) -> list[list[ColumnElement[bool]]]:
        """The conditions (one list per index range) of the rows before (value, id) in the order."""
        earlier_id = idc > record_id if descending else idc < record_id
        if value is None:
            if nulls_first:
                return [[sort.is_(None), earlier_id]]
            return [[sort.is_not(None)], [sort.is_(None), earlier_id]]
        earlier = [[sort > value] if descending else [sort < value], [sort == value, earlier_id]]
        return [[sort.is_(None)], *earlier] if nulls_first else earlier


def _nulls_first(session: Session, descending: bool) -> bool:
    """Where NULLs stand in an order as the database sorts them: SQLite puts them below every value, PostgreSQL
    above (each engine's own order is kept, so that its indexes serve it)."""
    low = session.get_bind().dialect.name == "sqlite"
    return not descending if low else descending
