"""The reduction count and rate derived from the conversion and deregistration ledger."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from shuangjian_desktop.domain.enums import ChangeKind
from shuangjian_desktop.domain.reduction import StatusChangeFact, reduction

DAY = dt.date(2026, 6, 30)


def test_counts_each_baseline_institution_once() -> None:
    changes = [
        StatusChangeFact(1, ChangeKind.TO_NON_SUBJECT, dt.date(2022, 1, 1)),
        StatusChangeFact(1, ChangeKind.DEREGISTERED, dt.date(2023, 1, 1)),  # in both figures, reduced once
        StatusChangeFact(2, ChangeKind.DEREGISTERED, dt.date(2022, 5, 1)),
        StatusChangeFact(3, ChangeKind.TO_NON_PROFIT, dt.date(2022, 5, 1)),  # not a reduction
        StatusChangeFact(9, ChangeKind.DEREGISTERED, dt.date(2022, 5, 1)),  # not in the baseline
        StatusChangeFact(4, ChangeKind.DEREGISTERED, dt.date(2027, 1, 1)),  # after the date
    ]
    figures = reduction({1, 2, 3, 4}, changes, DAY)
    assert (figures.baseline, figures.to_non_subject, figures.deregistered, figures.to_non_profit) == (4, 1, 2, 1)
    assert figures.both_ids == {1} and figures.reduction_count == 2 == 1 + 2 - 1
    assert figures.explanation() == "其中1家先学改非、后又注销，两项中各计一次，压减只计一次：1 + 2 − 1 = 2"
    assert figures.reduction_rate == 0.5
    assert figures.rate_label() == "50.00%"


def test_no_baseline_gives_no_rate() -> None:
    assert reduction(set(), [], DAY).reduction_rate is None
    assert reduction(set(), [], DAY).rate_label() == "—"


facts = st.builds(
    StatusChangeFact,
    st.integers(1, 30),
    st.sampled_from(list(ChangeKind)),
    st.dates(dt.date(2021, 7, 24), dt.date(2027, 12, 31)),
)


@given(st.sets(st.integers(1, 30)), st.lists(facts, max_size=60))
def test_the_count_never_exceeds_the_baseline_and_grows_with_time(
    baseline: set[int], changes: list[StatusChangeFact]
) -> None:
    earlier = reduction(baseline, changes, dt.date(2023, 1, 1))
    later = reduction(baseline, changes, dt.date(2027, 12, 31))
    assert earlier.reduction_count <= later.reduction_count <= later.baseline == len(baseline)
    reduced = {
        c.institution_id
        for c in changes
        if c.institution_id in baseline and c.kind in (ChangeKind.TO_NON_SUBJECT, ChangeKind.DEREGISTERED)
    }
    assert later.reduction_count == len(reduced)
    assert later.reduction_count == later.to_non_subject + later.deregistered - later.both
    assert bool(later.explanation()) == bool(later.both)


def test_undoing_changes_finds_the_state_on_an_earlier_date() -> None:
    from shuangjian_desktop.domain.enums import Category, NonSubjectArea, ProfitStatus, Status
    from shuangjian_desktop.domain.status_rules import InstitutionState, in_baseline, state_after, state_on

    start = InstitutionState(Category.SUBJECT, None, ProfitStatus.FOR_PROFIT, Status.OPERATING)
    state = start
    for kind in (ChangeKind.SUSPENDED, ChangeKind.RESUMED, ChangeKind.TO_NON_SUBJECT):
        state = state_after(kind, state)
    assert state.category is Category.NON_SUBJECT and state.area is NonSubjectArea.OTHER
    back = state_on(state, [ChangeKind.TO_NON_SUBJECT, ChangeKind.RESUMED, ChangeKind.SUSPENDED])
    assert (back.category, back.profit_status, back.status) == (start.category, start.profit_status, start.status)
    assert in_baseline(back) and not in_baseline(state)
