"""The program's log: a rotating file in the data folder's logs/, the same for the window and the command line.

What a clerk never sees (tracebacks, internal details) goes here; the clerk gets a Chinese sentence naming the file.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from shuangjian_desktop import paths

LOG_NAME = "shuangjian.log"


def log_path() -> Path:
    return paths.data_dir() / "logs" / LOG_NAME


def setup_logging() -> Path:
    """Send the program's log to the rotating file (once per process); return its path."""
    path = log_path()
    root = logging.getLogger()
    if any(getattr(h, "shuangjian", False) for h in root.handlers):
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        handler = logging.NullHandler()  # a log that cannot be written must not stop the program
    handler.shuangjian = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path
