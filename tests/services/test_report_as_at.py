"""The supervision report is true whenever it is run: a quarter's report made again after later steps says the
same; a period that has not ended is cut at today and says so; failed re-inspections never escalated are listed;
rates are rounded half up."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from shuangjian_desktop.domain.enums import InspectionResult, Method, NoticeKind, NoticeStatus, Status
from shuangjian_desktop.domain.notice_terms import deadline_from_receipt
from shuangjian_desktop.services.inspections.service import InspectionInput
from shuangjian_desktop.services.supervision_report import make_report, percent
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.store.models import Institution, Notice, Person

FIRST, LAST = dt.date(2026, 7, 1), dt.date(2026, 9, 30)


def inspect(workspace: Workspace, on: dt.datetime) -> int:
    with workspace.store.read() as uow:
        inst = uow.session.scalar(select(Institution.id).where(Institution.status == Status.OPERATING))
        people = list(uow.session.scalars(select(Person.id).limit(1)))
    return workspace.inspections.record(
        InspectionInput(inst, on, Method.ROUTINE, people, InspectionResult.RECTIFY, rule_codes=["I12"]), "李晓燕"
    )


def lists(workspace: Workspace, path: Path, today: dt.date) -> dict[str, list[tuple[str, ...]]]:
    data = make_report(workspace.store, workspace.settings, FIRST, LAST, path, today=today)
    found = {title: [tuple(r) for r in rows] for title, rows, _c in data.lists}
    found["chart"] = [tuple(data.charts[1].values[0])]
    found["summary"] = [tuple(data.summary)]
    return found


def test_the_same_quarter_says_the_same_after_later_steps(demo_workspace: Workspace, tmp_path: Path) -> None:
    service = demo_workspace.inspections
    overdue = service.issue(
        inspect(demo_workspace, dt.datetime(2026, 9, 8, 10)), NoticeKind.RECTIFICATION, 10, "李晓燕",
        issued_on=dt.date(2026, 9, 9),
    )  # fmt: skip
    service.step(overdue, "serve", "李晓燕", on=dt.date(2026, 9, 10), signer="王明")
    failed = service.issue(
        inspect(demo_workspace, dt.datetime(2026, 8, 3, 10)), NoticeKind.RECTIFICATION, 15, "李晓燕",
        issued_on=dt.date(2026, 8, 4),
    )  # fmt: skip
    service.step(failed, "serve", "李晓燕", on=dt.date(2026, 8, 5), signer="赵亮")
    reinspection = inspect(demo_workspace, dt.datetime(2026, 9, 1, 9))
    service.step(failed, "fail", "李晓燕", on=dt.date(2026, 9, 1), reinspection_id=reinspection)
    with demo_workspace.store.read() as uow:
        numbers = {i: uow.session.get(Notice, i).doc_number for i in (overdue, failed)}
        assert uow.session.get(Notice, overdue).deadline == deadline_from_receipt(dt.date(2026, 9, 10), 10)

    before = lists(demo_workspace, tmp_path / "a.pdf", dt.date(2026, 10, 8))
    assert numbers[overdue] in [r[0] for r in before["超过整改期限的通知书"]]
    assert (numbers[failed], "复查不合格，未升级处理") in [
        (r[0], r[3]) for r in before["复查不合格尚未升级处理的通知书"]
    ]

    service.step(overdue, "pass", "李晓燕", on=dt.date(2026, 10, 9))
    service.escalate(failed, "李晓燕", on=dt.date(2026, 10, 12))
    with demo_workspace.store.read() as uow:
        assert uow.session.get(Notice, failed).status is NoticeStatus.ESCALATED
    after = lists(demo_workspace, tmp_path / "b.pdf", dt.date(2026, 11, 20))
    assert after == before


def test_a_period_not_yet_ended_is_cut_at_today(demo_workspace: Workspace, tmp_path: Path) -> None:
    today = dt.date(2026, 11, 20)
    data = make_report(
        demo_workspace.store, demo_workspace.settings, dt.date(2026, 10, 1), dt.date(2026, 12, 31), tmp_path / "r.pdf",
        today=today,
    )  # fmt: skip
    assert "数据截至2026年11月20日" in data.period
    assert data.summary[0].startswith("报告期至2026年12月31日止，尚未结束")
    assert "截至2026年11月20日" in data.summary[1] and "2026年12月31日，全县" not in data.summary[1]
    with pytest.raises(ValueError, match="尚未到来"):
        make_report(
            demo_workspace.store, demo_workspace.settings, dt.date(2027, 1, 1), dt.date(2027, 3, 31),
            tmp_path / "x.pdf", today=today,
        )  # fmt: skip


def test_rates_are_rounded_half_up() -> None:
    assert percent(13, 16) == "81.3%"  # 81.25%
    assert percent(1, 8) == "12.5%" and percent(1, 3) == "33.3%" and percent(2, 3) == "66.7%"
    assert percent(0, 0) == "—" and percent(5, None) == "—"
