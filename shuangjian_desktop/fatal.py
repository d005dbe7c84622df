"""The last word when the window cannot start at all (a damaged installation, a DLL an antivirus program took away,
an error before the window's own error reporting is in place): the traceback goes to the log and the clerk gets a
Chinese message box instead of a program that silently never appears. Needs no Qt, which may be what failed."""

from __future__ import annotations

import datetime as dt
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

from shuangjian_desktop import APP_NAME, paths


def message_text(log_file: Path | None) -> str:
    where = f"错误经过已写入日志文件：\n{log_file}\n\n" if log_file else ""
    return f"{APP_NAME}未能启动。\n\n{where}请重新运行安装程序修复，或把日志文件发给技术人员。台账数据不受影响。"


def _message_box(text: str) -> None:
    if sys.platform == "win32":
        import ctypes

        mb_iconerror = 0x10
        ctypes.windll.user32.MessageBoxW(None, text, APP_NAME, mb_iconerror)  # type: ignore[attr-defined]
    elif sys.stderr is not None:
        print(text, file=sys.stderr)


def report_fatal(show: Callable[[str], None] = _message_box) -> int:
    """Call inside ``except``: log the exception being handled, tell the clerk; returns the exit status (1)."""
    details = traceback.format_exc()
    log_file: Path | None = paths.data_dir() / "logs" / "shuangjian.log"
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        with log_file.open("a", encoding="utf-8") as file:
            file.write(f"{dt.datetime.now():%Y-%m-%d %H:%M:%S} CRITICAL shuangjian: the window could not start\n")
            file.write(details)
    except OSError:
        log_file = None
    show(message_text(log_file) + "\n\n" + details.strip().splitlines()[-1])
    return 1
