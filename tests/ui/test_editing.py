"""Editing through the dialogs: changes land with their audit row, bad input is named field by field and changes
nothing, deleting what others refer to is refused with the reason."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from shuangjian_desktop.store.models import AuditEntry, Institution, Person, Teacher
from shuangjian_desktop.ui.form_dialog import FormDialog
from shuangjian_desktop.ui.main_window import MainWindow
from tests.ui.conftest import Answers


@pytest.fixture
def fill(monkeypatch: pytest.MonkeyPatch) -> Callable[[dict[str, str]], list[FormDialog]]:
    """Make the next dialogs behave as if the clerk typed ``values`` and pressed 保存."""
    opened: list[FormDialog] = []

    def install(values: dict[str, str]) -> list[FormDialog]:
        def fake_exec(dialog: FormDialog) -> int:
            opened.append(dialog)
            for key, value in values.items():
                dialog.set_value(key, value)
            dialog.try_save()
            return dialog.result()

        monkeypatch.setattr(FormDialog, "exec", fake_exec)
        return opened

    return install


def test_editing_an_institution_writes_its_audit_row(window: MainWindow, fill: Callable, answers: Answers) -> None:
    window.go("institutions")
    view = window.institutions.view
    view.table.selectRow(3)
    record_id = view.current_id()
    dialogs = fill({"students": "321", "phone": "0833 555 1234"})
    view.edit_current()
    assert dialogs and dialogs[0].result() == FormDialog.DialogCode.Accepted
    store = window.workspace.store
    with store.read() as uow:
        inst = uow.session.get(Institution, record_id)
        assert (inst.students, inst.phone) == (321, "0833-5551234")
        entry = uow.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity == "institution", AuditEntry.entity_id == record_id)
            .order_by(AuditEntry.id.desc())
        ).first()
    assert entry.username == "李晓燕" and entry.action.value == "update"
    changes = json.loads(entry.changes)
    assert changes["students"][1] == 321 and changes["phone"] == [changes["phone"][0], "0833-5551234"]
    assert "321" in window.institutions.detail.toPlainText()


def test_bad_input_is_named_beside_each_field_and_nothing_changes(
    window: MainWindow, fill: Callable, answers: Answers
) -> None:
    window.go("institutions")
    view = window.institutions.view
    view.table.selectRow(0)
    record_id = view.current_id()
    store = window.workspace.store
    with store.read() as uow:
        before = uow.session.scalar(select(func.count()).select_from(AuditEntry))
    dialogs = fill({"credit_code": "91510199MA62C1Y000", "students": "很多", "name": ""})
    view.edit_current()
    dialog = dialogs[0]
    assert dialog.result() != FormDialog.DialogCode.Accepted
    errors = dialog.visible_errors()
    assert "校验位" in errors["credit_code"] and "不是整数" in errors["students"] and errors["name"] == "不能为空"
    assert any("未作任何改动" in text for text in answers.texts("warning"))
    with store.read() as uow:
        assert uow.session.scalar(select(func.count()).select_from(AuditEntry)) == before
        assert uow.session.get(Institution, record_id).name == view.model.data(view.model.index(0, 0))


def test_a_duplicate_credit_code_is_refused(window: MainWindow, fill: Callable) -> None:
    window.go("institutions")
    view = window.institutions.view
    other = view.model.data(view.model.index(1, 1))
    view.table.selectRow(0)
    dialogs = fill({"credit_code": other})
    view.edit_current()
    assert "已被" in dialogs[0].visible_errors()["credit_code"]


def test_adding_a_person_and_deleting_them_again(window: MainWindow, fill: Callable, answers: Answers) -> None:
    window.go("people")
    view = window.people.people
    before = view.model.rowCount()
    fill(
        {"name": "欧阳明", "phone": "139 0000 1111", "roles": "局机关工作人员、责任督学", "unit": "示范县教育和体育局"}
    )
    view.add()
    assert view.model.rowCount() == before + 1
    with window.workspace.store.read() as uow:
        person = uow.session.scalar(select(Person).where(Person.name == "欧阳明"))
        assert person.phone == "13900001111" and {r.label for r in person.roles} == {"局机关工作人员", "责任督学"}
    view.table.selectRow(view.model.row_of_id(person.id))
    view.delete_selected()
    assert any("确定删除" in text for text in answers.texts("question"))
    assert view.model.rowCount() == before


def test_deleting_what_others_refer_to_is_refused_with_the_reason(window: MainWindow, answers: Answers) -> None:
    window.go("institutions")
    view = window.institutions.view
    view.table.selectRow(0)
    view.delete_selected()
    refused = " ".join(answers.texts("warning"))
    assert "不能删除" in refused and "包保记录" in refused
    assert view.model.rowCount() == 57


def test_deleting_asks_first(window: MainWindow, answers: Answers) -> None:
    answers.reply = answers.reply.No
    window.go("people")
    view = window.people.people
    before = view.model.rowCount()
    view.table.selectRow(0)
    view.delete_selected()
    assert view.model.rowCount() == before and answers.texts("question")


def test_id_numbers_are_masked_until_an_administrator_shows_them(
    window: MainWindow, open_window: Callable[[str], MainWindow], answers: Answers
) -> None:
    window.go("people")
    page = window.people  # the clerk's window: may not show them
    page.tabs.setCurrentIndex(2)
    view = page.teachers
    with window.workspace.store.read() as uow:
        numbers = set(uow.session.scalars(select(Teacher.id_number)))
    shown = view.model.data(view.model.index(0, 1))
    assert "********" in shown and shown not in numbers
    page.reveal.setChecked(True)
    assert "需要管理员账户" in answers.texts("warning")[-1] and not page.reveal.isChecked()
    assert "********" in view.model.data(view.model.index(0, 1))
    admin_window = open_window("admin")
    admin_window.go("people")
    admin = admin_window.people
    admin.tabs.setCurrentIndex(2)
    admin.reveal.setChecked(True)
    assert answers.texts("question") and admin.teachers.model.data(admin.teachers.model.index(0, 1)) in numbers
    admin.reveal.setChecked(False)
    assert "********" in admin.teachers.model.data(admin.teachers.model.index(0, 1))
