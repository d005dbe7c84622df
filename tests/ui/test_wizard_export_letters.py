"""Long work off the GUI thread: the import wizard (preview with bad rows, then all or nothing), exporting the
filtered view, and printing responsibility letters."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QFileDialog, QWizard
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from shuangjian_desktop.ui.main_window import MainWindow
from shuangjian_desktop.ui.pdf_preview import PdfPreviewDialog
from tests.sheets import INSTITUTION_HEADERS, credit_code, institution_row, write_sheet
from tests.ui.conftest import Answers


def test_import_wizard_shows_bad_rows_then_imports_a_good_sheet(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, answers: Answers
) -> None:
    bad = write_sheet(
        tmp_path / "bad.xlsx",
        INSTITUTION_HEADERS,
        [institution_row(101), institution_row(102, 统一社会信用代码=credit_code(101))],
        titles=["示范县机构台账"],
    )
    wizard = window.open_import()
    wizard.choose.ledger.setCurrentIndex(wizard.choose.ledger.findData("institutions"))
    wizard.choose.path.setText(str(bad))
    wizard.next()
    qtbot.waitUntil(lambda: wizard.check.preview is not None, timeout=15000)
    assert wizard.check.preview.rejected and not wizard.check.isComplete()
    assert "1 行有问题" in wizard.check.summary.text()
    problems = wizard.check.problems.model()
    assert problems.data(problems.index(0, 0)) == "第4行"
    assert "与第3行重复" in problems.data(problems.index(0, 1))
    rows = wizard.check.rows.model()
    assert "重复" in rows.data(rows.index(1, 1), Qt.ItemDataRole.ToolTipRole)
    assert rows.headerData(1, Qt.Orientation.Vertical) == "第4行"
    assert wizard.check.combos[1].currentData() == "name" and wizard.check.combos[0].currentData() is None

    good = write_sheet(tmp_path / "good.xlsx", INSTITUTION_HEADERS, [institution_row(101), institution_row(102)])
    wizard.back()
    wizard.choose.path.setText(str(good))
    wizard.next()
    qtbot.waitUntil(lambda: wizard.check.preview is not None, timeout=15000)
    assert wizard.check.isComplete() and "将新增 2 条" in wizard.check.summary.text()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: wizard.report is not None, timeout=15000)
    window.go("institutions")
    assert window.institutions.view.model.rowCount() == 59
    assert any("新增2条" in text for text in answers.texts("information"))


def test_the_clerk_changes_a_column_and_the_mapping_is_remembered(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, answers: Answers
) -> None:
    headers = ["序号", "机构名字", "信用代码", "类别", "非学科类别", "营利性质", "所在地"]
    rows = [
        [i, f"示范县第{i}艺术培训学校", credit_code(i), "非学科类", "文化艺术", "营利性", f"人民路{i}号"]
        for i in (201, 202)
    ]
    path = write_sheet(tmp_path / "机构.xlsx", headers, rows, titles=["2026年机构台账"])
    wizard = window.open_import()
    wizard.choose.ledger.setCurrentIndex(wizard.choose.ledger.findData("institutions"))
    wizard.choose.path.setText(str(path))
    wizard.next()
    qtbot.waitUntil(lambda: wizard.check.preview is not None, timeout=15000)
    reasons = [wizard.check.mapping.item(r, 2).text() for r in range(wizard.check.mapping.rowCount())]
    assert wizard.check.combos[1].currentData() == "name" and reasons[1] == "与“机构名称”相近"
    assert wizard.check.combos[6].currentData() is None and wizard.check.isComplete()
    wizard.check.combos[6].setCurrentIndex(wizard.check.combos[6].findData("address"))
    assert wizard.check.mapping.item(6, 2).text() == "手动指定"
    qtbot.waitUntil(lambda: wizard.check.preview is not None, timeout=15000)
    assert [m.field_key for m in wizard.check.preview.report.mapping][6] == "address"
    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: wizard.report is not None, timeout=15000)
    found = window.workspace.registers.institutions
    with window.workspace.store.read() as uow:
        from sqlalchemy import select

        from shuangjian_desktop.store.models import Institution

        address = uow.session.scalar(select(Institution.address).where(Institution.credit_code == credit_code(201)))
    assert address == "人民路201号" and found is not None

    again = window.open_import()
    again.choose.ledger.setCurrentIndex(again.choose.ledger.findData("institutions"))
    again.choose.path.setText(str(path))
    again.next()
    qtbot.waitUntil(lambda: again.check.preview is not None, timeout=15000)
    assert again.check.combos[6].currentData() == "address"
    assert again.check.mapping.item(6, 2).text() == "上次确认的对应关系"


def test_export_the_filtered_view(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, answers: Answers, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "注销的机构.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    view = window.institutions.view
    status = view.filter_boxes["status"]
    status.setCurrentIndex(status.findText("已注销"))
    view.export_view()
    qtbot.waitUntil(lambda: any("已导出 6 条" in t for t in answers.texts("information")), timeout=15000)
    sheet = openpyxl.load_workbook(target).active
    assert [c.value for c in sheet[2]][:2] == ["机构名称", "统一社会信用代码"]
    assert sheet.max_row == 6 + 2
    assert {row[6] for row in sheet.iter_rows(min_row=3, values_only=True)} == {"已注销"}


def test_batch_print_responsibility_letters(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, answers: Answers
) -> None:
    shown: list[Path] = []
    monkeypatch.setattr(PdfPreviewDialog, "exec", lambda dialog: shown.append(dialog.path) or 0)
    page = window.assignments
    view = page.view
    kind = view.filter_boxes["kind"]
    kind.setCurrentIndex(kind.findText("校长包在职教师"))
    view.table.selectRow(0)
    for row in (1, 2):
        view.table.selectionModel().select(
            view.model.index(row, 0),
            view.table.selectionModel().SelectionFlag.Select | view.table.selectionModel().SelectionFlag.Rows,
        )
    names = [view.model.data(view.model.index(r, 1)) for r in range(3)]
    page.print_selected_letters()
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    reader = PdfReader(shown[0])
    pages = [p.extract_text() for p in reader.pages]
    starts = [i for i, page in enumerate(pages) if "“双减”工作责任书" in page]
    assert len(starts) == 3 and all(i % 2 == 0 for i in starts)  # each letter on the front of a new sheet
    assert len(pages) % 2 == 0 and [p.count("— 1 —") for p in pages].count(1) == 3  # numbered per letter
    text = "".join(pages)
    for name in names:
        assert name in text
    assert "校长包保在职教师" in text and "乙方（签字）" in text


def test_coverage_panel_lists_the_gaps(window: MainWindow, qtbot: QtBot, qtmodeltester: ModelTester) -> None:
    window.go("assignments")
    page = window.assignments
    qtbot.waitUntil(lambda: not page.gap_loader.busy)
    assert "21 处缺口" in page.gap_title.text()  # 5 of the institutions and principals, 16 communities
    model = page.gap_model
    qtmodeltester.check(model)
    kinds = {model.data(model.index(r, 0)) for r in range(model.rowCount())}
    assert kinds == {"机构无责任督学", "督学挂牌数不在范围内", "校长责任书未签订", "社区无包保社区书记"}
    page.gap_table.doubleClicked.emit(model.index(0, 2))
    assert page.view.search.text() == model.data(model.index(0, 1))


def test_monthly_return_from_the_reports_page(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answers: Answers
) -> None:
    target = tmp_path / "月报.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    page = window.reports
    page.month.setDate(QDate(2026, 10, 1))  # the month picker
    page.export_monthly()
    qtbot.waitUntil(lambda: any("已导出2026-10月报" in t for t in answers.texts("information")), timeout=20000)
    assert "审批与压减" in openpyxl.load_workbook(target).sheetnames


def test_supervision_report_from_the_reports_page(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[Path] = []
    monkeypatch.setattr(PdfPreviewDialog, "exec", lambda dialog: shown.append(dialog.path) or 0)
    page = window.reports
    page.report_from.setDate(QDate(2026, 7, 1))
    page.report_to.setDate(QDate(2026, 9, 30))
    page.make_report()
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    assert "督导报告" in PdfReader(shown[0]).pages[0].extract_text()


def test_previewing_the_months_figures(window: MainWindow, qtbot: QtBot) -> None:
    page = window.reports
    page.month.setDate(QDate(2026, 10, 1))  # the month picker
    page.preview_monthly()
    qtbot.waitUntil(lambda: page.figures.rowCount() > 30, timeout=20000)
    rows = {page.figures.item(r, 1).text(): page.figures.item(r, 2).text() for r in range(page.figures.rowCount())}
    assert rows["压减率"] == "87.50%" and rows["压减基数（基数日营利性学科类机构）"] == "16 家"
