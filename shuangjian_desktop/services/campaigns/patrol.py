"""首页's part for the breaks ahead: from N working days (a setting) before each legal holiday or vacation until it
ends, the subject institutions not yet inspected since the patrol window opened, under a line that names the break
and offers to draft its campaign (or names the campaign already under way). Paged out of SQL like every other part
of the attention list (services/base/parts.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, literal, select
from sqlalchemy.orm import Session

from shuangjian_desktop import settings as opts
from shuangjian_desktop.domain.enums import Status
from shuangjian_desktop.domain.values import chinese_month_day
from shuangjian_desktop.services.base.parts import Part
from shuangjian_desktop.services.campaigns.service import CampaignService, unpatrolled
from shuangjian_desktop.store.uow import Store

DRAFT_TARGET = "campaigns:draft"
CAMPAIGNS_TARGET = "campaigns"


@dataclass(frozen=True)
class PatrolItem:
    category: str
    subject: str
    detail: str
    target: str


def patrol_parts(store: Store, settings: opts.Settings, today: dt.date) -> list[Part[PatrolItem]]:
    due = CampaignService(store, settings).due(today)
    if due is None:
        return []
    since = due.window.first
    when = due.brk.label()
    if due.campaign:
        head_detail = f"专项行动“{due.campaign}”进行中，以下学科类机构自{chinese_month_day(since)}以来尚未检查"
        target = CAMPAIGNS_TARGET
    else:
        head_detail = f"尚未安排专项行动：双击起草“{due.brk.name}”专项行动，以下学科类机构待巡查"
        target = DRAFT_TARGET

    def head(_s: Session, rows: Sequence[Row[Any]]) -> list[PatrolItem]:
        return [PatrolItem("节前巡查", when, head_detail, target) for _r in rows]

    def institutions(_s: Session, rows: Sequence[Row[Any]]) -> list[PatrolItem]:
        return [
            PatrolItem(
                "节前巡查",
                r.name,
                f"学科类机构（{Status(r.status).label}），{due.brk.name}前后须巡查，防止违规开展学科类培训",
                CAMPAIGNS_TARGET,
            )
            for r in rows
        ]

    return [
        Part(lambda: select(literal(1).label("one")), head),
        Part(lambda: unpatrolled(since), institutions),  # type: ignore[arg-type, return-value]
    ]
