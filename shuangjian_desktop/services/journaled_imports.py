"""Imports as the workspace runs them: noted in the session journal while they write (so the next start after a
crash can say what was interrupted), followed by a verified backup when they committed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from shuangjian_desktop.services.base.sheet import LedgerSpec
from shuangjian_desktop.services.importing import ImportReport, ImportService
from shuangjian_desktop.services.session_journal import SessionJournal, audit_top
from shuangjian_desktop.settings import Settings
from shuangjian_desktop.store.uow import Store


class JournaledImports(ImportService):
    """Imports as the workspace runs them: noted in the session journal while they write, followed by a backup."""

    def __init__(
        self, store: Store, settings: Settings, journal: SessionJournal | None, backup: Callable[[], None]
    ) -> None:
        super().__init__(store, settings)
        self.journal = journal
        self.backup = backup

    def process(self, spec: LedgerSpec, table: Any, *args: Any, **options: Any) -> ImportReport:
        user = str(options.get("user", ""))
        if options.get("dry_run") or self.journal is None:
            return super().process(spec, table, *args, **options)
        with self.journal.doing(f"导入{spec.title}", user, audit_top(self.store)):
            report = super().process(spec, table, *args, **options)
        if report.committed:
            self.backup()
        return report
