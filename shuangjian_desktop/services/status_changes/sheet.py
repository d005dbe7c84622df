"""The conversion and deregistration ledger (转型注销台账) as a spreadsheet: its columns, checks and export."""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from shuangjian_desktop import settings as opts
from shuangjian_desktop.domain import values as v
from shuangjian_desktop.domain.enums import (
    ChangeKind,
)
from shuangjian_desktop.services.base.sheet import (
    Field,
    LedgerSpec,
    RowInput,
    column_length,
    credit_code_field,
    enum_field,
)
from shuangjian_desktop.services.institutions.sheet import InstitutionContext, follow_change, load_institutions
from shuangjian_desktop.store.models import Institution, StatusChange


@dataclass
class ChangeContext:
    institutions: InstitutionContext
    existing: dict[tuple[int, ChangeKind, Any], StatusChange]


class StatusChangesLedger(LedgerSpec):
    name = "status-changes"
    title = "转型注销台账"
    key_label = "机构、变更类型和生效日期"
    fields = (
        Field(
            "institution_name",
            "机构名称",
            v.text,
            synonyms=("名称", "培训机构名称"),
            example="示范县启明文化艺术培训学校有限公司",
            max_length=column_length(Institution.name),
        ),
        credit_code_field(help="与机构名称至少填一项；都填时以信用代码为准"),
        enum_field(
            "kind", "变更类型", ChangeKind, required=True, synonyms=("类型", "变更事项", "处置类型"), example="学改非"
        ),
        Field(
            "effective_on",
            "生效日期",
            v.parse_date,
            required=True,
            synonyms=("日期", "变更日期", "办结日期"),
            example="2022-03-15",
        ),
        Field("approved_on", "批准日期", v.parse_date, synonyms=("审批日期",), example="2022-03-10"),
        Field(
            "doc_number",
            "文号",
            v.text,
            synonyms=("批准文号", "批文号"),
            example="示教体审〔2022〕8号",
            max_length=column_length(StatusChange.doc_number),
        ),
        Field("note", "备注", v.text, example=""),
    )

    def prepare(self, session: Session, settings: opts.Settings) -> ChangeContext:
        existing = {(c.institution_id, c.kind, c.effective_on): c for c in session.scalars(select(StatusChange))}
        return ChangeContext(load_institutions(session), existing)

    def _institution(self, context: ChangeContext, values: dict[str, Any]) -> Institution | None:
        code = values.get("credit_code")
        if code:
            return context.institutions.by_code.get(code)
        found = context.institutions.by_name.get(values.get("institution_name") or "", [])
        return found[0] if len(found) == 1 else None

    def check(self, context: ChangeContext, row: RowInput) -> None:
        values = row.values
        if row.has_problem("机构名称", "统一社会信用代码"):
            return
        if values.get("credit_code") is None and values.get("institution_name") is None:
            row.problem("机构名称", "机构名称和统一社会信用代码至少填一项")
            return
        if self._institution(context, values) is None:
            if values.get("credit_code"):
                row.problem("统一社会信用代码", f"机构台账中没有信用代码为“{values['credit_code']}”的机构")
            else:
                count = len(context.institutions.by_name.get(values["institution_name"], []))
                reason = (
                    "机构台账中没有该机构" if count == 0 else f"机构台账中有{count}家同名机构，请填写统一社会信用代码"
                )
                row.problem("机构名称", reason)
        approved = values.get("approved_on")
        if approved and values.get("effective_on") and approved > values["effective_on"]:
            row.problem("批准日期", "不应晚于生效日期")

    def key(self, row: RowInput) -> Hashable | None:
        who = row.values.get("credit_code") or row.values.get("institution_name")
        return (who, row.values.get("kind"), row.values.get("effective_on"))

    def apply(self, session: Session, context: ChangeContext, row: RowInput) -> bool:
        values = row.values
        inst = self._institution(context, values)
        assert inst is not None
        session.flush([inst]) if inst.id is None else None
        change = context.existing.get((inst.id, values["kind"], values["effective_on"]))
        inserted = change is None
        if change is None:
            change = StatusChange(institution=inst, kind=values["kind"], effective_on=values["effective_on"])
            session.add(change)
            context.existing[(inst.id, values["kind"], values["effective_on"])] = change
        for key in ("approved_on", "doc_number", "note"):
            if key in values:
                setattr(change, key, values[key])
        latest = max(inst.changes, key=lambda c: (c.effective_on, c.id or 0), default=None)
        if latest is change or latest is None:
            follow_change(inst, change.kind)
        return inserted

    def export_rows(self, session: Session, *, reveal_personal: bool = False) -> Iterator[Sequence[Any]]:
        query = (
            select(StatusChange)
            .options(joinedload(StatusChange.institution))
            .order_by(StatusChange.effective_on, StatusChange.id)
        )
        for change in session.scalars(query):
            yield [
                change.institution.name,
                change.institution.credit_code,
                change.kind.label,
                change.effective_on,
                change.approved_on,
                change.doc_number,
                change.note,
            ]
