"""Making the stored keys afresh when the rules that make them change (a new version of the program reads pinyin
word by word): every ledger's keys.py says how, services/base/rekey.py walks the tables in batches, and the database
notes the version of its keys (store/derived.py) once all are done. Runs in the background after start-up; the
window stays usable, and a cancelled run (the program closed) goes on at the next start."""

from __future__ import annotations

from collections.abc import Callable

from shuangjian_desktop.services.base.rekey import Rekeyed, refresh
from shuangjian_desktop.services.inspections.keys import REKEYED as NOTICES
from shuangjian_desktop.services.institutions.keys import REKEYED as INSTITUTIONS
from shuangjian_desktop.services.people.keys import REKEYED as PEOPLE
from shuangjian_desktop.services.status_changes.keys import REKEYED as STATUS_CHANGES
from shuangjian_desktop.services.tickets.keys import REKEYED as TICKETS
from shuangjian_desktop.store import derived
from shuangjian_desktop.store.uow import Store

SPECS: tuple[Rekeyed, ...] = (*INSTITUTIONS, *PEOPLE, *TICKETS, *NOTICES, *STATUS_CHANGES)


def keys_stale(store: Store) -> bool:
    """Whether this database's keys were made by older rules (reads one number: SQLite's user_version, a county's
    schema comment on a server)."""
    if store.read_only_because:
        return False
    with store.engine.connect() as conn:
        return derived.keys_version(conn) < derived.KEYS_VERSION


def refresh_keys(
    store: Store,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> tuple[int, bool]:
    """Make every stored key afresh; (rows rewritten, finished). Marks the database current when finished."""
    rewritten, finished = refresh(store, SPECS, progress, cancelled)
    if finished:
        with store.maintenance() as uow:
            derived.set_keys_version(uow.session.connection())
            uow.commit()
    return rewritten, finished
