"""How a ticket is found by search: the one place that says which fields its search text holds (store/derived.py
indexes that text). Change it here and every writer follows."""

from __future__ import annotations

from shuangjian_desktop.domain.pinyin import search_key


def ticket_search_text(number: str, subject: str | None, address: str | None, institution: str | None) -> str:
    """Number, subject, address and the institution's name: one column to search, no join."""
    return search_key(number, subject, address, institution)
