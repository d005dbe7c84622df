"""Make, deterministically, the spreadsheets county offices really keep, for the import tests (tests/data/county/).

- 机构台账（城关镇 新华镇）.xlsx: a title and a date line over the table, a two-row header under a merged heading
  (联系方式 over 法定代表人 | 联系电话), headers worded the office's own way, one 培训类别 column holding 学科 or the
  area, a township merged down over its institutions, 万元 money, √/× ticks, full-width digits, numbers and dates
  stored as text, a notes column, a 合计 row and a 填表人 line; a second sheet with the same table.
- 机构台账.xls, 机构台账.ods, 机构台账.et: the same workbook as Excel 97-2003, OpenDocument and WPS save it
  (converted by LibreOffice when this script runs; the .et is WPS's name for the same binary format).
- 机构名单（WPS导出）.csv: GBK, as WPS and Excel save "CSV (逗号分隔)" on a Chinese Windows; no 社区 column.
- 12345工单导出.xlsx: a hotline platform's export: its own column names, no title column, two monthly sheets of
  several hundred tickets, masked phones, a due time as 办理时限, 统计 and 合计 rows.

Run: .venv/bin/python tests/county_sheets.py   (rewrites the files; the tests only read them)
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from shuangjian_desktop.domain.credit_code import check_character  # noqa: E402

FOLDER = Path(__file__).parent / "data" / "county"
INSTITUTIONS = "机构台账（城关镇 新华镇）.xlsx"
CSV_GBK = "机构名单（WPS导出）.csv"
HOTLINE = "12345工单导出.xlsx"
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
AREAS = ["学科", "体育", "文化艺术", "科技", "其他"]
COMMUNITIES = {"城关镇": ["人民路社区", "东街社区", "西街社区"], "新华镇": ["新华社区", "河坝社区"]}
PER_SHEET = 12


def code(n: int) -> str:
    body = f"91510199MA{n:07d}"
    return body + check_character(body)


def institution(n: int, township: str, rng: random.Random) -> list[object]:
    area = AREAS[n % len(AREAS)]
    students = rng.randrange(20, 400)
    return [
        n,
        f"示范县{township}第{n}{'学科' if area == '学科' else area}培训学校有限公司",
        code(n),
        area,
        "营利性" if n % 3 and area != "学科" else "非营利性",  # subject ones kept since 2021 are non-profit
        township,
        COMMUNITIES[township][n % len(COMMUNITIES[township])],
        f"{township}幸福路{n}号",
        f"李{n}",
        f"138{n:08d}".translate(FULLWIDTH) if n % 4 == 0 else f"138{n:08d}",
        str(students) if n % 2 else students,
        round(rng.randrange(0, 500) / 100, 2),
        "√" if n % 2 else "×",
        (dt.date(2024, 9, 1) + dt.timedelta(days=n)).strftime("%Y.%m.%d") if n % 2 else dt.date(2024, 9, 1),
        "" if n % 5 else "已约谈",
    ]


def institutions_book(path: Path) -> None:
    rng = random.Random(12)
    book = Workbook()
    first = True
    for sheet_no, township in enumerate(COMMUNITIES):
        sheet = book.active if first else book.create_sheet()
        first = False
        sheet.title = township
        sheet.append(["示范县校外培训机构基本情况统计表"])
        sheet.merge_cells("A1:O1")
        sheet["A1"].font = Font(size=16, bold=True)
        sheet["A1"].alignment = Alignment(horizontal="center")
        sheet.append(
            [
                "填报单位：示范县教育和体育局（盖章）",
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                "填报日期：2026年11月",
            ]
        )
        top = [
            "序号",
            "培训机构名称",
            "统一社会信用代码（18位）",
            "培训类别",
            "法人性质",
            "所属乡镇",
            "所属社区",
            "办学地址",
            "联系方式",
            None,
            "在训学员数",
            "预收费余额（万元）",
            "是否纳入资金监管",
            "登记日期",
            "情况说明",
        ]
        sheet.append(top)
        sheet.append([None] * 8 + ["法定代表人", "联系电话"] + [None] * 5)
        sheet.merge_cells("I3:J3")
        for column in "ABCDEFGHKLMNO":
            sheet.merge_cells(f"{column}3:{column}4")
        start = sheet.max_row + 1
        numbers = range(sheet_no * PER_SHEET + 1, sheet_no * PER_SHEET + PER_SHEET + 1)
        for n in numbers:
            row = institution(n, township, rng)
            sheet.append(row)
        # the township typed once and merged down over its institutions, as offices do
        for cell in range(start + 1, start + PER_SHEET):
            sheet.cell(cell, 6).value = None
        sheet.merge_cells(start_row=start, start_column=6, end_row=start + PER_SHEET - 1, end_column=6)
        sheet.append(
            ["合计", None, None, None, None, None, None, None, None, None, f"=SUM(K{start}:K{start + PER_SHEET - 1})"]
        )
        sheet.append(["填表人：王晓燕", None, None, None, None, None, None, None, "审核人：周建华"])
    # a sheet that is not the table: the office's own tally
    tally = book.create_sheet("分类统计")
    tally.append(["类别", "数量"])
    tally.append(["学科类", 5])
    book.save(path)


def csv_gbk(path: Path) -> None:
    rng = random.Random(7)
    lines = ["序号,机构名称,统一社会信用代码,类别,非学科类别,营利性质,乡镇（街道）,地址,法定代表人,联系电话,学生数"]
    for n in range(101, 121):
        area = AREAS[n % len(AREAS)]
        category = "学科类" if area == "学科" else "非学科类"
        students = rng.randrange(10, 300)
        lines.append(
            f"{n - 100},示范县第{n}培训中心,{code(n)},{category},{'' if area == '学科' else area},"
            f"{'非营利性' if area == '学科' else '营利性'},"
            f"城关镇,人民路{n}号,张{n},0833-55{n:05d},{students}"
        )
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))


KINDS = ["投诉", "举报", "咨询", "求助", "建议"]
TOPICS = [
    ("教育>校外培训>学科类培训", "反映{n}号培训机构周末组织初中数学学科类培训，请核查。"),
    ("教育>校外培训>退费纠纷", "家长反映某艺术培训学校停课后拒绝退费，预付费3800元至今未退。"),
    ("教育>教师管理>有偿补课", "反映某小学在职教师在家中开办有偿补课班，每晚收费。"),
    ("教育>校外培训>其他", "咨询寒假期间校外培训机构的开课时间规定。"),
    ("教育>校外培训>安全", "反映某培训机构消防通道堆放杂物，存在安全隐患。"),
    ("教育>校外培训>办学资质", "市民来电反映小区内有一家无证培训机构招收学生。"),
]


def hotline_book(path: Path) -> None:
    rng = random.Random(12345)
    book = Workbook()
    first = True
    number = 0
    headers = [
        "工单编号",
        "来电时间",
        "诉求人",
        "联系电话",
        "诉求类型",
        "事项分类",
        "诉求内容",
        "事发地址",
        "承办单位",
        "办理时限",
        "紧急程度",
        "工单状态",
    ]
    for month, count in (("2026年10月", 320), ("2026年11月", 260)):
        sheet = book.active if first else book.create_sheet()
        first = False
        sheet.title = month
        sheet.append(headers)
        base = dt.datetime(2026, 10 if month.endswith("10月") else 11, 1, 8, 30)
        for _ in range(count):
            number += 1
            topic, text = TOPICS[number % len(TOPICS)]
            at = base + dt.timedelta(minutes=rng.randrange(0, 60 * 24 * 28))
            sheet.append(
                [
                    f"SJ2026{number:06d}",
                    at,
                    rng.choice(["张女士", "李先生", "王女士", "匿名"]),
                    f"139****{rng.randrange(0, 10000):04d}",
                    KINDS[number % len(KINDS)],
                    topic,
                    text.format(n=number),
                    f"城关镇人民路{rng.randrange(1, 300)}号",
                    "示范县教育和体育局",
                    at + dt.timedelta(days=15),
                    "紧急" if number % 17 == 0 else "一般",
                    "已受理",
                ]
            )
        sheet.append(["统计：本月共" + str(count) + "件"])
        sheet.append(["合计", None, None, None, None, None, None, None, None, None, None, None])
    book.save(path)


def convert(source: Path, target_suffix: str) -> Path | None:
    """Save ``source`` as .xls or .ods with LibreOffice (its own profile); None when soffice is not installed."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    with tempfile.TemporaryDirectory() as profile, tempfile.TemporaryDirectory() as out:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--headless",
                "--convert-to",
                target_suffix.lstrip("."),
                "--outdir",
                out,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=120,
            env={**os.environ, "HOME": profile},
        )
        made = Path(out) / (source.stem + target_suffix)
        target = source.with_name("机构台账" + target_suffix)
        shutil.copyfile(made, target)
        return target


def main() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    institutions_book(FOLDER / INSTITUTIONS)
    csv_gbk(FOLDER / CSV_GBK)
    hotline_book(FOLDER / HOTLINE)
    if convert(FOLDER / INSTITUTIONS, ".xls"):
        shutil.copyfile(FOLDER / "机构台账.xls", FOLDER / "机构台账.et")
    convert(FOLDER / INSTITUTIONS, ".ods")
    for path in sorted(FOLDER.iterdir()):
        print(f"{path.name}  {path.stat().st_size} 字节")


if __name__ == "__main__":
    main()
