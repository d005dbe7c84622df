"""Supervision's part of the supervision report: patrol plans done versus planned, C and D institutions with their
disposal files, fund accounts, list entries — told in the summary, counted in the figures, listed in numbered
sections after the ledgers' own, all read back from the PDF."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pypdf import PdfReader

from shuangjian_desktop.documents.supervision_report import chinese_number
from shuangjian_desktop.services.patrol.figures import plan_figures
from shuangjian_desktop.services.supervision_report import make_report
from shuangjian_desktop.services.supervision_sections import supervision_sections
from shuangjian_desktop.services.workspace import Workspace
from tests.conftest import DEMO_TODAY


def test_chinese_section_numbers() -> None:
    assert [chinese_number(n) for n in (4, 9, 10, 11, 15, 20, 21)] == [
        "四",
        "九",
        "十",
        "十一",
        "十五",
        "二十",
        "二十一",
    ]


def test_the_report_carries_supervision(demo_workspace: Workspace, tmp_path: Path) -> None:
    ws = demo_workspace
    first, last = dt.date(2026, 10, 1), DEMO_TODAY
    sections = supervision_sections(ws.store, ws.settings, first, last)
    with ws.store.read() as uow:
        october = plan_figures(uow.session, ws.settings, 2026, 10)
        november = plan_figures(uow.session, ws.settings, 2026, 11)
    planned = october.planned + november.planned
    completed = october.completed + november.completed
    assert f"共应巡{planned}次，完成{completed}次" in sections.summary[0]
    title, by_month, _columns = sections.lists[0]
    assert title == "月度巡查计划完成情况"
    assert [row[0] for row in by_month] == ["2026-10", "2026-11"]
    assert dict(sections.figures)["资金监管账户（期末低于最低余额）"].endswith("户（2 户）")
    path = tmp_path / "督导报告.pdf"
    data = make_report(ws.store, ws.settings, first, last, path, today=DEMO_TODAY)
    text = "".join(p.extract_text() for p in PdfReader(path).pages).replace("\n", "")
    for heading in (
        "月度巡查计划完成情况（2）",
        "责任督学巡查完成情况",
        "中高风险机构及处置方案",
        "资金监管账户余额低于最低余额（期末）（2）",
        "资金大额异动（1）",
        "一次性收费超过3个月或60课时",
        "公示名单列入和移出",
    ):
        assert heading in text, heading
    # numbered after the campaigns section (八) and past 十
    assert "九、月度巡查计划完成情况" in text and "十五、公示名单列入和移出" in text
    assert "巡查计划方面" in text and "风险分级方面" in text and "公示名单方面，期末黑名单2家、白名单8家" in text
    assert len(data.lists) == 5 + len(sections.lists)  # four of the ledgers', the campaigns', supervision's
