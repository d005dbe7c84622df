"""Write a file to a temporary name beside it and rename it into place, so a reader never sees half a file.

A full disk or a file held open by another program (Excel, WPS) leaves the old file as it was and raises
FileWriteError with a Chinese message.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path


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
