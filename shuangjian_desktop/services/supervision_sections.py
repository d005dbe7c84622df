"""Supervision's part of the supervision report (督导报告) for a period: patrol plans done versus planned (by month and
by inspector), the C and D institutions with their disposal case files, the supervision accounts below their minimum
and the large movements and charges over 3 months / 60 lessons of the period, and the list entries and removals.
Added to the report's summary, figures and lists by services/supervision_report.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import and_, func, or_, select

from shuangjian_desktop import settings as opts
from shuangjian_desktop.domain.enums import RiskGrade
from shuangjian_desktop.domain.public_lists import ListKind
from shuangjian_desktop.domain.values import format_money
from shuangjian_desktop.services.patrol.figures import PatrolFigures, inspector_figures, plan_month
from shuangjian_desktop.services.patrol.figures import plan_figures as month_figures
from shuangjian_desktop.services.patrol.lists import NO_INSPECTOR
from shuangjian_desktop.store.models import (
    DisposalPlan,
    FundAccount,
    FundCharge,
    FundSnapshot,
    Institution,
    ListEntry,
    PatrolPlan,
    PatrolTarget,
    Person,
    RiskAssessment,
    RiskState,
)
from shuangjian_desktop.store.uow import Store

Rows = list[tuple[str, ...]]


@dataclass
class Sections:
    summary: list[str] = field(default_factory=list)
    figures: list[tuple[str, str]] = field(default_factory=list)
    lists: list[tuple[str, Rows, list[str]]] = field(default_factory=list)


def _sum(parts: list[PatrolFigures]) -> PatrolFigures:
    return PatrolFigures(*(sum(getattr(p, f) for p in parts) for f in PatrolFigures.__dataclass_fields__))


def supervision_sections(store: Store, settings: opts.Settings, first: dt.date, last: dt.date) -> Sections:
    found = Sections()
    with store.read() as uow:
        s = uow.session
        months = [f"{first:%Y-%m}"]
        while months[-1] < f"{last:%Y-%m}":
            year, month = (int(x) for x in months[-1].split("-"))
            months.append(f"{year + month // 12}-{month % 12 + 1:02d}")
        plans = list(s.scalars(select(PatrolPlan).where(PatrolPlan.month.in_(months)).order_by(PatrolPlan.month)))
        by_month: Rows = []
        totals: list[PatrolFigures] = []
        people: dict[int | None, list[PatrolFigures]] = {}
        for plan in plans:
            figures = month_figures(s, settings, *plan_month(plan))
            assert figures is not None
            totals.append(figures)
            by_month.append(
                (
                    plan.month,
                    str(figures.institutions),
                    str(figures.planned),
                    str(figures.completed),
                    figures.rate,
                    f"{figures.done_key}/{figures.planned_key}",
                    str(figures.not_visited),
                )
            )
            ids = list(s.scalars(select(PatrolTarget.inspector_id).where(PatrolTarget.plan_id == plan.id).distinct()))
            for person, each in inspector_figures(s, settings, plan, ids).items():
                people.setdefault(person, []).append(each)
        names = dict(s.execute(select(Person.id, Person.name).where(Person.id.in_([p for p in people if p]))).all())
        by_person = sorted(
            ((names.get(p, NO_INSPECTOR) if p else NO_INSPECTOR, _sum(f)) for p, f in people.items()),
            key=lambda item: (item[0] == NO_INSPECTOR, item[0]),
        )
        whole = _sum(totals) if totals else None
        if whole is not None:
            found.summary.append(
                f"巡查计划方面，{len(plans)}个月制定了月度巡查计划，共应巡{whole.planned}次，完成{whole.completed}次，"
                f"完成率{whole.rate}；重点时段应巡{whole.planned_key}次、已巡{whole.done_key}次。"
            )
        else:
            found.summary.append("巡查计划方面，报告期内未制定月度巡查计划。")
        found.figures.append(("巡查完成率（按月度计划）", whole.rate if whole else "未制定计划"))
        found.lists.append(
            (
                "月度巡查计划完成情况",
                by_month,
                ["月份", "机构", "应巡", "完成", "完成率", "重点时段（已巡/应巡）", "未巡机构"],
            )
        )
        found.lists.append(
            (
                "责任督学巡查完成情况",
                [
                    (
                        name,
                        str(f.institutions),
                        str(f.planned),
                        str(f.completed),
                        f.rate,
                        f"{f.done_key}/{f.planned_key}",
                    )
                    for name, f in by_person
                ],
                ["责任督学", "机构（家·月）", "应巡", "完成", "完成率", "重点时段（已巡/应巡）"],
            )
        )

        grades = dict(s.execute(select(Institution.risk_grade, func.count()).group_by(Institution.risk_grade)).all())
        changed = s.scalar(
            select(func.count(func.distinct(RiskAssessment.institution_id))).where(
                RiskAssessment.assessed_at >= dt.datetime.combine(first, dt.time()),
                RiskAssessment.assessed_at < dt.datetime.combine(last + dt.timedelta(days=1), dt.time()),
                or_(RiskAssessment.previous_grade.is_(None), RiskAssessment.previous_grade != RiskAssessment.grade),
            )
        )
        shown = "、".join(f"{g.value}级{grades.get(g, 0)}家" for g in RiskGrade)
        found.summary.append(
            f"风险分级方面，现有{shown}（未评定{grades.get(None, 0)}家）；报告期内{changed or 0}家机构风险等级有变化。"
        )
        high = grades.get(RiskGrade.C, 0) + grades.get(RiskGrade.D, 0)
        found.figures.append(("中高风险机构（C、D级）", f"{high} 家"))
        plans_of = {
            p.institution_id: p
            for p in s.scalars(select(DisposalPlan).where(DisposalPlan.closed_on.is_(None)).order_by(DisposalPlan.id))
        }
        risky: Rows = []
        for inst, state in s.execute(
            select(Institution, RiskState)
            .outerjoin(RiskState, RiskState.institution_id == Institution.id)
            .where(Institution.risk_grade.in_((RiskGrade.C, RiskGrade.D)))
            .order_by(Institution.risk_grade.desc(), Institution.sort_name)
        ):
            plan = plans_of.get(inst.id)
            risky.append(
                (
                    inst.name,
                    inst.risk_grade.value,
                    state.reasons if state else "",
                    f"处置中（责任人{plan.responsible}，期限{plan.due_on or '未定'}）" if plan else "未制定处置方案",
                )
            )
        found.lists.append(("中高风险机构及处置方案", risky, ["机构", "等级", "风险因素", "处置方案"]))

        accounts = s.scalar(select(func.count()).select_from(FundAccount)) or 0
        as_at = (
            select(FundSnapshot.balance_cents)
            .where(FundSnapshot.account_id == FundAccount.id, FundSnapshot.taken_on <= last)
            .order_by(FundSnapshot.taken_on.desc())
            .limit(1)
            .scalar_subquery()
        )
        low: Rows = [
            (name, format_money(balance), format_money(minimum))
            for name, balance, minimum in s.execute(
                select(Institution.name, as_at, FundAccount.minimum_balance_cents)
                .join(Institution, Institution.id == FundAccount.institution_id)
                .where(as_at < FundAccount.minimum_balance_cents)
                .order_by(FundAccount.institution_sort)
            )
        ]
        threshold = settings.get(opts.FUNDS_LARGE_MOVEMENT_YUAN) * 100
        moves: Rows = [
            (name, day.isoformat(), ("+" if change >= 0 else "-") + format_money(abs(change)), format_money(balance))
            for name, day, change, balance in s.execute(
                select(Institution.name, FundSnapshot.taken_on, FundSnapshot.change_cents, FundSnapshot.balance_cents)
                .join(FundAccount, FundAccount.id == FundSnapshot.account_id)
                .join(Institution, Institution.id == FundAccount.institution_id)
                .where(
                    FundSnapshot.taken_on.between(first, last), func.abs(FundSnapshot.change_cents) >= max(threshold, 1)
                )
                .order_by(FundSnapshot.taken_on)
            )
        ]
        charges: Rows = [
            (name, day.isoformat(), format_money(amount), breach)
            for name, day, amount, breach in s.execute(
                select(Institution.name, FundCharge.charged_on, FundCharge.amount_cents, FundCharge.breach)
                .join(Institution, Institution.id == FundCharge.institution_id)
                .where(FundCharge.charged_on.between(first, last), FundCharge.breach != "")
                .order_by(FundCharge.charged_on)
            )
        ]
        found.summary.append(
            f"预收费资金监管方面，登记资金监管账户{accounts}户，期末{len(low)}户余额低于最低余额；报告期内大额异动"
            f"{len(moves)}笔，发现一次性收费超过3个月或60课时{len(charges)}笔。"
        )
        found.figures.append(("资金监管账户（期末低于最低余额）", f"{accounts} 户（{len(low)} 户）"))
        found.lists.append(("资金监管账户余额低于最低余额（期末）", low, ["机构", "余额（元）", "最低余额（元）"]))
        found.lists.append(("资金大额异动", moves, ["机构", "日期", "变动（元）", "变动后余额（元）"]))
        found.lists.append(("一次性收费超过3个月或60课时", charges, ["机构", "收费日期", "金额（元）", "情况"]))

        on_lists = dict(
            s.execute(
                select(ListEntry.kind, func.count())
                .where(ListEntry.listed_on <= last, or_(ListEntry.removed_on.is_(None), ListEntry.removed_on > last))
                .group_by(ListEntry.kind)
            ).all()
        )
        moved: Rows = []
        for entry, name in s.execute(
            select(ListEntry, Institution.name)
            .join(Institution, Institution.id == ListEntry.institution_id)
            .where(
                or_(
                    ListEntry.listed_on.between(first, last),
                    and_(ListEntry.removed_on.is_not(None), ListEntry.removed_on.between(first, last)),
                )
            )
            .order_by(ListEntry.listed_on)
        ):
            if first <= entry.listed_on <= last:
                moved.append(
                    (entry.kind.label, name, "列入", entry.listed_on.isoformat(), entry.reason, entry.doc_number or "")
                )
            if entry.removed_on and first <= entry.removed_on <= last:
                moved.append(
                    (
                        entry.kind.label,
                        name,
                        "移出",
                        entry.removed_on.isoformat(),
                        entry.removal_reason or "",
                        entry.removal_doc_number or "",
                    )
                )
        black, white = on_lists.get(ListKind.BLACK, 0), on_lists.get(ListKind.WHITE, 0)
        found.summary.append(f"公示名单方面，期末黑名单{black}家、白名单{white}家；报告期内列入和移出{len(moved)}次。")
        found.figures.append(("黑名单 / 白名单（期末）", f"{black} / {white} 家"))
        found.lists.append(("公示名单列入和移出", moved, ["名单", "机构", "事项", "日期", "原因", "文号"]))
    return found
