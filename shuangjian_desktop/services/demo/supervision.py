"""The demo county's supervision (issue 16): supervision accounts with six months of balances (one below its
minimum, one with a large movement), charges checked against 3 months / 60 lessons (three over), the white and
black lists with their history, the risk grades worked out from the ledgers (one overridden with a reason),
disposal case files for most C and D institutions (one overdue, one C left without, as a county has), and the
patrol plans of last month and this. Its own random stream, so the rest of the demo stays as it was."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from shuangjian_desktop import settings as opts
from shuangjian_desktop.domain.enums import Category, RiskGrade, Status
from shuangjian_desktop.domain.fund_rules import breach_text
from shuangjian_desktop.domain.public_lists import ListKind
from shuangjian_desktop.services.funds.accounts import refresh_accounts
from shuangjian_desktop.services.patrol.plan import draft_in_session
from shuangjian_desktop.services.risk.grading import grade_in_session, override_in_session, record_run
from shuangjian_desktop.store.models import (
    DisposalPlan,
    FundAccount,
    FundCharge,
    FundSnapshot,
    Institution,
    ListEntry,
    Person,
)

BANKS = ("中国工商银行示范县支行", "中国农业银行示范县支行", "中国建设银行示范县支行", "示范县农村商业银行营业部")
MEASURES = (
    "约谈举办者，督促按月公示课消情况；监管账户资金冻结至最低余额以上；每周巡查一次，发现停课迹象立即报告。",
    "责令暂停收取新的预收费；会同市场监管部门核查退费台账，督促两周内完成退费；做好家长沟通和舆情引导。",
    "支持机构依法复课消课，协调同行机构援助消课；控制举办者及机构资金账户，防范“卷钱跑路”。",
)


def _lists(session: Session, rng: random.Random, institutions: list[Institution], today: dt.date, user: str) -> None:
    unlicensed = [i for i in institutions if i.status is Status.UNLICENSED]
    for number, inst in enumerate(unlicensed[-2:], start=31):
        session.add(
            ListEntry(
                kind=ListKind.BLACK,
                institution_id=inst.id,
                listed_on=today - dt.timedelta(days=40 - number),
                reason="无证无照开展学科类培训，经责令停止后仍继续招生培训",
                doc_number=f"示教体〔{today.year}〕{number}号",
                listed_by=user,
            )
        )
        inst.blacklisted = True
    licensed = [
        i for i in institutions if i.status is Status.OPERATING and i.licence_no and not i.blacklisted and i.area
    ]
    chosen = rng.sample(licensed, min(9, len(licensed)))
    for k, inst in enumerate(chosen):
        removed = k == 0
        session.add(
            ListEntry(
                kind=ListKind.WHITE,
                institution_id=inst.id,
                listed_on=today - dt.timedelta(days=150),
                reason="经年度检查合格，证照齐全，收费和培训时间规范",
                doc_number=f"示教体〔{today.year}〕18号",
                listed_by=user,
                removed_on=today - dt.timedelta(days=25) if removed else None,
                removal_reason="检查发现一次性收取6个月费用，整改期间移出白名单" if removed else None,
                removal_doc_number=f"示教体〔{today.year}〕40号" if removed else None,
                removed_by=user if removed else None,
            )
        )


def _funds(session: Session, rng: random.Random, institutions: list[Institution], today: dt.date, user: str) -> None:
    held = [
        i
        for i in institutions
        if i.fund_supervised and i.prepaid_balance_cents > 0 and i.status in (Status.OPERATING, Status.CONVERTED)
    ]
    accounts = []
    for k, inst in enumerate(held):
        minimum = max(1_000_00, inst.prepaid_balance_cents * 3 // 10 // 100_000 * 100_000)
        account = FundAccount(
            institution_id=inst.id,
            bank=BANKS[k % len(BANKS)],
            account_no=f"{rng.randrange(10**15, 10**16)}",  # 16 digits, as the county banks' corporate accounts
            account_name=inst.name,
            opened_on=dt.date(2022, 3, 1) + dt.timedelta(days=rng.randrange(300)),
            minimum_balance_cents=minimum,
        )
        session.add(account)
        accounts.append((account, inst))
    session.flush()
    for k, (account, inst) in enumerate(accounts):
        balance = inst.prepaid_balance_cents * rng.randrange(90, 130) // 100
        step = max(100_00, inst.prepaid_balance_cents // 20)
        for back in range(6, -1, -1):
            day = (today.replace(day=1) - dt.timedelta(days=30 * back)).replace(day=15)
            if day > today:
                continue
            if k == 1:  # a big account emptied this month: the movement the platform alarms on
                balance = 62_000_00 if back == 0 else 210_000_00 + rng.randrange(-5, 6) * 1_000_00
            elif back == 0 and k in (0, 5):
                balance = account.minimum_balance_cents // 2  # below the minimum
            else:
                balance = max(account.minimum_balance_cents, balance + rng.randrange(-2, 3) * step)
            session.add(
                FundSnapshot(
                    account_id=account.id,
                    taken_on=day,
                    balance_cents=balance,
                    source="银行月度对账单",
                    recorded_by=user,
                )
            )
    session.flush()
    refresh_accounts(session, [a.id for a, _i in accounts])
    open_ones = [i for i in institutions if i.status in (Status.OPERATING, Status.CONVERTED)]
    for k in range(12):
        inst = rng.choice(open_ones)
        months, lessons = rng.choice(((1, None), (3, None), (None, 40), (2, 24), (3, 48)))
        if k in (2, 7):
            months, lessons = (6, None) if k == 2 else (None, 96)
        if k == 10:
            months, lessons = 12, 144
        days_ago = rng.randrange(1, 25) if breach_text(months, lessons) else rng.randrange(1, 80)
        session.add(
            FundCharge(
                institution_id=inst.id,
                charged_on=today - dt.timedelta(days=days_ago),
                contract_no=f"HT{today.year}{rng.randrange(10**5):05d}",
                amount_cents=rng.randrange(8, 60) * 100_00 * (months or 1),
                months=months,
                lessons=lessons,
                breach=breach_text(months, lessons),
                note="检查时查阅培训服务合同",
            )
        )


def _risk(session: Session, rng: random.Random, institutions: list[Institution], today: dt.date, user: str) -> None:
    settings = opts.Settings()
    record_run(session, user, grade_in_session(session, settings, user, [i.id for i in institutions], today))
    session.flush()
    session.expire_all()
    grades = dict(session.execute(select(Institution.id, Institution.risk_grade)).all())
    quiet = [i for i in institutions if grades[i.id] is RiskGrade.A and i.status is Status.OPERATING]
    if quiet:
        override_in_session(
            session, settings, quiet[0].id, RiskGrade.B, "群众反映该机构近期频繁更换场地，经会商研判调为B级", user
        )
    risky = [i for i in institutions if grades[i.id] in (RiskGrade.C, RiskGrade.D)]
    staff = list(session.scalars(select(Person).order_by(Person.id).limit(40)))
    for k, inst in enumerate(risky[:-1]):
        person = rng.choice(staff)
        opened = today - dt.timedelta(days=rng.randrange(10, 60))
        closed = k == 1
        session.add(
            DisposalPlan(
                institution_id=inst.id,
                grade=grades[inst.id],
                opened_on=opened,
                measures=MEASURES[k % len(MEASURES)],
                responsible=person.name,
                responsible_phone=person.phone,
                due_on=today - dt.timedelta(days=5) if k == 0 else opened + dt.timedelta(days=60),
                closed_on=today - dt.timedelta(days=3) if closed else None,
                outcome="已完成退费和课消，举办者签订承诺书，风险已化解" if closed else None,
            )
        )


def _a_risky_one(institutions: list[Institution]) -> None:
    """The 宁波 story of a D institution: a subject institution still running, many students, a large prepaid balance
    collected outside fund supervision."""
    for inst in institutions:
        if inst.category is Category.SUBJECT and inst.status is Status.OPERATING:
            inst.students, inst.prepaid_balance_cents, inst.fund_supervised = 268, 680_000_00, False
            return


def generate(session: Session, seed: int, today: dt.date, institutions: list[Institution], user: str) -> None:
    rng = random.Random(seed + 16)
    _a_risky_one(institutions)
    _lists(session, rng, institutions, today, user)
    _funds(session, rng, institutions, today, user)
    session.flush()
    _risk(session, rng, institutions, today, user)
    session.flush()
    previous = today.replace(day=1) - dt.timedelta(days=1)
    for day in (previous, today):
        draft_in_session(session, opts.Settings(), day.year, day.month, user)
