"""What calamine does not tell about an .ods sheet, read from content.xml: its merged cells (number-columns-spanned,
number-rows-spanned) and the real extent of its cells holding a value, counting repeats (a value repeated over
16,384 columns and a million rows would make calamine allocate the whole rectangle)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_TOKEN = re.compile(rb"<(/?)table:(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*?)(/?)>")
_NAME = re.compile(rb'table:name="([^"]*)"')
_ROWS = re.compile(rb'table:number-rows-repeated="(\d+)"')
_COLUMNS = re.compile(rb'table:number-columns-repeated="(\d+)"')
_SPAN_COLUMNS = re.compile(rb'table:number-columns-spanned="(\d+)"')
_SPAN_ROWS = re.compile(rb'table:number-rows-spanned="(\d+)"')
_VALUE = re.compile(rb"office:value-type=")

Merge = tuple[tuple[int, int], tuple[int, int]]


@dataclass
class OdsSheet:
    name: str
    merged: list[Merge] = field(default_factory=list)
    """((first row, first column), (last row, last column)), 0-based, as calamine gives them for .xlsx."""
    max_row: int = 0
    max_column: int = 0


def scan_ods(xml: bytes) -> list[OdsSheet]:
    sheets: list[OdsSheet] = []
    sheet: OdsSheet | None = None
    row = column = 0
    row_repeat = 1
    row_has_value = False
    row_max_column = 0
    for match in _TOKEN.finditer(xml):
        closing, tag, attributes, empty = match.group(1), match.group(2), match.group(3), match.group(4)
        if tag == b"table":
            if not closing:
                name = _NAME.search(attributes)
                sheet = OdsSheet(name.group(1).decode("utf-8", "replace") if name else "")
                sheets.append(sheet)
                row = 0
            continue
        if sheet is None:
            continue
        if tag == b"table-row":
            if closing or empty:
                if row_has_value:
                    sheet.max_row = max(sheet.max_row, row + row_repeat)
                    sheet.max_column = max(sheet.max_column, row_max_column)
                row += row_repeat
                continue
            repeated = _ROWS.search(attributes)
            row_repeat = int(repeated.group(1)) if repeated else 1
            column = 0
            row_has_value = False
            row_max_column = 0
            continue
        if closing:
            continue
        repeated = _COLUMNS.search(attributes)
        count = int(repeated.group(1)) if repeated else 1
        if tag == b"table-cell":
            spans = _SPAN_COLUMNS.search(attributes), _SPAN_ROWS.search(attributes)
            wide = int(spans[0].group(1)) if spans[0] else 1
            tall = int(spans[1].group(1)) if spans[1] else 1
            if wide > 1 or tall > 1:
                sheet.merged.append(((row, column), (row + tall - 1, column + wide - 1)))
            if _VALUE.search(attributes):
                row_has_value = True
                row_max_column = column + count
        column += count
    return sheets
