"""Shared test set-up: never touch the user's real data folder or settings; Qt offscreen."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["G60DESK_TESTING"] = "1"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("g60home")
    monkeypatch.setenv("G60DESK_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def sample_files(tmp_path_factory) -> dict[str, Path]:
    """Both samples built once per session; copy before changing (see ``sample_copy``)."""
    from g60desk.exchange.samples import sample_document
    from g60desk.store import Store

    folder = tmp_path_factory.mktemp("samples")
    files = {}
    for year in ("2022", "2026"):
        path = folder / f"sample{year}.g60"
        Store.create(path, sample_document(year)).close()
        files[year] = path
    return files


@pytest.fixture
def sample_copy(sample_files, tmp_path):
    def make(year: str) -> Path:
        target = tmp_path / f"copy{year}.g60"
        shutil.copyfile(sample_files[year], target)
        return target
    return make


@pytest.fixture
def second_pc(tmp_path_factory, monkeypatch):
    """A PC where no template is installed: the bundled template folder is replaced by an empty one, so every
    template must come from the file (or JSON) that uses it. Returns the empty folder (tests may install into it)."""
    from g60desk.domain import template_catalog
    folder = tmp_path_factory.mktemp("no-templates")
    monkeypatch.setenv(template_catalog.DIR_VARIABLE, str(folder))
    template_catalog.clear_cache()
    yield folder
    template_catalog.clear_cache()
