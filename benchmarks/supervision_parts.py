"""What issue 16 added to the paths that grow with the county, timed on a county made by benchmarks/county.py:
首页's attention list (counts and first page: now with the community and compound gaps and, a few days before a
break, the subject institutions to patrol), the coverage gaps, a month's problems counted per inspection (the
monthly return's supervision part) and a campaign's figures when it holds a whole month of inspections; beside the
floor of the same rows read with bare sqlite3.

Run: .venv/bin/python benchmarks/county.py ROWS DB && .venv/bin/python benchmarks/supervision_parts.py DB
"""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import in_fresh_process, peak_mb

MONTH = "2026-10"
FIRST, LAST = dt.date(2026, 10, 1), dt.date(2026, 10, 31)


def floor(path: Path, queue: mp.Queue) -> None:
    start = time.perf_counter()
    with sqlite3.connect(path) as conn:
        conn.execute("SELECT count(*) FROM community").fetchone()
        conn.execute("SELECT count(*) FROM compound").fetchone()
        conn.execute(
            "SELECT * FROM inspection WHERE started_at >= ? AND started_at < ?", ("2026-10-01", "2026-11-01")
        ).fetchall()
    queue.put(("SQLite 读出本月检查、数社区和小区（下限）", time.perf_counter() - start, peak_mb()))


def home(path: Path, queue: mp.Queue, new_parts: bool = True) -> None:
    from shuangjian_desktop import settings as opts
    from shuangjian_desktop.domain.access import Action
    from shuangjian_desktop.services.dashboard import AttentionList
    from shuangjian_desktop.services.workspace import Workspace
    from shuangjian_desktop.store.models import Vacation

    workspace = Workspace.open(path)
    today = dt.date.today()
    if new_parts:  # a break three days ahead: the patrol part
        with workspace.store.write("admin", Action.EDIT_SETTINGS) as uow:
            first_day, last_day = today + dt.timedelta(days=3), today + dt.timedelta(days=5)
            uow.session.add(Vacation(name="测试假期", first_day=first_day, last_day=last_day))
            uow.commit()
    else:  # what the home page held before issue 16: no community or compound gaps, no break ahead
        workspace.settings.set(opts.CHECK_COMMUNITIES, False)
        workspace.settings.set(opts.CHECK_COMPOUNDS, False)
    start = time.perf_counter()
    attention = AttentionList(workspace.store, workspace.settings)
    attention.reload()
    first = attention.page(0, 200)
    seconds = time.perf_counter() - start
    what = "首页待办" if new_parts else "首页待办（不含本次新增部分，对照）"
    queue.put((f"{what}：计数{attention.count()}条并读第一页{len(first)}条", seconds, peak_mb()))


def home_before(path: Path, queue: mp.Queue) -> None:
    home(path, queue, new_parts=False)


def gaps(path: Path, queue: mp.Queue) -> None:
    from shuangjian_desktop.services.workspace import Workspace

    workspace = Workspace.open(path)
    start = time.perf_counter()
    found = workspace.coverage_gaps()
    found.reload()
    counts = found.counts()
    page = found.page(0, 200)
    queue.put(
        (f"四包缺口：计数{sum(counts)}条（含社区、小区）并读一页{len(page)}条", time.perf_counter() - start, peak_mb())
    )


def problems(path: Path, queue: mp.Queue) -> None:
    """The whole return (most of its time is the institution and assignment states it has always read)."""
    from shuangjian_desktop.services.monthly_return import build_return
    from shuangjian_desktop.services.workspace import Workspace

    workspace = Workspace.open(path)
    start = time.perf_counter()
    result = build_return(workspace.store, MONTH, workspace.settings.baseline_date())
    queue.put((f"月报（{MONTH}，发现问题{result.values['problems']}个）", time.perf_counter() - start, peak_mb()))


def campaign(path: Path, queue: mp.Queue) -> None:
    from sqlalchemy import update

    from shuangjian_desktop.domain.access import Action
    from shuangjian_desktop.domain.campaigns import CampaignKind
    from shuangjian_desktop.services.campaigns.service import CampaignInput
    from shuangjian_desktop.services.workspace import Workspace
    from shuangjian_desktop.store.models import Inspection

    workspace = Workspace.open(path)
    made = workspace.campaigns.save(
        None, CampaignInput("基准专项行动", CampaignKind.OTHER, FIRST, LAST, [1, 2]), "admin"
    )
    with workspace.store.write("admin", Action.RECORD_INSPECTIONS) as uow:
        uow.session.execute(
            update(Inspection)
            .where(Inspection.started_at >= dt.datetime(2026, 10, 1), Inspection.started_at < dt.datetime(2026, 11, 1))
            .values(campaign_id=made)
        )
        uow.commit()
    start = time.perf_counter()
    figures = workspace.campaigns.figures(made)
    queue.put((f"专项行动统计（{figures.inspections}家次）", time.perf_counter() - start, peak_mb()))


def main() -> None:
    source = Path(sys.argv[1])
    with tempfile.TemporaryDirectory() as name:
        db = Path(name) / "county.sqlite3"
        shutil.copyfile(source, db)
        for job in (floor, home_before, home, gaps, campaign, problems):
            label, seconds, mb = in_fresh_process(job, db)
            print(f"   {label:<48} {seconds:7.2f} s   峰值内存 {mb:6.0f} MB")


if __name__ == "__main__":
    main()
