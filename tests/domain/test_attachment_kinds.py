"""Attachments keep their kind only when it is a safe one and the content does not start like a program."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from shuangjian_desktop.domain.attachment_kinds import NEVER_OPENED, SAFE_SUFFIXES, may_open, stored_suffix


def test_photos_and_documents_keep_their_kind() -> None:
    assert stored_suffix("现场照片.JPG", b"\xff\xd8\xff\xe0") == ".jpg"
    assert stored_suffix("整改报告.pdf", b"%PDF-1.7") == ".pdf"
    assert stored_suffix("情况说明.docx", b"PK\x03\x04") == ".docx"


def test_programs_shortcuts_and_disguises_become_bin() -> None:
    for name in ("setup.exe", "打开我.lnk", "run.bat", "x.ps1", "a.scr", "b.hta", "c.js", "d.vbs", "e", ".jpg"):
        assert stored_suffix(name, b"whatever") == NEVER_OPENED, name
    assert stored_suffix("发票.pdf", b"MZ\x90\x00") == NEVER_OPENED  # a program named like a document
    assert stored_suffix("照片.jpg", b"#!/bin/sh\n") == NEVER_OPENED


@given(st.text(min_size=1, max_size=40), st.binary(max_size=16))
def test_whatever_is_stored_is_either_safe_or_never_opened(name: str, head: bytes) -> None:
    suffix = stored_suffix(name, head)
    assert suffix == NEVER_OPENED or suffix in SAFE_SUFFIXES
    assert may_open(f"abc{suffix}") == (suffix != NEVER_OPENED)
