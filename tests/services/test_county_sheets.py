"""The sheets county offices really keep (tests/data/county, made by tests/county_sheets.py) import as the clerk
means them, in every format: .xlsx, .xls, .et, .ods, GBK .csv, and a 12345 platform's export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from shuangjian_desktop.domain.enums import Category, NonSubjectArea, ProfitStatus, RequestKind, Source
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.store.models import Community, Institution, Ticket, TicketEvent
from tests.county_sheets import CSV_GBK, FOLDER, HOTLINE, INSTITUTIONS, code

FORMATS = [INSTITUTIONS, "机构台账.xls", "机构台账.et", "机构台账.ods"]


def institutions(workspace: Workspace) -> dict[str, Institution]:
    with workspace.store.read() as uow:
        query = select(Institution).join(Institution.community, isouter=True)
        found = {i.credit_code: i for i in uow.session.scalars(query)}
        for inst in found.values():
            _ = inst.community and inst.community.township.name
        return found


@pytest.mark.parametrize("name", FORMATS)
def test_the_county_workbook_imports_in_every_format(workspace: Workspace, name: str) -> None:
    report = workspace.imports.run("institutions", FOLDER / name, user="李晓燕")
    assert (report.rows, report.inserted) == (24, 24)
    assert report.sheet == "城关镇、新华镇" and report.header_row == 3
    notes = "\n".join(report.notes)
    assert "两行表头" in notes and "合计" in notes and "分类统计" in notes
    assert "“所属乡镇”列第5—16行是合并单元格，已把“城关镇”填入每一行" in notes
    found = institutions(workspace)
    assert set(found) == {code(n) for n in range(1, 25)}
    first, fifth, fourth, sixteenth = found[code(1)], found[code(5)], found[code(4)], found[code(16)]
    # 培训类别 holds 学科 or the area itself
    assert (fifth.category, fifth.area) == (Category.SUBJECT, None)
    assert (first.category, first.area) == (Category.NON_SUBJECT, NonSubjectArea.SPORTS)
    assert first.profit_status is ProfitStatus.FOR_PROFIT and found[code(3)].profit_status is ProfitStatus.NON_PROFIT
    # the merged township reached every institution, with its community
    with workspace.store.read() as uow:
        places = {
            (c.township.name, c.name)
            for c in uow.session.scalars(select(Community).join(Institution, Institution.community_id == Community.id))
        }
        assert ("城关镇", "西街社区") in places and ("新华镇", "河坝社区") in places
        assert (
            uow.session.scalar(select(func.count()).select_from(Institution).where(Institution.community_id.is_(None)))
            == 0
        )
    # 万元, √/×, full-width digits, numbers stored as text, the two-row header's 法定代表人 and 联系电话
    assert first.fund_supervised and not found[code(2)].fund_supervised
    assert fourth.phone == "13800000004" and fourth.legal_rep == "李4"
    assert first.students > 0 and isinstance(first.students, int)
    assert sixteenth.prepaid_balance_cents % 100 == 0 and sixteenth.prepaid_balance_cents >= 0
    assert found[code(5)].note == "已约谈"


def test_the_formats_agree_cell_for_cell(tmp_path: Path) -> None:
    from shuangjian_desktop.settings import Settings

    seen = []
    for index, name in enumerate(FORMATS):
        workspace = Workspace.open(tmp_path / f"{index}.sqlite3", Settings())
        try:
            workspace.imports.run("institutions", FOLDER / name, user="t")
            seen.append(
                sorted(
                    (i.credit_code, i.name, i.category, i.area, i.students, i.prepaid_balance_cents, i.phone)
                    for i in institutions(workspace).values()
                )
            )
        finally:
            workspace.close()
    assert all(rows == seen[0] for rows in seen[1:])


def test_a_wps_csv_in_gbk_without_a_community_column_keeps_the_township(workspace: Workspace) -> None:
    report = workspace.imports.run("institutions", FOLDER / CSV_GBK, user="t")
    assert report.inserted == 20 and "GBK" in "".join(report.notes)
    township = next(m for m in report.mapping if m.field_key == "township")
    assert "写在地址前面" in township.note
    found = institutions(workspace)
    inst = found[code(101)]
    assert inst.name == "示范县第101培训中心" and inst.address == "城关镇人民路101号"
    assert inst.phone == "0833-5500101"
    assert found[code(105)].category is Category.SUBJECT and found[code(105)].area is None


def test_a_12345_export_of_several_hundred_tickets_imports_in_one_go(workspace: Workspace) -> None:
    report = workspace.imports.run("tickets", FOLDER / HOTLINE, user="李晓燕")
    assert (report.rows, report.inserted) == (580, 580)
    assert report.sheet == "2026年10月、2026年11月"
    assert sum("合计、小计" in n for n in report.notes) == 2
    how = {m.header: m.field_key for m in report.mapping}
    assert how["事项分类"] == "category" and how["诉求人"] == "caller_name" and how["办理时限"] == "time_limit_days"
    with workspace.store.read() as uow:
        tickets = {t.number: t for t in uow.session.scalars(select(Ticket))}
        first, second, fourth = tickets["SJ2026000001"], tickets["SJ2026000002"], tickets["SJ2026000004"]
        assert first.source is Source.HOTLINE_12345 and first.request_kind is RequestKind.COMPLAINT
        assert first.category == "refund" and first.subject.startswith("家长反映某艺术培训学校停课后拒绝退费")
        assert len(first.subject) <= 32 and first.caller_phone.startswith("139****")
        assert second.category == "teacher_tutoring" and second.request_kind is RequestKind.CONSULTATION
        assert fourth.category == "safety" and fourth.request_kind is RequestKind.CONSULTATION  # 建议
        assert first.deadline == (first.received_at + dt.timedelta(days=15)).date()
        note = uow.session.scalar(select(TicketEvent.note).where(TicketEvent.ticket_id == first.id))
        assert "承办单位：示范县教育和体育局" in note and "平台分类：教育>校外培训>退费纠纷" in note
        assert tickets["SJ2026000017"].events[0].note.count("紧急程度：紧急") == 1
