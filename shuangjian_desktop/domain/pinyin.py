"""Search keys for Chinese names: the text itself, its pinyin initials and its full pinyin ("hyx" finds 洪雅县).

Each character's reading comes from pypinyin once; after that a text is converted with str.translate, so keys for
a 10,000-row import cost milliseconds.
"""

from __future__ import annotations

import os

_FULL: dict[int, str] = {}
_INITIAL: dict[int, str] = {}


def _learn(text: str) -> None:
    # One character at a time needs pypinyin's character table only: skip loading its 0.2 s phrase dictionary.
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "true")
    from pypinyin import Style, lazy_pinyin

    for ch in set(text):
        code = ord(ch)
        if code in _FULL:
            continue
        if ch.isspace():
            syllable = ""
        elif ch.isascii():
            syllable = ch.lower()
        else:
            found = lazy_pinyin(ch, style=Style.NORMAL, errors="ignore")
            syllable = found[0] if found else ""
        _FULL[code] = syllable
        _INITIAL[code] = syllable[:1]


def initials(text: str) -> str:
    if not set(map(ord, text)) <= _FULL.keys():
        _learn(text)
    return text.translate(_INITIAL)


def full_pinyin(text: str) -> str:
    if not set(map(ord, text)) <= _FULL.keys():
        _learn(text)
    return text.translate(_FULL)


def search_key(*texts: str | None) -> str:
    """One lower-case string to match with LIKE: each text, then its initials and full pinyin, field by field."""
    parts = [t for t in texts if t]
    joined = " ".join(parts).lower()
    return " | ".join((joined, " ".join(initials(p) for p in parts), " ".join(full_pinyin(p) for p in parts)))


def sort_key(text: str) -> str:
    """Sort Chinese names by pinyin (as clerks expect), ASCII as is."""
    return full_pinyin(text)
