"""Reading clerks' sheets: the header row under title rows, cleaned cells, and hostile files refused."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from shuangjian_desktop.documents.xlsx_reader import normalize_header, read_table
from shuangjian_desktop.documents.xlsx_safety import SpreadsheetRejected
from tests.sheets import INSTITUTION_HEADERS, institution_row, replace_member, write_sheet

KNOWN = {normalize_header(h) for h in INSTITUTION_HEADERS}


def known(header: str) -> bool:
    return header in KNOWN


def test_header_row_is_found_under_merged_title_rows(tmp_path: Path) -> None:
    headers = [f" {h}\u3000" if i % 2 else f"*{h}（必填）" for i, h in enumerate(INSTITUTION_HEADERS)]
    path = write_sheet(
        tmp_path / "a.xlsx",
        headers,
        [institution_row(1), [None] * 10, institution_row(2), ["填表人：李晓燕", None, "审核人：周建华"]],
        titles=["示范县校外培训机构台账", "填报单位：示范县教育和体育局"],
    )
    table = read_table(path, known)
    assert table.header_row == 3
    assert table.headers[:3] == ["序号", "机构名称", "统一社会信用代码"]
    assert [number for number, _ in table.rows] == [4, 6]  # blank row and the signature footer left out


def test_cells_are_cleaned(tmp_path: Path) -> None:
    row = institution_row(1, 机构名称="\u3000示范县  启明\u00a0学校 ")
    table = read_table(write_sheet(tmp_path / "a.xlsx", INSTITUTION_HEADERS, [row]), known)
    assert table.rows[0][1][1] == "示范县 启明 学校"


def test_no_header_row_is_a_clear_message(tmp_path: Path) -> None:
    path = write_sheet(tmp_path / "a.xlsx", ["甲", "乙"], [[1, 2]])
    with pytest.raises(SpreadsheetRejected, match="找不到表头行"):
        read_table(path, known)


def test_too_many_rows_is_refused(tmp_path: Path) -> None:
    path = write_sheet(tmp_path / "a.xlsx", INSTITUTION_HEADERS, [institution_row(i) for i in range(1, 40)])
    with pytest.raises(SpreadsheetRejected, match="超过30行"):
        read_table(path, known, max_rows=30)


@pytest.fixture
def good(tmp_path: Path) -> Path:
    return write_sheet(tmp_path / "good.xlsx", INSTITUTION_HEADERS, [institution_row(1)])


def test_not_a_spreadsheet(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_text("机构名称,统一社会信用代码\n", encoding="utf-8")
    with pytest.raises(SpreadsheetRejected, match="不是有效的表格文件"):
        read_table(path, known)


def test_old_xls_or_encrypted(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    with pytest.raises(SpreadsheetRejected, match="已损坏"):
        read_table(path, known)


def test_truncated_file(good: Path, tmp_path: Path) -> None:
    path = tmp_path / "cut.xlsx"
    path.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(SpreadsheetRejected):
        read_table(path, known)


def test_zip_bomb(good: Path, tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(good) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(item, old.read(item.filename))
        new.writestr("xl/media/padding.bin", b"\0" * (40 * 1024 * 1024))
    with pytest.raises(SpreadsheetRejected, match="压缩"):
        read_table(path, known)


def test_unpacked_size_limit(good: Path) -> None:
    with pytest.raises(SpreadsheetRejected, match="超过0MB"):
        read_table(good, known, max_unpacked_bytes=100)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>"""


@pytest.mark.parametrize("payload", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["xml-bomb", "external-entity"])
@pytest.mark.parametrize("member", ["xl/worksheets/sheet1.xml", "xl/workbook.xml"])
def test_hostile_xml_is_refused(good: Path, tmp_path: Path, payload: bytes, member: str) -> None:
    path = replace_member(good, tmp_path / "evil.xlsx", member, payload)
    with pytest.raises(SpreadsheetRejected, match="不安全"):
        read_table(path, known)
