"""The monthly return: each figure equals a count made straight from the ledgers for the month, its details are
the rows behind it, the workbook reads back, and a city can add counties' returns together."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from shuangjian_desktop import paths
from shuangjian_desktop.domain.enums import AssignmentKind, ChangeKind, Status
from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.services.monthly_return import build_return, export_monthly_return
from shuangjian_desktop.services.return_merging import merge_returns
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.store.models import (
    Assignment,
    Inspection,
    InspectionAspect,
    InspectionInspector,
    InspectionViolation,
    Institution,
    Notice,
    StatusChange,
    Ticket,
)
from tests.raw import execute

BASELINE = dt.date(2021, 7, 24)


def month_with_changes(workspace: Workspace) -> str:
    with workspace.store.read() as uow:
        day = uow.session.scalar(
            select(StatusChange.effective_on)
            .where(StatusChange.kind == ChangeKind.DEREGISTERED)
            .order_by(StatusChange.effective_on)
        )
    return f"{day:%Y-%m}"


def test_figures_equal_direct_counts(demo_workspace: Workspace) -> None:
    month = month_with_changes(demo_workspace)
    result = build_return(demo_workspace.store, month, BASELINE)
    first, last = result.first, result.last
    start, end = dt.datetime.combine(first, dt.time()), dt.datetime.combine(last + dt.timedelta(days=1), dt.time())
    v = result.values
    with demo_workspace.store.read() as uow:
        s = uow.session

        def count(stmt: object) -> int:
            return s.scalar(select(func.count()).select_from(stmt.subquery())) or 0  # type: ignore[attr-defined]

        assert v["inspections"] == count(
            select(Inspection.id).where(Inspection.started_at >= start, Inspection.started_at < end)
        )
        assert v["inspector_times"] == count(
            select(InspectionInspector.id)
            .join(Inspection)
            .where(Inspection.started_at >= start, Inspection.started_at < end)
        )
        in_month = (Inspection.started_at >= start, Inspection.started_at < end)
        rules = s.execute(
            select(InspectionViolation.inspection_id, InspectionViolation.rule_code).join(Inspection).where(*in_month)
        ).all()
        failed = s.execute(
            select(InspectionAspect.inspection_id, InspectionAspect.aspect)
            .join(Inspection)
            .where(*in_month, InspectionAspect.passed.is_(False))
        ).all()
        aspect_of = {
            r["code"]: r.get("aspect")
            for r in json.loads((paths.catalogues_dir() / "negative_list.json").read_text(encoding="utf-8"))[
                "institution_rules"
            ]
        }
        explained = {(i, aspect_of[code]) for i, code in rules}
        unexplained = [(i, a) for i, a in failed if (i, a) not in explained]
        assert v["problems"] == len(rules) + len(unexplained) > len(rules)  # the demo has aspects no rule explains
        assert v["notices"] == count(select(Notice.id).where(Notice.issued_on.between(first, last)))
        assert v["tickets_received"] == count(
            select(Ticket.id).where(Ticket.received_at >= start, Ticket.received_at < end)
        )
        assert v["tickets_closed"] == count(select(Ticket.id).where(Ticket.closed_at >= start, Ticket.closed_at < end))
        assert v["deregistered_month"] == count(
            select(StatusChange.id).where(
                StatusChange.kind == ChangeKind.DEREGISTERED, StatusChange.effective_on.between(first, last)
            )
        )
        deregistered_after = count(
            select(StatusChange.id).where(
                StatusChange.kind == ChangeKind.DEREGISTERED, StatusChange.effective_on > last
            )
        )
        existing_now = count(
            select(Institution.id).where(Institution.status.in_((Status.OPERATING, Status.SUSPENDED, Status.CONVERTED)))
        )
        assert v["inst_total"] == existing_now + deregistered_after  # still running at that month's end
        staff = count(
            select(Assignment.person_id).where(Assignment.kind == AssignmentKind.STAFF_INSTITUTION).distinct()
        )
        assert v["staff"] == staff == 47
    assert v["inst_total"] == sum(
        v[k] for k in v if k.startswith("inst_") and k not in ("inst_total", "inst_suspended", "inst_unlicensed")
    )
    assert v["reduction_count"] == v["to_non_subject_total"] + v["deregistered_total"] - v["reduction_overlap"]
    assert v["reduction_rate"] == pytest.approx(v["reduction_count"] / v["baseline"], abs=1e-4)
    counted = Counter(d.figure for d in result.details)
    for key, value in v.items():
        if key in counted:
            assert counted[key] == value, key


def test_the_workbook_reads_back_with_its_header_and_layout(demo_workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "月报.xlsx"
    result = export_monthly_return(demo_workspace.store, "2026-10", path, BASELINE, filled_on=dt.date(2026, 11, 5))
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["基本情况", "审批与压减", "日常监管", "投诉举报", "四包落实", "明细", "元数据"]
    assert book["元数据"].sheet_state == "hidden"
    sheet = book["审批与压减"]
    assert sheet["A1"].value == "示范县教育和体育局“双减”工作监管情况月报（2026年10月）"
    assert (
        sheet["A2"].value.startswith("填报单位（盖章）：示范县教育和体育局")
        and sheet["C2"].value == "填报日期：2026-11-05"
    )
    assert "负责人：" in sheet["A3"].value and "联系人及电话：" in sheet["C3"].value
    rows = {r[1]: r[2] for r in sheet.iter_rows(min_row=6, values_only=True)}
    assert rows["压减数（学改非＋注销，每家只计一次）"] == result.values["reduction_count"]
    assert rows["其中学改非后又注销（压减只计一次）"] == result.values["reduction_overlap"]
    rate_row = next(r for r in sheet.iter_rows(min_row=6) if r[1].value == "压减率")
    assert rate_row[2].number_format == "0.00%"
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9  # A4
    assert book["明细"].max_row == len(result.details) + 2  # title and header above the rows


def test_merging_two_counties(demo_workspace: Workspace, tmp_path: Path) -> None:
    one, two = tmp_path / "甲县.xlsx", tmp_path / "乙县.xlsx"
    a = export_monthly_return(demo_workspace.store, "2026-10", one, BASELINE)
    rename_unit(demo_workspace, "乙县教育和体育局")
    export_monthly_return(demo_workspace.store, "2026-10", two, BASELINE)
    total = tmp_path / "汇总.xlsx"
    assert merge_returns([one, two], total).count == 2
    rows = {r[1]: r[2] for r in openpyxl.load_workbook(total)["投诉举报"].iter_rows(min_row=6, values_only=True)}
    assert rows["受理"] == 2 * a.values["tickets_received"]
    expected_rate = a.values["tickets_on_time"] / a.values["tickets_closed"] if a.values["tickets_closed"] else None
    assert rows["按期办结率"] == (pytest.approx(expected_rate, abs=1e-4) if expected_rate is not None else "—")
    september = tmp_path / "九月.xlsx"
    export_monthly_return(demo_workspace.store, "2026-09", september, BASELINE)
    with pytest.raises(DomainError, match=r"“九月\.xlsx”是2026-09的月报"):
        merge_returns([one, september], tmp_path / "x.xlsx")
    stranger = tmp_path / "别的表.xlsx"
    openpyxl.Workbook().save(stranger)
    with pytest.raises(DomainError, match=r"别的表\.xlsx"):
        merge_returns([one, stranger], tmp_path / "y.xlsx")


def rename_unit(workspace: Workspace, name: str) -> None:
    execute(workspace, "UPDATE bureau_profile SET unit_name = :name", name=name)


def test_a_bad_month_is_refused(demo_workspace: Workspace) -> None:
    with pytest.raises(ValueError, match="2026-10 的形式"):
        build_return(demo_workspace.store, "2026年十月", BASELINE)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed on this machine")
def test_libreoffice_opens_the_return_cleanly(demo_workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "return.xlsx"
    export_monthly_return(demo_workspace.store, "2026-10", path, BASELINE)
    # LibreOffice sees only the fonts fontconfig knows: on a machine without a Chinese font, show it the bundled one.
    # Its own profile folder keeps two test runs on one machine from waiting on each other's lock.
    fonts_conf = tmp_path / "fonts.conf"
    fonts_conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<dir>{paths.fonts_dir()}</dir><cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    done = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
        env={**os.environ, "FONTCONFIG_FILE": str(fonts_conf)},
    )
    assert done.returncode == 0, done.stderr
    from pypdf import PdfReader

    text = PdfReader(tmp_path / "return.pdf").pages[1].extract_text()
    assert "压减率" in text and "87.50%" in text
