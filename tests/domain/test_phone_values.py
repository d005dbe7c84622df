"""Telephone numbers and spreadsheet values as clerks type them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shuangjian_desktop.domain.errors import InvalidValue
from shuangjian_desktop.domain.phone import normalize_phone
from shuangjian_desktop.domain.values import (
    EXCEL_EPOCH,
    parse_bool,
    parse_date,
    parse_datetime,
    parse_int,
    parse_money_cents,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("138 1234 5678", "13812345678"),
        ("+86 13812345678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("0833-5551234", "0833-5551234"),
        ("(0833)5551234", "0833-5551234"),
        ("08335551234", "0833-5551234"),
        ("010-88886666-123", "010-88886666-123"),
        ("12345", "12345"),
        ("5551234", "5551234"),
    ],
)
def test_phone_numbers_are_normalised(raw: str, expected: str) -> None:
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize("raw", ["1381234567", "abc", "23812345678", "0833-12"])
def test_bad_phone_numbers_are_refused(raw: str) -> None:
    with pytest.raises(InvalidValue):
        normalize_phone(raw)


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_every_mobile_number_survives(number: str) -> None:
    assert normalize_phone(number) == number
    assert normalize_phone(f"{number[:3]} {number[3:7]}-{number[7:]}") == number


@given(st.dates(dt.date(1901, 1, 1), dt.date(2099, 12, 31)))
def test_dates_in_every_written_form(day: dt.date) -> None:
    serial = (dt.datetime.combine(day, dt.time()) - EXCEL_EPOCH).days
    forms = [
        day,
        dt.datetime.combine(day, dt.time(9)),
        serial,
        float(serial),
        day.isoformat(),
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}.{day.month}.{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
        day.strftime("%Y%m%d"),
    ]
    if serial >= 10000:  # a serial typed as text: five digits, so never read as a year
        forms.append(str(serial))
    for form in forms:
        assert parse_date(form) == day, form


def test_date_with_time_and_bad_dates() -> None:
    assert parse_datetime("2026-10-20 09:30") == dt.datetime(2026, 10, 20, 9, 30)
    assert parse_datetime("2026年10月20日 9时30分") == dt.datetime(2026, 10, 20, 9, 30)
    for bad in ("2026-02-30", "明天", "2026-10-20 25:00"):
        with pytest.raises(InvalidValue):
            parse_datetime(bad)


def test_numbers_stored_as_text_and_money() -> None:
    assert parse_int("１２０") == 120
    assert parse_int("1,200人") == 1200
    assert parse_int(35.0) == 35
    with pytest.raises(InvalidValue):
        parse_int("3.5")
    with pytest.raises(InvalidValue):
        parse_int(-1)
    assert parse_money_cents("12,345.60") == 1234560
    assert parse_money_cents("￥300元") == 30000
    assert parse_money_cents("1.2万") == 1200000
    assert parse_money_cents(Decimal("0.1") * 3) == 30
    with pytest.raises(InvalidValue):
        parse_money_cents("0.001")


def test_yes_and_no() -> None:
    assert parse_bool("是") and parse_bool("√") and parse_bool("Y")
    assert not parse_bool("否") and not parse_bool("×")
    with pytest.raises(InvalidValue, match=r"是.*否"):
        parse_bool("也许")
