"""Import a ledger from a clerk's spreadsheet: one mechanism for every ledger.

The file is read and every row is checked before anything is written; then all rows are stored in one transaction,
or none. A rejected file lists every bad row as 第N行 字段：原因, N being the row number the clerk sees in Excel.
Rows that match an existing record (institutions by credit code, people by name and phone, teachers by ID number,
...) update it instead of duplicating it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError

from shuangjian_desktop import settings as opts
from shuangjian_desktop.documents.xlsx_reader import SheetTable, read_table
from shuangjian_desktop.domain.access import Action
from shuangjian_desktop.domain.errors import DomainError, FieldProblem, InvalidValue
from shuangjian_desktop.services.base.sheet import Field, LedgerSpec, RowInput
from shuangjian_desktop.services.ledgers import ledger
from shuangjian_desktop.store.uow import Store

ProgressCallback = Callable[[str, int, int], None]
"""(what, done, total): total 0 when unknown."""
MAX_LISTED_PROBLEMS = 500


class Cancelled(DomainError):
    def __init__(self) -> None:
        super().__init__("已取消，数据未作任何改动。")


@dataclass(frozen=True)
class ColumnMapping:
    column: int
    header: str
    field_label: str | None


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

    def summary(self) -> str:
        if self.problems:
            listed = "\n".join(str(p) for p in self.problems[:MAX_LISTED_PROBLEMS])
            more = len(self.problems) - MAX_LISTED_PROBLEMS
            tail = f"\n……另有{more}处问题未列出" if more > 0 else ""
            return f"{self.title}导入被拒绝：{len(self.bad_rows)}行有误，数据未作任何改动。\n{listed}{tail}"
        verb = "已导入" if self.committed else "检查通过（未写入）"
        return f"{self.title}{verb}：共{self.rows}行，新增{self.inserted}条，更新{self.updated}条。"


@dataclass
class ImportPreview:
    report: ImportReport
    table: SheetTable

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
        self, ledger_name: str, path: Path, progress: ProgressCallback | None = None
    ) -> tuple[LedgerSpec, SheetTable]:
        spec = ledger(ledger_name)
        headers = spec.field_by_header()
        table = read_table(
            Path(path),
            headers.__contains__,
            max_rows=self.settings.get(opts.IMPORT_MAX_ROWS),
            max_unpacked_bytes=self.settings.get(opts.IMPORT_MAX_MEGABYTES) * 1024 * 1024,
            progress=(lambda n: progress("读取表格", n, 0)) if progress else None,
        )
        return spec, table

    def run(
        self,
        ledger_name: str,
        path: Path,
        *,
        user: str,
        dry_run: bool = False,
        progress: ProgressCallback | None = None,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> ImportReport:
        """Check every row, then store them all (or, for a dry run, roll back); raise ImportRejected on bad rows."""
        spec, table = self.read(ledger_name, path, progress)
        return self.process(spec, table, user=user, dry_run=dry_run, progress=progress, cancelled=cancelled)

    def preview(
        self,
        ledger_name: str,
        path: Path,
        *,
        user: str,
        progress: ProgressCallback | None = None,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> ImportPreview:
        """Everything the import would do, without doing it: the mapping, the counts, every problem, the rows."""
        spec, table = self.read(ledger_name, path, progress)
        try:
            report = self.process(spec, table, user=user, dry_run=True, progress=progress, cancelled=cancelled)
        except ImportRejected as rejected:
            report = rejected.report
        return ImportPreview(report, table)

    def process(
        self,
        spec: LedgerSpec,
        table: SheetTable,
        *,
        user: str,
        dry_run: bool = False,
        progress: ProgressCallback | None = None,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> ImportReport:
        report, columns = map_columns(spec, table)
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
                        row.problem(spec.key_label, f"与第{seen[key]}行重复")
                    else:
                        seen[key] = row.row
                if row.problems:
                    report.problems.extend(row.problems)
                    report.bad_rows.add(row.row)
            if report.problems:
                report.problems.sort(key=lambda p: p.row or 0)
                raise ImportRejected(report)
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


def map_columns(spec: LedgerSpec, table: SheetTable) -> tuple[ImportReport, dict[int, Field]]:
    """Which column holds which field; a missing required column rejects the file at once."""
    by_header = spec.field_by_header()
    columns: dict[int, Field] = {}
    mapping: list[ColumnMapping] = []
    taken: set[str] = set()
    for index, header in enumerate(table.headers):
        found = by_header.get(header)
        if found is not None and found.key not in taken:
            taken.add(found.key)
            columns[index] = found
            mapping.append(ColumnMapping(index + 1, header, found.label))
        elif header:
            mapping.append(ColumnMapping(index + 1, header, None))
    report = ImportReport(spec.name, spec.title, table.sheet_name, table.header_row, mapping)
    for f in spec.fields:
        if f.required and f.key not in taken:
            report.problems.append(FieldProblem(table.header_row, f.label, "表格缺少此列（必填）"))
    if report.problems:
        report.bad_rows.add(table.header_row)
        raise ImportRejected(report)
    return report, columns


def parse_rows(spec: LedgerSpec, table: SheetTable, columns: dict[int, Field], report: ImportReport) -> list[RowInput]:
    rows: list[RowInput] = []
    required = [f for f in spec.fields if f.required]
    for number, cells in table.rows:
        row = RowInput(number, {})
        for index, f in columns.items():
            raw: Any = cells[index]
            if raw is None:
                continue
            try:
                row.values[f.key] = f.parse(raw)
            except (InvalidValue, ValueError) as error:
                row.problem(f.label, str(error))
        for f in required:
            if f.key not in row.values and not any(p.field == f.label for p in row.problems):
                row.problem(f.label, "不能为空")
        rows.append(row)
    report.rows = len(rows)
    return rows


def _incomplete(key: Hashable) -> bool:
    return isinstance(key, tuple) and any(part is None for part in key[:2])
