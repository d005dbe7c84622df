"""Moving a county's database file onto a server (migrate-to), and a city on one server: each county's account
sees and writes only its county, the city's account reads all and its merged return equals merging the counties'
spreadsheets. Needs the tests' PostgreSQL server (skipped, with the reason, without one)."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from shuangjian_desktop.cli import main as cli_main
from shuangjian_desktop.documents.monthly_return_xlsx import read_monthly_return
from shuangjian_desktop.domain.access import Action
from shuangjian_desktop.domain.credit_code import check_character
from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.services.base.register import VERSION_KEY
from shuangjian_desktop.services.city import city_return
from shuangjian_desktop.services.city_admin import add_city_account, add_county, upgrade_all
from shuangjian_desktop.services.demo import load_demo_county
from shuangjian_desktop.services.moving import move_to_server
from shuangjian_desktop.services.return_merging import merge_returns
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.settings import Settings
from shuangjian_desktop.store.audit_chain import verify_chain
from shuangjian_desktop.store.migrate import head_revision
from shuangjian_desktop.store.models import Attachment, BureauProfile, Institution
from tests.raw import digest
from tests.server import TestServer
from tests.services.test_backups import with_photo

PASSWORD = "县里的服务器密码-2026"
HEAD = head_revision()


@pytest.fixture
def server_db(pg_server: TestServer) -> Iterator[str]:
    """An empty database on the tests' server (no county yet); its roles are dropped after it."""
    name = pg_server.create()
    prefix = f"{name}_"
    yield name
    pg_server.drop(name)
    pg_server.drop_roles(prefix)


def test_migrate_to_copies_every_table_the_chain_and_attachments(
    pg_server: TestServer, server_db: str, demo_file: Path, tmp_path: Path
) -> None:
    db = tmp_path / "示范县.sqlite3"
    shutil.copyfile(demo_file, db)
    county = Workspace.open(db, Settings())
    with_photo(county, tmp_path, b"\xff\xd8\xff a photo of the classroom")
    before = digest(county)
    county.close()
    target = pg_server.location(server_db, "shifan")
    report = move_to_server(db, target)
    assert report.attachments == 1 and report.audit_rows > 1000 and all(t.same for t in report.tables)
    assert report.rows == sum(s.rows for name, s in before.items() if name != "attachment_content")
    moved = Workspace.open(target, Settings())
    try:
        after = digest(moved)
        assert {k: v for k, v in after.items() if k != "attachment_content"} == {
            k: v for k, v in before.items() if k != "attachment_content"
        }
        assert after["attachment_content"].rows == 1
        with moved.store.engine.connect() as conn:
            assert verify_chain(conn).intact
        with moved.store.read() as uow:
            attachment = uow.session.scalar(select(Attachment.owner_id))
        ((_name, path, _image),) = moved.inspections.attachments_of(attachment)
        assert path.read_bytes() == b"\xff\xd8\xff a photo of the classroom"  # the bytes came along
        with moved.store.write("李晓燕", Action.EDIT_LEDGERS) as uow:
            uow.session.scalar(select(Institution).order_by(Institution.id)).students += 1
            uow.commit()
        register = moved.registers.institutions
        with moved.store.read() as uow:
            first, highest = uow.session.execute(select(func.min(Institution.id), func.max(Institution.id))).one()
        body = "91510199MA7654321"
        form = {**register.load(first), "name": "迁入后新增的培训学校", "credit_code": body + check_character(body)}
        form.pop(VERSION_KEY)
        assert register.save(None, form, "李晓燕") == highest + 1  # the server's keys follow the copied ones
        with moved.store.engine.connect() as conn:
            assert verify_chain(conn).intact  # the chain goes on from the copied head
    finally:
        moved.close()
    again = Workspace.open(db, Settings())  # the file is unchanged: the county may keep working on it
    try:
        assert digest(again) == before
    finally:
        again.close()
    with pytest.raises(DomainError, match="已有数据"):
        move_to_server(db, target)  # a second move into a county holding data is refused


def test_migrate_to_from_the_command_line(
    pg_server: TestServer, server_db: str, demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "county.sqlite3"
    shutil.copyfile(demo_file, db)
    url = pg_server.location(server_db, "cli_county").text()
    assert cli_main(["migrate-to", url, "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "逐表行数和校验值与本机数据库一致" in out and "institution：57 行" in out
    assert cli_main(["migrate-to", url, "--db", str(db)]) == 1
    assert "已有数据" in capsys.readouterr().err


def _login(pg_server: TestServer, name: str, county: str | None, login: str) -> object:
    return pg_server.location(name, county).with_login(login, PASSWORD)


def test_each_county_sees_only_itself_and_the_city_reads_all(
    pg_server: TestServer, server_db: str, tmp_path: Path
) -> None:
    admin = pg_server.location(server_db, None)
    a, b, city = f"{server_db}_a", f"{server_db}_b", f"{server_db}_city"
    add_county(admin, "east", a, PASSWORD)
    add_county(admin, "west", b, PASSWORD)
    add_city_account(admin, city, PASSWORD)
    for code, unit in (("east", "东县教育局"), ("west", "西县教育局")):
        ws = Workspace.open(admin.for_county(code), Settings())
        load_demo_county(ws.store, today=dt.date(2026, 11, 20))
        with ws.store.write("admin", Action.EDIT_LEDGERS) as uow:
            uow.session.scalar(select(BureauProfile)).unit_name = unit
            uow.commit()
        ws.close()
    east = Workspace.open(_login(pg_server, server_db, "east", a), Settings())
    try:
        assert not east.is_empty()
        with east.store.write("李晓燕", Action.EDIT_LEDGERS) as uow:  # writes its own county
            uow.session.scalar(select(Institution).order_by(Institution.id)).students += 1
            uow.commit()
    finally:
        east.close()
    with pytest.raises(DomainError, match="权限"):
        Workspace.open(_login(pg_server, server_db, "west", a), Settings())  # not the other county
    reader = Workspace.open(_login(pg_server, server_db, "west", city), Settings())
    try:
        assert not reader.is_empty()  # the city reads every county
        assert reader.store.cannot_record()  # and writes none
        with pytest.raises(DomainError, match=r"权限|只读"), reader.store.write("admin", Action.EDIT_LEDGERS) as uow:
            uow.session.scalar(select(Institution).order_by(Institution.id)).students += 1
            uow.commit()
    finally:
        reader.close()
    # the city's merged return: the same figures as merging the counties' own exports
    month, today = "2026-10", dt.date(2026, 11, 20)
    files = []
    for code in ("east", "west"):
        ws = Workspace.open(admin.for_county(code), Settings())
        from shuangjian_desktop.services.monthly_return import export_monthly_return

        path = tmp_path / f"{code}.xlsx"
        export_monthly_return(ws.store, month, path, ws.settings.baseline_date(), today=today)
        files.append(path)
        ws.close()
    merge_returns(files, tmp_path / "merged.xlsx", filled_on=today)
    result, warning = city_return(
        _login(pg_server, server_db, None, city), month, tmp_path / "city.xlsx", Settings().baseline_date(), today=today
    )
    assert result.units == ["东县教育局", "西县教育局"] and warning == ""
    merged, direct = read_monthly_return(tmp_path / "merged.xlsx"), read_monthly_return(tmp_path / "city.xlsx")
    assert direct.values == merged.values and any(v for v in direct.values.values())
    assert sorted(direct.details) == sorted(merged.details)
    assert upgrade_all(admin) == [f"县“{c}”：{h} → {h}" for c in ("east", "west") for h in [HEAD]] + [
        f"市局：{HEAD} → {HEAD}"
    ]
