"""Start a built Windows program under Wine on the virtual screen, as a clerk would, and close it again.

    python .ci/wine/smoke.py EXE --log LOG [--db WINPATH] [--data-dir WINPATH] --screenshot PNG [-- ARGS...]

It starts EXE (a Linux path; DISPLAY and WINEPREFIX from the environment) with ``--user admin`` and the demo
password in SHUANGJIAN_PASSWORD (``--db`` when given), waits until LOG (a Linux path) says the main window is open,
takes a screenshot of the screen, closes the window as the close box does (``taskkill`` without /F sends WM_CLOSE)
and waits for the program to end. It fails when the line never comes, the program stops early or exits non-zero,
or the log holds a traceback. Prints the start-up time: from starting the .exe to the window being open.
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


def log_text(log: Path) -> str:
    return log.read_text(encoding="utf-8", errors="replace") if log.is_file() else ""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("exe", type=Path)
    parser.add_argument("--log", type=Path, required=True)
    parser.add_argument("--db")
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
    command = ["wine", str(args.exe), "--user", args.user]
    if args.db:
        command += ["--db", args.db]
    before = log_text(args.log)
    started = time.monotonic()
    process = subprocess.Popen(
        command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    opened = None
    while time.monotonic() - started < args.timeout and process.poll() is None:
        if OPEN in log_text(args.log)[len(before) :]:
            opened = time.monotonic() - started
            break
        time.sleep(0.1)
    if opened is None:
        process.kill()
        output = process.communicate()[0].decode("utf-8", "replace")
        print(output[-4000:], log_text(args.log)[-4000:], sep="\n")
        print(f"smoke: the main window did not open within {args.timeout:.0f} s (exit {process.returncode})")
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
    line = next(line for line in text.splitlines() if OPEN in line)
    print(f"smoke: {args.exe.name}: {line.split(': ', 1)[-1]}; window open after {opened:.1f} s; closed cleanly")
    return 0


if __name__ == "__main__":
    sys.exit(main())
