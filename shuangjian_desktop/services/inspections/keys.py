"""How notices sort by document number: by its numbers' values (示教体整改〔2026〕9号 before 〔2026〕14号). The
refresh of the rows already stored (services/base/rekey.py) follows what is said here."""

from __future__ import annotations

from shuangjian_desktop.domain.pinyin import natural_key
from shuangjian_desktop.services.base.rekey import Rekeyed
from shuangjian_desktop.store.models import Notice

REKEYED = (
    Rekeyed(
        Notice,
        {"doc_number": Notice.doc_number},
        lambda r: {"doc_sort": natural_key(r["doc_number"]) if r["doc_number"] else None},
        ("doc_sort",),
    ),
)
