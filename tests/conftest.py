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


#: a bureau's own template with 上年 columns (上年预算安排, 上年实际水平, 上年预算数): 下一年度申报's "移入上年列"
LAST_YEAR_TEMPLATE = Path(__file__).parent / "fixtures" / "last-year-columns.toml"


@pytest.fixture
def last_year_file(tmp_path) -> Path:
    """The 2022 sample with its forms on a template with 上年 columns, as a .g60 file."""
    from g60desk.domain.template_file import parse_template
    from g60desk.exchange.samples import sample_document
    from g60desk.store import Store

    template = parse_template(LAST_YEAR_TEMPLATE.read_text(encoding="utf-8"), LAST_YEAR_TEMPLATE.name)
    doc = sample_document("2022")
    doc.template, doc.templates = template.id, {template.id: template}
    for _, node in doc.iter_nodes():
        if node.form is not None:
            node.form.template, node.form.spec = template.id, template
    path = tmp_path / "本局2022.g60"
    Store.create(path, doc).close()
    return path


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
