"""A city's summary of the counties' monthly returns: the figures on their visible sheets (what each county
signed) added together, rates recomputed from their parts; another month or layout, or the same unit twice, is
refused naming the files, and every figure changed by hand after export is named."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from shuangjian_desktop.documents.monthly_return_xlsx import (
    ReadReturn,
    ReturnHeader,
    layout,
    read_monthly_return,
    write_monthly_return,
)
from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.services.monthly_return import rate


@dataclass(frozen=True)
class MergeResult:
    count: int
    units: list[str]
    changed: list[str]
    """figures a county changed by hand after export (the visible figure was added), each naming its file"""

    def summary(self, out: Path) -> str:
        text = f"已汇总{self.count}份月报（{'、'.join(self.units)}）：{out}"
        if self.changed:
            text += "\n以下数字与导出时不同（已按表中所填数字汇总，请核实）：\n" + "\n".join(self.changed)
        return text


def merge_returns(paths: list[Path], out: Path, filled_on: dt.date | None = None) -> MergeResult:
    """Add the counties' returns together (a city's summary) from the figures on their visible sheets; rates are
    recomputed from their parts. Refuses returns of another month or layout, and the same unit twice, naming the
    files; names every figure changed by hand."""
    if not paths:
        raise DomainError("没有要汇总的月报")
    return merge_read([(Path(p).name, read_monthly_return(Path(p))) for p in paths], out, filled_on)


def merge_read(returns: list[tuple[str, ReadReturn]], out: Path, filled_on: dt.date | None = None) -> MergeResult:
    """The summary of returns already read, each with the name it is known by (its file, or its county): what
    merging the files does, and what a city's server adds up straight from each county's data (services/city.py)."""
    if not returns:
        raise DomainError("没有要汇总的月报")
    spec = layout()
    first_name, first = returns[0]
    seen: dict[str, str] = {}
    for name, each in returns:
        if each.month != first.month:
            raise DomainError(f"“{name}”是{each.month}的月报，与“{first_name}”（{first.month}）月份不同，不能汇总")
        if each.unit in seen:
            raise DomainError(f"“{name}”与“{seen[each.unit]}”是同一单位（{each.unit}）的月报，不能重复汇总")
        seen[each.unit] = name
    rates = {row[1]: row[3] for sheet in spec["sheets"] for row in sheet["rows"] if len(row) > 3}
    totals: dict[str, float | int | None] = {}
    for key in {k for _n, r in returns for k in r.values}:
        if key in rates:
            continue
        totals[key] = sum(int(r.values.get(key) or 0) for _n, r in returns)
    for key, (numerator, denominator) in rates.items():
        totals[key] = rate(totals.get(numerator), totals.get(denominator))
    units = [r.unit for _n, r in returns]
    header = ReturnHeader(
        "", "", "", "", (filled_on or dt.date.today()).isoformat(), first.month, merged_units=tuple(units)
    )
    details = [(key, f"{r.unit}·{kind}", record, day) for _n, r in returns for key, kind, record, day in r.details]
    write_monthly_return(out, header, totals, details)
    changed = [f"“{n}”{c}" for n, r in returns for c in r.changed]
    return MergeResult(len(returns), units, changed)
