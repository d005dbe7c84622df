"""The audit trail's hash chain names the first row changed, removed or slipped in outside the program, and the
anchor kept with a backup catches a chain rewritten from some row on, or rows cut off its end."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, select
from sqlalchemy.pool import StaticPool

from shuangjian_desktop.store.audit_chain import GENESIS, append, head, row_hash, verify_chain
from shuangjian_desktop.store.base import Base
from shuangjian_desktop.store.models import AuditEntry
from shuangjian_desktop.store.uow import Store


def _trail(count: int):
    engine = create_engine("sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False})
    Base.metadata.create_all(engine, tables=[AuditEntry.__table__])
    start = dt.datetime(2026, 1, 5, 9, 0)
    with engine.begin() as conn:
        for i in range(count):
            append(
                conn,
                [
                    {
                        "at": start + dt.timedelta(minutes=i),
                        "username": "李晓燕" if i % 2 else "admin",
                        "action": "update" if i % 3 else "insert",
                        "entity": "institution",
                        "entity_id": i % 7 or None,
                        "summary": f"机构{i}",
                        "changes": '{"name": [null, "示范"]}',
                    }
                ],
            )
    return engine


def test_the_demo_county_trail_is_intact(demo_workspace) -> None:
    with demo_workspace.store.engine.connect() as conn:
        report = verify_chain(conn)
        total = conn.execute(select(AuditEntry.id)).all()
    assert report.intact, report.reason
    assert report.rows == len(total) > 1000


def test_writes_after_opening_keep_the_chain(demo_workspace) -> None:
    values = demo_workspace.registers.schools.load(1)
    values["phone"] = "0833-5551234"
    demo_workspace.registers.schools.save(1, values, "李晓燕")
    with demo_workspace.store.engine.connect() as conn:
        last_id, last_hash = head(conn)
        row = conn.execute(select(AuditEntry.__table__).where(AuditEntry.id == last_id)).mappings().one()
        before = conn.execute(select(AuditEntry.chain).where(AuditEntry.id == last_id - 1)).scalar_one()
        assert verify_chain(conn).intact
    assert row["entity"] == "school" and row_hash(before, row) == last_hash


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=3, max_value=40), st.data())
def test_any_change_removal_or_insertion_is_named(count: int, data: st.DataObject) -> None:
    engine = _trail(count)
    victim = data.draw(st.integers(min_value=1, max_value=count - 1), label="row")
    how = data.draw(st.sampled_from(["change", "remove", "insert"]), label="tamper")
    with engine.begin() as conn:
        if how == "change":
            conn.exec_driver_sql("UPDATE audit_log SET summary = summary || '改' WHERE id = ?", (victim,))
            named = victim
        elif how == "remove":
            conn.exec_driver_sql("DELETE FROM audit_log WHERE id = ?", (victim,))
            named = victim + 1
        else:
            conn.exec_driver_sql("UPDATE audit_log SET id = id + 1000 WHERE id >= ?", (victim,))
            conn.exec_driver_sql(
                "INSERT INTO audit_log (id, at, username, action, entity, summary, changes, chain) "
                "VALUES (?, '2026-01-05 10:00:00.000000', 'x', 'delete', 'ticket', '', '{}', ?)",
                (victim, GENESIS),
            )
            named = victim
    with engine.connect() as conn:
        report = verify_chain(conn)
    assert not report.intact and report.broken_at == named, report


def _rechain(engine, start_id: int) -> None:
    """What a forger who knows the algorithm does: recompute every hash from ``start_id`` on."""
    with engine.begin() as conn:
        previous = conn.execute(select(AuditEntry.chain).where(AuditEntry.id == start_id - 1)).scalar() or GENESIS
        for row in conn.execute(
            select(AuditEntry.__table__).where(AuditEntry.id >= start_id).order_by(AuditEntry.id)
        ).mappings():
            previous = row_hash(previous, row)
            conn.exec_driver_sql("UPDATE audit_log SET chain = ? WHERE id = ?", (previous, row["id"]))


def test_the_anchor_catches_a_rewritten_chain_and_a_cut_off_end() -> None:
    engine = _trail(20)
    with engine.connect() as conn:
        anchor = head(conn)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE audit_log SET username = '别人' WHERE id = 12")
    _rechain(engine, 12)
    with engine.connect() as conn:
        assert verify_chain(conn).intact  # the chain alone is fooled ...
        caught = verify_chain(conn, anchor)
    assert not caught.intact and caught.broken_at == 20  # ... the anchor is not
    with engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM audit_log WHERE id > 15")
    with engine.connect() as conn:
        cut = verify_chain(conn, anchor)
    assert not cut.intact and "第20条" in cut.reason and "第15条" in cut.reason


def test_dropping_the_trigger_and_rewriting_a_row_is_caught_in_a_real_file(demo_file: Path, tmp_path: Path) -> None:
    path = tmp_path / "county.sqlite3"
    path.write_bytes(demo_file.read_bytes())
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("UPDATE audit_log SET changes = '{}' WHERE id = 300")
    store = Store(create_engine(f"sqlite:///{path.as_posix()}"))
    with store.engine.connect() as conn:
        report = verify_chain(conn)
    store.dispose()
    assert report.broken_at == 300 and "第300条" in report.describe()


@pytest.mark.parametrize("count", [0, 1])
def test_a_short_trail(count: int) -> None:
    engine = _trail(count)
    with engine.connect() as conn:
        report = verify_chain(conn)
    assert report.intact and report.rows == count
