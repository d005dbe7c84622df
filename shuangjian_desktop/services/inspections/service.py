"""Inspections and the notices they lead to: record what was checked and found (records.py), correct or delete a
record, issue a numbered notice, serve it, follow it through rectification and re-inspection, or escalate it (the
notice rules are in notices.py), each user action in one transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shuangjian_desktop.atomicfile import atomic_path
from shuangjian_desktop.domain.access import Action
from shuangjian_desktop.domain.attachment_kinds import may_open, stored_suffix
from shuangjian_desktop.domain.enums import AuditAction, Method, NoticeKind, NoticeStatus
from shuangjian_desktop.domain.errors import DomainError, FieldProblem, NotFound, RecordRejected
from shuangjian_desktop.domain.inspection_rules import OPEN_NOTICES, safe_display_name
from shuangjian_desktop.services.catalogues import rule_number, unchecked_bases
from shuangjian_desktop.services.inspections.lookups import Lookups
from shuangjian_desktop.services.inspections.notices import (
    NoticeRequest,
    Service,
    escalate_notice,
    escalation_preview,
    issue_notice,
    take_step,
)
from shuangjian_desktop.services.inspections.records import (
    InspectionInput,
    check_input,
    check_references,
    correction_problems,
    deletion_refusal,
    notices_on,
    write,
)
from shuangjian_desktop.store.audit import record_event
from shuangjian_desktop.store.models import (
    Attachment,
    AttachmentContent,
    BureauProfile,
    Inspection,
    InspectionViolation,
    Institution,
    Notice,
)
from shuangjian_desktop.store.recycle import keep
from shuangjian_desktop.store.uow import Store

MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024
__all__ = ["FollowUp", "InspectionInput", "InspectionService", "Method", "RecordedInspection", "Service"]


@dataclass(frozen=True)
class FollowUp:
    notice_id: int
    doc_number: str
    institution: str
    deadline: dt.date
    status: str


@dataclass(frozen=True)
class RecordedInspection:
    """An inspection as the correction dialog shows it."""

    data: InspectionInput
    subject: str
    """The institution's or school's name."""
    ticket: str
    """The linked ticket as “编号 标题” (empty: none)."""
    attachments: list[str]
    notices: list[str]
    """Document numbers of the notices issued on it."""


class InspectionService(Lookups):
    def __init__(self, store: Store, attachments_dir: Path, *, in_database: bool = False) -> None:
        """Attachments are files in ``attachments_dir`` beside a database file; with ``in_database`` (a server) their
        bytes live in the database and ``attachments_dir`` is this PC's folder of copies opened from it."""
        super().__init__(store)
        self.attachments_dir = Path(attachments_dir)
        self.in_database = in_database

    # inspections ---------------------------------------------------------------------------------------------------
    def record(self, data: InspectionInput, user: str) -> int:
        problems = check_input(data)
        if problems:
            raise RecordRejected(problems)
        stored = self._store_files(data.attachments)
        try:
            with self.store.write(user, Action.RECORD_INSPECTIONS) as uow:
                session = uow.session
                check_references(session, data)
                inspection = Inspection()
                write(session, inspection, data)
                session.add(inspection)
                session.flush()
                self._attach(session, inspection.id, stored, user)
                new_id = inspection.id
                uow.commit()
        except BaseException:
            self._forget_files(stored)
            raise
        return new_id

    def load(self, inspection_id: int) -> RecordedInspection:
        """What the inspection recorded, as the correction dialog fills its fields."""
        with self.store.read() as uow:
            session = uow.session
            inspection = session.get(Inspection, inspection_id)
            if inspection is None:
                raise NotFound("该检查记录已不存在（可能已被删除）")
            data = InspectionInput(
                institution_id=inspection.institution_id,
                started_at=inspection.started_at,
                method=inspection.method,
                inspector_ids=[i.person_id for i in inspection.inspectors],
                result=inspection.result,
                aspects={a.aspect: (a.passed, a.note or "") for a in inspection.aspects},
                rule_codes=sorted(v.rule_code for v in inspection.violations),
                findings=inspection.written_findings or "",
                ticket_id=inspection.ticket_id,
                school_id=inspection.school_id,
                campaign_id=inspection.campaign_id,
                department_ids=[d.department_id for d in inspection.departments],
            )
            files = session.scalars(
                select(Attachment.original_name).where(
                    Attachment.owner_kind == "inspection", Attachment.owner_id == inspection_id
                )
            )
            issued = [n.doc_number for n in notices_on(session, inspection_id) if n.inspection_id == inspection_id]
            subject, files = inspection.subject_name, list(files)
        return RecordedInspection(data, subject, self.ticket_label(data.ticket_id), files, issued)

    def correct(self, inspection_id: int, data: InspectionInput, user: str, reason: str = "") -> None:
        """Correct a recorded inspection (new attachments are added to the ones it has); the audit trail keeps the
        old and new value of every field changed, with the reason given."""
        problems = check_input(data)
        if problems:
            raise RecordRejected(problems)
        stored = self._store_files(data.attachments)
        try:
            with self.store.write(user, Action.RECORD_INSPECTIONS) as uow:
                session = uow.session
                inspection = session.get(Inspection, inspection_id)
                if inspection is None:
                    raise NotFound("该检查记录已不存在（可能已被删除）")
                check_references(session, data)
                problems = correction_problems(inspection, data, notices_on(session, inspection_id))
                if problems:
                    raise RecordRejected(problems)
                write(session, inspection, data)
                session.flush()
                self._attach(session, inspection.id, stored, user)
                record_event(
                    session,
                    user,
                    AuditAction.UPDATE,
                    "inspection",
                    f"更正检查记录：{inspection.subject_name} {inspection.started_at:%Y-%m-%d %H:%M}",
                    {"检查记录": inspection_id, "更正原因": reason.strip() or "（未填写）"},
                )
                uow.commit()
        except BaseException:
            self._forget_files(stored)
            raise

    def delete(self, inspection_id: int, user: str) -> None:
        """Delete an inspection no notice refers to (refused with the reason otherwise), with its attachments; on
        record in the audit trail, and kept whole in 最近删除 (store/recycle.py), from where it comes back with its
        attachments (their files stay in the attachments folder for that)."""
        with self.store.write(user, Action.RECORD_INSPECTIONS) as uow:
            session = uow.session
            inspection = session.get(Inspection, inspection_id)
            if inspection is None:
                raise NotFound("该检查记录已不存在（可能已被删除）")
            why = deletion_refusal(inspection, notices_on(session, inspection_id))
            if why:
                raise DomainError(why)
            files = list(
                session.scalars(
                    select(Attachment).where(
                        Attachment.owner_kind == "inspection", Attachment.owner_id == inspection_id
                    )
                )
            )
            record_event(
                session,
                user,
                AuditAction.DELETE,
                "inspection",
                f"删除检查记录：{inspection.subject_name} {inspection.started_at:%Y-%m-%d %H:%M}",
                {"检查记录": inspection_id, "结果": inspection.result.label, "附件": len(files)},
            )
            keep(session, inspection, user)
            for attachment in files:
                session.delete(attachment)
            session.delete(inspection)
            uow.commit()

    def _attach(self, session: object, inspection_id: int, stored: list[tuple[Path, str, int, str]], user: str) -> None:
        for original, name, size, digest in stored:
            if self.in_database:
                content = (self.attachments_dir / name).read_bytes()
                session.add(AttachmentContent(stored_name=name, content=content))  # type: ignore[attr-defined]
            session.add(  # type: ignore[attr-defined]
                Attachment(
                    owner_kind="inspection",
                    owner_id=inspection_id,
                    stored_name=name,
                    original_name=safe_display_name(original.name),
                    size=size,
                    sha256=digest,
                    added_by=user,
                )
            )

    def _forget_files(self, stored: list[tuple[Path, str, int, str]]) -> None:
        for _original, name, _size, _digest in stored:
            (self.attachments_dir / name).unlink(missing_ok=True)

    def _store_files(self, files: list[Path]) -> list[tuple[Path, str, int, str]]:
        """Copy each file into the attachments folder under a generated name; the original name is data only."""
        stored = []
        self.attachments_dir.mkdir(parents=True, exist_ok=True)
        for original in files:
            original = Path(original)
            if not original.is_file():
                raise RecordRejected([FieldProblem(None, "附件", f"找不到文件“{original.name}”")])
            size = original.stat().st_size
            if size > MAX_ATTACHMENT_BYTES:
                raise RecordRejected([FieldProblem(None, "附件", f"“{original.name}”超过50MB")])
            with original.open("rb") as handle:
                suffix = stored_suffix(original.name, handle.read(16))
            name = f"{uuid.uuid4().hex}{suffix}"
            target = self.attachments_dir / name
            shutil.copyfile(original, target)
            stored.append((original, name, size, hashlib.sha256(target.read_bytes()).hexdigest()))
        return stored

    # notices -------------------------------------------------------------------------------------------------------
    def issue(
        self,
        inspection_id: int,
        kind: NoticeKind,
        deadline_days: int,
        user: str,
        *,
        issued_on: dt.date | None = None,
        items: str = "",
        escalated_from: int | None = None,
        contact: str | None = None,
        contact_phone: str | None = None,
    ) -> int:
        """A numbered notice dated ``issued_on`` (the date the clerk chose, default today)."""
        request = NoticeRequest(
            inspection_id,
            NoticeKind(kind),  # a Qt combo box hands the enum back as its plain value
            deadline_days,
            issued_on or dt.date.today(),
            items,
            escalated_from,
            contact,
            contact_phone,
        )
        with self.store.write(user, Action.ISSUE_NOTICES) as uow:
            new_id = issue_notice(uow.session, request, user).id
            uow.commit()
        return new_id

    def step(
        self,
        notice_id: int,
        step: str,
        user: str,
        *,
        on: dt.date | None = None,
        signer: str = "",
        reinspection_id: int | None = None,
        note: str = "",
        service: Service | None = None,
    ) -> NoticeStatus:
        """One step of the notice's life on day ``on`` (default today), kept as an event."""
        with self.store.write(user, Action.ISSUE_NOTICES) as uow:
            notice = take_step(
                uow.session,
                notice_id,
                step,
                user,
                on=on or dt.date.today(),
                signer=signer,
                reinspection_id=reinspection_id,
                note=note,
                service=service,
            )
            status = notice.status
            uow.commit()
        return status

    def escalate(self, notice_id: int, user: str, deadline_days: int = 30, on: dt.date | None = None) -> int:
        """A notice failed at re-inspection becomes a stop-operation notice, in one transaction with marking the
        old one escalated (a crash leaves both or neither)."""
        with self.store.write(user, Action.ISSUE_NOTICES) as uow:
            new_id = escalate_notice(uow.session, notice_id, user, deadline_days, on or dt.date.today()).id
            uow.commit()
        return new_id

    def escalation_preview(self, notice_id: int, deadline_days: int = 30, on: dt.date | None = None) -> str:
        """What escalating will issue (asked before it is done): the institution, the number it would get, the
        deadline, the wording, and the suspension it brings."""
        with self.store.read() as uow:
            return escalation_preview(uow.session, notice_id, deadline_days, on or dt.date.today()).text()

    def follow_ups(self, today: dt.date | None = None) -> list[FollowUp]:
        """Served notices past their deadline with no re-inspection recorded: each is a re-inspection to arrange.
        (An unserved notice has no deadline yet: it runs from receipt.)"""
        today = today or dt.date.today()
        with self.store.read() as uow:
            stmt = (
                select(Notice, Institution.name)
                .join(Institution)
                .where(Notice.status.in_((NoticeStatus.SERVED, NoticeStatus.RECTIFYING)), Notice.deadline < today)
                .order_by(Notice.deadline)
            )
            return [
                FollowUp(n.id, n.doc_number, name, n.deadline, n.status.label) for n, name in uow.session.execute(stmt)
            ]

    def follow_up_count(self, today: dt.date | None = None) -> int:
        """How many notices are past their deadline with no re-inspection recorded (an SQL count)."""
        today = today or dt.date.today()
        with self.store.read() as uow:
            overdue = (Notice.status.in_(OPEN_NOTICES), Notice.deadline < today)
            return uow.session.scalar(select(func.count()).select_from(Notice).where(*overdue)) or 0

    def print_notices(self, notice_ids: list[int], path: Path, *, duplex: bool = True) -> int:
        """The chosen notices (each with its service receipt on its own sheet) as one PDF; returns how many."""
        from shuangjian_desktop.services.inspections import notice_documents  # reportlab: when printing

        return notice_documents.print_notices(self.store, notice_ids, path, duplex=duplex)

    def print_form(self, inspection_id: int, path: Path) -> Path:
        """The inspection record form (检查记录表) for signing on site or filing."""
        from shuangjian_desktop.services.inspections import notice_documents  # reportlab: when printing

        return notice_documents.print_form(self.store, inspection_id, path)

    def unchecked_bases(self, inspection_id: int) -> list[str]:
        """The rules found broken by this inspection whose legal basis the county's catalogue has not yet had checked
        by its legal reviewer, as lines the 下达通知书 dialog shows before anything is issued."""
        unchecked = unchecked_bases()
        with self.store.read() as uow:
            codes = uow.session.scalars(
                select(InspectionViolation.rule_code)
                .where(InspectionViolation.inspection_id == inspection_id)
                .order_by(InspectionViolation.rule_code)
            )
            found = [c for c in codes if c in unchecked]
        return [f"负面清单{rule_number(c)}：{unchecked[c] or '（未填写依据）'}" for c in found]

    def contact_defaults(self) -> tuple[str, str]:
        """The contact person and phone a new notice carries unless the clerk changes them."""
        with self.store.read() as uow:
            profile = uow.session.scalar(select(BureauProfile))
            return (profile.contact, profile.contact_phone) if profile else ("", "")

    def attachments_of(self, inspection_id: int) -> list[tuple[str, Path, bool]]:
        """(original name, stored file, whether the system may open it) of an inspection's attachments; a file of an
        unsafe kind was stored as .bin and is only ever shown in its folder."""
        with self.store.read() as uow:
            rows = list(
                uow.session.scalars(
                    select(Attachment).where(
                        Attachment.owner_kind == "inspection", Attachment.owner_id == inspection_id
                    )
                )
            )
            if self.in_database:
                return [(a.original_name, self._from_database(uow.session, a), may_open(a.stored_name)) for a in rows]
            return [(a.original_name, self.attachments_dir / a.stored_name, may_open(a.stored_name)) for a in rows]

    def _from_database(self, session: Session, attachment: Attachment) -> Path:
        """This PC's copy of an attachment kept in the server's database (made once; names are never reused)."""
        path = self.attachments_dir / attachment.stored_name
        if path.is_file() and path.stat().st_size == attachment.size:
            return path
        content = session.scalar(
            select(AttachmentContent.content).where(AttachmentContent.stored_name == attachment.stored_name)
        )
        if content is None or hashlib.sha256(content).hexdigest() != attachment.sha256:
            raise DomainError(f"附件“{attachment.original_name}”在服务器上缺失或与登记的校验值不符")
        self.attachments_dir.mkdir(parents=True, exist_ok=True)
        with atomic_path(path) as tmp:
            tmp.write_bytes(content)
        return path
