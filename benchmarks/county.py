"""Make a county (or a city of counties) of any size for the benchmarks and the scale tests: institutions,
people, schools and teachers, assignments with realistic gaps, tickets (a few per cent open, some overdue),
inspections, notices, status changes and audit rows; each big ledger holds about ROWS rows.

Fast: the rows go in with bulk SQL (executemany on one connection) while the triggers that keep sort keys and text
indexes are off, then store/derived.py refills both in one statement each, as a migration would. The search texts
come from the same functions every writer uses (services/<ledger>/keys.py).

Run: .venv/bin/python benchmarks/county.py ROWS OUT.sqlite3 [--covered 0.9]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from shuangjian_desktop.domain.credit_code import check_character
from shuangjian_desktop.domain.id_number import check_digit
from shuangjian_desktop.domain.pinyin import natural_key, sort_key
from shuangjian_desktop.services.catalogues import complaint_categories
from shuangjian_desktop.services.demo import names as n
from shuangjian_desktop.services.institutions.keys import institution_search_text
from shuangjian_desktop.services.people.keys import person_search_text, school_search_text, teacher_search_text
from shuangjian_desktop.services.tickets.keys import ticket_search_text
from shuangjian_desktop.store import derived
from shuangjian_desktop.store.base import pinyin_sort

COUNTIES = ("示范县", "东山县", "西河县", "南岭县", "北川县", "青石县", "白马县", "金川县", "玉溪县", "龙门县")
STATUSES = (("operating", 78), ("suspended", 3), ("converted", 6), ("deregistered", 10), ("unlicensed", 3))
OPEN_TICKETS = ("accepted", "dispatched", "signed", "handling")
USERS = ("admin", "李晓燕", "周建华", "演示数据")
ENTITIES = ("institution", "ticket", "assignment", "person", "teacher", "inspection", "notice", "status_change")
BATCH = 20_000


class Raw:
    """A sqlite3 connection with the one method store/derived.py calls (it takes SQLAlchemy connections)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def exec_driver_sql(self, sql: str) -> sqlite3.Cursor:
        return self.conn.execute(sql)


def _insert(conn: sqlite3.Connection, table: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    keys = list(rows[0])
    sql = f"INSERT INTO {table} ({', '.join(keys)}) VALUES ({', '.join('?' for _ in keys)})"
    for start in range(0, len(rows), BATCH):
        conn.executemany(sql, [tuple(r[k] for k in keys) for r in rows[start : start + BATCH]])


def _weighted(rng: random.Random, pairs: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _credit_code(i: int, non_profit: bool) -> str:
    body = ("52" if non_profit else "91") + n.REGION + f"{i:09d}"
    return body + check_character(body)


def _id_number(i: int) -> str:
    born = dt.date(1968, 1, 1) + dt.timedelta(days=i // 1000)
    body = n.REGION + born.strftime("%Y%m%d") + f"{i % 1000:03d}"
    return body + check_digit(body)


def _stamp(day: dt.date, rng: random.Random) -> str:
    return f"{day.isoformat()} {rng.randrange(8, 21):02d}:{rng.randrange(60):02d}:00.000000"


def make_county(path: Path, rows: int, *, covered: float = 0.9, seed: int = 1, quiet: bool = False) -> dict[str, int]:
    """Make the database at ``path`` (new) with about ``rows`` rows in each big ledger; returns counts by table.
    ``covered`` is the share of institutions given bureau staff and an inspector (the rest are coverage gaps)."""
    from shuangjian_desktop.services.demo.accounts import add_demo_accounts
    from shuangjian_desktop.services.workspace import Workspace
    from shuangjian_desktop.store.models import BureauProfile

    started = time.perf_counter()
    workspace = Workspace.open(path)
    with workspace.store.sign_in_records("演示数据") as uow:
        add_demo_accounts(uow.session)
        uow.session.add(
            BureauProfile(
                id=1,
                county="示范县",
                unit_name="示范县教育和体育局",
                person_in_charge="周建华",
                contact="李晓燕",
                contact_phone="0833-5550101",
                doc_prefix_rectification="示教体整改",
                doc_prefix_stop="示教体停办",
                baseline_on=dt.date(2021, 7, 24),
            )
        )
        uow.commit()
    workspace.close()

    rng = random.Random(seed)
    today = dt.date.today()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("BEGIN")
    raw = Raw(conn)
    derived.drop_triggers(raw)
    counts: dict[str, int] = {}

    def put(table: str, batch: list[dict[str, Any]]) -> None:
        _insert(conn, table, batch)
        counts[table] = counts.get(table, 0) + len(batch)

    # places ---------------------------------------------------------------------------------------------------------
    townships = [f"{county}{t}" for county in COUNTIES[: max(1, min(10, rows // 100_000))] for t in n.TOWNSHIPS]
    put("township", [{"id": i + 1, "name": name, "sort_name": sort_key(name)} for i, name in enumerate(townships)])
    communities: list[tuple[int, int, str]] = []
    for t_id, township in enumerate(townships, start=1):
        stem = township[3:].removesuffix("镇").removesuffix("乡").removesuffix("街道")
        for word in (*n.CITY_COMMUNITIES, *n.VILLAGE_COMMUNITY_WORDS):
            communities.append((len(communities) + 1, t_id, f"{stem}{word}"))
    put(
        "community",
        [{"id": c, "township_id": t, "name": name, "sort_name": sort_key(name)} for c, t, name in communities],
    )
    compounds = []
    for c_id, _t, _name in communities:
        for k, stem in enumerate(n.COMPOUND_STEMS[: min(30, max(3, rows // 2000))]):
            name = stem + n.COMPOUND_WORDS[k % 8]
            row = {"id": len(compounds) + 1, "community_id": c_id, "name": name, "sort_name": sort_key(name)}
            compounds.append(row)
    put("compound", compounds)

    # institutions ---------------------------------------------------------------------------------------------------
    created = "2021-03-01 09:00:00.000000"
    institutions = []
    covered_ids = []
    for i in range(1, rows + 1):
        status = _weighted(rng, STATUSES)
        subject = rng.random() < 0.12 and status != "unlicensed"
        area = None if subject else rng.choice(("sports", "arts", "science", "other"))
        word = rng.choice(n.SUBJECT_WORDS) if subject else rng.choice(n.AREA_WORDS[area or "other"])
        non_profit = not subject and rng.random() < 0.15
        suffix = "培训中心" if status == "unlicensed" else ("培训学校" if non_profit else "培训学校有限公司")
        name = f"{rng.choice(COUNTIES)}{rng.choice(n.BRANDS)}{rng.choice(n.COMPOUND_STEMS)}{word}{suffix}"
        c_id, _t, _c = communities[rng.randrange(len(communities))]
        address = f"{townships[_t - 1][3:]}{rng.choice(n.STREETS)}{rng.randrange(1, 999)}号"
        code = None if status == "unlicensed" else _credit_code(i, non_profit)
        rep = n.person_name(rng)
        institutions.append(
            {
                "id": i,
                "name": name,
                "credit_code": code,
                "licence_no": None if code is None else f"教民5101993{i:07d}号",
                "category": "subject" if subject else "non_subject",
                "area": area,
                "mode": "online" if rng.random() < 0.05 else "offline",
                "profit_status": "non_profit" if non_profit else "for_profit",
                "status": status,
                "address": address,
                "community_id": c_id,
                "legal_rep": rep,
                "legal_rep_sort": pinyin_sort(rep, person=True),
                "phone": f"138{i:08d}",
                "students": rng.randrange(0, 400),
                "prepaid_balance_cents": rng.randrange(0, 300) * 100_00,
                "fund_supervised": rng.random() < 0.85,
                "risk_grade": rng.choice(("A", "A", "B", "C", "D", None)),
                "blacklisted": status == "unlicensed" and rng.random() < 0.3,
                "search_key": institution_search_text(name, address, code, rep),
                "sort_name": sort_key(name),
                "created_at": created,
                "updated_at": created,
            }
        )
        if status in ("operating", "suspended", "converted"):
            covered_ids.append(i)
    put("institution", institutions)
    names = {r["id"]: r["name"] for r in institutions}
    del institutions

    # people, schools, teachers ----------------------------------------------------------------------------------------
    people: list[dict[str, Any]] = []
    roles: list[dict[str, Any]] = []

    def person(role: str, unit: str, title: str) -> int:
        p_id = len(people) + 1
        name = n.person_name(rng)
        phone = f"139{p_id:08d}"
        people.append(
            {
                "id": p_id,
                "name": name,
                "phone": phone,
                "unit": unit,
                "title": title,
                "search_key": person_search_text(name, unit, phone),
                "sort_name": sort_key(name, person=True),
                "unit_sort": pinyin_sort(unit),
                "title_sort": pinyin_sort(title),
                "created_at": created,
                "updated_at": created,
            }
        )
        roles.append({"id": len(roles) + 1, "person_id": p_id, "role": role})
        return p_id

    staff = [person("staff", "示范县教育和体育局", "科员") for _ in range(max(10, len(covered_ids) // 2))]
    inspectors = [person("inspector", "示范县教育督导室", "责任督学") for _ in range(max(3, len(covered_ids) // 8))]
    school_count = max(20, rows // 100)
    schools = []
    for s in range(1, school_count + 1):
        stage = rng.choice(("primary", "primary", "junior", "nine_year", "senior"))
        word = {"primary": "小学", "junior": "中学", "nine_year": "学校", "senior": "高级中学"}[stage]
        name = f"{rng.choice(COUNTIES)}{rng.choice(n.SCHOOL_STEMS)}{s}{word}"
        address = f"{rng.choice(n.STREETS)}{rng.randrange(1, 300)}号"
        schools.append(
            {
                "id": s,
                "name": name,
                "stage": stage,
                "township_id": rng.randrange(1, len(townships) + 1),
                "address": address,
                "search_key": school_search_text(name, address),
                "sort_name": sort_key(name),
                "created_at": created,
                "updated_at": created,
            }
        )
    principals = [person("principal", s["name"], "校长") for s in schools]
    secretaries = [person("community_secretary", c[2], "书记") for c in communities]
    patrollers = [person("compound_secretary", f"{c['name']}", "小区书记") for c in compounds]
    while len(people) < rows:
        person("grid_worker", rng.choice(communities)[2], "网格员")
    put("person", people)
    put("person_role", roles)
    put("school", schools)
    teachers = []
    for t in range(1, rows + 1):
        name = n.person_name(rng)
        subject_taught = rng.choice(n.SUBJECTS)
        teachers.append(
            {
                "id": t,
                "name": name,
                "id_number": _id_number(t),
                "school_id": rng.randrange(1, school_count + 1),
                "subject": subject_taught,
                "phone": f"137{t:08d}",
                "moonlighting": rng.random() < 0.005,
                "pledge_signed": rng.random() < 0.92,
                "search_key": teacher_search_text(name, subject_taught),
                "sort_name": sort_key(name, person=True),
                "created_at": created,
                "updated_at": created,
            }
        )
    put("teacher", teachers)
    del teachers

    # assignments: most covered institutions get staff and an inspector; the rest are the gaps ---------------------
    assignments = []

    def assign(kind: str, person_id: int, **target: int) -> None:
        row = {"institution_id": None, "school_id": None, "community_id": None, "compound_id": None, **target}
        signed = None if rng.random() < 0.1 else "2022-03-01"
        assignments.append(
            {
                "id": len(assignments) + 1,
                "kind": kind,
                "person_id": person_id,
                **row,
                "starts_on": "2022-01-01",
                "ends_on": None if rng.random() < 0.95 else "2023-12-31",
                "letter_signed_on": signed,
                "created_at": created,
                "updated_at": created,
            }
        )

    for k, inst_id in enumerate(covered_ids):
        if rng.random() < covered:
            assign("staff_institution", staff[k // 2 % len(staff)], institution_id=inst_id)
        if rng.random() < covered:
            assign("inspector_institution", inspectors[k // 8 % len(inspectors)], institution_id=inst_id)
    for s, principal in zip(schools, principals, strict=True):
        if rng.random() < 0.95:
            assign("principal_teachers", principal, school_id=s["id"])
    for (c_id, _t, _name), secretary in zip(communities, secretaries, strict=True):
        assign("community_patrol", secretary, community_id=c_id)
    for c, patroller in zip(compounds, patrollers, strict=True):
        assign("compound_patrol", patroller, compound_id=c["id"])
    put("assignment", assignments)
    assignments.clear()

    # status changes -----------------------------------------------------------------------------------------------
    changes = []
    for k in range(max(10, rows // 20)):
        day = dt.date(2021, 8, 1) + dt.timedelta(days=rng.randrange((today - dt.date(2021, 8, 1)).days))
        changes.append(
            {
                "id": k + 1,
                "institution_id": rng.randrange(1, rows + 1),
                "kind": rng.choice(("to_non_subject", "deregistered", "to_non_profit", "suspended", "resumed")),
                "effective_on": day.isoformat(),
                "approved_on": day.isoformat(),
                "doc_number": f"示教体审〔{day.year}〕{k + 1}号",
                "doc_sort": natural_key(f"示教体审〔{day.year}〕{k + 1}号"),
                "created_at": created,
                "updated_at": created,
            }
        )
    put("status_change", changes)

    # tickets: three years of them, 3% still open (received in the last month, so some are overdue) -------------------
    categories = [c.code for c in complaint_categories()]
    subjects = ("反映机构拒不退还预收费", "反映周末组织学科类培训", "反映晚上九点后仍在培训", "咨询机构办学资质",
                "反映在职教师有偿补课", "反映培训场所消防隐患", "反映机构虚假宣传")  # fmt: skip
    tickets, events = [], []
    span = 3 * 365
    for t in range(1, rows + 1):
        is_open = rng.random() < 0.03
        received = today - dt.timedelta(days=rng.randrange(30) if is_open else rng.randrange(30, span))
        number = f"RX-{received:%Y%m%d}-{t:07d}"
        inst_id = rng.randrange(1, rows + 1) if rng.random() < 0.7 else None
        subject = rng.choice(subjects)
        address = None if inst_id else f"{rng.choice(n.STREETS)}{rng.randrange(1, 300)}号"
        status = rng.choice(OPEN_TICKETS) if is_open else "closed"
        stamp = _stamp(received, rng)
        tickets.append(
            {
                "id": t,
                "number": number,
                "source": rng.choice(("hotline_12345", "hotline_12345", "phone", "letter", "online")),
                "received_at": stamp,
                "caller_name": n.person_name(rng),
                "caller_phone": f"150{t:08d}",
                "confidential": rng.random() < 0.1,
                "request_kind": rng.choice(("consultation", "help", "complaint", "complaint")),
                "category": rng.choice(categories),
                "subject": subject,
                "content": "",
                "institution_id": inst_id,
                "address": address,
                "handler_id": None if status == "accepted" else staff[t % len(staff)],
                "time_limit_days": 15,
                "deadline": (received + dt.timedelta(days=21)).isoformat(),
                "deadline_provisional": False,
                "status": status,
                "closed_at": None if is_open else _stamp(received + dt.timedelta(days=rng.randrange(1, 25)), rng),
                "replied_at": None if is_open else _stamp(received + dt.timedelta(days=rng.randrange(1, 20)), rng),
                "search_key": ticket_search_text(number, subject, address, names.get(inst_id) if inst_id else None),
                "created_at": stamp,
                "updated_at": stamp,
            }
        )
        if status == "dispatched":
            events.append(
                {
                    "id": len(events) + 1,
                    "ticket_id": t,
                    "kind": "dispatched",
                    "at": _stamp(received, rng),
                    "username": "李晓燕",
                    "person_id": staff[t % len(staff)],
                }
            )
    put("ticket", tickets)
    put("ticket_event", events)
    del tickets

    # inspections and notices ----------------------------------------------------------------------------------------
    inspections = []
    for k in range(1, rows + 1):
        day = today - dt.timedelta(days=rng.randrange(span))
        result = _weighted(rng, (("passed", 72), ("fixed_on_site", 15), ("rectify", 11), ("suspend", 2)))
        inspections.append(
            {
                "id": k,
                "institution_id": rng.randrange(1, rows + 1),
                "started_at": _stamp(day, rng),
                "method": rng.choice(("routine", "unannounced", "joint", "random", "follow_up")),
                "key_hours": rng.random() < 0.3,
                "findings": "" if result == "passed" else "未公示收费标准",
                "result": result,
                "holiday_training_found": False,
                "created_at": created,
                "updated_at": created,
            }
        )
    put("inspection", inspections)
    del inspections
    notices = []
    for k in range(1, rows + 1):
        issued = today - dt.timedelta(days=rng.randrange(span))
        deadline = issued + dt.timedelta(days=15)
        status = "passed" if deadline < today - dt.timedelta(days=40) and rng.random() < 0.97 else "rectifying"
        notices.append(
            {
                "id": k,
                "doc_number": f"示教体整改〔{issued.year}〕{k}号",
                "doc_sort": natural_key(f"示教体整改〔{issued.year}〕{k}号"),
                "kind": "rectification" if rng.random() < 0.95 else "stop_operation",
                "institution_id": rng.randrange(1, rows + 1),
                "inspection_id": rng.randrange(1, rows + 1),
                "issued_on": issued.isoformat(),
                "deadline_days": 15,
                "deadline": deadline.isoformat(),
                "served_on": issued.isoformat(),
                "items": "未公示收费标准",
                "status": status,
                "created_at": created,
                "updated_at": created,
            }
        )
    put("notice", notices)
    del notices

    # the audit trail --------------------------------------------------------------------------------------------------
    audit = []
    first_id = conn.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0] + 1
    start = dt.datetime.combine(today - dt.timedelta(days=span), dt.time(9))
    for k in range(1, rows + 1):
        entity = rng.choice(ENTITIES)
        entity_id = rng.randrange(1, rows + 1)
        summary = names[entity_id] if entity == "institution" else f"{entity}-{entity_id}"
        audit.append(
            {
                "id": first_id + k,
                "at": (start + dt.timedelta(seconds=k * span * 86400 // rows)).isoformat(sep=" ") + ".000000",
                "username": rng.choice(USERS),
                "action": rng.choice(("insert", "update", "update", "delete")),
                "entity": entity,
                "entity_id": entity_id,
                "summary": summary,
                "changes": json.dumps({"status": ["operating", "suspended"]}),
            }
        )
    put("audit_log", audit)
    del audit
    loaded = time.perf_counter()
    derived.install(raw)  # the triggers again, and one refill of every sort key and text index
    derived.set_keys_version(raw)  # the keys were made by this program's rules
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    if not quiet:
        print(
            f"{rows} rows: loaded in {loaded - started:.0f} s, indexed in {time.perf_counter() - loaded:.0f} s; "
            + ", ".join(f"{k} {v}" for k, v in counts.items())
        )
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description="Make a county database of any size for the benchmarks.")
    parser.add_argument("rows", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--covered", type=float, default=0.9, help="share of institutions with staff and inspector")
    args = parser.parse_args()
    if args.out.exists():
        sys.exit(f"{args.out} exists")
    make_county(args.out, args.rows, covered=args.covered)


if __name__ == "__main__":
    main()
