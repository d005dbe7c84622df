"""Time to first rows and search latency of the institution register at 1,000 and at 100,000 rows.

Goal: the 100,000-row figures within 1.5x of the 1,000-row ones; searches under 100 ms. The floor beside them is
SQLite alone: counting the table. Each size runs in a fresh process; rows are made with the same search keys the
import writes.
Run: .venv/bin/python benchmarks/ledger_view.py
"""

from __future__ import annotations

import multiprocessing as mp
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

SIZES = (1_000, 100_000)
SEARCHES = ("启明", "qm", "城关镇人民路1", "91510199", "zzzz不存在")


def peak_mb() -> float:
    try:
        import resource
    except ImportError:
        return float("nan")
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(path: Path, rows: int) -> None:
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
        conn.execute("SELECT count(*) FROM institution").fetchone()
    floor = time.perf_counter() - start

    workspace = Workspace.open(path)
    start = time.perf_counter()
    view = RegisterView(workspace.registers.institutions, "benchmark")
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
        print(f"== {rows} 行机构台账（峰值内存 {mb:.0f} MB）")
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
