"""Workbooks of several tables streamed row by row (the patrol report, the risk list, the public lists): a title row,
the header, the rows, and lines under the table (the unit and the date, a note); widths from the first rows, so a
million rows never sit in memory. Every cell goes through xlsx_writer.fill (no formula injection)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from shuangjian_desktop.documents.xlsx_writer import (
    HEADER_BORDER,
    HEADER_FILL,
    HEADER_FONT,
    MAX_WIDTH,
    TITLE_FONT,
    ColumnSpec,
    display_width,
    fill,
    fit_page,
    save_book,
)

SAMPLE = 500


@dataclass
class SheetData:
    name: str
    title: str
    columns: Sequence[ColumnSpec]
    rows: Iterable[Sequence[Any]]
    below: Sequence[str] = field(default_factory=tuple)
    """Lines under the table: a note, the unit and the date (right of the table)."""
    above: Sequence[str] = field(default_factory=tuple)
    """Lines between the title and the header (what the figures mean)."""


def _cell(sheet: Any, value: Any, number_format: str | None = None) -> WriteOnlyCell:
    return fill(WriteOnlyCell(sheet), value, number_format)


def write_sheets(path: Path, sheets: Sequence[SheetData], progress: Callable[[int], None] | None = None) -> int:
    """Write the sheets (atomically); returns the number of table rows written."""
    book = Workbook(write_only=True)
    written = 0
    for data in sheets:
        sheet = book.create_sheet(data.name[:31])
        fit_page(sheet)
        rows = iter(data.rows)
        first = list(itertools.islice(rows, SAMPLE))
        widths = [display_width(c.header) + 2 for c in data.columns]
        for row in first:
            for i, value in enumerate(row[: len(widths)]):
                widths[i] = max(widths[i], display_width(value) + 2)
        for i, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = min(max(width, 6), MAX_WIDTH)
        top = 2 + len(data.above)
        sheet.freeze_panes = f"A{top + 1}"
        title = _cell(sheet, data.title)
        title.font = TITLE_FONT
        sheet.append([title])
        for line in data.above:
            sheet.append([_cell(sheet, line)])
        header = []
        for column in data.columns:
            cell = _cell(sheet, column.header)
            cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, HEADER_BORDER
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            header.append(cell)
        sheet.append(header)
        formats = [c.number_format for c in data.columns]
        count = 0
        for row in itertools.chain(first, rows):
            sheet.append([_cell(sheet, value, formats[i] if i < len(formats) else None) for i, value in enumerate(row)])
            count += 1
            if progress is not None and (written + count) % 1000 == 0:
                progress(written + count)
        last = get_column_letter(max(len(data.columns), 1))
        sheet.print_title_rows = f"{top}:{top}"
        sheet.auto_filter.ref = f"A{top}:{last}{top + count}"
        if data.below:
            sheet.append([])
            for line in data.below:
                cells = [None] * max(len(data.columns) - 1, 0) + [_cell(sheet, line)]
                sheet.append(cells)
        written += count
    save_book(book, Path(path))
    return written
