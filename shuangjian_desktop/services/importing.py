"""Import a ledger from a clerk's spreadsheet: one mechanism for every ledger.

The file is read once (off the GUI thread, with progress, cancellable); the program proposes which column holds which
field (services/base/mapping.py) and the clerk may change any of it; every row is checked before anything is
written; then all rows are stored in one transaction, or none. A rejected file lists every bad row as
第N行 字段：原因, N being the row number the clerk sees in Excel (工作表“X”第N行 on a later sheet). Rows that match
an existing record (institutions by credit code, people by name and phone, teachers by ID number, ...) update it
instead of duplicating it.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError

from shuangjian_desktop import settings as opts
from shuangjian_desktop.documents.xlsx_reader import EXCEL_CELL_LIMIT, SheetTable, TooLong, Uncached, read_table
from shuangjian_desktop.domain import values as v
from shuangjian_desktop.domain.access import Action
from shuangjian_desktop.domain.errors import DomainError, FieldProblem, InvalidValue
from shuangjian_desktop.services.base import mapping as columns_map
from shuangjian_desktop.services.base.mapping import ColumnMapping
from shuangjian_desktop.services.base.sheet import Field, LedgerSpec, RowInput
from shuangjian_desktop.services.ledgers import ledger
from shuangjian_desktop.store.uow import Store

ProgressCallback = Callable[[str, int, int], None]
"""(what, done, total): total 0 when unknown."""
MAX_LISTED_PROBLEMS = 500
Given = dict[str, str | None]
"""Header (as written) -> field key, or None for 不导入: what the clerk chose (--map 表头=字段)."""


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while tens of thousands of rows are built (none of them cyclic): its
    passes over the growing heap cost a sixth of an import. Restored afterwards, whatever happens."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class Cancelled(DomainError):
    def __init__(self) -> None:
        super().__init__("已取消，数据未作任何改动。")


@dataclass
class ImportReport:
    """What an import found (and, unless rejected or a dry run, did)."""

    ledger: str
    title: str
    sheet: str
    header_row: int
    mapping: list[ColumnMapping]
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    problems: list[FieldProblem] = field(default_factory=list)
    bad_rows: set[int] = field(default_factory=set)
    committed: bool = False
    notes: list[str] = field(default_factory=list)
    row_labels: dict[int, str] = field(default_factory=dict)

    def where(self, row: int | None) -> str:
        return "" if row is None else self.row_labels.get(row, f"第{row}行")

    def problem_text(self, problem: FieldProblem) -> str:
        where = self.where(problem.row)
        return f"{where} {problem.field}：{problem.reason}" if where else f"{problem.field}：{problem.reason}"

    def mapping_text(self) -> str:
        return "\n".join(m.describe() for m in self.mapping)

    def summary(self) -> str:
        if self.problems:
            listed = "\n".join(self.problem_text(p) for p in self.problems[:MAX_LISTED_PROBLEMS])
            more = len(self.problems) - MAX_LISTED_PROBLEMS
            tail = f"\n……另有{more}处问题未列出" if more > 0 else ""
            return f"{self.title}导入被拒绝：{len(self.bad_rows)}行有误，数据未作任何改动。\n{listed}{tail}"
        verb = "已导入" if self.committed else "检查通过（未写入）"
        return f"{self.title}{verb}：共{self.rows}行，新增{self.inserted}条，更新{self.updated}条。"


@dataclass
class ImportPreview:
    report: ImportReport
    table: SheetTable
    spec: LedgerSpec | None = None

    @property
    def rejected(self) -> bool:
        return bool(self.report.problems)

    def problems_by_row(self) -> dict[int, list[str]]:
        found: dict[int, list[str]] = {}
        for problem in self.report.problems:
            found.setdefault(problem.row or 0, []).append(f"{problem.field}：{problem.reason}")
        return found


class ImportRejected(DomainError):
    def __init__(self, report: ImportReport) -> None:
        self.report = report
        super().__init__(report.summary())


class ImportService:
    def __init__(self, store: Store, settings: opts.Settings) -> None:
        self.store = store
        self.settings = settings

    def read(
        self,
        ledger_name: str,
        path: Path,
        progress: ProgressCallback | None = None,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> tuple[LedgerSpec, SheetTable]:
        """Read the file's table (the header row found by exact, remembered or similar headers)."""
        spec = ledger(ledger_name)

        def tick(rows: int) -> None:
            if cancelled():
                raise Cancelled
            if progress:
                progress("读取表格", rows, 0)

        if progress:
            progress("读取表格", 0, 0)
        with gc_paused():
            table = read_table(
                Path(path),
                columns_map.recognises(spec, self.settings),  # type: ignore[arg-type]
                max_rows=self.settings.get(opts.IMPORT_MAX_ROWS),
                max_unpacked_bytes=self.settings.get(opts.IMPORT_MAX_MEGABYTES) * 1024 * 1024,
                progress=tick,
            )
        if cancelled():
            raise Cancelled
        return spec, table

    def propose(self, spec: LedgerSpec, table: SheetTable, given: Given | None = None) -> list[ColumnMapping]:
        return columns_map.propose(spec, table.headers, table.raw_headers, self.settings, given)

    def remember(self, spec: LedgerSpec, table: SheetTable, mapping: list[ColumnMapping]) -> None:
        """Keep the confirmed mapping for the next sheet with the same headers."""
        columns_map.remember(self.settings, spec, table.headers, mapping)

    def run(
        self,
        ledger_name: str,
        path: Path,
        *,
        user: str,
        dry_run: bool = False,
        progress: ProgressCallback | None = None,
        cancelled: Callable[[], bool] = lambda: False,
        given: Given | None = None,
    ) -> ImportReport:
        """Read, map (by ``given`` where said), check every row, then store them all (or, for a dry run, roll back);
        raise ImportRejected on bad rows."""
        spec, table = self.read(ledger_name, path, progress, cancelled)
        mapping = self.propose(spec, table, given)
        return self.process(spec, table, mapping, user=user, dry_run=dry_run, progress=progress, cancelled=cancelled)

    def preview(
        self,
        ledger_name: str,
        path: Path,
        *,
        user: str,
        progress: ProgressCallback | None = None,
        cancelled: Callable[[], bool] = lambda: False,
        given: Given | None = None,
    ) -> ImportPreview:
        """Everything the import would do, without doing it: the mapping, the counts, every problem, the rows."""
        spec, table = self.read(ledger_name, path, progress, cancelled)
        return self.check(
            spec, table, self.propose(spec, table, given), user=user, progress=progress, cancelled=cancelled
        )

    def check(
        self,
        spec: LedgerSpec,
        table: SheetTable,
        mapping: list[ColumnMapping],
        *,
        user: str,
        progress: ProgressCallback | None = None,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> ImportPreview:
        """A dry run of ``mapping`` over a table already read (the wizard re-checks after each change)."""
        try:
            report = self.process(spec, table, mapping, user=user, dry_run=True, progress=progress, cancelled=cancelled)
        except ImportRejected as rejected:
            report = rejected.report
        return ImportPreview(report, table, spec)

    def process(
        self,
        spec: LedgerSpec,
        table: SheetTable,
        mapping: list[ColumnMapping],
        *,
        user: str,
        dry_run: bool = False,
        progress: ProgressCallback | None = None,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> ImportReport:
        """Parse and check every row with ``mapping``, then write them all in one transaction (unless a dry run)."""
        with gc_paused():
            return self._process(spec, table, mapping, user, dry_run, progress, cancelled)

    def _process(
        self,
        spec: LedgerSpec,
        table: SheetTable,
        mapping: list[ColumnMapping],
        user: str,
        dry_run: bool,
        progress: ProgressCallback | None,
        cancelled: Callable[[], bool],
    ) -> ImportReport:
        report = ImportReport(
            spec.name,
            spec.title,
            table.sheet_name if len(table.sheets) < 2 else "、".join(table.sheets),
            table.header_row,
            mapping,
            notes=list(table.notes),
            row_labels=table.row_labels,
        )
        mapped = {m.field_key for m in mapping if m.field_key}
        report.notes += [note for key, note in spec.mapping_notes(mapped).items() if key not in mapped]
        columns = column_parsers(spec, mapping, report)
        rows = parse_rows(spec, table, columns, report)
        if cancelled():
            raise Cancelled
        with self.store.write(user, Action.IMPORT) as uow:
            session = uow.session
            context = spec.prepare(session, self.settings)
            seen: dict[Hashable, int] = {}
            for row in rows:
                spec.check(context, row)
                key = spec.key(row)
                if key is not None and not _incomplete(key):
                    if key in seen:
                        row.problem(spec.key_label, f"与{report.where(seen[key])}重复")
                    else:
                        seen[key] = row.row
                if row.problems:
                    report.problems.extend(row.problems)
                    report.bad_rows.add(row.row)
            if report.problems:
                report.problems.sort(key=lambda p: p.row or 0)
                raise ImportRejected(report)
            report.notes += spec.check_notes(context)
            total = len(rows)
            try:
                for done, row in enumerate(rows, start=1):
                    if spec.apply(session, context, row):
                        report.inserted += 1
                    else:
                        report.updated += 1
                    if done % 500 == 0:
                        if cancelled():
                            raise Cancelled
                        if progress:
                            progress("写入数据库", done, total)
                spec.finish(session, context)
                session.flush()
            except IntegrityError as error:
                report.problems.append(FieldProblem(None, spec.title, f"数据库拒绝写入：{error.orig}"))
                report.bad_rows.add(0)
                raise ImportRejected(report) from error
            if cancelled():
                raise Cancelled
            if not dry_run:
                uow.commit()
                report.committed = True
        return report


Parser = Callable[[Any], Any]


def column_parsers(
    spec: LedgerSpec, mapping: list[ColumnMapping], report: ImportReport
) -> dict[int, tuple[Field, Parser]]:
    """(field, parser) by 0-based column; a missing required column, or a field given twice, rejects at once."""
    columns: dict[int, tuple[Field, Parser]] = {}
    used: dict[str, int] = {}
    for m in mapping:
        if not m.field_key:
            continue
        f = spec.field(m.field_key)
        if f.key in used:
            report.problems.append(
                FieldProblem(table_row(report), f.label, f"第{used[f.key]}列和第{m.column}列都对应此字段，请只保留一列")
            )
            continue
        used[f.key] = m.column
        parse = partial(v.parse_money_cents, scale=10_000) if columns_map.in_wan(f, m.header) else f.sheet_parse
        columns[m.column - 1] = (f, parse)
    for label, reason in spec.missing_columns(set(used)):
        report.problems.append(FieldProblem(table_row(report), label, reason))
    if report.problems:
        report.bad_rows.add(report.header_row)
        raise ImportRejected(report)
    return columns


def table_row(report: ImportReport) -> int:
    return report.header_row


def parse_rows(
    spec: LedgerSpec, table: SheetTable, columns: dict[int, tuple[Field, Parser]], report: ImportReport
) -> list[RowInput]:
    """Every mapped cell parsed to its field's value; a cell that cannot be read is a problem naming row and field."""
    rows: list[RowInput] = []
    required = [f for f in spec.fields if f.required_in_sheet]
    items = [
        (index, f, parse, f.max_length or EXCEL_CELL_LIMIT, parse is v.text, {})
        for index, (f, parse) in columns.items()
    ]
    for number, cells in table.rows:
        row = RowInput(number, {})
        values = row.values
        for index, f, parse, limit, plain_text, seen in items:
            raw: Any = cells[index]
            if raw is None:
                continue
            if raw.__class__ in _MARKERS:
                row.problem(f.label, _unreadable(raw, None))
                continue
            if plain_text and raw.__class__ is str:
                value = raw  # the reader cleaned it already: v.text would return it as it is
            else:
                # a column repeats its values (类别, 是/否, 营利性 ...): each distinct value is parsed once
                key = (raw.__class__, raw)
                value = seen.get(key, _UNSEEN)
                if value is _UNSEEN:
                    try:
                        value = parse(raw)
                    except (InvalidValue, ValueError, ArithmeticError, TypeError) as error:
                        value = _Refused(_unreadable(raw, error))
                    if len(seen) < 10_000 and not isinstance(value, list | dict | set):
                        seen[key] = value
                if value.__class__ is _Refused:
                    row.problem(f.label, value.reason)
                    continue
            if value.__class__ is str and len(value) > limit:
                row.problem(f.label, f"内容过长：{len(value)}字，此项最多{limit}字")
                continue
            values[f.key] = value
        for f in required:
            if f.key not in values and not any(p.field == f.label for p in row.problems):
                row.problem(f.label, "不能为空")
        rows.append(row)
    report.rows = len(rows)
    return rows


_MARKERS = (TooLong, Uncached)
_UNSEEN = object()


class _Refused:
    """A cell value a parser refused, kept with its reason so a repeated value is not parsed again."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason


def _unreadable(raw: Any, error: BaseException | None) -> str:
    if isinstance(raw, TooLong):
        return f"内容过长：{raw.length}字，超过 Excel 单元格上限{EXCEL_CELL_LIMIT}字"
    if isinstance(raw, Uncached):
        return "是没有计算结果的公式：请在 Excel/WPS 中打开、保存后再导入，或把公式改为数值"
    if isinstance(error, InvalidValue):
        return str(error)
    if error is None:
        return f"“{str(raw)[:30]}”无法识别"
    if isinstance(error, OverflowError | ArithmeticError):
        return f"“{str(raw)[:30]}”超出可接受的范围"
    return str(error) or f"“{str(raw)[:30]}”无法识别"


def _incomplete(key: Hashable) -> bool:
    return isinstance(key, tuple) and any(part is None for part in key[:2])
