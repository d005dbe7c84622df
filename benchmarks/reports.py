"""Export a monthly return and make a supervision report at ten times the demo county's size, beside the floor
(SQLite reading every row of the same tables). Each figure in a fresh process.
Run: .venv/bin/python benchmarks/reports.py [TIMES]
"""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import in_fresh_process, peak_mb

TIMES = int(sys.argv[1]) if len(sys.argv) > 1 else 10
OFFSET = 1_000_000
TABLES = {
    # table: (columns offset like ids, unique text columns suffixed)
    "institution": ({"id"}, {"name"}),
    "status_change": ({"id", "institution_id"}, set()),
    "ticket": ({"id", "institution_id"}, {"number"}),
    "ticket_event": ({"id", "ticket_id"}, set()),
    "inspection": ({"id", "institution_id", "ticket_id"}, set()),
    "inspection_aspect": ({"id", "inspection_id"}, set()),
    "inspection_violation": ({"id", "inspection_id"}, set()),
    "inspection_inspector": ({"id", "inspection_id"}, set()),
    "notice": ({"id", "institution_id", "inspection_id", "reinspection_id", "escalated_to_id"}, {"doc_number"}),
    "notice_event": ({"id", "notice_id"}, set()),
}


def build(path: Path) -> dict[str, int]:
    from shuangjian_desktop.services.demo import load_demo_county
    from shuangjian_desktop.services.workspace import Workspace

    workspace = Workspace.open(path)
    load_demo_county(workspace.store, today=dt.date(2026, 11, 20))
    workspace.close()
    with sqlite3.connect(path) as conn:
        for k in range(1, TIMES):
            for table, (offset, unique) in TABLES.items():
                columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
                expressions = []
                for column in columns:
                    if column in offset:
                        expressions.append(f"CASE WHEN {column} IS NULL THEN NULL ELSE {column} + {k * OFFSET} END")
                    elif column in unique:
                        expressions.append(f"{column} || '-{k}'")
                    elif table == "institution" and column == "credit_code":
                        expressions.append("NULL")
                    else:
                        expressions.append(column)
                conn.execute(
                    f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(expressions)} "
                    f"FROM {table} WHERE id < {OFFSET}"
                )
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def floor(path: Path, queue: mp.Queue) -> None:
    start = time.perf_counter()
    with sqlite3.connect(path) as conn:
        for table in TABLES:
            conn.execute(f"SELECT * FROM {table}").fetchall()
    queue.put(("SQLite 读出全部相关行（下限）", time.perf_counter() - start, peak_mb()))


def monthly(path: Path, out: Path, queue: mp.Queue) -> None:
    from shuangjian_desktop.services.workspace import Workspace

    workspace = Workspace.open(path)
    start = time.perf_counter()
    workspace.export_monthly_return("2026-10", out)
    queue.put(("导出月报（2026-10，含明细）", time.perf_counter() - start, peak_mb()))


def report(path: Path, out: Path, queue: mp.Queue) -> None:
    from shuangjian_desktop.services.workspace import Workspace

    workspace = Workspace.open(path)
    start = time.perf_counter()
    workspace.supervision_report(dt.date(2025, 12, 1), dt.date(2026, 11, 30), out)
    queue.put(("督导报告（12个月）", time.perf_counter() - start, peak_mb()))


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        db = folder / "big.sqlite3"
        counts = build(db)
        print(f"示范县 × {TIMES}：" + "，".join(f"{t} {n}" for t, n in counts.items()))
        for label, seconds, mb in (
            in_fresh_process(floor, db),
            in_fresh_process(monthly, db, folder / "m.xlsx"),
            in_fresh_process(report, db, folder / "r.pdf"),
        ):
            print(f"   {label:<24} {seconds:7.2f} s   峰值内存 {mb:6.0f} MB")


if __name__ == "__main__":
    main()
