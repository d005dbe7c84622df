"""Every setting declared once, with its type, default, range and the Chinese words the settings screen shows.

Values live in a JSON file in the data folder (written atomically); an unknown key is ignored and a value of the
wrong type or outside its range falls back to the default, so a hand-edited file can never stop the program from
starting. The settings screen (工具 > 设置, services/settings_service.py) is built from ``OPTIONS``: one group per
first part of the key (named in ``GROUPS``), one typed input per option; options the program keeps for itself
(``internal``: lists and mappings) are not shown.
"""

from __future__ import annotations

import datetime as dt
import itertools
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
    minimum: float | None = None
    maximum: float | None = None
    """The range a number must lie in (inclusive); None: unbounded on that side."""
    hint: str = ""
    """One line the settings screen shows under the input."""
    date: bool = False
    """A text option holding a date (YYYY-MM-DD)."""
    internal: bool = False
    """Kept by the program itself (recent files, remembered column mappings): not on the settings screen."""

    @property
    def group(self) -> str:
        return self.key.split(".", 1)[0]

    def problem(self, value: Any) -> str | None:
        """Why ``value`` cannot be this option's value (a Chinese sentence), or None."""
        if type(value) is not self.kind and not (self.kind is float and type(value) is int):
            return f"应为{KIND_WORDS.get(self.kind, self.kind.__name__)}"
        if self.kind in (int, float):
            if self.minimum is not None and value < self.minimum:
                return f"不能小于{_number(self.minimum)}"
            if self.maximum is not None and value > self.maximum:
                return f"不能大于{_number(self.maximum)}"
        if self.date:
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                return "应为日期，如 2021-07-24"
        return None


KIND_WORDS = {int: "整数", float: "数字", str: "文字", bool: "是或否", list: "列表", dict: "对应表"}
OPTIONS: dict[str, Option[Any]] = {}
GROUPS: dict[str, str] = {
    "tickets": "投诉工单",
    "coverage": "四包覆盖检查",
    "reduction": "压减统计",
    "campaigns": "专项行动与节前巡查",
    "inspections": "检查与整改",
    "patrol": "巡查计划",
    "risk": "风险分级",
    "funds": "预收费资金监管",
    "lists": "黑白名单公示",
    "import": "导入表格",
    "backup": "备份",
}
"""The settings screen's group titles, by the first part of the key (a group not named here is 其他设置)."""


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def declare(
    key: str,
    kind: type,
    default: T,
    label: str,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    hint: str = "",
    date: bool = False,
    internal: bool | None = None,
) -> Option[T]:
    if key in OPTIONS:
        raise ValueError(f"setting {key} declared twice")
    hidden = kind in (list, dict) if internal is None else internal
    option = Option(key, kind, default, label, minimum, maximum, hint, date, hidden)
    if option.problem(default) is not None:
        raise ValueError(f"setting {key}: default {default!r} {option.problem(default)}")
    OPTIONS[key] = option
    return option


# Ticket deadlines in working days per kind of request.
TICKET_DAYS_CONSULTATION = declare(
    "tickets.days.consultation", int, 3, "咨询类办理时限（工作日）", minimum=1, maximum=60
)
TICKET_DAYS_HELP = declare("tickets.days.help", int, 10, "求助类办理时限（工作日）", minimum=1, maximum=60)
TICKET_DAYS_COMPLAINT = declare(
    "tickets.days.complaint", int, 15, "投诉举报类办理时限（工作日）", minimum=1, maximum=60
)
TICKET_DUE_SOON_DAYS = declare("tickets.due_soon_days", int, 2, "临期提醒（剩余工作日）", minimum=0, maximum=20)
TICKET_SIGN_FOR_DAYS = declare("tickets.sign_for_days", int, 1, "签收时限（工作日）", minimum=1, maximum=20)
# The responsibility ledgers' thresholds (四包 coverage check).
STAFF_MAX_INSTITUTIONS = declare("coverage.staff_max", int, 2, "每名机关工作人员最多包保机构数", minimum=1, maximum=50)
INSPECTOR_MIN_INSTITUTIONS = declare(
    "coverage.inspector_min", int, 6, "每名责任督学最少挂牌机构数", minimum=0, maximum=100
)
INSPECTOR_MAX_INSTITUTIONS = declare(
    "coverage.inspector_max", int, 9, "每名责任督学最多挂牌机构数", minimum=1, maximum=100,
    hint="不能少于最少挂牌机构数",
)  # fmt: skip
CHECK_COMMUNITIES = declare(
    "coverage.communities", bool, True, "检查每个社区是否有包保的社区书记", hint="不实行社区书记包社区的县可关闭"
)
CHECK_COMPOUNDS = declare(
    "coverage.compounds", bool, True, "检查每个小区是否有包保的小区书记或网格员", hint="不实行小区包保的县可关闭"
)
# Reduction baseline: the policy start.
BASELINE_DATE = declare(
    "reduction.baseline", str, "2021-07-24", "压减基数统计日期", date=True,
    hint="“工具 > 单位信息”中填写了基数日的，以单位信息为准",
)  # fmt: skip
# Campaigns: how early the home page lists the subject institutions to patrol before a holiday or vacation.
CAMPAIGN_LEAD_DAYS = declare(
    "campaigns.lead_days", int, 5, "节假日、寒暑假前提前几个工作日提醒巡查", minimum=1, maximum=30
)
# Import limits.
IMPORT_MAX_ROWS = declare("import.max_rows", int, 200_000, "导入表格最多行数", minimum=100, maximum=2_000_000)
IMPORT_MAX_MEGABYTES = declare(
    "import.max_megabytes", int, 200, "导入表格解压后最大容量（MB）", minimum=1, maximum=4000
)
IMPORT_MAPPINGS: Option[dict[str, Any]] = declare("import.mappings", dict, {}, "导入时确认过的列对应关系")
# Databases the window opened (文件 > 最近打开), newest first; the last one opens at the next start. A county on a
# server is kept as its address (postgresql+psycopg://账户@服务器/数据库?county=县代码), never with a password.
RECENT_DATABASES = declare("databases.recent", list, [], "最近打开的数据库（文件或服务器地址，不含密码）")
SERVER_PREFIXES = ("postgresql://", "postgresql+psycopg://", "postgres://")
# Backups.
BACKUP_KEEP_DAILY = declare("backup.keep_daily", int, 7, "保留每日备份份数", minimum=1, maximum=366)
BACKUP_KEEP_WEEKLY = declare("backup.keep_weekly", int, 4, "保留每周备份份数", minimum=0, maximum=104)
BACKUP_KEEP_MONTHLY = declare("backup.keep_monthly", int, 12, "保留每月备份份数", minimum=0, maximum=240)

# Supervision (issue 16.1-16.3, 16.5): patrol frequency, risk weights, fund thresholds (the
# county's vacations are a register: services/campaigns/registers.py). Read by services/patrol,
# services/risk, services/funds; the risk weights go through services/risk/weights.py.
PATROL_VISITS_A = declare("patrol.visits.a", int, 1, "A级（低风险）机构每月巡查次数", minimum=0, maximum=31)
PATROL_VISITS_B = declare("patrol.visits.b", int, 1, "B级（较低风险）及未评定机构每月巡查次数", minimum=0, maximum=31)
PATROL_VISITS_C = declare("patrol.visits.c", int, 2, "C级（较高风险）机构每月巡查次数", minimum=0, maximum=31)
PATROL_VISITS_D = declare("patrol.visits.d", int, 4, "D级（高风险）机构每月巡查次数（每周一次）", minimum=0, maximum=31)
PATROL_KEY_SHARE = declare(
    "patrol.key_share", int, 50, "巡查安排在重点时段的比例（%，至少一次）", minimum=0, maximum=100
)
RISK_WEIGHT_SUBJECT = declare("risk.weight.subject", int, 20, "风险分值：学科类机构", minimum=0, maximum=100)
RISK_WEIGHT_STUDENTS_SOME = declare(
    "risk.weight.students_some", int, 5, "风险分值：在训学生较多", minimum=0, maximum=100
)
RISK_WEIGHT_STUDENTS_MANY = declare(
    "risk.weight.students_many", int, 10, "风险分值：在训学生很多", minimum=0, maximum=100
)
RISK_STUDENTS_SOME_AT = declare(
    "risk.students_some_at", int, 50, "在训学生较多的人数（人）", minimum=1, maximum=100_000
)
RISK_STUDENTS_MANY_AT = declare(
    "risk.students_many_at", int, 200, "在训学生很多的人数（人）", minimum=1, maximum=100_000
)
RISK_WEIGHT_REFUND_SOME = declare(
    "risk.weight.refund_some", int, 10, "风险分值：预收费（退费金额）较大", minimum=0, maximum=100
)
RISK_WEIGHT_REFUND_LARGE = declare(
    "risk.weight.refund_large", int, 20, "风险分值：预收费（退费金额）很大", minimum=0, maximum=100
)
RISK_REFUND_SOME_YUAN = declare(
    "risk.refund_some_yuan", int, 100_000, "预收费较大的金额（元）", minimum=1, maximum=1_000_000_000
)
RISK_REFUND_LARGE_YUAN = declare(
    "risk.refund_large_yuan", int, 500_000, "预收费很大的金额（元）", minimum=1, maximum=1_000_000_000
)
RISK_WEIGHT_SUSPENDED = declare("risk.weight.suspended", int, 15, "风险分值：停业整顿或已转型", minimum=0, maximum=100)
RISK_WEIGHT_CLOSED_WITH_MONEY = declare(
    "risk.weight.closed_with_money", int, 15, "风险分值：已注销仍有学生或预收费", minimum=0, maximum=100
)
RISK_WEIGHT_COMPLAINTS_SOME = declare(
    "risk.weight.complaints_some", int, 10, "风险分值：有退费或停业投诉", minimum=0, maximum=100
)
RISK_WEIGHT_COMPLAINTS_MANY = declare(
    "risk.weight.complaints_many", int, 25, "风险分值：退费或停业投诉较多", minimum=0, maximum=100
)
RISK_COMPLAINTS_MANY_AT = declare(
    "risk.complaints_many_at", int, 3, "退费或停业投诉较多的件数", minimum=1, maximum=100_000
)
RISK_COMPLAINT_MONTHS = declare("risk.complaint_months", int, 12, "计入风险的投诉期间（月）", minimum=1, maximum=60)
RISK_WEIGHT_NOTICES = declare("risk.weight.notices", int, 15, "风险分值：整改逾期或复查不合格", minimum=0, maximum=100)
RISK_WEIGHT_UNSUPERVISED = declare(
    "risk.weight.unsupervised", int, 15, "风险分值：预收费未纳入资金监管", minimum=0, maximum=100
)
RISK_WEIGHT_BELOW_MINIMUM = declare(
    "risk.weight.below_minimum", int, 15, "风险分值：监管账户低于最低余额", minimum=0, maximum=100
)
RISK_WEIGHT_UNLICENSED = declare("risk.weight.unlicensed", int, 30, "风险分值：无办学许可证", minimum=0, maximum=100)
RISK_GRADE_B_FROM = declare("risk.grade_b_from", int, 20, "B级（较低风险）起点分值", minimum=1, maximum=1000)
RISK_GRADE_C_FROM = declare("risk.grade_c_from", int, 40, "C级（较高风险）起点分值", minimum=1, maximum=1000)
RISK_GRADE_D_FROM = declare("risk.grade_d_from", int, 60, "D级（高风险）起点分值", minimum=1, maximum=1000)
RISK_STALE_DAYS = declare("risk.stale_days", int, 7, "风险分级超过几天未重新评定时提醒", minimum=1, maximum=366)
FUNDS_LARGE_MOVEMENT_YUAN = declare(
    "funds.large_movement_yuan", int, 100_000, "资金监管大额异动金额（元）", minimum=1, maximum=1_000_000_000
)
FUNDS_MOVEMENT_DAYS = declare("funds.movement_days", int, 30, "首页提醒最近几天内的大额异动", minimum=1, maximum=366)


def cross_problems(values: dict[str, Any]) -> list[tuple[str, str]]:
    """(key, reason) for values that are each in range but do not fit together."""
    low = values.get(INSPECTOR_MIN_INSTITUTIONS.key, INSPECTOR_MIN_INSTITUTIONS.default)
    high = values.get(INSPECTOR_MAX_INSTITUTIONS.key, INSPECTOR_MAX_INSTITUTIONS.default)
    found: list[tuple[str, str]] = []
    if isinstance(low, int) and isinstance(high, int) and high < low:
        found.append((INSPECTOR_MAX_INSTITUTIONS.key, f"不能少于最少挂牌机构数（{low}）"))
    grades = [(o, values.get(o.key, o.default)) for o in (RISK_GRADE_B_FROM, RISK_GRADE_C_FROM, RISK_GRADE_D_FROM)]
    for (lower, low_value), (upper, high_value) in itertools.pairwise(grades):
        if isinstance(low_value, int) and isinstance(high_value, int) and high_value <= low_value:
            found.append((upper.key, f"须高于“{lower.label}”（{low_value}）"))
    return found


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
            if option is not None and option.kind is float and type(value) is int:
                value = float(value)  # JSON writes 3.0 as 3
            if option is None or type(value) is not option.kind or option.problem(value) is not None:
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

    def value_of(self, key: str) -> Any:
        """The value in force for a declared key (the settings screen's view)."""
        return self.get(OPTIONS[key])

    def is_default(self, key: str) -> bool:
        return key not in self._values

    def replace_values(self, values: dict[str, Any]) -> None:
        """Put several checked values in force together (the caller saves): nothing changes unless all are valid."""
        values = {k: float(v) if OPTIONS[k].kind is float and type(v) is int else v for k, v in values.items()}
        for key, value in values.items():
            option = OPTIONS[key]
            why = option.problem(value)
            if why:
                raise ValueError(f"{option.label}：{why}")
        for key, value in values.items():
            if value == OPTIONS[key].default:
                self._values.pop(key, None)
            else:
                self._values[key] = value

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
