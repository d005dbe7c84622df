"""Unified social credit code (统一社会信用代码) after GB 32100-2015: 18 characters with a check character."""

from __future__ import annotations

from shuangjian_desktop.domain.errors import InvalidValue
from shuangjian_desktop.domain.text import compact_code

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}


def check_character(first17: str) -> str:
    """The 18th character for the first 17 (which must use the code alphabet)."""
    total = sum(_VALUE[ch] * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def normalize_credit_code(raw: str) -> str:
    """Return the code in canonical form, or raise InvalidValue with the reason in Chinese."""
    code = compact_code(raw)
    if not code:
        raise InvalidValue("不能为空")
    if len(code) != 18:
        raise InvalidValue(f"应为18位，实为{len(code)}位")
    bad = sorted({ch for ch in code if ch not in _VALUE})
    if bad:
        raise InvalidValue(f"含有不允许的字符“{''.join(bad)}”（不使用 I、O、S、V、Z）")
    if not code[2:8].isdigit():
        raise InvalidValue("第3-8位应为行政区划码（数字）")
    expected = check_character(code[:17])
    if code[17] != expected:
        raise InvalidValue(f"校验位错误：第18位应为“{expected}”，实为“{code[17]}”")
    return code


def is_valid_credit_code(raw: str) -> bool:
    try:
        normalize_credit_code(raw)
    except InvalidValue:
        return False
    return True
