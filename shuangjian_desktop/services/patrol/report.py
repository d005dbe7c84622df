"""`report patrol --month YYYY-MM --out F.xlsx`: the month's plan and how far it is done, in three sheets — 汇总 (per
inspector), 机构 (per institution, with the suggested days) and 日程 (every suggested visit by inspector and day,
the sheet an inspector takes along). Read a page at a time and written as read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select

from shuangjian_desktop import settings as opts
from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.domain.patrol_rules import SLOT_LABELS
from shuangjian_desktop.domain.values import chinese_date
from shuangjian_desktop.services.patrol.figures import plan_figures, plan_of
from shuangjian_desktop.services.patrol.lists import NO_INSPECTOR, InspectorLines, TargetLines, inspector_schedule
from shuangjian_desktop.services.privacy import recorded_export
from shuangjian_desktop.services.supervised import bureau_unit, month_bounds, month_text
from shuangjian_desktop.store.models import Institution, PatrolPlan, PatrolTarget, Person
from shuangjian_desktop.store.uow import Store

PAGE = 2000
WEEKDAYS = "一二三四五六日"


def _paged(lines: Any) -> Iterator[Any]:
    lines.reload()
    total = lines.count()
    for offset in range(0, total, PAGE):
        yield from lines.page(offset, PAGE)


def _visits(store: Store, settings: opts.Settings, plan_id: int) -> Iterator[Sequence[Any]]:
    """Every suggested visit, inspector by inspector (each inspector's schedule worked out once)."""
    with store.read() as uow:
        people = list(
            uow.session.execute(
                select(PatrolTarget.inspector_id)
                .where(PatrolTarget.plan_id == plan_id, PatrolTarget.inspector_id.is_not(None))
                .group_by(PatrolTarget.inspector_id)
                .order_by(PatrolTarget.inspector_id)
            ).scalars()
        )
    for start in range(0, len(people), 200):
        with store.read() as uow:
            session = uow.session
            plan = session.get(PatrolPlan, plan_id)
            assert plan is not None
            chunk = people[start : start + 200]
            names = dict(session.execute(select(Person.id, Person.name).where(Person.id.in_(chunk))).all())
            for person in sorted(chunk, key=lambda p: names.get(p, "")):
                visits = [v for vs in inspector_schedule(session, settings, plan, person).values() for v in vs]
                insts = dict(
                    session.execute(
                        select(Institution.id, Institution.name).where(
                            Institution.id.in_({v.institution_id for v in visits})
                        )
                    ).all()
                )
                for visit in sorted(visits, key=lambda v: (v.day, insts.get(v.institution_id, ""))):
                    yield (
                        names.get(person, NO_INSPECTOR),
                        visit.day,
                        f"周{WEEKDAYS[visit.day.weekday()]}",
                        SLOT_LABELS[visit.slot],
                        "是" if visit.key_hours else "否",
                        insts.get(visit.institution_id, ""),
                        visit.number,
                    )


def export_patrol(
    store: Store,
    settings: opts.Settings,
    year: int,
    month: int,
    path: Path,
    user: str,
    progress: Callable[[int], None] | None = None,
) -> int:
    from shuangjian_desktop.documents.supervision_xlsx import SheetData, write_sheets
    from shuangjian_desktop.documents.xlsx_writer import ColumnSpec

    label = month_text(year, month)
    with store.read() as uow:
        session = uow.session
        plan = plan_of(session, year, month)
        if plan is None:
            raise DomainError(f"{label}尚未制定巡查计划：请在“监管 > 巡查计划”中制定，或在命令中加 --make-plan。")
        figures = plan_figures(session, settings, year, month)
        unit, county = bureau_unit(session)
        plan_id, made = plan.id, f"{plan.created_at:%Y-%m-%d} {plan.made_by}制定；频次：{plan.frequency}"
    assert figures is not None
    today = dt.date.today()
    inspectors = SheetData(
        "汇总",
        f"{county}校外培训机构{label}巡查计划完成情况（按责任督学）",
        [
            ColumnSpec(h, number_format=None if h in ("责任督学", "完成率") else "0")
            for h in (
                "责任督学",
                "挂牌机构",
                "应巡",
                "已巡",
                "完成",
                "完成率",
                "重点时段应巡",
                "重点时段已巡",
                "未巡机构",
            )
        ],
        (
            (
                ln.name,
                ln.institutions,
                ln.planned,
                ln.done,
                ln.completed,
                ln.rate,
                ln.planned_key,
                ln.done_key,
                ln.not_visited,
            )
            for ln in _paged(InspectorLines(store, settings, plan_id))
        ),
        above=[figures.sentence(label), made],
        below=[unit, f"统计至{chinese_date(min(today, month_bounds(year, month)[1] - dt.timedelta(days=1)))}"],
    )
    institutions = SheetData(
        "机构",
        f"{county}校外培训机构{label}巡查计划（按机构）",
        [
            ColumnSpec(h, number_format="0" if h in ("应巡", "已巡", "重点时段应巡", "重点时段已巡") else None)
            for h in (
                "责任督学",
                "机构名称",
                "风险等级",
                "应巡",
                "已巡",
                "重点时段应巡",
                "重点时段已巡",
                "建议巡查日期",
            )
        ],
        (
            (t.inspector, t.institution, t.grade, t.planned, t.done, t.planned_key, t.done_key, t.days)
            for t in _paged(TargetLines(store, settings, plan_id))
        ),
        above=[
            "已巡：本月该机构的责任督学参加的检查次数（未挂牌的机构按任何检查计）；重点时段：节假日、休息日、寒暑假及工作日18:00—20:30。"
        ],
    )
    visits = SheetData(
        "日程",
        f"{county}责任督学{label}巡查日程（建议）",
        [
            ColumnSpec(h, number_format="0" if h == "第几次" else None)
            for h in ("责任督学", "日期", "星期", "时段", "重点时段", "机构名称", "第几次")
        ],
        _visits(store, settings, plan_id),
        above=["按风险等级和重点时段排定的建议日期，可根据实际情况调整；采取“四不两直”方式。"],
    )
    with recorded_export(store, user, f"{label}巡查计划", path) as exported:
        exported.rows = write_sheets(path, [inspectors, institutions, visits], progress)
    return exported.rows
