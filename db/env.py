"""Alembic environment: batch mode for SQLite, run on the connection the program hands over (or sqlalchemy.url).
On PostgreSQL the connection's search path starts with the county's schema: every table, and alembic_version, is
made there, so the same migrations build each county of a city's server."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from shuangjian_desktop.store import models  # noqa: F401  (registers every table)
from shuangjian_desktop.store.base import Base
from shuangjian_desktop.store.derived import is_derived_index, is_derived_table

config = context.config
target_metadata = Base.metadata


def include_name(name: str | None, type_: str, _parents: dict[str, str | None]) -> bool:
    """Leave out the text indexes store/derived.py makes (no model describes them)."""
    if name is None:
        return True
    return not ((type_ == "table" and is_derived_table(name)) or (type_ == "index" and is_derived_index(name)))


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            include_name=include_name,
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as conn:
        context.configure(
            connection=conn, target_metadata=target_metadata, render_as_batch=True, include_name=include_name
        )
        with context.begin_transaction():
            context.run_migrations()


run()
