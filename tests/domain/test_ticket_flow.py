"""The ticket lifecycle: allowed and refused steps, and properties that hold along any path."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shuangjian_desktop.domain.enums import Satisfaction, TicketEventKind, TicketStatus
from shuangjian_desktop.domain.ticket_flow import MOVES, OPEN, Step, StepRefused, allowed_steps, check_step

E, S = TicketEventKind, TicketStatus
NOW = dt.datetime(2026, 11, 20, 10, 0)
DEADLINE = dt.date(2026, 12, 1)


def step(kind: TicketEventKind, **kwargs: object) -> Step:
    values: dict = {
        "note": "理由",
        "handler_id": 1,
        "new_deadline": dt.date(2026, 12, 10),
        "satisfaction": Satisfaction.SATISFIED,
    }
    values.update(kwargs)
    return Step(kind, NOW, **values)


def test_the_whole_happy_path() -> None:
    status, satisfaction = S.ACCEPTED, None
    for kind in (E.DISPATCHED, E.SIGNED, E.HANDLING, E.REPLIED, E.FOLLOWED_UP, E.CLOSED):
        status = check_step(status, DEADLINE, satisfaction, step(kind))
        if kind is E.FOLLOWED_UP:
            satisfaction = Satisfaction.SATISFIED
    assert status is S.CLOSED and allowed_steps(status) == []


@pytest.mark.parametrize(
    ("status", "kind", "reason"),
    [
        (S.ACCEPTED, E.SIGNED, "不能“签收”"),
        (S.CLOSED, E.URGED, "不能“督办”"),
        (S.REPLIED, E.EXTENDED, "不能“延期”"),
        (S.HANDLING, E.CLOSED, "现在可以：答复、延期、督办"),
    ],
)
def test_steps_out_of_order_are_refused_with_what_is_allowed(
    status: TicketStatus, kind: TicketEventKind, reason: str
) -> None:
    with pytest.raises(StepRefused, match=reason):
        check_step(status, DEADLINE, None, step(kind))


def test_what_each_step_needs() -> None:
    with pytest.raises(StepRefused, match="承办人"):
        check_step(S.ACCEPTED, DEADLINE, None, step(E.DISPATCHED, handler_id=None))
    with pytest.raises(StepRefused, match="理由"):
        check_step(S.DISPATCHED, DEADLINE, None, step(E.RETURNED, note=" "))
    with pytest.raises(StepRefused, match="晚于原期限"):
        check_step(S.HANDLING, DEADLINE, None, step(E.EXTENDED, new_deadline=DEADLINE))
    with pytest.raises(StepRefused, match="之前申请"):
        check_step(S.HANDLING, dt.date(2026, 11, 19), None, step(E.EXTENDED))
    with pytest.raises(StepRefused, match="满意度"):
        check_step(S.REPLIED, DEADLINE, None, step(E.FOLLOWED_UP, satisfaction=None))
    with pytest.raises(StepRefused, match="重办"):
        check_step(S.FOLLOWED_UP, DEADLINE, Satisfaction.UNSATISFIED, step(E.CLOSED))
    assert check_step(S.FOLLOWED_UP, DEADLINE, Satisfaction.UNSATISFIED, step(E.REOPENED)) is S.HANDLING
    assert check_step(S.RETURNED, DEADLINE, None, step(E.DISPATCHED)) is S.DISPATCHED
    assert check_step(S.HANDLING, DEADLINE, None, step(E.URGED)) is S.HANDLING


@given(st.lists(st.sampled_from(list(MOVES)), max_size=30), st.lists(st.sampled_from(list(Satisfaction)), max_size=30))
def test_any_sequence_closes_only_after_a_reply_and_a_satisfied_follow_up(kinds: list, feelings: list) -> None:
    status, satisfaction, seen = S.ACCEPTED, None, []
    for i, kind in enumerate(kinds):
        feeling = feelings[i % len(feelings)] if feelings else Satisfaction.SATISFIED
        try:
            status = check_step(status, DEADLINE, satisfaction, step(kind, satisfaction=feeling))
        except StepRefused:
            assert kind not in allowed_steps(status) or kind in (E.CLOSED, E.REOPENED, E.EXTENDED)
            continue
        seen.append(kind)
        if kind is E.FOLLOWED_UP:
            satisfaction = feeling
        if kind is E.REOPENED:
            satisfaction = None
    if status is S.CLOSED:
        assert E.REPLIED in seen and seen[-1] is E.CLOSED and satisfaction is not Satisfaction.UNSATISFIED
        last_reply = len(seen) - 1 - seen[::-1].index(E.REPLIED)
        assert E.FOLLOWED_UP in seen[last_reply:]
    assert (status in OPEN) == (status not in (S.REPLIED, S.FOLLOWED_UP, S.CLOSED))
