"""Every ledger view's actions at each size, beside their floor: open, sort by each sortable column, filter by each
filter, scroll to the last row, and search, each until the first 40 rows are painted (their cells read from the
model). The floor is the same SQL the action ran, captured and replayed on a bare sqlite3 connection. When matches are
many, the view shows its first rows before they are counted (off the GUI thread): the time until the count arrived
is noted beside the figure (and its SQL is in the floor).

Goals: each action at 100,000 and 1,000,000 rows within 1.5x of the same action at 1,000; searches under 50 ms at
100,000 rows and 100 ms at 1,000,000. Each database is measured in a fresh process; figures are medians of 3.

Make the databases with benchmarks/county.py, then run:
    .venv/bin/python benchmarks/views.py C1K.sqlite3 C100K.sqlite3 C1M.sqlite3
"""

from __future__ import annotations

import multiprocessing as mp
import os
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).parent))
from common import peak_mb

LEDGERS = {
    # register: searches a clerk types (a name, pinyin initials, part of a number or address, nothing)
    "institutions": ("启明", "qm", "人民路12", "培训学校有限", "9151019900000", "zzzz不存在"),
    "tickets": ("预收费", "ysf", "0012345", "人民路1", "zzzz不存在"),
    "assignments": ("启明", "社区", "zw", "zzzz不存在"),
    "people": ("张", "zw", "1390001", "东门社区", "zzzz不存在"),
    "teachers": ("张伟", "数学", "zw", "zzzz不存在"),
    "inspections": ("启明", "qm", "zzzz不存在"),
    "notices": ("〔2025〕1", "启明", "zzzz不存在"),
    "audit": ("启明", "ticket-1", "admin", "zzzz不存在"),
}
ROWS_SHOWN = 40
REPEATS = 3


class Capture:
    """The SQL statements an action runs (with their parameters), to replay on bare sqlite3."""

    def __init__(self, engine: Any) -> None:
        from sqlalchemy import event

        self.statements: list[tuple[str, Any]] = []
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, _conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, many: bool) -> None:
        if not many and statement.lstrip().upper().startswith(("SELECT", "WITH", "PRAGMA")):
            self.statements.append((statement, parameters))

    def replay(self, conn: sqlite3.Connection | None) -> float:
        if conn is None:  # a server: no bare floor here (benchmarks/server.py compares it with the file)
            return 0.0
        start = time.perf_counter()
        for statement, parameters in self.statements:
            conn.execute(statement, parameters).fetchall()
        return time.perf_counter() - start


def measure(path: Path | str, queue: mp.Queue) -> None:
    """Every view action on a database file or (an address text) a county on a server."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from shuangjian_desktop.services.workspace import Workspace
    from shuangjian_desktop.ui.register_view import RegisterView

    app = QApplication.instance() or QApplication([])
    workspace = Workspace.open(path)
    capture = Capture(workspace.store.engine)
    bare = None
    if not workspace.on_server:
        bare = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
        bare.execute("PRAGMA cache_size=-32768")
    figures: dict[str, dict[str, tuple[float, float, str]]] = {}

    counts: list[float] = []

    def timed(action: Callable[[], Any], model: Any) -> tuple[float, float]:
        """Median (ours, floor) of the action plus painting the first rows (or the last rows). When the matches are
        many and counted in the background, the time until the count arrived goes to ``counts``."""
        ours, floor, counted = [], [], []
        for _ in range(REPEATS):
            capture.statements.clear()
            start = time.perf_counter()
            rows = action()
            for row in rows if rows is not None else range(min(ROWS_SHOWN, model.rowCount())):
                for column in range(model.columnCount()):
                    model.data(model.index(row, column))
            ours.append(time.perf_counter() - start)
            if model.counting:
                while model.counting:
                    app.processEvents()
                    time.sleep(0.0005)
                counted.append(time.perf_counter() - start)
            floor.append(capture.replay(bare))
        counts[:] = [statistics.median(counted)] if counted else []
        return statistics.median(ours), statistics.median(floor)

    for name, searches in LEDGERS.items():
        register = getattr(workspace.registers, name)
        view = RegisterView(register, "benchmark")
        model = view.model
        found: dict[str, tuple[float, float, str]] = {}

        def worst(label: str, results: list[tuple[float, float, str]], found: dict = found) -> None:
            if results:
                found[label] = max(results)

        found["open"] = (*timed(lambda m=model: m.set_query("", {}), model), f"{model.rowCount()} 行")

        def to_last(m: Any = model) -> range:
            m._pages.clear()  # as a clerk's first jump to the end: nothing cached
            m._keys.clear()
            return range(max(0, m.rowCount() - ROWS_SHOWN), m.rowCount())

        found["scroll to last row"] = (*timed(to_last, model), "")
        sorts = []
        for column, spec in enumerate(register.columns):
            if register.sortable(spec.key):
                ours, floor = timed(lambda c=column, m=model: m.sort(c), model)
                sorts.append((ours, floor, spec.label))
                model.sort(0)
        worst("sort (slowest column)", sorts)
        model.sort(0)
        filters = []
        for spec in register.filters:
            choices = spec.choices or getattr(register, f"{spec.key}_choices", lambda: ())()
            for label, value in choices[:3]:
                ours, floor = timed(lambda k=spec.key, v=value, m=model: m.set_query("", {k: v}), model)
                note = f"，后台计数 {counts[0] * 1000:.0f} ms 到齐" if counts else ""
                filters.append((ours, floor, f"{spec.label}={label}（{model.rowCount()} 行{note}）"))
        worst("filter (slowest)", filters)
        for text in searches:
            ours, floor = timed(lambda t=text, m=model: m.set_query(t, {}), model)
            note = f"{model.rowCount()} 行" + (f"，后台计数 {counts[0] * 1000:.0f} ms 到齐" if counts else "")
            found[f"search “{text}”"] = (ours, floor, note)
        model.set_query("", {})
        figures[name] = found
        view.deleteLater()
        app.processEvents()
    workspace.close()
    queue.put((workspace.where() if workspace.on_server else Path(path).name, figures, peak_mb()))


def main() -> None:
    paths = [Path(p) for p in sys.argv[1:]]
    if not paths:
        sys.exit(__doc__)
    context = mp.get_context("spawn")
    results = []
    for path in paths:
        queue = context.Queue()
        process = context.Process(target=measure, args=(path, queue))
        process.start()
        results.append(queue.get())
        process.join()
    print("(the machine is shared with other work; each figure is the median of", REPEATS, "runs)")
    base = results[0][1]
    for name, figures, mb in results:
        print(f"\n== {name}（峰值内存 {mb:.0f} MB）")
        print(f"   毫秒：本程序 / 同样的 SQL 在裸 sqlite3（下限） / 对 {results[0][0]} 的倍数")
        for ledger, found in figures.items():
            print(f"  {ledger}")
            for action, (ours, floor, note) in found.items():
                ratio = ours / base[ledger][action][0] if base[ledger][action][0] else float("nan")
                print(f"    {action:<28} {ours * 1000:8.1f} / {floor * 1000:7.1f}   {ratio:5.2f}x   {note}")


if __name__ == "__main__":
    main()
