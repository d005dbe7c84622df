"""Special campaigns and joint enforcement: made and checked, counted per campaign and per department, read back
from their report workbook, drafted for the break ahead with the subject institutions to patrol on 首页, and told
in the supervision report; the partner-department catalogue and the county's vacations."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from shuangjian_desktop import settings as opts
from shuangjian_desktop.domain.access import Action, NotPermitted
from shuangjian_desktop.domain.campaigns import CampaignKind
from shuangjian_desktop.domain.enums import Category, InspectionResult, Method, Status
from shuangjian_desktop.domain.errors import DomainError, RecordRejected
from shuangjian_desktop.services.campaigns.patrol import patrol_parts
from shuangjian_desktop.services.campaigns.service import CampaignInput
from shuangjian_desktop.services.inspections.service import InspectionInput
from shuangjian_desktop.services.supervision_report import make_report
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.store.models import (
    AuditEntry,
    Campaign,
    Inspection,
    InspectionDepartment,
    Institution,
    PartnerDepartment,
    Person,
    Vacation,
)

CLERK = "李晓燕"


def department(ws: Workspace, name: str) -> int:
    with ws.store.read() as uow:
        return uow.session.scalar(select(PartnerDepartment.id).where(PartnerDepartment.name == name))


def campaign_named(ws: Workspace, name: str) -> Campaign:
    with ws.store.read() as uow:
        return uow.session.scalar(select(Campaign).where(Campaign.name == name))


def test_the_demo_campaigns_count_what_their_inspections_found(demo_workspace: Workspace) -> None:
    summer = campaign_named(demo_workspace, "2026年暑期校外培训专项治理行动")
    figures = demo_workspace.campaigns.figures(summer.id)
    with demo_workspace.store.read() as uow:
        s = uow.session
        inspections = list(s.scalars(select(Inspection).where(Inspection.campaign_id == summer.id)))
        joint = s.execute(
            select(PartnerDepartment.name, func.count())
            .join(InspectionDepartment)
            .join(Inspection)
            .where(Inspection.campaign_id == summer.id)
            .group_by(PartnerDepartment.name)
        ).all()
    assert figures.inspections == len(inspections) > 10
    assert figures.joint == sum(1 for i in inspections if i.method is Method.JOINT) > 0
    assert {d.name: d.joint for d in figures.by_department if d.joint} == dict(joint)
    assert figures.departments == ["市场监管局", "公安局", "消防救援大队", "民政局"]
    assert figures.problems == sum(line.problems for line in figures.lines) > 0
    assert [line.started_at for line in figures.lines] == sorted(i.started_at for i in inspections)
    assert dict(figures.rows())["检查（家次）"] == figures.inspections


def test_a_campaign_is_checked_before_it_is_saved(demo_workspace: Workspace) -> None:
    service = demo_workspace.campaigns
    market = department(demo_workspace, "市场监管局")
    data = CampaignInput("2026年冬季安全专项检查", "other", dt.date(2026, 11, 1), dt.date(2026, 10, 1), [market])
    with pytest.raises(RecordRejected, match="结束日期不能早于开始日期"):
        service.save(None, data, CLERK)
    with pytest.raises(RecordRejected, match="已有同名"):
        service.save(
            None,
            CampaignInput("2026年暑期校外培训专项治理行动", "other", dt.date(2026, 11, 1), dt.date(2026, 11, 30)),
            CLERK,
        )
    with pytest.raises(NotPermitted):
        service.save(None, CampaignInput("领导不能建", "other", dt.date(2026, 11, 1), dt.date(2026, 11, 30)), "周建华")
    made = service.save(
        None, CampaignInput(data.name, "other", dt.date(2026, 11, 1), dt.date(2026, 11, 30), [market]), CLERK
    )
    loaded = service.load(made)
    assert loaded.kind is CampaignKind.OTHER and loaded.department_ids == [market]
    # an inspection in it, joint with the police; then the period cannot be cut to leave it out
    with demo_workspace.store.read() as uow:
        inst = uow.session.scalar(select(Institution.id).where(Institution.status == Status.OPERATING))
        people = list(uow.session.scalars(select(Person.id).limit(1)))
    police = department(demo_workspace, "公安局")
    joint = InspectionInput(
        inst,
        dt.datetime(2026, 11, 15, 10),
        Method.JOINT,
        people,
        InspectionResult.PASSED,
        campaign_id=made,
        department_ids=[],
    )
    with pytest.raises(RecordRejected, match="联合检查须选择参加的成员单位"):
        demo_workspace.inspections.record(joint, CLERK)
    joint.department_ids = [police]
    outside = InspectionInput(**{**joint.__dict__, "started_at": dt.datetime(2026, 10, 15, 10)})
    with pytest.raises(RecordRejected, match="检查日期不在"):
        demo_workspace.inspections.record(outside, CLERK)
    demo_workspace.inspections.record(joint, CLERK)
    with pytest.raises(RecordRejected, match="已有1次检查不在新的起止日期内"):
        service.save(made, CampaignInput(data.name, "other", dt.date(2026, 11, 20), dt.date(2026, 11, 30)), CLERK)
    figures = service.figures(made)
    assert (figures.inspections, figures.joint) == (1, 1)
    assert [(d.name, d.joint) for d in figures.by_department] == [("市场监管局", 0), ("公安局", 1)]
    with pytest.raises(DomainError, match="已有1条检查记录，不能删除"):
        demo_workspace.registers.campaigns.delete(made, CLERK)
    # the catalogue: the police took part, so they are retired rather than deleted
    with pytest.raises(DomainError, match="不再参加的，请把“在用”改为“否”"):
        demo_workspace.registers.departments.delete(police, CLERK)
    new = demo_workspace.registers.departments.save(None, {"name": "应急管理局"}, CLERK)
    assert new in [i for i, _n in demo_workspace.inspections.departments()]
    demo_workspace.registers.departments.save(new, {"name": "应急管理局", "active": "否"}, CLERK)
    assert new not in [i for i, _n in demo_workspace.inspections.departments()]
    assert new in [i for i, _n in demo_workspace.inspections.departments(keep=[new])]


def test_the_report_workbook_reads_back(demo_workspace: Workspace, tmp_path: Path) -> None:
    summer = campaign_named(demo_workspace, "2026年暑期校外培训专项治理行动")
    path = tmp_path / "暑期专项行动.xlsx"
    figures = demo_workspace.campaigns.export_report(summer.id, path, "周建华")  # a leader may export
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["概况", "成员单位", "检查明细"]
    overview = {r[0]: r[1] for r in book["概况"].iter_rows(values_only=True) if r[0]}
    assert overview["专项行动"] == summer.name and overview["检查（家次）"] == figures.inspections
    assert overview["成员单位"] == "市场监管局、公安局、消防救援大队、民政局"
    details = list(book["检查明细"].iter_rows(min_row=3, values_only=True))
    assert len(details) == len(figures.lines) and isinstance(details[0][0], dt.datetime)
    departments = list(book["成员单位"].iter_rows(min_row=3, values_only=True))
    assert [r[0] for r in departments][:4] == figures.departments
    assert book["检查明细"].page_setup.orientation == "landscape"
    with demo_workspace.store.read() as uow:
        assert uow.session.scalar(select(AuditEntry).where(AuditEntry.summary.like("导出专项行动报告%")))


def test_home_lists_the_subject_institutions_to_patrol_before_a_break(demo_workspace: Workspace) -> None:
    today = dt.date(2026, 9, 28)  # 国庆节 ahead (中秋节 is over); nobody planned it yet in this copy
    with demo_workspace.store.write(CLERK, Action.EDIT_LEDGERS) as uow:
        national = uow.session.scalar(select(Campaign).where(Campaign.kind == CampaignKind.HOLIDAY))
        for i in uow.session.scalars(select(Inspection).where(Inspection.campaign_id == national.id)):
            i.campaign_id = None
        uow.session.delete(national)
        uow.commit()
    service = demo_workspace.campaigns
    due = service.due(today)
    assert due is not None and due.brk.name == "国庆节" and not due.campaign
    parts = patrol_parts(demo_workspace.store, demo_workspace.settings, today)
    with demo_workspace.store.read() as uow:
        items = [item for part in parts for item in part.page(uow.session, 0, 100)]
        subject = set(
            uow.session.scalars(
                select(Institution.name).where(
                    Institution.category == Category.SUBJECT,
                    Institution.status.in_((Status.OPERATING, Status.SUSPENDED, Status.UNLICENSED)),
                )
            )
        )
        seen = set(
            uow.session.scalars(
                select(Institution.name)
                .join(Inspection, Inspection.institution_id == Institution.id)
                .where(Inspection.started_at >= dt.datetime.combine(due.window.first, dt.time()))
            )
        )
    assert items[0].target == "campaigns:draft" and "国庆节" in items[0].subject
    assert {i.subject for i in items[1:]} == subject - seen
    draft = service.draft(due)
    assert draft.name == "2026年国庆节校外培训专项治理行动" and draft.kind is CampaignKind.HOLIDAY
    assert (draft.starts_on, draft.ends_on) == (due.window.first, dt.date(2026, 10, 7))
    assert draft.department_ids  # the last campaign's departments
    service.save(None, draft, CLERK)
    again = service.due(today)
    assert again is not None and again.campaign == draft.name
    first = patrol_parts(demo_workspace.store, demo_workspace.settings, today)[0]
    with demo_workspace.store.read() as uow:
        assert first.page(uow.session, 0, 1)[0].target == "campaigns"
    # how early is a setting
    early = opts.Settings(values={opts.CAMPAIGN_LEAD_DAYS.key: 1})
    assert not patrol_parts(demo_workspace.store, early, dt.date(2026, 9, 28))


def test_vacations_are_the_countys_and_an_administrators(demo_workspace: Workspace) -> None:
    register = demo_workspace.registers.vacations
    with pytest.raises(NotPermitted):
        register.save(None, {"name": "秋假", "first_day": "2026-11-26", "last_day": "2026-11-29"}, CLERK)
    with pytest.raises(RecordRejected, match="重叠"):
        register.save(None, {"name": "冬令营", "first_day": "2027-02-01", "last_day": "2027-02-03"}, "admin")
    with pytest.raises(RecordRejected, match="结束日期不能早于开始日期"):
        register.save(None, {"name": "秋假", "first_day": "2026-11-29", "last_day": "2026-11-26"}, "admin")
    register.save(None, {"name": "秋假", "first_day": "2026-11-26", "last_day": "2026-11-29"}, "admin")
    with demo_workspace.store.read() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Vacation).where(Vacation.name == "秋假")) == 1
    due = demo_workspace.campaigns.due(dt.date(2026, 11, 23))
    assert due is not None and due.brk.name == "秋假" and due.brk.kind is CampaignKind.VACATION


def test_the_supervision_report_tells_the_campaigns(demo_workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "督导报告.pdf"
    data = make_report(
        demo_workspace.store, demo_workspace.settings, dt.date(2026, 7, 1), dt.date(2026, 9, 30), path,
        today=dt.date(2026, 11, 20),
    )  # fmt: skip
    listed = dict((title, rows) for title, rows, _c in data.lists)["专项行动和联合执法"]
    assert [row[0] for row in listed] == [
        "2026年暑期校外培训专项治理行动",
        "2026年秋季开学季校外培训专项检查",
        "2026年国庆节校外培训专项检查",
    ]
    text = "".join(p.extract_text() for p in PdfReader(path).pages).replace("\n", "")
    assert "报告期内开展专项行动3次" in text and "联合执法中各成员单位参加检查：市场监管局" in text
    assert "八、专项行动和联合执法（3）" in text


def test_settings_are_changed_by_an_administrator_on_record(demo_workspace: Workspace, tmp_path: Path) -> None:
    settings = opts.Settings(tmp_path / "settings.json")
    from shuangjian_desktop.services.settings_service import SettingsService

    service = SettingsService(demo_workspace.store, settings)
    titles = [title for title, _views in service.groups()]
    assert titles[:4] == ["投诉工单", "四包覆盖检查", "压减统计", "专项行动与节前巡查"]
    keys = {v.key for _t, views in service.groups() for v in views}
    assert opts.STAFF_MAX_INSTITUTIONS.key in keys and opts.IMPORT_MAPPINGS.key not in keys
    with pytest.raises(NotPermitted):
        service.save({opts.STAFF_MAX_INSTITUTIONS.key: 3}, CLERK)
    with pytest.raises(RecordRejected) as refused:
        service.save({opts.STAFF_MAX_INSTITUTIONS.key: 0, opts.INSPECTOR_MAX_INSTITUTIONS.key: 3}, "admin")
    assert "不能小于1" in str(refused.value) and "不能少于最少挂牌机构数（6）" in str(refused.value)
    assert not (tmp_path / "settings.json").exists()  # nothing changed
    changed = service.save({opts.STAFF_MAX_INSTITUTIONS.key: 3, opts.CHECK_COMPOUNDS.key: False}, "admin")
    assert changed == ["每名机关工作人员最多包保机构数：2 → 3", "检查每个小区是否有包保的小区书记或网格员：是 → 否"]
    assert opts.Settings(tmp_path / "settings.json").get(opts.STAFF_MAX_INSTITUTIONS) == 3
    with demo_workspace.store.read() as uow:
        entry = uow.session.scalar(select(AuditEntry).where(AuditEntry.entity == "settings"))
        assert "每名机关工作人员最多包保机构数" in entry.changes and entry.username == "admin"
    assert service.parse(["coverage.staff_max=4", "coverage.compounds=是"]) == {
        "coverage.staff_max": 4,
        "coverage.compounds": True,
    }
    with pytest.raises(RecordRejected, match="不是整数"):
        service.parse(["coverage.staff_max=四"])


def test_an_option_declared_anywhere_appears_on_the_settings_screen(demo_workspace: Workspace) -> None:
    from shuangjian_desktop.services.settings_service import SettingsService

    option = opts.declare("patrol.test_visits", int, 1, "测试：每月至少巡查次数", minimum=1, maximum=8)
    try:
        groups = dict(SettingsService(demo_workspace.store, opts.Settings()).groups())
        assert ("测试：每月至少巡查次数", 1, 8) in [(v.label, v.minimum, v.maximum) for v in groups["巡查计划"]]
        # a hand-edited value out of range falls back to the default
        assert opts.Settings(values={option.key: 99}).get(option) == 1
    finally:
        del opts.OPTIONS[option.key]
