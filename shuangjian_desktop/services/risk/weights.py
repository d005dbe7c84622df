"""The county's risk weights as the settings hold them (settings.py, risk.*): one RiskWeights value."""

from __future__ import annotations

from shuangjian_desktop import settings as opts
from shuangjian_desktop.domain.risk_rules import RiskWeights

FROM_SETTINGS = {
    "subject": opts.RISK_WEIGHT_SUBJECT,
    "students_some": opts.RISK_WEIGHT_STUDENTS_SOME,
    "students_many": opts.RISK_WEIGHT_STUDENTS_MANY,
    "refund_some": opts.RISK_WEIGHT_REFUND_SOME,
    "refund_large": opts.RISK_WEIGHT_REFUND_LARGE,
    "suspended": opts.RISK_WEIGHT_SUSPENDED,
    "closed_with_money": opts.RISK_WEIGHT_CLOSED_WITH_MONEY,
    "complaints_some": opts.RISK_WEIGHT_COMPLAINTS_SOME,
    "complaints_many": opts.RISK_WEIGHT_COMPLAINTS_MANY,
    "notices": opts.RISK_WEIGHT_NOTICES,
    "unsupervised": opts.RISK_WEIGHT_UNSUPERVISED,
    "below_minimum": opts.RISK_WEIGHT_BELOW_MINIMUM,
    "unlicensed": opts.RISK_WEIGHT_UNLICENSED,
    "students_some_at": opts.RISK_STUDENTS_SOME_AT,
    "students_many_at": opts.RISK_STUDENTS_MANY_AT,
    "refund_some_yuan": opts.RISK_REFUND_SOME_YUAN,
    "refund_large_yuan": opts.RISK_REFUND_LARGE_YUAN,
    "complaints_many_at": opts.RISK_COMPLAINTS_MANY_AT,
    "grade_b_from": opts.RISK_GRADE_B_FROM,
    "grade_c_from": opts.RISK_GRADE_C_FROM,
    "grade_d_from": opts.RISK_GRADE_D_FROM,
}


def weights_from(settings: opts.Settings) -> RiskWeights:
    """The weights in force; settings that make no sense together (C below B ...) fall back to the defaults, so a
    grading never runs on nonsense."""
    weights = RiskWeights(**{key: settings.get(option) for key, option in FROM_SETTINGS.items()})
    return RiskWeights() if weights.problems() else weights


def describe_weights(settings: opts.Settings) -> list[str]:
    """Every weight and threshold in force as "label：value" (the risk page's 评分办法)."""
    weights = weights_from(settings)
    note = (
        ""
        if weights == RiskWeights(**{k: settings.get(o) for k, o in FROM_SETTINGS.items()})
        else "（设置不合理，按默认值）"
    )
    return [f"{o.label}：{getattr(weights, key)}" for key, o in FROM_SETTINGS.items()] + ([note] if note else [])
