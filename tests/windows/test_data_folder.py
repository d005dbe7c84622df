"""The data folder the installer chose: paths.data_dir() reads it from the registry (HKCU before HKLM), expands
%LOCALAPPDATA% in a REG_EXPAND_SZ for each user, and SHUANGJIAN_DATA_DIR still wins. Windows only (the registry);
the tests use a key of their own, never the real one."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from shuangjian_desktop import paths

pytestmark = pytest.mark.skipif(sys.platform != "win32", reason="the installer's choice is in the Windows registry")


@pytest.fixture
def test_key(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    import winreg

    name = rf"Software\ShuangjianDesktopTest\{tmp_path.name}"
    monkeypatch.setattr(paths, "REGISTRY_KEY", name)
    monkeypatch.delenv(paths.DATA_DIR_ENV, raising=False)
    key = winreg.CreateKey(winreg.HKEY_CURRENT_USER, name)
    yield key
    winreg.CloseKey(key)
    winreg.DeleteKey(winreg.HKEY_CURRENT_USER, name)


def test_without_a_choice_each_user_keeps_data_in_local_appdata(test_key, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "Local"))
    assert paths.registry_data_folder() is None
    assert paths.data_dir() == tmp_path / "Local" / "ShuangjianDesktop"


def test_the_chosen_folder_is_used(test_key, tmp_path: Path) -> None:
    import winreg

    chosen = tmp_path / "D盘" / "双减台账数据"
    winreg.SetValueEx(test_key, paths.REGISTRY_DATA_FOLDER, 0, winreg.REG_SZ, str(chosen))
    assert paths.data_dir() == chosen
    assert paths.default_db_path() == chosen / "shuangjian.sqlite3"
    assert paths.backups_dir(paths.default_db_path()) == chosen / "backups"


def test_an_expandable_choice_is_expanded_for_each_user(test_key, monkeypatch, tmp_path: Path) -> None:
    import winreg

    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "某用户"))
    winreg.SetValueEx(test_key, paths.REGISTRY_DATA_FOLDER, 0, winreg.REG_EXPAND_SZ, r"%LOCALAPPDATA%\双减")
    assert paths.data_dir() == tmp_path / "某用户" / "双减"


def test_the_environment_variable_wins(test_key, monkeypatch, tmp_path: Path) -> None:
    import winreg

    winreg.SetValueEx(test_key, paths.REGISTRY_DATA_FOLDER, 0, winreg.REG_SZ, str(tmp_path / "chosen"))
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(tmp_path / "env"))
    assert paths.data_dir() == tmp_path / "env"
