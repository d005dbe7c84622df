"""How status changes sort by document number: by its numbers' values. The refresh of the rows already stored
(services/base/rekey.py) follows what is said here."""

from __future__ import annotations

from shuangjian_desktop.domain.pinyin import natural_key
from shuangjian_desktop.services.base.rekey import Rekeyed
from shuangjian_desktop.store.models import StatusChange

REKEYED = (
    Rekeyed(
        StatusChange,
        {"doc_number": StatusChange.doc_number},
        lambda r: {"doc_sort": natural_key(r["doc_number"]) if r["doc_number"] else None},
        ("doc_sort",),
    ),
)
