"""Writing tables: Chinese headers, frozen header row, fitted widths, text that never runs as a formula."""

from __future__ import annotations

import datetime as dt
import errno
import zipfile
from pathlib import Path
from typing import BinaryIO

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shuangjian_desktop.atomicfile import FileWriteError
from shuangjian_desktop.documents.xlsx_writer import ColumnSpec, write_table, write_template

HOSTILE = ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1", '=HYPERLINK("http://x","点我")']


def _write(path: Path, rows: list[list[object]]) -> Path:
    columns = [ColumnSpec("机构名称", required=True), ColumnSpec("备注"), ColumnSpec("日期")]
    return write_table(path, sheet_title="机构台账", title="示范县机构台账", columns=columns, rows=rows)


def test_hostile_strings_are_kept_as_text(tmp_path: Path) -> None:
    path = _write(tmp_path / "out.xlsx", [[s, s, None] for s in HOSTILE])
    with zipfile.ZipFile(path) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml
    sheet = openpyxl.load_workbook(path).active
    for row, text in enumerate(HOSTILE, start=3):
        cell = sheet.cell(row=row, column=1)
        assert cell.data_type == "s" and cell.value == text.replace("\r", "\n")
        assert cell.quotePrefix


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30), min_size=1, max_size=5))
def test_any_text_round_trips_and_never_becomes_a_formula(tmp_path: Path, texts: list[str]) -> None:
    prefixed = [p + t for p, t in zip(["=", "+", "-", "@", ""] * 2, texts, strict=False)]
    path = _write(tmp_path / "prop.xlsx", [[t, None, None] for t in prefixed])
    sheet = openpyxl.load_workbook(path).active
    for row, text in enumerate(prefixed, start=3):
        cell = sheet.cell(row=row, column=1)
        assert cell.data_type != "f"
        assert (cell.value or "") == text


def test_layout_header_frozen_widths_dates(tmp_path: Path) -> None:
    path = _write(tmp_path / "out.xlsx", [["示范县启明文化艺术培训学校有限公司", "短", dt.date(2026, 10, 1)]])
    sheet = openpyxl.load_workbook(path).active
    assert sheet.title == "机构台账"
    assert sheet["A1"].value == "示范县机构台账"
    assert [c.value for c in sheet[2]] == ["机构名称", "备注", "日期"]
    assert sheet.freeze_panes == "A3"
    assert sheet.column_dimensions["A"].width >= 34  # fits the long Chinese name (2 units per character)
    assert sheet.column_dimensions["B"].width < sheet.column_dimensions["A"].width
    assert sheet["C3"].value == dt.datetime(2026, 10, 1) and sheet["C3"].number_format == "yyyy-mm-dd"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == "$2:$2"


def test_a_full_disk_mid_write_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path / "out.xlsx", [["旧内容", None, None]])
    before = path.read_bytes()

    def save_half_then_fail(self: openpyxl.Workbook, handle: BinaryIO) -> None:
        for sheet in self.worksheets:
            sheet.close()  # finish the write-only sheet as a real save would
        handle.write(b"PK\x03\x04 half a file")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(openpyxl.Workbook, "save", save_half_then_fail)
    with pytest.raises(FileWriteError, match="磁盘空间不足"):
        _write(path, [["新内容", None, None]])
    assert path.read_bytes() == before
    assert list(tmp_path.iterdir()) == [path]


def test_writing_into_a_missing_folder_says_so(tmp_path: Path) -> None:
    with pytest.raises(FileWriteError, match="无法写入"):
        _write(tmp_path / "no" / "such" / "out.xlsx", [])


def test_template_has_dropdowns_and_a_guide(tmp_path: Path) -> None:
    columns = [ColumnSpec("机构名称", required=True, help="全称"), ColumnSpec("类别", True, ("学科类", "非学科类"))]
    path = write_template(
        tmp_path / "t.xlsx", title="机构台账导入模板", columns=columns, example=["示范县某学校", "学科类"]
    )
    book = openpyxl.load_workbook(path)
    sheet = book["机构台账导入模板"]
    assert [c.value for c in sheet[2]] == ["机构名称", "类别"]
    assert sheet["A2"].font.color.rgb.endswith("C00000")
    formulas = [dv.formula1 for dv in sheet.data_validations.dataValidation]
    assert '"学科类,非学科类"' in formulas
    guide = book["填写说明"]
    assert guide["A2"].value == "机构名称" and guide["B2"].value == "必填"
