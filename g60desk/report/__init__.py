"""Printing: the 申报表 and the whole 申报材料 as PDF (reportlab; no Qt, no SQL).

``render_pdf(doc, out_path, nodes=…, options=…, progress=…)`` writes the PDF and returns its page count;
:class:`PrintOptions` says what to include and how to sign; :func:`find_cjk_font` names the font used.
"""
from .fonts import find_cjk_font
from .options import PrintOptions, Signature
from .render import ReportError, render_pdf

__all__ = ["PrintOptions", "ReportError", "Signature", "find_cjk_font", "render_pdf"]
