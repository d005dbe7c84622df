"""Proof: kill the program at random moments during an import, many times. After every kill the database must pass
integrity_check and hold either none or all of the file's rows (the import is one transaction), and the next
start must say truthfully what happened (the interrupted import saved whole, or nothing of it saved).

Run: .venv/bin/python tests/proofs/crash_import.py [RUNS] [ROWS]
Prints runs, failures (a partial import, or a next start that says something untrue), corruptions
(integrity_check failed), crashes (the importer died by itself) and how many kills landed before / after the commit.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Tally:
    runs: int = 0
    failures: int = 0
    corruptions: int = 0
    crashes: int = 0
    none_imported: int = 0
    all_imported: int = 0
    reported: int = 0
    """Kills the next start reported (the program had opened the database by then)."""


def make_sheet(path: Path, rows: int) -> None:
    sys.path.insert(0, str(ROOT))
    from shuangjian_desktop.domain.credit_code import check_character

    book = Workbook(write_only=True)
    sheet = book.create_sheet("机构")
    sheet.append(["机构名称", "统一社会信用代码", "类别", "非学科类别", "营利性质", "乡镇（街道）", "社区"])
    for i in range(rows):
        body = f"91510199MA{i:07d}"
        sheet.append(
            [
                f"示范县第{i}培训学校",
                body + check_character(body),
                "非学科类",
                "体育",
                "营利性",
                "城关镇",
                f"第{i % 30}社区",
            ]
        )
    book.save(path)


def prepare_db(path: Path) -> None:
    env = {**os.environ, "SHUANGJIAN_DATA_DIR": str(path.parent)}
    subprocess.run(
        [sys.executable, "-m", "shuangjian_desktop", "check", "--db", str(path)],
        env=env,
        capture_output=True,
        check=False,
        cwd=ROOT,
    )
    sys.path.insert(0, str(ROOT))
    from shuangjian_desktop.services.workspace import Workspace

    Workspace.open(path).close()


def run(runs: int, rows: int, seed: int = 1) -> Tally:
    rng = random.Random(seed)
    tally = Tally()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        sheet = folder / "机构.xlsx"
        make_sheet(sheet, rows)
        pristine = folder / "pristine.sqlite3"
        prepare_db(pristine)
        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "shuangjian_desktop",
                "import",
                "institutions",
                str(sheet),
                "--db",
                str(folder / "timing.sqlite3"),
            ],
            cwd=ROOT,
            capture_output=True,
            check=False,
            env={**os.environ, "SHUANGJIAN_DATA_DIR": str(folder)},
        )
        full = time.perf_counter() - started
        for run_number in range(runs):
            db = folder / f"run{run_number}.sqlite3"
            shutil.copyfile(pristine, db)
            process = subprocess.Popen(
                [sys.executable, "-m", "shuangjian_desktop", "import", "institutions", str(sheet), "--db", str(db)],
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                env={**os.environ, "SHUANGJIAN_DATA_DIR": str(folder)},
            )
            time.sleep(rng.uniform(0.2, full * 1.1))
            process.kill()  # SIGKILL on POSIX, TerminateProcess on Windows: no chance to clean up
            _out, err = process.communicate()
            tally.runs += 1
            with closing(sqlite3.connect(db)) as conn:
                ok = conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                count = conn.execute("SELECT count(*) FROM institution").fetchone()[0]
            if not ok:
                tally.corruptions += 1
            if count == 0:
                tally.none_imported += 1
            elif count == rows:
                tally.all_imported += 1
            else:
                tally.failures += 1
            if b"Traceback" in err:  # the importer died by itself, before the kill
                tally.crashes += 1
            if not told_the_truth(db, count == rows, tally):
                tally.failures += 1
    return tally


def told_the_truth(db: Path, all_rows: bool, tally: Tally) -> bool:
    """What the next start says of the kill must match the ledger: "saved whole" only when the rows are there."""
    from shuangjian_desktop.services.workspace import Workspace

    workspace = Workspace.open(db)
    try:
        interrupted = workspace.interrupted
    finally:
        workspace.close()
    if interrupted is None:
        return True  # killed before the program had opened the database: nothing to report
    tally.reported += 1
    if interrupted.doing is None:
        return True  # killed before the import began writing, or after it finished
    return bool(interrupted.saved) == all_rows and ("完整保存" in interrupted.message()) == all_rows


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    tally = run(runs, rows)
    print(
        f"{rows} 行导入，随机强杀 {tally.runs} 次：部分写入 {tally.failures}，损坏 {tally.corruptions}，"
        f"崩溃 {tally.crashes}；杀在提交前 {tally.none_imported} 次，提交后 {tally.all_imported} 次；"
        f"下次启动时报告了 {tally.reported} 次"
    )
    print(f"runs {tally.runs}, failures {tally.failures}, corruptions {tally.corruptions}, crashes {tally.crashes}")


if __name__ == "__main__":
    main()
