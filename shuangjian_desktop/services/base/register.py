"""Registers: what one ledger view shows (columns, filters, search), paged out of SQL (services/base/listing.py),
and how a record is edited.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shuangjian_desktop.domain.access import Action
from shuangjian_desktop.domain.errors import DomainError, FieldProblem, InvalidValue, NotFound, RecordRejected
from shuangjian_desktop.domain.text import clean_text
from shuangjian_desktop.services.base.listing import Listing, PagedSource, Query
from shuangjian_desktop.services.base.sheet import Field, LedgerSpec, RowInput
from shuangjian_desktop.services.privacy import recorded_export
from shuangjian_desktop.store.recycle import keep
from shuangjian_desktop.store.versions import VERSION_KEY, EditConflict, check_version


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
    """text, choice (field.choices), bool, multiline, ref (type-ahead from ``suggest``)."""
    suggest: Callable[[str, int], list[str]] | None = None
    """For a ref field: at most N names matching what was typed (SQL; never the whole table)."""
    hint: str = ""

    @property
    def key(self) -> str:
        return self.field.key

    @property
    def label(self) -> str:
        return self.field.label


class Register(PagedSource):
    """Subclasses set the class attributes and implement _id, _sort_columns, _load (and _filter_clause,
    _search_parts); editing hooks are optional."""

    name: ClassVar[str]
    title: ClassVar[str]
    columns: ClassVar[tuple[Column, ...]]
    filters: ClassVar[tuple[Filter, ...]] = ()
    search_hint: ClassVar[str] = "输入文字或拼音首字母搜索"
    newest_first: ClassVar[bool] = False
    """Open with the first column descending (dated ledgers: the newest on top)."""
    editable: ClassVar[bool] = False

    # the listing (paging, searching and sorting are PagedSource's) -------------------------------------------------
    def _load(self, session: Session, ids: Sequence[int]) -> dict[int, Row]:
        raise NotImplementedError

    def sortable(self, key: str) -> bool:
        return key in self._sort_columns()

    def rows(self, ids: Sequence[int]) -> list[Row]:
        """The rows of these ids, in the order given."""
        with self.store.read() as uow:
            loaded = self._load(uow.session, ids)
        return [loaded[i] for i in ids if i in loaded]

    def page(self, query: Query, offset: int, limit: int) -> list[Row]:
        """The rows from ``offset`` in the query's order (printing; views page by key)."""
        listing = self.listing(query)
        if listing.ids is not None:
            return self.rows(listing.ids[offset : offset + limit])
        keys = self.page_at(query, offset, limit, listing.count) if offset < listing.count else []
        return self.rows([k[1] for k in keys])

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
        from shuangjian_desktop.documents.xlsx_writer import ColumnSpec, write_table
        from shuangjian_desktop.services.importing import Cancelled

        with recorded_export(self.store, user, self.title, path, personal=self.showing_personal()) as exported:
            rows: list[tuple[Any, ...]] = []
            total = self.count(query)
            for ids in self.iter_ids(query):
                if cancelled():
                    raise Cancelled
                rows.extend(row.values for row in self.rows(ids))
                if progress is not None:
                    progress("读取", len(rows), total)
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
        """What the edit form shows for a record, as text, and (VERSION_KEY) the version it shows."""
        with self.store.read() as uow:
            record = self._record(uow.session, record_id)
            values = {key: display(value) for key, value in self._form_values(record).items()}
            if getattr(record, "version", None) is not None:
                values[VERSION_KEY] = str(record.version)
            return values

    def save(self, record_id: int | None, raw: Mapping[str, str], user: str) -> int:
        """Check what the clerk typed (every bad field named) and store it in one transaction; the record's id.
        A form that carries the version it was opened with (VERSION_KEY, as ``load`` gives it) is refused when
        another clerk saved the record since (EditConflict: who, when, and what to do)."""
        self._editable()
        values = parse_form(self.form(), raw)
        with self.store.write(user, self.edit_action) as uow:
            session = uow.session
            current = self._record(session, record_id) if record_id is not None else None
            if current is not None:
                check_version(session, current, raw.get(VERSION_KEY), f"该{self.noun}")
            record = self._store(session, current, values)
            session.flush()
            saved = int(record.id)
            uow.commit()
        return saved

    def warnings(self, record_id: int | None, raw: Mapping[str, str]) -> list[str]:
        """What the clerk should confirm before this form is saved (it is allowed, but unusual), as sentences; the
        form asks first. Nothing by default."""
        return []

    def delete(self, record_id: int, user: str) -> None:
        """Delete a record nothing refers to; otherwise say what refers to it and change nothing. The record is kept
        whole in 最近删除 (store/recycle.py), from where it can be put back."""
        self._editable()
        with self.store.write(user, self.edit_action) as uow:
            session = uow.session
            record = self._record(session, record_id)
            why = self._in_use(session, record)
            if why:
                raise DomainError(why)
            keep(session, record, user)
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


__all__ = ["VERSION_KEY", "Column", "EditConflict", "Filter", "FormField", "Listing", "Query", "Register", "Row"]
