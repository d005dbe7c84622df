"""The enumerations of the ledgers. Values are stable English codes stored in the database; labels are Chinese."""

from __future__ import annotations

from enum import StrEnum
from functools import cache


class LabelledEnum(StrEnum):
    """A StrEnum whose members carry the Chinese label the screen shows."""

    label: str

    def __new__(cls, value: str, label: str) -> LabelledEnum:
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label
        return obj

    @classmethod
    def from_label(cls, text: str) -> LabelledEnum:
        """Find a member by Chinese label, synonym or code; raise ValueError listing the choices."""
        key = text.strip()
        found = _lookup(cls).get(key)
        if found is None:
            choices = "、".join(m.label for m in cls)
            raise ValueError(f"“{key}”不是可选值（可选：{choices}）")
        return found

    @classmethod
    def labels(cls) -> list[str]:
        return [m.label for m in cls]


class Category(LabelledEnum):
    SUBJECT = "subject", "学科类"
    NON_SUBJECT = "non_subject", "非学科类"


class NonSubjectArea(LabelledEnum):
    SPORTS = "sports", "体育"
    ARTS = "arts", "文化艺术"
    SCIENCE = "science", "科技"
    OTHER = "other", "其他"


class Mode(LabelledEnum):
    OFFLINE = "offline", "线下"
    ONLINE = "online", "线上"


class ProfitStatus(LabelledEnum):
    FOR_PROFIT = "for_profit", "营利性"
    NON_PROFIT = "non_profit", "非营利性"


class Status(LabelledEnum):
    OPERATING = "operating", "正常办学"
    SUSPENDED = "suspended", "停业整顿"
    CONVERTED = "converted", "已转型"
    DEREGISTERED = "deregistered", "已注销"
    UNLICENSED = "unlicensed", "无证机构"


class ChangeKind(LabelledEnum):
    TO_NON_PROFIT = "to_non_profit", "营转非"
    TO_NON_SUBJECT = "to_non_subject", "学改非"
    DEREGISTERED = "deregistered", "注销"
    SUSPENDED = "suspended", "停业整顿"
    RESUMED = "resumed", "复业"


class RiskGrade(LabelledEnum):
    A = "A", "A级（低风险）"
    B = "B", "B级（较低风险）"
    C = "C", "C级（较高风险）"
    D = "D", "D级（高风险）"


class PersonRole(LabelledEnum):
    STAFF = "staff", "局机关工作人员"
    PRINCIPAL = "principal", "校长"
    COMMUNITY_SECRETARY = "community_secretary", "社区书记"
    COMPOUND_SECRETARY = "compound_secretary", "小区书记"
    GRID_WORKER = "grid_worker", "网格员"
    INSPECTOR = "inspector", "责任督学"


class AssignmentKind(LabelledEnum):
    STAFF_INSTITUTION = "staff_institution", "局机关工作人员包机构"
    PRINCIPAL_TEACHERS = "principal_teachers", "校长包在职教师"
    COMMUNITY_PATROL = "community_patrol", "社区书记包社区"
    COMPOUND_PATROL = "compound_patrol", "小区书记（网格员）包小区"
    INSPECTOR_INSTITUTION = "inspector_institution", "责任督学挂牌督导"


class SchoolStage(LabelledEnum):
    PRIMARY = "primary", "小学"
    JUNIOR = "junior", "初中"
    NINE_YEAR = "nine_year", "九年一贯制"
    SENIOR = "senior", "高中"


class Method(LabelledEnum):
    ROUTINE = "routine", "日常检查"
    UNANNOUNCED = "unannounced", "四不两直"
    JOINT = "joint", "联合检查"
    RANDOM = "random", "双随机"
    FOLLOW_UP = "follow_up", "回头看"


class InspectionResult(LabelledEnum):
    PASSED = "passed", "合格"
    FIXED_ON_SITE = "fixed_on_site", "现场整改"
    RECTIFY = "rectify", "限期整改"
    SUSPEND = "suspend", "停业整顿"


class NoticeKind(LabelledEnum):
    RECTIFICATION = "rectification", "限期整改通知书"
    STOP_OPERATION = "stop_operation", "停止办学通知书"


class NoticeStatus(LabelledEnum):
    ISSUED = "issued", "已下达"
    SERVED = "served", "已送达"
    RECTIFYING = "rectifying", "整改中"
    PASSED = "passed", "复查合格"
    FAILED = "failed", "复查不合格"
    ESCALATED = "escalated", "已升级处理"


class Source(LabelledEnum):
    HOTLINE_12345 = "hotline_12345", "12345热线"
    PHONE = "phone", "来电"
    LETTER = "letter", "来信"
    VISIT = "visit", "来访"
    ONLINE = "online", "网络"
    REFERRAL = "referral", "上级转办"


class RequestKind(LabelledEnum):
    CONSULTATION = "consultation", "咨询"
    HELP = "help", "求助"
    COMPLAINT = "complaint", "投诉举报"


class TicketStatus(LabelledEnum):
    ACCEPTED = "accepted", "已受理"
    DISPATCHED = "dispatched", "已派单"
    SIGNED = "signed", "已签收"
    HANDLING = "handling", "办理中"
    REPLIED = "replied", "已答复"
    FOLLOWED_UP = "followed_up", "已回访"
    CLOSED = "closed", "已办结"
    RETURNED = "returned", "已退单"


class TicketEventKind(LabelledEnum):
    ACCEPTED = "accepted", "受理"
    DISPATCHED = "dispatched", "派单"
    SIGNED = "signed", "签收"
    HANDLING = "handling", "办理"
    REPLIED = "replied", "答复"
    FOLLOWED_UP = "followed_up", "回访"
    CLOSED = "closed", "办结"
    RETURNED = "returned", "退单"
    EXTENDED = "extended", "延期"
    URGED = "urged", "督办"
    REOPENED = "reopened", "重办"


class Satisfaction(LabelledEnum):
    SATISFIED = "satisfied", "满意"
    BASICALLY = "basically", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


class UserRole(LabelledEnum):
    ADMIN = "admin", "管理员"
    CLERK = "clerk", "经办人"
    LEADER = "leader", "领导"


class AuditAction(LabelledEnum):
    INSERT = "insert", "新增"
    UPDATE = "update", "修改"
    DELETE = "delete", "删除"
    UNDELETE = "undelete", "恢复删除"
    EXPORT = "export", "导出"
    PRINT = "print", "打印"
    REVEAL = "reveal", "查看个人信息"


@cache
def _lookup(cls: type[LabelledEnum]) -> dict[str, LabelledEnum]:
    table: dict[str, LabelledEnum] = {}
    for member in cls:
        for name in (member.value, member.label, *_SYNONYMS.get(member, ())):
            table.setdefault(name, member)
    return table


_SYNONYMS: dict[LabelledEnum, tuple[str, ...]] = {
    Category.SUBJECT: ("学科", "学科类培训"),
    Category.NON_SUBJECT: ("非学科", "非学科类培训"),
    NonSubjectArea.ARTS: ("文艺", "艺术", "文化艺术类"),
    NonSubjectArea.SPORTS: ("体育类",),
    NonSubjectArea.SCIENCE: ("科技类",),
    Mode.OFFLINE: ("线下培训",),
    Mode.ONLINE: ("线上培训",),
    ProfitStatus.FOR_PROFIT: ("营利",),
    ProfitStatus.NON_PROFIT: ("非营利",),
    Status.OPERATING: ("正常", "在营", "办学中", "正常运营"),
    Status.SUSPENDED: ("停业", "停业整顿中"),
    Status.CONVERTED: ("转型",),
    Status.DEREGISTERED: ("注销",),
    Status.UNLICENSED: ("无证", "黑机构"),
    ChangeKind.SUSPENDED: ("停业",),
    RiskGrade.A: ("A", "A级", "低风险"),
    RiskGrade.B: ("B", "B级", "较低风险"),
    RiskGrade.C: ("C", "C级", "较高风险", "中风险"),
    RiskGrade.D: ("D", "D级", "高风险"),
    PersonRole.STAFF: ("机关工作人员", "工作人员", "局机关人员"),
    PersonRole.COMPOUND_SECRETARY: ("小区书记（网格员）",),
    PersonRole.INSPECTOR: ("督学",),
    AssignmentKind.STAFF_INSTITUTION: ("包机构", "包校"),
    AssignmentKind.PRINCIPAL_TEACHERS: ("包在职教师", "包教师"),
    AssignmentKind.COMMUNITY_PATROL: ("包社区",),
    AssignmentKind.COMPOUND_PATROL: ("包小区", "小区书记包小区", "网格员包小区"),
    AssignmentKind.INSPECTOR_INSTITUTION: ("挂牌督导", "督学挂牌"),
    Source.HOTLINE_12345: ("12345", "12345热线", "市长热线"),
    Source.PHONE: ("电话",),
    Source.ONLINE: ("网上", "网络平台"),
    Source.REFERRAL: ("转办",),
    RequestKind.COMPLAINT: ("投诉", "举报"),
    Satisfaction.UNSATISFIED: ("不满意",),
}
