"""Write a file to a temporary name beside it and rename it into place, so a reader never sees half a file.

A full disk or a file held open by another program (Excel, WPS) leaves the old file as it was and raises
FileWriteError with a Chinese message. A program killed half-way leaves its hidden ``.NAME.xxxx.part`` behind; every
temporary name is noted in a small list in the data folder first, so the next start removes what a killed write left
(``remove_left_over``), wherever it was writing (a USB stick, the clerk's Documents).
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from shuangjian_desktop import paths


class FileWriteError(OSError):
    """The file could not be written; ``str()`` is a Chinese sentence naming the file and the reason."""


def describe_os_error(path: Path, error: OSError) -> str:
    if error.errno in (errno.ENOSPC, errno.EDQUOT) or getattr(error, "winerror", None) in (39, 112):
        return f"磁盘空间不足，未能写入“{path}”；原有文件未被改动。请清理磁盘后重试。"
    if isinstance(error, PermissionError) or getattr(error, "winerror", None) in (5, 32, 33):
        return f"无法写入“{path}”：文件可能正被其他程序（如 Excel、WPS）打开，或没有写入权限。请关闭后重试。"
    if isinstance(error, FileNotFoundError):
        return f"无法写入“{path}”：文件夹不存在。"
    return f"无法写入“{path}”：{error.strerror or error}"


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success it replaces ``target``, on failure it is removed."""
    target = Path(target)
    folder = target.parent
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".part", dir=folder)
    except OSError as error:
        raise FileWriteError(describe_os_error(target, error)) from error
    os.close(fd)
    tmp = Path(tmp_name)
    _note(tmp)
    try:
        yield tmp
        _fsync_file(tmp)
        tmp.replace(target)
    except OSError as error:
        tmp.unlink(missing_ok=True)
        if isinstance(error, FileWriteError):
            raise
        raise FileWriteError(describe_os_error(target, error)) from error
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_atomically(target: Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp_path)`` and move the result onto ``target``."""
    with atomic_path(target) as tmp:
        write(tmp)
    return Path(target)


def _fsync_file(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


PENDING = "unfinished-writes.txt"
STALE_SECONDS = 3600


def _pending_list() -> Path:
    return paths.data_dir() / PENDING


def _note(tmp: Path) -> None:
    """Note a temporary file before it is written (best effort: a list that cannot be written stops nothing)."""
    listing = _pending_list()
    with contextlib.suppress(OSError):
        listing.parent.mkdir(parents=True, exist_ok=True)
        with listing.open("a", encoding="utf-8") as handle:
            handle.write(f"{tmp}\n")


def remove_left_over(older_than: float = STALE_SECONDS) -> list[Path]:
    """At start-up: remove the temporary files that killed writes left (old enough that no running copy of the
    program can still be writing them) and forget the rest of the list."""
    listing = _pending_list()
    try:
        names = listing.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    removed, keep = [], []
    limit = time.time() - older_than
    for name in dict.fromkeys(names):
        path = Path(name)
        if not (path.name.startswith(".") and path.name.endswith(".part")):
            continue
        try:
            if not path.exists():
                continue
            if path.stat().st_mtime > limit:
                keep.append(name)
                continue
            path.unlink()
            removed.append(path)
        except OSError:
            keep.append(name)
    with contextlib.suppress(OSError):
        listing.write_text("".join(f"{n}\n" for n in keep), encoding="utf-8")
    return removed
