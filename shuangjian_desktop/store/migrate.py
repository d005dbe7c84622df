"""Alembic migrations under db/: make a new database, or upgrade an older one after a verified backup.

Opening a database that is already at this program's head (every start but the first after an upgrade) imports no
Alembic: the head is read from the version files' ``revision``/``down_revision`` lines and the database's revision
from its alembic_version table; anything unusual (a merge of branches) goes through Alembic itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from shuangjian_desktop import paths
from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.store import derived, stats
from shuangjian_desktop.store.backup import backup_database, timestamped_name
from shuangjian_desktop.store.engine import database_path, is_server

if TYPE_CHECKING:
    from alembic.config import Config

_REVISION = re.compile(r"""^revision(?:: [^=\n]+)? = ["']([^"'\n]+)["']""", re.MULTILINE)
_DOWN = re.compile(r"""^down_revision(?:: [^=\n]+)? = (?:None|["']([^"'\n]+)["'])\s*$""", re.MULTILINE)


class MigrationError(DomainError):
    """The database cannot be brought to this program's schema."""


@dataclass(frozen=True)
class MigrationOutcome:
    before: str | None
    after: str
    backup: Path | None

    @property
    def changed(self) -> bool:
        return self.before != self.after


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(paths.migrations_dir()))
    return config


def _head_from_files() -> str | None:
    """The single head of a straight chain of version files, read without Alembic (None: ask Alembic)."""
    revisions, downs = set(), set()
    for path in (paths.migrations_dir() / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(source), _DOWN.search(source)
        if revision is None or down is None:
            return None
        revisions.add(revision.group(1))
        if down.group(1):
            downs.add(down.group(1))
    heads = revisions - downs
    return next(iter(heads)) if len(heads) == 1 and downs <= revisions else None


def head_revision() -> str:
    head = _head_from_files()
    if head is not None:
        return head
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise MigrationError("程序缺少数据库迁移脚本")
    return head


def known_revisions() -> set[str]:
    """Every schema version this program can open (and upgrade from), read from the version files without Alembic
    (Alembic itself when a file does not read as expected)."""
    revisions = set()
    for path in (paths.migrations_dir() / "versions").glob("*.py"):
        found = _REVISION.search(path.read_text(encoding="utf-8"))
        if found is None:
            from alembic.script import ScriptDirectory

            return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
        revisions.add(found.group(1))
    return revisions


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if is_server(engine):  # the county's schema is first on the search path
            found = conn.exec_driver_sql("SELECT to_regclass('alembic_version')").scalar() is not None
        else:
            found = conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'alembic_version'").first()
        if not found:
            return None
        rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
        if len(rows) <= 1:
            return rows[0] if rows else None
        from alembic.runtime.migration import MigrationContext

        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, backup_dir: Path | None = None, target: str = "head") -> MigrationOutcome:
    """Bring the database to ``target``; an existing database with data is backed up (and verified) first. A county
    on a server is backed up by the server's administrator (pg_dump) before running the upgrade (``city upgrade``)."""
    before = current_revision(engine)
    wanted = head_revision() if target == "head" else target
    if before == wanted:
        if wanted == head_revision():
            repair_derived(engine)
            stats.refresh(engine)
        return MigrationOutcome(before, wanted, None)
    from alembic import command

    config = alembic_config()
    if before is not None and before not in known_revisions():
        raise MigrationError(f"数据库版本（{before}）比本程序新，请升级程序后再打开。")
    if before is None:
        tables = set(inspect(engine).get_table_names())
        if tables - {"alembic_version"}:
            raise MigrationError("该文件不是本程序的数据库（没有版本记录），为保护数据未做任何改动。")
    backup = None
    if before is not None and not is_server(engine):
        db_path = database_path(engine)
        folder = backup_dir or paths.backups_dir(db_path)
        backup = backup_database(
            db_path, folder / timestamped_name(db_path, f"before-upgrade-{before}"), paths.attachments_dir(db_path)
        )
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, wanted)
    if wanted == head_revision():
        repair_derived(engine)
        stats.refresh(engine)
    return MigrationOutcome(before, wanted, backup)


def repair_derived(engine: Engine) -> list[str]:
    """Re-make the text indexes and triggers a later table rebuild dropped (store/derived.py) and refill what they
    feed; reading sqlite_master is all it costs when nothing is missing."""
    if current_revision(engine) is None:
        return []
    with engine.connect() as conn:
        if not derived.missing(conn):
            return []
    with engine.begin() as conn:
        return derived.install(conn)
