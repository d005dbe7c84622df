"""Importing ledgers: messy sheets import cleanly, bad sheets are rejected whole naming every bad row,
re-imports update instead of duplicating."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from shuangjian_desktop.domain.enums import Category, ChangeKind, Status
from shuangjian_desktop.services.importing import ImportRejected
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.store.models import AuditEntry, Community, Institution, StatusChange
from tests.raw import digest
from tests.sheets import INSTITUTION_HEADERS, credit_code, institution_row, write_sheet


def count(workspace: Workspace, model: type) -> int:
    with workspace.store.read() as uow:
        return uow.session.scalar(select(func.count()).select_from(model)) or 0


def test_a_messy_sheet_imports_cleanly(workspace: Workspace, tmp_path: Path) -> None:
    headers = [
        "序号",
        " 机构名称 ",
        "统一社会信用代码（18位）",
        "类别*",
        "非学科类别",
        "营利性质",
        "乡镇",
        "所属社区",
        "联系电话",
        "学生数",
    ]
    rows = [
        institution_row(1, 统一社会信用代码=credit_code(1).lower(), 机构名称="\u3000示范县第1培训学校有限公司 "),
        institution_row(
            2, 统一社会信用代码=" ".join(credit_code(2)[i : i + 6] for i in (0, 6, 12)), 在训学生数="１２０"
        ),
        institution_row(3, 类别="学科类", 非学科类别=None, 联系电话="0833 555 1234"),
    ]
    path = write_sheet(tmp_path / "messy.xlsx", headers, rows, titles=["示范县校外培训机构台账", "（2026年11月）"])
    report = workspace.imports.run("institutions", path, user="李晓燕")
    assert (report.rows, report.inserted, report.updated, report.header_row) == (3, 3, 0, 3)
    with workspace.store.read() as uow:
        found = {i.credit_code: i for i in uow.session.scalars(select(Institution))}
        assert set(found) == {credit_code(1), credit_code(2), credit_code(3)}
        assert found[credit_code(1)].name == "示范县第1培训学校有限公司"
        assert found[credit_code(2)].students == 120
        assert found[credit_code(3)].category is Category.SUBJECT and found[credit_code(3)].phone == "0833-5551234"
        assert uow.session.scalar(select(func.count()).select_from(Community)) == 1
    with workspace.store.read() as uow:
        audited = {
            (e.entity_id, e.username)
            for e in uow.session.scalars(select(AuditEntry).where(AuditEntry.entity == "institution"))
        }
        ids = set(uow.session.scalars(select(Institution.id)))
    assert audited == {(i, "李晓燕") for i in ids}


def test_serial_dates_in_the_status_change_ledger(workspace: Workspace, tmp_path: Path) -> None:
    workspace.imports.run(
        "institutions",
        write_sheet(tmp_path / "i.xlsx", INSTITUTION_HEADERS, [institution_row(1, 类别="学科类", 非学科类别=None)]),
        user="t",
    )
    serial = (dt.datetime(2022, 3, 15) - dt.datetime(1899, 12, 30)).days
    path = write_sheet(
        tmp_path / "c.xlsx",
        ["统一社会信用代码", "变更类型", "生效日期", "文号"],
        [[credit_code(1).lower(), "学改非", serial, "示教体审〔2022〕8号"]],
        titles=["转型注销台账"],
    )
    assert workspace.imports.run("status-changes", path, user="t").inserted == 1
    with workspace.store.read() as uow:
        change = uow.session.scalar(select(StatusChange))
        assert (change.kind, change.effective_on) == (ChangeKind.TO_NON_SUBJECT, dt.date(2022, 3, 15))
        inst = uow.session.scalar(select(Institution))
        assert (inst.category, inst.status) == (Category.NON_SUBJECT, Status.CONVERTED)


def test_a_bad_sheet_is_rejected_naming_every_bad_row_and_changes_nothing(workspace: Workspace, tmp_path: Path) -> None:
    workspace.imports.run(
        "institutions", write_sheet(tmp_path / "first.xlsx", INSTITUTION_HEADERS, [institution_row(90)]), user="t"
    )
    before = digest(workspace)
    wrong_check = credit_code(2)[:17] + ("0" if credit_code(2)[17] != "0" else "1")
    rows = [
        institution_row(1),
        institution_row(2, 统一社会信用代码=wrong_check),
        institution_row(3, 机构名称=None),
        institution_row(4),
        institution_row(5, 统一社会信用代码=credit_code(1)),
    ]
    path = write_sheet(tmp_path / "bad.xlsx", INSTITUTION_HEADERS, rows, titles=["示范县校外培训机构台账"])
    with pytest.raises(ImportRejected) as caught:
        workspace.imports.run("institutions", path, user="t")
    report = caught.value.report
    assert report.bad_rows == {4, 5, 7}  # Excel rows: title 1, header 2, data from 3
    message = str(caught.value)
    assert "第4行 统一社会信用代码：校验位错误" in message
    assert "第5行 机构名称：不能为空" in message
    assert "第7行 统一社会信用代码：与第3行重复" in message
    assert "数据未作任何改动" in message
    assert count(workspace, Institution) == 1
    assert digest(workspace) == before


def test_a_missing_required_column_is_named(workspace: Workspace, tmp_path: Path) -> None:
    path = write_sheet(tmp_path / "a.xlsx", ["机构名称", "统一社会信用代码"], [["某机构", credit_code(1)]])
    with pytest.raises(ImportRejected, match="第1行 类别：表格缺少此列"):
        workspace.imports.run("institutions", path, user="t")


def test_reimporting_updates_instead_of_duplicating(workspace: Workspace, tmp_path: Path) -> None:
    path = write_sheet(tmp_path / "a.xlsx", INSTITUTION_HEADERS, [institution_row(i) for i in range(1, 6)])
    assert workspace.imports.run("institutions", path, user="t").inserted == 5
    changed = write_sheet(
        tmp_path / "b.xlsx",
        INSTITUTION_HEADERS,
        [institution_row(i, 在训学生数=7) for i in range(1, 6)] + [institution_row(6)],
    )
    report = workspace.imports.run("institutions", changed, user="t")
    assert (report.inserted, report.updated) == (1, 5)
    with workspace.store.read() as uow:
        assert set(uow.session.scalars(select(Institution.students)).all()) == {7, 106}
    assert count(workspace, Institution) == 6


def test_dry_run_checks_everything_and_writes_nothing(workspace: Workspace, tmp_path: Path) -> None:
    path = write_sheet(tmp_path / "a.xlsx", INSTITUTION_HEADERS, [institution_row(i) for i in range(1, 4)])
    report = workspace.imports.run("institutions", path, user="t", dry_run=True)
    assert (report.inserted, report.committed) == (3, False)
    assert count(workspace, Institution) == 0 and count(workspace, AuditEntry) == 0


def test_a_cancelled_import_changes_nothing(workspace: Workspace, tmp_path: Path) -> None:
    from shuangjian_desktop.services.importing import Cancelled

    path = write_sheet(tmp_path / "a.xlsx", INSTITUTION_HEADERS, [institution_row(i) for i in range(1, 1200)])
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 2

    with pytest.raises(Cancelled):
        workspace.imports.run("institutions", path, user="t", cancelled=cancelled)
    assert count(workspace, Institution) == 0


def test_values_out_of_range_and_too_long_are_row_errors(workspace: Workspace, tmp_path: Path) -> None:
    rows = [
        institution_row(1, 在训学生数=1e30),
        institution_row(2, 机构名称="长" * 121),
        institution_row(3, 在训学生数="inf"),
        institution_row(4, 机构名称="很" * 40_000),
        institution_row(5, 在训学生数="１２０人"),
    ]
    path = write_sheet(tmp_path / "big.xlsx", INSTITUTION_HEADERS, rows)
    with pytest.raises(ImportRejected) as caught:
        workspace.imports.run("institutions", path, user="t")
    message = str(caught.value)
    assert "第2行 在训学生数：数值1e+30超出范围" in message
    assert "第3行 机构名称：内容过长：121字，此项最多120字" in message
    assert "第4行 在训学生数：“inf”不是有效的数字" in message
    assert "第5行 机构名称：内容过长：32767字，此项最多120字" in message  # openpyxl cuts at Excel's limit
    assert caught.value.report.bad_rows == {2, 3, 4, 5}


def test_a_township_without_a_community_lands_in_the_address(workspace: Workspace, tmp_path: Path) -> None:
    headers = [h for h in INSTITUTION_HEADERS if h != "社区"] + ["地址"]
    rows = [
        [*institution_row(1)[:7], *institution_row(1)[8:], "人民路1号"],
        [*institution_row(2)[:7], *institution_row(2)[8:], None],
    ]
    report = workspace.imports.run("institutions", write_sheet(tmp_path / "t.xlsx", headers, rows), user="t")
    assert "写在地址前面" in next(m.note for m in report.mapping if m.field_key == "township")
    with workspace.store.read() as uow:
        assert sorted(uow.session.scalars(select(Institution.address))) == ["城关镇", "城关镇人民路1号"]


def test_a_huge_cell_and_an_uncalculated_formula_are_row_errors(workspace: Workspace, tmp_path: Path) -> None:
    import zipfile

    from tests.sheets import replace_member

    base = write_sheet(tmp_path / "base.xlsx", INSTITUTION_HEADERS, [institution_row(1), institution_row(2)])
    with zipfile.ZipFile(base) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    name = f"示范县第1培训学校有限公司{'啊' * 50_000}"
    xml = xml.replace("示范县第1培训学校有限公司", name).replace(
        '<c r="J3" t="n"><v>102</v></c>', '<c r="J3"><f>SUM(J1:J2)</f></c>'
    )
    path = replace_member(base, tmp_path / "hostile.xlsx", "xl/worksheets/sheet1.xml", xml.encode())
    with pytest.raises(ImportRejected) as caught:
        workspace.imports.run("institutions", path, user="t")
    message = str(caught.value)
    assert "第2行 机构名称：内容过长：50013字，超过 Excel 单元格上限32767字" in message
    assert "第3行 在训学生数：是没有计算结果的公式" in message
    assert count(workspace, Institution) == 0


def test_reading_reports_progress_and_can_be_cancelled(workspace: Workspace, tmp_path: Path) -> None:
    from shuangjian_desktop.services.importing import Cancelled

    path = write_sheet(tmp_path / "many.xlsx", INSTITUTION_HEADERS, [institution_row(i) for i in range(1, 2500)])
    seen: list[tuple[str, int]] = []
    workspace.imports.read("institutions", path, progress=lambda what, done, total: seen.append((what, done)))
    assert ("读取表格", 1000) in seen and ("读取表格", 2000) in seen
    with pytest.raises(Cancelled):
        workspace.imports.read("institutions", path, cancelled=lambda: True)
