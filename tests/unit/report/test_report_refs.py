"""The first pages of both samples still look like the committed reference images (scripts/print_refs.py)."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from report_helpers import needs_poppler

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "print_refs.py"


@pytest.fixture(scope="module")
def print_refs():
    pytest.importorskip("PIL")
    spec = importlib.util.spec_from_file_location("print_refs", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@needs_poppler
def test_reference_pages_match(print_refs, tmp_path):
    results = print_refs.compare_all(diff_dir=tmp_path)
    assert len(results) == sum(len(p) for p in print_refs.PAGES.values())
    assert [str(r) for r in results if not r.ok] == []


def test_every_reference_image_is_committed(print_refs):
    for year, pages in print_refs.PAGES.items():
        for page in pages:
            assert (print_refs.REFERENCE_DIR / print_refs.reference_name(year, page)).is_file()


def test_a_changed_page_is_caught(print_refs, tmp_path):
    from PIL import Image

    reference = print_refs.REFERENCE_DIR / "2026-p03.png"
    changed = tmp_path / "changed.png"
    with Image.open(reference) as image:
        image = image.convert("L")
        image.paste(0, (40, 40, 200, 120))  # a black block where the header rows are
        image.save(changed)
    assert not print_refs.compare_images("2026-p03.png", changed, reference).ok
    assert print_refs.compare_images("2026-p03.png", reference, reference).ok
