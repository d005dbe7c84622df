"""The Windows version resource of both programs (Properties > Details in Explorer), from the package's version."""

from __future__ import annotations

import re
from pathlib import Path

from PyInstaller.utils.win32.versioninfo import (
    FixedFileInfo,
    StringFileInfo,
    StringStruct,
    StringTable,
    VarFileInfo,
    VarStruct,
    VSVersionInfo,
)

ROOT = Path(__file__).resolve().parents[2]


def package_version() -> str:
    text = (ROOT / "shuangjian_desktop" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    if not found:
        raise SystemExit("shuangjian_desktop/__init__.py has no __version__")
    return found.group(1)


def numeric(version: str) -> tuple[int, int, int, int]:
    """ "0.1.0" -> (0, 1, 0, 0): the four numbers Windows shows (pre-release letters dropped)."""
    numbers = [int(n) for n in re.findall(r"\d+", version)[:4]]
    return tuple([*numbers, 0, 0, 0, 0][:4])  # type: ignore[return-value]


def version_info() -> VSVersionInfo:
    version = package_version()
    fixed = numeric(version)
    strings = [
        StringStruct("CompanyName", "双减监管台账"),
        StringStruct("FileDescription", "双减监管台账：县级教育局校外培训监管"),
        StringStruct("FileVersion", version),
        StringStruct("InternalName", "shuangjian_desktop"),
        StringStruct("LegalCopyright", "双减监管台账"),
        StringStruct("OriginalFilename", "双减监管台账.exe"),
        StringStruct("ProductName", "双减监管台账"),
        StringStruct("ProductVersion", version),
    ]
    return VSVersionInfo(
        ffi=FixedFileInfo(filevers=fixed, prodvers=fixed, mask=0x3F, flags=0, OS=0x40004, fileType=1, subtype=0),
        kids=[
            StringFileInfo([StringTable("080404B0", strings)]),
            VarFileInfo([VarStruct("Translation", [0x0804, 1200])]),  # Simplified Chinese, Unicode
        ],
    )
