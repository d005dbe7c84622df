"""Every ledger exports to .xlsx and the export imports back onto the same records (updates, no duplicates)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from shuangjian_desktop.services.exporting import export_ledger, write_import_template
from shuangjian_desktop.services.importing import ImportRejected
from shuangjian_desktop.services.ledgers import LEDGERS
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.store.models import Ticket
from tests.sheets import write_sheet


@pytest.mark.parametrize("ledger", list(LEDGERS))
def test_export_then_reimport_matches_every_record(demo_workspace: Workspace, tmp_path: Path, ledger: str) -> None:
    path = tmp_path / f"{ledger}.xlsx"
    result = export_ledger(demo_workspace.store, ledger, path, user="admin", reveal_personal=True)
    assert result.rows > 0
    sheet = openpyxl.load_workbook(path).active
    assert [c.value for c in sheet[2]] == [c.header for c in LEDGERS[ledger].export_columns()]
    assert sheet.max_row == result.rows + 2
    report = demo_workspace.imports.run(ledger, path, user="李晓燕", dry_run=True)
    assert (report.rows, report.inserted, report.updated) == (result.rows, 0, result.rows)


def test_masked_id_numbers_are_not_exported_and_cannot_be_imported(demo_workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "teachers.xlsx"
    export_ledger(demo_workspace.store, "teachers", path, user="周建华")
    numbers = [row[1] for row in openpyxl.load_workbook(path).active.iter_rows(min_row=3, values_only=True)]
    assert numbers and all("********" in n for n in numbers)
    with pytest.raises(ImportRejected, match="已打码"):
        demo_workspace.imports.run("teachers", path, user="李晓燕")


def test_a_confidential_callers_name_and_phone_never_reach_the_export(
    demo_workspace: Workspace, tmp_path: Path
) -> None:
    with demo_workspace.store.read() as uow:
        secret = uow.session.scalars(select(Ticket).where(Ticket.confidential)).all()
    assert secret
    path = tmp_path / "tickets.xlsx"
    export_ledger(demo_workspace.store, "tickets", path, user="周建华")
    text = "\n".join(str(v) for row in openpyxl.load_workbook(path).active.iter_rows(values_only=True) for v in row)
    for ticket in secret:
        assert ticket.caller_phone not in text
    assert "（保密）" in text


@pytest.mark.parametrize("ledger", list(LEDGERS))
def test_each_template_imports_its_example_row(workspace: Workspace, tmp_path: Path, ledger: str) -> None:
    order = [
        "institutions",
        "people",
        "schools",
        "teachers",
        "status-changes",
        "assignments",
        "tickets",
        "fund_snapshots",
    ]
    for name in order[: order.index(ledger) + 1]:
        write_import_template(name, tmp_path / f"{name}.xlsx")
        assert workspace.imports.run(name, tmp_path / f"{name}.xlsx", user="李晓燕").inserted == 1


def test_ticket_import_computes_working_day_deadlines(workspace: Workspace, tmp_path: Path) -> None:
    headers = ["工单编号", "来源", "受理时间", "诉求类型", "问题类别", "标题"]
    rows = [
        ["A-1", "12345热线", "2026-09-30 10:00", "投诉举报", "退费难", "退费"],
        ["A-2", "来电", "2026-12-30 10:00", "咨询", "其他", "咨询资质"],
    ]
    workspace.imports.run("tickets", write_sheet(tmp_path / "t.xlsx", headers, rows), user="李晓燕")
    with workspace.store.read() as uow:
        tickets = {t.number: t for t in uow.session.scalars(select(Ticket))}
        assert uow.session.scalar(select(func.count()).select_from(Ticket)) == 2
    # 15 working days from 2026-09-30 skip the National Day holiday (10-01..10-07) and count Saturday 10-10:
    # 10-08, 09, 10, 12..16, 19..23, 26, 27.
    assert tickets["A-1"].time_limit_days == 15 and not tickets["A-1"].deadline_provisional
    assert tickets["A-1"].deadline.isoformat() == "2026-10-27"
    # Three working days into 2027, which no official schedule covers yet: marked provisional.
    assert tickets["A-2"].deadline_provisional
