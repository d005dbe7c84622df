"""Where PDFs made only to be previewed go: a folder of their own under the temporary folder (%TEMP% on Windows),
removed when the preview closes, and swept at start-up when a program that did not close properly left them.
Light to import (no QtPdf), so pages can name a preview's path before any PDF is made."""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import tempfile
import time
from pathlib import Path

PREVIEW_PREFIX = "shuangjian-preview-"
LEFTOVER_AGE = dt.timedelta(hours=12)


def preview_path(file_name: str) -> Path:
    """Where to write a PDF that is only to be previewed: ``file_name`` in a new folder of its own."""
    return Path(tempfile.mkdtemp(prefix=PREVIEW_PREFIX)) / file_name


def is_preview(path: Path) -> bool:
    """Whether ``path`` was made by ``preview_path`` (only those are ever deleted)."""
    folder = Path(path).parent
    return folder.name.startswith(PREVIEW_PREFIX) and folder.parent == Path(tempfile.gettempdir())


def discard_preview(path: Path) -> None:
    """Remove a preview's folder; a file still open elsewhere (Windows refuses) is left for the next sweep."""
    if is_preview(path):
        shutil.rmtree(Path(path).parent, ignore_errors=True)


def sweep_previews(older_than: dt.timedelta = LEFTOVER_AGE) -> int:
    """Remove preview folders older than ``older_than`` (left by a program that was killed); return how many."""
    cutoff = time.time() - older_than.total_seconds()
    removed = 0
    for folder in Path(tempfile.gettempdir()).glob(f"{PREVIEW_PREFIX}*"):
        with contextlib.suppress(OSError):
            if folder.is_dir() and folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder)
                removed += 1
    return removed
