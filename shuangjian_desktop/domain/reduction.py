"""The reduction count and rate (压减数, 压减率) derived from the conversion and deregistration ledger.

Baseline: the for-profit subject institutions on the baseline date (the policy start, a setting), registered by
then (an institution registered after the baseline date is not in it).
Reduction count: baseline institutions converted to non-subject (学改非) or deregistered (注销) up to a date, each
institution counted once. Reduction rate: count / baseline. A conversion to non-profit (营转非) keeps an institution
in the subject category and does not reduce it.

An institution converted to non-subject and later deregistered (学改非后又注销) is in both cumulative counts
(``to_non_subject`` and ``deregistered``) and in the reduction once: reduction_count = to_non_subject + deregistered
- both. Screens and returns show ``both`` beside the figures, so the sum is never a puzzle.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from shuangjian_desktop.domain.enums import ChangeKind

REDUCING_KINDS = frozenset({ChangeKind.TO_NON_SUBJECT, ChangeKind.DEREGISTERED})
POLICY_DATE = dt.date(2021, 7, 24)
"""中办发〔2021〕40号 (the 双减 opinion) was issued: no new subject institutions approved, those kept registered as
non-profit."""


@dataclass(frozen=True)
class StatusChangeFact:
    institution_id: int
    kind: ChangeKind
    effective_on: dt.date


@dataclass(frozen=True)
class ReductionFigures:
    baseline: int
    to_non_subject: int
    """Baseline institutions converted to non-subject (学改非) by the date."""
    deregistered: int
    """Baseline institutions deregistered (注销) by the date."""
    to_non_profit: int
    """Baseline institutions converted to non-profit (营转非) and not reduced."""
    both_ids: frozenset[int] = frozenset()
    """Those converted to non-subject and deregistered as well: counted in both figures, reduced once."""

    @property
    def both(self) -> int:
        return len(self.both_ids)

    @property
    def reduction_count(self) -> int:
        return self.to_non_subject + self.deregistered - self.both

    @property
    def reduction_rate(self) -> float | None:
        """Share of the baseline reduced, 0..1; None when there was no baseline."""
        return self.reduction_count / self.baseline if self.baseline else None

    def rate_label(self) -> str:
        rate = self.reduction_rate
        return "—" if rate is None else f"{rate * 100:.2f}%"

    def explanation(self) -> str:
        """Why the reduction is smaller than the two figures added, or "" when it is not."""
        if not self.both:
            return ""
        return (
            f"其中{self.both}家先学改非、后又注销，两项中各计一次，压减只计一次："
            f"{self.to_non_subject} + {self.deregistered} − {self.both} = {self.reduction_count}"
        )


def reduction(baseline_ids: Iterable[int], changes: Iterable[StatusChangeFact], until: dt.date) -> ReductionFigures:
    """Count what became of the baseline institutions up to ``until`` (inclusive)."""
    baseline = set(baseline_ids)
    converted: set[int] = set()
    deregistered: set[int] = set()
    non_profit: set[int] = set()
    for change in changes:
        if change.institution_id not in baseline or change.effective_on > until:
            continue
        if change.kind is ChangeKind.TO_NON_SUBJECT:
            converted.add(change.institution_id)
        elif change.kind is ChangeKind.DEREGISTERED:
            deregistered.add(change.institution_id)
        elif change.kind is ChangeKind.TO_NON_PROFIT:
            non_profit.add(change.institution_id)
    return ReductionFigures(
        baseline=len(baseline),
        to_non_subject=len(converted),
        deregistered=len(deregistered),
        to_non_profit=len(non_profit - converted - deregistered),
        both_ids=frozenset(converted & deregistered),
    )
