"""Cold start and memory of the window, beside a bare PySide6 window (the floor), each in a fresh interpreter.

Cold start: from launching Python to the main window's first paint, signed in (as `--db FILE --user NAME` does).
Memory: peak resident memory once the window is open and a ledger (the institutions) is on screen. Goals: cold
start on the demo county within 5x of the bare window; memory with 100,000 institutions under 1.2x of the demo's.

Run: .venv/bin/python benchmarks/startup.py [DB ...]     (no DB: the demo county, made in a temporary folder)
     .venv/bin/python -X importtime benchmarks/startup.py --child ours DB 2> imports.txt   (what loads before paint)
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

RUNS = 3


def _peak_mb() -> float:
    try:
        import resource
    except ImportError:
        return float("nan")
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_bare() -> None:
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication(sys.argv)
    window = QMainWindow()
    window.setCentralWidget(QLabel("双减监管台账"))
    window.resize(1360, 820)

    class Painted(QObject):
        def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                app.quit()
            return False

    window.installEventFilter(Painted(window))
    window.show()
    app.exec()
    print(f"RESULT {time.perf_counter()} {_peak_mb():.1f}", flush=True)


def child_ours(db: str, ledger: str = "", signed_in: bool = True) -> None:
    """The real start (`python -m shuangjian_desktop --db FILE --user admin` with the password in the environment,
    or without --user: the sign-in dialog), stopped at the first paint of the main window (or of the sign-in
    dialog); optionally a ledger put on screen with its first rows painted before stopping."""
    os.environ["SHUANGJIAN_PASSWORD"] = "demo2026"
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QDialog

    from shuangjian_desktop import app as start  # the same order of imports as `python -m shuangjian_desktop`
    from shuangjian_desktop.ui import main_window, sign_in

    stamps: list[float] = []

    class Painted(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not stamps:
                stamps.append(time.perf_counter())
                QTimer.singleShot(0, lambda: finish(watched))
            return False

    def finish(widget: QObject) -> None:
        if isinstance(widget, QDialog):
            widget.reject()
            return
        if ledger:
            widget.go(ledger)  # type: ignore[attr-defined]
            view = widget.current_view()  # type: ignore[attr-defined]
            for row in range(min(40, view.model.rowCount())):
                for column in range(view.model.columnCount()):
                    view.model.data(view.model.index(row, column))
            widget.grab()  # type: ignore[attr-defined]
        QApplication.instance().quit()

    watcher = Painted()
    shown = main_window.MainWindow.show

    def show(window: main_window.MainWindow) -> None:
        window.installEventFilter(watcher)
        shown(window)

    main_window.MainWindow.show = show  # type: ignore[method-assign]
    sign_in.SignInDialog.showEvent = lambda dialog, event: dialog.installEventFilter(watcher)  # type: ignore[method-assign]
    start.run_gui(db=Path(db), username="admin" if signed_in else None)
    print(f"RESULT {stamps[0] if stamps else time.perf_counter()} {_peak_mb():.1f}", flush=True)


def run(args: list[str]) -> tuple[float, float]:
    """Launch a child; (seconds from launch to its first paint, its peak memory in MB)."""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    start = time.perf_counter()
    out = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, env=env)
    line = next((text for text in out.stdout.splitlines() if text.startswith("RESULT")), None)
    if line is None:
        raise RuntimeError(out.stderr[-2000:])
    _tag, painted, mb = line.split()
    # perf_counter is system-wide on Linux and Windows (monotonic clock), so the child's stamp compares with ours
    return float(painted) - start, float(mb)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        if sys.argv[2] == "bare":
            child_bare()
        elif sys.argv[2] == "signin":
            child_ours(sys.argv[3], signed_in=False)
        else:
            child_ours(sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else "")
        return
    folder = tempfile.mkdtemp(prefix="startup-")
    databases = sys.argv[1:]
    if not databases:
        from shuangjian_desktop.services.demo import load_demo_county
        from shuangjian_desktop.services.workspace import Workspace

        demo = Path(folder) / "demo.sqlite3"
        workspace = Workspace.open(demo)
        load_demo_county(workspace.store)
        workspace.close()
        databases = [str(demo)]
    os.environ["SHUANGJIAN_DATA_DIR"] = folder
    bare = [run(["bare"]) for _ in range(RUNS)]
    floor = statistics.median(t for t, _ in bare)
    print("(the machine is shared with other work: figures are medians of", RUNS, "runs)")
    print(f"{'空 PySide6 窗口（下限）':<36} 启动 {floor:6.2f} s   峰值内存 {max(m for _, m in bare):7.1f} MB")
    for db in databases:
        name = Path(db).name
        dialog = statistics.median(t for t, _ in (run(["signin", db]) for _ in range(RUNS)))
        runs = [run(["ours", db]) for _ in range(RUNS)]
        start = statistics.median(t for t, _ in runs)
        opened = [run(["ours", db, "institutions"]) for _ in range(RUNS)]
        print(
            f"{name:<28} 登录窗口 {dialog:5.2f} s = {dialog / floor:4.1f}x；自动登录到主窗口 {start:5.2f} s = "
            f"{start / floor:4.1f}x；峰值内存 {max(m for _, m in runs):6.1f} MB，打开机构台账后 "
            f"{max(m for _, m in opened):6.1f} MB"
        )


if __name__ == "__main__":
    main()
