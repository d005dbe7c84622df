"""Two clerks on one record: the second is told who changed it and when, and nothing of theirs is written over the
first's. On a file the edit forms carry the version they were opened with; on a server the transactions themselves
also interleave (several writers at once), and the version in the UPDATE's WHERE clause catches what they race for.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from shuangjian_desktop.domain.access import Action
from shuangjian_desktop.domain.doc_number import parse_doc_number
from shuangjian_desktop.domain.enums import InspectionResult, NoticeKind
from shuangjian_desktop.domain.errors import NotFound
from shuangjian_desktop.services.base.register import VERSION_KEY, EditConflict
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.settings import Settings
from shuangjian_desktop.store.audit_chain import verify_chain
from shuangjian_desktop.store.models import DocSequence, Inspection, Institution, Notice


def _first_institution(workspace: Workspace) -> int:
    with workspace.store.read() as uow:
        return uow.session.scalar(select(Institution.id).order_by(Institution.id))


def test_the_second_save_of_one_record_is_refused_naming_who_changed_it(demo_workspace: Workspace) -> None:
    register = demo_workspace.registers.institutions
    record = _first_institution(demo_workspace)
    mine, theirs = register.load(record), register.load(record)  # two clerks open the same form
    assert mine[VERSION_KEY] == theirs[VERSION_KEY]
    register.save(record, {**theirs, "students": "77"}, "李晓燕")
    with pytest.raises(EditConflict) as refused:
        register.save(record, {**mine, "students": "88"}, "admin")
    message = str(refused.value)
    assert "李晓燕" in message and "修改" in message and "重新打开" in message and theirs["name"] in message
    assert register.load(record)["students"] == "77"  # the first clerk's change stands
    again = register.load(record)
    register.save(record, {**again, "students": "88"}, "admin")  # reopened: the second clerk's change goes in
    assert register.load(record)["students"] == "88"


def test_a_record_deleted_meanwhile_is_said_so(demo_workspace: Workspace) -> None:
    institutions = demo_workspace.registers.institutions
    raw = {
        "name": "示范县新开培训学校",
        "category": "非学科类",
        "area": "科技",
        "mode": "线下",
        "profit_status": "营利性",
        "status": "无证机构",
    }
    made = institutions.save(None, raw, "李晓燕")
    opened = institutions.load(made)
    institutions.delete(made, "admin")
    with pytest.raises(NotFound, match="已不存在"):
        institutions.save(made, {**opened, "students": "12"}, "李晓燕")


def test_interleaved_transactions_on_a_server_never_overwrite(server_database) -> None:
    """Two clerks' transactions read the same row, one commits, the other's UPDATE matches no version: refused."""
    workspace = Workspace.open(server_database("demo"), Settings())
    other = Workspace.open(workspace.location, Settings())
    try:
        record = _first_institution(workspace)
        with pytest.raises(EditConflict, match="admin"), workspace.store.write("李晓燕", Action.EDIT_LEDGERS) as first:
            mine = first.session.get(Institution, record)
            with other.store.write("admin", Action.EDIT_LEDGERS) as second:
                second.session.get(Institution, record).students = 501
                second.commit()
            mine.students = 502
            first.commit()  # the unit of work turns the ORM's refusal into the clerk's message
        with workspace.store.read() as uow:
            assert uow.session.get(Institution, record).students == 501
        with workspace.store.engine.connect() as conn:
            assert verify_chain(conn).intact
    finally:
        other.close()
        workspace.close()


def test_many_writers_on_a_server_keep_numbers_and_the_chain(server_database) -> None:
    """Eight threads (eight clerks' PCs, each with its own connections) issue notices and edit one shared record
    at once: numbers are consecutive, the audit chain whole, and every edit either stands or was refused."""
    location = server_database("demo")
    seed = Workspace.open(location, Settings())
    with seed.store.read() as uow:
        inspection_id = uow.session.scalar(
            select(Inspection.id)
            .where(Inspection.result.not_in((InspectionResult.PASSED, InspectionResult.FIXED_ON_SITE)))
            .order_by(Inspection.id)
        )
    shared = _first_institution(seed)
    results: dict[str, list[object]] = {"notices": [], "conflicts": [], "saved": [], "errors": []}
    lock = threading.Lock()

    def clerk(index: int) -> None:
        ws = Workspace.open(location, Settings())
        try:
            register = ws.registers.institutions
            for step in range(5):
                notice = ws.inspections.issue(inspection_id, NoticeKind.RECTIFICATION, 15, "李晓燕")
                opened = register.load(shared)
                try:
                    register.save(shared, {**opened, "students": str(index * 100 + step)}, "李晓燕")
                    with lock:
                        results["saved"].append(index * 100 + step)
                except EditConflict as conflict:
                    with lock:
                        results["conflicts"].append(str(conflict))
                with lock:
                    results["notices"].append(notice)
        except Exception as error:  # reported below
            with lock:
                results["errors"].append(repr(error))
        finally:
            ws.close()

    threads = [threading.Thread(target=clerk, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    try:
        assert results["errors"] == []
        with seed.store.read() as uow:
            session = uow.session
            numbers = sorted(
                parse_doc_number(n).seq
                for n in session.scalars(select(Notice.doc_number).where(Notice.id.in_(results["notices"])))
            )
            assert len(numbers) == 40 and numbers == list(range(numbers[0], numbers[0] + 40))
            assert session.scalar(select(func.max(DocSequence.last_value))) >= numbers[-1]
            final = session.get(Institution, shared).students
        assert final in results["saved"]
        assert len(results["saved"]) + len(results["conflicts"]) == 40
        with seed.store.engine.connect() as conn:
            assert verify_chain(conn).intact
    finally:
        seed.close()
