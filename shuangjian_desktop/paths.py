"""Where things are: the program's own files (resources/, db/, reports/) and the clerk's data, per platform.

Works for a source checkout, an installed wheel (files under <prefix>/share/shuangjian_desktop) and the frozen
PyInstaller build (files beside the executable in sys._MEIPASS).

The data folder on Windows is, in this order: SHUANGJIAN_DATA_DIR; the folder the installer's page (or the IT
person, with `reg add`) wrote as ``DataFolder`` under HKEY_CURRENT_USER, then HKEY_LOCAL_MACHINE,
``Software\\ShuangjianDesktop`` (a REG_EXPAND_SZ may say ``%LOCALAPPDATA%``, expanded for each user); else each
Windows user's own %LOCALAPPDATA%\\ShuangjianDesktop.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

DATA_DIR_ENV = "SHUANGJIAN_DATA_DIR"
DB_ENV = "SHUANGJIAN_DB"
PASSWORD_ENV = "SHUANGJIAN_PASSWORD"
"""Where a script gives the password of `--user` (the command line and the window started with --user)."""
REGISTRY_KEY = r"Software\ShuangjianDesktop"
REGISTRY_DATA_FOLDER = "DataFolder"
"""The value the installer writes (HKLM for every user of the PC, HKCU for one) naming the data folder."""
DB_FILE_NAME = "shuangjian.sqlite3"
DEMO_DB_FILE_NAME = "demo.sqlite3"


def app_root() -> Path:
    """The folder that holds resources/, db/ and reports/."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "db" / "env.py").is_file():
        return checkout
    return Path(sys.prefix) / "share" / "shuangjian_desktop"


def resources_dir() -> Path:
    return app_root() / "resources"


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def migrations_dir() -> Path:
    return app_root() / "db"


def catalogues_dir() -> Path:
    return app_root() / "db" / "catalogues"


def reports_dir() -> Path:
    return app_root() / "reports"


def registry_data_folder() -> Path | None:
    """The data folder chosen at installation (see the module's docstring), or None where none was chosen."""
    if sys.platform != "win32":
        return None
    import winreg

    for hive in (winreg.HKEY_CURRENT_USER, winreg.HKEY_LOCAL_MACHINE):
        try:
            with winreg.OpenKey(hive, REGISTRY_KEY) as key:
                value, kind = winreg.QueryValueEx(key, REGISTRY_DATA_FOLDER)
        except OSError:
            continue
        if isinstance(value, str) and value.strip():
            text = winreg.ExpandEnvironmentStrings(value) if kind == winreg.REG_EXPAND_SZ else value
            return Path(text.strip())
    return None


def data_dir() -> Path:
    """The data folder: SHUANGJIAN_DATA_DIR, the one chosen at installation, else the per-user (not roaming)
    %LOCALAPPDATA%\\ShuangjianDesktop on Windows."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    if sys.platform == "win32":
        chosen = registry_data_folder()
        if chosen is not None:
            return chosen
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "ShuangjianDesktop"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "ShuangjianDesktop"
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "shuangjian_desktop"


def default_db_path() -> Path:
    """The database in use when none is named: SHUANGJIAN_DB, else the one in the data folder."""
    override = os.environ.get(DB_ENV)
    if override:
        return Path(override)
    return data_dir() / DB_FILE_NAME


def demo_db_path() -> Path:
    return data_dir() / DEMO_DB_FILE_NAME


def backups_dir(db_path: Path) -> Path:
    """Backups live beside the database they copy."""
    return db_path.parent / "backups"


def attachments_dir(db_path: Path) -> Path:
    return db_path.parent / "attachments"


def server_files_dir(server: str) -> Path:
    """This PC's copies of files kept in a server's database (attachments opened from it), one folder per county
    on a server (``server`` is its address without password)."""
    import hashlib

    return data_dir() / "server-files" / hashlib.sha256(server.encode("utf-8")).hexdigest()[:16]


def settings_path() -> Path:
    return data_dir() / "settings.json"


CLOUD_FOLDERS = (
    "onedrive",
    "dropbox",
    "google drive",
    "googledrive",
    "icloud",
    "坚果云",
    "nutstore",
    "百度网盘",
    "baidunetdisk",
    "wps云盘",
    "wps cloud",
    "微云",
    "weiyun",
    "同步盘",
)


def storage_warning(db_path: Path) -> str | None:
    """Why the database's folder is a risky place for it (network share, mapped network drive, cloud-synced
    folder), or None. SQLite's locking is unreliable there and sync tools copy half-written files."""
    path = Path(db_path)
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return f"数据库位于网络共享“{path.parent}”，多人同时使用或断网时可能损坏，建议放在本机磁盘。"
    drive = path.absolute().drive if sys.platform == "win32" else ""
    if drive:
        import ctypes

        drive_remote = 4
        root = drive + "\\"  # a root with one backslash; with two, the answer is DRIVE_NO_ROOT_DIR
        if ctypes.windll.kernel32.GetDriveTypeW(root) == drive_remote:  # type: ignore[attr-defined]
            return f"数据库位于网络驱动器 {drive}，多人同时使用或断网时可能损坏，建议放在本机磁盘。"
    lowered = [part.lower() for part in path.parts]
    for name in CLOUD_FOLDERS:
        if any(name in part for part in lowered):
            return f"数据库位于云同步文件夹（{name}）中，同步软件可能复制到写了一半的文件，建议移到本机其他文件夹。"
    return None
