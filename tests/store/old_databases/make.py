"""How the old-version databases beside this file were made (kept so the next release can add its own).

    .venv/bin/python tests/store/old_databases/make.py

- ``v0.1.0-0002-demo-county.sqlite3``: the demo county as version 0.1.0 makes it (schema 0002, the first release).
- ``0001-demo-county.sqlite3``: the same rows in a database at schema 0001 (before the audit trail was made
  append-only), as the development builds before 0.1.0 left it.
- ``0001-first-start.sqlite3``: a database at schema 0001 just after its first start: the administrator's account
  and nothing else.

At each release that changes the schema, add the demo county as that release makes it (``v<version>-<revision>-
demo-county.sqlite3``); never change or delete a file here: tests/store/test_old_databases.py upgrades each one.
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
import tempfile
from contextlib import closing
from pathlib import Path

from shuangjian_desktop import __version__
from shuangjian_desktop.services.demo import load_demo_county
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.settings import Settings
from shuangjian_desktop.store.engine import make_engine
from shuangjian_desktop.store.migrate import head_revision, upgrade

HERE = Path(__file__).resolve().parent


def vacuum(path: Path) -> None:
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute("VACUUM")


def copy_rows(source: Path, target: Path) -> None:
    with closing(sqlite3.connect(target)) as conn:
        conn.execute("ATTACH DATABASE ? AS src", (str(source),))
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM src.sqlite_master WHERE type='table'"
                " AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version'"
            )
        ]
        conn.execute("PRAGMA foreign_keys=OFF")
        for table in tables:
            conn.execute(f'INSERT INTO main."{table}" SELECT * FROM src."{table}"')
        conn.commit()
        conn.execute("DETACH DATABASE src")


def at_revision(path: Path, revision: str) -> None:
    engine = make_engine(path)
    upgrade(engine, target=revision)
    engine.dispose()


def main() -> int:
    with tempfile.TemporaryDirectory() as name:
        work = Path(name)
        demo = work / "demo.sqlite3"
        workspace = Workspace.open(demo, Settings())
        load_demo_county(workspace.store)
        workspace.close()
        release = HERE / f"v{__version__}-{head_revision()}-demo-county.sqlite3"
        if not release.exists():
            shutil.copyfile(demo, release)
            vacuum(release)
        old = HERE / "0001-demo-county.sqlite3"
        if not old.exists():
            at_revision(work / "old.sqlite3", "0001")
            copy_rows(demo, work / "old.sqlite3")
            shutil.copyfile(work / "old.sqlite3", old)
            vacuum(old)
        first = HERE / "0001-first-start.sqlite3"
        if not first.exists():
            at_revision(work / "first.sqlite3", "0001")
            with closing(sqlite3.connect(demo)) as source, closing(sqlite3.connect(work / "first.sqlite3")) as conn:
                admin = source.execute("SELECT * FROM app_user WHERE username = 'admin'").fetchone()
                marks = ",".join("?" * len(admin))
                conn.execute(f"INSERT INTO app_user VALUES ({marks})", admin)
                conn.commit()
            shutil.copyfile(work / "first.sqlite3", first)
            vacuum(first)
    for path in sorted(HERE.glob("*.sqlite3")):
        print(f"{path.name}: {path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
