"""`python -m shuangjian_desktop`: no arguments opens the window, arguments run the command line."""

from __future__ import annotations

import sys


def main() -> int:
    if len(sys.argv) > 1:
        from shuangjian_desktop.cli import main as cli_main

        return cli_main(sys.argv[1:])
    from shuangjian_desktop.app import run_gui

    return run_gui()


if __name__ == "__main__":
    sys.exit(main())
