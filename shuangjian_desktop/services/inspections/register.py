"""Inspections and notices as lists (their workflow has its own screens: recording and correcting an inspection is
the inspection dialog's, deleting one goes through the service's rules)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from shuangjian_desktop import paths
from shuangjian_desktop.domain.enums import InspectionResult, Method, NoticeKind, NoticeStatus, TicketStatus
from shuangjian_desktop.services.base.register import Column, Filter, Register, Row, display
from shuangjian_desktop.services.base.search import INSTITUTION, NOTICE, SCHOOL, Searchable
from shuangjian_desktop.store.engine import database_path
from shuangjian_desktop.store.models import (
    Campaign,
    Inspection,
    InspectionDepartment,
    Institution,
    Notice,
    PartnerDepartment,
    School,
)

OPEN_TICKETS = (TicketStatus.ACCEPTED, TicketStatus.DISPATCHED, TicketStatus.SIGNED, TicketStatus.HANDLING)
OPEN_NOTICES = (NoticeStatus.ISSUED, NoticeStatus.SERVED, NoticeStatus.RECTIFYING)


class InspectionRegister(Register):
    newest_first = True
    service: Any = None
    """The workspace's InspectionService (where its attachments are kept); None: the files beside the database."""
    name = "inspections"
    title = "检查记录"
    search_hint = "搜索机构、学校名称或拼音首字母"
    editable = True
    model = Inspection
    noun = "检查记录"
    columns = (
        Column("started_at", "检查时间", 120),
        Column("institution", "检查对象", 260),
        Column("method", "检查方式", 80),
        Column("key_hours", "重点时段", 70),
        Column("joint", "联合检查（成员单位）", 150),
        Column("campaign", "专项行动", 150),
        Column("result", "结果", 80),
        Column("findings", "发现问题", 360),
    )
    filters = (
        Filter("method", "方式", tuple((m.label, m.value) for m in Method)),
        Filter("result", "结果", tuple((r.label, r.value) for r in InspectionResult)),
        Filter("subject", "对象", (("校外培训机构", "institution"), ("学校", "school"))),
    )

    def delete(self, record_id: int, user: str) -> None:
        """Refused with the reason while a notice refers to the inspection; its attachments go with it."""
        from shuangjian_desktop.services.inspections.service import InspectionService

        if self.service is not None:  # the workspace's (a server keeps the attachments' bytes itself)
            self.service.delete(record_id, user)
            return
        folder = paths.attachments_dir(database_path(self.store.engine))
        InspectionService(self.store, folder).delete(record_id, user)

    def _id(self) -> ColumnElement[int]:
        return Inspection.id

    def _search_parts(self) -> tuple[tuple[ColumnElement[int], Searchable], ...]:
        return ((Inspection.institution_id, INSTITUTION), (Inspection.school_id, SCHOOL))

    def _sort_columns(self) -> Mapping[str, ColumnElement[Any]]:
        return {
            "started_at": Inspection.started_at,
            "institution": Inspection.institution_sort,
            "method": Inspection.method,
            "key_hours": Inspection.key_hours,
            "result": Inspection.result,
        }

    def _filter_clause(self, key: str, value: str) -> ColumnElement[bool] | None:
        if key == "method":
            return Inspection.method == Method(value)
        if key == "result":
            return Inspection.result == InspectionResult(value)
        if key == "subject":
            return Inspection.school_id.is_not(None) if value == "school" else Inspection.institution_id.is_not(None)
        return None

    def _load(self, session: Session, ids: Sequence[int]) -> dict[int, Row]:
        rows = {}
        wanted = list(ids)
        joint: dict[int, list[str]] = {}
        for inspection_id, name in session.execute(
            select(InspectionDepartment.inspection_id, PartnerDepartment.name)
            .join(PartnerDepartment, InspectionDepartment.department_id == PartnerDepartment.id)
            .where(InspectionDepartment.inspection_id.in_(wanted))
            .order_by(InspectionDepartment.id)
        ):
            joint.setdefault(inspection_id, []).append(name)
        stmt = (
            select(Inspection, Institution.name, School.name, Campaign.name)
            .outerjoin(Institution, Inspection.institution_id == Institution.id)
            .outerjoin(School, Inspection.school_id == School.id)
            .outerjoin(Campaign, Inspection.campaign_id == Campaign.id)
            .where(Inspection.id.in_(wanted))
        )
        for i, institution, school, campaign in session.execute(stmt):
            tone = "" if i.result is InspectionResult.PASSED else "warning"
            rows[i.id] = Row(
                i.id,
                (
                    display(i.started_at),
                    institution or f"{school}（学校）",
                    i.method.label,
                    "是" if i.key_hours else "",
                    "、".join(joint.get(i.id, [])),
                    campaign or "",
                    i.result.label,
                    i.findings or "",
                ),
                tone,
            )
        return rows


class NoticeRegister(Register):
    newest_first = True
    name = "notices"
    title = "整改通知书"
    search_hint = "搜索文号、机构名称或拼音首字母"
    columns = (
        Column("doc_number", "文号", 170),
        Column("kind", "种类", 110),
        Column("institution", "机构名称", 260),
        Column("issued_on", "下达日期", 90),
        Column("deadline", "整改期限", 90),
        Column("served_on", "送达日期", 90),
        Column("status", "状态", 80),
    )
    filters = (
        Filter("status", "状态", tuple((s.label, s.value) for s in NoticeStatus)),
        Filter("kind", "种类", tuple((k.label, k.value) for k in NoticeKind)),
    )

    def load_number(self, notice_id: int) -> str:
        with self.store.read() as uow:
            notice = uow.session.get(Notice, notice_id)
            return notice.doc_number if notice else ""

    def _id(self) -> ColumnElement[int]:
        return Notice.id

    def _search_parts(self) -> tuple[tuple[ColumnElement[int], Searchable], ...]:
        return ((Notice.id, NOTICE), (Notice.institution_id, INSTITUTION))

    def _sort_columns(self) -> Mapping[str, ColumnElement[Any]]:
        return {
            "issued_on": Notice.issued_on,
            "doc_number": Notice.doc_sort,
            "kind": Notice.kind,
            "institution": Notice.institution_sort,
            "deadline": Notice.deadline,
            "served_on": Notice.served_on,
            "status": Notice.status,
        }

    def _filter_clause(self, key: str, value: str) -> ColumnElement[bool] | None:
        if key == "status":
            return Notice.status == NoticeStatus(value)
        if key == "kind":
            return Notice.kind == NoticeKind(value)
        return None

    def _load(self, session: Session, ids: Sequence[int]) -> dict[int, Row]:
        today = dt.date.today()
        rows = {}
        for n, name in session.execute(
            select(Notice, Institution.name).join(Institution).where(Notice.id.in_(list(ids)))
        ):
            tone = "danger" if n.status in OPEN_NOTICES and n.deadline < today else ""
            rows[n.id] = Row(
                n.id,
                (
                    n.doc_number,
                    n.kind.label,
                    name,
                    display(n.issued_on),
                    display(n.deadline),
                    display(n.served_on),
                    n.status.label,
                ),
                tone,
            )
        return rows
