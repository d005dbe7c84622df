"""The rules of issue 16 on plain values: problems counted once, the result proposed and never silently 合格, the
breaks a campaign is planned around, ticket steps in time order."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shuangjian_desktop.domain.campaigns import CampaignKind, due_breaks, holiday_breaks, patrol_window, upcoming_breaks
from shuangjian_desktop.domain.enums import InspectionResult, TicketEventKind, TicketStatus
from shuangjian_desktop.domain.inspection_findings import (
    Found,
    count_problems,
    holiday_training,
    problems,
    propose_result,
    result_problem,
    written_items,
)
from shuangjian_desktop.domain.ticket_flow import Step, StepRefused, check_step
from shuangjian_desktop.domain.training_rules import Period
from shuangjian_desktop.domain.workdays import DEFAULT_CALENDAR

ASPECT_OF = {"I12": "fees", "I18": "hours", "I19": "hours", "I21": "teachers"}
ASPECTS = ["fees", "contract", "teachers", "hours", "advertising", "hygiene", "safety"]


def test_a_rule_and_the_aspect_it_belongs_to_are_one_problem() -> None:
    found = Found.of(["I12", "I18"], ["fees", "hours", "safety"], "一次性收取6个月费用")
    assert problems(found, ASPECT_OF) == [("rule", "I12"), ("rule", "I18"), ("aspect", "safety")]
    assert count_problems(found, ASPECT_OF) == 3  # the written words describe the ticked ones


def test_written_findings_count_when_nothing_was_ticked() -> None:
    found = Found.of([], [], "消防通道堵塞；\n灭火器过期。")
    assert written_items(found.written) == ["消防通道堵塞", "灭火器过期"]
    assert count_problems(found, ASPECT_OF) == 2
    assert count_problems(Found.of([], [], " \n；"), ASPECT_OF) == 0


@given(
    st.sets(st.sampled_from([*sorted(ASPECT_OF), "I01", "I05"])),
    st.sets(st.sampled_from(ASPECTS)),
    st.lists(st.sampled_from(["消防通道堵塞", "无收费公示", ""]), max_size=3),
)
def test_problems_are_each_counted_once_and_never_fewer_than_the_rules(rules, aspects, lines) -> None:
    found = Found.of(rules, aspects, "\n".join(lines))
    counted = count_problems(found, ASPECT_OF)
    unexplained = aspects - {ASPECT_OF.get(r) for r in rules}
    assert counted >= len(rules) + len(unexplained)
    assert (counted == 0) == (not found.anything)
    if rules or aspects:
        assert counted == len(rules) + len(unexplained)
    # the proposal follows what was found, and 合格 beside a problem is always refused
    assert propose_result(found) is (InspectionResult.RECTIFY if found.anything else InspectionResult.PASSED)
    assert (result_problem(InspectionResult.PASSED, found) is None) == (not found.anything)
    assert result_problem(None, found) is not None  # no result chosen: never taken as 合格


def test_the_refusals_say_what_was_found() -> None:
    assert "违反2条负面清单条款" in result_problem(InspectionResult.PASSED, Found.of(["I12", "I18"], []))
    assert "写明了发现的问题" in result_problem(InspectionResult.PASSED, Found.of([], [], "无证经营"))
    assert "请选择检查结果" in result_problem(None, Found.of([], []))
    assert "须写明发现的问题" in result_problem(InspectionResult.RECTIFY, Found.of([], []))


def test_only_the_holiday_rule_is_holiday_training() -> None:
    assert holiday_training(["I18"], {"I18", "S13"})
    assert not holiday_training(["I19"], {"I18", "S13"})  # a Wednesday 40-minute online lesson


def test_a_legal_holiday_is_a_break_with_its_weekend() -> None:
    breaks = holiday_breaks(DEFAULT_CALENDAR, dt.date(2026, 9, 20), dt.date(2026, 10, 20))
    national = next(b for b in breaks if b.name == "国庆节")
    assert (national.first, national.last) == (dt.date(2026, 10, 1), dt.date(2026, 10, 7))
    assert national.kind is CampaignKind.HOLIDAY
    assert all(b.name for b in breaks)  # a plain weekend is no break
    window = patrol_window(DEFAULT_CALENDAR, national, 5)
    assert window.last == national.last
    # five working days before the holiday, the first of them included (中秋节 9/25-27 is no working day)
    assert DEFAULT_CALENDAR.is_workday(window.first)
    assert 1 + DEFAULT_CALENDAR.working_days_between(window.first, national.first) == 5


def test_a_break_is_due_from_n_working_days_before_to_its_end() -> None:
    vacation = Period(dt.date(2027, 1, 23), dt.date(2027, 2, 21), "寒假")
    assert not due_breaks(DEFAULT_CALENDAR, [vacation], dt.date(2027, 1, 8), 5)
    due = due_breaks(DEFAULT_CALENDAR, [vacation], dt.date(2027, 1, 18), 5)
    assert [(b.name, b.kind) for b, _w in due] == [("寒假", CampaignKind.VACATION)]
    assert due_breaks(DEFAULT_CALENDAR, [vacation], dt.date(2027, 2, 21), 5)
    assert not due_breaks(DEFAULT_CALENDAR, [vacation], dt.date(2027, 2, 22), 5)
    assert [b.name for b in upcoming_breaks(DEFAULT_CALENDAR, [vacation], dt.date(2027, 1, 1))] == ["寒假"]


def test_a_ticket_step_dated_before_the_step_it_follows_is_refused() -> None:
    dispatched = dt.datetime(2026, 11, 2, 10, 0)
    step = Step(TicketEventKind.SIGNED, dt.datetime(2026, 11, 2, 9, 30))
    with pytest.raises(StepRefused, match="早于上一步“派单”的时间2026-11-02 10:00"):
        check_step(TicketStatus.DISPATCHED, dt.date(2026, 11, 20), None, step, previous=("派单", dispatched))
    later = Step(TicketEventKind.SIGNED, dt.datetime(2026, 11, 2, 10, 0))
    assert check_step(TicketStatus.DISPATCHED, dt.date(2026, 11, 20), None, later, previous=("派单", dispatched))
    future = Step(TicketEventKind.SIGNED, dt.datetime(2026, 11, 3, 12, 0))
    with pytest.raises(StepRefused, match="晚于现在"):
        check_step(TicketStatus.DISPATCHED, dt.date(2026, 11, 20), None, future, now=dt.datetime(2026, 11, 3, 9))
    with pytest.raises(StepRefused, match="有偿补课"):
        check_step(
            TicketStatus.DISPATCHED,
            dt.date(2026, 11, 20),
            None,
            Step(TicketEventKind.SIGNED, dispatched, moonlighting_teacher="王芳（示范县城北小学）"),
        )
