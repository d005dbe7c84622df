"""Alembic migrations under db/: make a new database, or upgrade an older one after a verified backup."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from shuangjian_desktop import paths
from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.store import derived
from shuangjian_desktop.store.backup import backup_database, timestamped_name
from shuangjian_desktop.store.engine import database_path


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
    config = Config()
    config.set_main_option("script_location", str(paths.migrations_dir()))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise MigrationError("程序缺少数据库迁移脚本")
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, backup_dir: Path | None = None, target: str = "head") -> MigrationOutcome:
    """Bring the database to ``target``; an existing database with data is backed up (and verified) first."""
    config = alembic_config()
    script = ScriptDirectory.from_config(config)
    before = current_revision(engine)
    wanted = head_revision() if target == "head" else target
    if before is not None and before not in {rev.revision for rev in script.walk_revisions()}:
        raise MigrationError(f"数据库版本（{before}）比本程序新，请升级程序后再打开。")
    if before is None:
        tables = set(inspect(engine).get_table_names())
        if tables - {"alembic_version"}:
            raise MigrationError("该文件不是本程序的数据库（没有版本记录），为保护数据未做任何改动。")
    if before == wanted:
        if wanted == head_revision():
            repair_derived(engine)
        return MigrationOutcome(before, wanted, None)
    backup = None
    if before is not None:
        db_path = database_path(engine)
        folder = backup_dir or paths.backups_dir(db_path)
        backup = backup_database(db_path, folder / timestamped_name(db_path, f"before-upgrade-{before}"))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, wanted)
    if wanted == head_revision():
        repair_derived(engine)
    return MigrationOutcome(before, wanted, backup)


def repair_derived(engine: Engine) -> list[str]:
    """Re-make the text indexes and triggers a later table rebuild dropped (store/derived.py) and refill what they
    feed; reading sqlite_master is all it costs when nothing is missing."""
    if engine.dialect.name != "sqlite" or current_revision(engine) is None:
        return []
    with engine.connect() as conn:
        if not derived.missing(conn):
            return []
    with engine.begin() as conn:
        return derived.install(conn)
