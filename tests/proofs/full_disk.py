"""Proof: a full disk during an import, a backup, an export and a print. Each run fills a small tmpfs file system
(mounted here for the purpose; needs root, as on the CI machine) to a few kilobytes of free space and then asks the
program to write there. Every run must end in a Chinese message naming the full disk, with the database passing
integrity_check and holding none of the refused rows, the old file or backup untouched, no half-written file left
behind, and, once space is freed, the same work succeeding.

Run: .venv/bin/python tests/proofs/full_disk.py
Prints runs, failures (a wrong outcome: partial rows, a changed old file, a leftover, no disk message, no recovery),
corruptions (integrity_check failed) and crashes (an exception that is not a clerk's message).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from shuangjian_desktop.atomicfile import FileWriteError  # noqa: E402
from shuangjian_desktop.domain.errors import DomainError  # noqa: E402
from tests.proofs.crash_import import make_sheet  # noqa: E402

SIZE_KB = 12 * 1024
DISK_WORDS = "磁盘空间不足"


@dataclass
class Tally:
    runs: int = 0
    failures: int = 0
    corruptions: int = 0
    crashes: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    messages: dict[str, str] = field(default_factory=dict)
    """The first message of each kind of write."""
    notes: list[str] = field(default_factory=list)


class CannotMount(RuntimeError):
    pass


@contextlib.contextmanager
def small_disk(size_kb: int = SIZE_KB) -> Iterator[Path]:
    """A tmpfs of ``size_kb`` mounted on a fresh folder; unmounted afterwards."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("mount") is None:
        raise CannotMount("需要 root 和 mount 命令")
    folder = Path(tempfile.mkdtemp(prefix="fulldisk-"))
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(folder)], capture_output=True, check=False
    )
    if done.returncode != 0:
        folder.rmdir()
        raise CannotMount(done.stderr.decode(errors="replace").strip())
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)
        folder.rmdir()


def fill(disk: Path, leave_bytes: int) -> Path:
    """Fill the disk, then give back ``leave_bytes`` (rounded to pages by tmpfs)."""
    filler = disk / "filler.bin"
    with filler.open("wb", buffering=0) as handle:
        for size in (65536, 4096, 512, 1):
            block = b"\0" * size
            with contextlib.suppress(OSError):
                while handle.write(block) == size:
                    pass
    with contextlib.suppress(OSError):
        size = filler.stat().st_size
        os.truncate(filler, max(0, size - leave_bytes))
    return filler


def digest(path: Path) -> str:
    """The file's checksum; for a folder (a backup), the checksums of everything in it."""
    if path.is_dir():
        parts = sorted((str(p.relative_to(path)), digest(p)) for p in path.rglob("*") if p.is_file())
        return hashlib.sha256(repr(parts).encode()).hexdigest()
    return hashlib.sha256(path.read_bytes()).hexdigest()


def leftovers(folder: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


def _outcome(tally: Tally, kind: str, attempt: Callable[[], object]) -> str | None:
    """Run one write on the full disk; the refusal message, None when it fitted, or count a crash."""
    tally.runs += 1
    tally.by_kind[kind] = tally.by_kind.get(kind, 0) + 1
    try:
        attempt()
    except (DomainError, FileWriteError) as error:
        tally.messages.setdefault(kind, str(error))
        if DISK_WORDS not in str(error):
            tally.failures += 1
            tally.notes.append(f"{kind}: 提示未说明磁盘已满：{error}")
        return str(error)
    except Exception as error:  # the proof counts what is not a clerk's message
        tally.crashes += 1
        tally.notes.append(f"{kind}: {type(error).__name__}: {str(error).splitlines()[0]}")
        return None
    return None


def prove_import(tally: Tally, sheet: Path, rows: int, leave: list[int]) -> None:
    from shuangjian_desktop.services.importing import ImportRejected
    from shuangjian_desktop.services.workspace import Workspace
    from shuangjian_desktop.store.backup import integrity_problems

    for free in leave:
        with small_disk() as disk:
            db = disk / "ledger.sqlite3"
            workspace = Workspace.open(db)
            try:
                filler = fill(disk, free)
                imports = workspace.imports
                message = _outcome(tally, "导入", lambda i=imports: i.run("institutions", sheet, user="proof"))
                count = workspace.registers.institutions.count(_query())
                if count not in (0, rows) or (message is not None and count):
                    tally.failures += 1
                    tally.notes.append(f"导入（剩余{free}字节）：库中有{count}行")
                filler.unlink()
                with contextlib.suppress(ImportRejected):  # the rows were already in when the first run fitted
                    workspace.imports.run("institutions", sheet, user="proof")
                if workspace.registers.institutions.count(_query()) != rows:
                    tally.failures += 1
                    tally.notes.append(f"导入（剩余{free}字节）：腾出空间后重试未能导入")
            finally:
                workspace.close()
            if integrity_problems(db):
                tally.corruptions += 1


def _query() -> object:
    from shuangjian_desktop.services.registers import Query

    return Query()


def prove_file(tally: Tally, kind: str, name: str, write: Callable[[Path], object], leave: list[int]) -> None:
    """A file written onto a full disk over an older one of the same name."""
    for free in leave:
        with small_disk() as disk:
            target = disk / name
            target.write_bytes(b"old file the clerk printed last month " * 50)
            before = digest(target)
            filler = fill(disk, free)
            message = _outcome(tally, kind, lambda t=target: write(t))
            if message is not None and digest(target) != before:
                tally.failures += 1
                tally.notes.append(f"{kind}（剩余{free}字节）：原文件被改动")
            extra = leftovers(disk, {name, filler.name})
            if message is not None and extra:
                tally.failures += 1
                tally.notes.append(f"{kind}（剩余{free}字节）：留下了 {extra}")
            filler.unlink()
            try:
                write(target)
            except Exception as error:
                tally.failures += 1
                tally.notes.append(f"{kind}（剩余{free}字节）：腾出空间后仍失败：{error}")


def prove_backup(tally: Tally, db: Path, user: str, leave: list[int]) -> None:
    from shuangjian_desktop.services.backups import BackupService
    from shuangjian_desktop.settings import Settings
    from shuangjian_desktop.store.backup import BackupError, integrity_problems, verify_backup

    def damaged(backup: Path) -> bool:
        try:
            verify_backup(backup)
        except BackupError:
            return True
        return False

    service = BackupService(db, Settings())
    room = max(SIZE_KB, 3 * db.stat().st_size // 1024 + 1024)  # two backups and some: the demo county grows
    for free in leave:
        with small_disk(room) as disk:
            old = service.backup_now(user, disk)
            before = digest(old)
            filler = fill(disk, free)
            message = _outcome(tally, "备份", lambda: service.backup_now(user, disk, reason="usb"))
            if digest(old) != before or damaged(old):
                tally.failures += 1
                tally.notes.append(f"备份（剩余{free}字节）：原有备份被改动")
            extra = leftovers(disk, {old.name, filler.name})
            if message is not None and extra:
                tally.failures += 1
                tally.notes.append(f"备份（剩余{free}字节）：留下了 {extra}")
            filler.unlink()
            made = service.backup_now(user, disk, reason="usb")
            if damaged(made):
                tally.corruptions += 1
        if integrity_problems(db):
            tally.corruptions += 1


def run(rows: int = 10_000, levels: int = 4) -> Tally:
    """``levels`` amounts of free space per kind of write (from none to a little under what the write needs)."""
    from shuangjian_desktop.services.demo import load_demo_county
    from shuangjian_desktop.services.workspace import Workspace

    tally = Tally()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        os.environ["SHUANGJIAN_DATA_DIR"] = str(folder)
        sheet = folder / "机构.xlsx"
        make_sheet(sheet, rows)
        small = [0, 4096, 65536, 262144, 1048576, 2097152][:levels]
        prove_import(tally, sheet, rows, small)
        demo = folder / "demo.sqlite3"
        workspace = Workspace.open(demo)
        load_demo_county(workspace.store)
        try:
            tiny = [0, 4096, 16384, 32768][:levels]
            prove_file(tally, "导出", "在职教师.xlsx", lambda p: workspace.export_ledger("teachers", p, "李晓燕"), tiny)
            prove_file(
                tally,
                "月报",
                "月报.xlsx",
                lambda p: workspace.export_monthly_return("2026-10", p, "李晓燕"),
                tiny,
            )
            prove_file(tally, "打印", "责任书.pdf", lambda p: workspace.print_letters(list(range(1, 40)), p), tiny)
        finally:
            workspace.close()
        prove_backup(tally, demo, "admin", small)
    return tally


def main() -> int:
    try:
        tally = run()
    except CannotMount as why:
        print(f"跳过：本机不能挂载小文件系统（{why}）")
        return 0
    print(f"runs {tally.runs}  failures {tally.failures}  corruptions {tally.corruptions}  crashes {tally.crashes}")
    print("by kind: " + ", ".join(f"{kind} {count}" for kind, count in tally.by_kind.items()))
    for kind, message in tally.messages.items():
        print(f"  {kind}: {message}")
    for note in tally.notes[:20]:
        print(f"  ! {note}")
    return 0 if (tally.failures, tally.corruptions, tally.crashes) == (0, 0, 0) else 1


if __name__ == "__main__":
    sys.exit(main())
