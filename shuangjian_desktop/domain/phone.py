"""Mobile and landline telephone numbers as clerks type them."""

from __future__ import annotations

import re

from shuangjian_desktop.domain.errors import InvalidValue
from shuangjian_desktop.domain.text import to_halfwidth

_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"(0\d{2,3})(\d{7,8})(?:(?:转|ext\.?|#|-)?(\d{1,6}))?")
_LOCAL = re.compile(r"[2-9]\d{6,7}")
_HOTLINE = re.compile(r"(?:12345|12315|12110|110|119|120|96\d{3,4}|400\d{7}|800\d{7})")


def normalize_phone(raw: str) -> str:
    """Return a canonical number: 13812345678, 0833-5551234 or 0833-5551234-12; else raise InvalidValue."""
    text = to_halfwidth(raw).strip()
    text = re.sub(r"^(\+?86|0086)[\s-]*(?=1[3-9])", "", text)
    text = re.sub(r"[\s()\-（）—－‐]", "", text.replace("转", "-").replace("ext", "-"))
    digits = text.replace("-", "")
    if not digits:
        raise InvalidValue("不能为空")
    if _MOBILE.fullmatch(digits):
        return digits
    if _HOTLINE.fullmatch(digits) or _LOCAL.fullmatch(digits):
        return digits
    parts = text.split("-") if "-" in text else None
    match = _LANDLINE.fullmatch(digits) if parts is None else _LANDLINE.fullmatch("".join(parts[:2]))
    if match and (parts is None or len(parts) <= 3):
        area, number, ext = match.group(1), match.group(2), match.group(3)
        if parts is not None and len(parts) == 3:
            ext = parts[2]
        return f"{area}-{number}" + (f"-{ext}" if ext else "")
    if digits.startswith("1") and len(digits) != 11:
        raise InvalidValue(f"手机号应为11位，实为{len(digits)}位")
    raise InvalidValue(f"“{raw.strip()}”不是有效的手机号或固定电话（如 13812345678、0833-5551234）")
