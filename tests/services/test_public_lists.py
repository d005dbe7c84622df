"""The white and black lists: entering and taking off with reason, date and document number, the history kept,
Institution.blacklisted equal to the list after every path (form, removal, import), and the publication read back
as PDF and XLSX in the form a county posts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pdfplumber
import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from shuangjian_desktop.domain.enums import Status
from shuangjian_desktop.domain.errors import DomainError, RecordRejected
from shuangjian_desktop.domain.public_lists import ListKind
from shuangjian_desktop.services.base.register import Query
from shuangjian_desktop.services.importing import ImportRejected
from shuangjian_desktop.services.institutions.sheet import BLACKLIST_NOTE, RISK_GRADE_NOTE
from shuangjian_desktop.services.lists.publication import publication_data
from shuangjian_desktop.services.lists.service import inconsistent
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.store.models import Institution, ListEntry
from tests.sheets import write_sheet

TODAY = dt.date.today().isoformat()


def _consistent(ws: Workspace) -> None:
    with ws.store.read() as uow:
        assert inconsistent(uow.session) == 0


def _whitelisted(ws: Workspace) -> Institution:
    with ws.store.read() as uow:
        return uow.session.scalars(
            select(Institution).join(ListEntry).where(ListEntry.kind == ListKind.WHITE, ListEntry.removed_on.is_(None))
        ).first()


def test_blacklisting_takes_an_institution_off_the_whitelist_and_removal_keeps_the_history(
    demo_workspace: Workspace,
) -> None:
    ws = demo_workspace
    lists = ws.supervision.lists
    _consistent(ws)
    inst = _whitelisted(ws)
    raw = {**lists.blank(ListKind.BLACK), "institution": inst.name, "reason": "", "doc_number": "示教体〔2026〕50号"}
    with pytest.raises(RecordRejected, match="原因：不能为空"):
        lists.save(None, raw, "李晓燕")
    with pytest.raises(RecordRejected, match="不能晚于今天"):
        lists.save(None, {**raw, "reason": "超时培训", "listed_on": "2099-01-01"}, "李晓燕")
    entry_id = lists.save(None, {**raw, "reason": "多次超时培训，拒不整改"}, "李晓燕")
    with ws.store.read() as uow:
        s = uow.session
        assert s.get(Institution, inst.id).blacklisted
        white = s.scalar(select(ListEntry).where(ListEntry.institution_id == inst.id, ListEntry.kind == ListKind.WHITE))
        assert white.removed_on is not None and white.removal_reason == "列入黑名单（示教体〔2026〕50号）"
    _consistent(ws)
    with pytest.raises(RecordRejected, match="已在黑名单上"):
        lists.save(None, {**raw, "reason": "再次"}, "李晓燕")
    with pytest.raises(RecordRejected, match="在黑名单上，不能列入白名单"):
        lists.save(None, {**lists.blank(ListKind.WHITE), "institution": inst.name, "reason": "年检合格"}, "李晓燕")
    with pytest.raises(RecordRejected, match="不能改为其他机构或名单"):
        lists.save(entry_id, {**raw, "kind": "白名单", "reason": "x"}, "李晓燕")
    with pytest.raises(DomainError, match="不能删除"):
        lists.delete(entry_id, "李晓燕")
    with pytest.raises(RecordRejected, match="移出原因"):
        ws.supervision.remove_entry(entry_id, {"removed_on": TODAY}, "李晓燕")
    ws.supervision.remove_entry(entry_id, {"removed_on": TODAY, "removal_reason": "整改到位，经复查合格"}, "李晓燕")
    with pytest.raises(DomainError, match="已于"):
        ws.supervision.remove_entry(entry_id, {"removed_on": TODAY, "removal_reason": "又一次"}, "李晓燕")
    with ws.store.read() as uow:
        assert not uow.session.get(Institution, inst.id).blacklisted
    _consistent(ws)
    history = lists.page(Query(text=inst.name), 0, 10)
    assert len(history) == 2 and all(row.values[6] for row in history)  # both entries, both with removal dates
    assert {row.values[1] for row in history} == {"黑名单", "白名单"}


def test_whitelisting_is_for_licensed_running_institutions(demo_workspace: Workspace) -> None:
    lists = demo_workspace.supervision.lists
    with demo_workspace.store.read() as uow:
        unlicensed = uow.session.scalars(
            select(Institution).where(Institution.status == Status.UNLICENSED, Institution.blacklisted.is_(False))
        ).first()
    with pytest.raises(RecordRejected, match="状态为“无证机构”，不能列入白名单"):
        lists.save(None, {**lists.blank(ListKind.WHITE), "institution": unlicensed.name, "reason": "x"}, "李晓燕")


def test_the_institution_sheet_enters_blacklisting_on_the_list_and_ignores_typed_grades(
    demo_workspace: Workspace, tmp_path: Path
) -> None:
    ws = demo_workspace
    with ws.store.read() as uow:
        listed = uow.session.scalars(select(Institution).where(Institution.blacklisted.is_(True))).first()
    headers = ["机构名称", "统一社会信用代码", "类别", "营利性质", "状态", "风险等级", "列入黑名单"]
    rows = [["示范县新开张学科培训中心", "", "学科类", "营利性", "无证机构", "A级", "是"]]
    path = write_sheet(tmp_path / "机构.xlsx", headers, rows)
    spec, table = ws.imports.read("institutions", path)
    mapping = ws.imports.propose(spec, table)
    notes = {m.header: m.note for m in mapping}
    assert notes["风险等级"] == RISK_GRADE_NOTE and notes["列入黑名单"] == BLACKLIST_NOTE
    ws.imports.run("institutions", path, user="李晓燕")
    with ws.store.read() as uow:
        new = uow.session.scalar(select(Institution).where(Institution.name == "示范县新开张学科培训中心"))
        assert new.blacklisted and new.risk_grade is None
        entry = uow.session.scalar(select(ListEntry).where(ListEntry.institution_id == new.id))
        assert entry.kind is ListKind.BLACK and entry.listed_by == "李晓燕" and "导入机构台账" in entry.reason
    _consistent(ws)
    unlist = [[listed.name, listed.credit_code or "", "非学科类", "营利性", listed.status.label, "", "否"]]
    headers[2] = "非学科类别"
    unlist[0][2] = listed.area.label if listed.area else "其他"
    with pytest.raises(ImportRejected, match="第2行 列入黑名单：该机构在黑名单上"):
        ws.imports.run("institutions", write_sheet(tmp_path / "unlist.xlsx", headers, unlist), user="李晓燕")
    _consistent(ws)


def test_the_blacklist_as_posted_pdf_and_xlsx(demo_workspace: Workspace, tmp_path: Path) -> None:
    ws = demo_workspace
    desk = ws.supervision
    data = publication_data(ws.store, ListKind.BLACK)
    assert data.title == "示范县校外培训机构黑名单" and data.unit == "示范县教育和体育局"
    pdf = tmp_path / "黑名单.pdf"
    assert desk.publish(ListKind.BLACK, pdf, "周建华") == len(data.rows) == 2
    with pdfplumber.open(pdf) as document:
        page = document.pages[0]
        assert page.width > page.height  # landscape, as counties post wide tables
        text = page.extract_text()
        table = page.extract_tables()[0]
    assert "示范县校外培训机构黑名单" in text and f"共{len(data.rows)}家" in text
    assert "示范县教育和体育局" in text and data.made_on in text and "0833-5550101" in text
    assert [c.replace("\n", "") for c in table[0]] == [
        "序号",
        "机构名称",
        "统一社会信用代码",
        "地址",
        "列入日期",
        "列入原因",
        "文号",
    ]
    assert {row[1].replace("\n", "") for row in table[1:]} == {row[1] for row in data.rows}
    xlsx = tmp_path / "白名单.xlsx"
    white = desk.publish(ListKind.WHITE, xlsx, "周建华")
    sheet = load_workbook(xlsx)["白名单"]
    assert sheet["A1"].value == "示范县校外培训机构白名单" and f"共{white}家" in sheet["A2"].value
    assert [c.value for c in sheet[3]][:4] == ["序号", "机构名称", "统一社会信用代码", "办学许可证号"]
    names = [sheet.cell(row=r, column=2).value for r in range(4, 4 + white)]
    assert all(names) and sheet.cell(row=4 + white, column=2).value is None
    values = [c.value for row in sheet.iter_rows(min_row=4 + white) for c in row if c.value]
    assert "示范县教育和体育局" in values
    past = publication_data(ws.store, ListKind.WHITE, dt.date.today() - dt.timedelta(days=60))
    assert len(past.rows) == white + 1  # the demo took one off the whitelist 25 days ago
    assert desk.publish(ListKind.BLACK, tmp_path / "黑名单.xlsx", "周建华", pdf=True) == 2
    assert (tmp_path / "黑名单.xlsx").read_bytes().startswith(b"%PDF")
