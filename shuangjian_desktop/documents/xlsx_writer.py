"""Write ledger tables to .xlsx: Chinese headers, a title row, frozen header with an auto-filter, fitted widths,
A4 landscape fitted to the page width, numbers as numbers, no formula injection.

Every cell any workbook of the program gets from data goes through ``fill``: text that starts with = + - @ (or a
tab or CR) is stored as a string cell with Excel's quote prefix, so it shows as typed and can never run as a
formula, in Excel, WPS or LibreOffice; characters XML cannot hold are dropped instead of failing the save.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from shuangjian_desktop.atomicfile import atomic_path

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
THIN = Side(style="thin", color="999999")
HEADER_BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TITLE_FONT = Font(name="宋体", size=14, bold=True)
HEADER_FONT = Font(name="宋体", size=11, bold=True)
REQUIRED_FONT = Font(name="宋体", size=11, bold=True, color="C00000")
BODY_FONT = Font(name="宋体", size=11)
MAX_WIDTH = 60
SAMPLE_ROWS_FOR_WIDTH = 2000


@dataclass(frozen=True)
class ColumnSpec:
    header: str
    required: bool = False
    choices: tuple[str, ...] = ()
    help: str = ""
    number_format: str | None = None


def save_book(book: Workbook, path: Path) -> None:
    """Save through a handle we close ourselves, so a failed save (a full disk) never keeps the half-written
    temporary file open (Windows could not delete it) before atomic_path removes it."""
    with atomic_path(Path(path)) as tmp, tmp.open("wb") as handle:
        book.save(handle)


def display_width(value: Any) -> int:
    """Width in Excel character units: a CJK character counts two."""
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    text = str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def clean_text(value: str) -> str:
    """XML keeps no bare CR (say it as a line break) and no other control characters (drop them)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def fill(cell: Any, value: Any, number_format: str | None = None) -> Any:
    """Put ``value`` in ``cell`` (a worksheet cell or a write-only cell) safely; return the cell."""
    if isinstance(value, str):
        value = clean_text(value)
        was = value
        cell.value = value
        if is_formula_like(was) or cell.data_type == "f":
            cell.value = was
            cell.data_type = "s"
            cell.quotePrefix = True
        return cell
    cell.value = value
    if isinstance(value, dt.datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, dt.date):
        cell.number_format = "yyyy-mm-dd"
    elif number_format:
        cell.number_format = number_format
    return cell


def put(sheet: Worksheet, row: int, column: int, value: Any, number_format: str | None = None) -> Any:
    return fill(sheet.cell(row=row, column=column), value, number_format)


def append(sheet: Worksheet, values: Sequence[Any]) -> int:
    """Append a row through ``fill``; returns its row number."""
    row = sheet.max_row + 1 if sheet.max_row > 1 or sheet.cell(1, 1).value is not None else 1
    for column, value in enumerate(values, start=1):
        if value is not None:
            put(sheet, row, column, value)
    return row


def _body_cell(sheet: Any, value: Any, number_format: str | None) -> WriteOnlyCell:
    return fill(WriteOnlyCell(sheet), value, number_format)


def fit_page(sheet: Any, landscape: bool = True) -> None:
    """A4, fitted to the page width, as many pages down as it takes. For a write-only sheet, call it before the
    first row: the sheet properties are written first."""
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"


def write_table(
    path: Path,
    *,
    sheet_title: str,
    title: str,
    columns: Sequence[ColumnSpec],
    rows: Iterable[Sequence[Any]],
    progress: Callable[[int], None] | None = None,
) -> Path:
    """Write one table with a title row above the header row; return ``path``. The write is atomic."""
    materialised = rows if isinstance(rows, list) else list(rows)
    widths = [display_width(c.header) + 2 for c in columns]
    for row in materialised[:SAMPLE_ROWS_FOR_WIDTH]:
        for i, value in enumerate(row):
            widths[i] = max(widths[i], display_width(value) + 2)

    path = Path(path)
    save_book(_build_table(sheet_title, title, columns, materialised, widths, progress), path)
    return path


def _build_table(
    sheet_title: str,
    title: str,
    columns: Sequence[ColumnSpec],
    materialised: Sequence[Sequence[Any]],
    widths: list[int],
    progress: Callable[[int], None] | None,
) -> Workbook:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title[:31])
    fit_page(sheet)
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(max(width, 6), MAX_WIDTH)
    sheet.freeze_panes = "A3"
    title_cell = fill(WriteOnlyCell(sheet), title)
    title_cell.font = TITLE_FONT
    sheet.append([title_cell])
    header_cells = []
    for column in columns:
        cell = fill(WriteOnlyCell(sheet), column.header)
        cell.font = REQUIRED_FONT if column.required else HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = HEADER_BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    formats = [c.number_format for c in columns]
    for count, row in enumerate(materialised, start=1):
        sheet.append([_body_cell(sheet, value, formats[i]) for i, value in enumerate(row)])
        if progress is not None and count % 1000 == 0:
            progress(count)
    sheet.print_title_rows = "2:2"
    sheet.auto_filter.ref = f"A2:{get_column_letter(max(len(columns), 1))}{len(materialised) + 2}"
    return workbook


def write_template(path: Path, *, title: str, columns: Sequence[ColumnSpec], example: Sequence[Any]) -> Path:
    """An import template: the header row (required columns in red), one example row, drop-down lists for
    columns with fixed choices, and a sheet 填写说明 describing each column."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    put(sheet, 1, 1, f"{title}（红色列为必填；第3行为示例，导入前请删除）")
    sheet["A1"].font = TITLE_FONT
    for i, column in enumerate(columns, start=1):
        put(sheet, 2, i, column.header)
    for i, value in enumerate(example, start=1):
        put(sheet, 3, i, value)
    for i, column in enumerate(columns, start=1):
        letter = get_column_letter(i)
        header = sheet.cell(row=2, column=i)
        header.font = REQUIRED_FONT if column.required else HEADER_FONT
        header.fill = HEADER_FILL
        header.border = HEADER_BORDER
        sheet.column_dimensions[letter].width = min(
            max(display_width(column.header), display_width(example[i - 1]) if i <= len(example) else 0) + 4, MAX_WIDTH
        )
        if column.choices:
            joined = ",".join(column.choices)
            if len(joined) <= 250:
                validation = DataValidation(type="list", formula1=f'"{joined}"', allow_blank=not column.required)
                validation.error = "请从下拉列表中选择"
                validation.errorTitle = column.header
                sheet.add_data_validation(validation)
                validation.add(f"{letter}3:{letter}5000")
    sheet.freeze_panes = "A3"
    sheet.auto_filter.ref = f"A2:{get_column_letter(max(len(columns), 1))}3"
    guide = workbook.create_sheet("填写说明")
    append(guide, ["列名", "是否必填", "填写要求", "可选值"])
    for cell in guide[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    for column in columns:
        append(guide, [column.header, "必填" if column.required else "选填", column.help, "、".join(column.choices)])
    for letter, width in zip("ABCD", (22, 10, 60, 50), strict=True):
        guide.column_dimensions[letter].width = width
    guide.auto_filter.ref = f"A1:D{len(columns) + 1}"
    save_book(workbook, Path(path))
    return Path(path)
