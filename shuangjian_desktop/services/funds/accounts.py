"""Supervision accounts (资金监管账户, ``FundAccount``): the register on screen (bank, account number, minimum balance,
latest balance and whether it is below the minimum or moved a lot), a balance snapshot entered by hand, and an
account's snapshot history. The latest balance and each snapshot's movement are kept by ``refresh_accounts``
after every write of snapshots (by hand or from a bank's sheet, services/funds/sheet.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, select, text
from sqlalchemy.orm import Session

from shuangjian_desktop import settings as opts
from shuangjian_desktop.domain import values as v
from shuangjian_desktop.domain.access import Action
from shuangjian_desktop.domain.errors import FieldProblem, InvalidValue, NotFound, RecordRejected
from shuangjian_desktop.domain.fund_rules import below_minimum, is_large_movement
from shuangjian_desktop.services.base.register import (
    Column,
    Filter,
    FormField,
    Register,
    Row,
    display,
    parse_form,
    references,
)
from shuangjian_desktop.services.base.search import INSTITUTION, Searchable
from shuangjian_desktop.services.base.sheet import Field, column_length
from shuangjian_desktop.services.base.suggest import institution_names
from shuangjian_desktop.services.supervised import institution_named
from shuangjian_desktop.store.models import FundAccount, FundSnapshot, Institution
from shuangjian_desktop.store.uow import Store


def account_number(value: Any) -> str:
    """A bank account number as written (spaces and dashes between groups dropped)."""
    raw = v.text(value).replace(" ", "").replace("-", "").replace("\u3000", "")
    if not raw or not all(c.isdigit() or c.isalpha() for c in raw) or len(raw) > 40:
        raise InvalidValue(f"“{v.text(value)[:30]}”不是银行账号")
    return raw


FIELDS = (
    Field("institution", "机构名称", v.text, required=True),
    Field("bank", "开户银行", v.text, required=True, max_length=column_length(FundAccount.bank)),
    Field("account_no", "监管账号", account_number, required=True),
    Field("account_name", "户名", v.text, max_length=column_length(FundAccount.account_name)),
    Field("opened_on", "开户日期", v.parse_date),
    Field("minimum_balance_cents", "最低余额（元）", v.parse_money_cents, help="账户余额低于此数时首页提醒"),
    Field("note", "备注", v.text),
)
SNAPSHOT_FIELDS = (
    FormField(Field("taken_on", "余额日期", v.parse_date, required=True)),
    FormField(Field("balance_cents", "账户余额（元）", v.parse_money_cents, required=True)),
    FormField(Field("income_cents", "本期收入（元）", v.parse_money_cents)),
    FormField(Field("spent_cents", "本期支出（元）", v.parse_money_cents)),
    FormField(Field("source", "来源", v.text), hint="如：银行对账单、监管平台截图"),
)


def refresh_accounts(session: Session, account_ids: Iterable[int]) -> None:
    """Recompute each snapshot's movement and the accounts' latest balance (for the accounts named)."""
    ids = sorted(set(account_ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join(str(int(i)) for i in chunk)
        session.execute(
            text(
                "UPDATE fund_snapshot SET change_cents = balance_cents - (SELECT p.balance_cents FROM fund_snapshot p"
                " WHERE p.account_id = fund_snapshot.account_id AND p.taken_on < fund_snapshot.taken_on"
                f" ORDER BY p.taken_on DESC LIMIT 1) WHERE account_id IN ({marks})"
            )
        )
        session.execute(
            text(
                "UPDATE fund_account SET"
                " balance_cents = (SELECT s.balance_cents FROM fund_snapshot s WHERE s.account_id = fund_account.id"
                " ORDER BY s.taken_on DESC LIMIT 1),"
                " balance_on = (SELECT max(s.taken_on) FROM fund_snapshot s WHERE s.account_id = fund_account.id)"
                f" WHERE id IN ({marks})"
            )
        )


class FundAccountRegister(Register):
    name = "fund-accounts"
    title = "资金监管账户"
    editable = True
    model = FundAccount
    noun = "监管账户"
    search_hint = "搜索机构名称、信用代码或拼音首字母"
    columns = (
        Column("institution", "机构名称", 240),
        Column("bank", "开户银行", 150),
        Column("account_no", "监管账号", 170),
        Column("minimum", "最低余额（元）", 110, True),
        Column("balance", "最新余额（元）", 110, True),
        Column("balance_on", "余额日期", 90),
        Column("state", "情况", 160),
    )
    filters = (Filter("state", "情况", (("低于最低余额", "below"), ("尚无余额记录", "none"))),)

    def __init__(self, store: Store, settings: opts.Settings | None = None) -> None:
        super().__init__(store)
        self.settings = settings or opts.Settings()

    def _id(self) -> ColumnElement[int]:
        return FundAccount.id

    def _search_parts(self) -> tuple[tuple[ColumnElement[int], Searchable], ...]:
        return ((FundAccount.institution_id, INSTITUTION),)

    def _sort_columns(self) -> Mapping[str, ColumnElement[Any]]:
        return {
            "institution": FundAccount.institution_sort,
            "minimum": FundAccount.minimum_balance_cents,
            "balance": FundAccount.balance_cents,
            "balance_on": FundAccount.balance_on,
        }

    def _filter_clause(self, key: str, value: str) -> ColumnElement[bool] | None:
        if key == "state" and value == "below":
            return FundAccount.balance_cents < FundAccount.minimum_balance_cents
        if key == "state" and value == "none":
            return FundAccount.balance_cents.is_(None)
        return None

    def _load(self, session: Session, ids: Sequence[int]) -> dict[int, Row]:
        threshold = self.settings.get(opts.FUNDS_LARGE_MOVEMENT_YUAN)
        latest = dict(
            session.execute(
                select(FundSnapshot.account_id, FundSnapshot.change_cents)
                .join(FundAccount, FundAccount.id == FundSnapshot.account_id)
                .where(FundSnapshot.account_id.in_(list(ids)), FundSnapshot.taken_on == FundAccount.balance_on)
            ).all()
        )
        rows = {}
        for account, name in session.execute(
            select(FundAccount, Institution.name).join(Institution).where(FundAccount.id.in_(list(ids)))
        ):
            states, tone = [], ""
            if account.balance_cents is None:
                states.append("尚无余额记录")
            if below_minimum(account.balance_cents, account.minimum_balance_cents):
                states.append("低于最低余额")
                tone = "danger"
            if is_large_movement(latest.get(account.id), threshold):
                states.append("大额异动")
                tone = tone or "warning"
            rows[account.id] = Row(
                account.id,
                (
                    name,
                    account.bank,
                    account.account_no,
                    v.format_money(account.minimum_balance_cents),
                    v.format_money(account.balance_cents) if account.balance_cents is not None else "",
                    display(account.balance_on),
                    "、".join(states),
                ),
                tone,
            )
        return rows

    def form(self) -> tuple[FormField, ...]:
        refs = {"institution": institution_names(self.store)}
        kinds = {"institution": "ref", "note": "multiline"}
        return tuple(FormField(f, kinds.get(f.key, "text"), refs.get(f.key), f.help) for f in FIELDS)

    def _form_values(self, account: FundAccount) -> dict[str, Any]:
        values: dict[str, Any] = {f.key: getattr(account, f.key, None) for f in FIELDS if f.key != "institution"}
        values["institution"] = account.institution.name
        values["minimum_balance_cents"] = v.format_money(account.minimum_balance_cents).replace(",", "")
        return values

    def _store(self, session: Session, account: FundAccount | None, values: dict[str, Any]) -> FundAccount:
        problems = []
        inst, why = institution_named(session, values["institution"])
        if inst is None:
            problems.append(FieldProblem(None, "机构名称", why))
        own = account.id if account is not None else 0
        if inst is not None:
            other = session.scalar(
                select(FundAccount).where(FundAccount.institution_id == inst.id, FundAccount.id != own)
            )
            if other is not None:
                problems.append(
                    FieldProblem(None, "机构名称", f"该机构已有监管账户（{other.bank} {other.account_no}）")
                )
        clash = session.scalar(
            select(FundAccount).where(FundAccount.account_no == values["account_no"], FundAccount.id != own)
        )
        if clash is not None:
            problems.append(FieldProblem(None, "监管账号", "已登记为另一机构的监管账户"))
        if problems:
            raise RecordRejected(problems)
        assert inst is not None
        if account is None:
            account = FundAccount(institution_id=inst.id, account_no=values["account_no"])
            session.add(account)
        account.institution_id = inst.id
        for key in ("bank", "account_no", "account_name", "opened_on", "note"):
            setattr(account, key, values.get(key))
        account.minimum_balance_cents = values.get("minimum_balance_cents") or 0
        if not inst.fund_supervised:
            inst.fund_supervised = True  # an account under supervision: the institution's fees are supervised
        return account

    def _in_use(self, session: Session, account: FundAccount) -> str:
        used = references(session, account.id, (("余额记录", FundSnapshot.account_id),))
        return f"该监管账户有{'、'.join(used)}，不能删除。" if used else ""

    # snapshots -----------------------------------------------------------------------------------------------------
    def add_snapshot(self, account_id: int, raw: Mapping[str, str], user: str) -> int:
        """A balance entered by hand (the same day again replaces that day's balance)."""
        values = parse_form(SNAPSHOT_FIELDS, raw)
        if values["taken_on"] > dt.date.today():
            raise RecordRejected([FieldProblem(None, "余额日期", "不能晚于今天")])
        with self.store.write(user, Action.EDIT_LEDGERS) as uow:
            session = uow.session
            if session.get(FundAccount, account_id) is None:
                raise NotFound("该监管账户已不存在")
            snapshot = session.scalar(
                select(FundSnapshot).where(
                    FundSnapshot.account_id == account_id, FundSnapshot.taken_on == values["taken_on"]
                )
            ) or FundSnapshot(account_id=account_id, taken_on=values["taken_on"])
            session.add(snapshot)
            snapshot.balance_cents = values["balance_cents"]
            snapshot.income_cents, snapshot.spent_cents = values.get("income_cents"), values.get("spent_cents")
            snapshot.source, snapshot.recorded_by = values.get("source") or "手工录入", user
            session.flush()
            refresh_accounts(session, [account_id])
            saved = snapshot.id
            uow.commit()
        return saved

    def snapshots(self, account_id: int, limit: int = 120) -> list[tuple[str, str, str, str, str, str]]:
        """(日期, 余额, 变动, 收入, 支出, 来源) newest first."""
        with self.store.read() as uow:
            found = uow.session.scalars(
                select(FundSnapshot)
                .where(FundSnapshot.account_id == account_id)
                .order_by(FundSnapshot.taken_on.desc())
                .limit(limit)
            )
            return [
                (
                    s.taken_on.isoformat(),
                    v.format_money(s.balance_cents),
                    ""
                    if s.change_cents is None
                    else f"{'+' if s.change_cents >= 0 else '-'}{v.format_money(abs(s.change_cents))}",
                    v.format_money(s.income_cents) if s.income_cents is not None else "",
                    v.format_money(s.spent_cents) if s.spent_cents is not None else "",
                    s.source or "",
                )
                for s in found
            ]
