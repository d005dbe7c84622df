"""What a status change (营转非, 学改非, 注销, 停业整顿, 复业) does to an institution's category and status."""

from __future__ import annotations

from dataclasses import dataclass, replace

from shuangjian_desktop.domain.enums import Category, ChangeKind, NonSubjectArea, ProfitStatus, Status


@dataclass(frozen=True)
class InstitutionState:
    category: Category
    area: NonSubjectArea | None
    profit_status: ProfitStatus
    status: Status


def state_after(kind: ChangeKind, state: InstitutionState) -> InstitutionState:
    """The institution's state once ``kind`` took effect (the latest change decides)."""
    if kind is ChangeKind.TO_NON_PROFIT:
        return replace(state, profit_status=ProfitStatus.NON_PROFIT, status=Status.OPERATING)
    if kind is ChangeKind.TO_NON_SUBJECT:
        return replace(
            state, category=Category.NON_SUBJECT, area=state.area or NonSubjectArea.OTHER, status=Status.CONVERTED
        )
    if kind is ChangeKind.DEREGISTERED:
        return replace(state, status=Status.DEREGISTERED)
    if kind is ChangeKind.SUSPENDED:
        return replace(state, status=Status.SUSPENDED)
    if kind is ChangeKind.RESUMED:
        return replace(state, status=Status.OPERATING)
    raise ValueError(kind)


def state_before(kind: ChangeKind, state: InstitutionState) -> InstitutionState:
    """The state an institution was in just before ``kind`` took effect (undoing it; the inverse of state_after)."""
    if kind is ChangeKind.TO_NON_PROFIT:
        return replace(state, profit_status=ProfitStatus.FOR_PROFIT)
    if kind is ChangeKind.TO_NON_SUBJECT:
        return replace(state, category=Category.SUBJECT, area=None, status=Status.OPERATING)
    if kind in (ChangeKind.DEREGISTERED, ChangeKind.SUSPENDED):
        return replace(state, status=Status.OPERATING)
    if kind is ChangeKind.RESUMED:
        return replace(state, status=Status.SUSPENDED)
    raise ValueError(kind)


def state_on(current: InstitutionState, changes_newest_first: list[ChangeKind]) -> InstitutionState:
    """Undo the changes recorded after a date, newest first, to find the state on that date."""
    state = current
    for kind in changes_newest_first:
        state = state_before(kind, state)
    return state


def in_baseline(state: InstitutionState) -> bool:
    """The reduction is measured against the for-profit subject institutions that were running."""
    return (
        state.category is Category.SUBJECT
        and state.profit_status is ProfitStatus.FOR_PROFIT
        and state.status in (Status.OPERATING, Status.SUSPENDED)
    )
