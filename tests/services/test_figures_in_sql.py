"""Figures now taken by SQL aggregates give what the ledgers' definitions give row by row: the reduction (baseline
by each institution's state on the baseline date), the paged attention list against its parts in full, the
follow-up count."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

import pytest
from sqlalchemy import select

from shuangjian_desktop import settings as opts
from shuangjian_desktop.domain.access import Action
from shuangjian_desktop.domain.enums import ChangeKind
from shuangjian_desktop.domain.reduction import StatusChangeFact, reduction
from shuangjian_desktop.domain.status_rules import InstitutionState, in_baseline, state_on
from shuangjian_desktop.services.dashboard import AttentionList
from shuangjian_desktop.services.status_changes.reduction import reduction_figures
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.store.models import Institution, StatusChange
from tests.conftest import DEMO_TODAY


def _by_definition(workspace: Workspace, baseline: dt.date, until: dt.date):
    """The reduction as the domain defines it, every institution loaded (what the SQL version replaced)."""
    with workspace.store.read() as uow:
        s = uow.session
        later: dict[int, list] = defaultdict(list)
        for change in s.scalars(select(StatusChange).where(StatusChange.effective_on > baseline)):
            later[change.institution_id].append((change.effective_on, change.id, change.kind))
        ids = set()
        for inst in s.scalars(select(Institution)):
            if inst.registered_on is not None and inst.registered_on > baseline:
                continue  # registered after the baseline date: never in it
            undo = [kind for _d, _i, kind in sorted(later.get(inst.id, []), reverse=True)]
            if in_baseline(state_on(InstitutionState(inst.category, inst.area, inst.profit_status, inst.status), undo)):
                ids.add(inst.id)
        facts = [StatusChangeFact(i, kind, day) for i, changes in later.items() for day, _id, kind in changes]
    return reduction(ids, facts, until)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_reduction_from_sql_equals_the_definition(demo_workspace: Workspace, seed: int) -> None:
    rng = random.Random(seed)
    with demo_workspace.store.write("李晓燕", Action.EDIT_LEDGERS) as uow:
        ids = list(uow.session.scalars(select(Institution.id)))
        for _ in range(40):
            uow.session.add(
                StatusChange(
                    institution_id=rng.choice(ids),
                    kind=rng.choice(list(ChangeKind)),
                    effective_on=dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(2000)),
                )
            )
        uow.commit()
    baseline = dt.date(2021, 7, 24)
    for until in (dt.date(2022, 1, 1), DEMO_TODAY, dt.date(2030, 1, 1)):
        found_baseline, figures = reduction_figures(demo_workspace.store, until, baseline)
        assert found_baseline == baseline
        assert figures == _by_definition(demo_workspace, baseline, until)


def test_the_attention_list_pages_are_its_parts_in_full(demo_workspace: Workspace) -> None:
    attention = AttentionList(demo_workspace.store, opts.Settings(), DEMO_TODAY)
    attention.reload()
    everything = attention.all()
    assert len(everything) == attention.count() > 5
    pieces = [item for start in range(0, attention.count(), 3) for item in attention.page(start, 3)]
    assert pieces == everything
    assert attention.page(attention.count(), 10) == []


def test_the_follow_up_count_is_the_follow_ups(demo_workspace: Workspace) -> None:
    service = demo_workspace.inspections
    for day in (dt.date(2026, 1, 1), DEMO_TODAY, dt.date(2027, 6, 1)):
        assert service.follow_up_count(day) == len(service.follow_ups(day))
