"""Write the Windows build's lock files: every wheel, at one exact version with its sha256, for 64-bit Windows and
CPython 3.11, resolved from pyproject.toml (the program's dependencies and the `build` extra; then the `test` extra).

    .venv/bin/python packaging/windows/lock.py

pip resolves for another platform with its own environment markers, so it skips what only Windows needs (colorama
for pytest, pefile and pywin32-ctypes for PyInstaller); this script reads every wheel's requirements with the markers
of Windows and adds what is missing until nothing is. .ci/windows installs exactly these files
(``pip download --require-hashes --no-deps``); run this again after changing a dependency in pyproject.toml.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from email.parser import Parser
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, parse_wheel_filename

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
TARGET = ["--platform", "win_amd64", "--python-version", "3.11", "--implementation", "cp", "--abi", "cp311"]
WINDOWS = {
    "sys_platform": "win32",
    "platform_system": "Windows",
    "os_name": "nt",
    "platform_machine": "AMD64",
    "python_version": "3.11",
    "python_full_version": "3.11.9",
    "implementation_name": "cpython",
    "platform_python_implementation": "CPython",
    "extra": "",
}


def download(requirements: list[str], folder: Path, *, deps: bool) -> None:
    command = [sys.executable, "-m", "pip", "download", "-q", "--only-binary=:all:", *TARGET, "-d", str(folder)]
    subprocess.run([*command, *([] if deps else ["--no-deps"]), *requirements], check=True)


def wheels(folder: Path) -> dict[str, Path]:
    return {canonicalize_name(parse_wheel_filename(p.name)[0]): p for p in folder.glob("*.whl")}


def windows_requirements(wheel: Path) -> list[Requirement]:
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(archive.read(name).decode("utf-8"))
    found = []
    for text in metadata.get_all("Requires-Dist") or []:
        requirement = Requirement(text)
        if requirement.marker is None or requirement.marker.evaluate(WINDOWS):
            found.append(requirement)
    return found


def resolve(requirements: list[str], folder: Path) -> dict[str, Path]:
    """The closure of ``requirements`` on Windows, as wheels in ``folder``."""
    download(requirements, folder, deps=True)
    while True:
        have = wheels(folder)
        missing = sorted(
            {
                f"{r.name}{r.specifier}"  # without its marker, which pip would judge by this machine
                for wheel in have.values()
                for r in windows_requirements(wheel)
                if canonicalize_name(r.name) not in have
            }
        )
        if not missing:
            return have
        download(missing, folder, deps=False)


def write_lock(path: Path, title: str, chosen: dict[str, Path]) -> None:
    lines = [f"# {title}", "# Written by packaging/windows/lock.py from pyproject.toml: do not edit by hand.", ""]
    for name in sorted(chosen):
        wheel = chosen[name]
        version = parse_wheel_filename(wheel.name)[1]
        digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
        lines.append(f"{name}=={version} \\\n    --hash=sha256:{digest}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    program = [*project["dependencies"], *project["optional-dependencies"]["build"]]
    tests = project["optional-dependencies"]["test"]
    tests = [r for r in tests if canonicalize_name(Requirement(r).name) not in {"ruff", "import-linter"}]  # Linux CI
    with tempfile.TemporaryDirectory() as name:
        built = resolve(program, Path(name) / "build")
        everything = resolve([*program, *tests], Path(name) / "test")
        for shared in set(built) & set(everything):
            if built[shared].name != everything[shared].name:
                raise SystemExit(f"{shared}: the test set would change the build's version ({everything[shared].name})")
        write_lock(HERE / "requirements-build.txt", "The Windows program and its build (PyInstaller).", built)
        extra = {k: v for k, v in everything.items() if k not in built}
        write_lock(HERE / "requirements-test.txt", "What the test suite adds on Windows (CI only).", extra)
    print(f"locked {len(built)} packages for the build and {len(everything) - len(built)} more for the tests")
    return 0


if __name__ == "__main__":
    sys.exit(main())
