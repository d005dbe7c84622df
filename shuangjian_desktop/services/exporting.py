"""Export a ledger to .xlsx, and write the import template of a ledger. Money leaves as numbers (yuan, two
decimals shown), counts as numbers; the sheet has an auto-filter and prints A4 landscape fitted to the width."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy import select

from shuangjian_desktop.documents.xlsx_writer import ColumnSpec, write_table, write_template
from shuangjian_desktop.services.ledgers import ledger
from shuangjian_desktop.services.privacy import recorded_export
from shuangjian_desktop.store.models import BureauProfile
from shuangjian_desktop.store.uow import Store


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int


def export_ledger(
    store: Store,
    ledger_name: str,
    path: Path,
    *,
    user: str,
    reveal_personal: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ExportResult:
    """The whole ledger to .xlsx, on record in the audit trail; personal data in full only for a permitted user."""
    spec = ledger(ledger_name)
    with recorded_export(store, user, spec.title, Path(path), personal=reveal_personal) as exported:
        with store.read() as uow:
            profile = uow.session.scalar(select(BureauProfile))
            rows = list(spec.export_rows(uow.session, reveal_personal=reveal_personal))
        county = profile.county if profile else ""
        title = f"{county}{spec.title}（导出日期：{dt.date.today().isoformat()}，共{len(rows)}条）"
        columns, rows = numbers_as_numbers(spec.export_columns(), rows)
        write_table(Path(path), sheet_title=spec.title, title=title, columns=columns, rows=rows, progress=progress)
        exported.rows = len(rows)
    return ExportResult(Path(path), len(rows))


MONEY_FORMAT = "#,##0.00"


def _money(value: Any) -> Any:
    if not isinstance(value, str) or not value.strip():
        return value
    try:
        return float(Decimal(value.replace(",", "").replace("，", "").strip()))
    except InvalidOperation:
        return value


def numbers_as_numbers(
    columns: Sequence[ColumnSpec], rows: Iterable[Sequence[Any]]
) -> tuple[list[ColumnSpec], list[list[Any]]]:
    """Money columns (headers in 元) written as numbers with a money format instead of "35,000.00" text."""
    money = [i for i, c in enumerate(columns) if c.header.endswith(("（元）", "(元)"))]
    columns = [dataclasses.replace(c, number_format=MONEY_FORMAT) if i in money else c for i, c in enumerate(columns)]
    converted = []
    for row in rows:
        values = list(row)
        for i in money:
            if i < len(values):
                values[i] = _money(values[i])
        converted.append(values)
    return columns, converted


def write_import_template(ledger_name: str, path: Path) -> Path:
    spec = ledger(ledger_name)
    return write_template(Path(path), title=f"{spec.title}导入模板", columns=spec.columns(), example=spec.example())
