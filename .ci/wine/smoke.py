"""Start a built Windows program under Wine on the virtual screen, as a clerk would, and close it again.

    python .ci/wine/smoke.py EXE --log LOG [--db WINPATH | --demo | --first-start] [--data-dir WINPATH] --screenshot PNG

It starts EXE (a Linux path; DISPLAY and WINEPREFIX from the environment) with ``--user admin`` and the demo
password in SHUANGJIAN_PASSWORD (``--db`` or ``--demo`` when given), waits until LOG (a Linux path) says the main
window is open, takes a screenshot of the screen, closes the window as the close box does (``taskkill`` without /F
sends WM_CLOSE) and waits for the program to end. It fails when the line never comes, the program stops early or
exits non-zero, or the log holds a traceback. Prints the start-up time: from starting the .exe to the window being
open.

``--first-start`` starts EXE as a clerk's first click on the desktop icon does (no options) and waits for the
first-start choice (demo county or the county's own database) instead, then closes it as the close box does.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from PIL import ImageGrab

OPEN = "main window open on"
CHOICE = "asking which database to open"


def log_text(log: Path) -> str:
    return log.read_text(encoding="utf-8", errors="replace") if log.is_file() else ""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("exe", type=Path)
    parser.add_argument("--log", type=Path, required=True)
    parser.add_argument("--db")
    parser.add_argument("--demo", action="store_true")
    parser.add_argument("--first-start", action="store_true")
    parser.add_argument("--data-dir")
    parser.add_argument("--user", default="admin")
    parser.add_argument("--screenshot", type=Path, required=True)
    parser.add_argument("--timeout", type=float, default=180)
    args = parser.parse_args()

    env = {**os.environ, "SHUANGJIAN_PASSWORD": "demo2026"}
    env.pop("SHUANGJIAN_DATA_DIR", None)
    env.pop("SHUANGJIAN_DB", None)
    env.pop("QT_QPA_PLATFORM", None)  # the real `windows` platform, as on a PC
    if args.data_dir:
        env["SHUANGJIAN_DATA_DIR"] = args.data_dir
    command = ["wine", str(args.exe)] if args.first_start else ["wine", str(args.exe), "--user", args.user]
    if args.db:
        command += ["--db", args.db]
    if args.demo:
        command += ["--demo"]
    awaited = CHOICE if args.first_start else OPEN
    before = log_text(args.log)
    started = time.monotonic()
    process = subprocess.Popen(
        command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    opened = None
    while time.monotonic() - started < args.timeout and process.poll() is None:
        if awaited in log_text(args.log)[len(before) :]:
            opened = time.monotonic() - started
            break
        time.sleep(0.1)
    if opened is None:
        process.kill()
        output = process.communicate()[0].decode("utf-8", "replace")
        print(output[-4000:], log_text(args.log)[-4000:], sep="\n")
        what = "the first-start choice did not show" if args.first_start else "the main window did not open"
        print(f"smoke: {what} within {args.timeout:.0f} s (exit {process.returncode})")
        return 1
    time.sleep(3)  # let it paint
    args.screenshot.parent.mkdir(parents=True, exist_ok=True)
    ImageGrab.grab(xdisplay=os.environ["DISPLAY"]).save(args.screenshot)
    subprocess.run(
        ["wine", "taskkill", "/IM", args.exe.name], env=env, stdin=subprocess.DEVNULL, capture_output=True, check=False
    )
    try:
        output = process.communicate(timeout=90)[0].decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        process.kill()
        print("smoke: the program did not close after WM_CLOSE")
        return 1
    text = log_text(args.log)[len(before) :]
    if process.returncode != 0 or "Traceback" in text or "unexpected error" in text:
        print(output[-4000:], text[-4000:], sep="\n")
        print(f"smoke: the program ended with {process.returncode} or logged an error")
        return 1
    line = next(line for line in text.splitlines() if awaited in line)
    what = "first-start choice shown" if args.first_start else "window open"
    print(f"smoke: {args.exe.name}: {line.split(': ', 1)[-1]}; {what} after {opened:.1f} s; closed cleanly")
    return 0


if __name__ == "__main__":
    sys.exit(main())
