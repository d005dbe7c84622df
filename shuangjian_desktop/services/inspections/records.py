"""One inspection record inside a writer's transaction: checked (never silently 合格), written, corrected, deleted.

An inspection is of a training institution (the 24 rules of its negative list, the seven aspects) or of a school
(the schools' 19 rules). Its result is the inspectors' choice and is never assumed: none given is refused, and 合格
beside a broken rule, an aspect found wanting or written findings is refused (domain/inspection_findings.py). It may
belong to a special campaign and be joint (the partner departments that took part), and may name the complaint
ticket that led to it.

Correcting rewrites what was recorded (aspects in place, rules and people added or removed), so the audit trail
shows each change; an inspection a notice was issued on keeps its subject and cannot become 合格 or 现场整改.
Deleting is refused while a notice refers to it (as the inspection it was issued on or as its re-inspection).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from shuangjian_desktop.domain.enums import InspectionResult, Method
from shuangjian_desktop.domain.errors import FieldProblem, RecordRejected
from shuangjian_desktop.domain.inspection_findings import Found, result_problem
from shuangjian_desktop.domain.inspection_rules import in_key_hours
from shuangjian_desktop.services.calendar import load_calendar
from shuangjian_desktop.services.catalogues import (
    holiday_rules,
    inspection_aspects,
    institution_rules,
    rule_number,
    school_rules,
)
from shuangjian_desktop.store.models import (
    Campaign,
    Inspection,
    InspectionAspect,
    InspectionDepartment,
    InspectionInspector,
    InspectionViolation,
    Institution,
    Notice,
    PartnerDepartment,
    Person,
    School,
    Ticket,
)


@dataclass
class InspectionInput:
    institution_id: int | None
    started_at: dt.datetime
    method: Method
    inspector_ids: list[int]
    result: InspectionResult | None
    """The inspectors' result; None (not chosen) is refused."""
    aspects: dict[str, tuple[bool, str]] = field(default_factory=dict)
    """aspect code -> (passed, note); aspects left out count as checked and passed (institutions only)."""
    rule_codes: list[str] = field(default_factory=list)
    findings: str = ""
    """What the inspectors wrote themselves (其他发现的问题)."""
    ticket_id: int | None = None
    attachments: list[Path] = field(default_factory=list)
    school_id: int | None = None
    """Set instead of ``institution_id`` for an inspection of a school."""
    campaign_id: int | None = None
    department_ids: list[int] = field(default_factory=list)
    """Partner departments that took part (a joint inspection)."""

    def __post_init__(self) -> None:
        # a Qt combo box hands an enum back as its plain value
        self.method = Method(self.method)
        self.result = None if self.result is None else InspectionResult(self.result)

    @property
    def of_school(self) -> bool:
        return self.school_id is not None

    def failed_aspects(self) -> set[str]:
        return {code for code, (passed, _note) in self.aspects.items() if not passed}

    def found(self) -> Found:
        return Found.of(self.rule_codes, self.failed_aspects(), self.findings)


def check_input(data: InspectionInput) -> list[FieldProblem]:
    """What is wrong with the input on its face (before the database is asked)."""
    problems = []
    if (data.institution_id is None) == (data.school_id is None):
        problems.append(FieldProblem(None, "被检查对象", "请选择一家机构或一所学校（只能选一个）"))
    if not data.inspector_ids:
        problems.append(FieldProblem(None, "检查人员", "至少选择一名检查人员"))
    rules = school_rules() if data.of_school else institution_rules()
    known = {r.code for r in rules}
    unknown = [c for c in data.rule_codes if c not in known]
    if unknown:
        which = "学校负面清单" if data.of_school else "校外培训机构负面清单"
        problems.append(FieldProblem(None, "违反条款", f"{which}中没有{'、'.join(unknown)}"))
    if data.of_school and data.failed_aspects():
        problems.append(FieldProblem(None, "检查内容", "对学校的检查不按培训机构的七个方面记录"))
    why = result_problem(data.result, data.found())
    if why:
        problems.append(FieldProblem(None, "检查结果", why))
    if data.started_at > dt.datetime.now() + dt.timedelta(minutes=5):
        problems.append(FieldProblem(None, "检查时间", "不能晚于现在"))
    if data.method is Method.JOINT and not data.department_ids:
        problems.append(FieldProblem(None, "参加单位", "联合检查须选择参加的成员单位"))
    return problems


def check_references(session: Session, data: InspectionInput) -> None:
    """Every referenced record exists (and fits): RecordRejected names each that does not."""
    problems = []
    if data.institution_id is not None and session.get(Institution, data.institution_id) is None:
        problems.append(FieldProblem(None, "机构", "机构台账中没有该机构"))
    if data.school_id is not None and session.get(School, data.school_id) is None:
        problems.append(FieldProblem(None, "学校", "学校台账中没有该学校"))
    found = set(session.scalars(select(Person.id).where(Person.id.in_(data.inspector_ids))))
    if found != set(data.inspector_ids):
        problems.append(FieldProblem(None, "检查人员", "人员台账中没有选中的检查人员"))
    departments = set(
        session.scalars(select(PartnerDepartment.id).where(PartnerDepartment.id.in_(data.department_ids)))
    )
    if departments != set(data.department_ids):
        problems.append(FieldProblem(None, "参加单位", "成员单位目录中没有选中的单位"))
    if data.ticket_id is not None:
        ticket = session.get(Ticket, data.ticket_id)
        if ticket is None:
            problems.append(FieldProblem(None, "关联工单", "投诉工单台账中没有该工单"))
        elif ticket.received_at > data.started_at:
            problems.append(FieldProblem(None, "关联工单", f"工单{ticket.number}在检查之后才受理"))
    if data.campaign_id is not None:
        campaign = session.get(Campaign, data.campaign_id)
        if campaign is None:
            problems.append(FieldProblem(None, "专项行动", "没有该专项行动"))
        elif not campaign.starts_on <= data.started_at.date() <= campaign.ends_on:
            problems.append(
                FieldProblem(
                    None, "专项行动", f"检查日期不在“{campaign.name}”期间（{campaign.starts_on}至{campaign.ends_on}）"
                )
            )
    if problems:
        raise RecordRejected(problems)


def findings_text(data: InspectionInput) -> str | None:
    """What the record form and the notices print: the inspectors' words, else the notes of the aspects found
    wanting, else the broken rules restated."""
    labels = {a.code: a.label for a in inspection_aspects()}
    noted = [f"{labels[c]}方面：{note}" for c, (ok, note) in data.aspects.items() if not ok and note and c in labels]
    rules = {r.code: r.label.rstrip("。") for r in (*institution_rules(), *school_rules())}
    restated = [f"违反负面清单{rule_number(c)}：{rules[c]}" for c in data.rule_codes if c in rules]
    return data.findings.strip() or "；".join(noted) or "；".join(restated) or None


def write(session: Session, inspection: Inspection, data: InspectionInput) -> None:
    """Put ``data`` on ``inspection`` (new or corrected): aspects updated in place, rules, inspectors and departments
    added or removed, so a correction is recorded field by field."""
    inspection.institution_id = data.institution_id
    inspection.school_id = data.school_id
    inspection.started_at = data.started_at
    inspection.method = data.method
    inspection.key_hours = in_key_hours(data.started_at, load_calendar(session))
    inspection.result = data.result  # type: ignore[assignment]  (checked: not None)
    inspection.findings = findings_text(data)
    inspection.written_findings = data.findings.strip() or None
    inspection.holiday_training_found = bool(set(data.rule_codes) & holiday_rules())
    inspection.ticket_id = data.ticket_id
    inspection.campaign_id = data.campaign_id
    by_aspect = {a.aspect: a for a in inspection.aspects}
    if data.of_school:
        _drop(session, inspection.aspects, list(inspection.aspects))
    else:
        for aspect in inspection_aspects():
            passed, note = data.aspects.get(aspect.code, (True, ""))
            row = by_aspect.get(aspect.code)
            if row is None:
                row = InspectionAspect(aspect=aspect.code)
                inspection.aspects.append(row)
            row.passed, row.note = passed, note.strip() or None
    fixed = data.result is InspectionResult.FIXED_ON_SITE
    wanted = list(dict.fromkeys(data.rule_codes))
    _drop(session, inspection.violations, [v for v in inspection.violations if v.rule_code not in wanted])
    for violation in inspection.violations:
        violation.fixed_on_site = fixed
    have = {v.rule_code for v in inspection.violations}
    inspection.violations += [InspectionViolation(rule_code=c, fixed_on_site=fixed) for c in wanted if c not in have]
    people = list(dict.fromkeys(data.inspector_ids))
    _drop(session, inspection.inspectors, [i for i in inspection.inspectors if i.person_id not in people])
    have = {i.person_id for i in inspection.inspectors}
    inspection.inspectors += [InspectionInspector(person_id=p) for p in people if p not in have]
    departments = list(dict.fromkeys(data.department_ids))
    _drop(session, inspection.departments, [d for d in inspection.departments if d.department_id not in departments])
    have = {d.department_id for d in inspection.departments}
    inspection.departments += [InspectionDepartment(department_id=d) for d in departments if d not in have]


def _drop(session: Session, collection: list[Any], gone: list[Any]) -> None:
    """Take rows out of a collection as deletions the audit trail sees (an orphan removed by the flush itself
    would be deleted without a word)."""
    for row in gone:
        collection.remove(row)
        if row.id is not None:
            session.delete(row)


def notices_on(session: Session, inspection_id: int) -> list[Notice]:
    """The notices issued on this inspection or naming it as their re-inspection."""
    return list(
        session.scalars(
            select(Notice)
            .where(or_(Notice.inspection_id == inspection_id, Notice.reinspection_id == inspection_id))
            .order_by(Notice.issued_on, Notice.id)
        )
    )


def correction_problems(inspection: Inspection, data: InspectionInput, notices: list[Notice]) -> list[FieldProblem]:
    """What a correction may not change once notices refer to the inspection."""
    issued = [n for n in notices if n.inspection_id == inspection.id]
    if not issued:
        return []
    numbers = "、".join(n.doc_number for n in issued)
    problems = []
    if (data.institution_id, data.school_id) != (inspection.institution_id, inspection.school_id):
        problems.append(FieldProblem(None, "被检查对象", f"已据此下达通知书{numbers}，不能改为其他机构"))
    if data.result in (InspectionResult.PASSED, InspectionResult.FIXED_ON_SITE):
        problems.append(FieldProblem(None, "检查结果", f"已据此下达通知书{numbers}，结果不能改为“{data.result.label}”"))
    return problems


def deletion_refusal(inspection: Inspection, notices: list[Notice]) -> str:
    """Why the inspection may not be deleted (the notices that refer to it), or ""."""
    if not notices:
        return ""
    issued = [n.doc_number for n in notices if n.inspection_id == inspection.id]
    checked = [n.doc_number for n in notices if n.reinspection_id == inspection.id]
    parts = []
    if issued:
        parts.append(f"已据此下达通知书{'、'.join(issued)}")
    if checked:
        parts.append(f"是通知书{'、'.join(checked)}的复查记录")
    return (
        f"{inspection.started_at:%Y-%m-%d %H:%M}对“{inspection.subject_name}”的检查{'，'.join(parts)}，不能删除；"
        "如记录有误，请用“更正”修改。"
    )
