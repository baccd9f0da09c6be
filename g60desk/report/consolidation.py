"""The 汇总表 of the 财政局 as an A4 landscape PDF (reportlab, the embedded CJK font of the printed forms).

The figures come from :mod:`g60desk.exchange.consolidation`; only the drawing is here.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

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
    center = ParagraphStyle("head", parent=body, alignment=1)
    indented = ParagraphStyle("project", parent=body, leftIndent=5 * mm)
    title = ParagraphStyle("title", fontName=font, fontSize=16, leading=22, alignment=1)
    source = f"汇总文件：{consolidation.source}　" if consolidation.source else ""
    footer_text = f"{source}校验码 {short_digest(consolidation.file_digest)}　制表时间 {consolidation.made}"

    def para(text: str, style=body) -> Paragraph:
        return Paragraph(markup(text), style)

    grid: list[Any] = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    # the figures and the 校验码 are short: plain text in the table's font (a Paragraph per cell cost four
    # fifths of the 汇总表); only the names, which may wrap, are Paragraphs
    figures: list[Any] = [("FONT", (1, 0), (-1, -1), font, 9, 12), ("ALIGN", (1, 0), (6, -1), "RIGHT")]

    def header() -> Table:
        return _table([[para(c, center) for c in consolidation.columns]],
                      [*grid, ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#CCCCCC"))])

    # One table per department (its row and its projects'), and the header row drawn at the top of every page by
    # the page template: one table of every row made reportlab measure all rows left at every page it broke
    # (quadratic: 4.5 s of cell geometry for 500 departments).
    tables: list[Table] = []
    rows: list[list[Any]] = []
    shading: list[Any] = []
    for (level, label, f, code), shown in zip(consolidation.rows(), consolidation.amount_cells()):
        if level != 1 and rows:
            tables.append(_table(rows, grid + figures + shading))
            rows, shading = [], []
        rows.append([para(label, indented if level == 1 else body), str(f.forms), str(f.indicators),
                     str(f.budget_lines), shown, str(f.errors), str(f.warnings), code])
        if level != 1:
            shading.append(("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1),
                            colors.HexColor("#EEEEEE" if level == 0 else "#DDDDDD")))
    if rows:
        tables.append(_table(rows, grid + figures + shading))

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

    page_width, page_height = landscape(A4)
    margin = 15 * mm
    frame_width, frame_height = page_width - 2 * margin, page_height - 2 * margin
    _, header_height = header().wrap(frame_width, frame_height)

    def page_header(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        drawn = header()
        drawn.wrapOn(canvas, frame_width, frame_height)
        drawn.drawOn(canvas, margin + (frame_width - sum(WIDTHS)) / 2, page_height - margin - header_height)

    first = Frame(margin, margin, frame_width, frame_height, id="first")
    later = Frame(margin, margin, frame_width, frame_height - header_height, id="later", topPadding=0)   # under it
    doc = BaseDocTemplate(out, pagesize=landscape(A4), leftMargin=margin, rightMargin=margin, topMargin=margin,
                          bottomMargin=margin, title=consolidation.title, author="g60desk",
                          pageTemplates=[PageTemplate("first", [first]),
                                         PageTemplate("later", [later], onPage=page_header)])
    story: list = [para(consolidation.title, title), Spacer(1, 6 * mm), header(), NextPageTemplate("later"),
                   *tables]
    if consolidation.has_tail():   # say why a 万元 total is not the sum of the figures shown above it
        story += [Spacer(1, 3 * mm), para(TAIL_NOTE)]
    doc.build(story, canvasmaker=NumberedCanvas)


#: the columns' widths (the table's and the header's, so that they line up)
WIDTHS = [88 * mm, 16 * mm, 18 * mm, 18 * mm, 44 * mm, 14 * mm, 14 * mm, 55 * mm]


def _table(rows: list[list[Any]], style: list[Any]) -> Table:
    table = Table(rows, colWidths=WIDTHS)
    table.setStyle(TableStyle(style))
    return table
