"""Which automatic backups to keep: the newest of each of the last N days, N ISO weeks and N months (the rotation
of the trusted desktop programs); everything else may go."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable


def keep(stamps: Iterable[dt.datetime], daily: int, weekly: int, monthly: int) -> set[dt.datetime]:
    """The backups (by their time) to keep; the newest one is always kept."""
    ordered = sorted(set(stamps), reverse=True)
    kept: set[dt.datetime] = set(ordered[:1])
    for period, count in (
        (lambda t: t.date(), daily),
        (lambda t: t.isocalendar()[:2], weekly),
        (lambda t: (t.year, t.month), monthly),
    ):
        seen: list[object] = []
        for stamp in ordered:
            key = period(stamp)
            if key in seen:
                continue
            if len(seen) >= count:
                break
            seen.append(key)
            kept.add(stamp)
    return kept
