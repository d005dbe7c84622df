"""Read a ledger table from a clerk's spreadsheet (.xlsx, .xls, .et, .ods through python-calamine; .csv): find the
header row under any title rows (two-row headers under a merged heading too), clean every cell, fill merged cells
down, skip summary rows (合计, 小计 ...) with a note, and gather every sheet that holds the same table.

Returns plain rows keyed by the row number the clerk sees, so every message can say 第N行 (and the sheet, when the
table runs over several sheets). The file is checked by xlsx_safety before calamine sees it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import python_calamine

from shuangjian_desktop.documents.csv_reader import read_csv_rows
from shuangjian_desktop.documents.xlsx_safety import PackageInfo, SheetScan, SpreadsheetRejected, check_spreadsheet
from shuangjian_desktop.domain.text import clean_text, to_halfwidth

HEADER_SCAN_ROWS = 30
EXCEL_CELL_LIMIT = 32_767
SHEET_KEY = 10_000_000
"""Rows of a table's second, third... sheet are keyed sheet_index * SHEET_KEY + row."""
_BRACKETED = re.compile(r"[(（\[【][^)）\]】]*[)）\]】]")
_SUMMARY = re.compile(r"^(本页|本月|本年|全年|总)?(合\s*计|小\s*计|总\s*计|共\s*计|统\s*计|累\s*计)([:：（(\s].*)?$")
_FOOTER = re.compile(r"^(填表人|制表人|填报人|审核人|负责人|联系人|填报日期|制表日期|注[:：]|备注[:：]|说明[:：])")


class TooLong:
    """A cell longer than Excel allows (or than any field could take); the text itself is not kept."""

    def __init__(self, length: int) -> None:
        self.length = length

    def __str__(self) -> str:
        return f"（{self.length}字的超长文字）"


class Uncached:
    """A formula Excel/WPS never calculated (no cached value in the file)."""

    def __str__(self) -> str:
        return "（未计算的公式）"


UNCACHED = Uncached()


def normalize_header(raw: Any) -> str:
    """A header as matched: half-width, no spaces, no *, no bracketed notes like （必填） or （元）."""
    if raw is None:
        return ""
    header = to_halfwidth(str(raw))
    header = _BRACKETED.sub("", header)
    return re.sub(r"[\s*※:：]", "", header)


@dataclass
class SheetTable:
    """The rows under the header row; ``rows`` holds (row key, cleaned values per column)."""

    sheet_name: str
    header_row: int
    headers: list[str]
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    raw_headers: list[str] = field(default_factory=list)
    """The header cells as written (units such as （万元） are read from them)."""
    sheets: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What reading did that the clerk should know: rows skipped, merged cells filled, sheets left out."""
    row_labels: dict[int, str] = field(default_factory=dict)
    file_kind: str = ""

    def where(self, key: int | None) -> str:
        """第N行, or 工作表“X”第N行 for a row of a later sheet."""
        if key is None:
            return ""
        return self.row_labels.get(key, f"第{key}行")


def _clean_row(values: list[Any]) -> list[Any]:
    """Every cell cleaned; a row whose text is all clean already (the common row) is checked in one go."""
    joined = "|".join([v for v in values if v.__class__ is str])
    if (
        len(joined) < EXCEL_CELL_LIMIT
        and joined.isprintable()
        and joined[:1] != " "
        and joined[-1:] != " "
        and "  " not in joined
        and " |" not in joined
        and "| " not in joined
        and (joined.isascii() or unicodedata.is_normalized("NFC", joined))
    ):
        return [None if v == "" else v for v in values]
    return [v if v.__class__ is not str or _plain(v) else clean_cell(v) for v in values]


def _plain(text: str) -> bool:
    """Already clean: non-empty ASCII-free of stray spaces (the common cell), checked without a function per cell."""
    return (
        bool(text)
        and text.isprintable()
        and text[0] != " "
        and text[-1] != " "
        and len(text) < 1000
        and (text.isascii() or unicodedata.is_normalized("NFC", text))
        and "  " not in text
    )


def clean_cell(value: Any) -> Any:
    if isinstance(value, str):
        if len(value) > EXCEL_CELL_LIMIT:
            return TooLong(len(value))
        cleaned = clean_text(value)
        return cleaned or None
    return value


@dataclass
class _Grid:
    """One sheet as rows of values, with what calamine and the scan know about it."""

    name: str
    rows: Iterator[list[Any]]
    first_row: int = 1
    first_column: int = 0
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    scan: SheetScan | None = None


def _open_grids(path: Path, info: PackageInfo, notes: list[str]) -> Iterator[_Grid]:
    if info.kind == "text":
        rows, encoding = read_csv_rows(path)
        notes.append(f"CSV 文件按 {encoding} 编码读取")
        yield _Grid(path.stem, rows)
        return
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError:
        raise SpreadsheetRejected("表格已加密（设置了打开密码），请在 Excel/WPS 中取消密码后再导入") from None
    except BaseException as error:  # calamine's errors and a Rust panic (PanicException derives from BaseException)
        if isinstance(error, KeyboardInterrupt | SystemExit):
            raise
        raise _rejection(error) from None
    parts = sorted(info.sheets)  # xl/worksheets/sheetN.xml in workbook order for every writer we know
    with book:
        for index, meta in enumerate(book.sheets_metadata):
            if meta.visible != python_calamine.SheetVisibleEnum.Visible:
                notes.append(f"工作表“{meta.name}”是隐藏的，未读取")
                continue
            if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                continue
            try:
                sheet = book.get_sheet_by_name(meta.name)
                merged = sheet.merged_cell_ranges or (info.ods[meta.name].merged if meta.name in info.ods else [])
            except BaseException as error:
                if isinstance(error, KeyboardInterrupt | SystemExit):
                    raise
                raise _rejection(error) from None
            start = sheet.start or (0, 0)
            scan = info.sheets.get(f"xl/worksheets/sheet{index + 1}.xml") or (
                info.sheets.get(parts[index]) if index < len(parts) else None
            )
            yield _Grid(meta.name, iter(sheet.iter_rows()), start[0] + 1, start[1], list(merged), scan)


def _rejection(error: BaseException) -> SpreadsheetRejected:
    name = type(error).__name__
    if isinstance(error, python_calamine.XmlError):
        return SpreadsheetRejected(f"表格内容含有不安全或损坏的 XML，拒绝读取（{error}）"[:200])
    return SpreadsheetRejected(f"表格文件已损坏，无法读取（{name}）；若能在 Excel/WPS 中打开，请另存为 .xlsx 后再导入")


def _is_summary(values: list[Any]) -> bool:
    filled = [v for v in values if v is not None]
    if not filled or not isinstance(filled[0], str):
        return False
    first = filled[0].replace(" ", "")
    return bool(_SUMMARY.match(first)) or (len(filled) <= 2 and bool(_FOOTER.match(first)))


def read_table(
    path: Path,
    is_known_header: Callable[[str], bool],
    *,
    max_rows: int = 200_000,
    max_unpacked_bytes: int = 200 * 1024 * 1024,
    min_matches: int = 2,
    progress: Callable[[int], None] | None = None,
) -> SheetTable:
    """The ledger table of the file: the first sheet whose header row names at least ``min_matches`` known fields,
    joined by every later sheet whose known headers are the same. ``progress(rows read)`` is called every 1,000
    rows; it may raise to cancel."""
    path = Path(path)
    info = check_spreadsheet(path, max_unpacked_bytes)
    notes: list[str] = []
    table: SheetTable | None = None
    known: frozenset[str] = frozenset()
    for grid in _open_grids(path, info, notes):
        part = _read_grid(grid, is_known_header, min_matches, notes)
        if part is None:
            if table is not None:
                notes.append(f"工作表“{grid.name}”中没有找到表头，未导入")
            continue
        header_row, headers, raw_headers, data = part
        if table is None:
            table = SheetTable(grid.name, header_row, headers, raw_headers=raw_headers, sheets=[grid.name])
            table.file_kind = info.kind
            known = frozenset(h for h in headers if is_known_header(h))
            columns = list(range(len(headers)))
        else:
            if frozenset(h for h in headers if is_known_header(h)) != known:
                notes.append(f"工作表“{grid.name}”的表头与“{table.sheet_name}”不同，未导入（可单独整理后导入）")
                continue
            table.sheets.append(grid.name)
            columns = [table.headers.index(h) if h in table.headers else -1 for h in headers]
        sheet_index = len(table.sheets) - 1
        width = len(table.headers)
        for number, values in data:
            key = number if sheet_index == 0 else sheet_index * SHEET_KEY + number
            if sheet_index:
                table.row_labels[key] = f"工作表“{grid.name}”第{number}行"
                if columns != list(range(width)):
                    placed: list[Any] = [None] * width
                    for index, value in enumerate(values):
                        if index < len(columns) and columns[index] >= 0:
                            placed[columns[index]] = value
                    values = placed
            if len(table.rows) >= max_rows:
                raise SpreadsheetRejected(f"表格超过{max_rows}行数据，超出上限，请拆分后导入")
            table.rows.append((key, values))
            if progress is not None and len(table.rows) % 1000 == 0:
                progress(len(table.rows))
    if table is None:
        raise SpreadsheetRejected(
            "在表格中找不到表头行：请确认第一行（或标题下方）是“机构名称”等列名，可先下载导入模板对照"
        )
    table.notes = notes
    return table


def _read_grid(
    grid: _Grid, is_known_header: Callable[[str], bool], min_matches: int, notes: list[str]
) -> tuple[int, list[str], list[str], Iterator[tuple[int, list[Any]]]] | None:
    rows = grid.rows
    buffered: list[tuple[int, list[Any]]] = []
    best, header_index = 0, -1
    for number, values in enumerate(rows, start=grid.first_row):
        buffered.append((number, values))
        matches = sum(1 for v in values if v not in ("", None) and is_known_header(normalize_header(v)))
        if matches > best:
            best, header_index = matches, len(buffered) - 1
        if len(buffered) >= HEADER_SCAN_ROWS:
            break
    if best < min_matches:
        return None
    header_row, upper = buffered[header_index]
    raw = [("" if v is None else str(v)).strip() for v in upper]
    data_from = header_index + 1
    merged_over = _merged_columns(grid, header_row)
    if data_from < len(buffered):
        below_number, below = buffered[data_from]
        lower = [("" if v is None else str(v)).strip() for v in below]
        for i in range(min(len(raw), len(lower)) - 1):
            # a heading over sub-headings where the file keeps no merge (an .ods, a CSV): text, then blanks above
            if raw[i] and not raw[i + 1] and lower[i] and lower[i + 1]:
                merged_over.add(i)
        gaps = [i for i, text in enumerate(lower) if text and (i >= len(raw) or not raw[i] or i in merged_over)]
        if any(is_known_header(normalize_header(lower[i])) for i in gaps):
            width = max(len(raw), len(lower))
            raw = [
                (lower[i] if i < len(lower) and lower[i] and (i in gaps) else (raw[i] if i < len(raw) else ""))
                for i in range(width)
            ]
            data_from += 1
            notes.append(f"工作表“{grid.name}”第{header_row}—{below_number}行为两行表头，已合并识别")
    while raw and not raw[-1]:
        raw.pop()
    headers = [normalize_header(v) for v in raw]
    next_number = buffered[-1][0] + 1
    return header_row, headers, raw, _data_rows(grid, buffered[data_from:], next_number, headers, notes)


def _merged_columns(grid: _Grid, row: int) -> set[int]:
    """Columns of ``row`` covered by a merge wider than one column (a heading over sub-headings)."""
    covered: set[int] = set()
    for (r0, c0), (r1, c1) in grid.merged:
        if r0 + 1 <= row <= r1 + 1 and c1 > c0:
            covered.update(range(c0 - grid.first_column, c1 - grid.first_column + 1))
    return covered


def _data_rows(
    grid: _Grid,
    buffered: list[tuple[int, list[Any]]],
    next_number: int,
    headers: list[str],
    notes: list[str],
) -> Iterator[tuple[int, list[Any]]]:
    width = len(headers)
    fills = _all_fills(grid)
    uncached = grid.scan.uncached if grid.scan else set()
    tops: dict[tuple[int, int], Any] = {}
    filled: dict[tuple[int, int], int] = {}
    skipped: list[int] = []

    def rows() -> Iterator[tuple[int, list[Any]]]:
        yield from buffered
        yield from enumerate(grid.rows, start=next_number)

    for number, values in rows():
        cleaned = _clean_row(values[:width])
        if len(cleaned) < width:
            cleaned += [None] * (width - len(cleaned))
        if uncached:
            for column in range(width):
                if (number, column + grid.first_column) in uncached and cleaned[column] is None:
                    cleaned[column] = UNCACHED
        if fills:
            for column, top in fills.get(number, ()):
                if column < width and cleaned[column] is None and (top, column) in tops:
                    cleaned[column] = tops[(top, column)]
                    filled[(top, column)] = number
            for column, top in fills.get(-number, ()):
                if column < width:
                    tops[(top, column)] = cleaned[column]
        if all(v is None for v in cleaned):
            continue
        if _is_summary(cleaned) or cleaned == headers:
            skipped.append(number)
            continue
        yield number, cleaned
    if skipped:
        listed = "、".join(str(n) for n in skipped[:10]) + ("等" if len(skipped) > 10 else "")
        notes.append(f"工作表“{grid.name}”第{listed}行是合计、小计、签名或重复的表头行，已跳过（共{len(skipped)}行）")
    for (top, column), last in filled.items():
        header = headers[column] or f"第{column + 1}列"
        value = tops[(top, column)]
        notes.append(f"工作表“{grid.name}”“{header}”列第{top}—{last}行是合并单元格，已把“{value}”填入每一行")


def _all_fills(grid: _Grid) -> dict[int, list[tuple[int, int]]]:
    """For each Excel row inside a one-column-wide vertical merge: [(column, top row)]; the top row under -row."""
    fills: dict[int, list[tuple[int, int]]] = {}
    for (r0, c0), (r1, c1) in grid.merged:
        if c0 != c1 or r1 <= r0:
            continue
        column, top = c0 - grid.first_column, r0 + 1
        fills.setdefault(-top, []).append((column, top))
        for r in range(top + 1, r1 + 2):
            fills.setdefault(r, []).append((column, top))
    return fills
