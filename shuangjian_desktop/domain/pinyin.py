"""Search keys for Chinese names: the text itself, its pinyin initials and its full pinyin ("hyx" finds 洪雅县)."""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin


@lru_cache(maxsize=20000)
def _syllable(ch: str) -> str:
    if ch.isascii():
        return ch.lower()
    syllables = lazy_pinyin(ch, style=Style.NORMAL, errors="ignore")
    return syllables[0] if syllables else ""


def initials(text: str) -> str:
    return "".join(_syllable(ch)[:1] for ch in text if not ch.isspace())


def full_pinyin(text: str) -> str:
    return "".join(_syllable(ch) for ch in text if not ch.isspace())


def search_key(*texts: str | None) -> str:
    """One lower-case string to match with LIKE: each text, then its initials and full pinyin."""
    parts = [t for t in texts if t]
    joined = " ".join(parts).lower()
    return " | ".join((joined, " ".join(initials(p) for p in parts), " ".join(full_pinyin(p) for p in parts)))


def sort_key(text: str) -> str:
    """Sort Chinese names by pinyin (as clerks expect), ASCII as is."""
    return full_pinyin(text)
