"""One writer at a time: an exclusive operating-system lock on a file beside the database, held while the program
has the database open for writing. The lock file says who holds it (user, PC, since when). The OS drops the lock
when its process ends, so a lock left by a crashed program is simply taken over."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO

if sys.platform == "win32":
    import msvcrt
else:
    import fcntl


@dataclass(frozen=True)
class Holder:
    user: str
    host: str
    since: str

    def describe(self) -> str:
        return f"{self.user}（电脑：{self.host}，自 {self.since} 起）"


def _try_lock(handle: IO[bytes]) -> bool:
    try:
        if sys.platform == "win32":
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


class WriterLock:
    def __init__(self, db_path: Path) -> None:
        self.path = Path(f"{Path(db_path)}.lock")
        self._handle: IO[bytes] | None = None
        self._since = ""

    def acquire(self, user: str) -> Holder | None:
        """Take the lock; None when taken, else who holds it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+b")
        if not _try_lock(handle):
            handle.close()
            return self.holder() or Holder("另一个程序窗口", "未知", "未知")
        self._handle = handle
        self._since = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
        self.name_holder(user)
        return None

    def name_holder(self, user: str) -> None:
        """Write who holds the lock (after sign-in: the account rather than the PC's login)."""
        handle = self._handle
        if handle is None:
            return
        note = json.dumps({"user": user, "host": socket.gethostname(), "since": self._since}, ensure_ascii=False)
        # byte 0 carries the lock on Windows; the note about the holder starts after it
        handle.seek(1)
        handle.truncate()
        handle.write(note.encode("utf-8"))
        handle.flush()
        os.fsync(handle.fileno())

    def holder(self) -> Holder | None:
        try:
            with self.path.open("rb") as handle:
                handle.seek(1)  # never read byte 0: on Windows the holder's lock makes it unreadable
                data = json.loads(handle.read().decode("utf-8"))
            return Holder(str(data["user"]), str(data["host"]), str(data["since"]))
        except (OSError, ValueError, KeyError):
            return None

    @property
    def held(self) -> bool:
        return self._handle is not None

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()  # closing drops the OS lock
            self._handle = None
