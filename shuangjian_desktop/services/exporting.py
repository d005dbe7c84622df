"""Export a ledger to .xlsx, and write the import template of a ledger."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from shuangjian_desktop.documents.xlsx_writer import write_table, write_template
from shuangjian_desktop.services.ledgers import ledger
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
    reveal_personal: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ExportResult:
    spec = ledger(ledger_name)
    with store.read() as uow:
        profile = uow.session.scalar(select(BureauProfile))
        rows = list(spec.export_rows(uow.session, reveal_personal=reveal_personal))
    county = profile.county if profile else ""
    title = f"{county}{spec.title}（导出日期：{dt.date.today().isoformat()}，共{len(rows)}条）"
    write_table(
        Path(path), sheet_title=spec.title, title=title, columns=spec.export_columns(), rows=rows, progress=progress
    )
    return ExportResult(Path(path), len(rows))


def write_import_template(ledger_name: str, path: Path) -> Path:
    spec = ledger(ledger_name)
    return write_template(Path(path), title=f"{spec.title}导入模板", columns=spec.columns(), example=spec.example())
