"""Registers: what one ledger view shows (columns, filters, search), paged out of SQL, and how a record is edited.

A view asks for the count and then for the page of rows it paints, so a ledger of 100,000 rows opens as fast as
one of 100; searching (Chinese substrings and pinyin initials) and sorting happen in SQL.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import UnaryExpression
from sqlalchemy.sql.operators import custom_op

from shuangjian_desktop.documents.xlsx_writer import ColumnSpec, write_table
from shuangjian_desktop.domain.access import Action
from shuangjian_desktop.domain.errors import DomainError, FieldProblem, InvalidValue, NotFound, RecordRejected
from shuangjian_desktop.domain.text import clean_text
from shuangjian_desktop.services.base.sheet import Field, LedgerSpec, RowInput
from shuangjian_desktop.services.importing import Cancelled
from shuangjian_desktop.services.privacy import recorded_export
from shuangjian_desktop.store.uow import Store

DENSE_PROBE = 2000
"""How many rows (in sort order) the density probe looks at."""


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: int = 100
    numeric: bool = False


@dataclass(frozen=True)
class Filter:
    key: str
    label: str
    choices: tuple[tuple[str, str], ...]
    """(label, value) pairs; the view adds 全部 itself."""


@dataclass(frozen=True)
class Query:
    text: str = ""
    filters: Mapping[str, str] = field(default_factory=dict)
    sort: str = ""
    descending: bool = False


@dataclass(frozen=True)
class Row:
    id: int
    values: tuple[Any, ...]
    tone: str = ""
    """"" normal, "muted" (ended, deregistered), "warning" (needs attention), "danger" (overdue, blacklisted)."""


@dataclass(frozen=True)
class FormField:
    """One field of an edit dialog: its spreadsheet Field (label, parser, required) plus how to edit it."""

    field: Field
    kind: str = "text"
    """text, choice (field.choices), bool, multiline, ref (choices from ref_choices)."""
    ref_choices: Callable[[], list[str]] | None = None
    hint: str = ""

    @property
    def key(self) -> str:
        return self.field.key

    @property
    def label(self) -> str:
        return self.field.label


class Register:
    """Subclasses set the class attributes and implement _base, _load; editing hooks are optional."""

    name: ClassVar[str]
    title: ClassVar[str]
    columns: ClassVar[tuple[Column, ...]]
    filters: ClassVar[tuple[Filter, ...]] = ()
    search_hint: ClassVar[str] = "输入文字或拼音首字母搜索"
    newest_first: ClassVar[bool] = False
    """Open with the first column descending (dated ledgers: the newest on top)."""
    editable: ClassVar[bool] = False

    def __init__(self, store: Store) -> None:
        self.store = store

    # the listing -------------------------------------------------------------------------------------------------
    def _base(self) -> Select[Any]:
        """select(<id column>) with the joins that sorting and filtering need."""
        raise NotImplementedError

    def _search_column(self) -> ColumnElement[str]:
        raise NotImplementedError

    def _sort_columns(self) -> Mapping[str, ColumnElement[Any]]:
        raise NotImplementedError

    def _filter_clause(self, key: str, value: str) -> ColumnElement[bool] | None:
        return None

    def _load(self, session: Session, ids: Sequence[int]) -> dict[int, Row]:
        raise NotImplementedError

    def _where(self, stmt: Select[Any], query: Query) -> Select[Any]:
        for term in clean_text(query.text).lower().split(" "):
            if term:
                # instr() is a plain substring test: the key is lower-case already, and it is several times faster
                # than LIKE on Chinese text, which LIKE walks character by character with case folding.
                stmt = stmt.where(func.instr(self._search_column(), term) > 0)
        for key, value in query.filters.items():
            if value:
                clause = self._filter_clause(key, value)
                if clause is not None:
                    stmt = stmt.where(clause)
        return stmt

    def _ordered(self, stmt: Select[Any], query: Query, *, filter_first: bool = False) -> Select[Any]:
        sorts = self._sort_columns()
        order = sorts.get(query.sort) if query.sort else None
        if order is None:
            order = next(iter(sorts.values()))
        if filter_first:
            # A unary + keeps SQLite from walking the sort index and testing every row against the search; it
            # filters first and sorts only the matches (one pass, however rare the matches are).
            order = UnaryExpression(order, operator=custom_op("+"), type_=order.type)
        id_column = stmt.selected_columns[0]
        if query.descending:
            return stmt.order_by(order.desc(), id_column.desc())
        return stmt.order_by(order.asc(), id_column.asc())

    @staticmethod
    def narrowed(query: Query) -> bool:
        """Whether a search or a filter narrows the list (then the view takes the matching ids in one pass)."""
        return bool(clean_text(query.text)) or any(query.filters.values())

    def count(self, query: Query | None = None) -> int:
        stmt = self._where(self._base(), query or Query())
        with self.store.read() as uow:
            return uow.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0

    def page(self, query: Query, offset: int, limit: int) -> list[Row]:
        """The rows from ``offset`` in the query's order."""
        stmt = self._ordered(self._where(self._base(), query), query).offset(offset).limit(limit)
        with self.store.read() as uow:
            ids = list(uow.session.scalars(stmt))
            loaded = self._load(uow.session, ids)
        return [loaded[i] for i in ids if i in loaded]

    def rows(self, ids: Sequence[int]) -> list[Row]:
        """The rows of these ids, in the order given."""
        with self.store.read() as uow:
            loaded = self._load(uow.session, ids)
        return [loaded[i] for i in ids if i in loaded]

    def dense(self, query: Query) -> bool:
        """Whether the matches are common: at least 1 in 10 of the first rows in sort order. Then paging through
        the sort index finds each page at once, and collecting (and sorting) every match would be the slow way."""
        first_rows = self._ordered(self._base(), query).limit(DENSE_PROBE).subquery()
        id_column = self._base().selected_columns[0]
        probe = self._where(self._base(), query).where(id_column.in_(select(first_rows.c[0])))
        with self.store.read() as uow:
            probed = uow.session.scalar(select(func.count()).select_from(first_rows)) or 0
            hits = uow.session.scalar(select(func.count()).select_from(probe.subquery())) or 0
        return probed > 0 and hits * 10 >= probed

    def ids(self, query: Query) -> list[int]:
        """Every matching id in the query's order."""
        stmt = self._ordered(self._where(self._base(), query), query, filter_first=self.narrowed(query))
        with self.store.read() as uow:
            return list(uow.session.scalars(stmt))

    def export(
        self,
        query: Query,
        path: Path,
        *,
        user: str,
        title: str = "",
        progress: Callable[[str, int, int], None] | None = None,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> int:
        """The filtered view, in its order, to .xlsx (on record in the audit trail); returns the number of rows.
        Cancelling writes nothing."""
        with recorded_export(self.store, user, self.title, path, personal=self.showing_personal()) as exported:
            rows: list[tuple[Any, ...]] = []
            ids = self.ids(query)
            for start in range(0, len(ids), 1000):
                if cancelled():
                    raise Cancelled
                with self.store.read() as uow:
                    loaded = self._load(uow.session, ids[start : start + 1000])
                rows.extend(loaded[i].values for i in ids[start : start + 1000] if i in loaded)
                if progress is not None:
                    progress("读取", len(rows), len(ids))
            heading = title or f"{self.title}（共{len(rows)}条）"
            columns = [ColumnSpec(c.label) for c in self.columns]
            write_table(path, sheet_title=self.title, title=heading, columns=columns, rows=rows)
            exported.rows = len(rows)
        return len(rows)

    def showing_personal(self) -> bool:
        """Whether this register shows personal data in full at the moment (a permitted, recorded choice)."""
        return False

    # editing -----------------------------------------------------------------------------------------------------
    model: ClassVar[type[Any] | None] = None
    """The record type the form edits (editable registers)."""
    noun: ClassVar[str] = "记录"
    """What one record is called in messages: 该{noun}已不存在."""
    edit_action: ClassVar[Action] = Action.EDIT_LEDGERS

    def form(self) -> tuple[FormField, ...]:
        return ()

    def load(self, record_id: int) -> dict[str, str]:
        """What the edit form shows for a record, as text."""
        with self.store.read() as uow:
            return {
                key: display(value) for key, value in self._form_values(self._record(uow.session, record_id)).items()
            }

    def save(self, record_id: int | None, raw: Mapping[str, str], user: str) -> int:
        """Check what the clerk typed (every bad field named) and store it in one transaction; the record's id."""
        self._editable()
        values = parse_form(self.form(), raw)
        with self.store.write(user, self.edit_action) as uow:
            session = uow.session
            record = self._store(session, self._record(session, record_id) if record_id is not None else None, values)
            session.flush()
            saved = int(record.id)
            uow.commit()
        return saved

    def delete(self, record_id: int, user: str) -> None:
        """Delete a record nothing refers to; otherwise say what refers to it and change nothing."""
        self._editable()
        with self.store.write(user, self.edit_action) as uow:
            session = uow.session
            record = self._record(session, record_id)
            why = self._in_use(session, record)
            if why:
                raise DomainError(why)
            session.delete(record)
            uow.commit()

    def _editable(self) -> None:
        if not self.editable or self.model is None:
            raise DomainError("此台账不能在这里修改")

    def _record(self, session: Session, record_id: int) -> Any:
        record = session.get(self.model, record_id) if self.model is not None else None
        if record is None:
            raise NotFound(f"该{self.noun}已不存在（可能已被删除）")
        return record

    # hooks of an editable register
    def _form_values(self, record: Any) -> Mapping[str, Any]:
        """The record's values by form field key (display() turns them into text)."""
        raise DomainError("此台账不能在这里编辑")

    def _store(self, session: Session, record: Any | None, values: dict[str, Any]) -> Any:
        """Check ``values`` against the database (RecordRejected names each bad field), then update ``record`` or,
        when it is None, add a new one; return the record."""
        raise DomainError("此台账不能在这里编辑")

    def _in_use(self, session: Session, record: Any) -> str:
        """Why the record may not be deleted (what refers to it), or ""."""
        return ""


def references(session: Session, record_id: int, counted: Sequence[tuple[str, Any]]) -> list[str]:
    """How many rows of each (label, foreign-key column) refer to ``record_id``, as "3条包保记录" phrases (only the
    non-zero ones)."""
    found = []
    for label, column in counted:
        number = session.scalar(select(func.count()).where(column == record_id)) or 0
        if number:
            found.append(f"{number}条{label}")
    return found


def parse_form(fields: Sequence[FormField], raw: Mapping[str, str]) -> dict[str, Any]:
    """Parse what the clerk typed with the same rules as the spreadsheet import; RecordRejected lists every
    bad field."""
    values: dict[str, Any] = {}
    problems: list[FieldProblem] = []
    for form_field in fields:
        text = clean_text(raw.get(form_field.key, "") or "")
        if not text:
            if form_field.field.required:
                problems.append(FieldProblem(None, form_field.label, "不能为空"))
            else:
                values[form_field.key] = None
            continue
        try:
            values[form_field.key] = form_field.field.parse(text)
        except (InvalidValue, ValueError) as error:
            problems.append(FieldProblem(None, form_field.label, str(error)))
    if problems:
        raise RecordRejected(problems)
    return values


def check_with_ledger(spec: LedgerSpec, context: Any, values: Mapping[str, Any]) -> RowInput:
    """Run the ledger's cross-field and reference checks on a form; RecordRejected names every bad field."""
    row = RowInput(0, {k: v for k, v in values.items() if v is not None})
    spec.check(context, row)
    if row.problems:
        raise RecordRejected([FieldProblem(None, p.field, p.reason) for p in row.problems])
    return row


def display(value: Any) -> str:
    """How a stored value shows in a form field."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    label = getattr(value, "label", None)
    if isinstance(label, str):
        return label
    if hasattr(value, "isoformat"):
        return value.isoformat(sep=" ", timespec="minutes") if hasattr(value, "hour") else value.isoformat()
    return str(value)
