"""Both samples printed once per session with the bundled font (the same pages on every machine)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # report_helpers, shared with the tests of this folder

from report_helpers import Printed  # noqa: E402

from g60desk.exchange.samples import sample_document  # noqa: E402


@pytest.fixture(scope="session")
def printed(tmp_path_factory) -> dict[str, Printed]:
    from g60desk.report import PrintOptions, render_pdf

    folder = tmp_path_factory.mktemp("printed")
    result = {}
    for year in ("2026", "2022"):
        doc = sample_document(year)
        pdf = folder / f"sample{year}.pdf"
        pages = render_pdf(doc, pdf, options=PrintOptions(prefer_system_font=False))
        result[year] = Printed(doc, pdf, pages)
    return result
