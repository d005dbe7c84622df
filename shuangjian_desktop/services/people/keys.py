"""How people, schools and teachers are found by search: the one place that says which fields each search text
holds (store/derived.py indexes that text). Change it here and every writer follows."""

from __future__ import annotations

from shuangjian_desktop.domain.pinyin import search_key


def person_search_text(name: str, unit: str | None, phone: str | None) -> str:
    return search_key(name, unit, phone)


def school_search_text(name: str, address: str | None) -> str:
    return search_key(name, address)


def teacher_search_text(name: str, subject: str | None) -> str:
    return search_key(name, subject)
