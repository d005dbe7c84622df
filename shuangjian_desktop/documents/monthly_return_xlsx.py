"""The monthly return workbook: one sheet per part of the layout (reports/monthly_return.json), the header lines
the city asks for, A4 landscape, a 明细 sheet listing the rows behind every figure, and a hidden 元数据 sheet
(layout, month, raw values) from which returns are merged."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from shuangjian_desktop import paths
from shuangjian_desktop.documents.xlsx_safety import SpreadsheetRejected, check_xlsx
from shuangjian_desktop.documents.xlsx_writer import save_book

META = "元数据"
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")


@dataclass(frozen=True)
class ReturnHeader:
    unit: str
    person_in_charge: str
    contact: str
    contact_phone: str
    filled_on: str
    month: str


def layout() -> dict[str, Any]:
    return json.loads((paths.reports_dir() / "monthly_return.json").read_text(encoding="utf-8"))


def labels(spec: Mapping[str, Any]) -> dict[str, str]:
    return {row[1]: row[0] for sheet in spec["sheets"] for row in sheet["rows"]}


def _page(sheet: Worksheet) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def write_monthly_return(
    path: Path,
    header: ReturnHeader,
    values: Mapping[str, float | int | None],
    details: Sequence[tuple[str, str, str, str]],
) -> Path:
    spec = layout()
    year, month = header.month.split("-")
    title = spec["title"].format(unit=header.unit, year=year, month=int(month))
    book = Workbook()
    book.remove(book.active)
    for part in spec["sheets"]:
        sheet = book.create_sheet(part["name"])
        sheet.merge_cells("A1:D1")
        sheet["A1"] = title
        sheet["A1"].font = Font(name="宋体", size=16, bold=True)
        sheet["A1"].alignment = Alignment(horizontal="center")
        sheet.append([f"填报单位（盖章）：{header.unit}", "", f"填报日期：{header.filled_on}"])
        sheet.append(
            [f"负责人：{header.person_in_charge}", "", f"联系人及电话：{header.contact} {header.contact_phone}"]
        )
        sheet.append([part["heading"]])
        sheet["A4"].font = Font(name="宋体", size=12, bold=True)
        sheet.append(["序号", "指标", "数值", "单位"])
        for cell in sheet[5]:
            cell.font, cell.fill, cell.border = Font(name="宋体", bold=True), HEAD_FILL, BOX
            cell.alignment = Alignment(horizontal="center")
        for number, row in enumerate(part["rows"], start=1):
            label, key, unit = row[0], row[1], row[2]
            value = values.get(key)
            sheet.append([number, label, "—" if value is None else value, "" if unit == "%" else unit])
            cells = sheet[sheet.max_row]
            for cell in cells:
                cell.border, cell.font = BOX, Font(name="宋体")
            if unit == "%" and value is not None:
                cells[2].number_format = "0.00%"
            cells[2].alignment = Alignment(horizontal="right")
        for letter, width in zip("ABCD", (10, 80, 24, 14), strict=True):  # fills an A4 landscape page
            sheet.column_dimensions[letter].width = width
        sheet.print_title_rows = "1:5"
        _page(sheet)
    names = labels(spec)
    detail = book.create_sheet("明细")
    detail.append(["指标", "记录类型", "记录", "日期"])
    for cell in detail[1]:
        cell.font, cell.fill = Font(name="宋体", bold=True), HEAD_FILL
    for key, kind, record, day in details:
        detail.append([names.get(key, key), kind, record, day])
    for letter, width in zip("ABCD", (34, 16, 50, 18), strict=True):
        detail.column_dimensions[letter].width = width
    detail.freeze_panes = "A2"
    _page(detail)
    meta = book.create_sheet(META)
    meta.append(["layout", spec["layout"]])
    meta.append(["month", header.month])
    meta.append(["unit", header.unit])
    for key, value in values.items():
        meta.append([key, value])
    meta.sheet_state = "hidden"
    save_book(book, Path(path))
    return Path(path)


@dataclass(frozen=True)
class ReadReturn:
    layout: str
    month: str
    unit: str
    values: dict[str, float | int | None]
    details: list[tuple[str, str, str, str]]


def read_monthly_return(path: Path) -> ReadReturn:
    """A return written by write_monthly_return (this program, any county); refuses anything else."""
    check_xlsx(Path(path), 50 * 1024 * 1024)
    handle = Path(path).open("rb")  # noqa: SIM115 - closed however reading ends (Windows locks an open file)
    try:
        book = openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except Exception as error:
        handle.close()
        raise SpreadsheetRejected(f"“{Path(path).name}”无法读取：{error}") from error
    try:
        if META not in book.sheetnames:
            raise SpreadsheetRejected(f"“{Path(path).name}”不是本程序导出的月报（缺少元数据）")
        pairs = {row[0]: row[1] for row in book[META].iter_rows(values_only=True) if row and row[0]}
        keys = labels(layout())
        back = {v: k for k, v in keys.items()}
        details = [
            (back.get(str(r[0]), str(r[0])), str(r[1]), str(r[2]), str(r[3]))
            for r in book["明细"].iter_rows(min_row=2, values_only=True)
            if r and r[0]
        ]
    finally:
        book.close()
        handle.close()
    values = {k: v for k, v in pairs.items() if k not in ("layout", "month", "unit")}
    return ReadReturn(str(pairs.get("layout")), str(pairs.get("month")), str(pairs.get("unit") or ""), values, details)
