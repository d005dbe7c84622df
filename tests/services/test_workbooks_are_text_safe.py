"""Every workbook the program writes keeps text as text: a county, a unit, an institution or a person named with
= + - @ tab or CR goes through the ledger export, the register export, the import template, the monthly return
(all its sheets, the hidden one too) and the city's merged return, and never becomes a formula."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from shuangjian_desktop.services.exporting import export_ledger, write_import_template
from shuangjian_desktop.services.ledgers import LEDGERS
from shuangjian_desktop.services.monthly_return import export_monthly_return
from shuangjian_desktop.services.registers import Query
from shuangjian_desktop.services.return_merging import merge_returns
from shuangjian_desktop.services.workspace import Workspace
from tests.raw import execute

HOSTILE = {"=1+1": "institution", "+2+3": "county", "-4+5": "unit", "@SUM(A1)": "person", "\t=6": "ticket"}


def poison(workspace: Workspace) -> None:
    """Names that spreadsheet programs would run, written straight into the ledgers as a careless import might."""
    execute(workspace, "UPDATE institution SET name = '=1+1' WHERE id = (SELECT min(id) FROM institution)")
    execute(workspace, "UPDATE institution SET address = :a WHERE id = (SELECT max(id) FROM institution)", a="A\rB=3")
    execute(workspace, "UPDATE bureau_profile SET county = '+2+3', unit_name = '-4+5'")
    execute(workspace, "UPDATE person SET name = '@SUM(A1)' WHERE id IN (SELECT person_id FROM inspection_inspector)")
    execute(workspace, "UPDATE ticket SET subject = :s", s="\t=6")


def no_formulas(path: Path) -> list[str]:
    """Every string cell of every sheet (hidden ones too); fails on any formula in the file."""
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                xml = archive.read(name).decode("utf-8")
                assert "<f>" not in xml and "<f " not in xml, f"{path.name}:{name} holds a formula"
    book = openpyxl.load_workbook(path)
    values = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{path.name}!{sheet.title}!{cell.coordinate}"
                if isinstance(cell.value, str):
                    if cell.value[:1] in "=+-@\t":
                        assert cell.quotePrefix, f"{path.name}!{sheet.title}!{cell.coordinate}"
                    values.append(cell.value)
    return values


@pytest.fixture
def poisoned(demo_workspace: Workspace) -> Workspace:
    poison(demo_workspace)
    return demo_workspace


def test_every_workbook_keeps_hostile_text_as_text(poisoned: Workspace, tmp_path: Path) -> None:
    written: dict[str, list[str]] = {}
    for name in LEDGERS:
        path = tmp_path / f"{name}.xlsx"
        export_ledger(poisoned.store, name, path, user="李晓燕")
        written[name] = no_formulas(path)
        template = tmp_path / f"{name}-template.xlsx"
        write_import_template(name, template)
        no_formulas(template)
    view = tmp_path / "view.xlsx"
    poisoned.registers.institutions.export(Query(), view, user="李晓燕")
    written["view"] = no_formulas(view)
    month = tmp_path / "月报.xlsx"
    export_monthly_return(poisoned.store, "2026-10", month, poisoned.settings.baseline_date())
    written["monthly"] = no_formulas(month)
    execute(poisoned, "UPDATE bureau_profile SET unit_name = :u", u='=HYPERLINK("x")')
    other = tmp_path / "另一县.xlsx"
    export_monthly_return(poisoned.store, "2026-10", other, poisoned.settings.baseline_date())
    merged = tmp_path / "汇总.xlsx"
    merge_returns([month, other], merged)
    written["merged"] = no_formulas(merged)

    assert "=1+1" in written["institutions"] and "\t=6" in written["tickets"]
    assert any(v.startswith("+2+3") for v in written["institutions"])  # the county in the title
    assert any(v == "A\nB=3" for v in written["institutions"])  # a CR kept as a line break
    assert "=1+1" in written["view"]
    monthly = written["monthly"]
    assert any(v.startswith("-4+5") for v in monthly)  # the unit in the title
    assert any("@SUM(A1)" in v for v in monthly)  # inspectors by name in 明细
    assert "-4+5" in monthly  # the hidden sheet's unit
    assert any("=HYPERLINK" in v for v in written["merged"])
