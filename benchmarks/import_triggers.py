"""What the triggers that keep the text indexes and copied sort keys current (store/derived.py) cost an import:
10,000 institutions imported from a sheet into a new database with the triggers, and with them dropped (the floor).
Each import in a fresh process; medians of 3.
Run: .venv/bin/python benchmarks/import_triggers.py [ROWS]
"""

from __future__ import annotations

import multiprocessing as mp
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).parent))
from common import in_fresh_process, peak_mb
from import_institutions import make_sheet

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
RUNS = 3


def run(sheet: Path, db: Path, with_triggers: bool, queue: mp.Queue) -> None:
    from shuangjian_desktop.services.demo.accounts import add_demo_accounts
    from shuangjian_desktop.services.workspace import Workspace
    from shuangjian_desktop.store import derived

    workspace = Workspace.open(db)
    with workspace.store.sign_in_records("admin") as uow:
        add_demo_accounts(uow.session)
        uow.commit()
    if not with_triggers:
        with workspace.store.engine.begin() as conn:
            derived.drop_triggers(conn)
    start = time.perf_counter()
    report = workspace.imports.run("institutions", sheet, user="admin")
    elapsed = time.perf_counter() - start
    with workspace.store.engine.connect() as conn:
        indexed = conn.exec_driver_sql("SELECT count(*) FROM institution_fts_docsize").scalar()
    workspace.close()
    queue.put((elapsed, peak_mb(), report.inserted, indexed))


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        sheet = folder / "institutions.xlsx"
        make_sheet(sheet, ROWS)
        results = {}
        for with_triggers in (False, True):
            runs = [
                in_fresh_process(run, sheet, folder / f"db-{with_triggers}-{k}.sqlite3", with_triggers)
                for k in range(RUNS)
            ]
            results[with_triggers] = runs
        floor = statistics.median(r[0] for r in results[False])
        ours = statistics.median(r[0] for r in results[True])
        print("(the machine is shared with other work; medians of", RUNS, "imports)")
        print(f"导入 {ROWS} 家机构，无触发器（下限）      {floor:6.2f} s   文本索引行 {results[False][0][3]}")
        print(f"导入 {ROWS} 家机构，有触发器（全文+排序键） {ours:6.2f} s   文本索引行 {results[True][0][3]}")
        print(f"触发器的代价 {ours - floor:+.2f} s（{(ours / floor - 1) * 100:+.0f}%）")


if __name__ == "__main__":
    main()
