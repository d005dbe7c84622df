"""Read a ledger table from a clerk's .xlsx: find the header row under any title rows, clean every cell.

Returns plain rows keyed by the Excel row number the clerk sees, so every message can say 第N行.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

import openpyxl
from defusedxml import DefusedXmlException

from shuangjian_desktop.documents.xlsx_safety import SpreadsheetRejected, check_xlsx
from shuangjian_desktop.domain.text import clean_text, to_halfwidth

HEADER_SCAN_ROWS = 30
_BRACKETED = re.compile(r"[(（\[【][^)）\]】]*[)）\]】]")
_FOOTER = re.compile(r"^(填表人|制表人|填报人|审核人|负责人|合计|总计|注[:：]|备注[:：]|说明[:：])")


def normalize_header(raw: Any) -> str:
    """A header as matched: half-width, no spaces, no *, no bracketed notes like （必填） or （元）."""
    if raw is None:
        return ""
    header = to_halfwidth(str(raw))
    header = _BRACKETED.sub("", header)
    return re.sub(r"[\s*※:：]", "", header)


@dataclass
class SheetTable:
    """The rows under the header row; ``rows`` holds (Excel row number, cleaned values per column)."""

    sheet_name: str
    header_row: int
    headers: list[str]
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)


def clean_cell(value: Any) -> Any:
    if isinstance(value, str):
        cleaned = clean_text(value)
        return cleaned or None
    return value


def _is_footer(values: list[Any]) -> bool:
    filled = [v for v in values if v is not None]
    return len(filled) <= 2 and isinstance(filled[0], str) and bool(_FOOTER.match(filled[0]))


def _rejection(error: BaseException) -> SpreadsheetRejected:
    """Name the real reason: openpyxl wraps defusedxml's refusal of entities in a ValueError."""
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, DefusedXmlException | ParseError):
            return SpreadsheetRejected(f"表格内容含有不安全或损坏的 XML，拒绝读取（{type(cause).__name__}）")
        cause = cause.__cause__ or cause.__context__
    return SpreadsheetRejected(f"表格文件已损坏，无法读取（{type(error).__name__}）")


def read_table(
    path: Path,
    is_known_header: Callable[[str], bool],
    *,
    max_rows: int = 200_000,
    max_unpacked_bytes: int = 200 * 1024 * 1024,
    min_matches: int = 2,
    progress: Callable[[int], None] | None = None,
) -> SheetTable:
    """Find the first sheet (the active one first) whose header row names at least ``min_matches`` known fields."""
    check_xlsx(path, max_unpacked_bytes)
    # Our own handle, closed however reading ends: openpyxl leaves a refused file open until garbage collection,
    # and Windows keeps such a file locked (it cannot be moved, deleted or saved over from Excel).
    handle = Path(path).open("rb")  # noqa: SIM115 - closed below, whichever way reading ends
    try:
        workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except Exception as error:  # any failure to parse an untrusted file: it is unsafe or damaged
        handle.close()
        raise _rejection(error) from error
    try:
        sheets = [workbook.active, *[ws for ws in workbook.worksheets if ws is not workbook.active]]
        for sheet in sheets:
            if sheet is None:
                continue
            table = _read_sheet(sheet, is_known_header, max_rows, min_matches, progress)
            if table is not None:
                return table
    except SpreadsheetRejected:
        raise
    except (
        DefusedXmlException,
        ParseError,
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        NotImplementedError,
        KeyError,
        ValueError,
        TypeError,
        IndexError,
        OSError,
    ) as error:
        # unsafe XML, or a damaged container or part (bad deflate stream, bogus zip version, broken cell records)
        raise _rejection(error) from error
    finally:
        workbook.close()
        handle.close()
    raise SpreadsheetRejected(
        "在表格中找不到表头行：请确认第一行（或标题下方）是“机构名称”等列名，可先下载导入模板对照"
    )


def _read_sheet(
    sheet: Any,
    is_known_header: Callable[[str], bool],
    max_rows: int,
    min_matches: int,
    progress: Callable[[int], None] | None,
) -> SheetTable | None:
    rows_iter: Iterable[tuple[Any, ...]] = sheet.iter_rows(values_only=True)
    header_row = 0
    headers: list[str] = []
    best = 0
    buffered: list[tuple[int, tuple[Any, ...]]] = []
    for number, values in enumerate(rows_iter, start=1):
        buffered.append((number, values))
        matches = sum(1 for v in values if is_known_header(normalize_header(v)))
        if matches > best:
            best, header_row = matches, number
            headers = [normalize_header(v) for v in values]
        if number >= HEADER_SCAN_ROWS:
            break
    if best < min_matches:
        return None
    table = SheetTable(sheet.title, header_row, headers)
    width = len(headers)

    def take(number: int, values: tuple[Any, ...]) -> None:
        cleaned = [clean_cell(v) for v in values[:width]]
        cleaned += [None] * (width - len(cleaned))
        if all(v is None for v in cleaned) or _is_footer(cleaned):
            return
        if len(table.rows) >= max_rows:
            raise SpreadsheetRejected(f"表格超过{max_rows}行数据，超出上限，请拆分后导入")
        table.rows.append((number, cleaned))
        if progress is not None and len(table.rows) % 1000 == 0:
            progress(len(table.rows))

    for number, values in buffered:
        if number > header_row:
            take(number, values)
    for number, values in enumerate(rows_iter, start=len(buffered) + 1):
        take(number, values)
    return table
