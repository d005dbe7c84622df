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
# Databases the window opened (文件 > 最近打开), newest first; the last one opens at the next start.
RECENT_DATABASES = declare("databases.recent", list, [], "最近打开的数据库")
# Backups.
BACKUP_KEEP_DAILY = declare("backup.keep_daily", int, 7, "保留每日备份份数")
BACKUP_KEEP_WEEKLY = declare("backup.keep_weekly", int, 4, "保留每周备份份数")
BACKUP_KEEP_MONTHLY = declare("backup.keep_monthly", int, 12, "保留每月备份份数")
# Supervision (issue 16.1-16.3, 16.5): patrol frequency, risk weights, fund thresholds. Read by services/patrol,
# services/risk, services/funds; the risk weights go through services/risk/weights.py.
PATROL_VISITS_A = declare("patrol.visits.a", int, 1, "A级（低风险）机构每月巡查次数")
PATROL_VISITS_B = declare("patrol.visits.b", int, 1, "B级（较低风险）及未评定机构每月巡查次数")
PATROL_VISITS_C = declare("patrol.visits.c", int, 2, "C级（较高风险）机构每月巡查次数")
PATROL_VISITS_D = declare("patrol.visits.d", int, 4, "D级（高风险）机构每月巡查次数（每周一次）")
PATROL_KEY_SHARE = declare("patrol.key_share", int, 50, "巡查安排在重点时段的比例（%，至少一次）")
VACATIONS = declare(
    "calendar.vacations", str, "寒假 01-20~02-20；暑假 07-05~08-31", "寒暑假日期（如：暑假 07-05~08-31，可写年份）"
)
RISK_WEIGHT_SUBJECT = declare("risk.weight.subject", int, 20, "风险分值：学科类机构")
RISK_WEIGHT_STUDENTS_SOME = declare("risk.weight.students_some", int, 5, "风险分值：在训学生较多")
RISK_WEIGHT_STUDENTS_MANY = declare("risk.weight.students_many", int, 10, "风险分值：在训学生很多")
RISK_STUDENTS_SOME_AT = declare("risk.students_some_at", int, 50, "在训学生较多的人数（人）")
RISK_STUDENTS_MANY_AT = declare("risk.students_many_at", int, 200, "在训学生很多的人数（人）")
RISK_WEIGHT_REFUND_SOME = declare("risk.weight.refund_some", int, 10, "风险分值：预收费（退费金额）较大")
RISK_WEIGHT_REFUND_LARGE = declare("risk.weight.refund_large", int, 20, "风险分值：预收费（退费金额）很大")
RISK_REFUND_SOME_YUAN = declare("risk.refund_some_yuan", int, 100_000, "预收费较大的金额（元）")
RISK_REFUND_LARGE_YUAN = declare("risk.refund_large_yuan", int, 500_000, "预收费很大的金额（元）")
RISK_WEIGHT_SUSPENDED = declare("risk.weight.suspended", int, 15, "风险分值：停业整顿或已转型")
RISK_WEIGHT_CLOSED_WITH_MONEY = declare("risk.weight.closed_with_money", int, 15, "风险分值：已注销仍有学生或预收费")
RISK_WEIGHT_COMPLAINTS_SOME = declare("risk.weight.complaints_some", int, 10, "风险分值：有退费或停业投诉")
RISK_WEIGHT_COMPLAINTS_MANY = declare("risk.weight.complaints_many", int, 25, "风险分值：退费或停业投诉较多")
RISK_COMPLAINTS_MANY_AT = declare("risk.complaints_many_at", int, 3, "退费或停业投诉较多的件数")
RISK_COMPLAINT_MONTHS = declare("risk.complaint_months", int, 12, "计入风险的投诉期间（月）")
RISK_WEIGHT_NOTICES = declare("risk.weight.notices", int, 15, "风险分值：整改逾期或复查不合格")
RISK_WEIGHT_UNSUPERVISED = declare("risk.weight.unsupervised", int, 15, "风险分值：预收费未纳入资金监管")
RISK_WEIGHT_BELOW_MINIMUM = declare("risk.weight.below_minimum", int, 15, "风险分值：监管账户低于最低余额")
RISK_WEIGHT_UNLICENSED = declare("risk.weight.unlicensed", int, 30, "风险分值：无办学许可证")
RISK_GRADE_B_FROM = declare("risk.grade_b_from", int, 20, "B级（较低风险）起点分值")
RISK_GRADE_C_FROM = declare("risk.grade_c_from", int, 40, "C级（较高风险）起点分值")
RISK_GRADE_D_FROM = declare("risk.grade_d_from", int, 60, "D级（高风险）起点分值")
RISK_STALE_DAYS = declare("risk.stale_days", int, 7, "风险分级超过几天未重新评定时提醒")
FUNDS_LARGE_MOVEMENT_YUAN = declare("funds.large_movement_yuan", int, 100_000, "资金监管大额异动金额（元）")
FUNDS_MOVEMENT_DAYS = declare("funds.movement_days", int, 30, "首页提醒最近几天内的大额异动")


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

    def recent_databases(self) -> list[Path]:
        return [Path(p) for p in self.get(RECENT_DATABASES) if isinstance(p, str) and p]

    def remember_database(self, path: Path, keep: int = 8) -> None:
        """Put ``path`` first in the recent list (and save): the next start opens it."""
        text = str(Path(path).resolve())
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
