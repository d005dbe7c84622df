"""Key hours, the notice lifecycle, and attachment names that can never escape their folder."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shuangjian_desktop.domain.enums import NoticeStatus
from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.domain.inspection_rules import in_key_hours, next_notice_status, safe_display_name

N = NoticeStatus


def test_key_hours() -> None:
    assert in_key_hours(dt.datetime(2026, 11, 18, 19, 0))  # a Wednesday evening
    assert not in_key_hours(dt.datetime(2026, 11, 18, 10, 0))
    assert not in_key_hours(dt.datetime(2026, 11, 18, 20, 31))
    assert in_key_hours(dt.datetime(2026, 11, 21, 10, 0))  # Saturday
    assert in_key_hours(dt.datetime(2026, 10, 2, 10, 0))  # National Day
    assert not in_key_hours(dt.datetime(2026, 2, 14, 10, 0))  # 调休 Saturday is a working day


def test_notice_lifecycle() -> None:
    status = N.ISSUED
    for step, expected in (
        ("serve", N.SERVED),
        ("rectifying", N.RECTIFYING),
        ("fail", N.FAILED),
        ("escalate", N.ESCALATED),
    ):
        status = next_notice_status(status, step)
        assert status is expected
    with pytest.raises(DomainError, match="不能“复查合格”"):
        next_notice_status(N.ISSUED, "pass")
    assert next_notice_status(N.SERVED, "pass") is N.PASSED


@pytest.mark.parametrize(
    "hostile",
    [
        "..\\..\\x.jpg",
        "C:\\Windows\\x.jpg",
        "CON",
        "con.txt",
        "a:b.png",
        "/etc/passwd",
        "../../secret",
        "照片\x00.jpg",
        "...",
        "",
    ],
)
def test_hostile_names_become_plain_names(hostile: str) -> None:
    name = safe_display_name(hostile)
    assert name and "/" not in name and "\\" not in name and ":" not in name and ".." not in name.split("/")
    assert name.split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL"}


@given(st.text(max_size=300))
def test_any_name_is_a_single_safe_part(text: str) -> None:
    name = safe_display_name(text)
    assert 0 < len(name) <= 200
    assert not any(ch in name for ch in '<>:"/\\|?*\x00')
