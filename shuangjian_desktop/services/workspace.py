"""One open database and the use cases over it: what the window and the command line hold.

Opening a database makes it (by the migrations) when it is new, or upgrades it after a verified backup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select

from shuangjian_desktop import paths
from shuangjian_desktop.services.importing import ImportService
from shuangjian_desktop.services.institutions import InstitutionService
from shuangjian_desktop.settings import Settings
from shuangjian_desktop.store.engine import make_engine
from shuangjian_desktop.store.migrate import MigrationOutcome, upgrade
from shuangjian_desktop.store.models import BureauProfile, Institution
from shuangjian_desktop.store.uow import Store


@dataclass
class Workspace:
    db_path: Path
    store: Store
    settings: Settings
    migration: MigrationOutcome
    imports: ImportService = field(init=False)
    institutions: InstitutionService = field(init=False)

    def __post_init__(self) -> None:
        self.imports = ImportService(self.store, self.settings)
        self.institutions = InstitutionService(self.store)

    @classmethod
    def open(cls, db_path: Path, settings: Settings | None = None) -> Workspace:
        db_path = Path(db_path)
        engine = make_engine(db_path)
        try:
            outcome = upgrade(engine, paths.backups_dir(db_path))
        except Exception:
            engine.dispose()
            raise
        return cls(db_path, Store(engine), settings or Settings(), outcome)

    def is_empty(self) -> bool:
        with self.store.read() as uow:
            return not uow.session.scalar(select(func.count()).select_from(Institution))

    def county_name(self) -> str:
        with self.store.read() as uow:
            profile = uow.session.scalar(select(BureauProfile))
            return profile.county if profile else ""

    def close(self) -> None:
        self.store.dispose()
