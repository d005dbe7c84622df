"""Mobile and landline telephone numbers as clerks type them.

Canonical forms: 13812345678; 0833-5551234; 010-88886666-123 (with an extension); short service numbers (12345)
and local numbers without an area code are kept as digits.
"""

from __future__ import annotations

import re

from shuangjian_desktop.domain.errors import InvalidValue
from shuangjian_desktop.domain.text import to_halfwidth

_MOBILE = re.compile(r"1[3-9]\d{9}")
_SERVICE = re.compile(r"12\d{3}|11[0-9]|12[0-9]|96\d{3,4}|400\d{7}|800\d{7}")
_LOCAL = re.compile(r"[2-9]\d{6,7}")
_AREA = re.compile(r"0\d{2,3}")
_EXTENSION = re.compile(r"(?:转|ext\.?|分机|#)\s*(\d{1,6})$", re.IGNORECASE)


def _area_length(digits: str) -> int:
    """010 and 02x are three digits long; every other area code four."""
    return 3 if digits[:2] in ("01", "02") else 4


def normalize_phone(raw: str) -> str:
    """Return the canonical number, or raise InvalidValue saying why."""
    text = to_halfwidth(str(raw)).strip()
    if not text:
        raise InvalidValue("不能为空")
    extension = None
    found = _EXTENSION.search(text)
    if found:
        extension, text = found.group(1), text[: found.start()]
    text = re.sub(r"^(\+86|0086)", "", re.sub(r"[\s()（）]", "", text))
    text = re.sub(r"[‐‑–—－]", "-", text)
    if re.search(r"[^\d-]", text):
        raise InvalidValue(f"“{str(raw).strip()}”含有非数字字符")
    digits = text.replace("-", "")
    if extension is None and _MOBILE.fullmatch(digits):
        return digits
    if extension is None and (_SERVICE.fullmatch(digits) or _LOCAL.fullmatch(digits)):
        return digits
    parts = [p for p in text.split("-") if p]
    if len(parts) >= 2 and _AREA.fullmatch(parts[0]):
        area, number = parts[0], parts[1]
        if len(parts) == 3 and extension is None:
            extension = parts[2]
        elif len(parts) > 3:
            raise InvalidValue(f"“{str(raw).strip()}”分段过多")
    elif digits.startswith("0"):
        cut = _area_length(digits)
        area, number = digits[:cut], digits[cut:]
    else:
        if digits.startswith("1"):
            raise InvalidValue(f"手机号应为11位，实为{len(digits)}位")
        raise InvalidValue(f"“{str(raw).strip()}”不是有效的手机号或固定电话（如 13812345678、0833-5551234）")
    if not _LOCAL.fullmatch(number):
        raise InvalidValue(f"“{str(raw).strip()}”的电话号码部分应为7-8位")
    if extension is not None and not re.fullmatch(r"\d{1,6}", extension):
        raise InvalidValue("分机号应为1-6位数字")
    return f"{area}-{number}" + (f"-{extension}" if extension else "")
