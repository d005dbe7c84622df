"""Backups as folders a county would miss nothing from: the database (copied through SQLite's online backup API
and checked), every attachment it lists, and a manifest of SHA-256 checksums, the schema version and the audit
trail's chain head, written last. A backup is made in a hidden ``.NAME.part`` folder and renamed into place, so a
half-made one never looks finished. Attachments already in an earlier backup of the same folder are hard-linked,
not copied again (a copy where the disk cannot link, e.g. a FAT32 USB stick).

``verify_backup`` recomputes every checksum and runs the integrity check; a backup made by an earlier version of the
program (a single ``.sqlite3`` file, no manifest) is checked by the integrity check alone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import time
from contextlib import closing, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shuangjian_desktop import __version__
from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.store.engine import is_disk_full, read_only_uri

MANIFEST = "manifest.json"
FORMAT = "shuangjian-backup/1"
ATTACHMENTS = "attachments"
STALE_SECONDS = 3600
"""A ``.part`` left by a backup or a write that was killed is removed once it is this old."""


class BackupError(DomainError):
    """A backup could not be made or a copy is damaged."""


def integrity_problems(path: Path, *, quick: bool = False) -> list[str]:
    """What integrity_check (or quick_check) and foreign_key_check report for the file (empty when sound)."""
    path = Path(path)
    if not path.is_file():
        return [f"文件不存在：{path}"]
    try:
        with closing(sqlite3.connect(read_only_uri(path), uri=True)) as conn:
            rows = [r[0] for r in conn.execute("PRAGMA quick_check" if quick else "PRAGMA integrity_check")]
            problems = [] if rows == ["ok"] else rows
            for table, rowid, parent, _fk in conn.execute("PRAGMA foreign_key_check"):
                problems.append(f"{table} 第{rowid}条记录引用的 {parent} 不存在")
            return problems
    except sqlite3.DatabaseError as error:
        return [f"不是有效的数据库文件：{error}"]


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class Manifest:
    """What a backup holds; ``legacy`` for a single-file backup of an earlier version (no checksums)."""

    folder: Path
    database: str
    created_at: dt.datetime
    reason: str = ""
    schema: str | None = None
    sha256: str = ""
    size: int = 0
    audit_head: tuple[int, str] | None = None
    attachments: tuple[tuple[str, str, int], ...] = ()
    """(file name, sha256, size) of every attachment the database lists and the backup holds."""
    missing: tuple[str, ...] = ()
    """Attachments the database lists that could not be copied (missing or damaged at backup time)."""
    counts: dict[str, int] = field(default_factory=dict)
    legacy: bool = False

    @property
    def database_path(self) -> Path:
        return self.folder / self.database if not self.legacy else self.folder

    @property
    def name(self) -> str:
        return self.folder.name

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": FORMAT,
                "program": __version__,
                "created_at": self.created_at.isoformat(timespec="seconds"),
                "reason": self.reason,
                "schema": self.schema,
                "database": {"file": self.database, "sha256": self.sha256, "size": self.size},
                "audit_head": list(self.audit_head) if self.audit_head else None,
                "attachments": [{"file": n, "sha256": s, "size": z} for n, s, z in self.attachments],
                "missing_attachments": list(self.missing),
                "counts": self.counts,
            },
            ensure_ascii=False,
            indent=1,
        )


def read_manifest(path: Path) -> Manifest:
    """The manifest of a backup folder (or of its manifest.json), or a legacy single-file backup's description."""
    path = Path(path)
    if path.is_file() and path.name != MANIFEST:
        stamp = dt.datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)
        return Manifest(path, path.name, stamp, legacy=True)
    folder = path.parent if path.name == MANIFEST else path
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError("format")
        database = data["database"]
        head = data.get("audit_head")
        return Manifest(
            folder,
            str(database["file"]),
            dt.datetime.fromisoformat(data["created_at"]),
            str(data.get("reason", "")),
            data.get("schema"),
            str(database["sha256"]),
            int(database["size"]),
            (int(head[0]), str(head[1])) if head else None,
            tuple((str(a["file"]), str(a["sha256"]), int(a["size"])) for a in data.get("attachments", [])),
            tuple(str(n) for n in data.get("missing_attachments", [])),
            {str(k): int(v) for k, v in data.get("counts", {}).items()},
        )
    except (OSError, ValueError, KeyError, TypeError, IndexError) as error:
        raise BackupError(f"“{folder.name}”不是本程序的备份，或其校验清单已损坏（{error}）") from error


def verify_backup(path: Path) -> Manifest:
    """Check a backup before it is trusted: every checksum, the integrity check, that it is this program's database.
    Raise BackupError naming what is wrong."""
    manifest = read_manifest(path)
    database = manifest.database_path
    problems: list[str] = []
    if not manifest.legacy:
        if not database.is_file():
            problems.append(f"缺少数据库文件 {manifest.database}")
        elif database.stat().st_size != manifest.size or sha256_file(database) != manifest.sha256:
            problems.append(f"数据库文件 {manifest.database} 与备份时的校验值不符（文件被改动或损坏）")
        for name, digest, size in manifest.attachments:
            attached = manifest.folder / ATTACHMENTS / name
            if not attached.is_file():
                problems.append(f"缺少附件 {name}")
            elif attached.stat().st_size != size or sha256_file(attached) != digest:
                problems.append(f"附件 {name} 与备份时的校验值不符")
    if not problems:
        problems = integrity_problems(database)
    if not problems:
        with closing(sqlite3.connect(read_only_uri(database), uri=True)) as conn:
            if not conn.execute("SELECT 1 FROM sqlite_master WHERE name='alembic_version'").fetchone():
                problems.append("不是本程序的数据库")
    if problems:
        raise BackupError(f"备份“{manifest.name}”不能使用：" + "；".join(problems[:5]))
    return manifest


def _read_facts(
    database: Path,
) -> tuple[str | None, tuple[int, str] | None, list[tuple[str, str, int]], dict[str, int]]:
    """Schema version, audit chain head, listed attachments and row counts of a (checked) copy."""
    with closing(sqlite3.connect(read_only_uri(database), uri=True)) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        schema = (
            conn.execute("SELECT version_num FROM alembic_version").fetchone() if "alembic_version" in tables else None
        )
        head = None
        if "audit_log" in tables:
            columns = {r[1] for r in conn.execute("PRAGMA table_info(audit_log)")}
            if "chain" in columns:
                found = conn.execute("SELECT id, chain FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
                head = (int(found[0]), str(found[1] or "")) if found else (0, "")
        attachments = (
            [(str(n), str(s), int(z)) for n, s, z in conn.execute("SELECT stored_name, sha256, size FROM attachment")]
            if "attachment" in tables
            else []
        )
        counts = {t: int(conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]) for t in tables}
    return (str(schema[0]) if schema else None), head, attachments, counts


def _earlier_copies(folder: Path) -> dict[tuple[str, str], Path]:
    """Attachments already held by the backups in ``folder``, by (name, sha256), to hard-link instead of copying."""
    found: dict[tuple[str, str], Path] = {}
    for manifest_path in folder.glob(f"*/{MANIFEST}"):
        with suppress(BackupError):
            manifest = read_manifest(manifest_path)
            for name, digest, _size in manifest.attachments:
                found.setdefault((name, digest), manifest.folder / ATTACHMENTS / name)
    return found


def _link_or_copy(source: Path, target: Path, earlier: Path | None, size: int) -> bool:
    """Put the attachment at ``target``: a hard link to an earlier backup's identical copy where the disk allows,
    else a copy of the live file. Returns whether the result must still be checked against its checksum."""
    if earlier is not None and earlier.is_file() and earlier.stat().st_size == size:
        try:
            os.link(earlier, target)
            return False
        except OSError:
            pass
    shutil.copyfile(source, target)
    return True


def make_backup(db_path: Path, attachments_dir: Path, target: Path, reason: str) -> Manifest:
    """Make the backup folder ``target`` (which must not exist) from the live database and its attachments."""
    target = Path(target)
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    remove_stale_parts(folder)
    work = folder / f".{target.name}.part"
    shutil.rmtree(work, ignore_errors=True)
    db_name = Path(db_path).name
    try:
        (work / ATTACHMENTS).mkdir(parents=True)
        copy = work / db_name
        with closing(sqlite3.connect(read_only_uri(db_path), uri=True)) as src, closing(sqlite3.connect(copy)) as dst:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        problems = integrity_problems(copy)
        if problems:
            raise BackupError("备份副本校验未通过：" + "；".join(problems[:5]))
        schema, head, listed, counts = _read_facts(copy)
        earlier = _earlier_copies(folder)
        kept: list[tuple[str, str, int]] = []
        missing: list[str] = []
        for name, digest, size in listed:
            source = Path(attachments_dir) / name
            if not source.is_file() or source.stat().st_size != size:
                missing.append(name)
                continue
            placed = work / ATTACHMENTS / name
            if _link_or_copy(source, placed, earlier.get((name, digest)), size) and sha256_file(placed) != digest:
                placed.unlink()
                missing.append(name)
                continue
            kept.append((name, digest, size))
        manifest = Manifest(
            target,
            db_name,
            dt.datetime.now().replace(microsecond=0),
            reason,
            schema,
            sha256_file(copy),
            copy.stat().st_size,
            head,
            tuple(kept),
            tuple(missing),
            counts,
        )
        manifest_file = work / MANIFEST
        manifest_file.write_text(manifest.to_json(), encoding="utf-8")
        for written in (copy, manifest_file):
            _fsync(written)
        work.replace(target)
        return manifest
    except sqlite3.Error as error:
        if is_disk_full(error):
            raise BackupError(
                f"磁盘空间不足，未能备份到“{folder}”；原有备份未被改动。请换个位置或清理后重试。"
            ) from error
        raise BackupError(f"备份失败：{error}") from error
    except OSError as error:
        if getattr(error, "errno", None) == 28 or getattr(error, "winerror", None) in (39, 112):
            raise BackupError(
                f"磁盘空间不足，未能备份到“{folder}”；原有备份未被改动。请换个位置或清理后重试。"
            ) from error
        raise BackupError(f"未能备份到“{folder}”：{error.strerror or error}") from error
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _fsync(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def remove_stale_parts(folder: Path, older_than: float = STALE_SECONDS) -> list[Path]:
    """Remove the ``.NAME.part`` files and folders a killed backup or write left in ``folder``."""
    removed = []
    limit = time.time() - older_than
    with suppress(OSError):
        for path in Path(folder).glob(".*.part*"):
            with suppress(OSError):
                if path.lstat().st_mtime > limit:
                    continue
                if path.is_dir():
                    shutil.rmtree(path)
                else:
                    path.unlink()
                removed.append(path)
    return removed


def timestamped_name(db_path: Path, reason: str, when: dt.datetime | None = None) -> str:
    stamp = (when or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    return f"{Path(db_path).stem}-{stamp}-{reason}"


def backup_database(db_path: Path, target: Path, attachments_dir: Path | None = None, reason: str = "") -> Path:
    """A verified backup folder at ``target`` (attachments from beside the database unless named); its path."""
    attachments = attachments_dir if attachments_dir is not None else Path(db_path).parent / ATTACHMENTS
    return make_backup(db_path, attachments, target, reason).folder


def describe(manifest: Manifest) -> dict[str, Any]:
    """Plain facts for messages and lists."""
    return {
        "name": manifest.name,
        "created_at": manifest.created_at,
        "reason": manifest.reason,
        "attachments": len(manifest.attachments),
        "missing": len(manifest.missing),
        "legacy": manifest.legacy,
    }
