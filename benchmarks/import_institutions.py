"""Import 10,000 institutions from the command line (the whole process: interpreter, module imports, reading,
checking, writing, audit) beside LibreOffice Calc converting the same file to CSV headless (the goal: no slower),
python-calamine's bare read of the file and a bare executemany of the same rows (the floors).

Every figure is measured in a fresh process, the median of RUNS runs taken alternately, with the peak resident
memory of the process doing the work. LibreOffice gets its own profile (-env:UserInstallation), made by a first
conversion that is reported apart. The database is made (migrated) once beforehand and copied for each run.

Run: .venv/bin/python benchmarks/import_institutions.py [ROWS] [RUNS]
"""

from __future__ import annotations

import multiprocessing as mp
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import in_fresh_process, peak_mb

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 3
ROOT = Path(__file__).resolve().parents[1]
HEADERS = [
    "机构名称",
    "统一社会信用代码",
    "办学许可证号",
    "类别",
    "非学科类别",
    "培训形式",
    "营利性质",
    "状态",
    "地址",
    "乡镇（街道）",
    "社区",
    "法定代表人",
    "联系电话",
    "在训学生数",
    "预收费余额（元）",
    "纳入资金监管",
    "风险等级",
]
AREAS = ["体育", "文化艺术", "科技", "其他"]
AREA_CODES = {"体育": "sports", "文化艺术": "arts", "科技": "science", "其他": "other"}


def make_sheet(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    from shuangjian_desktop.domain.credit_code import check_character

    book = Workbook(write_only=True)
    sheet = book.create_sheet("机构台账")
    sheet.append(["示范县校外培训机构台账"])
    sheet.append(HEADERS)
    for i in range(rows):
        body = f"91510199MA{i:07d}"
        sheet.append(
            [
                f"示范县第{i}号培训学校有限公司",
                body + check_character(body),
                f"教民5101993{i:07d}号",
                "非学科类",
                AREAS[i % 4],
                "线下",
                "营利性",
                "正常办学",
                f"城关镇人民路{i}号",
                f"第{i % 9}镇",
                f"第{i % 40}社区",
                "李明",
                "13812345678",
                i % 300,
                f"{i * 10}.50",
                "是",
                "A",
            ]
        )
    book.save(path)


def make_database(db: Path, queue: mp.Queue) -> None:
    from shuangjian_desktop.services.workspace import Workspace
    from shuangjian_desktop.settings import Settings

    start = time.perf_counter()
    Workspace.open(db, Settings()).close()
    queue.put(time.perf_counter() - start)


def child_process(command: list[str], env: dict[str, str], queue: mp.Queue) -> None:
    """Run a command; report its wall time and its peak memory (the largest child's)."""
    import resource

    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, env=env, check=False)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    queue.put((elapsed, peak, done.returncode, done.stdout.decode("utf-8", "replace")[-200:]))


def libreoffice(sheet: Path, profile: Path, out: Path) -> list[str]:
    return [
        shutil.which("soffice") or "soffice",
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--convert-to",
        "csv",
        "--outdir",
        str(out),
        str(sheet),
    ]


def ours(sheet: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "shuangjian_desktop", "import", "institutions", str(sheet), "--db", str(db)]


def bare_read(path: Path, queue: mp.Queue) -> None:
    start = time.perf_counter()
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(str(path))
    cells = sum(len(row) for row in book.get_sheet_by_index(0).iter_rows())
    book.close()
    queue.put((time.perf_counter() - start, peak_mb(), cells))


def bare_executemany(db: Path, rows: int, queue: mp.Queue) -> None:
    """The same rows as plain tuples into the same (migrated) table, one executemany and a commit."""
    import sqlite3

    from shuangjian_desktop.domain.credit_code import check_character

    stamp = "2026-11-01 09:00:00.000000"
    values = []
    for i in range(rows):
        body = f"91510199MA{i:07d}"
        values.append(
            (i + 1, f"示范县第{i}号培训学校有限公司", body + check_character(body), f"教民5101993{i:07d}号",
             "non_subject", AREA_CODES[AREAS[i % 4]], "offline", "for_profit", "operating", f"城关镇人民路{i}号",
             None, "李明", "13812345678", i % 300, i * 1000 + 50, 1, "A", 0, None,
             f"示范县第{i}号培训学校有限公司 | sfx", "shifanxian", stamp, stamp)
        )  # fmt: skip
    connection = sqlite3.connect(db)
    start = time.perf_counter()
    connection.executemany(
        "INSERT INTO institution (id, name, credit_code, licence_no, category, area, mode, profit_status, status, "
        "address, community_id, legal_rep, phone, students, prepaid_balance_cents, fund_supervised, risk_grade, "
        "blacklisted, note, search_key, sort_name, created_at, updated_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        values,
    )
    connection.commit()
    elapsed = time.perf_counter() - start
    connection.close()
    queue.put((elapsed, peak_mb(), rows))


def main() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        sheet = folder / "institutions.xlsx"
        make_sheet(sheet, ROWS)
        empty = folder / "empty.sqlite3"
        made = in_fresh_process(make_database, empty)
        print(f"{ROWS} 行机构台账 {sheet.stat().st_size / 1e6:.1f} MB；空数据库建库（迁移）{made:.2f} s（不计入）")
        profile, out = folder / "lo-profile", folder / "csv"
        env_lo = {**env, "HOME": str(folder)}
        first = in_fresh_process(child_process, libreoffice(sheet, profile, out), env_lo)
        print(f"LibreOffice 首次运行（建立自己的配置文件夹）{first[0]:.2f} s（不计入）")
        lo, imp, read, floor = [], [], [], []
        for run in range(RUNS):
            lo.append(in_fresh_process(child_process, libreoffice(sheet, profile, out), env_lo))
            db = folder / f"run{run}.sqlite3"
            shutil.copyfile(empty, db)
            imp.append(in_fresh_process(child_process, ours(sheet, db), env))
            if imp[-1][2] != 0:
                raise SystemExit(f"导入失败：{imp[-1][3]}")
            read.append(in_fresh_process(bare_read, sheet))
            bare = folder / f"bare{run}.sqlite3"
            shutil.copyfile(empty, bare)
            floor.append(in_fresh_process(bare_executemany, bare, ROWS))

        def line(label: str, results: list[tuple], count: str) -> float:
            seconds = statistics.median(r[0] for r in results)
            mb = max(r[1] for r in results)
            spread = f"{min(r[0] for r in results):.2f}–{max(r[0] for r in results):.2f}"
            print(f"{label:<44} {seconds:6.2f} s  ({spread})  峰值内存 {mb:6.1f} MB  {count}")
            return seconds

        print(f"中位数（{RUNS} 次交替运行，机器可能与他人共用）：")
        lo_s = line("LibreOffice --convert-to csv（整个进程）", lo, "")
        our_s = line("shuangjian import institutions（整个进程）", imp, imp[-1][3].strip().splitlines()[-1])
        line("python-calamine 裸读（下限）", read, f"{read[-1][2]} 个单元格")
        line("裸 executemany 同样的行（下限）", floor, f"{floor[-1][2]} 行")
        print(f"导入 / LibreOffice = {our_s / lo_s:.2f}x（目标 ≤ 1.00x）")


if __name__ == "__main__":
    main()
