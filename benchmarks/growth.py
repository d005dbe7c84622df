"""The supervision report and the home page's figures as the county grows: each figure at 1k / 10k / 100k rows
should grow no faster than the rows do (time per 1,000 rows stays flat), beside the floor: SQLite reading every row
of the tables they draw on. Each database in a fresh process.

Make the databases with benchmarks/county.py, then run:
    .venv/bin/python benchmarks/growth.py C1K.sqlite3 C10K.sqlite3 C100K.sqlite3
"""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).parent))
from common import in_fresh_process, peak_mb

TABLES = ("institution", "ticket", "notice", "inspection", "status_change", "assignment")


def measure(db: Path, queue: mp.Queue) -> None:
    from shuangjian_desktop import settings as opts
    from shuangjian_desktop.services.dashboard import dashboard
    from shuangjian_desktop.services.workspace import Workspace

    start = time.perf_counter()
    with sqlite3.connect(db) as conn:
        rows = sum(len(conn.execute(f"SELECT * FROM {table}").fetchall()) for table in TABLES)
    floor = time.perf_counter() - start
    workspace = Workspace.open(db)
    start = time.perf_counter()
    board = dashboard(workspace.store, opts.Settings())
    board.attention.page(0, 200)
    home = time.perf_counter() - start
    last = dt.date.today()
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        data = workspace.supervision_report(last - dt.timedelta(days=365), last, Path(folder) / "report.pdf")
        report = time.perf_counter() - start
    listed = sum(len(items) for _title, items, _columns in data.lists)  # type: ignore[attr-defined]
    workspace.close()
    queue.put((db.name, rows, floor, home, board.attention.count(), report, listed, peak_mb()))


def main() -> None:
    paths = [Path(p) for p in sys.argv[1:]]
    if not paths:
        sys.exit(__doc__)
    print("(the machine is shared with other work)")
    for path in paths:
        name, rows, floor, home, attention, report, listed, mb = in_fresh_process(measure, path)
        per = 1000 / rows
        print(
            f"{name:<16} 相关行 {rows:8d}  SQLite 读出（下限） {floor:6.2f} s；"
            f"首页数字与待办 {home:6.2f} s（{attention} 项，每千行 {home * per * 1000:5.1f} ms）；"
            f"督导报告 {report:7.2f} s（清单 {listed} 行，每千行 {report * per * 1000:6.1f} ms）；峰值内存 {mb:.0f} MB"
        )


if __name__ == "__main__":
    main()
