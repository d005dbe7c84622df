"""Migration 0007 (supervision): an institution blacklisted before lists were kept gets its blacklist entry, so the
flag and the list agree from the first start; the new tables' sort keys are kept by triggers."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from shuangjian_desktop.services.lists.service import inconsistent
from shuangjian_desktop.store import derived
from shuangjian_desktop.store.engine import make_engine
from shuangjian_desktop.store.migrate import upgrade

INSERT = (
    "INSERT INTO institution (id, name, category, mode, profit_status, status, students, prepaid_balance_cents,"
    " fund_supervised, blacklisted, search_key, sort_name, created_at, updated_at) VALUES"
    " (?, ?, 'non_subject', 'offline', 'for_profit', 'unlicensed', 0, 0, 0, ?, '', ?, '2024-05-06 10:00:00.000000',"
    " '2025-03-04 09:00:00.000000')"
)


def test_a_blacklisted_institution_gets_its_entry(db_path: Path) -> None:
    engine = make_engine(db_path)
    upgrade(engine, target="0006_scale")
    with engine.begin() as conn:
        conn.exec_driver_sql(INSERT, (1, "示范县暗箱培训中心", 1, "an xiang"))
        conn.exec_driver_sql(INSERT, (2, "示范县明亮培训中心", 0, "ming liang"))
    upgrade(engine)
    with engine.begin() as conn:
        rows = conn.exec_driver_sql(
            "SELECT institution_id, kind, listed_on, reason, institution_sort, removed_on FROM list_entry"
        ).all()
        assert rows == [(1, "black", "2025-03-04", rows[0][3], "an xiang", None)]
        assert "升级前" in rows[0][3]
        assert derived.missing(conn) == []
        conn.exec_driver_sql("UPDATE institution SET sort_name = 'an xiang zhong xin' WHERE id = 1")
        assert conn.exec_driver_sql("SELECT institution_sort FROM list_entry").scalar() == "an xiang zhong xin"
    with Session(engine) as session:
        assert inconsistent(session) == 0
    engine.dispose()
