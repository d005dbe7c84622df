"""Which attachments may keep their kind: photos, scans, documents, audio and video a clerk files with an inspection.

Anything else (programs, shortcuts, scripts, unknown kinds), and any file whose first bytes show a program whatever
its name says, is stored as ``.bin``: kept, listed, and shown in its folder, but never opened by the shell.
"""

from __future__ import annotations

SAFE_SUFFIXES = frozenset(
    {
        # photos and scans
        ".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".heic", ".heif",
        # documents
        ".pdf", ".ofd", ".txt", ".csv", ".rtf", ".doc", ".docx", ".xls", ".xlsx", ".wps", ".et", ".dps",
        ".ppt", ".pptx", ".odt", ".ods",
        # audio and video from phones and recorders
        ".mp3", ".wav", ".amr", ".m4a", ".aac", ".mp4", ".mov", ".avi", ".3gp", ".wmv",
    }
)  # fmt: skip
NEVER_OPENED = ".bin"
PROGRAM_MAGIC = (b"MZ", b"\x7fELF", b"#!", b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa")
"""First bytes of Windows and Linux programs, macOS binaries and scripts."""


def stored_suffix(original_name: str, head: bytes) -> str:
    """The suffix an attachment is stored under: its own when it is a safe kind and does not start like a program,
    else ``.bin``."""
    dot = original_name.rfind(".")
    suffix = original_name[dot:].lower() if dot > 0 else ""
    if suffix not in SAFE_SUFFIXES:
        return NEVER_OPENED
    if head.startswith(PROGRAM_MAGIC):
        return NEVER_OPENED
    return suffix


def may_open(stored_name: str) -> bool:
    """Whether the program may hand the stored file to the system to open."""
    dot = stored_name.rfind(".")
    return dot > 0 and stored_name[dot:].lower() in SAFE_SUFFIXES
