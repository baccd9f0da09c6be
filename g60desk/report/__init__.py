"""Printing: the 申报表 and the whole 申报材料 as PDF (reportlab; no Qt, no SQL).

``render_pdf(doc, out_path, nodes=…, options=…, progress=…)`` writes the PDF and returns its page count;
:class:`PrintOptions` says what to include and how to sign; :func:`find_cjk_font` names the font used.
reportlab is imported on first use, so other commands do not pay for it.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import ReportError
from .options import PrintOptions, Signature

if TYPE_CHECKING:
    from .fonts import find_cjk_font
    from .render import render_pdf

__all__ = ["PrintOptions", "ReportError", "Signature", "find_cjk_font", "render_pdf"]


def __getattr__(name: str):
    if name == "render_pdf":
        from .render import render_pdf
        return render_pdf
    if name == "find_cjk_font":
        from .fonts import find_cjk_font
        return find_cjk_font
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
