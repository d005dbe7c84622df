"""A write killed half-way leaves its hidden temporary file; the next start removes it wherever it was."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from shuangjian_desktop.atomicfile import remove_left_over

KILLED_WRITE = """
import os, sys
from pathlib import Path
from shuangjian_desktop.atomicfile import atomic_path
with atomic_path(Path(sys.argv[1])) as tmp:
    tmp.write_text("half an export")
    os._exit(9)  # killed before the rename
"""


def test_the_next_start_removes_what_a_killed_write_left(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    usb = tmp_path / "U盘"
    usb.mkdir()
    env = {**os.environ, "SHUANGJIAN_DATA_DIR": str(tmp_path / "data")}
    subprocess.run([sys.executable, "-c", KILLED_WRITE, str(usb / "机构台账.xlsx")], env=env, check=False)
    left = list(usb.glob(".*.part"))
    assert len(left) == 1 and not (usb / "机构台账.xlsx").exists()
    monkeypatch.setenv("SHUANGJIAN_DATA_DIR", env["SHUANGJIAN_DATA_DIR"])
    assert remove_left_over() == []  # too fresh: another copy of the program may still be writing it
    old = time.time() - 7200
    os.utime(left[0], (old, old))
    assert remove_left_over() == left and not left[0].exists()
