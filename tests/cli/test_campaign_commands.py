"""`campaign list`, `campaign report NAME --out F.xlsx` and `settings [--set KEY=VALUE]` from the command line, with
the roles checked as in the window."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl

from tests.cli.test_cli import shuangjian


def test_campaigns_and_settings_from_the_command_line(demo_file: Path, tmp_path: Path) -> None:
    db = tmp_path / "county.sqlite3"
    shutil.copyfile(demo_file, db)
    listed = shuangjian("campaign", "list", "--db", str(db), "--user", "周建华", data_dir=tmp_path)
    assert listed.returncode == 0 and "2026年暑期校外培训专项治理行动（寒暑假）" in listed.stdout
    out = tmp_path / "暑期.xlsx"
    made = shuangjian(
        "campaign", "report", "2026年暑期校外培训专项治理行动", "--out", str(out), "--db", str(db), "--user", "周建华",
        data_dir=tmp_path,
    )  # fmt: skip
    assert made.returncode == 0 and "已导出专项行动" in made.stdout
    assert openpyxl.load_workbook(out).sheetnames == ["概况", "成员单位", "检查明细"]
    unknown = shuangjian(
        "campaign", "report", "暑期", "--out", str(out), "--db", str(db), "--user", "周建华", data_dir=tmp_path
    )
    assert unknown.returncode == 1 and "名称中含该文字的有：2026年暑期校外培训专项治理行动" in unknown.stderr

    def settings(*args: str, user: str) -> object:
        return shuangjian("settings", *args, "--db", str(db), "--user", user, data_dir=tmp_path)

    shown = settings(user="周建华")
    line = "四包覆盖检查 · 每名机关工作人员最多包保机构数（coverage.staff_max）：2"
    assert shown.returncode == 0 and line in shown.stdout
    refused = settings("--set", "coverage.staff_max=3", user="李晓燕")
    assert refused.returncode == 1 and "需要管理员账户" in refused.stderr
    bad = settings("--set", "coverage.staff_max=0", user="admin")
    assert bad.returncode == 1 and "不能小于1" in bad.stderr
    changed = settings("--set", "coverage.staff_max=3", user="admin")
    assert changed.returncode == 0 and "每名机关工作人员最多包保机构数：2 → 3" in changed.stdout
    assert json.loads((tmp_path / "settings.json").read_text(encoding="utf-8"))["coverage.staff_max"] == 3
