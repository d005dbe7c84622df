"""What a page shows besides its lists (figures, gaps, follow-ups) is read when the page is first shown and again
when next shown after a change, so start-up reads only the home page, whatever the size of the ledgers."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget


class PageLoads:
    def __init__(self, loaders: dict[QWidget, Callable[[], object]]) -> None:
        self._loaders = loaders
        self._stale = set(loaders)

    def shown(self, page: QWidget) -> None:
        """The page is on screen: read what it shows if that is not current."""
        if page in self._stale:
            self._stale.discard(page)
            self._loaders[page]()

    def invalidate(self, *pages: QWidget) -> None:
        """These pages (all when none named) read their figures again when next shown."""
        self._stale.update(pages or self._loaders)
