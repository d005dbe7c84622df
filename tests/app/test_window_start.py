"""`python -m shuangjian_desktop --db FILE --user NAME` opens the window on FILE, signed in from the environment's
password, as a script (or the Windows smoke test) starts it; the real program in its own process."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from shuangjian_desktop.__main__ import window_options
from shuangjian_desktop.services.demo.accounts import DEMO_PASSWORD

STARTUP_SECONDS = 60


def _start(demo_file: Path, tmp_path: Path, password: str) -> tuple[subprocess.Popen[bytes], Path]:
    data = tmp_path / "data"
    db = tmp_path / "县库.sqlite3"
    shutil.copyfile(demo_file, db)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SHUANGJIAN_DATA_DIR": str(data)}
    env["SHUANGJIAN_PASSWORD"] = password
    process = subprocess.Popen(
        [sys.executable, "-m", "shuangjian_desktop", "--db", str(db), "--user", "周建华"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return process, data / "logs" / "shuangjian.log"


def _wait_for(log: Path, words: str, process: subprocess.Popen[bytes]) -> str:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline and process.poll() is None:
        text = log.read_text(encoding="utf-8") if log.is_file() else ""
        if words in text:
            return text
        time.sleep(0.2)
    return log.read_text(encoding="utf-8") if log.is_file() else ""


def test_the_window_opens_signed_in_on_the_named_database(demo_file: Path, tmp_path: Path) -> None:
    process, log = _start(demo_file, tmp_path, DEMO_PASSWORD)
    try:
        text = _wait_for(log, "main window open", process)
    finally:
        process.terminate()
        process.wait(30)
    assert "县库.sqlite3, signed in as 周建华" in text


def test_a_wrong_password_leaves_the_sign_in_dialog_to_the_clerk(demo_file: Path, tmp_path: Path) -> None:
    process, log = _start(demo_file, tmp_path, "wrong-password-1")
    try:
        text = _wait_for(log, "was refused", process)
        time.sleep(1)
        assert process.poll() is None, "the program should wait at the sign-in dialog"
    finally:
        process.terminate()
        process.wait(30)
    assert "signing in 周建华 from the command line was refused" in text
    assert "main window open" not in log.read_text(encoding="utf-8")


def test_only_window_options_open_the_window() -> None:
    assert window_options([]) is not None
    opened = window_options(["--db", "x.sqlite3", "--user", "admin"])
    assert opened is not None and opened.user == "admin" and opened.db == "x.sqlite3"
    served = window_options(["--db", "postgresql+psycopg://lxy@db.example/shuangjian?county=demo"])
    assert served is not None and served.db == "postgresql+psycopg://lxy@db.example/shuangjian?county=demo"
    assert window_options(["check", "--db", "x.sqlite3"]) is None
    assert window_options(["--db", "x.sqlite3", "demo"]) is None
    assert window_options(["--help"]) is None
    assert window_options(["--db"]) is None
    demo = window_options(["--demo", "--user", "admin"])
    assert demo is not None and demo.demo and demo.db is None
    assert window_options(["--demo", "--db", "x.sqlite3"]) is None  # one or the other: the command line says so
