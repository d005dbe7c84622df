"""Supervision at a city's scale: grading every institution, making a month's patrol plan, its figures and first
pages, and the home page's supervision parts, on a county of 1,000,000 institutions (9 in 10 with a listed inspector,
one inspector per nine) and 100,000 inspections over the year, 100,000 tickets and 100,000 supervision accounts.
Each figure in a fresh process (time and peak memory) beside its floor: bare sqlite3 doing the least that work must
do (touch every institution once; insert a row per institution from one SELECT; count the month's inspections by
inspector and institution).

Run: .venv/bin/python benchmarks/supervision.py [INSTITUTIONS] [INSPECTIONS] [--db PATH] [--keep]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).parent))
from common import in_fresh_process

BATCH = 50_000


def peak_mb() -> float:
    """This process's own peak resident memory (VmHWM restarts at exec; ru_maxrss would carry the parent's)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


TODAY = dt.date.today()


def _insert(conn: sqlite3.Connection, table: str, rows: list[dict[str, Any]]) -> None:
    if rows:
        keys = list(rows[0])
        sql = f"INSERT INTO {table} ({', '.join(keys)}) VALUES ({', '.join('?' for _ in keys)})"
        conn.executemany(sql, [tuple(r[k] for k in keys) for r in rows])


def build(path: Path, institutions: int, inspections: int) -> None:
    """The county, loaded with bulk SQL while the derived triggers are off (then put back, as county.py does)."""
    from county import Raw

    from shuangjian_desktop.services.demo.accounts import add_demo_accounts
    from shuangjian_desktop.services.workspace import Workspace
    from shuangjian_desktop.store import derived

    started = time.perf_counter()
    workspace = Workspace.open(path)
    with workspace.store.sign_in_records("演示数据") as uow:
        add_demo_accounts(uow.session)
        uow.commit()
    workspace.close()
    rng = random.Random(16)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("BEGIN")
    derived.drop_triggers(Raw(conn))
    stamp = f"{TODAY.isoformat()} 09:00:00.000000"
    statuses = (
        ("operating",) * 80 + ("converted",) * 6 + ("suspended",) * 3 + ("deregistered",) * 8 + ("unlicensed",) * 3
    )
    for start in range(1, institutions + 1, BATCH):
        rows = []
        for i in range(start, min(start + BATCH, institutions + 1)):
            subject = rng.random() < 0.2
            rows.append(
                {
                    "id": i,
                    "name": f"机构{i:07d}",
                    "licence_no": None if rng.random() < 0.05 else f"教民{i:010d}号",
                    "category": "subject" if subject else "non_subject",
                    "area": None if subject else "arts",
                    "mode": "offline",
                    "profit_status": "for_profit",
                    "status": rng.choice(statuses),
                    "students": rng.randrange(0, 400),
                    "prepaid_balance_cents": rng.randrange(0, 800) * 100_000,
                    "fund_supervised": int(rng.random() < 0.7),
                    "blacklisted": 0,
                    "search_key": "",
                    "sort_name": f"ji gou {i:07d}",
                    "created_at": stamp,
                    "updated_at": stamp,
                }
            )
        _insert(conn, "institution", rows)
    inspectors = max(1, institutions // 9)
    _insert(
        conn,
        "person",
        [
            {"id": p, "name": f"督学{p:06d}", "phone": f"138{p:08d}", "search_key": "", "sort_name": f"du xue {p:06d}",
             "created_at": stamp, "updated_at": stamp}
            for p in range(1, inspectors + 1)
        ],
    )  # fmt: skip
    start_on = (TODAY - dt.timedelta(days=400)).isoformat()
    for start in range(1, institutions + 1, BATCH):
        _insert(
            conn,
            "assignment",
            [
                {"id": i, "kind": "inspector_institution", "person_id": 1 + (i - 1) % inspectors, "institution_id": i,
                 "starts_on": start_on, "created_at": stamp, "updated_at": stamp}
                for i in range(start, min(start + BATCH, institutions + 1))
                if i % 10
            ],
        )  # fmt: skip
    link = 0
    for start in range(1, inspections + 1, BATCH):
        rows, people = [], []
        for k in range(start, min(start + BATCH, inspections + 1)):
            inst = rng.randrange(1, institutions + 1)
            day = TODAY - dt.timedelta(days=rng.randrange(365))
            hour = rng.choice((10, 15, 19))
            rows.append(
                {"id": k, "institution_id": inst, "started_at": f"{day.isoformat()} {hour:02d}:00:00.000000",
                 "method": "routine", "key_hours": int(hour == 19 or day.weekday() >= 5), "result": "passed",
                 "holiday_training_found": 0, "created_at": stamp, "updated_at": stamp}
            )  # fmt: skip
            link += 1
            person = 1 + (inst - 1) % inspectors if rng.random() < 0.8 else rng.randrange(1, inspectors + 1)
            people.append({"id": link, "inspection_id": k, "person_id": person})
        _insert(conn, "inspection", rows)
        _insert(conn, "inspection_inspector", people)

    def ticket(k: int) -> dict[str, Any]:
        received = TODAY - dt.timedelta(days=rng.randrange(365))
        return {
            "id": k,
            "number": f"T{k:08d}",
            "source": "hotline_12345",
            "received_at": f"{received.isoformat()} 09:00:00.000000",
            "confidential": 0,
            "request_kind": "complaint",
            "category": rng.choice(("refund", "overtime", "other")),
            "subject": rng.choice(("退费难", "老板跑路", "超时培训")),
            "content": "",
            "institution_id": rng.randrange(1, institutions + 1),
            "time_limit_days": 15,
            "deadline": TODAY.isoformat(),
            "deadline_provisional": 0,
            "status": "closed",
            "search_key": "",
            "created_at": stamp,
            "updated_at": stamp,
        }

    for start in range(1, inspections + 1, BATCH):
        _insert(conn, "ticket", [ticket(k) for k in range(start, min(start + BATCH, inspections + 1))])
    accounts = institutions // 10
    _insert(
        conn,
        "fund_account",
        [
            {"id": a, "institution_id": a * 10 - 3, "bank": "中国工商银行", "account_no": f"62{a:014d}",
             "minimum_balance_cents": 5_000_000, "balance_cents": rng.randrange(0, 20) * 1_000_000,
             "balance_on": TODAY.isoformat(), "created_at": stamp, "updated_at": stamp}
            for a in range(1, accounts + 1)
        ],
    )  # fmt: skip
    conn.execute("COMMIT")
    conn.execute("BEGIN")
    derived.install(Raw(conn))
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()
    print(f"built {institutions:,} institutions, {inspections:,} inspections in {time.perf_counter() - started:.0f} s")


def _measure(db: Path, what: str, queue: Any) -> None:
    from shuangjian_desktop.services.base.parts import PartList
    from shuangjian_desktop.services.dashboard import tiles
    from shuangjian_desktop.services.patrol.figures import plan_figures
    from shuangjian_desktop.services.supervision_home import supervision_parts
    from shuangjian_desktop.services.workspace import Workspace

    workspace = Workspace.open(db)
    desk = workspace.supervision
    started = time.perf_counter()
    note = ""
    if what in ("grade (first)", "grade (again)"):
        result = desk.grade_all("admin")
        note = result.summary()
    elif what == "make plan":
        made = desk.make_plan(TODAY.year, TODAY.month, "admin", replace=True)  # grades again first (nothing changes)
        note = made.summary()
    elif what == "plan figures":
        with workspace.store.read() as uow:
            note = plan_figures(uow.session, workspace.settings, TODAY.year, TODAY.month).sentence("本月")
    elif what == "plan pages":
        plan = desk.plan_id(TODAY.year, TODAY.month)
        people = desk.inspector_lines(plan)
        people.reload()
        first = people.page(0, 200)
        lines = desk.target_lines(plan, first[0].person_id)
        lines.reload()
        days = lines.page(0, 200)[0].days
        note = f"{people.count():,} inspectors; the first one's {lines.count()} institutions, days: {days}"
    elif what == "home parts":
        counts = PartList(workspace.store, lambda: supervision_parts(workspace.settings, TODAY)).counts()
        note = f"counts {counts}"
    elif what == "home tiles":
        note = "; ".join(f"{t.label} {t.value}" for t in tiles(workspace.store, TODAY, workspace.settings)[-3:])
    seconds = time.perf_counter() - started
    workspace.close()
    queue.put((seconds, peak_mb(), note))


def _floor(db: Path, what: str, queue: Any) -> None:
    conn = sqlite3.connect(db)
    month = TODAY.replace(day=1).isoformat()
    started = time.perf_counter()
    if what == "touch every institution":
        conn.execute(
            "CREATE TEMP TABLE g AS SELECT id, CASE WHEN students > 200 THEN 'B' ELSE 'A' END AS grade FROM institution"
        )
    elif what == "insert a row per institution":
        conn.execute(
            "CREATE TEMP TABLE t AS SELECT id, status, sort_name FROM institution WHERE status != 'deregistered'"
        )
    elif what == "count the month's visits":
        conn.execute(
            "SELECT count(*) FROM (SELECT ii.person_id, i.institution_id, count(*) FROM inspection i"
            " JOIN inspection_inspector ii ON ii.inspection_id = i.id WHERE i.started_at >= ? GROUP BY 1, 2)",
            (month,),
        ).fetchall()
    seconds = time.perf_counter() - started
    conn.close()
    queue.put((seconds, peak_mb(), ""))


MEASURES = (
    ("grade (first)", "touch every institution"),
    ("grade (again)", "touch every institution"),
    ("make plan", "insert a row per institution"),
    ("plan figures", "count the month's visits"),
    ("plan pages", "count the month's visits"),
    ("home parts", "count the month's visits"),
    ("home tiles", "count the month's visits"),
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("institutions", type=int, nargs="?", default=1_000_000)
    parser.add_argument("inspections", type=int, nargs="?", default=100_000)
    parser.add_argument("--db", type=Path, help="an existing county made by this script (built when missing)")
    parser.add_argument("--keep", action="store_true", help="keep the county made in a temporary folder")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="sj-supervision-"))
    db = args.db or folder / "county.sqlite3"
    if not db.exists():
        build(db, args.institutions, args.inspections)
    print(f"{'measure':<16} {'time':>8} {'peak MB':>8}   {'floor (bare sqlite3)':<30} {'time':>8} {'peak MB':>8}")
    for what, floor in MEASURES:
        seconds, memory, note = in_fresh_process(_measure, db, what)
        floor_seconds, floor_memory, _ = in_fresh_process(_floor, db, floor)
        print(f"{what:<16} {seconds:>7.2f}s {memory:>8.0f}   {floor:<30} {floor_seconds:>7.2f}s {floor_memory:>8.0f}")
        print(f"    {note}")
    if not args.keep and args.db is None:
        for file in folder.iterdir():
            file.unlink()
        folder.rmdir()
    else:
        print(f"county kept at {db}")


if __name__ == "__main__":
    main()
