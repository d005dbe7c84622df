"""Date formats Windows' strftime refuses: Chinese characters inside a format (``f"{day:%m月%d日}"`` raises
"Invalid format string" there, though Linux prints it) and the glibc-only ``%-m``. The source is read as text, so the
mistake is caught on every machine, not only under Wine."""

from __future__ import annotations

import re
from pathlib import Path

import shuangjian_desktop

SOURCE = Path(shuangjian_desktop.__file__).parent
FORMAT_SPEC = re.compile(r"\{[^{}:]+:([^{}]*%[^{}]*)\}")
STRFTIME = re.compile(r"strftime\(\s*[rf]?\"([^\"]*)\"")


def _formats(text: str) -> list[str]:
    return FORMAT_SPEC.findall(text) + STRFTIME.findall(text)


def test_no_date_format_windows_refuses() -> None:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for spec in _formats(line):
                if any(ord(ch) > 127 for ch in spec) or re.search(r"%[-#][a-zA-Z]", spec):
                    found.append(f"{path.relative_to(SOURCE)}:{number}: {spec}")
    assert not found, "\n".join(found)


def test_the_check_sees_what_it_looks_for() -> None:
    assert _formats('f"自{since:%m月%d日}以来"') == ["%m月%d日"]
    assert _formats('day.strftime("%-m/%d")') == ["%-m/%d"]
    assert _formats('f"{at:%Y-%m-%d %H:%M}：{name}"') == ["%Y-%m-%d %H:%M"]
