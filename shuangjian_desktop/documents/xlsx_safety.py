"""Refuse hostile or broken spreadsheet files before any reader parses them.

What each kind of file gets before python-calamine (Rust) sees it:
- every file: exists, not larger than the unpacked-size limit, a known container by its first bytes;
- .xlsx / .ods (zip): member count, total unpacked size, compression ratio per member (zip bombs), encrypted members;
  every XML part's prolog is read and a DOCTYPE (entity declarations: XML bombs, external entities) is refused, the
  defusedxml policy; calamine's XML parser would refuse undeclared entities too, this keeps the refusal ours;
- .xlsx: the real extent of each sheet (cells that hold a value; empty formatted cells cost nothing) is measured in
  the XML, because calamine allocates the whole rectangle up to the farthest cell and a stray value at XFD1048576
  would ask for 500 GB and abort the process; formulas without a cached value are listed for row errors;
- .xls / .et (OLE2): an encrypted .xlsx (an OLE2 "EncryptedPackage") is refused; BIFF cells are bounded by the
  format (65,536 x 256).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from shuangjian_desktop.documents.ods_scan import OdsSheet, scan_ods
from shuangjian_desktop.domain.errors import DomainError

MAX_MEMBERS = 10_000
MAX_RATIO = 200
RATIO_FLOOR_BYTES = 2 * 1024 * 1024
MAX_CELLS = 20_000_000
"""The rectangle calamine may allocate for one sheet (about 32 bytes a cell)."""
PROLOG_BYTES = 64 * 1024
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"

_VALUE_CELL = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"(?:[^>]*[^/>])?>')
_UNCACHED = re.compile(
    rb'<c r="([A-Z]{1,3})(\d{1,7})"[^>/]*>\s*<f\b[^>]*(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>'
)
_ROOT = re.compile(rb"<[A-Za-z_]")
_ROW_NUMBER = re.compile(rb'<row r="(\d{1,7})"')
_THREE_LETTERS = re.compile(rb'<c r="[A-Z]{3}')
_TWO_LETTERS = re.compile(rb'<c r="[A-Z]{2}')


class SpreadsheetRejected(DomainError):
    """The file cannot be read as a spreadsheet; the message says why, in Chinese."""


@dataclass
class SheetScan:
    """What the XML of one .xlsx sheet holds: its value-bearing extent and formulas lacking a cached value."""

    max_row: int = 0
    max_column: int = 0
    farthest: str = ""
    uncached: set[tuple[int, int]] = field(default_factory=set)
    """(Excel row, 0-based column) of formulas Excel/WPS never calculated."""


@dataclass
class PackageInfo:
    kind: str
    """"xlsx", "ods", "ole2" (.xls/.et) or "text" (.csv/.txt)."""
    sheets: dict[str, SheetScan] = field(default_factory=dict)
    """For .xlsx: the scan of each worksheet part, by its part name."""
    ods: dict[str, OdsSheet] = field(default_factory=dict)
    """For .ods: merged cells and extent of each sheet, by sheet name."""


def column_number(letters: bytes | str) -> int:
    """A1-style column letters -> 1-based number (A=1, XFD=16384)."""
    number = 0
    for ch in letters if isinstance(letters, str) else letters.decode("ascii"):
        number = number * 26 + ord(ch) - 64
    return number


def check_spreadsheet(path: Path, max_unpacked_bytes: int) -> PackageInfo:
    """Raise SpreadsheetRejected unless ``path`` is a sane spreadsheet; say what kind it is."""
    path = Path(path)
    if not path.is_file():
        raise SpreadsheetRejected(f"找不到文件“{path}”")
    size = path.stat().st_size
    if size == 0:
        raise SpreadsheetRejected("文件是空的（0字节），不是表格")
    if size > max_unpacked_bytes:
        raise SpreadsheetRejected(f"文件超过{max_unpacked_bytes // (1024 * 1024)}MB，超出上限，请拆分后导入")
    with path.open("rb") as handle:
        head = handle.read(8)
    suffix = path.suffix.lower()
    if head.startswith(OLE2_MAGIC):
        _check_ole2(path)
        return PackageInfo("ole2")
    if head.startswith(b"PK"):
        return _check_zip(path, max_unpacked_bytes)
    if suffix in (".csv", ".txt", ".tsv"):
        return PackageInfo("text")
    if head.startswith(OLE2_MAGIC[:4]):
        raise SpreadsheetRejected("文件已损坏（旧版 Excel 文件头不完整）")
    raise SpreadsheetRejected(
        "不是有效的表格文件（文件已损坏，或并非 Excel/WPS 表格）；支持 .xlsx、.xls、.et、.ods 和 .csv"
    )


def check_xlsx(path: Path, max_unpacked_bytes: int) -> PackageInfo:
    """For readers that parse with openpyxl (the monthly return): an .xlsx only, and defusedxml in place."""
    from openpyxl.xml import DEFUSEDXML

    if not DEFUSEDXML:
        raise SpreadsheetRejected("缺少 defusedxml 组件，为安全起见拒绝读取表格")
    info = check_spreadsheet(path, max_unpacked_bytes)
    if info.kind != "xlsx":
        raise SpreadsheetRejected("不是有效的 .xlsx 文件，请在 Excel/WPS 中“另存为”.xlsx 格式后再试")
    return info


def _check_ole2(path: Path) -> None:
    data = path.read_bytes()
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        raise SpreadsheetRejected("表格已加密（设置了打开密码），请在 Excel/WPS 中取消密码后再导入")
    if not _sane_compound_file(data):
        raise SpreadsheetRejected("表格文件已损坏（旧版 Excel/WPS 文件结构不完整，可能下载或复制不全）")


FREE_SECTORS = frozenset({0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFC})


def _sane_compound_file(data: bytes) -> bool:
    """The compound-file header of an .xls/.et points inside the file (a truncated copy does not): checked here
    so that calamine's reader does not meet it (it panics on such files)."""
    if len(data) < 1024:
        return False
    shift = int.from_bytes(data[30:32], "little")
    if shift not in (9, 12):
        return False
    size = 1 << shift
    sectors = (len(data) - 512) // size
    fat_count = int.from_bytes(data[44:48], "little")
    directory = int.from_bytes(data[48:52], "little")
    if directory in FREE_SECTORS or directory >= sectors or fat_count == 0 or fat_count > sectors:
        return False
    for offset in range(76, 76 + 4 * min(fat_count, 109), 4):
        sector = int.from_bytes(data[offset : offset + 4], "little")
        if sector not in FREE_SECTORS and sector >= sectors:
            return False
    return True


def _check_zip(path: Path, max_unpacked_bytes: int) -> PackageInfo:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise SpreadsheetRejected(f"表格文件内含{len(members)}个部件，超出上限，拒绝读取")
            names = {m.filename for m in members}
            if "xl/workbook.xml" in names:
                info = PackageInfo("xlsx")
            elif "content.xml" in names and (
                "mimetype" not in names or archive.read("mimetype")[:100].strip() == ODS_MIME
            ):
                info = PackageInfo("ods")
            elif "EncryptedPackage" in names:
                raise SpreadsheetRejected("表格已加密，请取消密码后再导入")
            else:
                raise SpreadsheetRejected("不是有效的表格文件（缺少工作簿部件）")
            total = 0
            for member in members:
                if member.flag_bits & 0x1:
                    raise SpreadsheetRejected("表格已加密，请取消密码后再导入")
                total += member.file_size
                if member.file_size > RATIO_FLOOR_BYTES and member.file_size > MAX_RATIO * max(member.compress_size, 1):
                    raise SpreadsheetRejected("表格文件压缩比异常（疑似“压缩炸弹”），拒绝读取")
            if total > max_unpacked_bytes:
                mb = max_unpacked_bytes // (1024 * 1024)
                raise SpreadsheetRejected(f"表格解压后超过{mb}MB，超出上限，请拆分后导入")
            for member in members:
                if member.filename.endswith((".xml", ".rels")):
                    _check_prolog(archive, member)
            if info.kind == "ods":
                for sheet in scan_ods(archive.read("content.xml")):
                    if sheet.max_row * sheet.max_column > MAX_CELLS:
                        raise SpreadsheetRejected(
                            f"工作表“{sheet.name}”有内容的单元格远离表格数据（整张表将达{sheet.max_row}行×"
                            f"{sheet.max_column}列）：请删除多余的行和列后再导入"
                        )
                    info.ods[sheet.name] = sheet
            if info.kind == "xlsx":
                for member in members:
                    if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml"):
                        info.sheets[member.filename] = scan_sheet(archive.read(member))
            return info
    except SpreadsheetRejected:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, ValueError, EOFError) as error:
        # a damaged directory or stream: bad offsets, CRC, a zip version or compression method no program writes
        raise SpreadsheetRejected(f"不是有效的表格文件（文件已损坏：{type(error).__name__}）") from error
    except Exception as error:  # zlib.error and whatever else a damaged deflate stream raises
        raise SpreadsheetRejected("不是有效的表格文件（文件已损坏：压缩数据不完整）") from error


def _check_prolog(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """Read up to the root element: no DOCTYPE (so no entity declarations) may come before it."""
    with archive.open(member) as stream:
        head = stream.read(PROLOG_BYTES)
    root = _ROOT.search(head)
    prolog = head if root is None else head[: root.start()]
    if b"<!DOCTYPE" in prolog.upper() or b"<!ENTITY" in prolog.upper():
        raise SpreadsheetRejected(
            f"表格内容含有不安全或损坏的 XML，拒绝读取（{member.filename} 含文档类型声明 DOCTYPE/ENTITY）"
        )
    if root is None and len(head) >= PROLOG_BYTES:
        raise SpreadsheetRejected(f"表格内容含有不安全或损坏的 XML，拒绝读取（{member.filename} 开头异常）")


def scan_sheet(xml: bytes) -> SheetScan:
    """The farthest cell holding a value and the formulas without a cached value, from a worksheet's XML.

    Cells written without an ``r`` reference (allowed, rare) are placed as calamine places them: after the previous
    cell of the row. Empty formatted cells (``<c r="XFD1048576" s="3"/>``) do not count.
    """
    scan = SheetScan()
    if b"<f" in xml:
        for match in _UNCACHED.finditer(xml):
            scan.uncached.add((int(match.group(2)), column_number(match.group(1)) - 1))
    if _upper_bound(xml) <= MAX_CELLS:
        return scan  # even counting empty formatted cells the sheet is small: no need to find its exact extent
    plain = xml.count(b'<c r="')
    every = xml.count(b"<c ") + xml.count(b"<c>")
    if plain == every and b":c " not in xml and b":row " not in xml:
        cells = _VALUE_CELL.findall(xml)
        if cells:
            scan.max_column = max(map(column_number, {letters for letters, _ in cells}))
            scan.max_row = max(map(int, {row for _, row in cells}))
            far = next(
                (letters, row)
                for letters, row in reversed(cells)
                if int(row) == scan.max_row or column_number(letters) == scan.max_column
            )
            scan.farthest = (far[0] + far[1]).decode()
    else:
        _scan_slowly(xml, scan)
    if scan.max_row * scan.max_column > MAX_CELLS:
        raise SpreadsheetRejected(
            f"单元格 {scan.farthest} 有内容，离表格数据很远（整张表将达{scan.max_row}行×{scan.max_column}列）："
            "请删除这个单元格（或整行整列）后再导入"
        )
    return scan


def _upper_bound(xml: bytes) -> int:
    """Rows x columns the sheet could span at most, from its row numbers and the widest column reference (empty
    cells included), in two quick passes; anything unusual (cells without references, prefixes) gives no bound."""
    if xml.count(b'<c r="') != xml.count(b"<c ") + xml.count(b"<c>") or b":c " in xml or b":row " in xml:
        return MAX_CELLS + 1
    rows = _ROW_NUMBER.findall(xml)
    last_row = max(map(int, rows)) if rows else 0
    if len(rows) != xml.count(b"<row "):
        return MAX_CELLS + 1
    if _THREE_LETTERS.search(xml):
        return last_row * 16_384
    if _TWO_LETTERS.search(xml):
        return last_row * 702
    return last_row * 26


def _scan_slowly(xml: bytes, scan: SheetScan) -> None:
    """Cells without ``r`` or with namespace prefixes: walk rows and cells in order, as calamine does."""
    token = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)\b([^>]*)>")
    ref = re.compile(rb'\br="([A-Z]{0,3})(\d*)"')
    row = 0
    column = 0
    for match in token.finditer(xml):
        tag, attributes = match.group(1), match.group(2)
        found = ref.search(attributes)
        if tag == b"row":
            row = int(found.group(2)) if found and found.group(2) else row + 1
            column = 0
            continue
        column = column_number(found.group(1)) if found and found.group(1) else column + 1
        if attributes.endswith(b"/"):
            continue
        if column > scan.max_column:
            scan.max_column = column
        if row > scan.max_row:
            scan.max_row = row
        scan.farthest = f"第{row}行第{column}列"
