"""Paging by key and searching through the text indexes give exactly what plain SQL gives: every register, every
sortable column both ways, pages read forwards, backwards and by offset, common and scarce matches, the trigram
index against a scan; and what the triggers keep (text indexes, copied sort keys) follows every kind of write."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text

from shuangjian_desktop.domain.pinyin import sort_key
from shuangjian_desktop.services.base import listing, search
from shuangjian_desktop.services.registers import Query
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.store import derived
from shuangjian_desktop.store.models import Institution, Person, Ticket

REGISTERS = [
    "institutions",
    "status_changes",
    "assignments",
    "people",
    "schools",
    "teachers",
    "tickets",
    "inspections",
    "notices",
    "audit",
]
pytestmark = pytest.mark.skipif(not derived.trigram_available(), reason="this SQLite has no FTS5 trigram tokenizer")


def _reference(register, query: Query) -> list[int]:
    """The query's rows in order by plain SQL: sort value (NULLs first going up), then id."""
    sort, idc = register._sort(query), register._id()
    order = [sort.desc(), idc.desc()] if query.descending else [sort.asc(), idc.asc()]
    with register.store.read() as uow:
        clauses = register._clauses(uow.session, query, per_row=True)
        return list(uow.session.scalars(select(idc).where(*clauses).order_by(*order)))


def _walk(register, query: Query, size: int) -> tuple[list[int], list[int]]:
    """All ids read page by page forwards, and backwards from the end."""
    forwards, key = [], None
    while keys := register.page_after(query, key, size):
        forwards += [k[1] for k in keys]
        key = keys[0 - 1]
    backwards, key = [], None
    while keys := register.page_before(query, key, size):
        backwards = [k[1] for k in keys] + backwards
        key = keys[0]
    return forwards, backwards


@pytest.mark.parametrize("name", REGISTERS)
def test_every_sort_pages_alike_by_key_backwards_and_by_offset(demo_workspace: Workspace, name: str) -> None:
    register = getattr(demo_workspace.registers, name)
    rng = random.Random(name)
    for column in register.columns:
        if not register.sortable(column.key):
            continue
        for descending in (False, True):
            query = Query(sort=column.key, descending=descending)
            expected = _reference(register, query)
            forwards, backwards = _walk(register, query, 7)
            assert forwards == expected == backwards, (column.key, descending)
            total = len(expected)
            for offset in rng.sample(range(total), min(5, total)):
                keys = register.page_at(query, offset, 9, total)
                assert [k[1] for k in keys] == expected[offset : offset + 9], (column.key, offset)
            for record in rng.sample(expected, min(3, total)):
                assert register.position(query, record) == expected.index(record)


QUERIES = [
    ("institutions", Query(text="培训")),
    ("institutions", Query(text="qm")),
    ("institutions", Query(text="示范县 学校", sort="students", descending=True)),
    ("institutions", Query(filters={"status": "operating"}, sort="township")),
    ("institutions", Query(filters={"status": "operating"}, sort="name")),  # read out of (status, sort_name)
    ("tickets", Query(filters={"status": "closed"}, sort="received_at", descending=True)),
    ("teachers", Query(filters={"pledge": "0"}, sort="name")),
    ("institutions", Query(text="人民路", filters={"category": "non_subject"}, sort="phone")),
    ("tickets", Query(text="反映", sort="handler")),
    ("tickets", Query(filters={"status": "closed"}, sort="institution", descending=True)),
    ("assignments", Query(text="社区", sort="target")),
    ("assignments", Query(filters={"active": "1", "letter": "0"}, sort="person")),
    ("teachers", Query(text="数学", sort="school")),
    ("notices", Query(text="整改", sort="institution")),
    ("inspections", Query(text="sfx", filters={"result": "passed"})),
    ("people", Query(text="13", sort="unit")),
    ("people", Query(filters={"role": "staff"}, sort="phone", descending=True)),
    ("audit", Query(text="演示", filters={"action": "insert"}, sort="entity")),
]


@pytest.mark.parametrize(("name", "query"), QUERIES)
def test_common_and_scarce_matches_list_the_same_rows(
    demo_workspace: Workspace, monkeypatch: pytest.MonkeyPatch, name: str, query: Query
) -> None:
    register = getattr(demo_workspace.registers, name)
    monkeypatch.setattr(listing, "ALWAYS_COLLECT", 10**9)
    scarce = register.listing(query)
    assert scarce.ids is not None  # every match is "scarce": collected in one pass
    monkeypatch.setattr(listing, "ALWAYS_COLLECT", 0)
    monkeypatch.setattr(listing, "COMMON_SHARE", 10**9)
    common = register.listing(query)
    assert common.ids is None and common.count == scarce.count > 0  # now every match is "common": walked
    forwards, backwards = _walk(register, query, 11)
    assert forwards == scarce.ids == backwards == _reference(register, query)
    middle = scarce.count // 2
    assert [k[1] for k in register.page_at(query, middle, 5, common.count)] == scarce.ids[middle : middle + 5]


def _texts(workspace: Workspace, model, column) -> list[str]:
    with workspace.store.read() as uow:
        return list(uow.session.scalars(select(column).order_by(model.id)))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_the_text_index_finds_what_a_scan_finds(demo_workspace: Workspace, data: st.DataObject) -> None:
    name, model = data.draw(st.sampled_from([("institutions", Institution), ("tickets", Ticket), ("people", Person)]))
    register = getattr(demo_workspace.registers, name)
    keys = _texts(demo_workspace, model, model.search_key)
    key = data.draw(st.sampled_from(keys))
    start = data.draw(st.integers(0, max(0, len(key) - 1)))
    length = data.draw(st.integers(1, 6))
    term = key[start : start + length].strip() or "x"
    extra = data.draw(st.sampled_from(["", " 县", " zzz", " 1"]))
    query = Query(text=term + extra)
    indexed = register.ids(query)
    scanned = [i for i, k in zip(_ids(demo_workspace, model), keys, strict=True) if _holds(k, term + extra)]
    assert sorted(indexed) == scanned
    original = search.indexes_present
    try:
        search.indexes_present = lambda _session: frozenset()  # type: ignore[assignment]
        assert register.ids(query) == indexed
    finally:
        search.indexes_present = original


def _ids(workspace: Workspace, model) -> list[int]:
    with workspace.store.read() as uow:
        return list(uow.session.scalars(select(model.id).order_by(model.id)))


def _holds(key: str, typed: str) -> bool:
    return all(term in key for term in typed.lower().split())


def test_the_text_index_and_copied_sort_keys_follow_every_write(demo_workspace: Workspace) -> None:
    registers = demo_workspace.registers
    institutions = registers.institutions
    raw = {
        "name": "示范县龘靐测试培训学校",
        "category": "非学科类",
        "area": "科技",
        "mode": "线下",
        "profit_status": "营利性",
        "status": "无证机构",
        "township": "城关镇",
        "community": "滨江社区",
    }
    new_id = institutions.save(None, raw, "李晓燕")
    assert institutions.ids(Query(text="龘靐")) == [new_id] == institutions.ids(Query(text="龘靐测试"))
    with demo_workspace.store.read() as uow:
        place = uow.session.scalar(select(Institution.place_sort).where(Institution.id == new_id))
    assert place == f"{sort_key('城关镇')} {sort_key('滨江社区')}"  # the places' pinyin, township first
    institutions.save(new_id, {**raw, "name": "示范县鱻测试培训学校", "community": "东门社区"}, "李晓燕")
    assert institutions.ids(Query(text="龘靐")) == [] and institutions.ids(Query(text="鱻测试")) == [new_id]
    with demo_workspace.store.read() as uow:
        row = uow.session.execute(select(Institution.place_sort).where(Institution.id == new_id)).one()
    assert row.place_sort == f"{sort_key('城关镇')} {sort_key('东门社区')}"
    # a ticket about it shows (and sorts by) the institution's name, also after a rename
    ticket_id = registers.tickets.save(
        None,
        {
            "source": "12345热线",
            "received_at": "2026-11-02 09:30",
            "request_kind": "投诉举报",
            "category": "超时培训",
            "subject": "反映晚上培训",
            "institution": "示范县鱻测试培训学校",
        },
        "李晓燕",
    )
    institutions.save(new_id, {**raw, "name": "示范县安测试培训学校", "community": "东门社区"}, "李晓燕")
    with demo_workspace.store.read() as uow:
        copied = uow.session.scalar(select(Ticket.institution_sort).where(Ticket.id == ticket_id))
        expected = uow.session.scalar(select(Institution.sort_name).where(Institution.id == new_id))
    assert copied == expected and copied.startswith("shi4 fan4 xian4 an1")
    ordered = registers.tickets.ids(Query(sort="institution"))
    assert ordered.index(ticket_id) < len(ordered) // 2  # "an" sorts near the top
    registers.tickets.delete(ticket_id, "李晓燕")
    institutions.delete(new_id, "李晓燕")
    assert institutions.ids(Query(text="安测试")) == []
    if demo_workspace.on_server:  # the server keeps its index itself; this one is the one searches use
        with demo_workspace.store.engine.connect() as conn:
            conn.exec_driver_sql("SET enable_seqscan = off")
            plan = "\n".join(
                r[0]
                for r in conn.exec_driver_sql(
                    "EXPLAIN SELECT id FROM institution WHERE sj_pieces(institution.search_key) @> ARRAY['测试']"
                )
            )
        assert "ix_institution_text_pieces" in plan
    else:
        with demo_workspace.store.read() as uow:
            check = uow.session.execute(text("INSERT INTO institution_fts(institution_fts) VALUES ('integrity-check')"))
            assert check is not None


def test_start_up_remakes_what_a_table_rebuild_dropped(demo_workspace: Workspace) -> None:
    engine = demo_workspace.store.engine
    with engine.begin() as conn:
        if demo_workspace.on_server:
            conn.exec_driver_sql("DROP INDEX ix_ticket_text_pieces")
            conn.exec_driver_sql("DROP TRIGGER sj_ticket_sort ON ticket")
            expected = {"ix_ticket_text_pieces", "sj_ticket_sort"}
        else:
            conn.exec_driver_sql("DROP TRIGGER sj_ticket_fts_ai")
            conn.exec_driver_sql("DROP TRIGGER sj_ticket_sort_ai")
            expected = {"sj_ticket_fts_ai", "sj_ticket_sort_ai"}
        conn.exec_driver_sql("UPDATE ticket SET institution_sort = NULL")
        assert set(derived.missing(conn)) == expected
    demo_workspace.close()
    again = Workspace.open(demo_workspace.location)
    try:
        with again.store.engine.connect() as conn:
            assert derived.missing(conn) == []
            empty = "SELECT count(*) FROM ticket WHERE institution_id IS NOT NULL AND institution_sort IS NULL"
            assert conn.exec_driver_sql(empty).scalar() == 0
        number = _texts(again, Ticket, Ticket.number)[0]
        assert again.registers.tickets.ids(Query(text=number)) != []
    finally:
        again.close()
