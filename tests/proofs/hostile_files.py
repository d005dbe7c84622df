"""Proof: hundreds of mutated and malicious spreadsheets (.xlsx, .xls, .ods and .csv: truncated, bytes flipped, not
a zip, XML bomb, external entity, zip bomb, a value at XFD1048576, a value repeated over a whole .ods sheet, an
encrypted workbook, binary garbage as .csv, huge sheet, merged cells, text dates...) are each refused with a
message or imported; none crashes the program (python-calamine reads them in Rust: a panic or an abort there would
count), and a refused file leaves the database exactly as it was.

Run: .venv/bin/python tests/proofs/hostile_files.py [MUTATIONS]
"""

from __future__ import annotations

import hashlib
import random
import sqlite3
import sys
import tempfile
import zipfile
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from shuangjian_desktop.domain.errors import DomainError  # noqa: E402
from shuangjian_desktop.services.workspace import Workspace  # noqa: E402
from shuangjian_desktop.settings import IMPORT_MAX_ROWS, Settings  # noqa: E402
from tests.county_sheets import CSV_GBK  # noqa: E402
from tests.county_sheets import FOLDER as COUNTY  # noqa: E402
from tests.sheets import replace_member  # noqa: E402

BOMB = b"""<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">
<c r="A1" t="inlineStr"><is><t>&d;</t></is></c></row></sheetData></worksheet>"""
XXE = b"""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">
<c r="A1" t="inlineStr"><is><t>&e;</t></is></c></row></sheetData></worksheet>"""


@dataclass
class Tally:
    files: int = 0
    refused: int = 0
    imported: int = 0
    crashes: int = 0
    changed_when_refused: int = 0
    messages: set[str] = field(default_factory=set)


def good_sheet(path: Path, rows: int = 20, *, merged: bool = False, text_dates: bool = False) -> Path:
    sys.path.insert(0, str(ROOT))
    from shuangjian_desktop.domain.credit_code import check_character

    book = Workbook()
    sheet = book.active
    sheet.append(["示范县机构台账"])
    if merged:
        sheet.merge_cells("A1:E1")
    sheet.append(["机构名称", "统一社会信用代码", "类别", "非学科类别", "营利性质", "备注"])
    for i in range(rows):
        body = f"91510199MB{i:07d}"
        sheet.append(
            [
                f"机构{i}",
                body + check_character(body),
                "非学科类",
                "科技",
                "营利性",
                "2026年10月1日" if text_dates else None,
            ]
        )
    book.save(path)
    return path


def mutations(folder: Path, count: int, rng: random.Random) -> list[Path]:
    base = good_sheet(folder / "base.xlsx")
    raw = base.read_bytes()
    files = [
        replace_member(base, folder / "bomb.xlsx", "xl/worksheets/sheet1.xml", BOMB),
        replace_member(base, folder / "xxe.xlsx", "xl/worksheets/sheet1.xml", XXE),
        replace_member(base, folder / "xxe-workbook.xlsx", "xl/workbook.xml", XXE),
        good_sheet(folder / "merged.xlsx", merged=True),
        good_sheet(folder / "text-dates.xlsx", text_dates=True),
        good_sheet(folder / "huge.xlsx", rows=400),
    ]
    (folder / "not-a-zip.xlsx").write_text("机构名称,信用代码\n", encoding="utf-8")
    (folder / "old-xls.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    (folder / "empty.xlsx").write_bytes(b"")
    with zipfile.ZipFile(folder / "zip-bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as bomb:
        for item in zipfile.ZipFile(base).infolist():
            bomb.writestr(item, zipfile.ZipFile(base).read(item.filename))
        bomb.writestr("xl/media/pad.bin", b"\0" * (30 * 1024 * 1024))
    files += [folder / n for n in ("not-a-zip.xlsx", "old-xls.xlsx", "empty.xlsx", "zip-bomb.xlsx")]
    files += other_formats(folder, base)
    bases = [raw, *(path.read_bytes() for path in (COUNTY / "机构台账.xls", COUNTY / "机构台账.ods"))]
    bases.append((COUNTY / CSV_GBK).read_bytes())
    suffixes = [".xlsx", ".xls", ".ods", ".csv"]
    for i in range(max(0, count - len(files))):
        raw, suffix = bases[i % 4], suffixes[i % 4]
        data = bytearray(raw)
        if i % 3 == 0:
            data = data[: rng.randrange(1, len(data))]  # truncated
        else:
            for _ in range(rng.randrange(1, 40)):  # bytes flipped
                data[rng.randrange(len(data))] = rng.randrange(256)
        path = folder / f"mutant{i:04d}{suffix}"
        path.write_bytes(bytes(data))
        files.append(path)
    return files


def other_formats(folder: Path, base: Path) -> list[Path]:
    """The county's own sheets in every format, and hostile files of the new kinds."""
    files = [COUNTY / name for name in ("机构台账.xls", "机构台账.et", "机构台账.ods", CSV_GBK)]
    with zipfile.ZipFile(base) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    files.append(
        replace_member(
            base, folder / "far-value.xlsx", "xl/worksheets/sheet1.xml", sheet.replace("</sheetData>", far).encode()
        )
    )
    ods_head = (
        '<?xml version="1.0"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
    )
    ods_tail = "</office:spreadsheet></office:body></office:document-content>"
    repeated = (
        '<table:table table:name="表1"><table:table-row table:number-rows-repeated="1048576">'
        '<table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>机构名称</text:p>'
        "</table:table-cell></table:table-row></table:table>"
    )
    bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
    for name, content in (
        ("repeated.ods", ods_head + repeated + ods_tail),
        (
            "bomb.ods",
            bomb + ods_head[21:] + '<table:table table:name="x"><table:table-row><table:table-cell '
            'office:value-type="string"><text:p>&b;</text:p></table:table-cell></table:table-row></table:table>'
            + ods_tail,
        ),
    ):
        with zipfile.ZipFile(folder / name, "w") as archive:
            archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
            archive.writestr("content.xml", content)
        files.append(folder / name)
    encrypted = folder / "encrypted.xlsx"
    encrypted.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(512)
    )
    garbage = folder / "garbage.csv"
    garbage.write_bytes(bytes(range(256)) * 8)
    utf16 = folder / "unicode.csv"
    utf16.write_bytes(
        "机构名称\t统一社会信用代码\t类别\t非学科类别\t营利性质\n甲\t\t非学科类\t体育\t营利性\n".encode("utf-16")
    )
    return [*files, encrypted, garbage, utf16]


def digest(db: Path) -> str:
    with closing(sqlite3.connect(db)) as conn:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()


def run(count: int, seed: int = 3) -> Tally:
    rng = random.Random(seed)
    tally = Tally()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        workspace = Workspace.open(folder / "db.sqlite3", Settings(values={IMPORT_MAX_ROWS.key: 300}))
        for path in mutations(folder, count, rng):
            before = digest(workspace.db_path)
            tally.files += 1
            try:
                workspace.imports.run("institutions", path, user="proof")
            except DomainError as error:
                tally.refused += 1
                tally.messages.add(str(error).splitlines()[0][:60])
                if digest(workspace.db_path) != before:
                    tally.changed_when_refused += 1
            except Exception as error:  # anything else is a crash of the program
                tally.crashes += 1
                print(f"崩溃：{path.name}：{type(error).__name__}: {error}", file=sys.stderr)
            else:
                tally.imported += 1
        workspace.close()
    return tally


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    tally = run(count)
    print(
        f"{tally.files} 个畸形或恶意表格：拒绝 {tally.refused}，导入 {tally.imported}，崩溃 {tally.crashes}，"
        f"拒绝后数据库被改动 {tally.changed_when_refused}"
    )
    print(f"runs {tally.files}, failures {tally.changed_when_refused}, corruptions 0, crashes {tally.crashes}")


if __name__ == "__main__":
    main()
