"""How an institution is found by search and sorted: the one place that says which of its fields the search text
holds and how it and the sort keys are made (store/derived.py indexes that text). Change it here and every writer,
and the refresh of the rows already stored (services/base/rekey.py), follows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shuangjian_desktop.domain.pinyin import search_key, sort_key
from shuangjian_desktop.services.base.rekey import Rekeyed
from shuangjian_desktop.store.base import pinyin_sort
from shuangjian_desktop.store.models import Community, Compound, Institution, Township


def institution_search_text(name: str, address: str | None, credit_code: str | None, legal_rep: str | None) -> str:
    """Name, address, credit code and legal representative, with pinyin initials and full pinyin (the other
    readings of a polyphonic surname as well)."""
    return search_key(name, address, credit_code, legal_rep)


def institution_keys(name: str, address: str | None, credit_code: str | None, legal_rep: str | None) -> dict[str, Any]:
    """Every key column of an institution row (a bulk insert sets them itself)."""
    return {
        "search_key": institution_search_text(name, address, credit_code, legal_rep),
        "sort_name": sort_key(name),
        "legal_rep_sort": pinyin_sort(legal_rep, person=True),
    }


def _place(model: Any) -> Rekeyed:
    return Rekeyed(model, {"name": model.name}, lambda row: {"sort_name": sort_key(row["name"])}, ("sort_name",))


def _institution(row: Mapping[str, Any]) -> dict[str, Any]:
    return institution_keys(row["name"], row["address"], row["credit_code"], row["legal_rep"])


REKEYED = (
    _place(Township),
    _place(Community),
    _place(Compound),
    Rekeyed(
        Institution,
        {
            "name": Institution.name,
            "address": Institution.address,
            "credit_code": Institution.credit_code,
            "legal_rep": Institution.legal_rep,
        },
        _institution,
        ("search_key", "sort_name", "legal_rep_sort"),
    ),
)
"""Places first: their sort names feed the institutions' place_sort (by trigger)."""
