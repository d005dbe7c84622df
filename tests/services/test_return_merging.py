"""A city's summary adds the figures each county signed (the visible ones), names the figures changed by hand,
refuses the same unit twice and writes a proper header; a return for an unfinished month says so; 明细 prints."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.services.monthly_return import export_monthly_return, month_warning
from shuangjian_desktop.services.return_merging import merge_returns
from shuangjian_desktop.services.workspace import Workspace
from tests.raw import execute

BASELINE = dt.date(2021, 7, 24)


def county(workspace: Workspace, folder: Path, unit: str) -> Path:
    execute(workspace, "UPDATE bureau_profile SET unit_name = :unit", unit=unit)
    path = folder / f"{unit}.xlsx"
    export_monthly_return(workspace.store, "2026-10", path, BASELINE, today=dt.date(2026, 11, 20))
    return path


def figure(path: Path, sheet: str, label: str) -> object:
    rows = {r[1]: r[2] for r in openpyxl.load_workbook(path)[sheet].iter_rows(min_row=6, values_only=True)}
    return rows[label]


def test_visible_figures_are_added_and_hand_changes_named(demo_workspace: Workspace, tmp_path: Path) -> None:
    one = county(demo_workspace, tmp_path, "甲县教育和体育局")
    two = county(demo_workspace, tmp_path, "乙县教育和体育局")
    received = figure(one, "投诉举报", "受理")
    book = openpyxl.load_workbook(two)
    row = next(r for r in book["投诉举报"].iter_rows(min_row=6) if r[1].value == "受理")
    row[2].value = int(received) + 5  # the county corrected its figure by hand before signing
    book.save(two)
    merged = merge_returns([one, two], tmp_path / "汇总.xlsx", filled_on=dt.date(2026, 11, 21))
    assert figure(tmp_path / "汇总.xlsx", "投诉举报", "受理") == 2 * int(received) + 5
    assert merged.count == 2 and merged.units == ["甲县教育和体育局", "乙县教育和体育局"]
    assert merged.changed == [f"“乙县教育和体育局.xlsx”投诉举报“受理”：导出时{received}，现为{int(received) + 5}"]
    assert "以下数字与导出时不同" in merged.summary(tmp_path / "汇总.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "汇总.xlsx")["基本情况"]
    assert sheet["A1"].value == "“双减”工作监管情况月报汇总表（2026年10月）"
    assert sheet["A2"].value == "汇总范围：2个单位（甲县教育和体育局、乙县教育和体育局）"
    assert sheet["C2"].value == "汇总日期：2026-11-21"


def test_the_same_unit_twice_is_refused(demo_workspace: Workspace, tmp_path: Path) -> None:
    one = county(demo_workspace, tmp_path, "甲县教育和体育局")
    copy = tmp_path / "甲县（再次上报）.xlsx"
    copy.write_bytes(one.read_bytes())
    with pytest.raises(DomainError, match=r"“甲县（再次上报）\.xlsx”与“甲县教育和体育局\.xlsx”是同一单位"):
        merge_returns([one, copy], tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()


def test_a_figure_that_is_not_a_number_is_named(demo_workspace: Workspace, tmp_path: Path) -> None:
    one = county(demo_workspace, tmp_path, "甲县教育和体育局")
    two = county(demo_workspace, tmp_path, "乙县教育和体育局")
    book = openpyxl.load_workbook(two)
    next(r for r in book["日常监管"].iter_rows(min_row=6) if r[2].value is not None)[2].value = "十二"
    book.save(two)
    with pytest.raises(DomainError, match=r"“乙县教育和体育局\.xlsx”的“日常监管”表.*不是数字：十二"):
        merge_returns([one, two], tmp_path / "y.xlsx")


def test_unfinished_and_future_months_warn(demo_workspace: Workspace, tmp_path: Path) -> None:
    today = dt.date(2026, 11, 20)
    assert month_warning("2026-10", today) == ""
    assert "尚未结束" in month_warning("2026-11", today) and "尚未开始" in month_warning("2026-12", today)
    path = tmp_path / "十一月.xlsx"
    result = export_monthly_return(demo_workspace.store, "2026-11", path, BASELINE, today=today)
    assert "2026-11尚未结束：表中数据截至2026-11-20" in result.warning
    assert result.last == today
    assert "尚未结束" in openpyxl.load_workbook(path)["基本情况"]["A4"].value


def test_details_print_with_title_header_and_page_numbers(demo_workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "月报.xlsx"
    result = export_monthly_return(demo_workspace.store, "2026-10", path, BASELINE, today=dt.date(2026, 11, 20))
    sheet = openpyxl.load_workbook(path)["明细"]
    assert sheet["A1"].value.startswith("示范县教育和体育局“双减”工作监管情况月报（2026年10月）明细")
    assert [c.value for c in sheet[2]] == ["指标", "记录类型", "记录", "日期"]
    assert sheet.print_title_rows == "$2:$2" and sheet.oddFooter.center.text == "第 &P 页，共 &N 页"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
    inspectors = [r[2] for r in sheet.iter_rows(min_row=3, values_only=True) if r[1] == "检查人次"]
    assert inspectors and not any("号人员" in text for text in inspectors)
    assert len(inspectors) == result.values["inspector_times"]
