"""The supervision report: its sentences carry the period's figures as counted from the ledgers, it lists what
needs action, and it prints with page numbers in the official fonts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import func, select

from shuangjian_desktop.services.supervision_report import make_report
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.store.models import Inspection, Ticket


def test_the_report_tells_the_periods_figures(demo_workspace: Workspace, tmp_path: Path) -> None:
    first, last = dt.date(2026, 1, 1), dt.date(2026, 9, 30)
    path = tmp_path / "督导报告.pdf"
    data = make_report(demo_workspace.store, demo_workspace.settings, first, last, path)
    with demo_workspace.store.read() as uow:
        inspections = uow.session.scalar(
            select(func.count())
            .select_from(Inspection)
            .where(Inspection.started_at >= dt.datetime(2026, 1, 1), Inspection.started_at < dt.datetime(2026, 10, 1))
        )
        tickets = uow.session.scalar(
            select(func.count())
            .select_from(Ticket)
            .where(Ticket.received_at >= dt.datetime(2026, 1, 1), Ticket.received_at < dt.datetime(2026, 10, 1))
        )
    text = "".join(p.extract_text() for p in PdfReader(path).pages).replace("\n", "")
    assert f"开展检查{inspections}家次" in text and f"受理投诉举报{tickets}件" in text
    assert "督导报告" in text and "2026年1月1日至2026年9月30日" in text
    assert "“四包”覆盖缺口" in text and "校长责任书未签订" in text
    assert "— 2 —" in text
    received = data.charts[0].values[0]
    assert sum(received) == tickets and len(data.charts[0].labels) == 9


def test_report_from_the_command_line(tmp_path: Path) -> None:
    from tests.cli.test_cli import shuangjian

    db = tmp_path / "county.sqlite3"
    assert shuangjian("demo", "--db", str(db), data_dir=tmp_path).returncode == 0
    out = tmp_path / "报告.pdf"
    result = shuangjian(
        "report",
        "supervision",
        "--from",
        "2026-07-01",
        "--to",
        "2026-09-30",
        "--out",
        str(out),
        "--db",
        str(db),
        "--user",
        "周建华",
        data_dir=tmp_path,
    )
    assert result.returncode == 0 and len(PdfReader(out).pages) >= 3, result.stderr
    bad = shuangjian(
        "report",
        "supervision",
        "--from",
        "2026-09-30",
        "--to",
        "2026-07-01",
        "--out",
        str(out),
        "--db",
        str(db),
        "--user",
        "周建华",
        data_dir=tmp_path,
    )
    assert bad.returncode == 1 and "结束日期不能早于开始日期" in bad.stderr
