"""Writing straight into a workspace's tables (as a careless import or another program might), and a digest of
every row: the same calls on a database file and on a county of a server."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.store.checksums import checksums


def execute(workspace: Workspace, sql: str, **params: Any) -> None:
    """One statement with :named parameters, committed, below the program's services."""
    with workspace.store.engine.begin() as conn:
        conn.execute(text(sql), params)


def scalar(workspace: Workspace, sql: str, **params: Any) -> Any:
    with workspace.store.engine.connect() as conn:
        return conn.execute(text(sql), params).scalar()


def digest(workspace: Workspace) -> dict[str, Any]:
    """Every table's row count and checksum (store/checksums.py)."""
    with workspace.store.engine.connect() as conn:
        return checksums(conn)
