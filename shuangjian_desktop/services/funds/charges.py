"""Prepaid charges seen by the bureau (收费记录, ``FundCharge``: a contract, a receipt, the platform's record), each
checked when saved against the negative list's 3 months / 60 lessons (domain/training_rules.check_prepaid, used
here for the first time): a charge that breaks it is marked and listed on the home page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from shuangjian_desktop.domain import values as v
from shuangjian_desktop.domain.errors import FieldProblem, RecordRejected
from shuangjian_desktop.domain.fund_rules import breach_text
from shuangjian_desktop.services.base.register import Column, Filter, FormField, Register, Row, display
from shuangjian_desktop.services.base.search import INSTITUTION, Searchable
from shuangjian_desktop.services.base.sheet import Field, column_length
from shuangjian_desktop.services.base.suggest import institution_names
from shuangjian_desktop.services.supervised import institution_named
from shuangjian_desktop.store.models import FundCharge, Institution

FIELDS = (
    Field("institution", "机构名称", v.text, required=True),
    Field("charged_on", "收费日期", v.parse_date, required=True),
    Field("contract_no", "合同或收据编号", v.text, max_length=column_length(FundCharge.contract_no)),
    Field("amount_cents", "收费金额（元）", v.parse_money_cents, required=True),
    Field("months", "覆盖月数", lambda x: v.parse_int(x, maximum=120), help="一次性收取几个月的费用"),
    Field("lessons", "课时数", lambda x: v.parse_int(x, maximum=10_000), help="一次性收取多少课时的费用"),
    Field("note", "备注", v.text),
)


class FundChargeRegister(Register):
    name = "fund-charges"
    title = "预收费检查"
    editable = True
    model = FundCharge
    noun = "收费记录"
    newest_first = True
    search_hint = "搜索机构名称或拼音首字母"
    columns = (
        Column("charged_on", "收费日期", 90),
        Column("institution", "机构名称", 240),
        Column("contract_no", "合同或收据编号", 140),
        Column("amount", "金额（元）", 100, True),
        Column("months", "月数", 50, True),
        Column("lessons", "课时", 50, True),
        Column("breach", "检查结果", 300),
    )
    filters = (Filter("breach", "检查结果", (("超过3个月或60课时", "breach"), ("符合规定", "ok"))),)

    def _id(self) -> ColumnElement[int]:
        return FundCharge.id

    def _search_parts(self) -> tuple[tuple[ColumnElement[int], Searchable], ...]:
        return ((FundCharge.institution_id, INSTITUTION),)

    def _sort_columns(self) -> Mapping[str, ColumnElement[Any]]:
        return {
            "charged_on": FundCharge.charged_on,
            "institution": FundCharge.institution_sort,
            "breach": FundCharge.breach,
        }

    def _filter_clause(self, key: str, value: str) -> ColumnElement[bool] | None:
        if key == "breach":
            return FundCharge.breach != "" if value == "breach" else FundCharge.breach == ""
        return None

    def _load(self, session: Session, ids: Sequence[int]) -> dict[int, Row]:
        rows = {}
        for charge, name in session.execute(
            select(FundCharge, Institution.name).join(Institution).where(FundCharge.id.in_(list(ids)))
        ):
            rows[charge.id] = Row(
                charge.id,
                (
                    display(charge.charged_on),
                    name,
                    charge.contract_no or "",
                    v.format_money(charge.amount_cents),
                    charge.months,
                    charge.lessons,
                    charge.breach or "符合规定（不超过3个月或60课时）",
                ),
                "danger" if charge.breach else "",
            )
        return rows

    def form(self) -> tuple[FormField, ...]:
        kinds = {"institution": "ref", "note": "multiline"}
        refs = {"institution": institution_names(self.store)}
        return tuple(FormField(f, kinds.get(f.key, "text"), refs.get(f.key), f.help) for f in FIELDS)

    def _form_values(self, charge: FundCharge) -> dict[str, Any]:
        values: dict[str, Any] = {f.key: getattr(charge, f.key, None) for f in FIELDS if f.key != "institution"}
        values["institution"] = charge.institution.name
        values["amount_cents"] = v.format_money(charge.amount_cents).replace(",", "")
        return values

    def _store(self, session: Session, charge: FundCharge | None, values: dict[str, Any]) -> FundCharge:
        problems = []
        inst, why = institution_named(session, values["institution"])
        if inst is None:
            problems.append(FieldProblem(None, "机构名称", why))
        if values["charged_on"] > dt.date.today():
            problems.append(FieldProblem(None, "收费日期", "不能晚于今天"))
        if values.get("months") is None and values.get("lessons") is None:
            problems.append(FieldProblem(None, "覆盖月数", "覆盖月数和课时数至少填一项（用于核对3个月或60课时）"))
        if problems:
            raise RecordRejected(problems)
        assert inst is not None
        if charge is None:
            charge = FundCharge(institution_id=inst.id, charged_on=values["charged_on"])
            session.add(charge)
        charge.institution_id = inst.id
        for key in ("charged_on", "contract_no", "amount_cents", "months", "lessons", "note"):
            setattr(charge, key, values.get(key))
        charge.breach = breach_text(charge.months, charge.lessons)[:200]
        return charge
