"""What the printed notices and inspection forms say, gathered from the ledgers: the institution's credit code and
address, the inspection's date, inspectors, method and findings, each broken rule with its legal basis from the
catalogue, the deadline counted from receipt, the county's reconsideration body and court, the contact person,
and the service recorded on the receipt."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from shuangjian_desktop.documents.inspection_form import InspectionFormData, write_inspection_form
from shuangjian_desktop.documents.notice_pdf import NoticeData, ReceiptData, RuleBroken, wording, write_notices
from shuangjian_desktop.domain.enums import Method
from shuangjian_desktop.domain.errors import DomainError, NotFound
from shuangjian_desktop.domain.inspection_findings import written_items
from shuangjian_desktop.domain.values import chinese_date
from shuangjian_desktop.services.catalogues import (
    inspection_aspects,
    institution_rules,
    rule_bases,
    rule_number,
    school_rules,
)
from shuangjian_desktop.store.models import BureauProfile, Inspection, Notice
from shuangjian_desktop.store.uow import Store

DEFAULT_AUTHORITY = "教育和体育局"
METHOD_WORDS = {
    Method.ROUTINE: "日常检查",
    Method.UNANNOUNCED: "“四不两直”检查",
    Method.JOINT: "联合检查",
    Method.RANDOM: "“双随机”抽查",
    Method.FOLLOW_UP: "“回头看”检查",
}


GENERATED = "违反负面清单第"
"""how findings begin that the program wrote from the rules when the inspectors wrote none"""


def findings_of(inspection: Inspection | None) -> list[str]:
    """What was found, in the clerk's words: the written findings (one a line or separated by ；), else the notes
    of the aspects found wanting."""
    if inspection is None:
        return []
    if inspection.written_findings:
        return written_items(inspection.written_findings)
    parts = [p.strip() for p in (inspection.findings or "").replace("\n", "；").split("；") if p.strip()]
    written = [p for p in parts if not p.startswith(GENERATED)]
    if written:
        return written
    labels = {a.code: a.label for a in inspection_aspects()}
    noted = [
        f"{labels.get(a.aspect, a.aspect)}方面：{a.note}"
        for a in sorted(inspection.aspects, key=lambda a: a.id)
        if not a.passed and a.note
    ]
    return noted or parts


def _profile(session: Session) -> BureauProfile | None:
    return session.scalar(select(BureauProfile))


def appeal_bodies(profile: BureauProfile | None) -> tuple[str, str]:
    county = profile.county if profile and profile.county else "本县（市、区）"
    defaults = wording()["appeal_defaults"]
    body = (profile.reconsideration_body if profile else "") or defaults["reconsideration_body"].format(county=county)
    court = (profile.litigation_court if profile else "") or defaults["court"].format(county=county)
    return body, court


def _served(notice: Notice) -> str:
    if notice.served_on is None:
        return ""
    text = chinese_date(notice.served_on)
    if notice.served_time is not None:
        text += f"{notice.served_time.hour}时{notice.served_time.minute:02d}分"
    return text


def notice_data(session: Session, notice: Notice, issued_on: dt.date | None = None) -> NoticeData:
    profile = _profile(session)
    authority = profile.unit_name if profile and profile.unit_name else DEFAULT_AUTHORITY
    inspection = notice.inspection
    bases = rule_bases()
    rules = tuple(
        RuleBroken(int(v.rule_code[1:]), bases[v.rule_code][0], bases[v.rule_code][1])
        for v in sorted(inspection.violations if inspection else [], key=lambda v: v.rule_code)
        if v.rule_code in bases
    )
    items = [p.strip() for p in (notice.items or "").replace("\n", "；").split("；") if p.strip()]
    if all(p.startswith(GENERATED) for p in items):  # the rules restated, not what was found
        items = findings_of(inspection) or items
    body, court = appeal_bodies(profile)
    institution = notice.institution
    return NoticeData(
        kind=notice.kind.value,
        doc_number=notice.doc_number,
        authority=authority,
        institution=institution.name,
        credit_code=institution.credit_code or "",
        address=institution.address or "",
        inspected_on=chinese_date(inspection.started_at.date() if inspection else notice.issued_on),
        inspectors="、".join(i.person.name for i in inspection.inspectors) if inspection else "",
        method=METHOD_WORDS.get(inspection.method, "检查") if inspection else "检查",
        findings=tuple(items or findings_of(inspection) or ["（见检查记录）"]),
        rules=rules,
        deadline_days=notice.deadline_days,
        issued_on=chinese_date(issued_on or notice.issued_on),
        contact=notice.contact or (profile.contact if profile else ""),
        contact_phone=notice.contact_phone or (profile.contact_phone if profile else ""),
        reconsideration_body=body,
        court=court,
        receipt=ReceiptData(
            served=_served(notice),
            place=notice.service_place or "",
            manner=notice.service_manner or "",
            signer=notice.receipt_signer or "",
            proxy=notice.proxy or "",
            witness=notice.witness or "",
        ),
    )


def print_notices(store: Store, notice_ids: Sequence[int], path: Path, *, duplex: bool = True) -> int:
    """The chosen notices (each with its service receipt) as one PDF, in the order given; returns how many."""
    with store.read() as uow:
        session = uow.session
        stmt = (
            select(Notice)
            .where(Notice.id.in_(list(notice_ids)))
            .options(
                selectinload(Notice.institution),
                selectinload(Notice.inspection).selectinload(Inspection.violations),
                selectinload(Notice.inspection).selectinload(Inspection.aspects),
                selectinload(Notice.inspection).selectinload(Inspection.inspectors),
            )
        )
        by_id = {n.id: n for n in session.scalars(stmt)}
        data = [notice_data(session, by_id[i]) for i in notice_ids if i in by_id]
    if not data:
        raise DomainError("没有选中通知书")
    write_notices(path, data, duplex=duplex)
    return len(data)


def notice_ids_of_year(store: Store, year: int) -> list[int]:
    with store.read() as uow:
        return list(
            uow.session.scalars(
                select(Notice.id)
                .where(Notice.issued_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
                .order_by(Notice.issued_on, Notice.id)
            )
        )


def notice_id_by_number(store: Store, doc_number: str) -> int:
    with store.read() as uow:
        found = uow.session.scalar(select(Notice.id).where(Notice.doc_number == doc_number.strip()))
    if found is None:
        raise NotFound(f"没有文号为“{doc_number}”的通知书")
    return found


def print_form(store: Store, inspection_id: int, path: Path) -> Path:
    """The inspection record form (检查记录表) for signing on site or filing, with the written findings."""
    with store.read() as uow:
        session = uow.session
        inspection = session.get(Inspection, inspection_id)
        if inspection is None:
            raise NotFound(f"没有编号为{inspection_id}的检查记录")
        profile = _profile(session)
        labels = {a.code: a.label for a in inspection_aspects()}
        texts = {r.code: r.label for r in (*institution_rules(), *school_rules())}
        subject = inspection.institution or inspection.school
        data = InspectionFormData(
            authority=profile.unit_name if profile and profile.unit_name else DEFAULT_AUTHORITY,
            institution=inspection.subject_name,
            address=(subject.address if subject is not None else "") or "",
            started_at=f"{inspection.started_at:%Y-%m-%d %H:%M}",
            method=inspection.method.label,
            key_hours=inspection.key_hours,
            inspectors="、".join(i.person.name for i in inspection.inspectors),
            aspects=[
                (labels.get(a.aspect, a.aspect), "合格" if a.passed else "存在问题", a.note or "")
                for a in sorted(inspection.aspects, key=lambda a: list(labels).index(a.aspect))
            ],
            violations=[f"{rule_number(v.rule_code)} {texts.get(v.rule_code, '')}" for v in inspection.violations],
            findings="\n".join(findings_of(inspection)),
            result=inspection.result.label,
            school=inspection.school_id is not None,
        )
    return write_inspection_form(path, data)
