"""A spreadsheet the program refused is closed at once, not when the garbage collector gets round to it: Windows
locks an open file, so the clerk could not move, delete or save over it from Excel while the program runs. (The
hostile-file proof under Windows found openpyxl leaving refused files open.)"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from shuangjian_desktop.documents.monthly_return_xlsx import read_monthly_return
from shuangjian_desktop.documents.xlsx_reader import normalize_header, read_table
from shuangjian_desktop.documents.xlsx_safety import SpreadsheetRejected
from tests.sheets import INSTITUTION_HEADERS, institution_row, replace_member, write_sheet

KNOWN = {normalize_header(h) for h in INSTITUTION_HEADERS}


def is_open(path: Path) -> bool:
    """Whether this process still holds ``path`` open."""
    if sys.platform == "win32":
        moved = path.with_name(path.stem + "-moved" + path.suffix)
        try:
            path.rename(moved)
        except PermissionError:
            return True
        moved.rename(path)
        return False
    fds = Path("/proc/self/fd")
    if not fds.is_dir():
        pytest.skip("needs Windows or /proc to see open files")
    held = set()
    for fd in fds.iterdir():
        try:
            held.add(str(fd.readlink()))
        except OSError:
            continue
    return str(path) in held


@pytest.fixture
def no_garbage_collection() -> Iterator[None]:
    gc.collect()
    gc.disable()
    yield
    gc.enable()


@pytest.fixture
def broken_workbook(tmp_path: Path) -> Path:
    good = write_sheet(tmp_path / "good.xlsx", INSTITUTION_HEADERS, [institution_row(1)])
    return replace_member(good, tmp_path / "坏表格.xlsx", "xl/workbook.xml", b"<workbook><sheets><sheet")


@pytest.mark.parametrize(
    "read",
    [lambda path: read_table(path, lambda header: header in KNOWN), read_monthly_return],
    ids=["ledger sheet", "county return"],
)
def test_a_refused_workbook_is_closed_at_once(
    broken_workbook: Path, no_garbage_collection: None, read: Callable[[Path], object]
) -> None:
    with pytest.raises(SpreadsheetRejected):
        read(broken_workbook)
    assert not is_open(broken_workbook)


def test_a_sheet_read_in_full_is_closed_too(tmp_path: Path, no_garbage_collection: None) -> None:
    path = write_sheet(tmp_path / "机构台账.xlsx", INSTITUTION_HEADERS, [institution_row(1), institution_row(2)])
    assert len(read_table(path, lambda header: header in KNOWN).rows) == 2
    assert not is_open(path)
