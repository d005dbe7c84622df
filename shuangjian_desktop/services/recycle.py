"""最近删除: the records deleted from any ledger, newest first, paged out of SQL like a ledger (searched by what the
record was called or who deleted it), and putting one back as it was (store/recycle.py), with the permission of the
ledger it belongs to and a row in the audit trail."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from shuangjian_desktop.domain.access import Action
from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.services.audit.register import ENTITIES, field_labels
from shuangjian_desktop.services.base.register import Column, Filter, Register, Row, display
from shuangjian_desktop.services.base.search import Searchable
from shuangjian_desktop.store.models import DeletedRecord
from shuangjian_desktop.store.recycle import put_back
from shuangjian_desktop.store.uow import Store

RECYCLE = Searchable(DeletedRecord.id, DeletedRecord.summary + " " + DeletedRecord.deleted_by, "deleted_record")


class RecycleBin(Register):
    """The deleted records of the registers given (those a clerk can delete from)."""

    name = "recycle"
    title = "最近删除"
    columns = (
        Column("deleted_at", "删除时间", 140),
        Column("entity", "台账", 110),
        Column("summary", "记录", 300),
        Column("deleted_by", "删除人", 100),
    )
    filters = (Filter("entity", "台账", ()),)
    newest_first = True
    search_hint = "输入名称、编号或删除人搜索"

    def __init__(self, store: Store, registers: Sequence[Register]) -> None:
        super().__init__(store)
        self._owners: dict[str, Register] = {
            r.model.__tablename__: r for r in registers if r.editable and r.model is not None
        }

    def entity_choices(self) -> tuple[tuple[str, str], ...]:
        """The 台账 filter's choices: the ledgers records can be deleted from."""
        return tuple((self.ledger_of(t), t) for t in self._owners)

    def ledger_of(self, table: str) -> str:
        owner = self._owners.get(table)
        return owner.title if owner is not None else ENTITIES.get(table, table)

    def _id(self) -> ColumnElement[int]:
        return DeletedRecord.id

    def _sort_columns(self) -> Mapping[str, ColumnElement[Any]]:
        return {"deleted_at": DeletedRecord.id, "summary": DeletedRecord.summary}

    def _filter_clause(self, key: str, value: str) -> ColumnElement[bool] | None:
        return DeletedRecord.entity == value if key == "entity" else None

    def _search_parts(self) -> tuple[tuple[ColumnElement[int], Searchable], ...]:
        return ((DeletedRecord.id, RECYCLE),)

    def _load(self, session: Session, ids: Sequence[int]) -> dict[int, Row]:
        found = session.query(DeletedRecord).filter(DeletedRecord.id.in_(list(ids)))
        return {
            r.id: Row(r.id, (display(r.deleted_at), self.ledger_of(r.entity), r.summary, r.deleted_by)) for r in found
        }

    def restore(self, kept_id: int, user: str) -> tuple[str, int]:
        """Put a deleted record back; (register name, the record's id). Refused, with the reason, when the account
        may not change that ledger or the record cannot come back as it was."""
        with self.store.read() as uow:
            kept = uow.session.get(DeletedRecord, kept_id)
            if kept is None:
                raise DomainError("该记录已恢复或不在“最近删除”中。")
            owner = self._owners.get(kept.entity)
        action = owner.edit_action if owner is not None else Action.EDIT_LEDGERS
        labels = field_labels()

        def describe(name: str) -> str:
            if "." in name:
                return labels.get(name.split(".", 1)[1], name)
            kin = self._owners.get(name)
            return kin.noun if kin is not None else ENTITIES.get(name, name)

        with self.store.write(user, action) as uow:
            entity, record_id = put_back(uow.session, kept_id, user, describe)
            uow.commit()
        return (owner.name if owner is not None else entity), record_id
