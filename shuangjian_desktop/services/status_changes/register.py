"""The conversion and deregistration ledger (转型注销): 营转非, 学改非, 注销, 停业整顿, 复业."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from shuangjian_desktop import settings as opts
from shuangjian_desktop.domain.enums import ChangeKind
from shuangjian_desktop.services.base.register import (
    Column,
    Filter,
    FormField,
    Register,
    Row,
    check_with_ledger,
    display,
)
from shuangjian_desktop.services.base.search import CHANGE_DOC, INSTITUTION, Searchable
from shuangjian_desktop.services.base.suggest import institution_names
from shuangjian_desktop.services.status_changes.follow import follow_if_latest
from shuangjian_desktop.services.status_changes.sheet import StatusChangesLedger
from shuangjian_desktop.store.models import Institution, StatusChange

LEDGER = StatusChangesLedger()


class StatusChangeRegister(Register):
    newest_first = True
    name = "status-changes"
    title = "转型注销台账"
    editable = True
    model = StatusChange
    search_hint = "搜索机构名称、信用代码、文号或拼音首字母"
    columns = (
        Column("institution", "机构名称", 280),
        Column("credit_code", "统一社会信用代码", 170),
        Column("kind", "变更类型", 80),
        Column("effective_on", "生效日期", 90),
        Column("approved_on", "批准日期", 90),
        Column("doc_number", "文号", 160),
        Column("note", "备注", 200),
    )
    filters = (Filter("kind", "变更类型", tuple((k.label, k.value) for k in ChangeKind)),)

    def __init__(self, store: Any, settings: opts.Settings | None = None) -> None:
        super().__init__(store)
        self.settings = settings or opts.Settings()

    def _id(self) -> ColumnElement[int]:
        return StatusChange.id

    def _search_parts(self) -> tuple[tuple[ColumnElement[int], Searchable], ...]:
        return ((StatusChange.institution_id, INSTITUTION), (StatusChange.id, CHANGE_DOC))

    def _sort_columns(self) -> Mapping[str, ColumnElement[Any]]:
        # a small ledger: the institution's name and code are looked up per row rather than copied
        def of_institution(column: Any) -> Any:
            return select(column).where(Institution.id == StatusChange.institution_id).scalar_subquery()

        return {
            "effective_on": StatusChange.effective_on,
            "institution": of_institution(Institution.sort_name),
            "credit_code": of_institution(Institution.credit_code),
            "kind": StatusChange.kind,
            "approved_on": StatusChange.approved_on,
            "doc_number": StatusChange.doc_sort,
        }

    def _filter_clause(self, key: str, value: str) -> ColumnElement[bool] | None:
        return StatusChange.kind == ChangeKind(value) if key == "kind" else None

    def _load(self, session: Session, ids: Sequence[int]) -> dict[int, Row]:
        rows = {}
        for c, inst in session.execute(
            select(StatusChange, Institution).join(Institution).where(StatusChange.id.in_(list(ids)))
        ):
            rows[c.id] = Row(
                c.id,
                (
                    inst.name,
                    inst.credit_code or "",
                    c.kind.label,
                    display(c.effective_on),
                    display(c.approved_on),
                    c.doc_number or "",
                    c.note or "",
                ),
            )
        return rows

    def form(self) -> tuple[FormField, ...]:
        kinds = {"institution_name": "ref", "kind": "choice", "note": "multiline"}
        return tuple(
            FormField(
                f,
                kinds.get(f.key, "text"),
                institution_names(self.store) if f.key == "institution_name" else None,
                f.help,
            )
            for f in LEDGER.fields
        )

    def _form_values(self, c: StatusChange) -> dict[str, Any]:
        return {
            "institution_name": c.institution.name,
            "credit_code": c.institution.credit_code,
            "kind": c.kind,
            "effective_on": c.effective_on,
            "approved_on": c.approved_on,
            "doc_number": c.doc_number,
            "note": c.note,
        }

    def _store(self, session: Session, change: StatusChange | None, values: dict[str, Any]) -> StatusChange:
        context = LEDGER.prepare(session, self.settings)
        row = check_with_ledger(LEDGER, context, values)
        inst = LEDGER._institution(context, row.values)
        assert inst is not None
        if change is None:
            change = StatusChange(institution=inst, kind=values["kind"], effective_on=values["effective_on"])
            session.add(change)
        else:
            change.institution = inst
        for key in ("kind", "effective_on", "approved_on", "doc_number", "note"):
            setattr(change, key, values.get(key))
        follow_if_latest(session, inst, change)
        return change
