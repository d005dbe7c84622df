"""A special campaign's report as a workbook (for the bureau's file and the partner departments): 概况 (the campaign
and its figures), 成员单位 (what each partner department took part in), 检查明细 (every inspection of it). Same
look as the ledger exports: title row, bold header, fitted widths, A4 landscape, text never taken as a formula."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from shuangjian_desktop.documents.xlsx_writer import (
    BODY_FONT,
    HEADER_BORDER,
    HEADER_FILL,
    HEADER_FONT,
    MAX_WIDTH,
    TITLE_FONT,
    display_width,
    fit_page,
    put,
    save_book,
)


@dataclass(frozen=True)
class Table:
    sheet: str
    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Any]]
    above: Sequence[tuple[str, str]] = ()
    """(label, value) lines between the title and the table."""


def write_campaign_report(path: Path, tables: Sequence[Table]) -> Path:
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(table.sheet[:31])
        fit_page(sheet)
        put(sheet, 1, 1, table.title).font = TITLE_FONT
        row = 2
        for label, value in table.above:
            put(sheet, row, 1, label).font = HEADER_FONT
            put(sheet, row, 2, value).font = BODY_FONT
            row += 1
        header_row = row + (1 if table.above else 0)
        widths = [display_width(h) + 2 for h in table.headers]
        for column, heading in enumerate(table.headers, start=1):
            cell = put(sheet, header_row, column, heading)
            cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, HEADER_BORDER
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for offset, values in enumerate(table.rows, start=1):
            for column, value in enumerate(values, start=1):
                put(sheet, header_row + offset, column, value).font = BODY_FONT
                widths[column - 1] = max(widths[column - 1], display_width(value) + 2)
        for label, value in table.above:
            widths[0] = max(widths[0], display_width(label) + 2)
            if len(widths) > 1:
                widths[1] = max(widths[1], min(display_width(value) + 2, MAX_WIDTH))
        for column, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(column)].width = min(max(width, 8), MAX_WIDTH)
        sheet.print_title_rows = f"{header_row}:{header_row}"
        sheet.freeze_panes = f"A{header_row + 1}"
        if table.rows:
            sheet.auto_filter.ref = (
                f"A{header_row}:{get_column_letter(len(table.headers))}{header_row + len(table.rows)}"
            )
    save_book(book, path)
    return path
