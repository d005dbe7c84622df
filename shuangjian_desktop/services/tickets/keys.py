"""How a ticket is found by search: the one place that says which fields its search text holds (store/derived.py
indexes that text). Change it here and every writer, and the refresh of the rows already stored
(services/base/rekey.py), follows."""

from __future__ import annotations

from sqlalchemy import select

from shuangjian_desktop.domain.pinyin import search_key
from shuangjian_desktop.services.base.rekey import Rekeyed
from shuangjian_desktop.store.models import Institution, Ticket


def ticket_search_text(number: str, subject: str | None, address: str | None, institution: str | None) -> str:
    """Number, subject, address and the institution's name: one column to search, no join."""
    return search_key(number, subject, address, institution)


REKEYED = (
    Rekeyed(
        Ticket,
        {
            "number": Ticket.number,
            "subject": Ticket.subject,
            "address": Ticket.address,
            "institution": select(Institution.name).where(Institution.id == Ticket.institution_id).scalar_subquery(),
        },
        lambda r: {"search_key": ticket_search_text(r["number"], r["subject"], r["address"], r["institution"])},
        ("search_key",),
    ),
)
