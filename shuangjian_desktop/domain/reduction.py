"""The reduction count and rate (压减数, 压减率) derived from the conversion and deregistration ledger.

Baseline: the for-profit subject institutions on the baseline date (the policy start, a setting).
Reduction count: baseline institutions converted to non-subject (学改非) or deregistered (注销) up to a date, each
institution counted once. Reduction rate: count / baseline. A conversion to non-profit (营转非) keeps an institution
in the subject category and does not reduce it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from shuangjian_desktop.domain.enums import ChangeKind

REDUCING_KINDS = frozenset({ChangeKind.TO_NON_SUBJECT, ChangeKind.DEREGISTERED})


@dataclass(frozen=True)
class StatusChangeFact:
    institution_id: int
    kind: ChangeKind
    effective_on: dt.date


@dataclass(frozen=True)
class ReductionFigures:
    baseline: int
    to_non_subject: int
    deregistered: int
    to_non_profit: int

    @property
    def reduction_count(self) -> int:
        return self.to_non_subject + self.deregistered

    @property
    def reduction_rate(self) -> float | None:
        """Share of the baseline reduced, 0..1; None when there was no baseline."""
        return self.reduction_count / self.baseline if self.baseline else None

    def rate_label(self) -> str:
        rate = self.reduction_rate
        return "—" if rate is None else f"{rate * 100:.2f}%"


def reduction(baseline_ids: Iterable[int], changes: Iterable[StatusChangeFact], until: dt.date) -> ReductionFigures:
    """Count what became of the baseline institutions up to ``until`` (inclusive)."""
    baseline = set(baseline_ids)
    first_reduction: dict[int, ChangeKind] = {}
    non_profit: set[int] = set()
    for change in sorted(changes, key=lambda c: c.effective_on):
        if change.institution_id not in baseline or change.effective_on > until:
            continue
        if change.kind in REDUCING_KINDS:
            first_reduction.setdefault(change.institution_id, change.kind)
        elif change.kind is ChangeKind.TO_NON_PROFIT:
            non_profit.add(change.institution_id)
    kinds = list(first_reduction.values())
    return ReductionFigures(
        baseline=len(baseline),
        to_non_subject=kinds.count(ChangeKind.TO_NON_SUBJECT),
        deregistered=kinds.count(ChangeKind.DEREGISTERED),
        to_non_profit=len(non_profit - first_reduction.keys()),
    )
