"""`python -m shuangjian_desktop`: no arguments (or only --db, --demo and --user) opens the window, a command runs the
command line."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence


def window_options(argv: Sequence[str]) -> argparse.Namespace | None:
    """The window's own options (``--db FILE`` or a server's address, or ``--demo``; ``--user NAME``), or None when
    the arguments name a command."""
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False, exit_on_error=False)
    parser.add_argument("--db")
    parser.add_argument("--demo", action="store_true")
    parser.add_argument("--user")
    try:
        args, rest = parser.parse_known_args(list(argv))
    except (argparse.ArgumentError, SystemExit):
        return None  # the command line reports the mistake in Chinese
    return None if rest or (args.demo and args.db is not None) else args


def private_files() -> None:
    """Everything the program creates (database, backups, exports, logs) is readable by its owner only. On Windows
    the per-user data folder does this; on Linux the file mode creation mask does."""
    if hasattr(os, "umask"):
        os.umask(0o077)


def main() -> int:
    private_files()
    from shuangjian_desktop.atomicfile import remove_left_over

    remove_left_over()  # what writes killed half-way left behind, wherever they were writing
    argv = sys.argv[1:]
    window = window_options(argv)
    if window is None:
        from shuangjian_desktop.cli import main as cli_main

        code = cli_main(argv)
        # every file is closed and the database released by now: end without tearing the interpreter down
        # (freeing every module and object of a 10,000-row import costs a third of a second)
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    try:
        from shuangjian_desktop.app import run_gui

        return run_gui(db=window.db, username=window.user, demo=window.demo)
    except Exception:  # the windowed program has no console: log it and say so in a message box
        from shuangjian_desktop.fatal import report_fatal

        return report_fatal()


if __name__ == "__main__":
    sys.exit(main())
