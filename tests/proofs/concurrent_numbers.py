"""Proof: many clerks on many PCs issue notices and edit one shared record on a server at the same moment, many
times. Every run must end with document numbers unique and gap-free (a transaction that rolls back after taking a
number gives it back), the audit trail's hash chain whole, every edit either standing or refused with the Chinese
message (never silently written over), and no writer dying with a traceback.

Each writer is a process of its own (its own connections, as a PC would be). Needs a PostgreSQL server: the tests'
throwaway cluster (``bash .ci/postgres start DIR`` prints its address; set SHUANGJIAN_TEST_PG to it).

Run: SHUANGJIAN_TEST_PG=URL .venv/bin/python tests/proofs/concurrent_numbers.py [RUNS] [WRITERS] [NOTICES]
Prints runs, failures (a repeated or missing number, a broken chain, a lost edit), crashes, and the tallies.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORKER = "--worker"


@dataclass
class Tally:
    runs: int = 0
    failures: int = 0
    crashes: int = 0
    issued: int = 0
    given_back: int = 0
    saved: int = 0
    refused: int = 0
    busy: int = 0
    notes: list[str] = field(default_factory=list)


class Abandon(Exception):
    """A clerk cancels after the number was taken: the transaction rolls back."""


def worker(location: str, inspection_id: int, shared: int, notices: int, seed: int) -> None:
    """One clerk's PC: issue ``notices`` notices (some abandoned after taking a number) and edit the shared record
    between them; print what happened as JSON."""
    sys.path.insert(0, str(ROOT))
    import datetime as dt

    from shuangjian_desktop.domain.access import Action
    from shuangjian_desktop.domain.enums import NoticeKind
    from shuangjian_desktop.services.base.register import EditConflict
    from shuangjian_desktop.services.inspections.notices import NoticeRequest, issue_notice
    from shuangjian_desktop.services.workspace import Workspace
    from shuangjian_desktop.settings import Settings
    from shuangjian_desktop.store.server import ServerBusy

    rng = random.Random(seed)
    done: dict[str, list] = {"issued": [], "given_back": [], "saved": [], "refused": [], "busy": []}
    workspace = Workspace.open(location, Settings())
    register = workspace.registers.institutions
    try:
        for step in range(notices):
            if rng.random() < 0.2:
                request = NoticeRequest(
                    inspection_id, NoticeKind.RECTIFICATION, 15, dt.date.today(), "", None, None, None
                )
                try:
                    with workspace.store.write("李晓燕", Action.ISSUE_NOTICES) as uow:
                        done["given_back"].append(issue_notice(uow.session, request, "李晓燕").doc_number)
                        time.sleep(rng.uniform(0, 0.02))  # others wait on the sequence row meanwhile
                        raise Abandon
                except Abandon:
                    pass
            done["issued"].append(workspace.inspections.issue(inspection_id, NoticeKind.RECTIFICATION, 15, "李晓燕"))
            opened = register.load(shared)
            time.sleep(rng.uniform(0, 0.01))  # the clerk types
            value = seed * 1000 + step
            try:
                register.save(shared, {**opened, "students": str(value)}, "李晓燕")
                done["saved"].append(value)
            except EditConflict as refused:
                done["refused"].append(str(refused))
            except ServerBusy as busy:
                done["busy"].append(str(busy))
    finally:
        workspace.close()
    print(json.dumps(done, ensure_ascii=False))


def _seed(location: object) -> tuple[int, int]:
    from sqlalchemy import select

    from shuangjian_desktop.domain.enums import InspectionResult
    from shuangjian_desktop.services.workspace import Workspace
    from shuangjian_desktop.settings import Settings
    from shuangjian_desktop.store.models import Inspection, Institution

    workspace = Workspace.open(location, Settings())  # type: ignore[arg-type]
    try:
        with workspace.store.read() as uow:
            inspection = uow.session.scalar(
                select(Inspection.id)
                .where(Inspection.result.not_in((InspectionResult.PASSED, InspectionResult.FIXED_ON_SITE)))
                .order_by(Inspection.id)
            )
            shared = uow.session.scalar(select(Institution.id).order_by(Institution.id))
    finally:
        workspace.close()
    return int(inspection), int(shared)


def _check(
    location: object, results: list[dict], shared: int, before: dict[tuple[str, int], int], tally: Tally
) -> list[str]:
    """What is wrong after one run ([] when nothing is): the run's numbers must follow each sequence's last number
    before the run without a gap or a repeat, and the sequence must end at the last of them."""
    from collections import defaultdict

    from sqlalchemy import select

    from shuangjian_desktop.domain.doc_number import parse_doc_number
    from shuangjian_desktop.services.workspace import Workspace
    from shuangjian_desktop.settings import Settings
    from shuangjian_desktop.store.audit_chain import verify_chain
    from shuangjian_desktop.store.models import Institution, Notice

    wrong: list[str] = []
    issued = [n for r in results for n in r["issued"]]
    saved = [v for r in results for v in r["saved"]]
    refused = [m for r in results for m in r["refused"]]
    tally.issued += len(issued)
    tally.given_back += sum(len(r["given_back"]) for r in results)
    tally.saved += len(saved)
    tally.refused += len(refused)
    tally.busy += sum(len(r["busy"]) for r in results)
    workspace = Workspace.open(location, Settings())  # type: ignore[arg-type]
    try:
        with workspace.store.read() as uow:
            session = uow.session
            texts = list(session.scalars(select(Notice.doc_number).where(Notice.id.in_(issued))))
            final = session.get(Institution, shared).students
        with workspace.store.engine.connect() as conn:
            if not verify_chain(conn).intact:
                wrong.append("the audit chain is broken")
    finally:
        workspace.close()
    after = _sequences(location)
    if len(texts) != len(issued):
        wrong.append(f"{len(issued) - len(texts)} issued notices missing")
    numbers: dict[tuple[str, int], list[int]] = defaultdict(list)
    for text in texts:
        parsed = parse_doc_number(text)
        numbers[(parsed.prefix, parsed.year)].append(parsed.seq)
    for key, seqs in numbers.items():
        first = before.get(key, 0) + 1
        if sorted(seqs) != list(range(first, first + len(seqs))):
            wrong.append(f"{key}: numbers are not {first}..{first + len(seqs) - 1} without gaps or repeats")
        if after.get(key) != first + len(seqs) - 1:
            wrong.append(f"{key}: the sequence ends at {after.get(key)}, the notices at {first + len(seqs) - 1}")
    if saved and final not in saved:
        wrong.append(f"the shared record holds {final}, which no clerk saved")
    if any("重新打开" not in m for m in refused):
        wrong.append("a refused edit without the clerk's message")
    return wrong


def run(runs: int, writers: int, notices: int, server_url: str | None = None, seed: int = 1) -> Tally:
    sys.path.insert(0, str(ROOT))
    from shuangjian_desktop.services.demo import load_demo_county
    from shuangjian_desktop.services.workspace import Workspace
    from shuangjian_desktop.settings import Settings
    from shuangjian_desktop.store.counties import make_schema
    from tests.server import TestServer
    from tests.server import server_url as named

    url = server_url or named()
    if url is None:
        raise SystemExit(
            "需要 PostgreSQL 服务器：先 bash .ci/postgres start DIR，再设 SHUANGJIAN_TEST_PG 为它打印的地址"
        )
    server = TestServer(url)
    server.prefix = f"sjproof_{os.getpid()}"  # apart from the test session's own databases
    tally = Tally()
    try:
        for number in range(runs):
            name = server.create()
            location = server.location(name)
            make_schema(location)
            workspace = Workspace.open(location, Settings())
            load_demo_county(workspace.store)
            workspace.close()
            inspection, shared = _seed(location)
            before = _sequences(location)
            arguments = [sys.executable, __file__, WORKER, location.text(), str(inspection), str(shared), str(notices)]
            processes = [
                subprocess.Popen(
                    [*arguments, str(seed * 100 + number * writers + i)],
                    cwd=ROOT,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    env={**os.environ, "PYTHONPATH": str(ROOT)},
                )
                for i in range(writers)
            ]
            results: list[dict] = []
            crashed = False
            for process in processes:
                out, err = process.communicate(timeout=600)
                if process.returncode != 0 or b"Traceback" in err:
                    crashed = True
                    tally.notes.append(err.decode("utf-8", "replace")[-800:])
                    continue
                results.append(json.loads(out.decode("utf-8").strip().splitlines()[-1]))
            tally.runs += 1
            tally.crashes += int(crashed)
            wrong = _check(location, results, shared, before, tally)
            if wrong or crashed:
                tally.failures += 1
                tally.notes.extend(wrong)
            server.drop(name)
    finally:
        server.close()
    return tally


def _sequences(location: object) -> dict[tuple[str, int], int]:
    """Every document-number sequence's last value (prefix, year) -> last number given."""
    from sqlalchemy import select

    from shuangjian_desktop.services.workspace import Workspace
    from shuangjian_desktop.settings import Settings
    from shuangjian_desktop.store.models import DocSequence

    workspace = Workspace.open(location, Settings())  # type: ignore[arg-type]
    try:
        with workspace.store.read() as uow:
            rows = uow.session.execute(select(DocSequence.prefix, DocSequence.year, DocSequence.last_value))
            return {(prefix, year): last for prefix, year, last in rows}
    finally:
        workspace.close()


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == WORKER:
        location, inspection, shared, notices, seed = sys.argv[2:7]
        worker(location, int(inspection), int(shared), int(notices), int(seed))
        return
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    writers = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    notices = int(sys.argv[3]) if len(sys.argv) > 3 else 25
    started = time.perf_counter()
    tally = run(runs, writers, notices)
    print(
        f"{writers} 个文书员同时开具通知书（每人 {notices} 份，约两成开具后撤销）并修改同一条记录，共 {tally.runs} 轮："
        f"文号重复或断号 {tally.failures} 轮，崩溃 {tally.crashes} 轮；开具 {tally.issued} 份，撤销退回文号 "
        f"{tally.given_back} 个；修改保存 {tally.saved} 次，被告知冲突 {tally.refused} 次，服务器忙 {tally.busy} 次；"
        f"用时 {time.perf_counter() - started:.1f} 秒"
    )
    print(f"runs {tally.runs}, failures {tally.failures}, crashes {tally.crashes}")
    for note in tally.notes[:10]:
        print("  ", note)


if __name__ == "__main__":
    main()
