"""Rectification and stop-operation notices inside a writer's transaction: issue one with the next document number,
take a step of its life (serve, rectify, pass or fail the re-inspection, escalate), each kept as an event.

Every function here works in the caller's session, so one user action is one transaction: escalating marks the old
notice and issues the stop-operation notice together, or neither; a stop-operation notice puts the institution into
停业整顿 (a status change carrying the notice's number) in the same transaction. A failed re-inspection names its
date and the re-inspection record; a passed one may (else the latest inspection since the notice is taken).

Document numbers come from doc_sequence, whose row for the prefix and year is locked (SELECT … FOR UPDATE) until
the issuing transaction ends: two clerks issuing at the same moment, on two PCs against a server or in two windows
on one file (where SQLite's write lock does the same), get consecutive numbers: never a repeat, never a gap (a
transaction that rolls back gives its number back with its lock).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from shuangjian_desktop.domain.doc_number import DocNumber
from shuangjian_desktop.domain.enums import ChangeKind, InspectionResult, NoticeKind, NoticeStatus, Status
from shuangjian_desktop.domain.errors import DomainError, FieldProblem, NotFound, RecordRejected
from shuangjian_desktop.domain.inspection_rules import next_notice_status
from shuangjian_desktop.domain.notice_terms import SERVICE_MANNERS, deadline_from_receipt
from shuangjian_desktop.services.calendar import load_calendar
from shuangjian_desktop.services.status_changes.follow import record_change
from shuangjian_desktop.store.models import BureauProfile, DocSequence, Inspection, Notice, NoticeEvent
from shuangjian_desktop.store.sequences import lock_sequence

SUSPENDABLE = (Status.OPERATING, Status.CONVERTED)
"""What a stop-operation notice suspends: an institution that is running (an unlicensed one has nothing to suspend,
a suspended or deregistered one is already stopped)."""


@dataclass(frozen=True)
class Service:
    """How a notice was served, as the receipt records it."""

    time: dt.time | None = None
    place: str = ""
    manner: str = ""
    witness: str = ""
    proxy: str = ""


@dataclass(frozen=True)
class NoticeRequest:
    """What the clerk asks for when issuing a notice."""

    inspection_id: int
    kind: NoticeKind
    deadline_days: int
    issued_on: dt.date
    items: str = ""
    escalated_from: int | None = None
    contact: str | None = None
    contact_phone: str | None = None


def next_number(session: Session, prefix: str, year: int) -> DocNumber:
    """The next number of ``prefix`` in ``year``, its sequence row locked until the caller's transaction ends."""
    row = lock_sequence(session, prefix, year)
    row.last_value += 1
    return DocNumber(prefix, year, row.last_value)


def peek_number(session: Session, prefix: str, year: int) -> DocNumber:
    """The number the next notice would get (nothing is taken: another window may take it first)."""
    row = session.get(DocSequence, (prefix, year))
    return DocNumber(prefix, year, (row.last_value if row else 0) + 1)


def prefix_of(session: Session, kind: NoticeKind) -> str:
    profile = session.scalar(select(BureauProfile))
    prefix = ""
    if profile is not None:
        prefix = profile.doc_prefix_stop if kind is NoticeKind.STOP_OPERATION else profile.doc_prefix_rectification
    if not prefix:
        raise DomainError("尚未设置发文机关代字（如“示教体整改”），请先在单位信息中填写")
    return prefix


def issue_notice(session: Session, request: NoticeRequest, user: str) -> Notice:
    """A numbered notice dated the day the clerk chose. Its deadline counts from receipt: until it is served,
    ``deadline`` holds the date it would be if served on the day of issue."""
    if not 1 <= request.deadline_days <= 180:
        raise RecordRejected([FieldProblem(None, "整改期限", "应为1-180天")])
    inspection = session.get(Inspection, request.inspection_id)
    if inspection is None:
        raise NotFound("该检查记录已不存在")
    if inspection.institution_id is None:
        raise DomainError("这是对学校的检查：整改和停止办学通知书只对校外培训机构下达")
    if (
        inspection.result in (InspectionResult.PASSED, InspectionResult.FIXED_ON_SITE)
        and request.escalated_from is None
    ):
        raise DomainError(f"该次检查结果为“{inspection.result.label}”，无需下达通知书")
    if request.issued_on < inspection.started_at.date():
        raise RecordRejected([FieldProblem(None, "成文日期", "不能早于检查日期")])
    profile = session.scalar(select(BureauProfile))
    number = next_number(session, prefix_of(session, request.kind), request.issued_on.year)
    contact = request.contact if request.contact is not None else (profile.contact if profile else "")
    phone = request.contact_phone if request.contact_phone is not None else (profile.contact_phone if profile else "")
    notice = Notice(
        doc_number=str(number),
        kind=request.kind,
        institution_id=inspection.institution_id,
        inspection_id=inspection.id,
        issued_on=request.issued_on,
        deadline_days=request.deadline_days,
        deadline=deadline_from_receipt(request.issued_on, request.deadline_days, load_calendar(session)),
        items=request.items.strip() or inspection.findings or "",
        status=NoticeStatus.ISSUED,
        contact=contact.strip() or None,
        contact_phone=phone.strip() or None,
    )
    notice.events.append(
        NoticeEvent(step="issue", status=NoticeStatus.ISSUED, effective_on=request.issued_on, username=user)
    )
    session.add(notice)
    session.flush()
    if request.escalated_from is not None:
        old = session.get(Notice, request.escalated_from)
        if old is not None:
            old.escalated_to_id = notice.id
    institution = inspection.institution
    if request.kind is NoticeKind.STOP_OPERATION and institution is not None and institution.status in SUSPENDABLE:
        record_change(
            session, institution, ChangeKind.SUSPENDED, request.issued_on, notice.doc_number, "下达停止办学通知书"
        )
    return notice


def take_step(
    session: Session,
    notice_id: int,
    step: str,
    user: str,
    *,
    on: dt.date,
    signer: str = "",
    reinspection_id: int | None = None,
    note: str = "",
    service: Service | None = None,
) -> Notice:
    """One step of the notice's life on day ``on``, kept as an event. Serving records the receipt (signer, time,
    place, manner, witness, proxy) and fixes the deadline from the day of receipt."""
    notice = session.get(Notice, notice_id)
    if notice is None:
        raise NotFound("该通知书已不存在")
    status = next_notice_status(notice.status, step)
    if on > dt.date.today():
        raise RecordRejected([FieldProblem(None, "日期", "不能晚于今天")])
    last = max((e.effective_on for e in notice.events), default=notice.issued_on)
    if on < last:
        raise RecordRejected([FieldProblem(None, "日期", f"不能早于上一步的日期（{last}）")])
    if step == "serve":
        _serve(session, notice, on, signer, service or Service())
    if step in ("pass", "fail"):
        if reinspection_id is None and step == "fail":
            raise RecordRejected([FieldProblem(None, "复查记录", "复查不合格须选择复查时的检查记录（先登记复查）")])
        if reinspection_id is None:  # the latest inspection of the institution since the notice was issued
            reinspection_id = session.scalar(
                select(Inspection.id)
                .where(
                    Inspection.institution_id == notice.institution_id,
                    Inspection.started_at >= dt.datetime.combine(notice.issued_on, dt.time()),
                    Inspection.id != notice.inspection_id,
                )
                .order_by(Inspection.started_at.desc())
                .limit(1)
            )
        else:
            _check_reinspection(session, notice, session.get(Inspection, reinspection_id), step, on)
        notice.reinspection_id = reinspection_id
    if note:
        notice.note = ((notice.note or "") + f"\n{on} {note}").strip()
    notice.status = status
    notice.events.append(NoticeEvent(step=step, status=status, effective_on=on, username=user, note=note or None))
    return notice


def _check_reinspection(
    session: Session, notice: Notice, inspection: Inspection | None, step: str, on: dt.date
) -> None:
    problems = []
    if inspection is None:
        problems.append(FieldProblem(None, "复查记录", "所选检查记录已不存在"))
    elif inspection.institution_id != notice.institution_id:
        problems.append(FieldProblem(None, "复查记录", "所选检查记录不是对该机构的检查"))
    elif inspection.id == notice.inspection_id or inspection.started_at.date() < notice.issued_on:
        problems.append(FieldProblem(None, "复查记录", f"复查应在通知书下达（{notice.issued_on}）之后"))
    elif inspection.started_at.date() > on:
        problems.append(FieldProblem(None, "日期", f"不能早于复查日期（{inspection.started_at:%Y-%m-%d}）"))
    elif step == "fail" and inspection.result is InspectionResult.PASSED:
        problems.append(FieldProblem(None, "复查记录", "所选复查记录的结果为“合格”，与“复查不合格”矛盾"))
    if problems:
        raise RecordRejected(problems)


def _serve(session: Session, notice: Notice, on: dt.date, signer: str, service: Service) -> None:
    problems = []
    if on < notice.issued_on:
        problems.append(FieldProblem(None, "送达日期", "不能早于下达日期"))
    manner = service.manner.strip() or SERVICE_MANNERS[0]
    if manner not in SERVICE_MANNERS:
        problems.append(FieldProblem(None, "送达方式", f"应为{'、'.join(SERVICE_MANNERS)}之一"))
    if manner == "留置送达" and not service.witness.strip():
        problems.append(FieldProblem(None, "见证人", "留置送达须记录见证人"))
    elif manner != "留置送达" and not (signer.strip() or service.proxy.strip()):
        problems.append(FieldProblem(None, "签收人", "送达须记录签收人（或代收人）"))
    if problems:
        raise RecordRejected(problems)
    notice.served_on, notice.receipt_signer = on, signer.strip() or None
    notice.served_time = service.time
    notice.service_place = service.place.strip() or notice.institution.address or None
    notice.service_manner = manner
    notice.witness = service.witness.strip() or None
    notice.proxy = service.proxy.strip() or None
    notice.deadline = deadline_from_receipt(on, notice.deadline_days, load_calendar(session))


def escalate_notice(session: Session, notice_id: int, user: str, deadline_days: int, on: dt.date) -> Notice:
    """A notice failed at re-inspection becomes a stop-operation notice; the old one is marked escalated. Both in
    the caller's one transaction."""
    notice = take_step(session, notice_id, "escalate", user, on=on)
    inspection_id = notice.reinspection_id or notice.inspection_id
    if inspection_id is None:
        raise DomainError("该通知书没有对应的检查记录，不能升级处理")
    request = NoticeRequest(
        inspection_id,
        NoticeKind.STOP_OPERATION,
        deadline_days,
        on,
        items=_escalation_items(notice),
        escalated_from=notice_id,
    )
    return issue_notice(session, request, user)


@dataclass(frozen=True)
class EscalationPreview:
    """What escalating a failed notice will do, shown to the clerk before it is done."""

    institution: str
    doc_number: str
    """The number the stop-operation notice would get now (another window may take it first)."""
    deadline_days: int
    items: str
    suspends: bool
    """Whether the institution will be put into 停业整顿."""

    def text(self) -> str:
        lines = [
            f"将对“{self.institution}”下达停止办学通知书，文号 {self.doc_number}（以下达时为准），"
            f"期限为收到之日起{self.deadline_days}日；",
            f"事由：{self.items}",
        ]
        if self.suspends:
            lines.append("同时在转型注销台账中登记“停业整顿”，机构状态改为停业整顿。")
        return "\n".join(lines)


def escalation_preview(session: Session, notice_id: int, deadline_days: int, on: dt.date) -> EscalationPreview:
    notice = session.get(Notice, notice_id)
    if notice is None:
        raise NotFound("该通知书已不存在")
    next_notice_status(notice.status, "escalate")  # refused with the reason when it cannot be escalated now
    institution = notice.institution
    return EscalationPreview(
        institution.name,
        str(peek_number(session, prefix_of(session, NoticeKind.STOP_OPERATION), on.year)),
        deadline_days,
        _escalation_items(notice),
        institution.status in SUSPENDABLE,
    )


def _escalation_items(notice: Notice) -> str:
    return f"经复查，{notice.doc_number}通知书要求整改的问题仍未整改到位：{notice.items}"
