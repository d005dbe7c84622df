"""Property tests for reading cell values: whatever a cell holds, a parser returns a value or refuses with a
Chinese reason (InvalidValue); it never raises anything else (OverflowError, decimal errors ...)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from shuangjian_desktop.domain import values as v
from shuangjian_desktop.domain.errors import InvalidValue
from shuangjian_desktop.domain.text import to_halfwidth

CELLS = st.one_of(
    st.text(max_size=40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.datetimes(),
    st.dates(),
    st.booleans(),
)


@given(CELLS)
def test_every_parser_returns_or_refuses_with_a_reason(cell: object) -> None:
    for parse in (v.parse_int, v.parse_money_cents, v.parse_datetime, v.parse_date, v.parse_bool):
        try:
            parse(cell)
        except InvalidValue as error:
            assert str(error)


@given(st.integers(min_value=0, max_value=v.MAX_INT))
def test_whole_numbers_in_every_written_form(number: int) -> None:
    full_width = str(number).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    for written in (number, float(number), str(number), f"{number:,}", full_width, f"{number}人"):
        assert v.parse_int(written) == number


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=99))
def test_money_in_yuan_and_wan(yuan: int, fen: int) -> None:
    assert v.parse_money_cents(f"{yuan}.{fen:02d}") == yuan * 100 + fen
    assert v.parse_money_cents(f"￥{yuan:,}元") == yuan * 100
    if yuan <= 10**8:  # 10^8 万元 is the most it takes
        assert v.parse_money_cents(yuan, scale=10_000) == yuan * 1_000_000


@given(st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 12, 31)))
def test_dates_as_clerks_write_them(day: dt.date) -> None:
    serial = (day - dt.date(1899, 12, 30)).days
    for written in (day, serial, f"{day.year}.{day.month}.{day.day}", f"{day.year}年{day.month}月{day.day}日"):
        assert v.parse_date(written) == day
    assert v.parse_date(to_halfwidth(f"{day.year}/{day.month:02d}/{day.day:02d}")) == day


def test_yes_and_no_as_ticked() -> None:
    assert all(v.parse_bool(x) for x in ("是", "√", "有", "Y", "y", "☑", 1, "1.0"))
    assert not any(v.parse_bool(x) for x in ("否", "×", "无", "N", "n", "☐", 0))
