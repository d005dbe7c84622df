"""Inspections and the notices they lead to: record what was checked and found, issue a numbered notice, serve
it, follow it through rectification and re-inspection, or escalate it.

Document numbers come from doc_sequence under SQLite's write lock (every writer begins IMMEDIATE), so two program
windows issuing at the same moment get consecutive numbers: never a repeat, never a gap.
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

from shuangjian_desktop.domain.access import Action
from shuangjian_desktop.domain.doc_number import DocNumber
from shuangjian_desktop.domain.enums import InspectionResult, Method, NoticeKind, NoticeStatus
from shuangjian_desktop.domain.errors import DomainError, FieldProblem, NotFound, RecordRejected
from shuangjian_desktop.domain.inspection_rules import OPEN_NOTICES, in_key_hours, next_notice_status, safe_display_name
from shuangjian_desktop.domain.values import chinese_date
from shuangjian_desktop.services.base.suggest import institution_names
from shuangjian_desktop.services.calendar import load_calendar
from shuangjian_desktop.services.catalogues import inspection_aspects, institution_rules
from shuangjian_desktop.store.models import (
    Attachment,
    BureauProfile,
    DocSequence,
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
    def __init__(self, store: Store, attachments_dir: Path) -> None:
        self.store = store
        self.attachments_dir = Path(attachments_dir)

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
                inspection = Inspection(
                    institution_id=data.institution_id,
                    started_at=data.started_at,
                    method=data.method,
                    key_hours=in_key_hours(data.started_at, load_calendar(session)),
                    result=data.result,
                    findings=data.findings
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
            suffix = original.suffix.lower() if original.suffix[1:].isalnum() and len(original.suffix) <= 6 else ""
            name = f"{uuid.uuid4().hex}{suffix}"
            target = self.attachments_dir / name
            shutil.copyfile(original, target)
            stored.append((original, name, size, hashlib.sha256(target.read_bytes()).hexdigest()))
        return stored

    # notices -------------------------------------------------------------------------------------------------------
    @staticmethod
    def _next_number(session: Session, prefix: str, year: int) -> DocNumber:
        row = session.get(DocSequence, (prefix, year))
        if row is None:
            row = DocSequence(prefix=prefix, year=year, last_value=0)
            session.add(row)
        row.last_value += 1
        return DocNumber(prefix, year, row.last_value)

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
    ) -> int:
        issued_on = issued_on or dt.date.today()
        if not 1 <= deadline_days <= 180:
            raise RecordRejected([FieldProblem(None, "整改期限", "应为1-180天")])
        with self.store.write(user, Action.ISSUE_NOTICES) as uow:
            session = uow.session
            inspection = session.get(Inspection, inspection_id)
            if inspection is None:
                raise NotFound("该检查记录已不存在")
            if (
                inspection.result in (InspectionResult.PASSED, InspectionResult.FIXED_ON_SITE)
                and escalated_from is None
            ):
                raise DomainError(f"该次检查结果为“{inspection.result.label}”，无需下达通知书")
            profile = session.scalar(select(BureauProfile))
            prefix = (
                (profile.doc_prefix_stop if kind is NoticeKind.STOP_OPERATION else profile.doc_prefix_rectification)
                if profile
                else ""
            )
            if not prefix:
                raise DomainError("尚未设置发文机关代字（如“示教体整改”），请先在单位信息中填写")
            number = self._next_number(session, prefix, issued_on.year)
            notice = Notice(
                doc_number=str(number),
                kind=kind,
                institution_id=inspection.institution_id,
                inspection_id=inspection.id,
                issued_on=issued_on,
                deadline_days=deadline_days,
                deadline=issued_on + dt.timedelta(days=deadline_days),
                items=items.strip() or inspection.findings or "",
                status=NoticeStatus.ISSUED,
            )
            session.add(notice)
            session.flush()
            if escalated_from is not None:
                old = session.get(Notice, escalated_from)
                if old is not None:
                    old.escalated_to_id = notice.id
            new_id = notice.id
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
    ) -> NoticeStatus:
        on = on or dt.date.today()
        with self.store.write(user, Action.ISSUE_NOTICES) as uow:
            notice = uow.session.get(Notice, notice_id)
            if notice is None:
                raise NotFound("该通知书已不存在")
            status = next_notice_status(notice.status, step)
            if step == "serve":
                if not signer.strip():
                    raise RecordRejected([FieldProblem(None, "签收人", "送达须记录签收人")])
                if on < notice.issued_on:
                    raise RecordRejected([FieldProblem(None, "送达日期", "不能早于下达日期")])
                notice.served_on, notice.receipt_signer = on, signer.strip()
            if step in ("pass", "fail"):
                if reinspection_id is None:  # the latest inspection of the institution since the notice was issued
                    reinspection_id = uow.session.scalar(
                        select(Inspection.id)
                        .where(
                            Inspection.institution_id == notice.institution_id,
                            Inspection.started_at >= dt.datetime.combine(notice.issued_on, dt.time()),
                            Inspection.id != notice.inspection_id,
                        )
                        .order_by(Inspection.started_at.desc())
                        .limit(1)
                    )
                notice.reinspection_id = reinspection_id
            if note:
                notice.note = ((notice.note or "") + f"\n{on} {note}").strip()
            notice.status = status
            uow.commit()
        return status

    def escalate(self, notice_id: int, user: str, deadline_days: int = 30) -> int:
        """A notice failed at re-inspection becomes a stop-operation notice; the old one is marked escalated."""
        with self.store.read() as uow:
            notice = uow.session.get(Notice, notice_id)
            if notice is None:
                raise NotFound("该通知书已不存在")
            inspection_id = notice.reinspection_id or notice.inspection_id
            items = f"经复查，{notice.doc_number}通知书要求整改的问题仍未整改到位：{notice.items}"
        self.step(notice_id, "escalate", user)
        assert inspection_id is not None
        return self.issue(
            inspection_id, NoticeKind.STOP_OPERATION, deadline_days, user, items=items, escalated_from=notice_id
        )

    def follow_ups(self, today: dt.date | None = None) -> list[FollowUp]:
        """Notices past their deadline with no re-inspection recorded: each is a re-inspection to arrange."""
        today = today or dt.date.today()
        with self.store.read() as uow:
            stmt = (
                select(Notice, Institution.name)
                .join(Institution)
                .where(Notice.status.in_(OPEN_NOTICES), Notice.deadline < today)
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

    def print_notices(self, notice_ids: list[int], path: Path) -> int:
        """The chosen notices (each with its service receipt) as one PDF; returns how many."""
        from shuangjian_desktop.documents.notice_pdf import NoticeData, write_notices  # reportlab: when printing

        with self.store.read() as uow:
            session = uow.session
            profile = session.scalar(select(BureauProfile))
            authority = profile.unit_name if profile and profile.unit_name else "教育和体育局"
            by_id = {n.id: n for n in session.scalars(select(Notice).where(Notice.id.in_(notice_ids)))}
            data = []
            for notice_id in notice_ids:
                notice = by_id.get(notice_id)
                if notice is None:
                    continue
                inspected = notice.inspection.started_at.date() if notice.inspection else notice.issued_on
                items = tuple(part.strip() for part in notice.items.replace("\n", "；").split("；") if part.strip())
                data.append(
                    NoticeData(
                        kind=notice.kind.value,
                        doc_number=notice.doc_number,
                        authority=authority,
                        institution=notice.institution.name,
                        inspected_on=chinese_date(inspected),
                        items=items or ("（见检查记录）",),
                        deadline=chinese_date(notice.deadline),
                        issued_on=chinese_date(notice.issued_on),
                    )
                )
        if not data:
            raise DomainError("没有选中通知书")
        write_notices(path, data)
        return len(data)

    def print_form(self, inspection_id: int, path: Path) -> Path:
        """The inspection record form (检查记录表) for signing on site or filing."""
        from shuangjian_desktop.documents.inspection_form import InspectionFormData, write_inspection_form

        with self.store.read() as uow:
            session = uow.session
            inspection = session.get(Inspection, inspection_id)
            if inspection is None:
                raise NotFound("该检查记录已不存在")
            profile = session.scalar(select(BureauProfile))
            labels = {a.code: a.label for a in inspection_aspects()}
            rules = {r.code: r.label.rstrip("。") for r in institution_rules()}
            data = InspectionFormData(
                authority=profile.unit_name if profile and profile.unit_name else "教育和体育局",
                institution=inspection.institution.name,
                address=inspection.institution.address or "",
                started_at=f"{inspection.started_at:%Y-%m-%d %H:%M}",
                method=inspection.method.label,
                key_hours=inspection.key_hours,
                inspectors="、".join(i.person.name for i in inspection.inspectors),
                aspects=[
                    (labels.get(a.aspect, a.aspect), "合格" if a.passed else "存在问题", a.note or "")
                    for a in sorted(inspection.aspects, key=lambda a: list(labels).index(a.aspect))
                ],
                violations=[f"第{int(v.rule_code[1:])}条 {rules.get(v.rule_code, '')}" for v in inspection.violations],
                result=inspection.result.label,
            )
        return write_inspection_form(path, data)

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

    def attachments_of(self, inspection_id: int) -> list[tuple[str, Path]]:
        with self.store.read() as uow:
            rows = uow.session.scalars(
                select(Attachment).where(Attachment.owner_kind == "inspection", Attachment.owner_id == inspection_id)
            )
            return [(a.original_name, self.attachments_dir / a.stored_name) for a in rows]
