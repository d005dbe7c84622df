"""The supervision report for any period: the figures of the monthly return for the period, told in sentences,
charted by month, with the lists that need action and the special campaigns and joint enforcement of the period.

True whenever it is run: every status is the one on the period's last day, replayed from the event rows
(services/as_at.py); a period that ends after today is cut at today and the report says so; rates are rounded half
up from their counts (81.25% is 81.3%).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from sqlalchemy import select

from shuangjian_desktop import settings as opts
from shuangjian_desktop.documents.supervision_report import ReportData, Series, write_supervision_report
from shuangjian_desktop.domain.enums import ChangeKind, NoticeStatus
from shuangjian_desktop.domain.values import chinese_date
from shuangjian_desktop.services.as_at import notices_as_at, open_tickets_as_at
from shuangjian_desktop.services.assignments.coverage import coverage_gaps
from shuangjian_desktop.services.calendar import load_calendar
from shuangjian_desktop.services.campaigns.figures import CampaignFigures, campaigns_between, joint_by_department
from shuangjian_desktop.services.monthly_return import MonthlyReturn, build_period
from shuangjian_desktop.services.supervision_sections import supervision_sections
from shuangjian_desktop.store.models import Institution, Notice, StatusChange, Ticket
from shuangjian_desktop.store.uow import Store


def percent(top: float | int | None, bottom: float | int | None, places: int = 1) -> str:
    """top / bottom as a percentage rounded half up ("—" without a denominator)."""
    if not bottom:
        return "—"
    exact = Decimal(int(top or 0)) * 100 / Decimal(int(bottom))
    return f"{exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)}%"


def _rate(r: MonthlyReturn, top: str, bottom: str) -> str:
    return percent(r.values.get(top), r.values.get(bottom))


def _months(first: dt.date, last: dt.date) -> list[str]:
    months, day = [], first.replace(day=1)
    while day <= last:
        months.append(f"{day:%Y-%m}")
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months


def summary(r: MonthlyReturn) -> list[str]:
    v = r.values
    return [
        f"截至{chinese_date(r.last)}，全县共有校外培训机构{v['inst_total']}家，其中学科类"
        f"{(v['inst_subject_offline'] or 0) + (v['inst_subject_online'] or 0)}家、非学科类"
        f"{sum(v[k] or 0 for k in v if k.startswith('inst_non_subject_'))}家；"
        f"另有查处中的无证机构{v['inst_unlicensed']}家。",
        f"以营利性学科类机构{v['baseline']}家为基数，累计学改非{v['to_non_subject_total']}家、注销{v['deregistered_total']}家，"
        + (f"其中{v['reduction_overlap']}家学改非后又注销、只计一次，" if v.get("reduction_overlap") else "")
        + f"压减{v['reduction_count']}家，压减率{_rate(r, 'reduction_count', 'baseline')}；"
        f"营转非{v['to_non_profit_total']}家。",
        f"报告期内开展检查{v['inspections']}家次、{v['inspector_times']}人次，其中重点时段{v['key_hours']}家次；发现问题"
        f"{v['problems']}个，现场整改{v['fixed_on_site']}家次，下达整改（停办）通知书{v['notices']}份，已整改到位"
        f"{v['notices_rectified']}份；预收费资金监管覆盖率"
        f"{_rate(r, 'fund_supervised', 'prepaid_institutions')}。",
        f"报告期内受理投诉举报{v['tickets_received']}件，办结{v['tickets_closed']}件，按期办结率"
        f"{_rate(r, 'tickets_on_time', 'tickets_closed')}。",
        f"“四包”责任方面，{v['staff']}名局机关工作人员包保{v['staff_institutions']}家机构，{v['principals']}名校长中"
        f"{v['principals_signed']}名已签订责任书，{v['community_secretaries']}名社区书记、{v['compound_patrollers']}名"
        f"小区书记和网格员开展巡查，{v['inspectors']}名责任督学挂牌督导。",
    ]


def campaign_row(c: CampaignFigures) -> tuple[str, ...]:
    return (
        c.name,
        c.period,
        "、".join(c.departments) or "—",
        str(c.inspections + c.schools),
        str(c.joint),
        str(c.problems),
        str(c.notices),
    )


def campaign_summary(campaigns: list[CampaignFigures], joint: list[tuple[str, int]]) -> list[str]:
    """The campaigns and joint enforcement of the period in a sentence (none when there were neither)."""
    if not campaigns and not joint:
        return []
    parts = []
    if campaigns:
        names = "、".join(f"“{c.name}”" for c in campaigns)
        inspected = sum(c.inspections + c.schools for c in campaigns)
        parts.append(f"报告期内开展专项行动{len(campaigns)}次（{names}），检查{inspected}家次")
    if joint:
        by_department = "、".join(f"{name}{count}家次" for name, count in joint)
        parts.append(f"联合执法中各成员单位参加检查：{by_department}")
    return ["；".join(parts) + "。"]


def make_report(
    store: Store, settings: opts.Settings, first: dt.date, last: dt.date, path: Path, today: dt.date | None = None
) -> ReportData:
    today = today or dt.date.today()
    if last < first:
        raise ValueError("结束日期不能早于开始日期")
    if first > today:
        raise ValueError(f"报告期从{chinese_date(first)}开始，尚未到来，无法生成")
    asked = last
    last = min(last, today)  # figures as at a day that has not come yet would be guesses
    r = build_period(store, first, last, settings.baseline_date())
    months = _months(first, last)
    start, end = dt.datetime.combine(first, dt.time()), dt.datetime.combine(last + dt.timedelta(days=1), dt.time())
    with store.read() as uow:
        s = uow.session
        tickets = list(s.scalars(select(Ticket).where(Ticket.received_at >= start, Ticket.received_at < end)))
        received = Counter(f"{t.received_at:%Y-%m}" for t in tickets)
        closed = Counter(
            f"{t.closed_at:%Y-%m}"
            for t in s.scalars(select(Ticket).where(Ticket.closed_at >= start, Ticket.closed_at < end))
            if t.closed_at
        )
        issued = list(s.scalars(select(Notice).where(Notice.issued_on.between(first, last))))
        notices = Counter(n.status for n in notices_as_at(s, issued, last))
        reduced = Counter(
            f"{c.effective_on:%Y-%m}"
            for c in s.scalars(
                select(StatusChange).where(
                    StatusChange.kind.in_((ChangeKind.TO_NON_SUBJECT, ChangeKind.DEREGISTERED)),
                    StatusChange.effective_on.between(first, last),
                )
            )
        )
        overdue_tickets = [
            (t.ticket.number, t.ticket.subject, t.deadline.isoformat(), t.status.label)
            for t in sorted(open_tickets_as_at(s, last, load_calendar(s)), key=lambda t: t.deadline)
            if t.deadline < last
        ]
        names = dict(s.execute(select(Institution.id, Institution.name)).all())
        every = notices_as_at(s, s.scalars(select(Notice).where(Notice.issued_on <= last)), last)
        overdue_notices = [
            (n.notice.doc_number, names[n.notice.institution_id], n.deadline.isoformat(), n.status.label)
            for n in sorted(every, key=lambda n: n.deadline or last)
            if n.status in (NoticeStatus.SERVED, NoticeStatus.RECTIFYING) and n.deadline and n.deadline < last
        ]
        failed = [
            (
                n.notice.doc_number,
                names[n.notice.institution_id],
                n.notice.issued_on.isoformat(),
                "复查不合格，未升级处理",
            )
            for n in sorted(every, key=lambda n: n.notice.issued_on)
            if n.status is NoticeStatus.FAILED
        ]
        unit = r.unit or "教育和体育局"
        campaigns = campaigns_between(s, first, last)
        joint = joint_by_department(s, first, last)
    gaps = [(g.title, g.subject, g.detail) for g in coverage_gaps(store, settings, last)]
    extra = supervision_sections(store, settings, first, last)  # patrol, risk, funds, public lists (issue 16)
    short = [m[2:].replace("-", "/") for m in months]
    period = f"{chinese_date(first)}至{chinese_date(asked)}"
    summary_lines = summary(r) + campaign_summary(campaigns, joint) + extra.summary
    if asked > last:
        period += f"（数据截至{chinese_date(last)}）"
        summary_lines.insert(0, f"报告期至{chinese_date(asked)}止，尚未结束；本报告各项数据截至{chinese_date(last)}。")
    data = ReportData(
        unit=unit,
        period=period,
        made_on=chinese_date(today),
        summary=summary_lines,
        figures=[
            ("校外培训机构（期末）", f"{r.values['inst_total']} 家"),
            ("压减率", _rate(r, "reduction_count", "baseline")),
            ("检查（家次 / 人次）", f"{r.values['inspections']} / {r.values['inspector_times']}"),
            ("发现问题", f"{r.values['problems']} 个"),
            ("下达通知书", f"{r.values['notices']} 份"),
            ("受理投诉举报", f"{r.values['tickets_received']} 件"),
            ("按期办结率", _rate(r, "tickets_on_time", "tickets_closed")),
            ("资金监管覆盖率", _rate(r, "fund_supervised", "prepaid_institutions")),
            *extra.figures,
        ],
        charts=[
            Series(
                "投诉举报（按月）",
                short,
                [[received[m] for m in months], [closed[m] for m in months]],
                ["受理", "办结"],
            ),
            Series(
                "通知书（期末状态）",
                [st.label for st in NoticeStatus],
                [[notices[st] for st in NoticeStatus]],
                ["份数"],
            ),
            Series("压减（学改非＋注销，按月）", short, [[reduced[m] for m in months]], ["家"]),
        ],
        lists=[
            ("超期未办结的工单", overdue_tickets, ["工单编号", "标题", "办结期限", "期末状态"]),
            ("超过整改期限的通知书", overdue_notices, ["文号", "机构", "整改期限", "期末状态"]),
            ("复查不合格尚未升级处理的通知书", failed, ["文号", "机构", "下达日期", "情况"]),
            ("“四包”覆盖缺口", gaps, ["问题", "对象", "说明"]),
            (
                "专项行动和联合执法",
                [campaign_row(c) for c in campaigns],
                [
                    "专项行动",
                    "起止日期",
                    "成员单位",
                    "检查（家次）",
                    "联合检查（家次）",
                    "发现问题（个）",
                    "通知书（份）",
                ],
            ),
            *extra.lists,
        ],
    )
    write_supervision_report(path, data)
    return data
