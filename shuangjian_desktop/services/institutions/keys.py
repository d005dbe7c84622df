"""How an institution is found by search: the one place that says which of its fields the search text holds and
how it is made (store/derived.py indexes that text). Change it here and every writer follows."""

from __future__ import annotations

from shuangjian_desktop.domain.pinyin import search_key


def institution_search_text(name: str, address: str | None, credit_code: str | None, legal_rep: str | None) -> str:
    """Name, address, credit code and legal representative, with pinyin initials and full pinyin."""
    return search_key(name, address, credit_code, legal_rep)
