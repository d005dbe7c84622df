"""The demo county has the 洪雅县 case's shape, passes the database check, and is the same from the same seed."""

from __future__ import annotations

import sqlite3
from collections import Counter
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import select

from shuangjian_desktop.domain.credit_code import normalize_credit_code
from shuangjian_desktop.domain.enums import AssignmentKind
from shuangjian_desktop.domain.id_number import normalize_id_number
from shuangjian_desktop.services.demo import load_demo_county
from shuangjian_desktop.services.demo.county import DatabaseNotEmpty
from shuangjian_desktop.services.health import check_database
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.settings import Settings
from shuangjian_desktop.store.models import Assignment, Institution, Teacher
from tests.conftest import DEMO_TODAY


def test_shape_of_the_four_responsibilities(demo_workspace: Workspace) -> None:
    with demo_workspace.store.read() as uow:
        assignments = list(uow.session.scalars(select(Assignment)))
        institutions = list(uow.session.scalars(select(Institution)))
        teachers = list(uow.session.scalars(select(Teacher)))
    by_kind = Counter(a.kind for a in assignments)
    assert len(institutions) == 57
    staff_loads = Counter(a.person_id for a in assignments if a.kind is AssignmentKind.STAFF_INSTITUTION)
    assert len(staff_loads) == 47 and set(staff_loads.values()) == {1, 2}
    assert by_kind[AssignmentKind.STAFF_INSTITUTION] == 57
    assert by_kind[AssignmentKind.PRINCIPAL_TEACHERS] == 32
    assert by_kind[AssignmentKind.COMMUNITY_PATROL] == 6
    assert by_kind[AssignmentKind.COMPOUND_PATROL] == 286
    inspector_loads = Counter(a.person_id for a in assignments if a.kind is AssignmentKind.INSPECTOR_INSTITUTION)
    assert len(inspector_loads) == 8 and max(inspector_loads.values()) == 9
    assert all(normalize_credit_code(i.credit_code) == i.credit_code for i in institutions if i.credit_code)
    assert all(normalize_id_number(t.id_number) == t.id_number for t in teachers)
    assert len(teachers) > 500


def test_the_demo_passes_the_check(demo_file: Path) -> None:
    items = {item.name: item for item in check_database(demo_file)}
    assert all(item.ok or item.advice for item in items.values())
    assert items["审计日志（防篡改校验）"].ok and items["附件"].ok
    assert items["最近的备份"].advice  # the demo has not been backed up yet: a reminder, not a failure


def _dump(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as conn:
        return [line for line in conn.iterdump() if "audit_log" not in line and "created_at" not in line]


def test_same_seed_same_county(tmp_path: Path) -> None:
    dumps = []
    for name in ("a", "b"):
        ws = Workspace.open(tmp_path / f"{name}.sqlite3", Settings())
        load_demo_county(ws.store, seed=7, today=DEMO_TODAY)
        ws.close()
        with closing(sqlite3.connect(tmp_path / f"{name}.sqlite3")) as conn:
            dumps.append(
                conn.execute(
                    "SELECT group_concat(name || coalesce(credit_code, ''), '|') FROM "
                    "(SELECT * FROM institution ORDER BY id)"
                ).fetchone()[0]
            )
            dumps.append(
                conn.execute(
                    "SELECT group_concat(number || deadline || status, '|') FROM (SELECT * FROM ticket ORDER BY id)"
                ).fetchone()[0]
            )
    assert dumps[0] == dumps[2] and dumps[1] == dumps[3]


def test_the_demo_only_goes_into_an_empty_database(demo_workspace: Workspace) -> None:
    with pytest.raises(DatabaseNotEmpty, match="只能载入空数据库"):
        load_demo_county(demo_workspace.store, today=DEMO_TODAY)
