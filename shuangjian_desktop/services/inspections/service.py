"""Inspections and the notices they lead to: record what was checked and found, issue a numbered notice, serve
it, follow it through rectification and re-inspection, or escalate it (the notice rules are in notices.py), each
user action in one transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shuangjian_desktop.atomicfile import atomic_path
from shuangjian_desktop.domain.access import Action
from shuangjian_desktop.domain.attachment_kinds import may_open, stored_suffix
from shuangjian_desktop.domain.enums import InspectionResult, Method, NoticeKind, NoticeStatus
from shuangjian_desktop.domain.errors import DomainError, FieldProblem, RecordRejected
from shuangjian_desktop.domain.inspection_rules import OPEN_NOTICES, in_key_hours, safe_display_name
from shuangjian_desktop.services.base.suggest import institution_names
from shuangjian_desktop.services.calendar import load_calendar
from shuangjian_desktop.services.catalogues import inspection_aspects, institution_rules
from shuangjian_desktop.services.inspections.notices import (
    NoticeRequest,
    Service,
    escalate_notice,
    issue_notice,
    take_step,
)
from shuangjian_desktop.store.models import (
    Attachment,
    AttachmentContent,
    BureauProfile,
    Inspection,
    InspectionAspect,
    InspectionInspector,
    InspectionViolation,
    Institution,
    Notice,
    Person,
)
from shuangjian_desktop.store.uow import Store

MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024


@dataclass
class InspectionInput:
    institution_id: int
    started_at: dt.datetime
    method: Method
    inspector_ids: list[int]
    result: InspectionResult
    aspects: dict[str, tuple[bool, str]] = field(default_factory=dict)
    """aspect code -> (passed, note); aspects left out count as checked and passed."""
    rule_codes: list[str] = field(default_factory=list)
    findings: str = ""
    ticket_id: int | None = None
    attachments: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class FollowUp:
    notice_id: int
    doc_number: str
    institution: str
    deadline: dt.date
    status: str


class InspectionService:
    def __init__(self, store: Store, attachments_dir: Path, *, in_database: bool = False) -> None:
        """Attachments are files in ``attachments_dir`` beside a database file; with ``in_database`` (a server) their
        bytes live in the database and ``attachments_dir`` is this PC's folder of copies opened from it."""
        self.store = store
        self.attachments_dir = Path(attachments_dir)
        self.in_database = in_database

    # inspections ---------------------------------------------------------------------------------------------------
    def record(self, data: InspectionInput, user: str) -> int:
        problems = self._check(data)
        if problems:
            raise RecordRejected(problems)
        stored = self._store_files(data.attachments)
        try:
            with self.store.write(user, Action.RECORD_INSPECTIONS) as uow:
                session = uow.session
                if session.get(Institution, data.institution_id) is None:
                    raise RecordRejected([FieldProblem(None, "机构", "机构台账中没有该机构")])
                found = set(session.scalars(select(Person.id).where(Person.id.in_(data.inspector_ids))))
                if found != set(data.inspector_ids):
                    raise RecordRejected([FieldProblem(None, "检查人员", "人员台账中没有选中的检查人员")])
                rules = {r.code: r.label.rstrip("。") for r in institution_rules()}
                labels = {a.code: a.label for a in inspection_aspects()}
                noted = [
                    f"{labels[c]}方面：{note}"
                    for c, (ok, note) in data.aspects.items()
                    if not ok and note and c in labels
                ]
                inspection = Inspection(
                    institution_id=data.institution_id,
                    started_at=data.started_at,
                    method=data.method,
                    key_hours=in_key_hours(data.started_at, load_calendar(session)),
                    result=data.result,
                    findings=data.findings
                    or "；".join(noted)
                    or "；".join(f"违反负面清单第{int(c[1:])}条：{rules[c]}" for c in data.rule_codes)
                    or None,
                    holiday_training_found=bool({"I18", "I19"} & set(data.rule_codes)),
                    ticket_id=data.ticket_id,
                )
                for aspect in inspection_aspects():
                    passed, note = data.aspects.get(aspect.code, (True, ""))
                    inspection.aspects.append(InspectionAspect(aspect=aspect.code, passed=passed, note=note or None))
                inspection.violations = [
                    InspectionViolation(rule_code=c, fixed_on_site=data.result is InspectionResult.FIXED_ON_SITE)
                    for c in data.rule_codes
                ]
                inspection.inspectors = [InspectionInspector(person_id=p) for p in data.inspector_ids]
                session.add(inspection)
                session.flush()
                for original, name, size, digest in stored:
                    if self.in_database:
                        content = (self.attachments_dir / name).read_bytes()
                        session.add(AttachmentContent(stored_name=name, content=content))
                    session.add(
                        Attachment(
                            owner_kind="inspection",
                            owner_id=inspection.id,
                            stored_name=name,
                            original_name=safe_display_name(original.name),
                            size=size,
                            sha256=digest,
                            added_by=user,
                        )
                    )
                new_id = inspection.id
                uow.commit()
        except BaseException:
            for _original, name, _size, _digest in stored:
                (self.attachments_dir / name).unlink(missing_ok=True)
            raise
        return new_id

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

    @staticmethod
    def _check(data: InspectionInput) -> list[FieldProblem]:
        problems = []
        if not data.inspector_ids:
            problems.append(FieldProblem(None, "检查人员", "至少选择一名检查人员"))
        known = {r.code for r in institution_rules()}
        unknown = [c for c in data.rule_codes if c not in known]
        if unknown:
            problems.append(FieldProblem(None, "违反条款", f"负面清单中没有{'、'.join(unknown)}"))
        failed = [code for code, (passed, _n) in data.aspects.items() if not passed]
        if data.result is InspectionResult.PASSED and (data.rule_codes or failed):
            problems.append(FieldProblem(None, "检查结果", "发现问题时结果不能为“合格”"))
        if data.result is not InspectionResult.PASSED and not (data.rule_codes or failed or data.findings.strip()):
            problems.append(FieldProblem(None, "发现问题", f"结果为“{data.result.label}”时须写明发现的问题"))
        if data.started_at > dt.datetime.now() + dt.timedelta(minutes=5):
            problems.append(FieldProblem(None, "检查时间", "不能晚于现在"))
        return problems

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
            kind,
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

    def contact_defaults(self) -> tuple[str, str]:
        """The contact person and phone a new notice carries unless the clerk changes them."""
        with self.store.read() as uow:
            profile = uow.session.scalar(select(BureauProfile))
            return (profile.contact, profile.contact_phone) if profile else ("", "")

    def institution_names(self, typed: str, limit: int) -> list[str]:
        """Type-ahead for the inspected institution: names matching what was typed, at most ``limit`` (SQL)."""
        return institution_names(self.store)(typed, limit)

    def institution_named(self, name: str) -> int | None:
        with self.store.read() as uow:
            return uow.session.scalar(select(Institution.id).where(Institution.name == name.strip()).limit(1))

    def inspectors(self) -> list[tuple[int, str]]:
        """Supervising inspectors and bureau staff first, then everyone else."""
        from shuangjian_desktop.domain.enums import PersonRole
        from shuangjian_desktop.store.models import PersonRoleRow

        with self.store.read() as uow:
            session = uow.session
            first = set(
                session.scalars(
                    select(PersonRoleRow.person_id).where(
                        PersonRoleRow.role.in_((PersonRole.INSPECTOR, PersonRole.STAFF))
                    )
                )
            )
            people = session.execute(select(Person.id, Person.name, Person.unit).order_by(Person.sort_name)).all()
        ordered = sorted(people, key=lambda p: p[0] not in first)
        return [(i, f"{name}（{unit or ''}）") for i, name, unit in ordered]

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
