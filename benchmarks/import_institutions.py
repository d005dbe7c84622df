"""Import 10,000 institutions, beside openpyxl's bare read of the same file (the floor). Goal: at most 2x.

Each figure is measured in a fresh process: wall time and peak resident memory.
Run: .venv/bin/python benchmarks/import_institutions.py [ROWS]
"""

from __future__ import annotations

import multiprocessing as mp
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import in_fresh_process, peak_mb

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
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


def make_sheet(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    from shuangjian_desktop.domain.credit_code import check_character

    book = Workbook(write_only=True)
    sheet = book.create_sheet("机构台账")
    sheet.append(["示范县校外培训机构台账"])
    sheet.append(HEADERS)
    areas = ["体育", "文化艺术", "科技", "其他"]
    for i in range(rows):
        body = f"91510199MA{i:07d}"
        sheet.append(
            [
                f"示范县第{i}号培训学校有限公司",
                body + check_character(body),
                f"教民5101993{i:07d}号",
                "非学科类",
                areas[i % 4],
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


def bare_read(path: Path, queue: mp.Queue) -> None:
    import openpyxl

    start = time.perf_counter()
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    cells = sum(len(row) for row in book.active.iter_rows(values_only=True))
    book.close()
    queue.put(("openpyxl 只读遍历（下限）", time.perf_counter() - start, peak_mb(), cells))


def full_import(path: Path, db: Path, queue: mp.Queue) -> None:
    from shuangjian_desktop.services.workspace import Workspace
    from shuangjian_desktop.settings import Settings

    workspace = Workspace.open(db, Settings())
    start = time.perf_counter()
    report = workspace.imports.run("institutions", path, user="benchmark")
    elapsed = time.perf_counter() - start
    workspace.close()
    queue.put(("导入 institutions（读取+校验+写库+审计）", elapsed, peak_mb(), report.inserted))


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        sheet = Path(folder) / "institutions.xlsx"
        make_sheet(sheet, ROWS)
        print(f"{ROWS} 行机构台账，文件 {sheet.stat().st_size / 1e6:.1f} MB")
        floor = in_fresh_process(bare_read, sheet)
        ours = in_fresh_process(full_import, sheet, Path(folder) / "bench.sqlite3")
        for name, seconds, mb, count in (floor, ours):
            print(f"{name:<40} {seconds:7.2f} s   峰值内存 {mb:7.1f} MB   ({count})")
        print(f"倍数 {ours[1] / floor[1]:.2f}x（目标 ≤ 2x）")


if __name__ == "__main__":
    main()
