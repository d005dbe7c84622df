"""Risk grading (风险分级) computed from the ledgers, never typed: the four factors of the 宁波 (镇海区) practice —
institution type, remaining students (学生余量), refund amount (退费金额: the prepaid fees not yet used), operating
status (举办现状) — plus what the other ledgers know: refund and closure complaints, overdue or failed notices,
prepaid fees outside fund supervision, a supervision account below its minimum balance, no school-running licence.

Each risk factor (风险因素, ``RiskFactor``) found adds its points (the county's weights, editable in the settings);
the sum is graded A (低风险) to D (高风险) at the county's thresholds. The reasons name each factor with its points, so
a clerk can say why an institution is where it is. C and D call for a disposal case file (一机构一方案,
``DisposalPlan``).

Grading a million institutions: the factors of an institution are small levels (0, 1 or 2); ``assess_levels`` is
cached on them, so each distinct combination is worked out once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from functools import lru_cache

from shuangjian_desktop.domain.enums import Category, LabelledEnum, RiskGrade, Status
from shuangjian_desktop.domain.values import format_money

CLOSURE_WORDS = ("跑路", "倒闭", "关门", "停课", "停业", "人去楼空", "联系不上")
"""A ticket whose subject says one of these is a closure complaint (besides the 退费难 category)."""
REFUND_CATEGORY = "refund"
CLOSED_STATUSES = (Status.DEREGISTERED,)
IN_TRANSITION = (Status.SUSPENDED, Status.CONVERTED)
"""举办现状 at risk: suspended (停业整顿), or converted (学改非) and still settling its old courses."""


class RiskFactor(LabelledEnum):
    """风险因素: the 宁波 four first, then the ledgers' signals."""

    SUBJECT = "subject", "机构类型"
    STUDENTS = "students", "学生余量"
    REFUND = "refund", "退费金额"
    STATUS = "status", "举办现状"
    COMPLAINTS = "complaints", "退费和停业投诉"
    NOTICES = "notices", "整改逾期或复查不合格"
    UNSUPERVISED = "unsupervised", "预收费未纳入资金监管"
    BELOW_MINIMUM = "below_minimum", "监管账户余额低于最低余额"
    UNLICENSED = "unlicensed", "无办学许可证"


FACTORS: tuple[RiskFactor, ...] = tuple(RiskFactor)


@dataclass(frozen=True)
class RiskWeights:
    """The county's weights (points per factor and level), the levels' thresholds, and the grades' lower bounds."""

    subject: int = 20
    students_some: int = 5
    students_many: int = 10
    refund_some: int = 10
    refund_large: int = 20
    suspended: int = 15
    closed_with_money: int = 15
    complaints_some: int = 10
    complaints_many: int = 25
    notices: int = 15
    unsupervised: int = 15
    below_minimum: int = 15
    unlicensed: int = 30
    students_some_at: int = 50
    students_many_at: int = 200
    refund_some_yuan: int = 100_000
    refund_large_yuan: int = 500_000
    complaints_many_at: int = 3
    grade_b_from: int = 20
    grade_c_from: int = 40
    grade_d_from: int = 60

    def problems(self) -> list[str]:
        """What makes these weights unusable (Chinese), or nothing."""
        found = [f"{f.name}不能为负数" for f in fields(self) if getattr(self, f.name) < 0]
        if not self.grade_b_from <= self.grade_c_from <= self.grade_d_from:
            found.append("等级分界应为 B ≤ C ≤ D")
        if self.students_some_at > self.students_many_at:
            found.append("学生人数的两档应由少到多")
        if self.refund_some_yuan > self.refund_large_yuan:
            found.append("退费金额的两档应由少到多")
        for weaker, stronger, what in (
            (self.students_some, self.students_many, "学生人数"),
            (self.refund_some, self.refund_large, "退费金额"),
            (self.complaints_some, self.complaints_many, "投诉"),
        ):
            if weaker > stronger:
                found.append(f"{what}较重一档的分值不能低于较轻一档")  # more risk must never grade lower
        return found


@dataclass(frozen=True)
class RiskInputs:
    """What the ledgers say about one institution, as plain values."""

    category: Category
    status: Status
    students: int = 0
    balance_cents: int = 0
    fund_supervised: bool = False
    licensed: bool = True
    complaints: int = 0
    notices_overdue: bool = False
    below_minimum: bool = False


@dataclass(frozen=True)
class Reason:
    factor: RiskFactor
    points: int
    text: str


@dataclass(frozen=True)
class Assessment:
    score: int
    grade: RiskGrade
    reasons: tuple[Reason, ...]
    code: str
    """The factors found, compact and stable (e.g. "subject,students2,unsupervised"): a change of it is a change
    of the reasons."""
    text: str = ""
    """The reasons as the clerk reads them (worked out once per combination)."""

    def reasons_text(self) -> str:
        return self.text


def levels(inputs: RiskInputs, weights: RiskWeights) -> tuple[int, ...]:
    """Each factor's level (0 absent, 1, or 2 the stronger), in the order of FACTORS."""
    closed = inputs.status in CLOSED_STATUSES
    money = inputs.balance_cents > 0 or inputs.students > 0
    yuan = inputs.balance_cents / 100
    status = 0
    if inputs.status in IN_TRANSITION:
        status = 1
    elif closed and money:
        status = 2
    return (
        int(inputs.category is Category.SUBJECT and not closed),
        2 if inputs.students >= weights.students_many_at else int(inputs.students >= max(1, weights.students_some_at)),
        2 if yuan >= weights.refund_large_yuan else int(yuan >= max(0.01, weights.refund_some_yuan)),
        status,
        2 if inputs.complaints >= max(1, weights.complaints_many_at) else int(inputs.complaints > 0),
        int(inputs.notices_overdue),
        int(inputs.balance_cents > 0 and not inputs.fund_supervised),
        int(inputs.below_minimum),
        int(inputs.status is Status.UNLICENSED or (not inputs.licensed and inputs.status is Status.OPERATING)),
    )


def assess(inputs: RiskInputs, weights: RiskWeights) -> Assessment:
    return assess_levels(levels(inputs, weights), weights)


@lru_cache(maxsize=4096)
def assess_levels(found: tuple[int, ...], weights: RiskWeights) -> Assessment:
    w = weights
    texts = {
        RiskFactor.SUBJECT: {1: (w.subject, "学科类校外培训机构")},
        RiskFactor.STUDENTS: {
            1: (w.students_some, f"在训学生{w.students_some_at}人以上"),
            2: (w.students_many, f"在训学生{w.students_many_at}人以上"),
        },
        RiskFactor.REFUND: {
            1: (w.refund_some, f"预收费余额（可能退费金额）{_wan(w.refund_some_yuan)}以上"),
            2: (w.refund_large, f"预收费余额（可能退费金额）{_wan(w.refund_large_yuan)}以上"),
        },
        RiskFactor.STATUS: {
            1: (w.suspended, "停业整顿或已转型（学改非），处于转、改、停过程中"),
            2: (w.closed_with_money, "已注销，仍有在训学生或预收费余额"),
        },
        RiskFactor.COMPLAINTS: {
            1: (w.complaints_some, "近期有退费或停业（跑路）投诉"),
            2: (w.complaints_many, f"近期退费或停业（跑路）投诉{w.complaints_many_at}件以上"),
        },
        RiskFactor.NOTICES: {1: (w.notices, "整改通知书逾期未整改或复查不合格")},
        RiskFactor.UNSUPERVISED: {1: (w.unsupervised, "有预收费余额，未纳入资金监管")},
        RiskFactor.BELOW_MINIMUM: {1: (w.below_minimum, "资金监管账户余额低于最低余额")},
        RiskFactor.UNLICENSED: {1: (w.unlicensed, "无办学许可证（无证办学）")},
    }
    reasons = []
    codes = []
    for factor, level in zip(FACTORS, found, strict=True):
        if not level:
            continue
        points, text = texts[factor][level]
        codes.append(factor.value + (str(level) if level > 1 else ""))
        if points:
            reasons.append(Reason(factor, points, text))
    score = sum(r.points for r in reasons)
    text = "；".join(f"{r.text}（+{r.points}）" for r in reasons) or "未发现风险因素"
    return Assessment(score, grade_of(score, weights), tuple(reasons), ",".join(codes), text)


def grade_of(score: int, weights: RiskWeights) -> RiskGrade:
    if score >= weights.grade_d_from:
        return RiskGrade.D
    if score >= weights.grade_c_from:
        return RiskGrade.C
    if score >= weights.grade_b_from:
        return RiskGrade.B
    return RiskGrade.A


def needs_disposal(grade: RiskGrade | None) -> bool:
    """C and D call for a disposal case file (一机构一方案)."""
    return grade in (RiskGrade.C, RiskGrade.D)


def _wan(yuan: int) -> str:
    return f"{yuan / 10000:g}万元" if yuan >= 10000 else f"{format_money(yuan * 100)}元"


def is_closure_complaint(category: str, subject: str) -> bool:
    return category == REFUND_CATEGORY or any(word in (subject or "") for word in CLOSURE_WORDS)


def grade_counts_text(counts: Sequence[tuple[RiskGrade, int]]) -> str:
    return "，".join(f"{grade.value}级{count}家" for grade, count in counts)
