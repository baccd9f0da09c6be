"""Helpers of the printing tests: poppler's text of a PDF, whitespace-free comparison, the printed samples."""
from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from g60desk.domain.model import Document

POPPLER = all(shutil.which(tool) for tool in ("pdftotext", "pdffonts", "pdftoppm"))
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext, pdffonts, pdftoppm) not installed")


#: "第 N 页 共 M 页  校验码 XXXX-…" at the foot of every page
FOOTER = re.compile(r"第\s*\d+\s*页\s*共\s*\d+\s*页\s*校验码\s*[0-9A-F]{4}(?:-[0-9A-F]{4}){3}")


def pdftotext(pdf: Path, *args: str) -> str:
    return subprocess.run(["pdftotext", *args, str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout


def squeeze(text: str) -> str:
    """Text without any whitespace: a wrapped cell reads as its words again."""
    return re.sub(r"\s+", "", text)


@dataclass
class Printed:
    doc: Document
    pdf: Path
    pages: int

    @property
    def layout(self) -> str:
        return pdftotext(self.pdf, "-layout")

    @property
    def raw(self) -> str:
        """Text in drawing order (each cell's lines together), page footers removed."""
        return FOOTER.sub("", pdftotext(self.pdf, "-raw"))

    def page_texts(self) -> list[str]:
        return self.layout.split("\f")[: self.pages]
