"""The supervision commands as a clerk or a script runs them: report patrol, risk, export blacklist/whitelist; real
processes on a copy of the demo county, files read back, exit codes and Chinese messages."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import openpyxl
from pypdf import PdfReader

from tests.cli.test_cli import shuangjian


def _county(demo_file: Path, tmp_path: Path) -> Path:
    db = tmp_path / "county.sqlite3"
    shutil.copyfile(demo_file, db)
    return db


def test_report_patrol_for_a_month(demo_file: Path, tmp_path: Path) -> None:
    db = _county(demo_file, tmp_path)
    out = tmp_path / "巡查.xlsx"
    done = shuangjian(
        "report", "patrol", "--month", "2026-11", "--out", str(out), "--user", "周建华", env_db=db, data_dir=tmp_path
    )
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(db) as conn:  # the plan's own figures, as the database holds them
        targets, institutions = conn.execute(
            "SELECT count(*), (SELECT count(*) FROM institution) FROM patrol_target"
            " JOIN patrol_plan ON patrol_plan.id = patrol_target.plan_id WHERE patrol_plan.month = '2026-11'"
        ).fetchone()
    assert f"2026-11：{targets}家机构应巡" in done.stdout and "已导出2026-11巡查计划表" in done.stdout
    assert openpyxl.load_workbook(out).sheetnames == ["汇总", "机构", "日程"]
    missing = shuangjian(
        "report", "patrol", "--month", "2027-02", "--out", str(out), "--user", "周建华", env_db=db, data_dir=tmp_path
    )
    assert missing.returncode == 1 and "尚未制定巡查计划" in missing.stderr
    feb = ["report", "patrol", "--month", "2027年2月", "--make-plan", "--out", str(tmp_path / "2.xlsx")]
    made = shuangjian(*feb, "--user", "李晓燕", env_db=db, data_dir=tmp_path)
    assert made.returncode == 0, made.stderr
    assert f"已评定{institutions}家机构" in made.stdout and "已制定2027-02巡查计划" in made.stdout
    bad = shuangjian(
        "report", "patrol", "--month", "11月", "--out", str(out), "--user", "周建华", env_db=db, data_dir=tmp_path
    )
    assert bad.returncode == 1 and "不是月份" in bad.stderr
    supervision = shuangjian(
        "report", "supervision", "--out", str(tmp_path / "r.pdf"), "--user", "周建华", env_db=db, data_dir=tmp_path
    )
    assert supervision.returncode == 1 and "--from 和 --to" in supervision.stderr


def test_risk_grades_and_exports(demo_file: Path, tmp_path: Path) -> None:
    db = _county(demo_file, tmp_path)
    out = tmp_path / "风险.xlsx"
    graded = shuangjian("risk", "--out", str(out), "--user", "李晓燕", env_db=db, data_dir=tmp_path)
    assert graded.returncode == 0, graded.stderr
    assert "已评定57家机构" in graded.stdout and "已导出风险分级表57家机构" in graded.stdout
    sheet = openpyxl.load_workbook(out).active
    assert sheet.max_row == 57 + 3 + 3  # title, note, header; a blank line, the unit and the date below
    leader = shuangjian("risk", "--out", str(out), "--user", "周建华", env_db=db, data_dir=tmp_path)
    assert leader.returncode == 0 and "领导账户" in leader.stderr and "导出的是现有等级" in leader.stderr


def test_export_the_lists_for_publication(demo_file: Path, tmp_path: Path) -> None:
    db = _county(demo_file, tmp_path)
    pdf = tmp_path / "黑名单.pdf"
    black = shuangjian("export", "blacklist", "--out", str(pdf), "--user", "周建华", env_db=db, data_dir=tmp_path)
    assert black.returncode == 0, black.stderr
    assert "已导出黑名单公示PDF（2家）" in black.stdout
    assert "示范县校外培训机构黑名单" in PdfReader(pdf).pages[0].extract_text()
    sheet_path = tmp_path / "白名单.xlsx"
    white = shuangjian(
        "export", "whitelist", "--out", str(sheet_path), "--user", "周建华", env_db=db, data_dir=tmp_path
    )
    assert white.returncode == 0 and "已导出白名单公示表格（8家）" in white.stdout
    forced = shuangjian(
        "export",
        "whitelist",
        "--pdf",
        "--out",
        str(tmp_path / "w.dat"),
        "--user",
        "周建华",
        env_db=db,
        data_dir=tmp_path,
    )
    assert forced.returncode == 0 and (tmp_path / "w.dat").read_bytes().startswith(b"%PDF")
