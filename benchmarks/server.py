"""The same county on a PostgreSQL server and in a SQLite file on the same machine: every ledger view's actions
(benchmarks/views.py: open, scroll to the last row, the slowest sort and filter, each search, until the first 40
rows are painted) and an import of new institutions from a spreadsheet (the whole command-line process). The goal:
the server within 2x of the file. Moving the county onto the server (migrate-to, counted and checksummed) is timed
too.

Make the county with benchmarks/county.py, start a server (``bash .ci/postgres start DIR durable``: PostgreSQL's own
durable settings, as SQLite here runs with synchronous=FULL), then run:
    .venv/bin/python benchmarks/server.py C100K.sqlite3 URL [IMPORT_ROWS]
URL is the address .ci/postgres printed (its owner makes a database of its own for the run and drops it after).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))
from common import in_fresh_process  # noqa: E402
from views import REPEATS, measure  # noqa: E402

IMPORT_RUNS = 3


def make_sheet(path: Path, rows: int) -> None:
    """benchmarks/import_institutions.py's sheet (that script reads its own arguments when imported)."""
    saved, sys.argv = sys.argv, sys.argv[:1]
    try:
        from import_institutions import make_sheet as make
    finally:
        sys.argv = saved
    make(path, rows)


def move(db: Path, target: str, queue: mp.Queue) -> None:
    from shuangjian_desktop.services.moving import move_to_server

    start = time.perf_counter()
    report = move_to_server(db, target)
    queue.put((time.perf_counter() - start, report.rows, len(report.tables)))


def import_once(sheet: Path, where: str, env: dict[str, str], queue: mp.Queue) -> None:
    command = [sys.executable, "-m", "shuangjian_desktop", "import", "institutions", str(sheet), "--db", where]
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False, cwd=ROOT)
    queue.put((time.perf_counter() - start, done.returncode, (done.stdout + done.stderr).strip()[-300:]))


def views(where: str | Path) -> dict[str, dict[str, tuple[float, float, str]]]:
    context = mp.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=measure, args=(where, queue))
    process.start()
    _name, figures, _mb = queue.get()
    process.join()
    return figures


def main() -> None:
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    county, url = Path(sys.argv[1]), sys.argv[2]
    import_rows = int(sys.argv[3]) if len(sys.argv) > 3 else 10_000
    from tests.server import TestServer

    server = TestServer(url)
    server.prefix = f"sjbench_{os.getpid()}"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            env["SHUANGJIAN_DATA_DIR"] = str(folder)
            db = folder / county.name
            shutil.copyfile(county, db)
            database = server.create()
            target = server.location(database, "bench").text()
            seconds, rows, tables = in_fresh_process(move, db, target)
            print(f"migrate-to：{tables} 张表 {rows} 行迁入服务器并逐表核对校验值，用时 {seconds:.1f} s")
            print(f"(机器与其他工作共用；每个数字为 {REPEATS} 次的中位数，毫秒)")
            on_file, on_server = views(db), views(target)
            worst = 0.0
            print(f"{'台账 / 操作':<44} {'SQLite':>9} {'服务器':>9}  倍数")
            for ledger, found in on_file.items():
                for action, (ours, _floor, note) in found.items():
                    theirs = on_server[ledger][action][0]
                    ratio = theirs / ours if ours else float("nan")
                    small = theirs < 0.010  # under 10 ms on both: a round trip, not work
                    if not small:
                        worst = max(worst, ratio)
                    label = f"{ledger} {action}"
                    print(f"{label:<44} {ours * 1000:9.1f} {theirs * 1000:9.1f}  {ratio:5.2f}x  {note}")
            sheet = folder / "new-institutions.xlsx"
            make_sheet(sheet, import_rows)
            file_runs, server_runs = [], []
            for run in range(IMPORT_RUNS):
                copy = folder / f"import{run}.sqlite3"
                shutil.copyfile(db, copy)
                file_runs.append(in_fresh_process(import_once, sheet, str(copy), env))
                again = server.create(
                    template=database
                )  # a fresh copy of the moved county each run (a database file copy)
                server_runs.append(in_fresh_process(import_once, sheet, server.location(again, "bench").text(), env))
                server.drop(again)
                if file_runs[-1][1] or server_runs[-1][1]:
                    sys.exit(f"导入失败：{file_runs[-1][2]} / {server_runs[-1][2]}")
            a = statistics.median(r[0] for r in file_runs)
            b = statistics.median(r[0] for r in server_runs)
            print(f"导入 {import_rows} 行新机构（整个命令行进程，{IMPORT_RUNS} 次中位数）：", end="")
            print(f"SQLite {a:.2f} s，服务器 {b:.2f} s，{b / a:.2f}x")
            worst = max(worst, b / a)
            print(f"最慢的倍数（10 ms 以上的操作）：{worst:.2f}x（目标 ≤ 2.00x）")
    finally:
        server.close()


if __name__ == "__main__":
    main()
