"""GB/T 9704-2012 measured, not eyeballed: the printed notices read back character by character (pdfplumber) for
margins, 22 lines of 28 characters, banner, 文号, red rule, page numbers and per-document numbering; every notice
and receipt starting on a new sheet; serif fonts only."""

from __future__ import annotations

from collections import defaultdict
from itertools import pairwise
from pathlib import Path

import pdfplumber
import pytest
from reportlab.lib.units import mm

from shuangjian_desktop.documents.notice_pdf import NoticeData, ReceiptData, RuleBroken, write_notices
from shuangjian_desktop.documents.official_text import CELL, LINE, chinese_punctuation

PAGE_H = 841.89
LEFT, RIGHT, TOP, BOTTOM = 28 * mm, 28 * mm + 156 * mm, 37 * mm, 37 * mm + 225 * mm  # from the page's top-left
TOL = 0.35  # points; the standard allows 1 mm

LONG = "培训机构在国家法定节假日组织初中数学英语物理化学学科类培训" * 4  # ideographs only: fills whole lines


def notice(**changes: object) -> NoticeData:
    values: dict = {
        "kind": "rectification",
        "doc_number": "示教体整改〔2026〕12号",
        "authority": "示范县教育和体育局",
        "institution": "示范县启航教育培训学校有限公司",
        "credit_code": "91371500MA3C4XYZ1K",
        "address": "示范县东昌路18号金座大厦3楼",
        "inspected_on": "2026年11月18日",
        "inspectors": "王磊、李晓燕",
        "method": "“四不两直”检查",
        "findings": ("一次性收取学员6个月培训费用，合计约3.6万元",),
        "rules": (RuleBroken(12, "不得在公示的项目和标准外收取其他费用。", "《校外培训行政处罚暂行办法》第二十二条"),),
        "deadline_days": 15,
        "issued_on": "2026年11月20日",
        "contact": "李晓燕",
        "contact_phone": "0635-8123456",
        "reconsideration_body": "示范县人民政府",
        "court": "示范县人民法院",
    }
    values.update(changes)
    return NoticeData(**values)


def lines_of(page: pdfplumber.page.Page) -> list[list[dict]]:
    """The characters of a page grouped into lines by their top, top to bottom, each line left to right."""
    rows: dict[float, list[dict]] = defaultdict(list)
    for char in page.chars:
        if char["text"].strip():
            rows[round(char["top"], 1)].append(char)
    return [sorted(rows[top], key=lambda c: c["x0"]) for top in sorted(rows)]


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> pdfplumber.PDF:
    path = tmp_path_factory.mktemp("notices") / "notices.pdf"
    long_one = notice(findings=(LONG, LONG, LONG, "在休息日组织学科类培训"), doc_number="示教体整改〔2026〕13号")
    write_notices(path, [notice(), long_one, notice(kind="stop_operation", doc_number="示教体停办〔2026〕1号")])
    pdf = pdfplumber.open(path)
    yield pdf
    pdf.close()


def text_of(page: pdfplumber.page.Page) -> str:
    return "".join(c["text"] for c in page.chars)


def test_each_notice_and_its_receipt_start_a_new_sheet_and_number_their_own_pages(printed: pdfplumber.PDF) -> None:
    pages = [text_of(p) for p in printed.pages]
    starts = [i for i, t in enumerate(pages) if t.startswith("示范县教育和体育局示教体")]
    receipts = [i for i, t in enumerate(pages) if t.startswith("送达回执")]
    assert len(starts) == 3 and len(receipts) == 3
    assert all(i % 2 == 0 for i in starts + receipts)  # the front of a sheet (0-based even = odd page)
    for first, receipt in zip(starts, receipts, strict=True):
        numbers = [pages[i][-5:] for i in range(first, receipt) if pages[i]]
        assert numbers == [f"— {n} —" for n in range(1, len(numbers) + 1)]  # restarts at 1 in each notice
        assert "—" not in pages[receipt][-3:]  # the receipt is not numbered
    blanks = [i for i, t in enumerate(pages) if not t]
    assert all(i % 2 == 1 for i in blanks)  # only backs are left blank


def test_every_character_inside_the_text_block(printed: pdfplumber.PDF) -> None:
    for page in printed.pages:
        for char in page.chars:
            if not char["text"].strip() or char["top"] > BOTTOM:  # the page number sits below the block
                continue
            assert char["x0"] >= LEFT - TOL and char["x1"] <= RIGHT + TOL, (char["text"], char["x0"], char["x1"])
            assert char["top"] >= TOP - TOL, (char["text"], char["top"])


def test_a_full_page_holds_22_lines_and_a_full_line_28_characters(printed: pdfplumber.PDF) -> None:
    pages = [p for p in printed.pages if LONG[:10] in text_of(p).replace("\n", "")]
    full = next(p for p in pages if not text_of(p).startswith("示范县教育和体育局"))  # a page of body text only
    lines = [line for line in lines_of(full) if line[0]["top"] < BOTTOM]
    assert len(lines) == 22
    tops = [line[0]["top"] for line in lines]
    assert tops[0] == pytest.approx(TOP + (LINE - 16) / 2, abs=TOL)
    assert all(b - a == pytest.approx(LINE, abs=0.05) for a, b in pairwise(tops))
    ideograph_lines = [line for line in lines if "".join(c["text"] for c in line) in LONG * 2 and len(line) >= 27]
    assert ideograph_lines
    for line in ideograph_lines:
        if line[0]["x0"] == pytest.approx(LEFT, abs=TOL):  # a line that is not a paragraph's first
            assert len(line) == 28
            assert line[-1]["x1"] == pytest.approx(RIGHT, abs=TOL)
            assert all(b["x0"] - a["x0"] == pytest.approx(CELL, abs=0.05) for a, b in pairwise(line))


def test_banner_number_rule_title_as_the_standard_places_them(printed: pdfplumber.PDF) -> None:
    page = printed.pages[0]
    red = [c for c in page.chars if c["non_stroking_color"] and c["non_stroking_color"][0] > 0.8 and c["text"].strip()]
    assert "".join(c["text"] for c in red) == "示范县教育和体育局"
    assert min(c["top"] for c in red) == pytest.approx(TOP + 35 * mm, abs=TOL)  # 35 mm below the block's top
    banner_centre = (red[0]["x0"] + red[-1]["x1"]) / 2
    assert banner_centre == pytest.approx((LEFT + RIGHT) / 2, abs=1)
    number = next(line for line in lines_of(page) if "".join(c["text"] for c in line) == "示教体整改〔2026〕12号")
    banner_bottom = max(c["bottom"] for c in red)
    assert number[0]["top"] - banner_bottom == pytest.approx(2 * LINE + (LINE - 16) / 2, abs=TOL)  # 空二行
    rules = [e for e in page.edges if e["orientation"] == "h" and abs(e["x1"] - e["x0"] - 156 * mm) < 1]
    assert len(rules) == 1
    rule = rules[0]
    assert rule["x0"] == pytest.approx(LEFT, abs=TOL)
    assert rule["top"] - max(c["bottom"] for c in number) == pytest.approx(4 * mm, abs=TOL)  # 4 mm under the 文号
    title = next(line for line in lines_of(page) if "".join(c["text"] for c in line) == "限期整改通知书")
    assert title[0]["size"] == pytest.approx(22, abs=0.1)
    assert (title[0]["x0"] + title[-1]["x1"]) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=1)


def test_page_numbers_7mm_below_the_block_odd_right_even_left(printed: pdfplumber.PDF) -> None:
    seen = 0
    for index, page in enumerate(printed.pages):
        dashes = [c for c in page.chars if c["text"] == "—" and c["top"] > BOTTOM]
        if not dashes:
            continue
        seen += 1
        middle = (dashes[0]["top"] + dashes[0]["bottom"]) / 2
        assert middle == pytest.approx(BOTTOM + 7 * mm, abs=TOL)
        assert dashes[0]["size"] == pytest.approx(14, abs=0.1)
        if index % 2 == 0:  # an odd page: right, one character in
            assert dashes[-1]["x1"] == pytest.approx(RIGHT - 14, abs=TOL)
        else:
            assert dashes[0]["x0"] == pytest.approx(LEFT + 14, abs=TOL)
    assert seen >= 6


def test_authority_centred_over_the_date_four_characters_in(printed: pdfplumber.PDF) -> None:
    for page in printed.pages:
        lines = ["".join(c["text"] for c in line) for line in lines_of(page)]
        if "2026年11月20日" not in lines:
            continue
        rows = lines_of(page)
        date = rows[lines.index("2026年11月20日")]
        name = rows[lines.index("2026年11月20日") - 1]
        assert "".join(c["text"] for c in name) == "示范县教育和体育局"
        assert date[-1]["x1"] == pytest.approx(RIGHT - 4 * CELL, abs=TOL)
        centre = (date[0]["x0"] + date[-1]["x1"]) / 2
        assert (name[0]["x0"] + name[-1]["x1"]) / 2 == pytest.approx(centre, abs=TOL)
        assert date[0]["top"] - name[0]["top"] == pytest.approx(LINE, abs=0.05)


def test_what_a_legal_reviewer_needs_is_on_the_notice(printed: pdfplumber.PDF) -> None:
    text = "".join(text_of(p) for p in printed.pages[:2])
    for needed in (
        "统一社会信用代码：91371500MA3C4XYZ1K",
        "地址：示范县东昌路18号金座大厦3楼",
        "2026年11月18日，我局执法人员王磊、李晓燕",
        "一次性收取学员6个月培训费用",
        "第12条“不得在公示的项目和标准外收取其他费用”",
        "依据《校外培训行政处罚暂行办法》第二十二条的规定",
        "自收到本通知书之日起15日内",
        "六十日内向示范县人民政府申请行政复议",
        "六个月内依法向示范县人民法院提起行政诉讼",
        "联系人：李晓燕",
        "0635-8123456",
    ):
        assert needed in text, needed
    assert not any(ch in text for ch in ",;()")  # full-width punctuation only


def test_the_receipt_has_every_row_and_what_was_recorded(tmp_path: Path) -> None:
    path = tmp_path / "served.pdf"
    served = ReceiptData("2026年11月23日10时05分", "机构前台", "留置送达", "", "", "张见证")
    write_notices(path, [notice(receipt=served)])
    with pdfplumber.open(path) as pdf:
        receipt = next(text_of(p) for p in pdf.pages if text_of(p).startswith("送达回执"))
    for label in ("送达文书名称", "文书文号", "受送达人", "送达地点", "送达时间", "送达方式", "受送达人签收", "代收人"):
        assert label in receipt
    for value in ("见证人", "送达人", "备注", "2026年11月23日10时05分", "机构前台", "留置送达", "张见证"):
        assert value in receipt


def test_no_sans_serif_in_a_notice_without_windows_fonts(printed: pdfplumber.PDF) -> None:
    fonts = {c["fontname"].split("+")[-1] for p in printed.pages for c in p.chars}
    assert fonts and all("UMing" in f for f in fonts), fonts


def test_chinese_punctuation_is_full_width_beside_chinese() -> None:
    assert chinese_punctuation("严禁非学科类培训,严禁(含外语)培训;时间19:30,金额1,000") == (
        "严禁非学科类培训，严禁（含外语）培训；时间19:30，金额1,000"
    )
