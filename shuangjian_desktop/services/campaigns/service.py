"""Special campaigns: made (or drafted for a coming holiday or vacation), edited, and counted (figures.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shuangjian_desktop import settings as opts
from shuangjian_desktop.domain.access import Action
from shuangjian_desktop.domain.campaigns import Break, CampaignKind, draft_name, due_breaks, period_problem
from shuangjian_desktop.domain.enums import Category
from shuangjian_desktop.domain.errors import FieldProblem, NotFound, RecordRejected
from shuangjian_desktop.domain.training_rules import Period
from shuangjian_desktop.services.calendar import load_calendar
from shuangjian_desktop.services.campaigns.figures import PATROLLED, CampaignFigures, campaign_figures, export_report
from shuangjian_desktop.services.inspections.lookups import vacations_of
from shuangjian_desktop.store.models import (
    Campaign,
    CampaignDepartment,
    Inspection,
    Institution,
    PartnerDepartment,
)
from shuangjian_desktop.store.uow import Store

DEFAULT_DEPARTMENTS = 3
"""A drafted campaign starts with the catalogue's first few departments (市场监管, 公安, 消防) unless the last
campaign had others."""


@dataclass
class CampaignInput:
    name: str
    kind: CampaignKind
    starts_on: dt.date | None
    ends_on: dt.date | None
    department_ids: list[int] = field(default_factory=list)
    lead: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        self.kind = CampaignKind(self.kind)  # a Qt combo box hands the enum back as its plain value


@dataclass(frozen=True)
class DueBreak:
    """A holiday or vacation whose patrol is due now, with the campaign that covers it (if any)."""

    brk: Break
    window: Period
    campaign: str
    """The name of a campaign already covering the break ("" when none: offer to draft one)."""


class CampaignService:
    def __init__(self, store: Store, settings: opts.Settings) -> None:
        self.store = store
        self.settings = settings

    # making and editing --------------------------------------------------------------------------------------------
    def load(self, campaign_id: int) -> CampaignInput:
        with self.store.read() as uow:
            c = uow.session.get(Campaign, campaign_id)
            if c is None:
                raise NotFound("该专项行动已不存在（可能已被删除）")
            return CampaignInput(
                c.name,
                c.kind,
                c.starts_on,
                c.ends_on,
                [d.department_id for d in c.departments],
                c.lead or "",
                c.note or "",
            )

    def save(self, campaign_id: int | None, data: CampaignInput, user: str) -> int:
        """Make or change a campaign (one transaction); every bad field is named."""
        problems = []
        name = data.name.strip()
        if not name:
            problems.append(FieldProblem(None, "名称", "不能为空"))
        elif len(name) > 100:
            problems.append(FieldProblem(None, "名称", "不能超过100字"))
        why = period_problem(data.starts_on, data.ends_on)
        if why:
            problems.append(FieldProblem(None, "起止日期", why))
        if problems:
            raise RecordRejected(problems)
        with self.store.write(user, Action.EDIT_LEDGERS) as uow:
            session = uow.session
            campaign = Campaign() if campaign_id is None else session.get(Campaign, campaign_id)
            if campaign is None:
                raise NotFound("该专项行动已不存在（可能已被删除）")
            _check_names_and_inspections(session, campaign, name, data, campaign_id)
            campaign.name, campaign.kind = name, data.kind
            campaign.starts_on, campaign.ends_on = data.starts_on, data.ends_on  # type: ignore[assignment]
            campaign.lead, campaign.note = data.lead.strip() or None, data.note.strip() or None
            wanted = list(dict.fromkeys(data.department_ids))
            for gone in [d for d in campaign.departments if d.department_id not in wanted]:
                campaign.departments.remove(gone)  # as a deletion the audit trail sees
                session.delete(gone)
            have = {d.department_id for d in campaign.departments}
            campaign.departments += [CampaignDepartment(department_id=d) for d in wanted if d not in have]
            session.add(campaign)
            session.flush()
            saved = campaign.id
            uow.commit()
        return saved

    def campaign_named(self, name: str) -> int:
        with self.store.read() as uow:
            found = uow.session.scalar(select(Campaign.id).where(Campaign.name == name.strip()))
            if found is None:
                names = list(
                    uow.session.scalars(
                        select(Campaign.name).where(Campaign.name.contains(name.strip())).order_by(Campaign.name)
                    )
                )
        if found is None:
            hint = f"（名称中含该文字的有：{'、'.join(names[:5])}）" if names else ""
            raise NotFound(f"没有名为“{name}”的专项行动{hint}")
        return found

    def listing(self) -> list[str]:
        """Every campaign as a line (起止 名称 类型 成员单位), newest first (the command line's list)."""
        with self.store.read() as uow:
            rows = uow.session.scalars(select(Campaign).order_by(Campaign.starts_on.desc(), Campaign.id.desc()))
            return [
                f"{c.starts_on}至{c.ends_on}  {c.name}（{c.kind.label}）  成员单位："
                + ("、".join(d.department.name for d in c.departments) or "—")
                for c in rows
            ]

    # the breaks ahead ----------------------------------------------------------------------------------------------
    def due(self, today: dt.date | None = None) -> DueBreak | None:
        """The first holiday or vacation whose patrol is due today (from N working days before it to its end)."""
        today = today or dt.date.today()
        with self.store.read() as uow:
            session = uow.session
            calendar, vacations = load_calendar(session), vacations_of(session)
            found = due_breaks(calendar, vacations, today, self.settings.get(opts.CAMPAIGN_LEAD_DAYS))
            if not found:
                return None
            brk, window = found[0]
            covering = session.scalar(
                select(Campaign.name)
                .where(Campaign.starts_on <= brk.last, Campaign.ends_on >= window.first)
                .order_by(Campaign.starts_on)
                .limit(1)
            )
        return DueBreak(brk, window, covering or "")

    def draft(self, due: DueBreak) -> CampaignInput:
        """A campaign for the break, for the clerk to check and save: its name, kind, period (from the start of the
        patrol window to the break's end) and departments (the last campaign's, else the catalogue's first)."""
        with self.store.read() as uow:
            session = uow.session
            last = session.scalar(select(Campaign).order_by(Campaign.starts_on.desc(), Campaign.id.desc()).limit(1))
            departments = [d.department_id for d in last.departments] if last is not None else []
            if not departments:
                departments = list(
                    session.scalars(
                        select(PartnerDepartment.id)
                        .where(PartnerDepartment.active)
                        .order_by(PartnerDepartment.position, PartnerDepartment.id)
                        .limit(DEFAULT_DEPARTMENTS)
                    )
                )
        kind = CampaignKind.VACATION if due.brk.kind is CampaignKind.VACATION else CampaignKind.HOLIDAY
        note = f"{due.brk.label()}前后，重点巡查学科类机构，严防违规开展学科类培训。"
        return CampaignInput(draft_name(due.brk), kind, due.window.first, due.brk.last, departments, "", note)

    def subjects_to_patrol(self, since: dt.date) -> int:
        """How many subject institutions have had no inspection since ``since`` (an SQL count)."""
        with self.store.read() as uow:
            return uow.session.scalar(select(func.count()).select_from(unpatrolled(since).subquery())) or 0

    # figures -------------------------------------------------------------------------------------------------------
    def figures(self, campaign_id: int) -> CampaignFigures:
        with self.store.read() as uow:
            return campaign_figures(uow.session, campaign_id)

    def export_report(self, campaign_id: int, path: Path, user: str) -> CampaignFigures:
        return export_report(self.store, campaign_id, path, user)


def unpatrolled(since: dt.date) -> object:
    """The subject institutions with no inspection since ``since``, in pinyin order (a SELECT)."""
    inspected = (
        select(Inspection.id)
        .where(
            Inspection.institution_id == Institution.id, Inspection.started_at >= dt.datetime.combine(since, dt.time())
        )
        .exists()
    )
    return (
        select(Institution.id, Institution.name, Institution.status)
        .where(Institution.category == Category.SUBJECT, Institution.status.in_(PATROLLED), ~inspected)
        .order_by(Institution.sort_name, Institution.id)
    )


def _check_names_and_inspections(
    session: Session, campaign: Campaign, name: str, data: CampaignInput, campaign_id: int | None
) -> None:
    problems = []
    other = session.scalar(select(Campaign.id).where(Campaign.name == name, Campaign.id != (campaign_id or 0)))
    if other is not None:
        problems.append(FieldProblem(None, "名称", "已有同名的专项行动"))
    known = set(
        session.scalars(select(PartnerDepartment.id).where(PartnerDepartment.id.in_(list(data.department_ids))))
    )
    if known != set(data.department_ids):
        problems.append(FieldProblem(None, "成员单位", "成员单位目录中没有选中的单位"))
    if campaign_id is not None:
        outside = session.scalar(
            select(func.count())
            .select_from(Inspection)
            .where(
                Inspection.campaign_id == campaign_id,
                (Inspection.started_at < dt.datetime.combine(data.starts_on, dt.time()))  # type: ignore[arg-type]
                | (Inspection.started_at >= dt.datetime.combine(data.ends_on + dt.timedelta(days=1), dt.time())),  # type: ignore[operator]
            )
        )
        if outside:
            problems.append(FieldProblem(None, "起止日期", f"已有{outside}次检查不在新的起止日期内，请先更正这些检查"))
    if problems:
        raise RecordRejected(problems)
