"""A session that ends without closing (killed, a power cut) leaves its marker beside the database; the next start
sees it, runs the full integrity check before the database is used and says what was interrupted. A clean exit
removes the marker."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from shuangjian_desktop.services.demo.accounts import DEMO_PASSWORD
from tests.app.test_window_start import _wait_for


def _start(db: Path, data: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SHUANGJIAN_DATA_DIR": str(data)}
    env["SHUANGJIAN_PASSWORD"] = DEMO_PASSWORD
    return subprocess.Popen(
        [sys.executable, "-m", "shuangjian_desktop", "--db", str(db), "--user", "周建华"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_a_killed_session_makes_the_next_start_check_everything(demo_file: Path, tmp_path: Path) -> None:
    db, data = tmp_path / "县库.sqlite3", tmp_path / "data"
    shutil.copyfile(demo_file, db)
    log = data / "logs" / "shuangjian.log"
    marker = Path(f"{db}.session")
    first = _start(db, data)
    try:
        assert "main window open" in _wait_for(log, "main window open", first)
        assert marker.is_file()  # the session is open
    finally:
        first.kill()  # no clean exit
        first.wait(30)
    assert marker.is_file()
    second = _start(db, data)
    try:
        text = _wait_for(log, "did not close cleanly", second)
        assert f"the last session on {db} did not close cleanly" in text
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and log.read_text(encoding="utf-8").count("main window open") < 2:
            time.sleep(0.2)
        assert log.read_text(encoding="utf-8").count("main window open") == 2
    finally:
        second.kill()
        second.wait(30)
