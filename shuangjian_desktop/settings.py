"""Every setting declared once, with its type, default and the Chinese words the settings screen shows.

Values live in a JSON file in the data folder (written atomically); an unknown key is ignored and a value of the
wrong type falls back to the default, so a hand-edited file can never stop the program from starting.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from shuangjian_desktop.atomicfile import atomic_path

T = TypeVar("T")


@dataclass(frozen=True)
class Option(Generic[T]):
    key: str
    kind: type
    default: T
    label: str


OPTIONS: dict[str, Option[Any]] = {}


def declare(key: str, kind: type, default: T, label: str) -> Option[T]:
    if key in OPTIONS:
        raise ValueError(f"setting {key} declared twice")
    option = Option(key, kind, default, label)
    OPTIONS[key] = option
    return option


# Ticket deadlines in working days per kind of request.
TICKET_DAYS_CONSULTATION = declare("tickets.days.consultation", int, 3, "咨询类办理时限（工作日）")
TICKET_DAYS_HELP = declare("tickets.days.help", int, 10, "求助类办理时限（工作日）")
TICKET_DAYS_COMPLAINT = declare("tickets.days.complaint", int, 15, "投诉举报类办理时限（工作日）")
TICKET_DUE_SOON_DAYS = declare("tickets.due_soon_days", int, 2, "临期提醒（剩余工作日）")
TICKET_SIGN_FOR_DAYS = declare("tickets.sign_for_days", int, 1, "签收时限（工作日）")
# The responsibility ledgers' thresholds (四包 coverage check).
STAFF_MAX_INSTITUTIONS = declare("coverage.staff_max", int, 2, "每名机关工作人员最多包保机构数")
INSPECTOR_MIN_INSTITUTIONS = declare("coverage.inspector_min", int, 6, "每名责任督学最少挂牌机构数")
INSPECTOR_MAX_INSTITUTIONS = declare("coverage.inspector_max", int, 9, "每名责任督学最多挂牌机构数")
# Reduction baseline: the policy start.
BASELINE_DATE = declare("reduction.baseline", str, "2021-07-24", "压减基数统计日期")
# Import limits.
IMPORT_MAX_ROWS = declare("import.max_rows", int, 200_000, "导入表格最多行数")
IMPORT_MAX_MEGABYTES = declare("import.max_megabytes", int, 200, "导入表格解压后最大容量（MB）")
IMPORT_MAPPINGS: Option[dict[str, Any]] = declare("import.mappings", dict, {}, "导入时确认过的列对应关系")
# Databases the window opened (文件 > 最近打开), newest first; the last one opens at the next start. A county on a
# server is kept as its address (postgresql+psycopg://账户@服务器/数据库?county=县代码), never with a password.
RECENT_DATABASES = declare("databases.recent", list, [], "最近打开的数据库（文件或服务器地址，不含密码）")
SERVER_PREFIXES = ("postgresql://", "postgresql+psycopg://", "postgres://")
# Backups.
BACKUP_KEEP_DAILY = declare("backup.keep_daily", int, 7, "保留每日备份份数")
BACKUP_KEEP_WEEKLY = declare("backup.keep_weekly", int, 4, "保留每周备份份数")
BACKUP_KEEP_MONTHLY = declare("backup.keep_monthly", int, 12, "保留每月备份份数")


class Settings:
    """The values in force: the file's where valid, the declared defaults elsewhere."""

    def __init__(self, path: Path | None = None, values: dict[str, Any] | None = None) -> None:
        self.path = path
        self._values: dict[str, Any] = {}
        if path is not None and path.is_file():
            try:
                loaded = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                loaded = {}
            if isinstance(loaded, dict):
                self._values.update(self._valid(loaded))
        if values:
            self._values.update(self._valid(values))

    @staticmethod
    def _valid(raw: dict[str, Any]) -> dict[str, Any]:
        clean = {}
        for key, value in raw.items():
            option = OPTIONS.get(key)
            if option is None or type(value) is not option.kind:
                continue
            clean[key] = value
        return clean

    def get(self, option: Option[T]) -> T:
        return self._values.get(option.key, option.default)

    def set(self, option: Option[T], value: T) -> None:
        if type(value) is not option.kind:
            raise TypeError(f"{option.key} takes {option.kind.__name__}")
        self._values[option.key] = value

    def recent_texts(self) -> list[str]:
        """Every recent database as kept: file paths and server addresses."""
        return [p for p in self.get(RECENT_DATABASES) if isinstance(p, str) and p]

    def recent_databases(self) -> list[Path]:
        """The recent database files (servers: services/connections.py)."""
        return [Path(p) for p in self.recent_texts() if not p.startswith(SERVER_PREFIXES)]

    def remember_database(self, path: Path, keep: int = 8) -> None:
        """Put ``path`` first in the recent list (and save): the next start opens it."""
        self.remember_text(str(Path(path).resolve()), keep)

    def remember_text(self, text: str, keep: int = 8) -> None:
        """Put a file path or a server address (without password) first in the recent list, and save."""
        authority = text.split("//", 1)[-1].split("/", 1)[0]
        if text.startswith(SERVER_PREFIXES) and "@" in authority and ":" in authority.rsplit("@", 1)[0]:
            raise ValueError("a server address is kept without its password")
        self.set(RECENT_DATABASES, [text, *[p for p in self.get(RECENT_DATABASES) if p != text]][:keep])
        self.save()

    def baseline_date(self) -> dt.date:
        try:
            return dt.date.fromisoformat(self.get(BASELINE_DATE))
        except ValueError:
            return dt.date.fromisoformat(BASELINE_DATE.default)

    def save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(self.path) as tmp:
            tmp.write_text(json.dumps(self._values, ensure_ascii=False, indent=2), encoding="utf-8")
