"""The program's version, in one place: the release of pyproject.toml plus the number of commits.

Every build gets a version that grows ("0.1.0.412": release 0.1.0, 412 commits), so IT's software
distribution sees each fixed package as newer. A build stamps it into the package it ships
(``g60desk/_build.py``, never committed); a git checkout without a stamp asks git; anything else is the
release alone. No Qt and nothing slow at import: the CLI, the window and installers/ all read it here.
"""
from __future__ import annotations

import functools
import importlib
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

#: the release part; tests/installers keep it equal to [project] version in pyproject.toml
RELEASE = "0.1.0"
STAMP_MODULE = "_build.py"


@dataclass(frozen=True)
class BuildInfo:
    version: str          # "0.1.0.412": numeric, grows with every commit
    commit: str = ""      # abbreviated commit id, "" when unknown
    dirty: bool = False   # built from a work tree with changes not committed

    def describe(self) -> str:
        """One line for --version and 关于: 'g60desk 0.1.0.412（提交 3c0bba1e07f1）'."""
        detail = []
        if self.commit:
            detail.append(f"提交 {self.commit}")
        if self.dirty:
            detail.append("含未提交的修改")
        return f"g60desk {self.version}" + (f"（{'，'.join(detail)}）" if detail else "")


def numeric(version: str) -> tuple[int, int, int, int]:
    """The four numbers Windows wants (file version, installer, 程序和功能): '0.1.0.412' -> (0, 1, 0, 412)."""
    numbers = [int(n) for n in re.findall(r"\d+", version)[:4]]
    if any(n > 0xFFFF for n in numbers):
        raise ValueError(f"{version}: Windows version numbers stop at 65535")
    return tuple(numbers + [0] * (4 - len(numbers)))  # type: ignore[return-value]


def from_git(root: Path) -> BuildInfo | None:
    """The version of the checkout at root, or None when root is not a git work tree (or git is missing)."""
    if not (root / ".git").exists():
        return None

    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True,
                              timeout=30).stdout.strip()
    try:
        count = int(git("rev-list", "--count", "HEAD"))
        commit = git("rev-parse", "--short=12", "HEAD")
        dirty = bool(git("status", "--porcelain", "--untracked-files=no"))
    except (OSError, ValueError, subprocess.SubprocessError):
        return None
    return BuildInfo(f"{RELEASE}.{count}", commit, dirty)


def stamp(package_dir: Path, info: BuildInfo) -> Path:
    """Write the version into a copy of the package about to be shipped (never into the repository)."""
    target = Path(package_dir) / STAMP_MODULE
    target.write_text('"""Written by the build (g60desk/version.py): the version of this copy of g60desk."""\n'
                      f"VERSION = {info.version!r}\nCOMMIT = {info.commit!r}\nDIRTY = {info.dirty!r}\n",
                      encoding="utf-8")
    return target


@functools.cache
def current() -> BuildInfo:
    try:    # written by builds only: no such module in a checkout
        _build = importlib.import_module(f"{__package__}.{STAMP_MODULE.removesuffix('.py')}")
    except ImportError:
        pass
    else:
        return BuildInfo(_build.VERSION, _build.COMMIT, _build.DIRTY)
    return from_git(Path(__file__).resolve().parent.parent) or BuildInfo(RELEASE)


def version() -> str:
    return current().version


def add_version_argument(parser) -> None:
    """``--version`` for an argparse parser: prints BuildInfo.describe() (asked only when used)."""
    import argparse

    class ShowVersion(argparse.Action):
        def __call__(self, parser, namespace, values, option_string=None):
            print(current().describe())
            parser.exit(0)

    parser.add_argument("--version", nargs=0, action=ShowVersion, help="显示版本号后退出")
