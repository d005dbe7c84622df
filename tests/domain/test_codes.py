"""Unified social credit codes and resident ID numbers: check characters, normalisation, masking."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from shuangjian_desktop.domain.credit_code import ALPHABET, check_character, normalize_credit_code
from shuangjian_desktop.domain.errors import InvalidValue
from shuangjian_desktop.domain.id_number import check_digit, mask_id_number, normalize_id_number

code_bodies = st.tuples(
    st.text(ALPHABET, min_size=2, max_size=2),
    st.text("0123456789", min_size=6, max_size=6),
    st.text(ALPHABET, min_size=9, max_size=9),
).map("".join)


def to_fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@given(code_bodies)
def test_a_code_with_its_check_character_is_accepted(body: str) -> None:
    code = body + check_character(body)
    assert normalize_credit_code(code) == code


@given(code_bodies, st.sampled_from(ALPHABET))
def test_any_other_check_character_is_refused(body: str, wrong: str) -> None:
    assume(wrong != check_character(body))
    with pytest.raises(InvalidValue, match="校验位"):
        normalize_credit_code(body + wrong)


@given(code_bodies, st.integers(0, 16), st.sampled_from(ALPHABET))
def test_changing_one_character_is_detected(body: str, position: int, replacement: str) -> None:
    code = body + check_character(body)
    assume(code[position] != replacement and (position not in range(2, 8) or replacement.isdigit()))
    changed = code[:position] + replacement + code[position + 1 :]
    with pytest.raises(InvalidValue):
        normalize_credit_code(changed)


@given(code_bodies)
def test_lower_case_full_width_and_spaces_are_normalised(body: str) -> None:
    code = body + check_character(body)
    messy = " " + to_fullwidth(code[:9].lower()) + "\u3000" + code[9:].lower() + " "
    assert normalize_credit_code(messy) == code


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "不能为空"),
        ("91510199MA62C1Y00", "应为18位"),
        ("91510199MA62C1Y0OG", "不允许的字符"),
        ("915X0199MA62C1Y00G", "行政区划码"),
    ],
)
def test_bad_codes_say_why(raw: str, reason: str) -> None:
    with pytest.raises(InvalidValue, match=reason):
        normalize_credit_code(raw)


def test_a_published_code_is_accepted() -> None:
    # The check character of a real code (a large listed company's, public record).
    assert normalize_credit_code("91110000100005220B") == "91110000100005220B"


id_bodies = st.tuples(
    st.sampled_from(["110101", "510199", "440305", "653101"]),
    st.dates(dt.date(1930, 1, 1), dt.date(2020, 12, 31)).map(lambda d: d.strftime("%Y%m%d")),
    st.text("0123456789", min_size=3, max_size=3),
).map("".join)


@given(id_bodies)
def test_id_number_with_its_check_digit_is_accepted(body: str) -> None:
    number = body + check_digit(body)
    assert normalize_id_number(number.lower()) == number


@given(id_bodies, st.sampled_from("0123456789X"))
def test_id_number_with_a_wrong_check_digit_is_refused(body: str, wrong: str) -> None:
    assume(wrong != check_digit(body))
    with pytest.raises(InvalidValue, match="校验码"):
        normalize_id_number(body + wrong)


def test_known_id_number_and_impossible_birth_dates() -> None:
    assert normalize_id_number("11010519491231002x") == "11010519491231002X"
    body = "51019919990230123"
    with pytest.raises(InvalidValue, match="不存在"):
        normalize_id_number(body + check_digit(body))
    future = "510199" + (dt.date.today() + dt.timedelta(days=400)).strftime("%Y%m%d") + "123"
    with pytest.raises(InvalidValue, match="不合理"):
        normalize_id_number(future + check_digit(future))


@given(id_bodies)
def test_masking_keeps_region_and_last_four_only(body: str) -> None:
    number = body + check_digit(body)
    masked = mask_id_number(number)
    assert masked[:6] == number[:6] and masked[-4:] == number[-4:]
    assert number[6:14] not in masked
    assert len(masked) == 18
