"""Personal data, and everything that leaves the program, on record.

- Teacher and staff ID numbers and confidential callers are masked on screen, in every export and print (the audit
  trail's included). Showing or exporting them in full is a permission of its own (管理员), and each time is an
  audit row saying who, when and what.
- Every export is an audit row (who, what, how many rows, where to). An export that cannot be put on record (a
  read-only database file) is refused rather than made in secret.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from shuangjian_desktop.domain.access import Action
from shuangjian_desktop.domain.enums import AuditAction
from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.domain.id_number import mask_id_number
from shuangjian_desktop.store.audit import record_event
from shuangjian_desktop.store.uow import Store

PERSONAL_FIELDS = frozenset({"id_number"})
"""Masked wherever they appear (the audit trail's changes included)."""
CALLER_FIELDS = frozenset({"caller_name", "caller_phone"})
"""Masked for a confidential ticket."""


def mask_personal(field: str, value: object) -> object:
    """The value as anyone may see it: an ID number masked, a confidential caller's name or phone withheld."""
    if value in (None, ""):
        return value
    if field in PERSONAL_FIELDS:
        return mask_id_number(str(value))
    if field in CALLER_FIELDS:
        return "（保密）"
    return value


@dataclass
class Exported:
    """What the export wrote, filled in by the caller: the number of rows."""

    rows: int = 0


def _recordable(store: Store, user: str, action: Action) -> None:
    store.require(user, action)
    why = store.cannot_record()
    if why:
        raise DomainError(f"{why}，无法把这次操作记入操作日志；为保护台账中的个人信息，暂不能导出。")


@contextlib.contextmanager
def recorded_export(store: Store, user: str, what: str, path: Path, *, personal: bool = False) -> Iterator[Exported]:
    """Around writing an export: check the permission first (the full-personal-data one when ``personal``), then
    put the export on record once the file is written. If it cannot be recorded, the file is removed again."""
    action = Action.REVEAL_PERSONAL if personal else Action.EXPORT
    _recordable(store, user, action)
    exported = Exported()
    yield exported
    details = {"文件": str(path), "条数": exported.rows, "含完整个人信息": "是" if personal else "否（已打码）"}
    try:
        with store.record(user, action) as uow:
            record_event(uow.session, user, AuditAction.EXPORT, "export", f"导出{what}", details)
            uow.commit()
    except Exception:
        Path(path).unlink(missing_ok=True)
        raise


def record_print(store: Store, user: str, what: str, pages: str = "") -> None:
    """A document printed or saved as PDF, on record."""
    with store.record(user, Action.PRINT) as uow:
        record_event(uow.session, user, AuditAction.PRINT, "print", f"打印{what}", {"内容": what, "页数": pages})
        uow.commit()


def reveal(store: Store, user: str, what: str) -> None:
    """Allow ``user`` to see personal data in full on screen (管理员 only), and put it on record first."""
    _recordable(store, user, Action.REVEAL_PERSONAL)
    with store.record(user, Action.REVEAL_PERSONAL) as uow:
        record_event(uow.session, user, AuditAction.REVEAL, "reveal", f"查看{what}", {"内容": what})
        uow.commit()
