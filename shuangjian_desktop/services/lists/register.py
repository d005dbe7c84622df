"""公示名单 on screen: every entry of the white and black lists, current and taken off (the list's history: who put
it on, when and why; who took it off, when and why). New entries through the usual form; an entry is never
deleted (taking it off keeps it), and its institution and list cannot be changed once made."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from shuangjian_desktop.domain import values as v
from shuangjian_desktop.domain.errors import FieldProblem, RecordRejected
from shuangjian_desktop.domain.public_lists import ListKind
from shuangjian_desktop.services.base.register import Column, Filter, FormField, Register, Row, display
from shuangjian_desktop.services.base.search import INSTITUTION, Searchable
from shuangjian_desktop.services.base.sheet import Field, column_length, enum_field
from shuangjian_desktop.services.base.suggest import institution_names
from shuangjian_desktop.services.lists.service import enter_in_session
from shuangjian_desktop.services.supervised import institution_named
from shuangjian_desktop.store.models import Institution, ListEntry

FIELDS = (
    enum_field("kind", "名单", ListKind, required=True),
    Field("institution", "机构名称", v.text, required=True),
    Field("listed_on", "列入日期", v.parse_date, required=True),
    Field("reason", "列入原因", v.text, required=True, help="公示时写明事实和依据，如：无证办学，经查处拒不整改"),
    Field("doc_number", "文号", v.text, max_length=column_length(ListEntry.doc_number), help="如：示教体〔2026〕35号"),
)


class ListRegister(Register):
    name = "lists"
    title = "公示名单"
    editable = True
    model = ListEntry
    noun = "名单记录"
    newest_first = True
    search_hint = "搜索机构名称、信用代码或拼音首字母"
    columns = (
        Column("listed_on", "列入日期", 90),
        Column("kind", "名单", 60),
        Column("institution", "机构名称", 240),
        Column("reason", "列入原因", 240),
        Column("doc_number", "文号", 150),
        Column("listed_by", "列入人", 70),
        Column("removed_on", "移出日期", 90),
        Column("removal", "移出原因及文号", 220),
        Column("removed_by", "移出人", 70),
    )
    filters = (
        Filter("kind", "名单", tuple((k.label, k.value) for k in ListKind)),
        Filter("state", "状态", (("在名单上", "open"), ("已移出", "removed"))),
    )

    def _id(self) -> ColumnElement[int]:
        return ListEntry.id

    def _search_parts(self) -> tuple[tuple[ColumnElement[int], Searchable], ...]:
        return ((ListEntry.institution_id, INSTITUTION),)

    def _sort_columns(self) -> Mapping[str, ColumnElement[Any]]:
        return {
            "listed_on": ListEntry.listed_on,
            "kind": ListEntry.kind,
            "institution": ListEntry.institution_sort,
            "removed_on": ListEntry.removed_on,
        }

    def _filter_clause(self, key: str, value: str) -> ColumnElement[bool] | None:
        if key == "kind":
            return ListEntry.kind == ListKind(value)
        if key == "state":
            return ListEntry.removed_on.is_(None) if value == "open" else ListEntry.removed_on.is_not(None)
        return None

    def _load(self, session: Session, ids: Sequence[int]) -> dict[int, Row]:
        rows = {}
        for entry, name in session.execute(
            select(ListEntry, Institution.name).join(Institution).where(ListEntry.id.in_(list(ids)))
        ):
            removal = ""
            if entry.removed_on is not None:
                removal = (entry.removal_reason or "") + (
                    f"（{entry.removal_doc_number}）" if entry.removal_doc_number else ""
                )
            tone = "muted" if entry.removed_on else ("danger" if entry.kind is ListKind.BLACK else "")
            rows[entry.id] = Row(
                entry.id,
                (
                    display(entry.listed_on),
                    entry.kind.label,
                    name,
                    entry.reason,
                    entry.doc_number or "",
                    entry.listed_by,
                    display(entry.removed_on),
                    removal,
                    entry.removed_by or "",
                ),
                tone,
            )
        return rows

    def form(self) -> tuple[FormField, ...]:
        kinds = {"kind": "choice", "institution": "ref", "reason": "multiline"}
        refs = {"institution": institution_names(self.store)}
        return tuple(FormField(f, kinds.get(f.key, "text"), refs.get(f.key), f.help) for f in FIELDS)

    def blank(self, kind: ListKind) -> dict[str, str]:
        return {"kind": kind.label, "listed_on": dt.date.today().isoformat()}

    def _form_values(self, entry: ListEntry) -> dict[str, Any]:
        return {
            "kind": entry.kind,
            "institution": entry.institution.name,
            "listed_on": entry.listed_on,
            "reason": entry.reason,
            "doc_number": entry.doc_number,
        }

    def _store(self, session: Session, entry: ListEntry | None, values: dict[str, Any]) -> ListEntry:
        inst, why = institution_named(session, values["institution"])
        if inst is None:
            raise RecordRejected([FieldProblem(None, "机构名称", why)])
        user = str(session.info.get("user", ""))
        if entry is None:
            return enter_in_session(
                session, inst, values["kind"], values["listed_on"], values["reason"], values.get("doc_number"), user
            )
        if entry.institution_id != inst.id or entry.kind is not values["kind"]:
            raise RecordRejected(
                [FieldProblem(None, "机构名称", "已列入的记录不能改为其他机构或名单；请移出后重新列入")]
            )
        if not values["reason"].strip():
            raise RecordRejected([FieldProblem(None, "列入原因", "不能为空")])
        if values["listed_on"] > dt.date.today() or (entry.removed_on and values["listed_on"] > entry.removed_on):
            raise RecordRejected([FieldProblem(None, "列入日期", "不能晚于今天或移出日期")])
        entry.listed_on, entry.reason, entry.doc_number = (
            values["listed_on"],
            values["reason"],
            values.get("doc_number"),
        )
        return entry

    def _in_use(self, session: Session, entry: ListEntry) -> str:
        return "名单记录是公示的历史，不能删除；机构不再列入时，请用“移出名单…”写明移出日期和原因。"

    def is_open(self, entry_id: int) -> bool:
        with self.store.read() as uow:
            entry = uow.session.get(ListEntry, entry_id)
            return entry is not None and entry.removed_on is None
