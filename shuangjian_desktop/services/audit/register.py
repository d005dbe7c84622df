"""The audit trail (操作日志) as a list: who changed what and when, old -> new per field in Chinese, filtered by
user, ledger, action and period, searched by record name; exported like any other view. It is only ever read."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, select, text
from sqlalchemy.orm import Session

from shuangjian_desktop.domain.enums import AuditAction, LabelledEnum
from shuangjian_desktop.services.base.register import Column, Filter, Register, Row, display
from shuangjian_desktop.services.base.search import AUDIT, Searchable
from shuangjian_desktop.services.ledgers import LEDGERS
from shuangjian_desktop.services.privacy import CALLER_FIELDS, PERSONAL_FIELDS, mask_personal
from shuangjian_desktop.store.models import AuditEntry, Ticket

ENTITIES = {
    "institution": "机构台账",
    "status_change": "转型注销",
    "person": "人员",
    "person_role": "人员角色",
    "school": "学校",
    "teacher": "在职教师",
    "assignment": "包保台账",
    "ticket": "投诉工单",
    "ticket_event": "工单办理",
    "inspection": "检查记录",
    "inspection_aspect": "检查内容",
    "inspection_violation": "违规条款",
    "inspection_inspector": "检查人员",
    "notice": "整改通知书",
    "township": "乡镇",
    "community": "社区",
    "compound": "小区",
    "attachment": "附件",
    "calendar_override": "节假日安排",
    "calendar_year": "节假日年份",
    "bureau_profile": "单位信息",
    "app_user": "用户",
}
EXTRA_LABELS = {
    "community_id": "社区",
    "institution_id": "机构",
    "person_id": "人员",
    "school_id": "学校",
    "handler_id": "承办人",
    "status": "状态",
    "kind": "类型",
    "deadline": "期限",
    "served_on": "送达日期",
    "receipt_signer": "签收人",
    "closed_at": "办结时间",
    "replied_at": "答复时间",
    "at": "时间",
    "new_deadline": "新期限",
    "role": "角色",
    "doc_number": "文号",
    "issued_on": "下达日期",
    "items": "问题",
    "result": "结果",
    "started_at": "检查时间",
    "method": "检查方式",
    "findings": "发现问题",
    "aspect": "检查内容",
    "passed": "合格",
    "rule_code": "条款",
    "id": "编号",
    "username": "用户名",
    "display_name": "姓名",
    "password_hash": "密码",
    "failed_attempts": "连续输错次数",
    "locked_until": "锁定至",
    "active": "可登录",
}
PERIODS = (("今天", "1"), ("最近7天", "7"), ("最近30天", "30"), ("最近一年", "365"))


def field_labels() -> dict[str, str]:
    labels = dict(EXTRA_LABELS)
    for spec in LEDGERS.values():
        for f in spec.fields:
            labels.setdefault(f.key, f.label)
    return labels


def describe_changes(changes: str, labels: Mapping[str, str], masked: frozenset[str] = frozenset()) -> str:
    """'field: old → new' per field, in Chinese; the ``masked`` fields (personal data) masked."""
    try:
        data = json.loads(changes)
    except ValueError:
        return changes
    if not isinstance(data, dict):
        return changes
    parts = []
    for key, pair in data.items():
        old, new = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
        if key in masked:
            old, new = mask_personal(key, old), mask_personal(key, new)
        parts.append(f"{labels.get(key, key)}：{_shown(old)} → {_shown(new)}")
    return "；".join(parts)


@cache
def _enum_labels() -> dict[str, str]:
    """Stored code -> Chinese label over every enumeration, leaving out codes two enumerations share."""
    found: dict[str, set[str]] = {}
    for enum in _labelled_enums(LabelledEnum):
        for member in enum:
            found.setdefault(member.value, set()).add(member.label)
    return {code: next(iter(labels)) for code, labels in found.items() if len(labels) == 1}


def _labelled_enums(base: type) -> list[type[LabelledEnum]]:
    children = base.__subclasses__()
    return [e for child in children for e in (child, *_labelled_enums(child))]


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, str):
        return _enum_labels().get(value, value)
    return str(value)


class AuditRegister(Register):
    name = "audit"
    title = "操作日志"
    newest_first = True
    search_hint = "搜索记录名称、编号或用户"
    columns = (
        Column("at", "时间", 130),
        Column("username", "用户", 90),
        Column("action", "操作", 50),
        Column("entity", "台账", 90),
        Column("summary", "记录", 240),
        Column("changes", "变更内容（原值 → 新值）", 600),
    )
    filters = (
        Filter("entity", "台账", tuple((label, key) for key, label in ENTITIES.items())),
        Filter("action", "操作", tuple((a.label, a.value) for a in AuditAction)),
        Filter("period", "时间", PERIODS),
        Filter("user", "用户", ()),
    )

    def user_choices(self) -> tuple[tuple[str, str], ...]:
        """Everyone who ever changed anything: one index seek per name (a skip scan), however long the trail."""
        with self.store.read() as uow:
            names = uow.session.scalars(
                text(
                    "WITH RECURSIVE named(username) AS (SELECT min(username) FROM audit_log UNION ALL"
                    " SELECT (SELECT min(username) FROM audit_log WHERE username > named.username) FROM named"
                    " WHERE named.username IS NOT NULL) SELECT username FROM named WHERE username IS NOT NULL"
                )
            )
            return tuple((n, n) for n in names)

    def _id(self) -> ColumnElement[int]:
        return AuditEntry.id

    def _search_parts(self) -> tuple[tuple[ColumnElement[int], Searchable], ...]:
        return ((AuditEntry.id, AUDIT),)

    def _sort_columns(self) -> Mapping[str, ColumnElement[Any]]:
        return {
            "at": AuditEntry.id,
            "username": AuditEntry.username,
            "action": AuditEntry.action,
            "entity": AuditEntry.entity,
            "summary": AuditEntry.summary,
        }

    def _filter_clause(self, key: str, value: str) -> ColumnElement[bool] | None:
        if key == "entity":
            return AuditEntry.entity == value
        if key == "action":
            return AuditEntry.action == AuditAction(value)
        if key == "user":
            return AuditEntry.username == value
        if key == "period":
            since = dt.datetime.combine(dt.date.today() - dt.timedelta(days=int(value) - 1), dt.time())
            return AuditEntry.at >= since
        return None

    def _load(self, session: Session, ids: Sequence[int]) -> dict[int, Row]:
        labels = field_labels()
        rows = {}
        entries = list(session.scalars(select(AuditEntry).where(AuditEntry.id.in_(list(ids)))))
        tickets = {e.entity_id for e in entries if e.entity == "ticket" and e.entity_id}
        open_callers = set(
            session.scalars(select(Ticket.id).where(Ticket.id.in_(tickets), Ticket.confidential.is_(False)))
        )
        for e in entries:
            record = e.summary or (f"第{e.entity_id}条" if e.entity_id else "")
            masked = PERSONAL_FIELDS if e.entity_id in open_callers else PERSONAL_FIELDS | CALLER_FIELDS
            rows[e.id] = Row(
                e.id,
                (
                    display(e.at),
                    e.username,
                    e.action.label,
                    ENTITIES.get(e.entity, e.entity),
                    record,
                    describe_changes(e.changes, labels, masked),
                ),
                "danger" if e.action is AuditAction.DELETE else "",
            )
        return rows
