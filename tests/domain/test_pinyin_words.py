"""Pinyin read word by word: search keys with phrase readings and every reading of a polyphonic surname, sort keys
in the order WPS sorts Chinese, document numbers by their numbers' values."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from shuangjian_desktop.domain.pinyin import SURNAMES, full_pinyin, initials, natural_key, search_key, sort_key


def test_words_are_read_as_words() -> None:
    assert initials("重庆") == "cq" and full_pinyin("重庆") == "chongqing"
    assert initials("长沙") == "cs"
    key = search_key("鲲鹏音乐培训学校")
    assert "kpyy" in key and "kunpengyinyue" in key and "kpyl" not in key
    assert initials("示范县城关镇人民路12号") == "sfxcgzrml12h"  # digits and letters stand for themselves


def test_every_reading_of_a_polyphonic_surname_finds_the_person() -> None:
    expected = {"曾": "zeng", "单": "shan", "解": "xie", "仇": "qiu", "区": "ou", "朴": "piao", "查": "zha"}
    for surname, reading in expected.items():
        name = f"{surname}明"
        key = search_key(name, "示范县教育局")
        assert f"{reading}ming" in key and f"{reading[0]}m" in key, name
        usual = full_pinyin(name)
        assert usual in key  # the everyday reading stays too
    assert "shantianfang" in search_key("单田芳") and "dantianfang" in search_key("单田芳")
    assert "xc" not in search_key("洪雅县启明培训学校", "城关镇")  # still no match across two fields


def test_chinese_sorts_as_wps_does() -> None:
    assert sorted(["春芽", "雏鹰"], key=sort_key) == ["雏鹰", "春芽"]  # chu before chun
    assert sorted(["王连", "王丽娜", "王丽"], key=sort_key) == ["王丽", "王丽娜", "王连"]  # li before lian
    assert sorted(["城关", "安乐", "白鹤"], key=sort_key) == ["安乐", "白鹤", "城关"]
    assert sorted(["第10分校", "第9分校", "第1分校"], key=sort_key) == ["第1分校", "第9分校", "第10分校"]
    people = ["张三", "曾明", "陈立", "王五"]
    assert sorted(people, key=lambda n: sort_key(n, person=True)) == ["陈立", "王五", "曾明", "张三"]  # 曾 as zeng


def test_document_numbers_sort_by_their_numbers() -> None:
    numbers = ["示教体整改〔2026〕14号", "示教体整改〔2026〕9号", "示教体整改〔2025〕100号", "示教体整改〔2026〕1号"]
    assert sorted(numbers, key=natural_key) == [
        "示教体整改〔2025〕100号",
        "示教体整改〔2026〕1号",
        "示教体整改〔2026〕9号",
        "示教体整改〔2026〕14号",
    ]


def test_a_sort_key_fits_its_column() -> None:
    assert len(sort_key("培训" * 100)) == 400
    assert sort_key("") == "\t"


HAN = "春雏王连丽娜安白城关长沙重庆鲲鹏音乐曾单"
TEXT = st.lists(st.one_of(st.sampled_from(HAN), st.integers(0, 10**6).map(str)), max_size=6).map("".join)


def _tokens(text: str) -> list[tuple[int, object]]:
    """The key's tokens decoded: numbers by value, syllables by (pinyin, tone); the property below is that the key
    strings order exactly as these tuples do (the separators and the number encoding preserve the order)."""
    found: list[tuple[int, object]] = []
    for token in sort_key(text).split("\t")[0].split(" "):
        if not token:
            continue
        if token.isdigit():
            found.append((0, int(token[2:])))
        else:
            found.append((1, (token[:-1], token[-1])))
    return found


@given(TEXT, TEXT)
def test_sort_keys_order_as_their_readings_do(a: str, b: str) -> None:
    if _tokens(a) != _tokens(b):
        assert (sort_key(a) < sort_key(b)) == (_tokens(a) < _tokens(b))


def test_the_surname_table_reads_as_pinyin() -> None:
    assert all(re.fullmatch(r"[a-z]+[1-5]", reading) for reading in SURNAMES.values())
