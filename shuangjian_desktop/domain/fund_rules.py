"""Prepaid-fund supervision (资金监管): the supervision account (资金监管账户, ``FundAccount``) and its minimum
balance (最低余额, ``minimum_balance``), large movements (大额异动) between two balance snapshots, and charges checked
against the 3 months / 60 lessons rule of the negative list (domain/training_rules.check_prepaid).
"""

from __future__ import annotations

from dataclasses import dataclass

from shuangjian_desktop.domain.training_rules import Breach, check_prepaid
from shuangjian_desktop.domain.values import format_money


@dataclass(frozen=True)
class Movement:
    before_cents: int
    after_cents: int

    @property
    def change_cents(self) -> int:
        return self.after_cents - self.before_cents

    def describe(self) -> str:
        verb = "增加" if self.change_cents >= 0 else "减少"
        return f"余额由{format_money(self.before_cents)}元{verb}{format_money(abs(self.change_cents))}元"


def is_large_movement(change_cents: int | None, threshold_yuan: int) -> bool:
    """A movement at or above the county's threshold, either way (a threshold of 0 flags nothing)."""
    return change_cents is not None and threshold_yuan > 0 and abs(change_cents) >= threshold_yuan * 100


def below_minimum(balance_cents: int | None, minimum_cents: int) -> bool:
    """Whether the latest balance is under the account's minimum (no balance reported yet: not known, not below)."""
    return balance_cents is not None and balance_cents < minimum_cents


def charge_breaches(months: int | None, lessons: int | None) -> list[Breach]:
    """What a prepaid charge breaks: more than 3 months or more than 60 lessons at once."""
    return check_prepaid(months, lessons)


def breach_text(months: int | None, lessons: int | None) -> str:
    return "；".join(b.message for b in charge_breaches(months, lessons))
