"""Page geometry and text styles of the printed 申报材料 (A4, the seeds' proportions)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from reportlab.lib import textsplit as _rl_textsplit
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph
from reportlab.platypus import paragraph as _rl_paragraph

from . import _reportlab  # noqa: F401 - first: reportlab.platypus without its slow URL pattern
from .fonts import FontSet

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT = MARGIN_RIGHT = 18 * mm
MARGIN_TOP = 18 * mm
MARGIN_BOTTOM = 20 * mm
FRAME_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
FRAME_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
#: baseline of the footer line, inside the bottom margin
FOOTER_Y = 10 * mm

#: the 申报表 grid (DESIGN.md Appendix A): label · value/label · label/amount · label/三级 · value · value
FORM_COLUMNS_MM = (24.5, 30.0, 31.0, 46.0, 21.0, 21.5)
FORM_COLUMNS = tuple(w * mm for w in FORM_COLUMNS_MM)
assert abs(sum(FORM_COLUMNS) - FRAME_WIDTH) < 0.01

CELL_FONT_SIZE = 9
CELL_LEADING = 12
CELL_PAD_X = 2.5
CELL_PAD_Y = 3
#: the height of a one-line row of the form, as in the reference (≈ 7 mm)
ROW_MIN_HEIGHT = 7 * mm
BODY_FONT_SIZE = 12
BODY_LEADING = 20
#: fake bold: the glyph outline is stroked with this fraction of the font size (no CJK font has a bold face)
BOLD_STROKE = 0.035


#: Chinese punctuation that may not start a line; reportlab's list is Japanese and lacks these, so a
#: "，" could open a line. Its two CJK line breakers read their own module's global: extend both.
#: reportlab's paragraph alignments (TA_LEFT, TA_CENTER, TA_RIGHT, TA_JUSTIFY)
Alignment = Literal[0, 1, 2, 4]
CHINESE_CANNOT_START = "，；：！？”’》〉…"
for _module in (_rl_textsplit, _rl_paragraph):
    # the stubs give only textsplit's copy, as Final: both are plain module globals that reportlab reads
    if not _module.ALL_CANNOT_START.endswith(CHINESE_CANNOT_START):
        _module.ALL_CANNOT_START += CHINESE_CANNOT_START  # type: ignore[attr-defined]


class Para(Paragraph):
    """A Paragraph that remembers its last wrap: the grid measures each cell and the table wraps it again."""

    def wrap(self, availWidth, availHeight):  # noqa: N803 - reportlab's names
        if getattr(self, "_wrapped_at", None) == availWidth:
            return self.width, self.height
        result = super().wrap(availWidth, availHeight)
        self._wrapped_at = availWidth
        return result

    def split(self, availWidth, availHeight):  # noqa: N803
        self._wrapped_at = None
        return super().split(availWidth, availHeight)


class Text(Flowable):
    """A text that is usually one line (a label, an amount, a date): drawn directly when it fits on one
    line in the main font, else as a wrapping :class:`Para`. Parsing markup and CJK line breaking for
    every short cell is most of the time a form takes; this keeps them for the texts that need them."""

    def __init__(self, text: str, style: ParagraphStyle, markup: str, simple: bool):
        super().__init__()
        self.text = text
        self.style = style
        self._markup = markup
        self._simple = simple  # one main-font line possible: no line break, no fallback glyphs
        self._para: Para | None = None
        self._single = False
        self._text_width: float | None = None

    def paragraph(self) -> Para:
        if self._para is None:
            self._para = Para(self._markup, self.style)
        return self._para

    def wrap(self, availWidth, availHeight):  # noqa: N803 - reportlab's names
        st = self.style
        if self._simple:
            if self._text_width is None:
                self._text_width = stringWidth(self.text, st.fontName, st.fontSize)
            room = availWidth - st.leftIndent - st.firstLineIndent - st.rightIndent
            self._single = self._text_width <= room
        if self._single:
            self.width, self.height = availWidth, st.leading
            return self.width, self.height
        self.width, self.height = self.paragraph().wrap(availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth, availHeight):  # noqa: N803
        self.wrap(availWidth, availHeight)
        if self._single:
            return [] if availHeight < self.height else [self]
        return self.paragraph().split(availWidth, availHeight)

    def getSpaceBefore(self):  # noqa: N802
        return self.style.spaceBefore

    def getSpaceAfter(self):  # noqa: N802
        return self.style.spaceAfter

    def draw(self):
        if not self._single:
            self.paragraph().drawOn(self.canv, 0, 0)
            return
        st, canvas = self.style, self.canv
        canvas.setFont(st.fontName, st.fontSize)
        canvas.setFillColor(st.textColor)
        y = self.height - st.fontSize  # the baseline where a one-line Paragraph puts it
        if st.alignment == TA_CENTER:
            x = st.leftIndent + (self.width - st.leftIndent - st.rightIndent - self._text_width) / 2
        elif st.alignment == TA_RIGHT:
            x = self.width - st.rightIndent - self._text_width
        else:
            x = st.leftIndent + st.firstLineIndent
        canvas.drawString(x, y, self.text)


class BoldParagraph(Para):
    """A paragraph drawn in fake bold: fill and stroke (text render mode 2), as word processors do."""

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N802 - reportlab's name
        canvas.saveState()
        canvas.setStrokeColor(self.style.textColor)
        canvas.setLineWidth(self.style.fontSize * BOLD_STROKE)
        canvas._code.append("2 Tr")  # render mode is graphics state: restored by restoreState
        super().drawOn(canvas, x, y, _sW)
        canvas.restoreState()


@dataclass(frozen=True)
class Styles:
    """Paragraph styles for one font set, and helpers making paragraphs of plain text."""

    fonts: FontSet

    def _style(self, name: str, size: float, leading: float, align: Alignment = TA_LEFT, **extra) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=self.fonts.name, fontSize=size, leading=leading,
                              alignment=align, wordWrap="CJK", **extra)

    @cached_property
    def cell(self) -> ParagraphStyle:
        # room on the right for punctuation hanging past the line end
        return self._style("cell", CELL_FONT_SIZE, CELL_LEADING, rightIndent=CELL_FONT_SIZE / 2)

    @cached_property
    def cell_center(self) -> ParagraphStyle:
        return self._style("cell_center", CELL_FONT_SIZE, CELL_LEADING, TA_CENTER)

    @cached_property
    def cell_right(self) -> ParagraphStyle:
        return self._style("cell_right", CELL_FONT_SIZE, CELL_LEADING, TA_RIGHT)

    @cached_property
    def title(self) -> ParagraphStyle:
        return self._style("title", 16, 24, TA_CENTER)

    @cached_property
    def subtitle(self) -> ParagraphStyle:
        return self._style("subtitle", 10.5, 16, TA_CENTER, spaceAfter=3)

    @cached_property
    def heading(self) -> ParagraphStyle:
        return self._style("heading", BODY_FONT_SIZE, BODY_LEADING, spaceBefore=6, spaceAfter=2)

    @cached_property
    def heading_center(self) -> ParagraphStyle:
        return self._style("heading_center", 14, 24, TA_CENTER, spaceBefore=6, spaceAfter=6)

    @cached_property
    def body(self) -> ParagraphStyle:
        return self._style("body", BODY_FONT_SIZE, BODY_LEADING, firstLineIndent=2 * BODY_FONT_SIZE)

    def indented(self, level: int) -> ParagraphStyle:
        """Budget lines: like body text; sub-lines (level 1, 2 …) two characters further in per level."""
        if level == 0:
            return self.body
        return self._style(f"indent{level}", BODY_FONT_SIZE, BODY_LEADING,
                           leftIndent=2 * BODY_FONT_SIZE * level, firstLineIndent=2 * BODY_FONT_SIZE)

    @cached_property
    def signature(self) -> ParagraphStyle:
        return self._style("signature", 10.5, 18)

    def p(self, text: str, style: ParagraphStyle) -> Flowable:
        return Text(text, style, self.fonts.markup(text), self.fonts.simple(text))

    def bold(self, text: str, style: ParagraphStyle) -> Paragraph:
        return BoldParagraph(self.fonts.markup(text), style)

    def lines(self, text: str, style: ParagraphStyle) -> list[Flowable]:
        """One paragraph per line of ``text``; blank lines are dropped (an empty text gives none)."""
        return [self.p(line.strip(), style) for line in text.splitlines() if line.strip()]
