"""One open database and the use cases over it: what the window and the command line hold.

Opening a database file makes it (by the migrations) when it is new, or upgrades it after a verified backup. A
county on a server (store/location.py) is opened as it is: the server's administrator makes and upgrades it.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

from shuangjian_desktop import paths
from shuangjian_desktop.domain.access import Actor
from shuangjian_desktop.domain.errors import DatabaseDamaged, DomainError
from shuangjian_desktop.domain.reduction import ReductionFigures
from shuangjian_desktop.services.accounts import AccountService
from shuangjian_desktop.services.assignments.coverage import CoverageGaps
from shuangjian_desktop.services.backups import BackupService
from shuangjian_desktop.services.calendar import CoveredYear, covered_years, enter_schedule
from shuangjian_desktop.services.campaigns.service import CampaignService
from shuangjian_desktop.services.dashboard import AttentionList, Dashboard, Tile, dashboard, tiles
from shuangjian_desktop.services.health import CheckItem, audit_trail_item, check_database, newest_backup
from shuangjian_desktop.services.inspections.service import InspectionService
from shuangjian_desktop.services.privacy import recorded_export
from shuangjian_desktop.services.profile import ProfileService
from shuangjian_desktop.services.registers import Registers
from shuangjian_desktop.services.session_journal import Interrupted, SessionJournal, what_happened
from shuangjian_desktop.services.settings_service import SettingsService
from shuangjian_desktop.services.status_changes.reduction import reduction_figures
from shuangjian_desktop.services.supervision import Supervision
from shuangjian_desktop.services.tickets.service import TicketService
from shuangjian_desktop.settings import Settings
from shuangjian_desktop.store.database_file import DAMAGED, DatabaseFile, DatabaseUnusable, inspect_database
from shuangjian_desktop.store.engine import make_engine
from shuangjian_desktop.store.location import Location, ServerLocation, location_text, parse_location
from shuangjian_desktop.store.migrate import MigrationOutcome, current_revision, head_revision, upgrade
from shuangjian_desktop.store.models import BureauProfile, Institution
from shuangjian_desktop.store.text_limits import set_labeller
from shuangjian_desktop.store.uow import Store
from shuangjian_desktop.store.writer_lock import WriterLock

if TYPE_CHECKING:
    from shuangjian_desktop.services.importing import ImportService
    from shuangjian_desktop.services.return_merging import MergeResult

log = logging.getLogger(__name__)


@cache
def _field_labels() -> dict[str, str]:
    from shuangjian_desktop.services.audit.register import field_labels  # every ledger's sheet: when first needed

    return field_labels()


set_labeller(lambda _table, column: _field_labels().get(column, column))


def _damage(error: BaseException) -> str:
    """What SQLite said about a damaged file, or "" for any other error."""
    text = str(getattr(error, "orig", error))
    if isinstance(error, DBAPIError) and ("malformed" in text or "not a database" in text):
        return f"读取时发现数据页损坏（{text}）"
    return ""


def keep_private(db_path: Path) -> None:
    """A database an earlier version left readable by every local user is made readable by its owner only (POSIX;
    on Windows the per-user folder's permissions do this)."""
    if os.name != "posix":
        return
    for path in (db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
        with suppress(OSError):
            if path.exists() and path.stat().st_mode & 0o077 and path.stat().st_uid == os.getuid():
                path.chmod(0o600)


class OnServer(DomainError):
    """Something only a database file has (its folder, its backups) was asked of a county on a server."""


SERVER_BACKUPS = (
    "数据库在服务器上：备份由服务器管理员在服务器上用 pg_dump 定期完成（每天至少一次，另存到其他磁盘），"
    "恢复也在服务器上进行（pg_restore）。本程序在服务器上不做备份和恢复；如需一份本县数据的表格，请用各台账的“导出”。"
)


@dataclass
class Workspace:
    location: Location
    """The database file, or the county on a server."""
    store: Store
    settings: Settings
    migration: MigrationOutcome
    journal: SessionJournal | None = None
    """Notes what this (writing) copy is doing, for the next start after a crash; None when read-only."""
    interrupted: Interrupted | None = None
    """The last session on this database that did not close cleanly, found when opening it."""
    accounts: AccountService = field(init=False)
    registers: Registers = field(init=False)
    tickets: TicketService = field(init=False)
    profile: ProfileService = field(init=False)
    inspections: InspectionService = field(init=False)
    campaigns: CampaignService = field(init=False)
    setting_options: SettingsService = field(init=False)
    supervision: Supervision = field(init=False)
    """Patrol plans, risk grading, fund supervision and public lists (issue 16)."""

    def __post_init__(self) -> None:
        self.accounts = AccountService(self.store)
        self.supervision = Supervision(self.store, self.settings)
        self.registers = Registers(self.store, self.settings, self.supervision.registers())
        self.tickets = TicketService(self.store, self.settings)
        self.profile = ProfileService(self.store)
        if isinstance(self.location, ServerLocation):  # attachments live in the server's database
            copies = paths.server_files_dir(location_text(self.location)) / "attachments"
            self.inspections = InspectionService(self.store, copies, in_database=True)
        else:
            self.inspections = InspectionService(self.store, paths.attachments_dir(self.db_path))
        self.registers.inspections.service = self.inspections
        self.campaigns = CampaignService(self.store, self.settings)
        self.setting_options = SettingsService(self.store, self.settings)

    @property
    def on_server(self) -> bool:
        return isinstance(self.location, ServerLocation)

    @property
    def db_path(self) -> Path:
        """The database file (OnServer for a county on a server: it has none)."""
        if isinstance(self.location, ServerLocation):
            raise OnServer(SERVER_BACKUPS)
        return Path(self.location)

    def where(self) -> str:
        """Where the data is, as the window's title bar and messages say it."""
        if isinstance(self.location, ServerLocation):
            return self.location.describe()
        return str(self.location)

    def check(self, progress: Callable[[str], None] | None = None) -> list[CheckItem]:
        """Every check of the database (工具 > 检查数据库完整性), without changing it."""
        if self.on_server:
            from shuangjian_desktop.services.server_health import check_server

            return check_server(self.store, progress)
        return check_database(self.db_path, progress)

    def short_name(self) -> str:
        """The database's name when the county has none yet: the file's stem, or the county's code."""
        if isinstance(self.location, ServerLocation):
            return self.location.county or "市局"
        return Path(self.location).stem

    def backups(self) -> BackupService:
        """The database file's backups; on a server OnServer explains who backs it up and how."""
        return BackupService(self.db_path, self.settings)

    def _backup_after_import(self) -> None:
        """A verified backup after every import: an import changes many rows at once."""
        if self.on_server:
            return  # the server's administrator backs the server up
        try:
            BackupService(self.db_path, self.settings).after("after-import")
        except DomainError:
            log.exception("backup after an import failed")  # the import stands; the next backup will catch up

    @cached_property
    def imports(self) -> ImportService:
        """Imports as this workspace runs them: noted in the session journal while they write, followed by a
        backup (the importer loads its readers when first needed)."""
        from shuangjian_desktop.services.journaled_imports import JournaledImports

        return JournaledImports(self.store, self.settings, self.journal, self._backup_after_import)

    # what the window and the command line ask of the open database -------------------------------------------------
    # (the writers of PDFs and workbooks are imported when first used: the first screen needs none of them)
    def dashboard(self) -> Dashboard:
        return dashboard(self.store, self.settings)

    def tiles(self) -> list[Tile]:
        return tiles(self.store, settings=self.settings)

    def attention(self) -> AttentionList:
        """What needs attention today, paged out of SQL (the home page's list)."""
        return AttentionList(self.store, self.settings)

    def enter_schedule(self, year: int, text: str, user: str) -> tuple[int, int]:
        """Enter a year's holiday schedule; returns (days entered, open tickets whose deadline moved)."""
        days = enter_schedule(self.store, year, text, user)
        return days, self.tickets.recompute_deadlines(user)

    def covered_years(self) -> list[CoveredYear]:
        with self.store.read() as uow:
            return covered_years(uow.session)

    def reduction(self, until: dt.date | None = None) -> tuple[dt.date, ReductionFigures]:
        return reduction_figures(self.store, until or dt.date.today(), self.settings.baseline_date())

    def export_monthly_return(self, month: str, path: Path, user: str) -> object:
        from shuangjian_desktop.services.monthly_return import export_monthly_return  # openpyxl

        with recorded_export(self.store, user, f"{month}月报", path) as exported:
            result = export_monthly_return(self.store, month, path, self.settings.baseline_date())
            exported.rows = len(getattr(result, "details", []))
        return result

    def monthly_figures(self, month: str) -> list[tuple[str, str, str]]:
        """(sheet, figure, value as printed) for every row of the return's layout."""
        from shuangjian_desktop.documents.monthly_return_xlsx import layout as return_layout
        from shuangjian_desktop.services.monthly_return import build_return

        result = build_return(self.store, month, self.settings.baseline_date())
        rows = []
        for sheet in return_layout()["sheets"]:
            for row in sheet["rows"]:
                value = result.values.get(row[1])
                shown = "—" if value is None else (f"{value * 100:.2f}%" if row[2] == "%" else f"{value} {row[2]}")
                rows.append((sheet["name"], row[0], shown))
        return rows

    def supervision_report(self, first: dt.date, last: dt.date, path: Path) -> object:
        from shuangjian_desktop.services.supervision_report import make_report  # reportlab

        return make_report(self.store, self.settings, first, last, path)

    @staticmethod
    def merge_returns(files: list[Path], out: Path) -> MergeResult:
        from shuangjian_desktop.services.return_merging import merge_returns  # openpyxl

        return merge_returns(files, out)

    def audit_status(self) -> tuple[bool, str]:
        """Whether the audit trail is as the program wrote it (hash chain, anchored to the newest backup)."""
        item = audit_trail_item(self.store.engine, None if self.on_server else newest_backup(self.db_path))
        return item.ok, item.detail

    def coverage_gaps(self) -> CoverageGaps:
        """Every gap in the 四包 coverage, paged out of SQL."""
        return CoverageGaps(self.store, self.settings)

    def print_letters(self, person_ids: list[int], path: Path) -> int:
        from shuangjian_desktop.services.assignments.letters import print_letters  # reportlab

        return print_letters(self.store, person_ids, path)

    def export_ledger(self, ledger: str, path: Path, user: str, *, reveal_personal: bool = False) -> int:
        from shuangjian_desktop.services.exporting import export_ledger  # openpyxl

        return export_ledger(self.store, ledger, path, user=user, reveal_personal=reveal_personal).rows

    @staticmethod
    def write_import_template(ledger: str, path: Path) -> Path:
        from shuangjian_desktop.services.exporting import write_import_template

        return write_import_template(ledger, path)

    @classmethod
    def open(cls, db_path: Location | str, settings: Settings | None = None, user: str = "本机用户") -> Workspace:
        """Open for writing when no other copy of the program holds the database, else read-only. A file that is not
        surely ours (damaged, another program's, a newer version's) is refused before anything touches it
        (DatabaseUnusable); a read-only file opens read-only. A county on a server opens for writing (several
        clerks write at once there); the city's accounts read the counties (services/city.py)."""
        location = parse_location(db_path)
        if isinstance(location, ServerLocation):
            from shuangjian_desktop.store.server_store import open_server_store

            store, outcome = open_server_store(location)
            return cls(location, store, settings or Settings(), outcome)
        db_path = location
        # After a session that did not close cleanly (a crash, a power cut) the whole file is checked first; otherwise
        # opening reads nothing proportional to the data (the window runs the quick check in the background).
        unclean = SessionJournal(db_path).left_over() is not None
        state = inspect_database(db_path, full=unclean)
        if not state.usable:
            raise DatabaseUnusable(state)
        if state.read_only:
            return cls._open_read_only(db_path, settings, state)
        keep_private(db_path)
        lock = WriterLock(db_path)
        holder = lock.acquire(user)
        engine = make_engine(db_path)
        try:
            if holder is None:
                try:
                    outcome = upgrade(engine, paths.backups_dir(db_path))
                except DatabaseDamaged as damaged:  # found while reading the schema or refreshing statistics
                    raise DatabaseUnusable(DatabaseFile(db_path, DAMAGED, problems=[str(damaged)])) from damaged
            else:
                current = current_revision(engine) if db_path.exists() else None
                if current != head_revision():
                    raise DomainError(f"数据库正由{holder.describe()}使用，且需要升级；请在该电脑上关闭程序后再打开。")
                outcome = MigrationOutcome(current, current, None)
        except Exception as error:
            engine.dispose()
            lock.release()
            damage = _damage(error)
            if damage:  # a damaged page first touched while opening (the cheap checks read no page of the data)
                raise DatabaseUnusable(DatabaseFile(db_path, DAMAGED, problems=[damage])) from error
            raise
        because = None if holder is None else f"数据库正由{holder.describe()}使用"
        store = Store(engine, because)
        journal, interrupted = None, None
        if holder is None:
            journal = SessionJournal(db_path)
            left = journal.left_over()
            if left:
                interrupted = what_happened(left, store)
                log.warning("the last session on %s did not close cleanly: %s", db_path, left)
            journal.start(user)
        workspace = cls(db_path, store, settings or Settings(), outcome, journal, interrupted)
        workspace.lock = lock
        return workspace

    @classmethod
    def _open_read_only(cls, db_path: Path, settings: Settings | None, state: DatabaseFile) -> Workspace:
        if state.revision != head_revision():
            raise DomainError(f"数据库“{db_path}”需要升级，但{state.read_only}；请复制到可写的文件夹后再打开。")
        engine = make_engine(db_path, read_only=True)
        outcome = MigrationOutcome(state.revision, state.revision or "", None)
        return cls(db_path, Store(engine, state.read_only), settings or Settings(), outcome)

    def signed_in(self, actor: Actor) -> None:
        """Name the signed-in account as the holder another copy of the program reports."""
        lock = getattr(self, "lock", None)
        if lock is not None:
            lock.name_holder(actor.describe())
        if self.journal is not None:
            self.journal.signed_in(actor.describe())

    @property
    def read_only(self) -> str | None:
        """Why this window may not write (None when it may)."""
        return self.store.read_only_because

    def is_empty(self) -> bool:
        with self.store.read() as uow:
            return not uow.session.scalar(select(func.count()).select_from(Institution))

    def county_name(self) -> str:
        with self.store.read() as uow:
            profile = uow.session.scalar(select(BureauProfile))
            return profile.county if profile else ""

    def close(self) -> None:
        if self.journal is not None:
            self.journal.close()
            self.journal = None
        self.store.dispose()
        lock = getattr(self, "lock", None)
        if lock is not None:
            lock.release()
