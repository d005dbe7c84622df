"""The command line, run as a clerk or a script would: a real process, real files, exit codes 0, 1, 2."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import openpyxl

from shuangjian_desktop.services.demo.accounts import DEMO_PASSWORD
from tests.sheets import INSTITUTION_HEADERS, credit_code, institution_row, write_sheet


def shuangjian(
    *args: str, env_db: Path | None = None, data_dir: Path, password: str = DEMO_PASSWORD
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SHUANGJIAN_DATA_DIR": str(data_dir), "PYTHONIOENCODING": "utf-8"}
    env["SHUANGJIAN_PASSWORD"] = password
    env.pop("SHUANGJIAN_DB", None)
    if env_db is not None:
        env["SHUANGJIAN_DB"] = str(env_db)
    return subprocess.run(
        [sys.executable, "-m", "shuangjian_desktop", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )


def test_help_lists_the_commands(tmp_path: Path) -> None:
    result = shuangjian("--help", data_dir=tmp_path)
    assert result.returncode == 0
    for command in ("demo", "import", "import-template", "export", "check"):
        assert command in result.stdout


def test_demo_then_check_then_export(tmp_path: Path) -> None:
    db = tmp_path / "county.sqlite3"
    demo = shuangjian("demo", "--db", str(db), data_dir=tmp_path)
    assert demo.returncode == 0, demo.stderr
    assert "机构57家" in demo.stdout
    check = shuangjian("check", "--db", str(db), data_dir=tmp_path)
    assert check.returncode == 0 and check.stdout.count("[通过]") == 5, check.stdout
    assert "[提醒] 最近的备份" in check.stdout
    out = tmp_path / "机构台账.xlsx"
    export = shuangjian("export", "institutions", "--out", str(out), "--user", "周建华", env_db=db, data_dir=tmp_path)
    assert export.returncode == 0, export.stderr
    assert openpyxl.load_workbook(out).active.max_row == 57 + 2
    again = shuangjian("demo", "--db", str(db), "--user", "admin", data_dir=tmp_path)
    assert again.returncode == 1 and "只能载入空数据库" in again.stderr


def test_default_database_is_in_the_data_folder(tmp_path: Path) -> None:
    assert shuangjian("demo", data_dir=tmp_path).returncode == 0
    assert (tmp_path / "shuangjian.sqlite3").is_file()


def test_import_rejects_bad_rows_with_exit_1_and_dry_run_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "county.sqlite3"
    bad = write_sheet(
        tmp_path / "bad.xlsx",
        INSTITUTION_HEADERS,
        [institution_row(1), institution_row(2, 统一社会信用代码=credit_code(1))],
    )
    result = shuangjian("import", "institutions", str(bad), "--db", str(db), data_dir=tmp_path)
    assert result.returncode == 1
    assert "第3行 统一社会信用代码：与第2行重复" in result.stderr
    good = write_sheet(tmp_path / "good.xlsx", INSTITUTION_HEADERS, [institution_row(1), institution_row(2)])
    dry = shuangjian("import", "institutions", str(good), "--dry-run", "--db", str(db), data_dir=tmp_path)
    assert dry.returncode == 0 and "未写入" in dry.stdout
    real = shuangjian("import", "institutions", str(good), "--db", str(db), data_dir=tmp_path)
    assert real.returncode == 0 and "新增2条" in real.stdout


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert shuangjian("export", "nonsense", "--out", "x.xlsx", data_dir=tmp_path).returncode == 2
    assert shuangjian("frobnicate", data_dir=tmp_path).returncode == 2
    assert shuangjian("import", data_dir=tmp_path).returncode == 2


def test_template_and_a_missing_file(tmp_path: Path) -> None:
    out = tmp_path / "模板.xlsx"
    assert shuangjian("import-template", "teachers", "--out", str(out), data_dir=tmp_path).returncode == 0
    assert openpyxl.load_workbook(out)["在职教师台账导入模板"]["B2"].value == "身份证号"
    missing = shuangjian(
        "import", "people", str(tmp_path / "nope.xlsx"), "--db", str(tmp_path / "d.sqlite3"), data_dir=tmp_path
    )
    assert missing.returncode == 1 and "找不到文件" in missing.stderr


def test_check_fails_on_a_damaged_file(tmp_path: Path) -> None:
    db = tmp_path / "county.sqlite3"
    assert shuangjian("demo", "--db", str(db), data_dir=tmp_path).returncode == 0
    data = bytearray(db.read_bytes())
    for offset in range(4096 * 3, len(data), 4096 * 7):
        data[offset : offset + 64] = b"\xff" * 64
    db.write_bytes(bytes(data))
    result = shuangjian("check", "--db", str(db), data_dir=tmp_path)
    assert result.returncode == 1 and "[失败]" in result.stdout


def test_monthly_return_and_merge_from_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "county.sqlite3"
    assert shuangjian("demo", "--db", str(db), data_dir=tmp_path).returncode == 0
    out = tmp_path / "2026-10.xlsx"
    result = shuangjian(
        "export",
        "monthly",
        "--db",
        str(db),
        "--month",
        "2026-10",
        "--out",
        str(out),
        "--user",
        "周建华",
        data_dir=tmp_path,
    )
    assert result.returncode == 0 and out.is_file(), result.stderr
    merged = tmp_path / "合计.xlsx"
    twice = shuangjian("merge-returns", str(out), str(out), "--out", str(merged), data_dir=tmp_path)
    assert twice.returncode == 1 and "不能重复汇总" in twice.stderr and not merged.exists()
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE bureau_profile SET unit_name = '邻县教育和体育局'")
    other = tmp_path / "邻县.xlsx"
    args = ("export", "monthly", "--db", str(db), "--month", "2026-10", "--out", str(other), "--user", "周建华")
    assert shuangjian(*args, data_dir=tmp_path).returncode == 0
    result = shuangjian("merge-returns", str(out), str(other), "--out", str(merged), data_dir=tmp_path)
    assert result.returncode == 0 and "已汇总2份" in result.stdout
    bad = shuangjian(
        "export",
        "monthly",
        "--db",
        str(db),
        "--month",
        "十月",
        "--out",
        str(out),
        "--user",
        "周建华",
        data_dir=tmp_path,
    )
    assert bad.returncode == 1 and "2026-10 的形式" in bad.stderr


def test_once_there_are_accounts_the_command_line_signs_in_and_checks_the_role(tmp_path: Path) -> None:
    db = tmp_path / "county.sqlite3"
    assert shuangjian("demo", "--db", str(db), data_dir=tmp_path).returncode == 0
    sheet = write_sheet(tmp_path / "new.xlsx", INSTITUTION_HEADERS, [institution_row(501)])
    nobody = shuangjian("import", "institutions", str(sheet), "--db", str(db), data_dir=tmp_path)
    assert nobody.returncode == 1 and "请用 --user 指定用户名" in nobody.stderr
    wrong = shuangjian(
        "import", "institutions", str(sheet), "--db", str(db), "--user", "李晓燕", data_dir=tmp_path, password="x1"
    )
    assert wrong.returncode == 1 and "还可以再试4次" in wrong.stderr
    leader = shuangjian("import", "institutions", str(sheet), "--db", str(db), "--user", "周建华", data_dir=tmp_path)
    assert leader.returncode == 1 and "不能导入台账" in leader.stderr and "需要管理员或经办人账户" in leader.stderr
    clerk = shuangjian("import", "institutions", str(sheet), "--db", str(db), "--user", "李晓燕", data_dir=tmp_path)
    assert clerk.returncode == 0 and "新增1条" in clerk.stdout, clerk.stderr
    assert (
        shuangjian("backup", "--db", str(db), "--to", str(tmp_path), "--user", "李晓燕", data_dir=tmp_path).returncode
        == 0
    )
    backup = next(tmp_path.glob("county-*-manual"))
    refused = shuangjian("restore", str(backup), "--db", str(db), "--user", "李晓燕", data_dir=tmp_path)
    assert refused.returncode == 1 and "不能恢复数据库" in refused.stderr


def test_import_takes_the_mapping_from_map_and_prints_the_mapping_used(tmp_path: Path) -> None:
    db = tmp_path / "county.sqlite3"
    headers = ["培训单位", "信用代码", "类别", "非学科类别", "营利性质", "所在地", "联系人电话"]
    rows = [
        [f"示范县第{i}培训学校", credit_code(i), "非学科类", "体育", "营利性", f"人民路{i}号", "13812345678"]
        for i in (1, 2)
    ]
    path = write_sheet(tmp_path / "机构.xlsx", headers, rows, titles=["示范县机构台账"])
    refused = shuangjian("import", "institutions", str(path), "--db", str(db), data_dir=tmp_path)
    assert refused.returncode == 1 and "机构名称：表格缺少此列" in refused.stderr
    assert (
        "第1列“培训单位” → 不导入" in refused.stdout
        and "第7列“联系人电话” → 联系电话（与“联系电话”相近）" in refused.stdout
    )
    result = shuangjian(
        "import",
        "institutions",
        str(path),
        "--map",
        "培训单位=机构名称",
        "--map",
        "所在地=地址",
        "--map",
        "联系人电话=不导入",
        "--db",
        str(db),
        data_dir=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "第1列“培训单位” → 机构名称（手动指定）" in result.stdout
    assert (
        "第6列“所在地” → 地址（手动指定）" in result.stdout
        and "第7列“联系人电话” → 不导入（手动指定）" in result.stdout
    )
    assert "新增2条" in result.stdout
    wrong = shuangjian(
        "import", "institutions", str(path), "--map", "培训单位=名字", "--db", str(db), data_dir=tmp_path
    )
    assert wrong.returncode == 1 and "没有字段“名字”" in wrong.stderr
