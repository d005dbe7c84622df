"""Issue 17 at county scale: the home page's 12-month charts (SQL aggregates), deleting a record into 最近删除 and
putting it back, listing and searching 最近删除 when it holds as many rows as a ledger, and making the stored keys
afresh (pinyin word by word) after an upgrade; each beside a floor measured in the same run (reading the same rows
with plain SQL).

Run: .venv/bin/python benchmarks/comforts.py [ROWS] [DB]   (ROWS default 1,000,000; DB: reuse a county file made by
benchmarks/county.py, else one is made in a temporary folder, which takes several minutes at a million rows)
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common import peak_mb
from county import make_county

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
REKEY_ROWS = 100_000
"""Rows whose keys are made afresh in the timed run (the rate is what matters; the whole runs in the background)."""


def timed(label: str, work, floor=None) -> object:
    started = time.perf_counter()
    result = work()
    took = time.perf_counter() - started
    line = f"{label:<58} {took * 1000:9.0f} ms"
    if floor is not None:
        begun = time.perf_counter()
        floor()
        line += f"   floor {(time.perf_counter() - begun) * 1000:7.0f} ms"
    print(line, flush=True)
    return result


def main() -> None:
    from shuangjian_desktop.services.registers import Query
    from shuangjian_desktop.services.trends import trends
    from shuangjian_desktop.services.workspace import Workspace
    from shuangjian_desktop.store import derived

    folder = Path(tempfile.mkdtemp())
    path = folder / "county.sqlite3"
    if len(sys.argv) > 2:
        shutil.copyfile(sys.argv[2], path)
    else:
        Workspace.open(path).close()
        started = time.perf_counter()
        make_county(path, ROWS, quiet=True)
        print(f"county of {ROWS} rows made in {time.perf_counter() - started:.0f} s")
    ws = Workspace.open(path)
    raw = sqlite3.connect(path)
    today = dt.date(2026, 11, 20)
    # the charts
    timed(
        "首页 charts: 12 months x 5 figures",
        lambda: trends(ws.store, today),
        lambda: raw.execute("SELECT count(*) FROM ticket WHERE received_at >= '2025-12-01'").fetchone(),
    )
    timed(
        "首页 charts again, no institution or assignment changed",
        lambda: trends(ws.store, today),
        lambda: raw.execute("SELECT count(*) FROM ticket WHERE received_at >= '2025-12-01'").fetchone(),
    )
    # delete and restore (a ticket still 已受理, and a person nothing refers to)
    registers = ws.registers
    ticket, number = raw.execute("SELECT id, number FROM ticket WHERE status = 'accepted' LIMIT 1").fetchone()
    timed("delete a ticket into 最近删除 (with its steps)", lambda: registers.tickets.delete(ticket, "admin"))
    kept = registers.recycle.ids(Query())[0]
    timed("put it back (checks, re-insert, text index, audit)", lambda: registers.recycle.restore(kept, "admin"))
    print(f"  ticket search after the restore finds it: {ticket in registers.tickets.ids(Query(text=number))}")
    # 最近删除 as large as a ledger
    payload = json.dumps({"rows": [["ticket", {"id": 0}]], "links": []})
    raw.execute("DROP TRIGGER IF EXISTS sj_deleted_record_fts_ai")
    raw.executemany(
        "INSERT INTO deleted_record (entity, entity_id, summary, rows, deleted_at, deleted_by) VALUES (?,?,?,?,?,?)",
        (("ticket", i, f"12345-2026{i:07d} 反映培训机构{i}", payload, "2026-11-01 09:00:00.000000", "李晓燕")
         for i in range(ROWS)),
    )  # fmt: skip
    raw.commit()
    with ws.store.engine.begin() as conn:
        derived.install(conn)  # the text index's trigger again, and one refill
    bin_ = registers.recycle
    timed("最近删除 holding a ledger's worth: count", lambda: bin_.count(Query()))
    timed("最近删除: first page, newest first", lambda: bin_.rows([k[1] for k in bin_.page_after(Query(
        sort="deleted_at", descending=True), None, 200)]))  # fmt: skip
    timed("最近删除: search one record", lambda: bin_.ids(Query(text=f"2026{ROWS // 2:07d}")))
    # keys made afresh (a fresh connection: the one above kept the schema it read before the triggers were remade)
    raw.close()
    raw = sqlite3.connect(path)
    raw.execute(
        f"UPDATE institution SET search_key = 'old', sort_name = 'old' WHERE id <= {min(REKEY_ROWS, ROWS)}"
    )  # fmt: skip
    raw.execute("PRAGMA user_version = 1")
    raw.commit()
    from shuangjian_desktop.services.base import rekey
    from shuangjian_desktop.services.institutions.keys import REKEYED

    done = {"rows": 0}

    def limited() -> None:
        rekey.refresh(ws.store, REKEYED, lambda d, _t: done.__setitem__("rows", d), lambda: done["rows"] >= REKEY_ROWS)

    def floor() -> None:
        for _row in raw.execute(
            f"SELECT id, name, address, credit_code, legal_rep FROM institution LIMIT {REKEY_ROWS}"
        ):
            pass

    timed(f"keys made afresh: first {REKEY_ROWS} institutions (phrases)", limited, floor)
    print(f"  rows read: {done['rows']} (the whole database's refresh runs in the background at this rate)")
    print(f"peak memory {peak_mb():.0f} MB (the machine was shared)")
    ws.close()


if __name__ == "__main__":
    main()
