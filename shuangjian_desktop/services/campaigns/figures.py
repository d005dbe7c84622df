"""A campaign's figures, from the inspections that belong to it: how many (家次, and the institutions and schools
behind them), how many were joint and with whom, the problems found (counted as the monthly return counts them),
training on holidays found, notices issued on them, and how many of the county's subject institutions were
patrolled. Each partner department gets the joint inspections it took part in, and their problems and notices.
The report workbook (`campaign report NAME --out F.xlsx`) and the supervision report's section are made from these.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from shuangjian_desktop.domain.enums import Category, InspectionResult, NoticeKind, Status
from shuangjian_desktop.domain.errors import NotFound
from shuangjian_desktop.domain.inspection_findings import Found, count_problems
from shuangjian_desktop.services.catalogues import rule_aspects
from shuangjian_desktop.services.privacy import recorded_export
from shuangjian_desktop.store.models import (
    Campaign,
    Inspection,
    InspectionDepartment,
    Institution,
    Notice,
    PartnerDepartment,
)
from shuangjian_desktop.store.uow import Store

PATROLLED = (Status.OPERATING, Status.SUSPENDED, Status.UNLICENSED)
"""Subject institutions a campaign patrols: running, suspended (is it keeping still?) and unlicensed ones."""


@dataclass(frozen=True)
class DepartmentFigures:
    name: str
    joint: int
    institutions: int
    problems: int
    notices: int


@dataclass(frozen=True)
class InspectionLine:
    started_at: dt.datetime
    subject: str
    method: str
    departments: str
    result: str
    problems: int
    notices: str


@dataclass
class CampaignFigures:
    name: str
    kind: str
    starts_on: dt.date
    ends_on: dt.date
    lead: str
    departments: list[str]
    note: str
    inspections: int = 0
    institutions: int = 0
    schools: int = 0
    joint: int = 0
    inspector_times: int = 0
    key_hours: int = 0
    problems: int = 0
    holiday_found: int = 0
    fixed_on_site: int = 0
    notices: int = 0
    stop_notices: int = 0
    subject_total: int = 0
    subject_patrolled: int = 0
    by_department: list[DepartmentFigures] = field(default_factory=list)
    lines: list[InspectionLine] = field(default_factory=list)

    @property
    def period(self) -> str:
        return f"{self.starts_on.isoformat()}至{self.ends_on.isoformat()}"

    def rows(self) -> list[tuple[str, int | str]]:
        """(figure, value) as the screen and the workbook show them (counts as numbers)."""
        coverage = (
            f"{self.subject_patrolled}/{self.subject_total}（{self.subject_patrolled * 100 // self.subject_total}%）"
            if self.subject_total
            else "—"
        )
        return [
            ("检查（家次）", self.inspections),
            ("检查的机构（家）", self.institutions),
            ("检查的学校（所次）", self.schools),
            ("联合检查（家次）", self.joint),
            ("检查人员（人次）", self.inspector_times),
            ("重点时段检查（家次）", self.key_hours),
            ("发现问题（个）", self.problems),
            ("发现节假日违规培训（起）", self.holiday_found),
            ("现场整改（家次）", self.fixed_on_site),
            ("下达整改（停办）通知书（份）", self.notices),
            ("其中停止办学通知书（份）", self.stop_notices),
            ("学科类机构巡查覆盖", coverage),
        ]


def campaign_figures(session: Session, campaign_id: int, until: dt.date | None = None) -> CampaignFigures:
    """A campaign's figures; with ``until``, only what had happened by that day (the supervision report's)."""
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        raise NotFound("该专项行动已不存在（可能已被删除）")
    result = CampaignFigures(
        campaign.name,
        campaign.kind.label,
        campaign.starts_on,
        campaign.ends_on,
        campaign.lead or "",
        [d.department.name for d in sorted(campaign.departments, key=lambda d: (d.department.position, d.id))],
        campaign.note or "",
    )
    cut = (
        [] if until is None else [Inspection.started_at < dt.datetime.combine(until + dt.timedelta(days=1), dt.time())]
    )
    inspections = list(
        session.scalars(
            select(Inspection)
            .where(Inspection.campaign_id == campaign_id, *cut)
            .options(
                selectinload(Inspection.violations),
                selectinload(Inspection.aspects),
                selectinload(Inspection.inspectors),
                selectinload(Inspection.departments).selectinload(InspectionDepartment.department),
                selectinload(Inspection.institution),
                selectinload(Inspection.school),
            )
            .order_by(Inspection.started_at, Inspection.id)
        )
    )
    ids = [i.id for i in inspections]
    notices: dict[int, list[Notice]] = {}
    issued = select(Notice).where(Notice.inspection_id.in_(ids), Notice.issued_on <= (until or dt.date.max))
    for notice in session.scalars(issued.order_by(Notice.issued_on)):
        notices.setdefault(notice.inspection_id or 0, []).append(notice)
    aspects = rule_aspects()
    by_department: dict[str, list[Inspection]] = {}
    found_in: dict[int, int] = {}
    for i in inspections:
        found = Found.of(
            (v.rule_code for v in i.violations), (a.aspect for a in i.aspects if not a.passed), i.written_findings
        )
        found_in[i.id] = count_problems(found, aspects)
        for d in i.departments:
            by_department.setdefault(d.department.name, []).append(i)
        issued = notices.get(i.id, [])
        result.lines.append(
            InspectionLine(
                i.started_at,
                i.subject_name + ("（学校）" if i.school_id else ""),
                i.method.label,
                "、".join(d.department.name for d in i.departments),
                i.result.label,
                found_in[i.id],
                "、".join(n.doc_number for n in issued),
            )
        )
    of_institutions = [i for i in inspections if i.institution_id is not None]
    every_notice = [n for i in inspections for n in notices.get(i.id, [])]
    result.inspections = len(of_institutions)
    result.institutions = len({i.institution_id for i in of_institutions})
    result.schools = len(inspections) - len(of_institutions)
    result.joint = sum(1 for i in inspections if i.departments)
    result.inspector_times = sum(len(i.inspectors) for i in inspections)
    result.key_hours = sum(1 for i in inspections if i.key_hours)
    result.problems = sum(found_in.values())
    result.holiday_found = sum(1 for i in inspections if i.holiday_training_found)
    result.fixed_on_site = sum(1 for i in inspections if i.result is InspectionResult.FIXED_ON_SITE)
    result.notices = len(every_notice)
    result.stop_notices = sum(1 for n in every_notice if n.kind is NoticeKind.STOP_OPERATION)
    subject = select(Institution.id).where(Institution.category == Category.SUBJECT, Institution.status.in_(PATROLLED))
    result.subject_total = session.scalar(select(func.count()).select_from(subject.subquery())) or 0
    result.subject_patrolled = len(
        {i.institution_id for i in of_institutions if i.institution and i.institution.category is Category.SUBJECT}
    )
    named = list(result.departments) + sorted(set(by_department) - set(result.departments))
    for name in named:
        joint = by_department.get(name, [])
        result.by_department.append(
            DepartmentFigures(
                name,
                len(joint),
                len({i.institution_id for i in joint if i.institution_id}),
                sum(found_in[i.id] for i in joint),
                sum(len(notices.get(i.id, [])) for i in joint),
            )
        )
    return result


def joint_by_department(session: Session, first: dt.date, last: dt.date) -> list[tuple[str, int]]:
    """Joint inspections in a period by partner department (SQL GROUP BY), most first."""
    start, end = dt.datetime.combine(first, dt.time()), dt.datetime.combine(last + dt.timedelta(days=1), dt.time())
    rows = session.execute(
        select(PartnerDepartment.name, func.count())
        .join(InspectionDepartment, InspectionDepartment.department_id == PartnerDepartment.id)
        .join(Inspection, Inspection.id == InspectionDepartment.inspection_id)
        .where(Inspection.started_at >= start, Inspection.started_at < end)
        .group_by(PartnerDepartment.id, PartnerDepartment.name)
        .order_by(func.count().desc(), PartnerDepartment.position)
    ).all()
    return [(name, count) for name, count in rows]


def campaigns_between(session: Session, first: dt.date, last: dt.date) -> list[CampaignFigures]:
    """The figures of every campaign whose period overlaps ``first``..``last``, in date order."""
    ids = session.scalars(
        select(Campaign.id)
        .where(Campaign.starts_on <= last, Campaign.ends_on >= first)
        .order_by(Campaign.starts_on, Campaign.id)
    )
    return [campaign_figures(session, campaign_id, last) for campaign_id in list(ids)]


def export_report(store: Store, campaign_id: int, path: Path, user: str) -> CampaignFigures:
    """The campaign's report workbook (概况, 成员单位, 检查明细), on record as an export."""
    from shuangjian_desktop.documents.campaign_report import Table, write_campaign_report  # openpyxl

    with store.read() as uow:
        figures = campaign_figures(uow.session, campaign_id)
    with recorded_export(store, user, f"专项行动报告（{figures.name}）", path) as exported:
        above = [
            ("专项行动", figures.name),
            ("类型", figures.kind),
            ("起止日期", figures.period),
            ("牵头", figures.lead or "—"),
            ("成员单位", "、".join(figures.departments) or "—"),
            ("说明", figures.note or "—"),
        ]
        tables = [
            Table("概况", f"{figures.name}工作情况", ["指标", "数值"], figures.rows(), above),
            Table(
                "成员单位",
                f"{figures.name}：成员单位参加联合检查情况",
                ["成员单位", "联合检查（家次）", "涉及机构（家）", "发现问题（个）", "下达通知书（份）"],
                [(d.name, d.joint, d.institutions, d.problems, d.notices) for d in figures.by_department],
            ),
            Table(
                "检查明细",
                f"{figures.name}：检查明细（{len(figures.lines)}次）",
                ["检查时间", "检查对象", "检查方式", "参加单位", "结果", "发现问题（个）", "通知书"],
                [
                    (
                        line.started_at,
                        line.subject,
                        line.method,
                        line.departments,
                        line.result,
                        line.problems,
                        line.notices,
                    )
                    for line in figures.lines
                ],
            ),
        ]
        write_campaign_report(path, tables)
        exported.rows = len(figures.lines)
    return figures
