"""pyproject.toml lists every sub-package of g60desk/ (and resources/ as g60desk.resources).

The packages are listed by hand because resources/ sits outside g60desk/ and package discovery cannot
map it; this test keeps the list honest. scripts/check_install.sh proves a real non-editable install.
"""
from __future__ import annotations

import subprocess
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def setuptools_config() -> dict:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)["tool"]["setuptools"]


def committed_files(folder: str) -> list[Path] | None:
    """Files git tracks under ``folder`` (what a clean clone installs), or None without git."""
    try:
        out = subprocess.run(["git", "ls-files", "-z", folder], cwd=ROOT, capture_output=True, check=True,
                             timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return [ROOT / name for name in out.decode("utf-8").split("\0") if name]


def code_packages() -> set[str]:
    files = committed_files("g60desk")
    if files is None:
        files = list((ROOT / "g60desk").rglob("*.py"))
    return {".".join(p.parent.relative_to(ROOT).parts) for p in files
            if p.suffix == ".py" and "__pycache__" not in p.parts}


def test_every_committed_sub_package_is_listed():
    listed = set(setuptools_config()["packages"])
    missing = sorted(code_packages() - listed)
    assert missing == [], f"add {missing} to [tool.setuptools] packages in pyproject.toml"


def test_every_listed_package_exists():
    config = setuptools_config()
    mapped = config.get("package-dir", {})
    for package in config["packages"]:
        folder = ROOT / mapped.get(package, package.replace(".", "/"))
        assert folder.is_dir(), f"{package} is listed in pyproject.toml but {folder} does not exist"


def test_resources_are_installed_inside_the_package():
    config = setuptools_config()
    assert config["package-dir"]["g60desk.resources"] == "resources"
    assert "g60desk.resources" in config["packages"]
    assert config["package-data"]["g60desk.resources"] == ["**/*"]
    from g60desk.exchange.samples import SAMPLES
    assert sorted(p.name for p in (ROOT / "resources" / "samples").glob("*.toml")) == sorted(SAMPLES.values())
    assert len(list((ROOT / "resources" / "templates").glob("*.toml"))) >= 6   # the bundled templates
