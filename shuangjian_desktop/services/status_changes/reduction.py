"""The reduction count and rate (压减数, 压减率) from the conversion and deregistration ledger, as of any date.

The baseline is worked out from the ledger itself: each institution's state on the baseline date is its present
state with every change recorded after that date undone. So the figure never depends on when records were typed
in, and it is never typed in either.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from shuangjian_desktop.domain.enums import ChangeKind
from shuangjian_desktop.domain.reduction import ReductionFigures, StatusChangeFact, reduction
from shuangjian_desktop.domain.status_rules import InstitutionState, in_baseline, state_on
from shuangjian_desktop.store.models import BureauProfile, Institution, StatusChange
from shuangjian_desktop.store.uow import Store

DEFINITION = "压减数 = 学改非 + 注销（以基数日的营利性学科类机构为基数，每家只计一次）；压减率 = 压减数 ÷ 基数"


def baseline_date(session: Session, fallback: dt.date) -> dt.date:
    profile = session.scalar(select(BureauProfile))
    return profile.baseline_on if profile is not None and profile.baseline_on else fallback


def baseline_ids(session: Session, baseline: dt.date) -> set[int]:
    later: dict[int, list[tuple[dt.date, int, ChangeKind]]] = defaultdict(list)
    for change in session.scalars(select(StatusChange).where(StatusChange.effective_on > baseline)):
        later[change.institution_id].append((change.effective_on, change.id, change.kind))
    ids = set()
    for inst in session.scalars(select(Institution)):
        undo = [kind for _day, _id, kind in sorted(later.get(inst.id, []), reverse=True)]
        state = state_on(InstitutionState(inst.category, inst.area, inst.profit_status, inst.status), undo)
        if in_baseline(state):
            ids.add(inst.id)
    return ids


def reduction_figures(store: Store, until: dt.date, fallback_baseline: dt.date) -> tuple[dt.date, ReductionFigures]:
    """(baseline date, figures up to ``until``)."""
    with store.read() as uow:
        session = uow.session
        baseline = baseline_date(session, fallback_baseline)
        ids = baseline_ids(session, baseline)
        facts = [
            StatusChangeFact(c.institution_id, c.kind, c.effective_on)
            for c in session.scalars(select(StatusChange).where(StatusChange.effective_on > baseline))
        ]
    return baseline, reduction(ids, facts, until)


def changes_between(session: Session, first: dt.date, last: dt.date) -> dict[ChangeKind, list[StatusChange]]:
    found: dict[ChangeKind, list[StatusChange]] = defaultdict(list)
    for change in session.scalars(select(StatusChange).where(StatusChange.effective_on.between(first, last))):
        found[change.kind].append(change)
    return found
