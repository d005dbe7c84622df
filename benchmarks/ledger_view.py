"""Time to first rows and search latency of a ledger view at 1,000 and at 100,000 rows.

Goal: the 100,000-row figures within 1.5x of the 1,000-row ones; searches under 100 ms. The floor beside them is
SQLite alone: counting the table. Each size runs in a fresh process; rows are made with the same search keys the
import writes.
Run: .venv/bin/python benchmarks/ledger_view.py [institutions|tickets]
"""

from __future__ import annotations

import multiprocessing as mp
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import peak_mb

SIZES = (1_000, 100_000)
LEDGER = sys.argv[1] if len(sys.argv) > 1 else "institutions"
SEARCHES = {
    "institutions": ("启明", "qm", "城关镇人民路1", "91510199", "zzzz不存在"),
    "tickets": ("预收费", "ysf", "12345-2026", "人民路1", "zzzz不存在"),
}[LEDGER]


def build_tickets(path: Path, rows: int) -> None:
    import datetime as dt

    from sqlalchemy import insert

    from shuangjian_desktop.domain.enums import RequestKind, Source, TicketStatus
    from shuangjian_desktop.domain.pinyin import search_key
    from shuangjian_desktop.services.workspace import Workspace
    from shuangjian_desktop.store.models import Ticket

    subjects = ["反映机构拒不退还预收费", "反映周末组织学科类培训", "反映晚上九点后仍在培训", "咨询机构办学资质"]
    categories = ["refund", "subject_training", "overtime", "other"]
    workspace = Workspace.open(path)
    start = dt.datetime(2026, 1, 1, 9)
    with workspace.store.write("benchmark") as uow:
        batch = []
        for i in range(rows):
            received = start + dt.timedelta(minutes=5 * i)
            number = f"12345-{received:%Y%m%d}-{i:06d}"
            subject = subjects[i % 4]
            address = f"城关镇人民路{i}号"
            batch.append(
                {
                    "id": i + 1,
                    "number": number,
                    "source": Source.HOTLINE_12345,
                    "received_at": received,
                    "caller_name": "张女士",
                    "caller_phone": "13800001234",
                    "confidential": False,
                    "request_kind": RequestKind.COMPLAINT,
                    "category": categories[i % 4],
                    "subject": subject,
                    "content": "",
                    "address": address,
                    "time_limit_days": 15,
                    "deadline": received.date(),
                    "deadline_provisional": False,
                    "status": TicketStatus.CLOSED,
                    "search_key": search_key(number, subject, address),
                    "created_at": received,
                    "updated_at": received,
                }
            )
            if len(batch) == 5000:
                uow.session.execute(insert(Ticket), batch)
                batch = []
        if batch:
            uow.session.execute(insert(Ticket), batch)
        uow.commit()
    workspace.close()


def build(path: Path, rows: int) -> None:
    if LEDGER == "tickets":
        build_tickets(path, rows)
        return
    from sqlalchemy import insert

    from shuangjian_desktop.domain.credit_code import check_character
    from shuangjian_desktop.domain.enums import Category, Mode, NonSubjectArea, ProfitStatus, Status
    from shuangjian_desktop.domain.pinyin import search_key, sort_key
    from shuangjian_desktop.services.workspace import Workspace
    from shuangjian_desktop.store.models import Institution

    brands = ["启明", "星辰", "博雅", "乐学", "童心", "飞扬", "英才", "阳光", "书香", "未来", "彩虹", "腾飞"]
    areas = list(NonSubjectArea)
    workspace = Workspace.open(path)
    with workspace.store.write("benchmark") as uow:
        batch = []
        for i in range(rows):
            body = f"91510199MA{i:07d}"
            name = f"示范县{brands[i % len(brands)]}第{i}培训学校有限公司"
            address = f"城关镇人民路{i}号"
            code = body + check_character(body)
            batch.append(
                {
                    "id": i + 1,
                    "name": name,
                    "credit_code": code,
                    "category": Category.NON_SUBJECT,
                    "area": areas[i % 4],
                    "mode": Mode.OFFLINE,
                    "profit_status": ProfitStatus.FOR_PROFIT,
                    "status": Status.OPERATING,
                    "address": address,
                    "legal_rep": "李明",
                    "phone": "13812345678",
                    "students": i % 300,
                    "prepaid_balance_cents": i * 100,
                    "fund_supervised": True,
                    "blacklisted": False,
                    "search_key": search_key(name, address, code, "李明"),
                    "sort_name": sort_key(name),
                }
            )
            if len(batch) == 5000:
                uow.session.execute(insert(Institution), batch)
                batch = []
        if batch:
            uow.session.execute(insert(Institution), batch)
        uow.commit()
    workspace.close()


def measure(path: Path, rows: int, queue: mp.Queue) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import sqlite3

    from PySide6.QtWidgets import QApplication

    from shuangjian_desktop.services.workspace import Workspace
    from shuangjian_desktop.ui.register_view import RegisterView

    app = QApplication.instance() or QApplication([])
    start = time.perf_counter()
    with sqlite3.connect(path) as conn:
        conn.execute(f"SELECT count(*) FROM {'ticket' if LEDGER == 'tickets' else 'institution'}").fetchone()
    floor = time.perf_counter() - start

    workspace = Workspace.open(path)
    start = time.perf_counter()
    view = RegisterView(getattr(workspace.registers, LEDGER), "benchmark")
    view.reload()
    first = [view.model.data(view.model.index(r, 0)) for r in range(40)]
    first_rows = time.perf_counter() - start
    assert all(first)

    latencies = {}
    for text in SEARCHES:
        times = []
        for _ in range(3):
            start = time.perf_counter()
            view.model.set_query(text, {})
            shown = [view.model.data(view.model.index(r, 0)) for r in range(min(40, view.model.rowCount()))]
            times.append(time.perf_counter() - start)
        latencies[text] = (statistics.median(times), view.model.rowCount(), len(shown))
    scroll_start = time.perf_counter()
    view.model.set_query("", {})
    last = view.model.rowCount() - 1
    view.model.data(view.model.index(last, 0))
    scroll = time.perf_counter() - scroll_start
    workspace.close()
    app.processEvents()
    queue.put((rows, floor, first_rows, latencies, scroll, peak_mb()))


def main() -> None:
    context = mp.get_context("spawn")
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for size in SIZES:
            path = Path(folder) / f"ledger-{size}.sqlite3"
            builder = context.Process(target=build, args=(path, size))
            builder.start()
            builder.join()
            queue = context.Queue()
            process = context.Process(target=measure, args=(path, size, queue))
            process.start()
            results.append(queue.get())
            process.join()
    for rows, floor, first_rows, latencies, scroll, mb in results:
        print(f"== {rows} 行{'投诉工单' if LEDGER == 'tickets' else '机构台账'}（峰值内存 {mb:.0f} MB）")
        print(f"   SQLite 计数（下限）           {floor * 1000:8.1f} ms")
        print(f"   打开列表到前40行               {first_rows * 1000:8.1f} ms")
        print(f"   跳到最后一行                   {scroll * 1000:8.1f} ms")
        for text, (seconds, count, _shown) in latencies.items():
            print(f"   搜索“{text}”{'':<12} {seconds * 1000:8.1f} ms  （{count} 条）")
    small, large = results
    print(f"打开：10万行 / 1千行 = {large[2] / small[2]:.2f}x（目标 ≤ 1.5x）")
    worst = max(seconds for seconds, _c, _s in large[3].values())
    print(f"10万行最慢搜索 {worst * 1000:.1f} ms（目标 < 100 ms）")


if __name__ == "__main__":
    sys.exit(main())
