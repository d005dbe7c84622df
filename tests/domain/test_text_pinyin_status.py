"""Text cleaning, pinyin search keys, and what a status change does to an institution."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from shuangjian_desktop.domain.enums import Category, ChangeKind, LabelledEnum, NonSubjectArea, ProfitStatus, Status
from shuangjian_desktop.domain.pinyin import initials, search_key, sort_key
from shuangjian_desktop.domain.status_rules import InstitutionState, state_after
from shuangjian_desktop.domain.text import clean_text, compact_code, to_halfwidth


def test_full_width_and_stray_spaces() -> None:
    assert to_halfwidth("ＡＢＣ１２３（）") == "ABC123()"
    assert clean_text("\u3000 示范县\u00a0\u00a0启明 \t") == "示范县 启明"
    assert compact_code(" 9151 0199-ma62 ") == "915101 99MA62".replace(" ", "")


@given(st.text())
def test_clean_text_is_idempotent(text: str) -> None:
    assert clean_text(clean_text(text)) == clean_text(text)


def test_pinyin_initials_find_chinese_names() -> None:
    assert initials("洪雅县") == "hyx"
    key = search_key("洪雅县启明培训学校", "城关镇人民路12号")
    assert "hyx" in key and "qm" in key and "hongyaxian" in key and "人民路" in key
    assert "xc" not in search_key("洪雅县启明培训学校", "城关镇")  # no match across the two fields
    assert sorted(["城关", "安乐", "白鹤"], key=sort_key) == ["安乐", "白鹤", "城关"]


def test_enum_labels_and_synonyms() -> None:
    assert Category.from_label("学科类") is Category.SUBJECT
    assert Category.from_label("非学科") is Category.NON_SUBJECT
    assert Status.from_label("在营") is Status.OPERATING
    try:
        Category.from_label("文化课")
    except ValueError as error:
        assert "可选：学科类、非学科类" in str(error)
    else:
        raise AssertionError("an unknown label must be refused")
    assert all(isinstance(m.label, str) and m.label for cls in LabelledEnum.__subclasses__() for m in cls)


def test_status_changes_move_the_institution() -> None:
    subject = InstitutionState(Category.SUBJECT, None, ProfitStatus.FOR_PROFIT, Status.OPERATING)
    converted = state_after(ChangeKind.TO_NON_SUBJECT, subject)
    assert (converted.category, converted.area, converted.status) == (
        Category.NON_SUBJECT,
        NonSubjectArea.OTHER,
        Status.CONVERTED,
    )
    assert state_after(ChangeKind.TO_NON_PROFIT, subject).profit_status is ProfitStatus.NON_PROFIT
    assert state_after(ChangeKind.DEREGISTERED, subject).status is Status.DEREGISTERED
    suspended = state_after(ChangeKind.SUSPENDED, subject)
    assert suspended.status is Status.SUSPENDED
    assert state_after(ChangeKind.RESUMED, suspended).status is Status.OPERATING
