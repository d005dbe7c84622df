"""What the program was doing when it last stopped, so the next start can say so.

A writing copy of the program keeps a small note beside the database (``NAME.session``): who opened it and since
when, and during a long write (an import) what it is doing and how far the audit trail reached before. A clean
close removes the note. A note found at the next start means the program was killed, crashed or lost power; the
next start then reports it, and whether the interrupted write was saved whole or not at all (a write is one
transaction: it is never half-saved).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from shuangjian_desktop.atomicfile import atomic_path
from shuangjian_desktop.store.models import AuditEntry
from shuangjian_desktop.store.uow import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Interrupted:
    """The last session that did not close cleanly."""

    user: str
    host: str
    since: str
    doing: str | None = None
    doing_since: str | None = None
    saved: bool | None = None
    """For an interrupted write: whether its transaction had been committed."""

    def message(self) -> str:
        lines = [
            f"上次使用（{self.user}，电脑 {self.host}，{self.since} 起）没有正常退出：程序被强行关闭、死机或断电。"
        ]
        if self.doing:
            if self.saved:
                lines.append(f"当时正在{self.doing}（{self.doing_since} 开始），该次操作已经完整保存。")
            else:
                lines.append(
                    f"当时正在{self.doing}（{self.doing_since} 开始），该次操作没有保存任何内容；"
                    "台账保持操作前的样子，没有保存一半的数据。需要时请重新操作。"
                )
        else:
            lines.append("所有已保存的修改都在；正在填写但没有保存的内容需要重新录入。")
        return "\n".join(lines)


class SessionJournal:
    def __init__(self, db_path: Path) -> None:
        self.path = Path(f"{Path(db_path)}.session")
        self._note: dict[str, Any] = {}

    def _write(self) -> None:
        try:
            with atomic_path(self.path) as tmp:
                tmp.write_text(json.dumps(self._note, ensure_ascii=False), encoding="utf-8")
        except OSError:
            log.exception("cannot write the session note %s", self.path)

    def left_over(self) -> dict[str, Any] | None:
        """The note of a session that did not close cleanly, if any."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def start(self, user: str) -> None:
        stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
        self._note = {"user": user, "host": socket.gethostname(), "since": stamp, "pid": os.getpid()}
        self._write()

    def signed_in(self, user: str) -> None:
        if self._note:
            self._note["user"] = user
            self._write()

    @contextlib.contextmanager
    def doing(self, what: str, user: str, audit_top: int) -> Iterator[None]:
        """Note a long write while it runs. An error is a clean failure (the transaction rolled back): the note goes
        with it; only a killed program leaves it behind."""
        self._note["doing"] = {
            "what": what,
            "user": user,
            "since": dt.datetime.now().isoformat(sep=" ", timespec="seconds"),
            "audit_top": audit_top,
        }
        self._write()
        try:
            yield
        finally:
            self._note.pop("doing", None)
            self._write()

    def close(self) -> None:
        self._note = {}
        self.path.unlink(missing_ok=True)


def audit_top(store: Store) -> int:
    with store.read() as uow:
        return uow.session.scalar(select(func.max(AuditEntry.id))) or 0


def what_happened(note: dict[str, Any], store: Store) -> Interrupted:
    """Read the left-over note against the database: was the interrupted write committed?"""
    doing = note.get("doing") if isinstance(note.get("doing"), dict) else None
    saved = None
    if doing:
        with store.read() as uow:
            saved = bool(
                uow.session.scalar(
                    select(func.count())
                    .select_from(AuditEntry)
                    .where(AuditEntry.id > int(doing.get("audit_top", 0)), AuditEntry.username == doing.get("user"))
                )
            )
    return Interrupted(
        str(note.get("user", "")),
        str(note.get("host", "")),
        str(note.get("since", "")),
        str(doing["what"]) if doing else None,
        str(doing.get("since", ""))[:16] if doing else None,
        saved,
    )
