"""Build .xlsx files for tests the way clerks' sheets really look: title rows, merged cells, stray spaces."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from shuangjian_desktop.domain.credit_code import check_character


def credit_code(n: int) -> str:
    body = f"91510199MA{n:07d}"
    return body + check_character(body)


def write_sheet(
    path: Path,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    titles: Sequence[str] = (),
    merge_titles: bool = True,
) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Sheet1"
    for title in titles:
        sheet.append([title])
        if merge_titles:
            sheet.merge_cells(
                start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=max(len(headers), 2)
            )
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def replace_member(source: Path, target: Path, member: str, data: bytes) -> Path:
    """Copy an .xlsx, swapping one part for ``data``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(item, data if item.filename == member else old.read(item.filename))
    target.write_bytes(buffer.getvalue())
    return target


INSTITUTION_HEADERS = [
    "序号",
    "机构名称",
    "统一社会信用代码",
    "类别",
    "非学科类别",
    "营利性质",
    "乡镇（街道）",
    "社区",
    "联系电话",
    "在训学生数",
]


def institution_row(n: int, **overrides: Any) -> list[Any]:
    values = {
        "序号": n,
        "机构名称": f"示范县第{n}培训学校有限公司",
        "统一社会信用代码": credit_code(n),
        "类别": "非学科类",
        "非学科类别": "体育",
        "营利性质": "营利性",
        "乡镇（街道）": "城关镇",
        "社区": "人民路社区",
        "联系电话": "13812345678",
        "在训学生数": 100 + n,
    }
    values.update(overrides)
    return [values[h] for h in INSTITUTION_HEADERS]
