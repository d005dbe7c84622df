"""Document numbers after GB/T 9704-2012: 示教体整改〔2026〕12号."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shuangjian_desktop.domain.doc_number import DocNumber, parse_doc_number
from shuangjian_desktop.domain.errors import InvalidValue

prefixes = st.text(st.sampled_from("示范县教体整改停办审督函发字"), min_size=1, max_size=8)
numbers = st.builds(DocNumber, prefixes, st.integers(1990, 2099), st.integers(1, 9999))


@given(numbers)
def test_format_then_parse_is_the_same_number(number: DocNumber) -> None:
    text = str(number)
    assert text == f"{number.prefix}〔{number.year}〕{number.seq}号"
    assert parse_doc_number(text) == number


@given(numbers, st.sampled_from([("[", "]"), ("(", ")"), ("【", "】"), ("（", "）")]))
def test_other_brackets_are_read_and_canonicalised(number: DocNumber, brackets: tuple[str, str]) -> None:
    typed = f"{number.prefix}{brackets[0]}{number.year}{brackets[1]}{number.seq}号"
    assert str(parse_doc_number(typed)) == str(number)


@given(numbers)
def test_order_is_by_prefix_year_then_sequence(number: DocNumber) -> None:
    later = DocNumber(number.prefix, number.year, number.seq + 1)
    assert number < later


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("示教体整改〔2026〕第12号", "第"),
        ("示教体整改〔2026〕012号", "前导0"),
        ("示教体整改〔26〕12号", "不是有效的文号"),
        ("〔2026〕12号", "不是有效的文号"),
        ("示教体整改2026年12号", "不是有效的文号"),
    ],
)
def test_forms_the_standard_forbids_are_refused(text: str, reason: str) -> None:
    with pytest.raises(InvalidValue, match=reason):
        parse_doc_number(text)


def test_sequence_starts_at_one_and_prefix_has_no_brackets() -> None:
    with pytest.raises(InvalidValue):
        DocNumber("示教体整改", 2026, 0)
    with pytest.raises(InvalidValue):
        DocNumber("示教体〔整改〕", 2026, 1)
