"""A bank's (or the supervision platform's) balance sheet as a ledger the import machinery reads (资金监管余额表):
one row per account and day. Rows find their account by its number; an account not yet registered is registered
from the row (its institution found by credit code or name, the bank given). Importing the same sheet again
replaces those days' balances instead of adding them twice. Afterwards each account's movement and latest balance
are worked out (services/funds/accounts.refresh_accounts)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from shuangjian_desktop import settings as opts
from shuangjian_desktop.domain import values as v
from shuangjian_desktop.services.base.sheet import Field, LedgerSpec, RowInput, column_length, credit_code_field
from shuangjian_desktop.services.funds.accounts import account_number, refresh_accounts
from shuangjian_desktop.store.models import FundAccount, FundSnapshot, Institution


@dataclass
class SnapshotContext:
    session: Session
    today: dt.date
    accounts: dict[str, FundAccount | None] = field(default_factory=dict)
    """Account number -> its account (None: not registered), looked up once per number."""
    institutions: dict[tuple[str | None, str | None], tuple[Institution | None, str]] = field(default_factory=dict)
    pending: dict[str, FundAccount] = field(default_factory=dict)
    """Accounts this file registers, by number."""
    touched: set[int] = field(default_factory=set)
    supervised: set[int] = field(default_factory=set)


class FundSnapshotsLedger(LedgerSpec):
    name = "fund_snapshots"
    title = "资金监管余额"
    key_label = "监管账号、余额日期"
    fields = (
        Field(
            "institution_name",
            "机构名称",
            v.text,
            synonyms=("单位名称", "机构全称", "培训机构名称", "商户名称"),
            example="示范县启明文化艺术培训学校有限公司",
            max_length=column_length(Institution.name),
        ),
        credit_code_field(),
        Field(
            "bank",
            "开户银行",
            v.text,
            synonyms=("开户行", "银行", "监管银行", "开户网点"),
            example="中国工商银行示范县支行",
            max_length=column_length(FundAccount.bank),
            help="新的监管账户须填写",
        ),
        Field(
            "account_no",
            "监管账号",
            account_number,
            required=True,
            synonyms=("账号", "银行账号", "监管账户", "专户账号", "账户", "监管专户账号", "卡号"),
            example="2314 0012 0900 1234",
        ),
        Field(
            "account_name",
            "户名",
            v.text,
            synonyms=("账户名称", "账户名"),
            max_length=column_length(FundAccount.account_name),
        ),
        Field(
            "taken_on",
            "余额日期",
            v.parse_date,
            required=True,
            synonyms=("日期", "截止日期", "统计日期", "对账日期", "余额截止日期"),
            example="2025-12-31",
        ),
        Field(
            "balance_cents",
            "账户余额（元）",
            v.parse_money_cents,
            required=True,
            synonyms=("余额", "账户余额", "监管余额", "期末余额", "当前余额"),
            example="180000.00",
        ),
        Field(
            "income_cents",
            "本期收入（元）",
            v.parse_money_cents,
            synonyms=("收入", "入账金额", "贷方发生额", "本期入账"),
        ),
        Field(
            "spent_cents",
            "本期支出（元）",
            v.parse_money_cents,
            synonyms=("支出", "出账金额", "借方发生额", "本期划拨", "划拨金额"),
        ),
        Field(
            "minimum_balance_cents",
            "最低余额（元）",
            v.parse_money_cents,
            synonyms=("最低余额", "最低留存金额", "最低留存"),
            help="填写则更新该账户的最低余额",
        ),
        Field("note", "备注", v.text, synonyms=("说明",)),
    )

    def prepare(self, session: Session, settings: opts.Settings) -> SnapshotContext:
        return SnapshotContext(session, dt.date.today())

    def key(self, row: RowInput) -> Hashable | None:
        return (row.values.get("account_no"), row.values.get("taken_on"))

    def _account(self, session: Session, context: SnapshotContext, number: str) -> FundAccount | None:
        if number not in context.accounts:
            context.accounts[number] = session.scalar(select(FundAccount).where(FundAccount.account_no == number))
        return context.accounts[number]

    def _institution(self, session: Session, context: SnapshotContext, values: dict[str, Any]) -> tuple[Any, str]:
        code, name = values.get("credit_code"), values.get("institution_name")
        if (code, name) not in context.institutions:
            if code:
                inst = session.scalar(select(Institution).where(Institution.credit_code == code))
                found = (inst, "" if inst else f"机构台账中没有信用代码为“{code}”的机构")
            elif name:
                same = list(session.scalars(select(Institution).where(Institution.name == name).limit(2)))
                why = "机构台账中没有该机构" if not same else "有同名机构，请填写统一社会信用代码"
                found = (same[0], "") if len(same) == 1 else (None, why)
            else:
                found = (None, "新的监管账户须填写机构名称或统一社会信用代码")
            context.institutions[(code, name)] = found
        return context.institutions[(code, name)]

    def check(self, context: SnapshotContext, row: RowInput) -> None:
        session, values = context.session, row.values
        number = values.get("account_no")
        if number is None:
            return
        if values.get("taken_on") and values["taken_on"] > context.today:
            row.problem("余额日期", "不能晚于今天")
        account = self._account(session, context, number)
        wants = values.get("credit_code") or values.get("institution_name")
        if account is not None:
            if wants:
                inst, _why = self._institution(session, context, values)
                if inst is not None and inst.id != account.institution_id:
                    row.problem("监管账号", "该账号已登记为另一机构的监管账户")
            return
        if number in context.pending:
            return
        inst, why = self._institution(session, context, values)
        if inst is None:
            row.problem("机构名称" if not values.get("credit_code") else "统一社会信用代码", why)
            return
        other = session.scalar(select(FundAccount).where(FundAccount.institution_id == inst.id))
        if other is not None:
            row.problem(
                "监管账号", f"“{inst.name}”已有监管账户（{other.account_no}）；如已更换账号，请先在资金监管中修改"
            )
            return
        if not values.get("bank"):
            row.problem("开户银行", "新的监管账户须填写开户银行")
            return
        context.pending[number] = FundAccount(
            institution_id=inst.id, bank=values["bank"], account_no=number, account_name=values.get("account_name")
        )

    def apply(self, session: Session, context: SnapshotContext, row: RowInput) -> bool:
        values = row.values
        number = values["account_no"]
        account = self._account(session, context, number)
        if account is None:
            account = context.pending[number]
            session.add(account)
            session.flush()
            context.accounts[number] = account
            context.supervised.add(account.institution_id)
        if values.get("minimum_balance_cents") is not None:
            account.minimum_balance_cents = values["minimum_balance_cents"]
        snapshot = session.scalar(
            select(FundSnapshot).where(
                FundSnapshot.account_id == account.id, FundSnapshot.taken_on == values["taken_on"]
            )
        )
        inserted = snapshot is None
        if snapshot is None:
            snapshot = FundSnapshot(account_id=account.id, taken_on=values["taken_on"])
            session.add(snapshot)
        snapshot.balance_cents = values["balance_cents"]
        snapshot.income_cents, snapshot.spent_cents = values.get("income_cents"), values.get("spent_cents")
        snapshot.source = f"导入：{values.get('note') or '银行余额表'}"[:200]
        snapshot.recorded_by = session.info.get("user", "")
        context.touched.add(account.id)
        return inserted

    def finish(self, session: Session, context: SnapshotContext) -> None:
        session.flush()
        refresh_accounts(session, context.touched)
        for inst in session.scalars(select(Institution).where(Institution.id.in_(sorted(context.supervised)))):
            inst.fund_supervised = True

    def export_rows(self, session: Session, *, reveal_personal: bool = False) -> Iterator[Sequence[Any]]:
        query = (
            select(FundSnapshot, FundAccount, Institution)
            .join(FundAccount, FundAccount.id == FundSnapshot.account_id)
            .join(Institution, Institution.id == FundAccount.institution_id)
            .order_by(FundAccount.id, FundSnapshot.taken_on)
        )
        for snapshot, account, inst in session.execute(query):
            yield [
                inst.name,
                inst.credit_code,
                account.bank,
                account.account_no,
                account.account_name,
                snapshot.taken_on,
                v.format_money(snapshot.balance_cents),
                v.format_money(snapshot.income_cents) if snapshot.income_cents is not None else None,
                v.format_money(snapshot.spent_cents) if snapshot.spent_cents is not None else None,
                v.format_money(account.minimum_balance_cents),
                snapshot.source,
            ]
