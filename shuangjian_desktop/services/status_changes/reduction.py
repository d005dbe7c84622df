"""The reduction count and rate (压减数, 压减率) from the conversion and deregistration ledger, as of any date.

The baseline is worked out from the ledger itself: each institution's state on the baseline date is its present
state with every change recorded after that date undone, and an institution registered after that date (its 登记日期)
is left out. So the figure never depends on when records were typed in, and it is never typed in either.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import replace
from typing import Any

from sqlalchemy import exists, func, literal, or_, select
from sqlalchemy.orm import Session

from shuangjian_desktop.domain.enums import Category, ChangeKind, ProfitStatus, Status
from shuangjian_desktop.domain.reduction import ReductionFigures, StatusChangeFact, reduction
from shuangjian_desktop.domain.status_rules import InstitutionState, in_baseline, state_on
from shuangjian_desktop.store.models import BureauProfile, Institution, StatusChange
from shuangjian_desktop.store.uow import Store

DEFINITION = (
    "压减数 = 学改非 + 注销（以基数日的营利性学科类机构为基数，基数日后登记的机构不计入；"
    "先学改非后又注销的机构只计一次）；压减率 = 压减数 ÷ 基数"
)


def baseline_date(session: Session, fallback: dt.date) -> dt.date:
    profile = session.scalar(select(BureauProfile))
    return profile.baseline_on if profile is not None and profile.baseline_on else fallback


def _later(session: Session, baseline: dt.date) -> dict[int, list[tuple[dt.date, int, ChangeKind]]]:
    """The changes recorded after the baseline date, by institution (as plain tuples)."""
    later: dict[int, list[tuple[dt.date, int, ChangeKind]]] = defaultdict(list)
    stmt = select(StatusChange.institution_id, StatusChange.effective_on, StatusChange.id, StatusChange.kind).where(
        StatusChange.effective_on > baseline
    )
    for institution_id, effective_on, change_id, kind in session.execute(stmt):
        later[institution_id].append((effective_on, change_id, kind))
    return later


def registered_by(baseline: dt.date) -> Any:
    """Registered on or before the baseline date (an unknown date counts as before)."""
    return or_(Institution.registered_on.is_(None), Institution.registered_on <= baseline)


def _in_baseline_now(baseline: dt.date) -> list[Any]:
    """In the baseline by its present state (SQL): for-profit subject institutions that are running, registered by
    the baseline date."""
    return [
        Institution.category == Category.SUBJECT,
        Institution.profit_status == ProfitStatus.FOR_PROFIT,
        Institution.status.in_((Status.OPERATING, Status.SUSPENDED)),
        registered_by(baseline),
    ]


def _untouched(baseline: dt.date) -> Any:
    return ~exists(
        select(literal(1)).where(StatusChange.institution_id == Institution.id, StatusChange.effective_on > baseline)
    )


def _changed_in_baseline(session: Session, baseline: dt.date, later: dict[int, list[Any]]) -> set[int]:
    """Of the institutions changed since the baseline date, those whose state then (their present state with the
    later changes undone) puts them in the baseline."""
    ids = set()
    columns = (Institution.id, Institution.category, Institution.area, Institution.profit_status, Institution.status)
    for start in range(0, len(later), 1000):
        chunk = list(later)[start : start + 1000]
        for inst_id, category, area, profit, status in session.execute(
            select(*columns).where(Institution.id.in_(chunk), registered_by(baseline))
        ):
            undo = [kind for _day, _id, kind in sorted(later[inst_id], reverse=True)]
            if in_baseline(state_on(InstitutionState(category, area, profit, status), undo)):
                ids.add(inst_id)
    return ids


def baseline_ids(session: Session, baseline: dt.date) -> set[int]:
    """Every institution in the baseline: those unchanged since the date by their present state (SQL), the
    changed ones by their state on the date."""
    later = _later(session, baseline)
    unchanged = set(session.scalars(select(Institution.id).where(*_in_baseline_now(baseline), _untouched(baseline))))
    return unchanged | _changed_in_baseline(session, baseline, later)


def reduction_figures(store: Store, until: dt.date, fallback_baseline: dt.date) -> tuple[dt.date, ReductionFigures]:
    """(baseline date, figures up to ``until``): the unchanged part of the baseline is an SQL count; only the
    institutions changed since the baseline date are looked at one by one."""
    with store.read() as uow:
        session = uow.session
        baseline = baseline_date(session, fallback_baseline)
        later = _later(session, baseline)
        unchanged = (
            session.scalar(
                select(func.count()).select_from(Institution).where(*_in_baseline_now(baseline), _untouched(baseline))
            )
            or 0
        )
        changed = _changed_in_baseline(session, baseline, later)
    facts = [StatusChangeFact(i, kind, day) for i, changes in later.items() for day, _id, kind in changes]
    figures = reduction(changed, facts, until)
    return baseline, replace(figures, baseline=figures.baseline + unchanged)


def changes_between(session: Session, first: dt.date, last: dt.date) -> dict[ChangeKind, list[StatusChange]]:
    found: dict[ChangeKind, list[StatusChange]] = defaultdict(list)
    for change in session.scalars(select(StatusChange).where(StatusChange.effective_on.between(first, last))):
        found[change.kind].append(change)
    return found
