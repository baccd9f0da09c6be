"""Fixtures of the reliability suite (issue 14): samples built once, copies, a small tmpfs, the command."""
from __future__ import annotations

import contextlib
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))   # corpus.py, runner.py, reliability_helpers.py

from reliability_helpers import mounted_tmpfs, run_cli  # noqa: E402


@pytest.fixture(scope="session")
def samples(tmp_path_factory) -> dict[str, Path]:
    """The two samples and a third department (for merges), built once; copy before changing."""
    from g60desk.exchange.samples import sample_document
    from g60desk.store import Store
    folder = tmp_path_factory.mktemp("reliability-samples")
    files = {}
    for year in ("2022", "2026"):
        files[year] = folder / f"sample{year}.g60"
        Store.create(files[year], sample_document(year)).close()
    third = sample_document("2026")
    third.departments[0].name = "松江区第三测试局"
    files["third"] = folder / "third.g60"
    Store.create(files["third"], third).close()
    return files


@pytest.fixture
def copy_of(samples, tmp_path):
    def make(key: str, name: str | None = None, folder: Path | None = None) -> Path:
        target = (folder or tmp_path) / (name or samples[key].name)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(samples[key], target)
        return target
    return make


@pytest.fixture
def tmpfs(tmp_path):
    """make(name, size) → a mounted small tmpfs folder (unmounted after the test)."""
    stack = contextlib.ExitStack()

    def make(name: str, size: str = "1m") -> Path:
        return stack.enter_context(mounted_tmpfs(tmp_path / name, size))
    with stack:
        yield make


@pytest.fixture
def cli():
    return run_cli
