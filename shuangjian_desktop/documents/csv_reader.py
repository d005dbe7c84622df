"""Read a .csv (or tab-separated .txt) as Excel and WPS save it: UTF-8 with or without BOM, GBK/GB18030 (the
Chinese Windows default), UTF-16 ("Unicode text"); comma, tab or semicolon separated; ``="0123"`` kept as text."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path

from shuangjian_desktop.documents.xlsx_safety import SpreadsheetRejected

DELIMITERS = (",", "\t", ";", "|")


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name as shown to the clerk)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "UTF-8（带BOM）"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "GBK/GB18030"
    except UnicodeDecodeError:
        raise SpreadsheetRejected(
            "无法识别 CSV 文件的文字编码（既不是 UTF-8 也不是 GBK）；请在 Excel/WPS 中另存为 .xlsx 后导入"
        ) from None


def sniff_delimiter(text: str) -> str:
    lines = [line for line in text[:65536].splitlines()[:30] if line.strip()]
    best, best_count = ",", 0
    for delimiter in DELIMITERS:
        count = sum(line.count(delimiter) for line in lines)
        if count > best_count:
            best, best_count = delimiter, count
    return best


def _unwrap(cell: str) -> str:
    """Excel's ``="00123"`` (a number kept as text) -> ``00123``."""
    if cell.startswith('="') and cell.endswith('"'):
        return cell[2:-1]
    return cell


def read_csv_rows(path: Path) -> tuple[Iterator[list[str]], str]:
    """Rows of cells (strings) and the encoding found."""
    text, encoding = decode(Path(path).read_bytes())
    if "\x00" in text:
        raise SpreadsheetRejected("文件含有二进制内容，不是 CSV 文本表格")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))

    def rows() -> Iterator[list[str]]:
        try:
            for row in reader:
                yield [_unwrap(cell) for cell in row]
        except csv.Error as error:
            raise SpreadsheetRejected(f"CSV 文件格式有误（第{reader.line_num}行：{error}）") from None

    return rows(), encoding
