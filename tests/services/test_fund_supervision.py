"""Prepaid-fund supervision: an account registered through the form, balances typed or imported from a bank's sheet
(the import machinery: every bad row named, nothing written; the same sheet twice adds nothing), the latest balance
and movements kept, below-minimum and large movements on the home page, charges checked against 3 months / 60
lessons."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from shuangjian_desktop import settings as opts
from shuangjian_desktop.domain.enums import Status
from shuangjian_desktop.domain.errors import RecordRejected
from shuangjian_desktop.services.base.parts import PartList
from shuangjian_desktop.services.base.register import Query
from shuangjian_desktop.services.importing import ImportRejected
from shuangjian_desktop.services.supervision_home import supervision_parts
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.store.models import FundAccount, FundSnapshot, Institution
from tests.sheets import write_sheet

HEADERS = ["单位名称", "统一社会信用代码", "开户行", "监管专户账号", "截止日期", "账户余额", "本期划拨", "最低留存金额"]


def _free_institution(ws: Workspace) -> Institution:
    with ws.store.read() as uow:
        return uow.session.scalars(
            select(Institution)
            .where(
                Institution.status == Status.OPERATING,
                Institution.credit_code.is_not(None),
                ~Institution.id.in_(select(FundAccount.institution_id)),
            )
            .order_by(Institution.id)
        ).first()


def _counts(ws: Workspace, today: dt.date) -> dict[str, int]:
    names = ["below", "moved", "charged", "no_plan", "overdue", "plan", "stale", "month", "quarter"]
    return dict(zip(names, PartList(ws.store, lambda: supervision_parts(ws.settings, today)).counts(), strict=True))


def test_an_account_typed_in_with_its_balances(demo_workspace: Workspace) -> None:
    ws = demo_workspace
    accounts = ws.supervision.accounts
    inst = _free_institution(ws)
    raw = {
        "institution": inst.name,
        "bank": "中国银行示范县支行",
        "account_no": "6217 0000 1111 2222",
        "minimum_balance_cents": "50000",
    }
    with pytest.raises(RecordRejected) as rejected:
        accounts.save(None, {**raw, "account_no": "账号：见附件"}, "李晓燕")
    assert [p.field for p in rejected.value.problems] == ["监管账号"]
    account_id = accounts.save(None, raw, "李晓燕")
    with pytest.raises(RecordRejected, match="已有监管账户"):
        accounts.save(None, {**raw, "account_no": "6217000011113333"}, "李晓燕")
    today = dt.date.today()
    before = _counts(ws, today)
    accounts.add_snapshot(
        account_id, {"taken_on": (today - dt.timedelta(days=20)).isoformat(), "balance_cents": "300000"}, "李晓燕"
    )
    accounts.add_snapshot(
        account_id, {"taken_on": (today - dt.timedelta(days=2)).isoformat(), "balance_cents": "42000"}, "李晓燕"
    )
    with pytest.raises(RecordRejected, match="不能晚于今天"):
        accounts.add_snapshot(
            account_id, {"taken_on": (today + dt.timedelta(days=1)).isoformat(), "balance_cents": "1"}, "李晓燕"
        )
    row = accounts.rows([account_id])[0]
    assert row.values[4] == "42,000.00" and "低于最低余额" in row.values[6] and "大额异动" in row.values[6]
    assert accounts.snapshots(account_id)[0][2] == "-258,000.00"
    after = _counts(ws, today)
    assert after["below"] == before["below"] + 1 and after["moved"] == before["moved"] + 1
    with ws.store.read() as uow:
        assert uow.session.get(Institution, inst.id).fund_supervised
    assert accounts.count(Query(filters={"state": "below"})) == after["below"]
    quiet = opts.Settings(values={opts.FUNDS_LARGE_MOVEMENT_YUAN.key: 1_000_000})
    assert PartList(ws.store, lambda: supervision_parts(quiet, today)).counts()[1] < after["moved"]


def test_a_banks_sheet_imports_as_snapshots_and_again_adds_nothing(demo_workspace: Workspace, tmp_path: Path) -> None:
    ws = demo_workspace
    inst = _free_institution(ws)
    with ws.store.read() as uow:
        known = uow.session.scalars(select(FundAccount).order_by(FundAccount.id)).first()
        known_inst = uow.session.get(Institution, known.institution_id)
        snapshots = uow.session.scalar(select(func.count()).select_from(FundSnapshot))
    rows = [
        [
            inst.name,
            inst.credit_code,
            "中国工商银行示范县支行",
            "9558 8001 0000 1234",
            "2025.12.31",
            "128,000.00",
            "",
            "30000",
        ],
        [
            inst.name,
            inst.credit_code,
            "中国工商银行示范县支行",
            "9558 8001 0000 1234",
            "2026年1月31日",
            "96000",
            "32000",
            "",
        ],
        [known_inst.name, "", "", known.account_no, "2025-12-31", "12.5万", "", ""],
    ]
    path = write_sheet(tmp_path / "监管银行余额表.xlsx", HEADERS, rows, titles=["示范县校外培训机构资金监管账户余额表"])
    report = ws.imports.run("fund_snapshots", path, user="李晓燕")
    assert (report.inserted, report.updated) == (3, 0)
    again = ws.imports.run("fund_snapshots", path, user="李晓燕")
    assert (again.inserted, again.updated) == (0, 3)
    with ws.store.read() as uow:
        s = uow.session
        assert s.scalar(select(func.count()).select_from(FundSnapshot)) == snapshots + 3
        new = s.scalar(select(FundAccount).where(FundAccount.account_no == "9558800100001234"))
        assert new.institution_id == inst.id and new.minimum_balance_cents == 30000_00
        assert (new.balance_cents, new.balance_on) == (96000_00, dt.date(2026, 1, 31))
        latest = s.scalar(
            select(FundSnapshot).where(FundSnapshot.account_id == new.id).order_by(FundSnapshot.taken_on.desc())
        )
        assert latest.change_cents == -32000_00 and latest.spent_cents == 32000_00
        assert s.get(Institution, inst.id).fund_supervised


def test_bad_rows_of_a_banks_sheet_are_named_and_nothing_is_written(demo_workspace: Workspace, tmp_path: Path) -> None:
    ws = demo_workspace
    inst = _free_institution(ws)
    with ws.store.read() as uow:
        known = uow.session.scalars(select(FundAccount).order_by(FundAccount.id)).first()
        before = uow.session.scalar(select(func.count()).select_from(FundSnapshot))
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    rows = [
        ["不存在的培训学校", "", "中国银行", "1111222233334444", "2025-12-31", "1000", "", ""],
        [inst.name, inst.credit_code, "", "5555666677778888", "2025-12-31", "1000", "", ""],
        [inst.name, inst.credit_code, "中国银行", known.account_no, "2025-12-31", "1000", "", ""],
        ["", "", "", known.account_no, future, "-5", "", ""],
        ["", "", "", known.account_no, "2025-11-30", "100", "", ""],
        ["", "", "", known.account_no, "2025-11-30", "100", "", ""],
    ]
    path = write_sheet(tmp_path / "bad.xlsx", HEADERS, rows)
    with pytest.raises(ImportRejected) as rejected:
        ws.imports.run("fund_snapshots", path, user="李晓燕")
    text = str(rejected.value)
    assert "第2行 机构名称：机构台账中没有该机构" in text
    assert "第3行 开户银行：新的监管账户须填写开户银行" in text
    assert "第4行 监管账号：该账号已登记为另一机构的监管账户" in text
    assert "第5行 账户余额（元）：金额不能为负数" in text and "第5行 余额日期：不能晚于今天" in text
    assert "第7行 监管账号、余额日期：与第6行重复" in text
    with ws.store.read() as uow:
        assert uow.session.scalar(select(func.count()).select_from(FundSnapshot)) == before


def test_charges_are_checked_against_three_months_and_sixty_lessons(demo_workspace: Workspace) -> None:
    charges = demo_workspace.supervision.charges
    inst = _free_institution(demo_workspace)
    day = dt.date.today().isoformat()
    with pytest.raises(RecordRejected, match="覆盖月数和课时数至少填一项"):
        charges.save(None, {"institution": inst.name, "charged_on": day, "amount_cents": "3600"}, "李晓燕")
    ok = charges.save(
        None, {"institution": inst.name, "charged_on": day, "amount_cents": "3600", "months": "3"}, "李晓燕"
    )
    over = charges.save(
        None, {"institution": inst.name, "charged_on": day, "amount_cents": "9600", "lessons": "96"}, "李晓燕"
    )
    rows = {r.id: r for r in charges.rows([ok, over])}
    assert rows[ok].values[-1].startswith("符合规定") and rows[ok].tone == ""
    assert rows[over].values[-1] == "一次性收取96课时的费用，超过60课时" and rows[over].tone == "danger"
    breaches = charges.count(Query(filters={"breach": "breach"}))
    assert breaches >= 4  # the demo's three and this one
    assert _counts(demo_workspace, dt.date.today())["charged"] >= 1
