"""Pinyin for Chinese names, read word by word as a clerk reads them: search keys (the text, its initials and its
full pinyin: "kpyy" finds 鲲鹏音乐, "cq" finds 重庆) and sort keys (the order WPS and Excel sort Chinese in).

Words come from pypinyin's phrase dictionary (重庆 chóngqìng, 长沙 chángshā, 音乐 yīnyuè), which costs about
0.3 s and 45 MB the first time a key is made: it is loaded then, never at start-up. Each word is converted once and
remembered, so a 10,000-row import converts each distinct word a single time.

A name may start with a surname read otherwise than the character usually is (曾 zēng, 单 shàn, 解 xiè, 仇 qiú,
区 ōu, 朴 piáo, 查 zhā ...): a search key holds every reading of such a first character as an alternative, and a
person's sort key uses the surname reading.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from functools import lru_cache

SURNAMES: dict[str, str] = {
    "曾": "zeng1",
    "单": "shan4",
    "解": "xie4",
    "仇": "qiu2",
    "区": "ou1",
    "朴": "piao2",
    "查": "zha1",
    "盖": "ge3",
    "缪": "miao4",
    "翟": "zhai2",
    "乐": "yue4",
    "秘": "bi4",
    "繁": "po2",
    "折": "she2",
    "员": "yun4",
    "种": "chong2",
    "召": "shao4",
    "宿": "su4",
    "那": "na1",
    "覃": "qin2",
    "黑": "he4",
    "华": "hua4",
    "任": "ren2",
    "纪": "ji3",
    "过": "guo1",
    "冼": "xian3",
    "隗": "wei3",
    "句": "gou1",
    "谌": "chen2",
    "柏": "bai3",
    "阚": "kan4",
    "褚": "chu3",
    "薄": "bo2",
    "莘": "shen1",
    "贲": "ben1",
    "祭": "zhai4",
    "应": "ying1",
    "尉": "yu4",
    "万": "wan4",
    "长": "zhang3",
    "相": "xiang4",
    "重": "chong2",
    "石": "shi2",
    "沈": "shen3",
    "蕃": "pi2",
    "信": "xin4",
    "角": "jue2",
    "曲": "qu1",
    "能": "nai4",
    "叶": "ye4",
    "殷": "yin1",
}
"""How a polyphonic character is read as a surname (tone 1-4 after the syllable)."""

COMPOUND_SURNAMES: dict[str, tuple[str, str]] = {
    "尉迟": ("yu4", "chi2"),
    "万俟": ("mo4", "qi2"),
    "长孙": ("zhang3", "sun1"),
    "单于": ("chan2", "yu2"),
    "澹台": ("tan2", "tai2"),
    "令狐": ("ling2", "hu2"),
}

SORT_KEY_LENGTH = 400
"""The longest sort key stored (the sort_name columns' length); what lies beyond never decides an order."""


_TOKENS = re.compile(r"[0-9]+|[a-z]+")
_TONE = re.compile(r"(?<=[a-z])[1-5]$")
_converter: list[Callable[[str], tuple[str, ...]]] = []
_HAN_RUNS = re.compile(r"([\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+)")


def _load() -> Callable[[str], tuple[str, ...]]:
    """pypinyin with its phrase dictionary, imported when the first key is made: a run of Chinese characters is cut
    into the dictionary's words (longest first), each word read as a whole."""
    if not _converter:
        os.environ.pop("PYPINYIN_NO_PHRASES", None)
        os.environ.setdefault("PYPINYIN_NO_DICT_COPY", "true")  # its dictionaries are only read: no private copy
        from pypinyin import Style, lazy_pinyin
        from pypinyin.seg.mmseg import seg

        @lru_cache(maxsize=100_000)
        def word(text: str) -> tuple[str, ...]:
            found = lazy_pinyin(
                text, style=Style.TONE3, neutral_tone_with_five=True, errors=lambda chars: [""] * len(chars)
            )
            return (*found[: len(text)], *[""] * (len(text) - len(found)))

        @lru_cache(maxsize=100_000)
        def run(text: str) -> tuple[str, ...]:
            return tuple(syllable for part in seg.cut(text) for syllable in word(part))

        _converter.append(run)
    return _converter[0]


def _other(ch: str) -> str:
    """A character that is not Chinese: ASCII letters and digits stand for themselves, the rest for nothing."""
    if ch.isascii() and ch.isalnum():
        return ch.lower()
    return ""


@lru_cache(maxsize=20_000)
def _syllables(text: str) -> tuple[str, ...]:
    """One entry per character: its syllable with the tone (1-5) for Chinese, itself for ASCII letters and digits
    (lower case), "" for anything else. Runs of Chinese are read word by word (and remembered: addresses and names
    repeat their words)."""
    convert = _load()
    found: list[str] = []
    for i, part in enumerate(_HAN_RUNS.split(text)):
        if i % 2:
            found.extend(convert(part))
        else:
            found.extend(_other(ch) for ch in part)
    return tuple(found)


_PLAIN: dict[str, str] = {}


def _plain(syllable: str) -> str:
    plain = _PLAIN.get(syllable)
    if plain is None:
        plain = _PLAIN[syllable] = _TONE.sub("", syllable)
    return plain


@lru_cache(maxsize=20_000)
def _plain_syllables(text: str) -> tuple[str, ...]:
    return tuple(_plain(s) for s in _syllables(text))


def initials(text: str) -> str:
    return "".join(s[:1] for s in _plain_syllables(text))


def full_pinyin(text: str) -> str:
    return "".join(_plain_syllables(text))


def _surname_readings(text: str) -> list[tuple[str, ...]]:
    """The other readings of the name's first character (or compound surname), each as the syllables of the whole
    text; [] when the text does not start with a polyphonic surname."""
    syllables = _syllables(text)
    if not syllables:
        return []
    compound = COMPOUND_SURNAMES.get(text[:2])
    if compound is not None:
        return [(*compound, *syllables[2:])] if compound != syllables[:2] else []
    first = text[0]
    if first not in SURNAMES:
        return []
    readings = (SURNAMES[first], *_readings_of(first))
    usual = _plain(syllables[0])
    seen = {usual}
    found = []
    for reading in readings:
        plain = _plain(reading)
        if plain not in seen:
            seen.add(plain)
            found.append((plain, *syllables[1:]))
    return found


@lru_cache(maxsize=512)
def _readings_of(ch: str) -> tuple[str, ...]:
    """Every reading pypinyin knows for a surname character (its heteronyms), with tones."""
    if ch not in SURNAMES:
        return ()
    _load()
    from pypinyin import Style, pinyin

    return tuple(pinyin(ch, style=Style.TONE3, heteronym=True, neutral_tone_with_five=True)[0])


def _alternatives(part: str) -> Iterator[str]:
    for reading in _surname_readings(part):
        plain = [_plain(s) for s in reading]
        yield "".join(s[:1] for s in plain)
        yield "".join(plain)


def search_key(*texts: str | None) -> str:
    """One lower-case string to match with LIKE: each text, then its initials and full pinyin, field by field, then
    the other readings of a field's polyphonic surname (单田芳: stf, shantianfang as well as dtf, dantianfang)."""
    parts = [t for t in texts if t]
    joined = " ".join(parts).lower()
    sections = [joined, " ".join(initials(p) for p in parts), " ".join(full_pinyin(p) for p in parts)]
    others = [alt for p in parts for alt in _alternatives(p)]
    if others:
        sections.append(" ".join(others))
    return " | ".join(sections)


def _sort_tokens(syllables: tuple[str, ...] | list[str]) -> list[str]:
    """Syllables (with tones) one by one; runs of letters and of digits (padded) as one token each."""
    tokens: list[str] = []
    run = ""
    for syllable in syllables:
        if len(syllable) == 1 and syllable.isascii():
            run += syllable
            continue
        if run:
            tokens.extend(_run_tokens(run))
            run = ""
        if syllable:
            tokens.append(syllable)
    if run:
        tokens.extend(_run_tokens(run))
    return tokens


def _run_tokens(run: str) -> list[str]:
    return [_number(t) if t.isdigit() else t for t in _TOKENS.findall(run)]


def _number(digits: str) -> str:
    """A number that sorts by its value: its length (two digits) before it, leading zeros dropped (9 -> "019",
    14 -> "0214"), so 〔2026〕9号 sorts before 〔2026〕14号."""
    value = digits.lstrip("0") or "0"
    return f"{min(len(value), 99):02d}{value}"


def sort_key(text: str, *, person: bool = False) -> str:
    """Sort Chinese as WPS does: character by character by pinyin, then tone (雏鹰 chú before 春芽 chūn, 王丽娜 lì
    before 王连 lián), numbers by value (第9 before 第10), then the characters themselves; a person's polyphonic
    surname by its surname reading (曾 zēng)."""
    syllables = list(_syllables(text))
    if person and syllables:
        compound = COMPOUND_SURNAMES.get(text[:2])
        if compound is not None:
            syllables[:2] = compound
        elif text[0] in SURNAMES:
            syllables[0] = SURNAMES[text[0]]
    key = " ".join(_sort_tokens(syllables))
    return f"{key}\t{text}"[:SORT_KEY_LENGTH]


def natural_key(text: str) -> str:
    """A document number's sort key: its numbers by value (示教体整改〔2026〕9号 before 〔2026〕14号)."""
    return sort_key(text)
