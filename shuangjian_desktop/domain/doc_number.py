"""Document numbers (文号) such as 示教体整改〔2026〕12号: prefix, full year in 〔〕, sequence, 号.

GB/T 9704-2012: the year is written in full inside hexagonal brackets 〔〕, the sequence has no leading zeros and no 第.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from shuangjian_desktop.domain.errors import InvalidValue
from shuangjian_desktop.domain.text import to_halfwidth

_PATTERN = re.compile(r"(?P<prefix>.+?)\s*[〔\[(【（](?P<year>\d{4})[〕\])】）]\s*(?P<first>第)?(?P<seq>\d+)\s*号")
_PREFIX_FORBIDDEN = re.compile(r"[\s〔〕\[\]()【】（）\d]")


@dataclass(frozen=True, order=True)
class DocNumber:
    prefix: str
    year: int
    seq: int

    def __post_init__(self) -> None:
        check_prefix(self.prefix)
        if not 1900 <= self.year <= 9999:
            raise InvalidValue(f"年份“{self.year}”应为四位公历年份")
        if self.seq < 1:
            raise InvalidValue("序号应从1开始")

    def __str__(self) -> str:
        return f"{self.prefix}〔{self.year}〕{self.seq}号"


def check_prefix(prefix: str) -> str:
    """A prefix is the issuing organ's short name plus the kind, e.g. 示教体整改; no brackets, digits or spaces."""
    if not prefix:
        raise InvalidValue("发文机关代字不能为空")
    if _PREFIX_FORBIDDEN.search(prefix):
        raise InvalidValue(f"发文机关代字“{prefix}”不应含括号、数字或空格")
    return prefix


def parse_doc_number(text: str) -> DocNumber:
    """Read a document number as typed; accepts [2026], (2026), 【2026】 and full-width digits, and canonicalises.

    Refuses what GB/T 9704 forbids in the form it produces: a two-digit year, 第, leading zeros.
    """
    raw = text.strip()
    normalized = to_halfwidth(raw).replace(" ", "")
    # to_halfwidth turns （） into (), keep 〔〕 and 【】 as they are
    match = _PATTERN.fullmatch(normalized)
    if not match:
        raise InvalidValue(f"“{raw}”不是有效的文号（格式如 示教体整改〔2026〕12号）")
    if match.group("first"):
        raise InvalidValue("文号序号前不加“第”")
    seq_text = match.group("seq")
    if len(seq_text) > 1 and seq_text.startswith("0"):
        raise InvalidValue("文号序号不编虚位（不加前导0）")
    return DocNumber(match.group("prefix"), int(match.group("year")), int(seq_text))
