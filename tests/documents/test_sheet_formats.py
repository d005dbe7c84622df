"""The readers behind the import: .csv in every encoding Excel and WPS save, a sheet's real extent (a far-away empty
cell costs nothing, a far-away value is refused by name instead of aborting the process), formulas without a cached
value, huge cells, encrypted and hostile packages of every kind."""

from __future__ import annotations

import codecs
import io
import time
import zipfile
from pathlib import Path

import pytest

from shuangjian_desktop.documents.xlsx_reader import UNCACHED, TooLong, read_table
from shuangjian_desktop.documents.xlsx_safety import OLE2_MAGIC, SpreadsheetRejected, scan_sheet
from tests.sheets import INSTITUTION_HEADERS, institution_row, replace_member, write_sheet

KNOWN = set(INSTITUTION_HEADERS)
CSV_TEXT = "序号,机构名称,统一社会信用代码\r\n1,示范县启明学校,91510199MA0000001X\r\n"


def known(header: str) -> bool:
    return header in KNOWN


@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        ("UTF-8", CSV_TEXT.encode("utf-8")),
        ("UTF-8（带BOM）", codecs.BOM_UTF8 + CSV_TEXT.encode("utf-8")),
        ("GBK/GB18030", CSV_TEXT.encode("gbk")),
        ("UTF-16", CSV_TEXT.replace(",", "\t").encode("utf-16")),
    ],
    ids=["utf8", "utf8-bom", "gbk", "utf16-tabs"],
)
def test_csv_as_excel_and_wps_save_it(tmp_path: Path, encoding: str, data: bytes) -> None:
    path = tmp_path / "机构.csv"
    path.write_bytes(data)
    table = read_table(path, known)
    assert table.headers == ["序号", "机构名称", "统一社会信用代码"]
    assert table.rows == [(2, ["1", "示范县启明学校", "91510199MA0000001X"])]
    assert f"按 {encoding} 编码读取" in table.notes[0]


def test_csv_keeps_excel_text_numbers_and_quoted_commas(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text('机构名称,联系电话,地址\r\n甲,="013812345678","人民路1号,2楼"\r\n', encoding="utf-8")
    assert read_table(path, known).rows[0][1] == ["甲", "013812345678", "人民路1号,2楼"]


def _far_away(tmp_path: Path, cell: str) -> Path:
    base = write_sheet(tmp_path / "base.xlsx", INSTITUTION_HEADERS, [institution_row(1)])
    with zipfile.ZipFile(base) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    row = "".join(ch for ch in cell if ch.isdigit())
    xml = xml.replace("</sheetData>", f'<row r="{row}">{cell_xml(cell)}</row></sheetData>')
    xml = xml.replace('<dimension ref="A1:J2"/>', '<dimension ref="A1:XFD1048576"/>')
    return replace_member(base, tmp_path / f"far-{cell}.xlsx", "xl/worksheets/sheet1.xml", xml.encode())


def cell_xml(cell: str) -> str:
    return f'<c r="{cell}" s="0"/>' if cell.startswith("XFD") else f'<c r="{cell}" t="inlineStr"><is><t>x</t></is></c>'


def test_a_far_away_empty_cell_costs_nothing(tmp_path: Path) -> None:
    path = _far_away(tmp_path, "XFD1048576")
    assert path.stat().st_size < 10_000
    start = time.perf_counter()
    table = read_table(path, known)
    assert len(table.rows) == 1 and len(table.headers) == len(INSTITUTION_HEADERS)
    assert time.perf_counter() - start < 30  # not a benchmark: openpyxl took tens of minutes here


def test_a_far_away_value_is_refused_by_name_not_a_crash(tmp_path: Path) -> None:
    base = write_sheet(tmp_path / "base.xlsx", INSTITUTION_HEADERS, [institution_row(1)])
    with zipfile.ZipFile(base) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    path = replace_member(
        base,
        tmp_path / "far.xlsx",
        "xl/worksheets/sheet1.xml",
        xml.replace("</sheetData>", far + "</sheetData>").encode(),
    )
    with pytest.raises(SpreadsheetRejected, match="单元格 XFD1048576 有内容"):
        read_table(path, known)


def test_the_extent_scan_sees_cells_written_without_references() -> None:
    xml = (
        b'<sheetData><row r="1"><c><v>1</v></c></row><row r="900000">' + b"<c><v>1</v></c>" * 30 + b"</row></sheetData>"
    )
    with pytest.raises(SpreadsheetRejected, match="900000行"):
        scan_sheet(xml)
    far_empty = b'<row r="5"><c r="B5" t="s"><v>0</v></c></row><row r="1048576"><c r="XFD1048576" s="1"/></row>'
    assert (scan_sheet(far_empty).max_row, scan_sheet(far_empty).max_column) == (5, 2)


def test_formulas_without_cached_values_and_huge_cells_are_marked(tmp_path: Path) -> None:
    base = write_sheet(tmp_path / "base.xlsx", INSTITUTION_HEADERS, [institution_row(1), institution_row(2)])
    with zipfile.ZipFile(base) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    huge = "长" * 40_000
    xml = xml.replace('<c r="J2" t="n"><v>101</v></c>', '<c r="J2"><f>SUM(A1:A2)</f><v></v></c>')
    xml = xml.replace(
        "</sheetData>", f'<row r="9"><c r="B9" t="inlineStr"><is><t>{huge}</t></is></c></row></sheetData>'
    )
    path = replace_member(base, tmp_path / "f.xlsx", "xl/worksheets/sheet1.xml", xml.encode())
    table = read_table(path, known)
    rows = dict(table.rows)
    assert rows[2][9] is UNCACHED
    assert isinstance(rows[9][1], TooLong) and rows[9][1].length == 40_000


def test_an_encrypted_workbook_is_refused(tmp_path: Path) -> None:
    # Office encrypts an .xlsx into an OLE2 container with EncryptionInfo and EncryptedPackage streams
    path = tmp_path / "加密.xlsx"
    path.write_bytes(OLE2_MAGIC + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(1024))
    with pytest.raises(SpreadsheetRejected, match="已加密"):
        read_table(path, known)


def _ods(tmp_path: Path, content: str) -> Path:
    path = tmp_path / "a.ods"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    path.write_bytes(buffer.getvalue())
    return path


ODS_HEAD = (
    '<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
)
ODS_TAIL = "</office:spreadsheet></office:body></office:document-content>"


def test_hostile_ods_is_refused(tmp_path: Path) -> None:
    bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>' + ODS_HEAD[21:] + ODS_TAIL
    with pytest.raises(SpreadsheetRejected, match="不安全"):
        read_table(_ods(tmp_path, bomb), known)
    repeated = (
        ODS_HEAD
        + '<table:table table:name="表1"><table:table-row table:number-rows-repeated="1048576">'
        + '<table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>x</text:p>'
        + "</table:table-cell></table:table-row></table:table>"
        + ODS_TAIL
    )
    with pytest.raises(SpreadsheetRejected, match="1048576行×16384列"):
        read_table(_ods(tmp_path, repeated), known)
