"""Cleaning text typed or pasted by clerks: full-width to half-width, stray and full-width spaces."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[\s\u00a0\u2000-\u200b\u3000\ufeff]+")
_FULLWIDTH_OFFSET = 0xFEE0
_HALFWIDTH = {code: code - _FULLWIDTH_OFFSET for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def to_halfwidth(text: str) -> str:
    """Map full-width ASCII (Ａ１２，＋) and the ideographic space to their half-width forms."""
    if text.isascii():
        return text
    return text.translate(_HALFWIDTH)


def clean_text(text: str) -> str:
    """Trim and fold runs of any kind of space to one ASCII space; keep Chinese punctuation as typed."""
    if (
        text.isprintable()  # no tabs, newlines, NBSP or ideographic spaces (all "non-printable" separators)
        and text[:1] != " "
        and text[-1:] != " "
        and "  " not in text
        and unicodedata.is_normalized("NFC", text)
    ):
        return text
    text = unicodedata.normalize("NFC", text)
    return _SPACES.sub(" ", text).strip()


def compact_code(text: str) -> str:
    """A code as the rules see it: half-width, upper case, with every space and dash removed."""
    text = to_halfwidth(text).upper()
    return re.sub(r"[\s\u00a0\u3000\-‐‑–—－]+", "", text)
