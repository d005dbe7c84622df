"""Print 100 notices (each with its service receipt) as one PDF, beside the floor: reportlab writing the same
number of pages of plain text in the same font. Goal: under 5 s.
Run: .venv/bin/python benchmarks/print_notices.py [COUNT]
"""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import in_fresh_process, peak_mb

COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 100


def prepare(folder: Path) -> tuple[Path, list[int]]:
    from sqlalchemy import select

    from shuangjian_desktop.domain.enums import InspectionResult, NoticeKind
    from shuangjian_desktop.services.demo import load_demo_county
    from shuangjian_desktop.services.workspace import Workspace
    from shuangjian_desktop.store.models import Inspection

    db = folder / "bench.sqlite3"
    workspace = Workspace.open(db)
    load_demo_county(workspace.store, today=dt.date(2026, 11, 20))
    with workspace.store.read() as uow:
        inspections = list(
            uow.session.scalars(select(Inspection.id).where(Inspection.result == InspectionResult.RECTIFY))
        )
    ids = [
        workspace.inspections.issue(
            inspections[i % len(inspections)], NoticeKind.RECTIFICATION, 15, "李晓燕", issued_on=dt.date(2027, 1, 4)
        )
        for i in range(COUNT)
    ]
    workspace.close()
    return db, ids


def ours(db: Path, ids: list[int], out: Path, queue: mp.Queue) -> None:
    from shuangjian_desktop.services.workspace import Workspace

    workspace = Workspace.open(db)
    start = time.perf_counter()
    workspace.inspections.print_notices(ids, out)
    queue.put(("打印通知书（含送达回执）", time.perf_counter() - start, peak_mb()))


def floor(pages: int, out: Path, queue: mp.Queue) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from shuangjian_desktop.documents.fonts import official_fonts

    fonts = official_fonts()
    start = time.perf_counter()
    canvas = Canvas(str(out), pagesize=A4)
    for _ in range(pages):
        canvas.setFont(fonts.body, 16)
        for line in range(22):
            canvas.drawString(80, 760 - line * 29, "示范县教育和体育局限期整改通知书正文一行二十八个汉字示范文本内容")
        canvas.showPage()
    canvas.save()
    queue.put(("reportlab 同页数纯文本（下限）", time.perf_counter() - start, peak_mb()))


def main() -> None:
    from pypdf import PdfReader

    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        db, ids = prepare(folder)
        mine = in_fresh_process(ours, db, ids, folder / "notices.pdf")
        pages = len(PdfReader(folder / "notices.pdf").pages)
        base = in_fresh_process(floor, pages, folder / "floor.pdf")
        print(f"{COUNT} 份通知书，共 {pages} 页")
        for label, seconds, mb in (base, mine):
            print(f"   {label:<28} {seconds:6.2f} s   峰值内存 {mb:6.0f} MB")
        print(f"打印 {COUNT} 份用时 {mine[1]:.2f} s（目标 < 5 s）")


if __name__ == "__main__":
    main()
