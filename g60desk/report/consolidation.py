"""The 汇总表 of the 财政局 as an A4 landscape PDF (reportlab, the embedded CJK font of the printed forms).

The figures come from :mod:`g60desk.exchange.consolidation`; only the drawing is here.
"""
from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .. import settings
from ..domain.serialize import short_digest
from ..exchange.atomic import save_atomically
from ..exchange.consolidation import TAIL_NOTE, Consolidation
from .fonts import load_fonts


def write_pdf(consolidation: Consolidation, out: Path, prefer_system_font: bool | None = None) -> Path:
    """The 汇总表 as an A4 landscape PDF with an embedded CJK font, headers repeated on every page."""
    if prefer_system_font is None:
        prefer_system_font = bool(settings.get("print.prefer_system_font"))
    return save_atomically(out, lambda tmp: _render_pdf(consolidation, tmp, prefer_system_font))


def _render_pdf(consolidation: Consolidation, out: str, prefer_system: bool) -> None:
    fonts = load_fonts(prefer_system)
    font, markup = fonts.name, fonts.markup
    body = ParagraphStyle("cell", fontName=font, fontSize=9, leading=12)
    right = ParagraphStyle("num", parent=body, alignment=2)
    center = ParagraphStyle("head", parent=body, alignment=1)
    indented = ParagraphStyle("project", parent=body, leftIndent=5 * mm)
    title = ParagraphStyle("title", fontName=font, fontSize=16, leading=22, alignment=1)
    source = f"汇总文件：{consolidation.source}　" if consolidation.source else ""
    footer_text = f"{source}校验码 {short_digest(consolidation.file_digest)}　制表时间 {consolidation.made}"

    def para(text: str, style=body) -> Paragraph:
        return Paragraph(markup(text), style)

    data = [[para(c, center) for c in consolidation.columns]]
    shading = []
    for (level, label, f, code), shown in zip(consolidation.rows(), consolidation.amount_cells()):
        data.append([para(label, indented if level == 1 else body), para(str(f.forms), right),
                     para(str(f.indicators), right), para(str(f.budget_lines), right),
                     para(shown, right), para(str(f.errors), right),
                     para(str(f.warnings), right), para(code, body)])
        if level != 1:
            shading.append(("BACKGROUND", (0, len(data) - 1), (-1, len(data) - 1),
                            colors.HexColor("#EEEEEE" if level == 0 else "#DDDDDD")))
    widths = [88 * mm, 16 * mm, 18 * mm, 18 * mm, 44 * mm, 14 * mm, 14 * mm, 55 * mm]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#CCCCCC")), *shading]))

    class NumberedCanvas(Canvas):
        """Holds the pages back so that each can print 第 N 页 共 M 页."""

        def __init__(self, *args, **kwargs):
            kwargs.setdefault("initialFontName", font)     # no page refers to a non-embedded Helvetica
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            for page in self._pages:
                self.__dict__.update(page)
                self.setFont(font, 8)
                width = landscape(A4)[0]
                self.drawString(15 * mm, 8 * mm, footer_text)
                self.drawRightString(width - 15 * mm, 8 * mm, f"第 {self._pageNumber} 页 共 {len(self._pages)} 页")
                super().showPage()
            super().save()

    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=15 * mm, rightMargin=15 * mm,
                            topMargin=15 * mm, bottomMargin=15 * mm, title=consolidation.title,
                            author="g60desk")
    story = [para(consolidation.title, title), Spacer(1, 6 * mm), table]
    if consolidation.has_tail():   # say why a 万元 total is not the sum of the figures shown above it
        story += [Spacer(1, 3 * mm), para(TAIL_NOTE)]
    doc.build(story, canvasmaker=NumberedCanvas)
