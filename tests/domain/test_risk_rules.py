"""Risk grading rules: the points are the sum of the reasons shown, grades follow the thresholds, more risk never
grades lower, the weights decide, and nonsense weights are refused."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import assume, given
from hypothesis import strategies as st

from shuangjian_desktop.domain.enums import Category, RiskGrade, Status
from shuangjian_desktop.domain.risk_rules import (
    FACTORS,
    RiskInputs,
    RiskWeights,
    assess,
    grade_of,
    is_closure_complaint,
    levels,
    needs_disposal,
)

ORDER = {RiskGrade.A: 0, RiskGrade.B: 1, RiskGrade.C: 2, RiskGrade.D: 3}

inputs = st.builds(
    RiskInputs,
    category=st.sampled_from(list(Category)),
    status=st.sampled_from(list(Status)),
    students=st.integers(0, 2000),
    balance_cents=st.integers(0, 5_000_000_00),
    fund_supervised=st.booleans(),
    licensed=st.booleans(),
    complaints=st.integers(0, 10),
    notices_overdue=st.booleans(),
    below_minimum=st.booleans(),
)
weights = st.builds(
    RiskWeights,
    subject=st.integers(0, 40),
    students_some=st.integers(0, 20),
    unsupervised=st.integers(0, 40),
    unlicensed=st.integers(0, 60),
    grade_b_from=st.integers(0, 30),
    grade_c_from=st.integers(30, 60),
    grade_d_from=st.integers(60, 100),
)


@given(inputs, weights)
def test_the_score_is_the_sum_of_the_reasons_shown_and_the_grade_follows_it(found: RiskInputs, w: RiskWeights) -> None:
    result = assess(found, w)
    assert result.score == sum(r.points for r in result.reasons)
    assert result.grade is grade_of(result.score, w)
    assert all(f"+{r.points}" in result.reasons_text() for r in result.reasons)
    assert len(result.code.split(",")) == sum(1 for level in levels(found, w) if level) or not result.code


@given(inputs, weights)
def test_more_risk_never_grades_lower(found: RiskInputs, w: RiskWeights) -> None:
    assume(not w.problems())  # weights_from falls back to the defaults for these
    base = assess(found, w)
    worse = [
        replace(found, complaints=found.complaints + 3),
        replace(found, notices_overdue=True),
        replace(found, below_minimum=True),
        replace(found, students=found.students + 500),
    ]
    for more in worse:
        assert ORDER[assess(more, w).grade] >= ORDER[base.grade]
        assert assess(more, w).score >= base.score


@given(st.integers(0, 200))
def test_grades_at_the_thresholds(score: int) -> None:
    w = RiskWeights()
    expected = (
        RiskGrade.D if score >= 60 else RiskGrade.C if score >= 40 else RiskGrade.B if score >= 20 else RiskGrade.A
    )
    assert grade_of(score, w) is expected


def test_the_ningbo_story_is_a_d() -> None:
    """A subject institution, many students, a large prepaid balance outside supervision: D, and why."""
    found = assess(
        RiskInputs(Category.SUBJECT, Status.OPERATING, students=268, balance_cents=680_000_00), RiskWeights()
    )
    assert found.grade is RiskGrade.D and found.score == 65
    assert "学科类校外培训机构（+20）" in found.reasons_text() and "未纳入资金监管（+15）" in found.reasons_text()
    assert needs_disposal(found.grade) and not needs_disposal(RiskGrade.B)


def test_a_quiet_institution_is_an_a_with_no_factor() -> None:
    found = assess(RiskInputs(Category.NON_SUBJECT, Status.OPERATING, students=10), RiskWeights())
    assert found.grade is RiskGrade.A and found.reasons_text() == "未发现风险因素" and found.code == ""


def test_the_county_weights_decide() -> None:
    found = RiskInputs(Category.NON_SUBJECT, Status.UNLICENSED)
    assert assess(found, RiskWeights()).grade is RiskGrade.B  # 30 points
    assert assess(found, RiskWeights(unlicensed=60)).grade is RiskGrade.D
    assert assess(found, RiskWeights(unlicensed=0)).grade is RiskGrade.A


def test_nonsense_weights_are_named() -> None:
    assert RiskWeights().problems() == []
    assert "等级分界应为 B ≤ C ≤ D" in RiskWeights(grade_c_from=10).problems()
    assert any("不能为负数" in p for p in RiskWeights(subject=-1).problems())
    assert "学生人数较重一档的分值不能低于较轻一档" in RiskWeights(students_some=11).problems()


def test_every_factor_has_a_level() -> None:
    assert len(levels(RiskInputs(Category.SUBJECT, Status.OPERATING), RiskWeights())) == len(FACTORS) == 9


def test_closure_complaints() -> None:
    assert is_closure_complaint("refund", "")
    assert is_closure_complaint("other", "机构老板跑路了")
    assert not is_closure_complaint("overtime", "周末上课到很晚")
