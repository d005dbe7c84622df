"""What supervision puts on 首页: tiles (this month's patrol, the C and D institutions, the supervision accounts) and
the parts of the attention list (services/base/parts.py), each an SQL listing counted by an aggregate and read a
page at a time: accounts below their minimum balance, large movements, charges over 3 months / 60 lessons, C and D
institutions without a disposal case file, overdue disposal plans, a month without a patrol plan, a stale risk
grading, institutions not visited this month and those without a key-hour visit this quarter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Row, and_, exists, func, literal, or_, select
from sqlalchemy.orm import Session

from shuangjian_desktop import settings as opts
from shuangjian_desktop.domain.enums import RiskGrade
from shuangjian_desktop.domain.values import format_money
from shuangjian_desktop.services.base.parts import Part
from shuangjian_desktop.services.patrol.figures import key_moment, plan_figures
from shuangjian_desktop.services.patrol.plan import PATROLLED, listed_inspector
from shuangjian_desktop.services.risk.grading import RUN_SUMMARY
from shuangjian_desktop.services.risk.register import open_plan
from shuangjian_desktop.services.supervised import month_bounds, month_text, quarter_start
from shuangjian_desktop.store.models import (
    AuditEntry,
    DisposalPlan,
    FundAccount,
    FundCharge,
    FundSnapshot,
    Inspection,
    InspectionInspector,
    Institution,
    PatrolPlan,
    Person,
)

if TYPE_CHECKING:
    from shuangjian_desktop.services.dashboard import Attention, Tile


def _attention(*args: str) -> Attention:
    from shuangjian_desktop.services.dashboard import Attention

    return Attention(*args)


def visited(first: dt.date, last: dt.date, key: Any = None) -> Any:
    """The institution (the outer query's) was inspected between ``first`` and ``last`` by its listed inspector (by
    anyone when it has none); with ``key``, in the key hours."""
    inspector = listed_inspector(first, last)
    return exists(
        select(literal(1))
        .select_from(Inspection)
        .join(InspectionInspector, InspectionInspector.inspection_id == Inspection.id)
        .where(
            Inspection.institution_id == Institution.id,
            Inspection.started_at >= dt.datetime.combine(first, dt.time()),
            Inspection.started_at < dt.datetime.combine(last + dt.timedelta(days=1), dt.time()),
            or_(InspectionInspector.person_id == inspector, inspector.is_(None)),
            *([key] if key is not None else []),
        )
    )


def _unvisited(title: str, detail: str, first: dt.date, last: dt.date, key: Any = None) -> Part[Attention]:
    inspector = listed_inspector(first, last)

    def describe(session: Session, rows: Sequence[Row[Any]]) -> list[Attention]:
        names = dict(
            session.execute(
                select(Person.id, Person.name).where(Person.id.in_([r.inspector for r in rows if r.inspector]))
            ).all()
        )
        found = []
        for r in rows:
            who = f"责任督学{names.get(r.inspector, '')}" if r.inspector else "（未挂牌责任督学）"
            grade = f"，{r.risk_grade.value}级" if r.risk_grade else ""
            found.append(_attention(title, r.name, f"{who}{detail}{grade}", "warning", "supervision:patrol"))
        return found

    return Part(
        lambda: (
            select(Institution.name, Institution.risk_grade, inspector.label("inspector"))
            .where(Institution.status.in_(PATROLLED), ~visited(first, last, key))
            .order_by(Institution.sort_name, Institution.id)
        ),
        describe,
    )


def supervision_parts(settings: opts.Settings, today: dt.date) -> list[Part[Attention]]:
    threshold = settings.get(opts.FUNDS_LARGE_MOVEMENT_YUAN) * 100
    since = today - dt.timedelta(days=max(1, settings.get(opts.FUNDS_MOVEMENT_DAYS)))
    stale = dt.datetime.combine(today, dt.time()) - dt.timedelta(days=max(1, settings.get(opts.RISK_STALE_DAYS)))
    month = month_text(today.year, today.month)
    first = month_bounds(today.year, today.month)[0]
    quarter = quarter_start(today)

    def below(_s: Session, rows: Sequence[Row[Any]]) -> list[Attention]:
        return [
            _attention(
                "监管账户低于最低余额",
                r.name,
                f"{r.balance_on} 余额{format_money(r.balance_cents)}元，低于最低余额{format_money(r.minimum)}元",
                "danger",
                "supervision:funds",
            )
            for r in rows
        ]

    def moved(_s: Session, rows: Sequence[Row[Any]]) -> list[Attention]:
        return [
            _attention(
                "资金大额异动",
                r.name,
                f"{r.taken_on} 余额{'减少' if r.change < 0 else '增加'}{format_money(abs(r.change))}元，"
                f"变动后{format_money(r.balance)}元",
                "warning",
                "supervision:funds",
            )
            for r in rows
        ]

    def charged(_s: Session, rows: Sequence[Row[Any]]) -> list[Attention]:
        return [
            _attention(
                "预收费超过3个月或60课时", r.name, f"{r.charged_on} {r.breach}", "warning", "supervision:charges"
            )
            for r in rows
        ]

    def no_plan(_s: Session, rows: Sequence[Row[Any]]) -> list[Attention]:
        return [
            _attention(
                "C、D级机构无处置方案",
                r.name,
                f"{r.risk_grade.value}级：请制定处置方案（一机构一方案）",
                "danger",
                "supervision:disposal",
            )
            for r in rows
        ]

    def overdue(_s: Session, rows: Sequence[Row[Any]]) -> list[Attention]:
        return [
            _attention(
                "处置方案超期", r.name, f"完成期限{r.due_on}，责任人{r.responsible}", "danger", "supervision:disposal"
            )
            for r in rows
        ]

    def plan_missing(_s: Session, _rows: Sequence[Row[Any]]) -> list[Attention]:
        return [
            _attention(
                "本月巡查计划未制定",
                month,
                "请在“监管 > 巡查计划”中按风险等级制定本月巡查计划",
                "warning",
                "supervision:patrol",
            )
        ]

    def grading_stale(_s: Session, rows: Sequence[Row[Any]]) -> list[Attention]:
        when = f"上次评定于{rows[0].last:%Y-%m-%d}" if rows and rows[0].last else "尚未评定"
        return [
            _attention("风险分级待更新", "风险分级", f"{when}，请重新评定", "warning", "supervision:risk")
            for _r in rows
        ]

    last_run = (
        select(func.max(AuditEntry.at))
        .where(AuditEntry.entity == "risk_state", AuditEntry.summary == RUN_SUMMARY)
        .scalar_subquery()
    )
    any_institution = exists(select(literal(1)).where(Institution.status.in_(PATROLLED)))
    return [
        Part(
            lambda: (
                select(
                    Institution.name,
                    FundAccount.balance_cents,
                    FundAccount.minimum_balance_cents.label("minimum"),
                    FundAccount.balance_on,
                )
                .join(Institution, Institution.id == FundAccount.institution_id)
                .where(FundAccount.balance_cents < FundAccount.minimum_balance_cents)
                .order_by(FundAccount.institution_sort, FundAccount.id)
            ),
            below,
        ),
        Part(
            lambda: (
                select(
                    Institution.name,
                    FundSnapshot.taken_on,
                    FundSnapshot.change_cents.label("change"),
                    FundSnapshot.balance_cents.label("balance"),
                )
                .join(FundAccount, FundAccount.id == FundSnapshot.account_id)
                .join(Institution, Institution.id == FundAccount.institution_id)
                .where(FundSnapshot.taken_on >= since, func.abs(FundSnapshot.change_cents) >= max(threshold, 1))
                .order_by(FundSnapshot.taken_on.desc(), FundSnapshot.id)
            ),
            moved,
        ),
        Part(
            lambda: (
                select(Institution.name, FundCharge.charged_on, FundCharge.breach)
                .join(Institution, Institution.id == FundCharge.institution_id)
                .where(FundCharge.breach != "", FundCharge.charged_on >= since)
                .order_by(FundCharge.charged_on.desc(), FundCharge.id)
            ),
            charged,
        ),
        Part(
            lambda: (
                select(Institution.name, Institution.risk_grade)
                .where(Institution.risk_grade.in_((RiskGrade.C, RiskGrade.D)), ~open_plan())
                .order_by(Institution.risk_grade.desc(), Institution.sort_name, Institution.id)
            ),
            no_plan,
        ),
        Part(
            lambda: (
                select(Institution.name, DisposalPlan.due_on, DisposalPlan.responsible)
                .join(Institution, Institution.id == DisposalPlan.institution_id)
                .where(DisposalPlan.closed_on.is_(None), DisposalPlan.due_on < today)
                .order_by(DisposalPlan.due_on, DisposalPlan.id)
            ),
            overdue,
        ),
        Part(
            lambda: select(literal(month).label("month")).where(
                ~exists(select(literal(1)).where(PatrolPlan.month == month)), any_institution
            ),
            plan_missing,
        ),
        Part(
            lambda: select(last_run.label("last")).where(
                or_(last_run.is_(None), last_run < stale), exists(select(literal(1)).select_from(Institution))
            ),
            grading_stale,
        ),
        _unvisited("本月未巡查", "本月尚未巡查", first, today),
        _unvisited("本季度无重点时段巡查", "本季度尚无重点时段巡查", quarter, today, key_moment()),
    ]


def supervision_tiles(session: Session, settings: opts.Settings, today: dt.date) -> list[Tile]:
    from shuangjian_desktop.services.dashboard import Tile

    figures = plan_figures(session, settings, today.year, today.month)
    if figures is None:
        patrol = Tile("本月巡查", 0, "本月巡查计划未制定", "supervision:patrol")
    else:
        patrol = Tile(
            "本月已巡",
            figures.completed,
            f"应巡 {figures.planned} 次，未巡 {figures.not_visited} 家",
            "supervision:patrol",
        )
    grades = dict(
        session.execute(
            select(Institution.risk_grade, func.count())
            .where(Institution.risk_grade.in_((RiskGrade.C, RiskGrade.D)))
            .group_by(Institution.risk_grade)
        ).all()
    )
    unplanned = session.scalar(
        select(func.count())
        .select_from(Institution)
        .where(Institution.risk_grade.in_((RiskGrade.C, RiskGrade.D)), ~open_plan())
    )
    accounts = session.scalar(select(func.count()).select_from(FundAccount)) or 0
    low = session.scalar(
        select(func.count())
        .select_from(FundAccount)
        .where(and_(FundAccount.balance_cents < FundAccount.minimum_balance_cents))
    )
    return [
        patrol,
        Tile(
            "中高风险机构",
            grades.get(RiskGrade.C, 0) + grades.get(RiskGrade.D, 0),
            f"D级 {grades.get(RiskGrade.D, 0)} 家，无处置方案 {unplanned or 0} 家",
            "supervision:risk",
        ),
        Tile("资金监管账户", accounts, f"低于最低余额 {low or 0} 户", "supervision:funds"),
    ]
