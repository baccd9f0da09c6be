"""The version (g60desk/version.py): release + commit count, stamped by builds, shown by --version and 关于."""
from __future__ import annotations

import importlib
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from g60desk import version

ROOT = Path(__file__).resolve().parents[2]


def test_release_is_the_package_version():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["version"] == version.RELEASE


@pytest.mark.parametrize("text, numbers", [
    ("0.1.0.412", (0, 1, 0, 412)), ("0.1.0", (0, 1, 0, 0)), ("1.2", (1, 2, 0, 0)), ("2.0.1.7.9", (2, 0, 1, 7)),
])
def test_numeric_gives_windows_four_numbers(text, numbers):
    assert version.numeric(text) == numbers


def test_numeric_refuses_what_windows_cannot_hold():
    with pytest.raises(ValueError):
        version.numeric("0.1.0.70000")


def test_a_checkout_counts_its_commits():
    try:
        count = subprocess.run(["git", "-C", str(ROOT), "rev-list", "--count", "HEAD"], capture_output=True,
                               text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    info = version.from_git(ROOT)
    assert info.version == f"{version.RELEASE}.{count}"
    assert len(info.commit) == 12


def test_no_git_means_the_release_alone(tmp_path):
    assert version.from_git(tmp_path) is None


def test_a_stamp_wins_over_git(tmp_path, monkeypatch):
    package = tmp_path / "g60desk"
    package.mkdir()
    stamped = version.BuildInfo("0.1.0.999", "abcdef123456", dirty=True)
    version.stamp(package, stamped)
    monkeypatch.syspath_prepend(str(tmp_path))
    spec = importlib.util.spec_from_file_location("g60desk._build", package / version.STAMP_MODULE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setitem(sys.modules, "g60desk._build", module)
    version.current.cache_clear()
    try:
        assert version.current() == stamped
        import g60desk
        assert g60desk.__version__ == "0.1.0.999"
    finally:
        version.current.cache_clear()


def test_describe_names_commit_and_changes():
    assert version.BuildInfo("0.1.0.5", "abc", True).describe() == "g60desk 0.1.0.5（提交 abc，含未提交的修改）"
    assert version.BuildInfo("0.1.0").describe() == "g60desk 0.1.0"


def test_the_command_prints_its_version():
    done = subprocess.run([sys.executable, "-m", "g60desk", "--version"], capture_output=True, timeout=60,
                          encoding="utf-8", env={"PYTHONIOENCODING": "utf-8", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == version.current().describe()
    assert done.stdout.startswith(f"g60desk {version.RELEASE}")
