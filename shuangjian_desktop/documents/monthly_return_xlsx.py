"""The monthly return workbook: one sheet per part of the layout (reports/monthly_return.json), the header lines
the city asks for, A4 landscape fitted to the width, a 明细 sheet listing the rows behind every figure (printable:
title, header repeated on every page, page numbers), and a hidden 元数据 sheet (layout, month, unit, the figures as
written). Every cell goes through the one text-safe writer (xlsx_writer.put). Merging reads the visible figures,
which are what the county signed, and names any that differ from what was written."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from shuangjian_desktop import paths
from shuangjian_desktop.documents.xlsx_safety import SpreadsheetRejected, check_xlsx
from shuangjian_desktop.documents.xlsx_writer import append, fit_page, put, save_book

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
    note: str = ""
    """printed under the title (an unfinished month: the day the figures stand at)"""
    merged_units: tuple[str, ...] = ()
    """for a city's summary: the units added together"""


def layout() -> dict[str, Any]:
    return json.loads((paths.reports_dir() / "monthly_return.json").read_text(encoding="utf-8"))


def labels(spec: Mapping[str, Any]) -> dict[str, str]:
    return {row[1]: row[0] for sheet in spec["sheets"] for row in sheet["rows"]}


def _title(spec: Mapping[str, Any], header: ReturnHeader) -> str:
    year, month = header.month.split("-")
    if header.merged_units:
        return spec["title"].format(unit="", year=year, month=int(month)).replace("月报", "月报汇总表", 1)
    return spec["title"].format(unit=header.unit, year=year, month=int(month))


def _header_lines(header: ReturnHeader) -> list[tuple[str, str]]:
    if header.merged_units:
        return [
            (
                f"汇总范围：{len(header.merged_units)}个单位（{'、'.join(header.merged_units)}）",
                f"汇总日期：{header.filled_on}",
            ),
            ("汇总单位（盖章）：", "负责人：　　　　　联系人及电话："),
        ]
    return [
        (f"填报单位（盖章）：{header.unit}", f"填报日期：{header.filled_on}"),
        (f"负责人：{header.person_in_charge}", f"联系人及电话：{header.contact} {header.contact_phone}"),
    ]


def _part(book: Workbook, part: Mapping[str, Any], title: str, header: ReturnHeader, values: Mapping[str, Any]) -> None:
    sheet = book.create_sheet(part["name"])
    sheet.merge_cells("A1:D1")
    put(sheet, 1, 1, title)
    sheet["A1"].font = Font(name="宋体", size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center", wrap_text=True)
    for row, (left, right) in enumerate(_header_lines(header), start=2):
        put(sheet, row, 1, left)
        put(sheet, row, 3, right)
    put(sheet, 4, 1, part["heading"] + (f"（{header.note}）" if header.note else ""))
    sheet["A4"].font = Font(name="宋体", size=12, bold=True)
    for column, text in enumerate(("序号", "指标", "数值", "单位"), start=1):
        cell = put(sheet, 5, column, text)
        cell.font, cell.fill, cell.border = Font(name="宋体", bold=True), HEAD_FILL, BOX
        cell.alignment = Alignment(horizontal="center")
    for number, row in enumerate(part["rows"], start=1):
        label, key, unit = row[0], row[1], row[2]
        value = values.get(key)
        at = 5 + number
        cells = [
            put(sheet, at, 1, number),
            put(sheet, at, 2, label),
            put(sheet, at, 3, "—" if value is None else value),
            put(sheet, at, 4, "" if unit == "%" else unit),
        ]
        for cell in cells:
            cell.border, cell.font = BOX, Font(name="宋体")
        if unit == "%" and value is not None:
            cells[2].number_format = "0.00%"
        cells[2].alignment = Alignment(horizontal="right")
    for letter, width in zip("ABCD", (10, 80, 24, 14), strict=True):  # fills an A4 landscape page
        sheet.column_dimensions[letter].width = width
    sheet.print_title_rows = "1:5"
    sheet.auto_filter.ref = f"A5:D{5 + len(part['rows'])}"
    fit_page(sheet)


def _details(
    book: Workbook, title: str, names: Mapping[str, str], details: Sequence[tuple[str, str, str, str]]
) -> None:
    """明细: printable on its own: a title, the header repeated on every page, page numbers in the footer."""
    detail = book.create_sheet("明细")
    detail.merge_cells("A1:D1")
    put(detail, 1, 1, f"{title}明细（共{len(details)}条）")
    detail["A1"].font = Font(name="宋体", size=14, bold=True)
    detail["A1"].alignment = Alignment(horizontal="center")
    for column, text in enumerate(("指标", "记录类型", "记录", "日期"), start=1):
        cell = put(detail, 2, column, text)
        cell.font, cell.fill, cell.border = Font(name="宋体", bold=True), HEAD_FILL, BOX
    for row, (key, kind, record, day) in enumerate(details, start=3):
        for column, value in enumerate((names.get(key, key), kind, record, day), start=1):
            put(detail, row, column, value)
    for letter, width in zip("ABCD", (34, 16, 50, 18), strict=True):
        detail.column_dimensions[letter].width = width
    detail.freeze_panes = "A3"
    detail.print_title_rows = "2:2"
    detail.auto_filter.ref = f"A2:D{len(details) + 2}"
    fit_page(detail)


def write_monthly_return(
    path: Path,
    header: ReturnHeader,
    values: Mapping[str, float | int | None],
    details: Sequence[tuple[str, str, str, str]],
) -> Path:
    spec = layout()
    title = _title(spec, header)
    book = Workbook()
    book.remove(book.active)
    for part in spec["sheets"]:
        _part(book, part, title, header, values)
    _details(book, title, labels(spec), details)
    meta = book.create_sheet(META)
    for pair in (
        ("layout", spec["layout"]),
        ("month", header.month),
        ("unit", "、".join(header.merged_units) if header.merged_units else header.unit),
    ):
        append(meta, pair)
    for key, value in values.items():
        append(meta, (key, value))
    meta.sheet_state = "hidden"
    save_book(book, Path(path))
    return Path(path)


@dataclass(frozen=True)
class ReadReturn:
    layout: str
    month: str
    unit: str
    values: dict[str, float | int | None]
    """the figures as they stand on the visible sheets (what the county signed)"""
    details: list[tuple[str, str, str, str]]
    changed: list[str]
    """the figures changed by hand after export, each as: sheet “指标”：written → shown"""


def _number(value: Any) -> float | int | None:
    if value is None or value == "—" or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        return value
    text = str(value).strip().replace(",", "")
    if text.endswith("%"):
        return float(text[:-1]) / 100
    number = float(text)
    return int(number) if number.is_integer() else number


def read_monthly_return(path: Path) -> ReadReturn:
    """A return written by write_monthly_return (this program, any county): the visible figures, checked against
    the hidden sheet for month, unit and layout, naming any figure changed by hand; refuses anything else."""
    path = Path(path)
    check_xlsx(path, 50 * 1024 * 1024)
    handle = path.open("rb")
    try:
        book = openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except Exception as error:
        handle.close()
        raise SpreadsheetRejected(f"“{path.name}”无法读取：{error}") from error
    spec = layout()
    try:
        if META not in book.sheetnames:
            raise SpreadsheetRejected(f"“{path.name}”不是本程序导出的月报（缺少元数据）")
        pairs = {row[0]: row[1] for row in book[META].iter_rows(values_only=True) if row and row[0]}
        if pairs.get("layout") != spec["layout"]:
            raise SpreadsheetRejected(
                f"“{path.name}”的月报格式（{pairs.get('layout')}）与本程序（{spec['layout']}）不同，不能汇总"
            )
        values: dict[str, float | int | None] = {}
        changed = []
        for part in spec["sheets"]:
            if part["name"] not in book.sheetnames:
                raise SpreadsheetRejected(f"“{path.name}”缺少“{part['name']}”表，格式与本程序不同")
            shown = {
                str(r[1]).strip(): r[2]
                for r in book[part["name"]].iter_rows(min_row=6, max_col=4, values_only=True)
                if r and r[1]
            }
            for row in part["rows"]:
                label, key = row[0], row[1]
                if label not in shown:
                    raise SpreadsheetRejected(f"“{path.name}”的“{part['name']}”表缺少“{label}”一行，格式与本程序不同")
                try:
                    values[key] = _number(shown[label])
                except (TypeError, ValueError):
                    raise SpreadsheetRejected(
                        f"“{path.name}”的“{part['name']}”表“{label}”不是数字：{shown[label]}"
                    ) from None
                written = pairs.get(key)
                if values[key] != written and not (
                    isinstance(values[key], float) and written is not None and abs(values[key] - float(written)) < 1e-9
                ):
                    changed.append(f"{part['name']}“{label}”：导出时{_shown(written)}，现为{_shown(values[key])}")
        keys = labels(spec)
        back = {v: k for k, v in keys.items()}
        details = [
            (back.get(str(r[0]), str(r[0])), str(r[1]), str(r[2]), str(r[3]))
            for r in book["明细"].iter_rows(min_row=3, values_only=True)
            if r and r[0]
        ]
    finally:
        book.close()
        handle.close()
    return ReadReturn(
        str(pairs["layout"]), str(pairs.get("month")), str(pairs.get("unit") or ""), values, details, changed
    )


def _shown(value: Any) -> str:
    return "空" if value is None else str(value)
