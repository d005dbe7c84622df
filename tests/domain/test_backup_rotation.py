"""Backup rotation keeps the newest of each recent day, week and month, and never the oldest clutter."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from shuangjian_desktop.domain.backup_rotation import keep

stamps = st.lists(st.datetimes(dt.datetime(2024, 1, 1), dt.datetime(2026, 12, 31)), min_size=1, max_size=80)


def test_a_year_of_daily_backups() -> None:
    days = [dt.datetime(2026, 1, 1, 18) + dt.timedelta(days=i) for i in range(365)]
    kept = keep(days, daily=7, weekly=4, monthly=12)
    assert days[-1] in kept and all(d in kept for d in days[-7:])
    assert len(kept) <= 7 + 4 + 12
    assert len({(d.year, d.month) for d in kept}) == 12


@given(stamps, st.integers(0, 10), st.integers(0, 6), st.integers(0, 12))
def test_properties(times: list[dt.datetime], daily: int, weekly: int, monthly: int) -> None:
    kept = keep(times, daily, weekly, monthly)
    assert max(times) in kept and kept <= set(times)
    assert len(kept) <= 1 + daily + weekly + monthly
    for stamp in kept - {max(times)}:  # each kept one is the newest of its day, week or month
        same_day = [t for t in times if t.date() == stamp.date()]
        same_week = [t for t in times if t.isocalendar()[:2] == stamp.isocalendar()[:2]]
        same_month = [t for t in times if (t.year, t.month) == (stamp.year, stamp.month)]
        assert stamp in (max(same_day), max(same_week), max(same_month))
