"""Refuse hostile or broken .xlsx files before openpyxl parses them: not a zip, encrypted, zip bombs.

XML bombs and external entities are refused by defusedxml, which openpyxl uses when it is installed; this module
makes sure it is, and turns its errors into a Chinese message.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import defusedxml  # noqa: F401  (openpyxl parses through defusedxml only when it is importable)
from openpyxl.xml import DEFUSEDXML

from shuangjian_desktop.domain.errors import DomainError

MAX_MEMBERS = 10_000
MAX_RATIO = 200
RATIO_FLOOR_BYTES = 2 * 1024 * 1024


class SpreadsheetRejected(DomainError):
    """The file cannot be read as a spreadsheet; the message says why, in Chinese."""


def check_xlsx(path: Path, max_unpacked_bytes: int) -> None:
    """Raise SpreadsheetRejected unless ``path`` looks like a sane .xlsx package."""
    if not DEFUSEDXML:
        raise SpreadsheetRejected("缺少 defusedxml 组件，为安全起见拒绝读取表格")
    path = Path(path)
    if not path.is_file():
        raise SpreadsheetRejected(f"找不到文件“{path}”")
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise SpreadsheetRejected(
            "这是旧版 .xls 文件或加密的表格，请在 Excel/WPS 中“另存为”.xlsx 格式（不设密码）后再导入"
        )
    if not zipfile.is_zipfile(path):
        raise SpreadsheetRejected("不是有效的 .xlsx 文件（文件已损坏，或并非 Excel 表格）")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise SpreadsheetRejected(f"表格文件内含{len(members)}个部件，超出上限，拒绝读取")
            names = {m.filename for m in members}
            if "xl/workbook.xml" not in names:
                raise SpreadsheetRejected("不是有效的 .xlsx 文件（缺少工作簿部件）")
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
    except (zipfile.BadZipFile, NotImplementedError, OSError, ValueError, EOFError) as error:
        # a damaged directory: bad offsets, a zip version or compression method no spreadsheet program writes
        raise SpreadsheetRejected(f"不是有效的 .xlsx 文件（文件已损坏：{type(error).__name__}）") from error
