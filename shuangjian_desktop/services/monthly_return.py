"""The monthly return (月报) to the city: every figure counted from the ledgers for one month, with the records
behind it, so that each number can be traced to the rows that make it.

Institutions are counted as they stood on the month's last day (present state with later changes undone);
activity (inspections, notices, tickets) by the dates it happened in the month. Inspections are counted as the
ledger holds them now, so a corrected or deleted record changes the return it is in (re-export it).

- 发现问题: every broken rule, every aspect found wanting that no broken rule explains, and, where nothing was
  ticked, what the inspectors wrote (domain/inspection_findings.py); inspections of schools are not counted here.
- 发现节假日违规培训: inspections with a holiday rule broken (第18条), not the online-lesson rule (第19条).
- 压减数: each institution once. One converted to non-subject (学改非) and later deregistered (注销) is in both
  cumulative rows, so the return states how many are in both (学改非后又注销): 压减数 = 学改非累计 + 注销累计 − that.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from shuangjian_desktop.documents.monthly_return_xlsx import (
    ReturnHeader,
    write_monthly_return,
)
from shuangjian_desktop.domain.enums import (
    AssignmentKind,
    Category,
    ChangeKind,
    InspectionResult,
    Mode,
    NonSubjectArea,
    NoticeKind,
    NoticeStatus,
    Status,
)
from shuangjian_desktop.domain.inspection_findings import Found, problems
from shuangjian_desktop.domain.reduction import StatusChangeFact, reduction
from shuangjian_desktop.domain.status_rules import InstitutionState, state_on
from shuangjian_desktop.services.as_at import notices_as_at
from shuangjian_desktop.services.catalogues import inspection_aspects, rule_aspects, rule_number
from shuangjian_desktop.services.status_changes.reduction import baseline_date, baseline_ids
from shuangjian_desktop.store.models import (
    Assignment,
    BureauProfile,
    Inspection,
    InspectionInspector,
    Institution,
    Notice,
    StatusChange,
    Ticket,
)
from shuangjian_desktop.store.uow import Store

EXISTING = (Status.OPERATING, Status.SUSPENDED, Status.CONVERTED)


@dataclass(frozen=True)
class Detail:
    figure: str
    kind: str
    record: str
    day: str


@dataclass
class MonthlyReturn:
    month: str
    first: dt.date
    last: dt.date
    unit: str = ""
    person_in_charge: str = ""
    contact: str = ""
    contact_phone: str = ""
    values: dict[str, float | int | None] = field(default_factory=dict)
    details: list[Detail] = field(default_factory=list)
    warning: str = ""

    def add(self, key: str, records: list[tuple[str, str, str]]) -> None:
        """Count ``records`` as figure ``key`` and keep them as its details."""
        self.values[key] = len(records)
        self.details += [Detail(key, kind, record, day) for kind, record, day in records]

    def rate(self, key: str, numerator: str, denominator: str) -> None:
        self.values[key] = rate(self.values.get(numerator), self.values.get(denominator))


def rate(top: float | int | None, bottom: float | int | None) -> float | None:
    """top / bottom to four places (0.00% in the sheet), rounded half up from the exact fraction."""
    if not bottom:
        return None
    return float((Decimal(int(top or 0)) / Decimal(int(bottom))).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))


def month_bounds(month: str) -> tuple[dt.date, dt.date]:
    try:
        year, number = (int(part) for part in month.split("-"))
        first = dt.date(year, number, 1)
    except ValueError:
        raise ValueError(f"月份“{month}”应写成 2026-10 的形式") from None
    return first, dt.date(year, number, calendar.monthrange(year, number)[1])


def build_return(store: Store, month: str, fallback_baseline: dt.date) -> MonthlyReturn:
    first, last = month_bounds(month)
    return build_period(store, first, last, fallback_baseline, label=month)


def build_period(
    store: Store, first: dt.date, last: dt.date, fallback_baseline: dt.date, label: str = ""
) -> MonthlyReturn:
    """The same figures for any period (the supervision report's): activity within it, states at its end."""
    if last < first:
        raise ValueError("结束日期不能早于开始日期")
    result = MonthlyReturn(label or f"{first.isoformat()}至{last.isoformat()}", first, last)
    with store.read() as uow:
        session = uow.session
        profile = session.scalar(select(BureauProfile))
        if profile is not None:
            result.unit, result.person_in_charge = profile.unit_name, profile.person_in_charge
            result.contact, result.contact_phone = profile.contact, profile.contact_phone
        _institutions(session, result, last)
        _approval(session, result, first, last, baseline_date(session, fallback_baseline))
        _supervision(session, result, first, last)
        _complaints(session, result, first, last)
        _coverage(session, result, last)
    return result


def _states_on(session: Session, day: dt.date) -> list[tuple[Institution, InstitutionState]]:
    later: dict[int, list[tuple[dt.date, int, ChangeKind]]] = defaultdict(list)
    for change in session.scalars(select(StatusChange).where(StatusChange.effective_on > day)):
        later[change.institution_id].append((change.effective_on, change.id, change.kind))
    found = []
    for inst in session.scalars(select(Institution).order_by(Institution.sort_name)):
        undo = [kind for _d, _i, kind in sorted(later.get(inst.id, []), reverse=True)]
        found.append(
            (inst, state_on(InstitutionState(inst.category, inst.area, inst.profit_status, inst.status), undo))
        )
    return found


def _institutions(session: Session, result: MonthlyReturn, last: dt.date) -> None:
    states = _states_on(session, last)
    existing = [(inst, s) for inst, s in states if s.status in EXISTING]
    day = last.isoformat()

    def pick(keep: Callable[[Institution, InstitutionState], bool]) -> list[tuple[str, str, str]]:
        return [("机构", inst.name, day) for inst, s in existing if keep(inst, s)]

    result.add("inst_total", pick(lambda i, s: True))
    result.add("inst_subject_offline", pick(lambda i, s: s.category is Category.SUBJECT and i.mode is Mode.OFFLINE))
    result.add("inst_subject_online", pick(lambda i, s: s.category is Category.SUBJECT and i.mode is Mode.ONLINE))
    for area in NonSubjectArea:
        result.add(
            f"inst_non_subject_{area.value}",
            pick(lambda i, s, a=area: s.category is Category.NON_SUBJECT and (s.area or NonSubjectArea.OTHER) is a),
        )
    result.add("inst_suspended", pick(lambda i, s: s.status is Status.SUSPENDED))
    result.add("inst_unlicensed", [("无证机构", inst.name, day) for inst, s in states if s.status is Status.UNLICENSED])


def _approval(session: Session, result: MonthlyReturn, first: dt.date, last: dt.date, baseline: dt.date) -> None:
    ids = baseline_ids(session, baseline)
    names = dict(session.execute(select(Institution.id, Institution.name)).all())
    changes = list(
        session.scalars(
            select(StatusChange).where(StatusChange.effective_on > baseline, StatusChange.effective_on <= last)
        )
    )
    result.add("baseline", [("压减基数", names[i], baseline.isoformat()) for i in sorted(ids, key=names.get)])
    for kind, key in (
        (ChangeKind.TO_NON_PROFIT, "to_non_profit"),
        (ChangeKind.TO_NON_SUBJECT, "to_non_subject"),
        (ChangeKind.DEREGISTERED, "deregistered"),
    ):
        cumulative = [c for c in changes if c.kind is kind and c.institution_id in ids]
        result.add(
            f"{key}_total", [(kind.label, names[c.institution_id], c.effective_on.isoformat()) for c in cumulative]
        )
        result.add(
            f"{key}_month",
            [
                (kind.label, names[c.institution_id], c.effective_on.isoformat())
                for c in cumulative
                if c.effective_on >= first
            ],
        )
    figures = reduction(ids, [StatusChangeFact(c.institution_id, c.kind, c.effective_on) for c in changes], last)
    both = sorted(figures.both_ids, key=names.get)
    result.add("reduction_overlap", [("学改非后又注销（压减只计一次）", names[i], last.isoformat()) for i in both])
    result.values["reduction_count"] = figures.reduction_count
    result.values["reduction_rate"] = rate(figures.reduction_count, figures.baseline)


def _supervision(session: Session, result: MonthlyReturn, first: dt.date, last: dt.date) -> None:
    start, end = dt.datetime.combine(first, dt.time()), dt.datetime.combine(last + dt.timedelta(days=1), dt.time())
    inspections = list(
        session.scalars(
            select(Inspection)
            .where(Inspection.started_at >= start, Inspection.started_at < end, Inspection.institution_id.is_not(None))
            .options(
                selectinload(Inspection.violations),
                selectinload(Inspection.aspects),
                selectinload(Inspection.inspectors).selectinload(InspectionInspector.person),
                selectinload(Inspection.institution),
            )
            .order_by(Inspection.started_at)
        )
    )

    def row(i: Inspection) -> tuple[str, str, str]:
        return ("检查", i.institution.name, f"{i.started_at:%Y-%m-%d %H:%M}")

    result.add("inspections", [row(i) for i in inspections])
    result.add(
        "inspector_times",
        [
            ("检查人次", f"{i.institution.name}：{p.person.name}", f"{i.started_at:%Y-%m-%d}")
            for i in inspections
            for p in i.inspectors
        ],
    )
    result.add("key_hours", [row(i) for i in inspections if i.key_hours])
    result.add("problems", [problem for i in inspections for problem in problem_details(i)])
    result.add("fixed_on_site", [row(i) for i in inspections if i.result is InspectionResult.FIXED_ON_SITE])
    notices = list(
        session.scalars(
            select(Notice)
            .where(Notice.issued_on.between(first, last))
            .options(selectinload(Notice.institution))
            .order_by(Notice.issued_on)
        )
    )
    result.add("notices", [("通知书", n.doc_number, n.issued_on.isoformat()) for n in notices])
    status_then = {a.notice.id: a.status for a in notices_as_at(session, notices, last)}
    result.add(
        "notices_rectified",
        [
            ("通知书", n.doc_number, n.issued_on.isoformat())
            for n in notices
            if status_then.get(n.id) is NoticeStatus.PASSED
        ],
    )
    suspended = [
        ("停止办学通知书", n.doc_number, n.issued_on.isoformat())
        for n in notices
        if n.kind is NoticeKind.STOP_OPERATION
    ]
    names = dict(session.execute(select(Institution.id, Institution.name)).all())
    suspended += [
        ("停业整顿", names[c.institution_id], c.effective_on.isoformat())
        for c in session.scalars(
            select(StatusChange).where(
                StatusChange.kind == ChangeKind.SUSPENDED, StatusChange.effective_on.between(first, last)
            )
        )
    ]
    result.add("suspended", suspended)
    holiday = [i for i in inspections if i.holiday_training_found]
    passed = {
        a.notice.inspection_id
        for a in notices_as_at(session, session.scalars(select(Notice).where(Notice.issued_on <= last)), last)
        if a.status is NoticeStatus.PASSED
    }
    result.add("holiday_found", [row(i) for i in holiday])
    result.add(
        "holiday_cleared", [row(i) for i in holiday if i.result is InspectionResult.FIXED_ON_SITE or i.id in passed]
    )
    existing = {inst.id for inst, state in _states_on(session, last) if state.status in EXISTING}
    prepaid = [
        inst
        for inst in session.scalars(
            select(Institution).where(Institution.prepaid_balance_cents > 0).order_by(Institution.sort_name)
        )
        if inst.id in existing
    ]
    result.add("prepaid_institutions", [("收取预收费的机构", inst.name, last.isoformat()) for inst in prepaid])
    result.add(
        "fund_supervised", [("纳入资金监管", inst.name, last.isoformat()) for inst in prepaid if inst.fund_supervised]
    )
    result.rate("fund_coverage", "fund_supervised", "prepaid_institutions")


def problem_details(inspection: Inspection) -> list[tuple[str, str, str]]:
    """The problems one inspection found, each once, as detail rows (发现问题)."""
    labels = {a.code: a.label for a in inspection_aspects()}
    found = Found.of(
        (v.rule_code for v in inspection.violations),
        (a.aspect for a in inspection.aspects if not a.passed),
        inspection.written_findings,
    )
    day = f"{inspection.started_at:%Y-%m-%d}"

    def words(kind: str, what: str) -> str:
        if kind == "rule":
            return f"违反负面清单{rule_number(what)}"
        return f"{labels.get(what, what)}方面存在问题" if kind == "aspect" else what

    return [
        ("问题", f"{inspection.subject_name}：{words(kind, what)}", day)
        for kind, what in problems(found, rule_aspects())
    ]


def _complaints(session: Session, result: MonthlyReturn, first: dt.date, last: dt.date) -> None:
    start, end = dt.datetime.combine(first, dt.time()), dt.datetime.combine(last + dt.timedelta(days=1), dt.time())
    received = list(
        session.scalars(
            select(Ticket).where(Ticket.received_at >= start, Ticket.received_at < end).order_by(Ticket.received_at)
        )
    )
    closed = list(
        session.scalars(
            select(Ticket).where(Ticket.closed_at >= start, Ticket.closed_at < end).order_by(Ticket.closed_at)
        )
    )
    result.add("tickets_received", [("工单", t.number, f"{t.received_at:%Y-%m-%d}") for t in received])
    result.add("tickets_closed", [("工单", t.number, f"{t.closed_at:%Y-%m-%d}") for t in closed])  # type: ignore[str-format]
    result.add(
        "tickets_on_time",
        [
            ("工单", t.number, f"{t.closed_at:%Y-%m-%d}")
            for t in closed
            if (t.replied_at or t.closed_at).date() <= t.deadline
        ],
    )  # type: ignore[union-attr]
    result.rate("tickets_on_time_rate", "tickets_on_time", "tickets_closed")


def _coverage(session: Session, result: MonthlyReturn, last: dt.date) -> None:
    active = list(
        session.scalars(
            select(Assignment)
            .where(Assignment.starts_on <= last, or_(Assignment.ends_on.is_(None), Assignment.ends_on >= last))
            .options(selectinload(Assignment.person))
        )
    )

    def people(kind: AssignmentKind, signed: bool = False) -> list[tuple[str, str, str]]:
        chosen = {
            a.person_id: a.person.name
            for a in active
            if a.kind is kind and (not signed or (a.letter_signed_on is not None and a.letter_signed_on <= last))
        }
        return [(kind.label, name, last.isoformat()) for name in sorted(chosen.values())]

    result.add("staff", people(AssignmentKind.STAFF_INSTITUTION))
    names = dict(session.execute(select(Institution.id, Institution.name)).all())
    covered = sorted({names[a.institution_id] for a in active if a.kind is AssignmentKind.STAFF_INSTITUTION})
    result.add("staff_institutions", [("包保机构", name, last.isoformat()) for name in covered])
    result.add("principals", people(AssignmentKind.PRINCIPAL_TEACHERS))
    result.add("principals_signed", people(AssignmentKind.PRINCIPAL_TEACHERS, signed=True))
    result.add("community_secretaries", people(AssignmentKind.COMMUNITY_PATROL))
    result.add("compound_patrollers", people(AssignmentKind.COMPOUND_PATROL))
    result.add("inspectors", people(AssignmentKind.INSPECTOR_INSTITUTION))


def month_warning(month: str, today: dt.date) -> str:
    """What a clerk must know before sending this month's return: empty for a month that has ended."""
    first, last = month_bounds(month)
    if first > today:
        return f"{month}尚未开始：表中各项为截至{today.isoformat()}的台账状态，本月的检查、工单等均为0"
    if last >= today:
        return f"{month}尚未结束：表中数据截至{today.isoformat()}，月末前请重新导出"
    return ""


def export_monthly_return(
    store: Store,
    month: str,
    path: Path,
    fallback_baseline: dt.date,
    filled_on: dt.date | None = None,
    today: dt.date | None = None,
) -> MonthlyReturn:
    """The return as a workbook; an unfinished month is counted up to today, and the warning is written under
    the title and returned in ``result.warning``."""
    today = today or dt.date.today()
    warning = month_warning(month, today)
    first, last = month_bounds(month)
    result = build_period(store, first, min(last, max(today, first)), fallback_baseline, label=month)
    result.warning = warning
    header = ReturnHeader(
        result.unit,
        result.person_in_charge,
        result.contact,
        result.contact_phone,
        (filled_on or today).isoformat(),
        month,
        note=warning,
    )
    write_monthly_return(path, header, result.values, [(d.figure, d.kind, d.record, d.day) for d in result.details])
    return result
