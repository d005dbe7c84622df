"""Proof: the worst day, many times over.

1. Kills during backups: the program is killed at a random moment of a backup (command line); every backup that
   looks finished must verify, the database must pass its check, and the next backup must succeed.
2. Damaged databases at start: the county database is damaged in many ways (cut short, runs of garbage, a zeroed
   header, overwritten by another file, emptied, another program's database, a newer version's); opening must refuse
   (never crash, never change the file), and a restore by an administrator must bring back every row of the backup,
   keep the damaged file byte for byte, and say what it still held after the backup.
3. Kills while issuing notices: a writer issuing notices is killed at random; document numbers must never repeat or
   skip, and the sequence must agree with the notices.

Run: .venv/bin/python tests/proofs/recovery.py [RUNS]
Prints runs, failures, data lost (rows of the backup missing after a restore) and crashes, per part.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

ISSUER = """
import datetime as dt, sys
from shuangjian_desktop.domain.enums import NoticeKind
from shuangjian_desktop.services.workspace import Workspace
ws = Workspace.open(sys.argv[1], user="issuer")
inspection = int(sys.argv[2])
while True:
    ws.inspections.issue(inspection, NoticeKind.RECTIFICATION, 15, "李晓燕", issued_on=dt.date(2026, 11, 20))
"""


@dataclass
class Tally:
    runs: int = 0
    failures: int = 0
    data_lost: int = 0
    crashes: int = 0
    notes: list[str] = field(default_factory=list)

    def fail(self, note: str) -> None:
        self.failures += 1
        self.notes.append(note)


def _env(folder: Path) -> dict[str, str]:
    return {**os.environ, "SHUANGJIAN_DATA_DIR": str(folder), "SHUANGJIAN_PASSWORD": "demo2026"}


def _cli(folder: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "shuangjian_desktop", *args],
        cwd=ROOT,
        env=_env(folder),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _rows(db: Path) -> dict[str, int]:
    with closing(sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def demo_county(folder: Path) -> Path:
    from shuangjian_desktop.services.demo import load_demo_county
    from shuangjian_desktop.services.workspace import Workspace

    db = folder / "county.sqlite3"
    workspace = Workspace.open(db)
    load_demo_county(workspace.store)
    workspace.close()
    return db


# 1 ---------------------------------------------------------------------------------------------------------------
def kills_during_backups(runs: int, rng: random.Random, folder: Path, db: Path) -> Tally:
    from shuangjian_desktop.services.backups import BackupService
    from shuangjian_desktop.settings import Settings
    from shuangjian_desktop.store.backup import BackupError, verify_backup
    from shuangjian_desktop.store.database_file import OURS, inspect_database

    tally = Tally()
    started = time.perf_counter()
    full = _cli(folder, "backup", "--db", str(db), "--user", "李晓燕")
    full.wait()
    took = time.perf_counter() - started
    for _ in range(runs):
        process = _cli(folder, "backup", "--db", str(db), "--user", "李晓燕")
        time.sleep(rng.uniform(0.1, took * 1.1))
        process.kill()
        _out, err = process.communicate()
        tally.runs += 1
        if b"Traceback" in err:
            tally.crashes += 1
        for manifest in BackupService(db, Settings()).backups():
            try:
                verify_backup(manifest.folder)
            except BackupError as error:
                tally.fail(f"a backup that looks finished does not verify: {error}")
        if inspect_database(db, full=True).kind != OURS:
            tally.fail("the database was harmed by a killed backup")
    try:
        BackupService(db, Settings()).backup_now("李晓燕")
    except Exception as error:  # the proof counts what is not a clean result
        tally.fail(f"the next backup failed: {error}")
    return tally


# 2 ---------------------------------------------------------------------------------------------------------------
def _damage_kinds(rng: random.Random) -> list[tuple[str, Callable[[Path], None]]]:
    def cut(path: Path) -> None:
        data = path.read_bytes()
        path.write_bytes(data[: rng.randrange(1, len(data) - 1)])

    def garbage(path: Path) -> None:
        data = bytearray(path.read_bytes())
        length = rng.randrange(512, 8192)
        start = rng.randrange(4096, len(data) - length)
        data[start : start + length] = bytes(rng.randrange(256) for _ in range(length))
        path.write_bytes(bytes(data))

    def zero_header(path: Path) -> None:
        data = bytearray(path.read_bytes())
        data[:100] = b"\x00" * 100
        path.write_bytes(bytes(data))

    def overwritten(path: Path) -> None:
        path.write_bytes(b"PK\x03\x04" + bytes(rng.randrange(256) for _ in range(4096)))

    def emptied(path: Path) -> None:
        path.write_bytes(b"")

    def foreign(path: Path) -> None:
        path.unlink()
        with closing(sqlite3.connect(path)) as conn:
            conn.execute("CREATE TABLE contacts (name TEXT)")
            conn.commit()

    def newer(path: Path) -> None:
        with closing(sqlite3.connect(path)) as conn:
            conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
            conn.commit()

    return [
        ("cut", cut),
        ("garbage", garbage),
        ("zero-header", zero_header),
        ("overwritten", overwritten),
        ("emptied", emptied),
        ("foreign", foreign),
        ("newer", newer),
    ]


def damaged_at_start(runs: int, rng: random.Random, folder: Path, pristine: Path) -> Tally:
    from shuangjian_desktop.services.backups import BackupService
    from shuangjian_desktop.services.restore import RestoreService
    from shuangjian_desktop.services.workspace import Workspace
    from shuangjian_desktop.settings import Settings
    from shuangjian_desktop.store.database_file import DAMAGED, DatabaseUnusable, inspect_database

    tally = Tally()
    kinds = _damage_kinds(rng)
    for run in range(runs):
        name, damage = kinds[run % len(kinds)]
        place = folder / f"start{run}"
        place.mkdir()
        db = place / "county.sqlite3"
        shutil.copyfile(pristine, db)
        backup = BackupService(db, Settings()).backup_now("admin")
        expected = _rows(backup / db.name)
        damage(db)
        before = _digest(db)
        tally.runs += 1
        try:
            Workspace.open(db, Settings()).close()
            opened = True
        except DatabaseUnusable:
            opened = False
        except Exception as error:  # the proof counts what is not a clean refusal
            tally.crashes += 1
            tally.notes.append(f"{name}: opening crashed: {type(error).__name__}: {error}")
            continue
        if opened:
            if name not in ("garbage",):  # only a run of garbage may hide from the quick check
                tally.fail(f"{name}: a damaged file was opened")
            continue
        if _digest(db) != before:
            tally.fail(f"{name}: refusing to open changed the file")
        if name in ("foreign", "newer"):
            continue  # not damaged: another program's or a newer version's file is refused and left alone
        if inspect_database(db).kind != DAMAGED:
            tally.fail(f"{name}: not reported as damaged")
        try:
            outcome = RestoreService(db, Settings()).restore(backup, "admin")
        except Exception as error:
            tally.crashes += 1
            tally.notes.append(f"{name}: restore crashed: {type(error).__name__}: {error}")
            continue
        if outcome.kept is None or _digest(outcome.kept) != before:
            tally.fail(f"{name}: the damaged file was not kept as it was")
        restored = _rows(db)
        lost = sum(max(0, count - restored.get(table, 0)) for table, count in expected.items())
        tally.data_lost += lost
        if "已损坏的数据库保留在" not in outcome.summary():
            tally.fail(f"{name}: the report does not say where the damaged file is")
    return tally


# 3 ---------------------------------------------------------------------------------------------------------------
def kills_while_issuing(runs: int, rng: random.Random, folder: Path, pristine: Path) -> Tally:
    tally = Tally()
    db = folder / "notices.sqlite3"
    shutil.copyfile(pristine, db)
    with closing(sqlite3.connect(db)) as conn:
        inspection = conn.execute(
            "SELECT id FROM inspection WHERE result NOT IN ('passed', 'fixed_on_site') ORDER BY id LIMIT 1"
        ).fetchone()[0]
    for _ in range(runs):
        process = subprocess.Popen(
            [sys.executable, "-c", ISSUER, str(db), str(inspection)],
            cwd=ROOT,
            env=_env(folder),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        time.sleep(rng.uniform(1.5, 4.0))
        process.kill()
        _out, err = process.communicate()
        tally.runs += 1
        if b"Traceback" in err:
            tally.crashes += 1
            tally.notes.append(err.decode("utf-8", "replace")[-300:])
        with closing(sqlite3.connect(db)) as conn:
            numbers = [
                int(n.split("〕")[1].rstrip("号"))
                for (n,) in conn.execute("SELECT doc_number FROM notice WHERE doc_number LIKE '%〔2026〕%'")
                if n.startswith("示教体整改")
            ]
            last = conn.execute(
                "SELECT last_value FROM doc_sequence WHERE prefix = '示教体整改' AND year = 2026"
            ).fetchone()[0]
        if len(numbers) != len(set(numbers)):
            tally.fail("a document number repeats")
        if sorted(numbers) != list(range(1, len(numbers) + 1)) or last != len(numbers):
            tally.fail(f"numbers skip or the sequence disagrees: {len(numbers)} notices, sequence at {last}")
    return tally


def run(runs: int = 10, seed: int = 3) -> dict[str, Tally]:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        os.environ["SHUANGJIAN_DATA_DIR"] = str(folder)
        pristine = demo_county(folder)
        keep = folder / "pristine.sqlite3"
        shutil.copyfile(pristine, keep)
        return {
            "备份时强杀": kills_during_backups(runs, rng, folder, pristine),
            "启动时数据库损坏": damaged_at_start(runs * 2, rng, folder, keep),
            "下达通知书时强杀": kills_while_issuing(max(2, runs // 2), rng, folder, keep),
        }


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    for part, tally in run(runs).items():
        print(
            f"{part}: runs {tally.runs}, failures {tally.failures}, data lost {tally.data_lost}, "
            f"crashes {tally.crashes}"
        )
        for note in tally.notes[:5]:
            print(f"  - {note}")


if __name__ == "__main__":
    main()
