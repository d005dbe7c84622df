"""The demo county's campaigns and calendar: registration dates on its institutions (a few non-subject ones
registered after the baseline date), one converted institution later deregistered (counted once in the
reduction), the county's winter and summer vacations, and the year's special campaigns (寒假, 暑期, 开学季, 国庆)
with their partner departments, holding the inspections made in them (the joint ones with the departments that
took part), and the stop-operation notices' suspensions. Its own random stream, so the rest of the demo stays as
it was."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from shuangjian_desktop.domain.campaigns import CampaignKind
from shuangjian_desktop.domain.enums import ChangeKind, Method, NoticeKind, Status
from shuangjian_desktop.services.inspections.notices import SUSPENDABLE
from shuangjian_desktop.services.institutions.sheet import follow_change
from shuangjian_desktop.services.status_changes.follow import record_change
from shuangjian_desktop.store.models import (
    Campaign,
    CampaignDepartment,
    Inspection,
    InspectionDepartment,
    Institution,
    Notice,
    PartnerDepartment,
    StatusChange,
    Vacation,
)

PLANS = (
    # name, kind, (month, day) first, (month, day) last, departments by name
    ("寒假校外培训专项治理行动", CampaignKind.VACATION, (1, 17), (2, 28), ("市场监管局", "公安局", "消防救援大队")),
    (
        "暑期校外培训专项治理行动",
        CampaignKind.VACATION,
        (7, 4),
        (8, 31),
        ("市场监管局", "公安局", "消防救援大队", "民政局"),
    ),
    ("秋季开学季校外培训专项检查", CampaignKind.TERM_START, (9, 1), (9, 20), ("市场监管局",)),
    ("国庆节校外培训专项检查", CampaignKind.HOLIDAY, (9, 23), (10, 8), ("市场监管局", "公安局")),
)


def generate(session: Session, today: dt.date, institutions: list[Institution]) -> int:
    """Add the calendar, campaigns and registration dates; returns how many campaigns."""
    rng = random.Random(20210724)
    _registration_dates(institutions)
    _converted_then_deregistered(session, institutions, today)
    for notice in session.scalars(select(Notice).where(Notice.kind == NoticeKind.STOP_OPERATION)):
        if notice.institution.status in SUSPENDABLE:  # a stop-operation notice suspends, as the program does it
            record_change(
                session,
                notice.institution,
                ChangeKind.SUSPENDED,
                notice.issued_on,
                notice.doc_number,
                "下达停止办学通知书",
            )
    for year in (today.year, today.year + 1):
        for name, first, last in (("寒假", (1, 24), (2, 28)), ("暑假", (7, 11), (8, 31))):
            start = dt.date(year, *first)
            if start <= today + dt.timedelta(days=366):
                session.add(Vacation(name=name, first_day=start, last_day=dt.date(year, *last)))
    departments = {d.name: d for d in session.scalars(select(PartnerDepartment))}
    made = 0
    for year in (today.year - 1, today.year):
        for name, kind, first, last, partners in PLANS:
            starts, ends = dt.date(year, *first), dt.date(year, *last)
            if ends > today or starts < today - dt.timedelta(days=365):
                continue
            campaign = Campaign(
                name=f"{year}年{name}", kind=kind, starts_on=starts, ends_on=ends, lead="示范县教育和体育局"
            )
            campaign.departments = [CampaignDepartment(department=departments[p]) for p in partners]
            session.add(campaign)
            session.flush()
            made += 1
            for inspection in session.scalars(
                select(Inspection).where(
                    Inspection.started_at >= dt.datetime.combine(starts, dt.time()),
                    Inspection.started_at < dt.datetime.combine(ends + dt.timedelta(days=1), dt.time()),
                )
            ):
                inspection.campaign_id = campaign.id
                if inspection.method is Method.JOINT:
                    chosen = rng.sample(partners, rng.randrange(1, len(partners) + 1))
                    inspection.departments = [InspectionDepartment(department=departments[p]) for p in chosen]
    for inspection in session.scalars(select(Inspection).where(Inspection.method == Method.JOINT)):
        if not inspection.departments:  # a joint inspection outside any campaign: with market supervision
            inspection.departments = [InspectionDepartment(department=departments["市场监管局"])]
    return made


def _registration_dates(institutions: list[Institution]) -> None:
    for i, inst in enumerate(institutions):
        if inst.status is Status.UNLICENSED:
            continue
        year = 2015 + i % 6
        if i >= 16 and i % 9 == 4:  # (the first 16 are the subject institutions of the baseline)
            year = 2023  # a non-subject institution registered after the baseline date
        inst.registered_on = dt.date(year, 1 + i % 12, 1 + (i * 7) % 28)


def _converted_then_deregistered(session: Session, institutions: list[Institution], today: dt.date) -> None:
    """The first institution converted to non-subject closes a month later: in both cumulative figures, reduced
    once."""
    for inst in institutions:
        converted = [c for c in inst.changes if c.kind is ChangeKind.TO_NON_SUBJECT]
        if inst.status is Status.CONVERTED and converted:
            day = min(today, converted[-1].effective_on + dt.timedelta(days=30))
            session.add(
                StatusChange(
                    institution=inst,
                    kind=ChangeKind.DEREGISTERED,
                    effective_on=day,
                    approved_on=day - dt.timedelta(days=2),
                    doc_number=f"示教体审〔{day.year}〕99号",
                    note="学改非后经营不善，申请注销",
                )
            )
            follow_change(inst, ChangeKind.DEREGISTERED)
            return
