"""Resident identity number (公民身份号码) after GB 11643-1999, and its masking for screens and exports."""

from __future__ import annotations

import datetime as dt

from shuangjian_desktop.domain.errors import InvalidValue
from shuangjian_desktop.domain.text import compact_code

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"


def check_digit(first17: str) -> str:
    return CHECK[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def birth_date(number: str) -> dt.date:
    return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def normalize_id_number(raw: str, *, today: dt.date | None = None) -> str:
    """Return the 18-character number (upper-case X), or raise InvalidValue with the reason."""
    number = compact_code(raw)
    if not number:
        raise InvalidValue("不能为空")
    if len(number) != 18:
        raise InvalidValue(f"应为18位，实为{len(number)}位")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise InvalidValue("前17位应为数字，第18位应为数字或X")
    if number[0] not in "12345678":
        raise InvalidValue("前6位不是有效的行政区划码")
    try:
        born = birth_date(number)
    except ValueError:
        raise InvalidValue(f"出生日期“{number[6:14]}”不存在") from None
    if born.year < 1900 or born > (today or dt.date.today()):
        raise InvalidValue(f"出生日期“{number[6:14]}”不合理")
    expected = check_digit(number[:17])
    if number[17] != expected:
        raise InvalidValue(f"校验码错误：第18位应为“{expected}”，实为“{number[17]}”")
    return number


def mask_id_number(number: str | None) -> str:
    """Show the region and the last four characters only: 511423********123X."""
    if not number:
        return ""
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]
