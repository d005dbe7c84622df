"""Reading one spreadsheet or form value into a typed value; each parser raises InvalidValue with the reason.

Accepts what clerks' sheets really hold: numbers stored as text, full-width digits, Excel serial dates,
2026/10/1, 2026.10.1, 2026年10月1日, 20261001, 是/否/√.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from shuangjian_desktop.domain.errors import InvalidValue
from shuangjian_desktop.domain.text import clean_text, to_halfwidth

EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_DATE_TEXT = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_TIME_TEXT = re.compile(r"(\d{1,2})\s*[:：时点]\s*(\d{1,2})\s*分?(?:\s*[:：]?\s*(\d{1,2})\s*秒?)?")
_TRUE = {"是", "有", "√", "✓", "✔", "☑", "y", "yes", "true", "1", "1.0", "对", "已", "已签", "已签订", "已纳入", "纳入"}
_FALSE = {"否", "无", "×", "✗", "✘", "☐", "n", "no", "false", "0", "0.0", "错", "未", "未签", "未签订", "未纳入", "不"}
MAX_INT = 2_000_000_000
"""Counts beyond this are typing errors (and would not fit the database's integer)."""
MAX_YUAN = Decimal(1_000_000_000_000)
_INT_SUFFIX = re.compile(r"(人|个|名|家|课时|天|日|个工作日|工作日|个自然日|自然日)$")


def text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_text(str(value))


def parse_int(value: Any, *, minimum: int | None = 0, maximum: int = MAX_INT) -> int:
    """A whole number as typed: 1,200 / １２０ / 120人 / 120.0; out of [minimum, maximum] is an error, not a crash."""
    if isinstance(value, bool):
        raise InvalidValue("应为整数")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise InvalidValue("不是有效的数字")
        if abs(value) > maximum * 10:
            raise InvalidValue(f"数值{value:g}超出范围（最大{maximum}）")
        if not value.is_integer():
            raise InvalidValue(f"应为整数，实为{value:g}")
        number = int(value)
    else:
        shown = text(value)[:30]
        raw = to_halfwidth(text(value)).replace(",", "").replace("，", "").replace(" ", "")
        raw = _INT_SUFFIX.sub("", raw)
        try:
            amount = Decimal(raw)
        except InvalidOperation:
            raise InvalidValue(f"“{shown}”不是整数") from None
        if not amount.is_finite():
            raise InvalidValue(f"“{shown}”不是有效的数字")
        if abs(amount) > maximum * 10:
            raise InvalidValue(f"“{shown}”超出范围（最大{maximum}）")
        if amount != amount.to_integral_value():
            raise InvalidValue(f"“{shown}”不是整数")
        number = int(amount)
    if minimum is not None and number < minimum:
        raise InvalidValue(f"不能小于{minimum}")
    if number > maximum:
        raise InvalidValue(f"{number}超出范围（最大{maximum}）")
    return number


def parse_money_cents(value: Any, *, scale: int = 1) -> int:
    """Yuan as typed (12,345.60 / 1.2万 / ￥300 / 300元) -> whole cents; ``scale`` 10,000 for a 万元 column."""
    if isinstance(value, bool):
        raise InvalidValue("应为金额")
    shown = text(value)[:30]
    if isinstance(value, int | float):
        amount = Decimal(str(value)) * scale
    else:
        raw = to_halfwidth(text(value)).replace(",", "").replace("，", "").replace(" ", "")
        raw = raw.lstrip("¥￥").removesuffix("元").removesuffix("人民币")
        unit = Decimal(scale)
        if raw.endswith("万"):
            raw, unit = raw[:-1], Decimal(10000)
        try:
            amount = Decimal(raw) * unit
        except InvalidOperation:
            raise InvalidValue(f"“{shown}”不是金额") from None
    if not amount.is_finite():
        raise InvalidValue(f"“{shown}”不是有效的金额")
    if amount < 0:
        raise InvalidValue("金额不能为负数")
    if amount > MAX_YUAN:
        raise InvalidValue(f"“{shown}”超出范围（最多{MAX_YUAN:,}元）")
    cents = amount * 100
    if cents != cents.to_integral_value():
        raise InvalidValue("金额最多保留两位小数")
    return int(cents)


def format_money(cents: int) -> str:
    return f"{Decimal(cents) / 100:,.2f}"


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    key = to_halfwidth(text(value)).lower()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise InvalidValue(f"“{text(value)}”应填“是”或“否”")


def _from_serial(number: float) -> dt.datetime:
    if not 1 <= number < 2958466:
        raise InvalidValue(f"“{number}”不是有效的日期")
    return EXCEL_EPOCH + dt.timedelta(days=number)


def parse_datetime(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value != value or value in (float("inf"), float("-inf")):
            raise InvalidValue("不是有效的日期")
        return _from_serial(float(value)).replace(microsecond=0)
    if isinstance(value, dt.time | dt.timedelta):
        raise InvalidValue(f"“{value}”只有时间，没有日期")
    raw = to_halfwidth(text(value)).replace("T", " ")
    if re.fullmatch(r"\d{5}(\.\d+)?", raw):
        return _from_serial(float(raw)).replace(microsecond=0)
    compact = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", raw)
    match = compact or _DATE_TEXT.match(raw)
    if not match:
        raise InvalidValue(f"“{text(value)}”不是有效的日期（如 2026-10-01）")
    try:
        day = dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        raise InvalidValue(f"日期“{text(value)}”不存在") from None
    rest = raw[match.end() :].strip() if not compact else ""
    moment = dt.time()
    if rest:
        time_match = _TIME_TEXT.fullmatch(rest)
        if not time_match:
            raise InvalidValue(f"“{text(value)}”的时间部分无法识别（如 2026-10-01 09:30）")
        try:
            moment = dt.time(int(time_match.group(1)), int(time_match.group(2)), int(time_match.group(3) or 0))
        except ValueError:
            raise InvalidValue(f"时间“{rest}”不存在") from None
    if not 1900 <= day.year <= 2100:
        raise InvalidValue(f"年份{day.year}不合理")
    return dt.datetime.combine(day, moment)


def parse_date(value: Any) -> dt.date:
    return parse_datetime(value).date()


def chinese_date(day: dt.date) -> str:
    """2026年3月5日 (no leading zeros), portable: strftime's %-m does not exist on Windows."""
    return f"{day.year}年{day.month}月{day.day}日"


def chinese_month_day(day: dt.date) -> str:
    """3月5日, portable: Windows' strftime refuses Chinese characters in its format ("Invalid format string")."""
    return f"{day.month}月{day.day}日"
