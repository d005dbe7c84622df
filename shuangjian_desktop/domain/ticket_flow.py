"""The lifecycle of a complaint ticket: 受理 -> 派单 -> 签收 -> 办理 -> 答复 -> 回访 -> 办结, with 退单, 延期, 督办
and 重办. A step not allowed from the current state is refused with the reason, in Chinese; so is a step dated
before the step it follows (or in the future). The outcome (答复 or 办结) may record that a teacher was found
moonlighting (有偿补课): the teacher is marked so in the teachers' ledger, with the ticket.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from shuangjian_desktop.domain.enums import Satisfaction, TicketEventKind, TicketStatus
from shuangjian_desktop.domain.errors import DomainError

E, S = TicketEventKind, TicketStatus
OPEN = frozenset({S.ACCEPTED, S.DISPATCHED, S.SIGNED, S.HANDLING, S.RETURNED})
"""Not yet answered: these count towards the deadline."""
UNFINISHED = frozenset({*OPEN, S.REPLIED, S.FOLLOWED_UP})

MOVES: dict[TicketEventKind, tuple[frozenset[TicketStatus], TicketStatus | None]] = {
    # event: (states it may follow, state it leads to; None keeps the state)
    E.DISPATCHED: (frozenset({S.ACCEPTED, S.RETURNED}), S.DISPATCHED),
    E.SIGNED: (frozenset({S.DISPATCHED}), S.SIGNED),
    E.RETURNED: (frozenset({S.DISPATCHED, S.SIGNED}), S.RETURNED),
    E.HANDLING: (frozenset({S.SIGNED}), S.HANDLING),
    E.REPLIED: (frozenset({S.SIGNED, S.HANDLING}), S.REPLIED),
    E.FOLLOWED_UP: (frozenset({S.REPLIED}), S.FOLLOWED_UP),
    E.CLOSED: (frozenset({S.FOLLOWED_UP}), S.CLOSED),
    E.REOPENED: (frozenset({S.FOLLOWED_UP}), S.HANDLING),
    E.EXTENDED: (frozenset({S.DISPATCHED, S.SIGNED, S.HANDLING}), None),
    E.URGED: (frozenset({S.ACCEPTED, S.DISPATCHED, S.SIGNED, S.HANDLING, S.RETURNED}), None),
}


class StepRefused(DomainError):
    """The step is not allowed now; the message says why."""


@dataclass(frozen=True)
class Step:
    """What the clerk asks for; the fields a step needs are checked by ``check_step``."""

    kind: TicketEventKind
    at: dt.datetime
    note: str = ""
    handler_id: int | None = None
    new_deadline: dt.date | None = None
    satisfaction: Satisfaction | None = None
    moonlighting_teacher: str = ""
    """答复 or 办结 only: the teacher found giving paid tutoring, as “姓名（学校）” (empty: none found)."""


OUTCOME_STEPS = frozenset({E.REPLIED, E.CLOSED})
"""The steps that record the outcome, and so may record a teacher's moonlighting."""
LATE_TOLERANCE = dt.timedelta(minutes=5)


def allowed_steps(status: TicketStatus) -> list[TicketEventKind]:
    return [kind for kind, (sources, _target) in MOVES.items() if status in sources]


def check_step(
    status: TicketStatus,
    deadline: dt.date,
    satisfaction: Satisfaction | None,
    step: Step,
    *,
    previous: tuple[str, dt.datetime] | None = None,
    now: dt.datetime | None = None,
) -> TicketStatus:
    """The state after ``step``, or StepRefused saying why it cannot be taken now. ``previous`` is the step it
    follows (its name and time): a step may not be dated before it."""
    if previous is not None and step.at < previous[1]:
        raise StepRefused(
            f"“{step.kind.label}”的时间{step.at:%Y-%m-%d %H:%M}早于上一步“{previous[0]}”的时间"
            f"{previous[1]:%Y-%m-%d %H:%M}，请核对时间"
        )
    if now is not None and step.at > now + LATE_TOLERANCE:
        raise StepRefused(f"“{step.kind.label}”的时间{step.at:%Y-%m-%d %H:%M}晚于现在，请核对时间")
    if step.moonlighting_teacher and step.kind not in OUTCOME_STEPS:
        raise StepRefused("只有“答复”或“办结”时才能记录查实的在职教师有偿补课")
    move = MOVES.get(step.kind)
    if move is None:
        raise StepRefused(f"“{step.kind.label}”不是可办理的步骤")
    sources, target = move
    if status not in sources:
        allowed = "、".join(k.label for k in allowed_steps(status)) or "无"
        raise StepRefused(f"工单当前为“{status.label}”，不能“{step.kind.label}”（现在可以：{allowed}）")
    if step.kind is E.DISPATCHED and step.handler_id is None:
        raise StepRefused("派单须指定承办人")
    if step.kind in (E.RETURNED, E.EXTENDED, E.REOPENED) and not step.note.strip():
        raise StepRefused(f"“{step.kind.label}”须填写理由")
    if step.kind is E.REPLIED and not step.note.strip():
        raise StepRefused("答复须填写答复内容")
    if step.kind is E.EXTENDED:
        if step.new_deadline is None or step.new_deadline <= deadline:
            raise StepRefused(f"延期后的期限须晚于原期限 {deadline.isoformat()}")
        if step.at.date() > deadline:
            raise StepRefused(f"延期须在期限 {deadline.isoformat()} 之前申请，现已超期")
    if step.kind is E.FOLLOWED_UP and step.satisfaction is None:
        raise StepRefused("回访须记录满意度")
    if step.kind is E.CLOSED and satisfaction is Satisfaction.UNSATISFIED:
        raise StepRefused("回访不满意的工单不能办结，请“重办”")
    if step.kind is E.REOPENED and satisfaction is not Satisfaction.UNSATISFIED:
        raise StepRefused("只有回访不满意的工单才需要重办")
    return status if target is None else target
