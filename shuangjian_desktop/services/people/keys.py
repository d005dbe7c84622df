"""How people, schools and teachers are found by search and sorted: the one place that says which fields each search
text holds (store/derived.py indexes that text) and how the sort keys are made. Change it here and every writer, and
the refresh of the rows already stored (services/base/rekey.py), follows."""

from __future__ import annotations

from shuangjian_desktop.domain.pinyin import search_key, sort_key
from shuangjian_desktop.services.base.rekey import Rekeyed
from shuangjian_desktop.store.base import pinyin_sort
from shuangjian_desktop.store.models import Person, School, Teacher


def person_search_text(name: str, unit: str | None, phone: str | None) -> str:
    return search_key(name, unit, phone)


def school_search_text(name: str, address: str | None) -> str:
    return search_key(name, address)


def teacher_search_text(name: str, subject: str | None) -> str:
    return search_key(name, subject)


REKEYED = (
    Rekeyed(
        Person,
        {"name": Person.name, "unit": Person.unit, "phone": Person.phone, "title": Person.title},
        lambda r: {
            "search_key": person_search_text(r["name"], r["unit"], r["phone"]),
            "sort_name": sort_key(r["name"], person=True),
            "unit_sort": pinyin_sort(r["unit"]),
            "title_sort": pinyin_sort(r["title"]),
        },
        ("search_key", "sort_name", "unit_sort", "title_sort"),
    ),
    Rekeyed(
        School,
        {"name": School.name, "address": School.address},
        lambda r: {"search_key": school_search_text(r["name"], r["address"]), "sort_name": sort_key(r["name"])},
        ("search_key", "sort_name"),
    ),
    Rekeyed(
        Teacher,
        {"name": Teacher.name, "subject": Teacher.subject},
        lambda r: {
            "search_key": teacher_search_text(r["name"], r["subject"]),
            "sort_name": sort_key(r["name"], person=True),
        },
        ("search_key", "sort_name"),
    ),
)
