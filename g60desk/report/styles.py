"""Page geometry and text styles of the printed 申报材料 (A4, the seeds' proportions)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property
from typing import Literal

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from . import _reportlab  # noqa: F401 - first: reportlab.platypus without its slow URL pattern
from .fonts import FontSet
from .linebreak import break_lines

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


def _widths(font_name: str, size: float) -> dict[str, float]:
    """Advance widths of single characters in one font and size, measured once each."""
    key = (font_name, size)
    table = _WIDTHS.get(key)
    if table is None:
        table = _WIDTHS[key] = {}
    return table


_WIDTHS: dict[tuple[str, float], dict[str, float]] = {}
#: reportlab's paragraph alignments (TA_LEFT, TA_CENTER, TA_RIGHT, TA_JUSTIFY)
Alignment = Literal[0, 1, 2, 4]


class Text(Flowable):
    """Plain text laid out and drawn here, not by reportlab's Paragraph: Chinese line breaking (避头尾,
    numbers kept with their units — report/linebreak.py), characters the main font lacks drawn in the
    bundled font, justified body text, and fake bold (fill + stroke) for headings. Continuation lines keep
    the style's left indent; only the first line takes ``firstLineIndent``. A newline starts a new line."""

    def __init__(self, text: str, style: ParagraphStyle, fonts: FontSet, bold: bool = False):
        super().__init__()
        self.text = text
        self.style = style
        self.fonts = fonts
        self.bold = bold
        self._wrapped_at: float | None = None
        self._lines: list[tuple[str, bool]] = []   # (text of the line, ends its paragraph)

    # ---- measuring ------------------------------------------------------------------------------
    def _font_of(self, ch: str) -> str:
        fonts = self.fonts
        if fonts.main is fonts.fallback or ch.isspace() or ord(ch) in fonts.main.charset:
            return fonts.main.name
        return fonts.fallback.name

    def _width_of(self, ch: str) -> float:
        size = self.style.fontSize
        name = self._font_of(ch)
        table = _widths(name, size)
        width = table.get(ch)
        if width is None:
            width = table[ch] = stringWidth(ch, name, size)
        return width

    def _layout(self, avail: float) -> None:
        st = self.style
        inner = avail - st.leftIndent - st.rightIndent
        lines: list[tuple[str, bool]] = []
        for number, hard in enumerate(self.text.split("\n")):
            first = inner - (st.firstLineIndent if number == 0 else 0)
            broken = break_lines(hard, (first, inner), self._width_of)
            for k, (start, end) in enumerate(broken):
                lines.append((hard[start:end], k == len(broken) - 1))
        self._lines = lines
        self._wrapped_at = avail

    def wrap(self, availWidth, availHeight):  # noqa: N803 - reportlab's names
        if self._wrapped_at != availWidth:
            self._layout(availWidth)
        self.width = availWidth
        self.height = len(self._lines) * self.style.leading
        return self.width, self.height

    def split(self, availWidth, availHeight):  # noqa: N803
        self.wrap(availWidth, availHeight)
        fit = int((availHeight + 1e-6) // self.style.leading)
        if fit >= len(self._lines):
            return [self]
        if fit <= 0:
            return []
        consumed = sum(len(text) for text, _ in self._lines[:fit])
        hard_breaks = sum(1 for _, end in self._lines[:fit] if end)
        head = Text(self.text[:consumed + hard_breaks].rstrip("\n"), self.style, self.fonts, self.bold)
        rest_style = self.style if self._lines[fit - 1][1] else _continued(self.style)
        rest = Text(self.text[consumed + hard_breaks:], rest_style, self.fonts, self.bold)
        head.spaceAfter_override = 0
        return [head, rest]

    def getSpaceBefore(self):  # noqa: N802
        return self.style.spaceBefore

    def getSpaceAfter(self):  # noqa: N802
        return getattr(self, "spaceAfter_override", self.style.spaceAfter)

    # ---- drawing --------------------------------------------------------------------------------
    def _runs(self, line: str) -> list[tuple[str, str]]:
        runs: list[tuple[str, str]] = []
        for ch in line:
            name = self._font_of(ch)
            if runs and runs[-1][0] == name:
                runs[-1] = (name, runs[-1][1] + ch)
            else:
                runs.append((name, ch))
        return runs

    def draw(self):
        st, canvas = self.style, self.canv
        canvas.saveState()
        canvas.setFillColor(st.textColor)
        if self.bold:
            canvas.setStrokeColor(st.textColor)
            canvas.setLineWidth(st.fontSize * BOLD_STROKE)
            canvas._code.append("2 Tr")  # render mode is graphics state: restored by restoreState
        inner = self.width - st.leftIndent - st.rightIndent
        y = self.height - st.fontSize
        first = True
        for line, ends in self._lines:
            shown = line.rstrip()
            indent = st.leftIndent + (st.firstLineIndent if first else 0)
            room = inner - (st.firstLineIndent if first else 0)
            width = sum(self._width_of(ch) for ch in shown)
            space = 0.0
            if st.alignment == TA_CENTER:
                indent += (room - width) / 2
            elif st.alignment == TA_RIGHT:
                indent += room - width
            elif st.alignment == TA_JUSTIFY and not ends and len(shown) > 1 and width < room:
                space = (room - width) / (len(shown) - 1)
            text = canvas.beginText(indent, y)
            if space:
                text.setCharSpace(space)
            for name, run in self._runs(shown):
                text.setFont(name, st.fontSize)
                text.textOut(run)
            canvas.drawText(text)
            y -= st.leading
            first = ends
        canvas.restoreState()


def _continued(style: ParagraphStyle) -> ParagraphStyle:
    """The style of a paragraph's part after a page break: no first-line indent, no space before."""
    return ParagraphStyle(f"{style.name}-continued", parent=style, firstLineIndent=0, spaceBefore=0)


@cache
def _indented(styles: Styles, level: int) -> ParagraphStyle:
    return styles._style(f"indent{level}", BODY_FONT_SIZE, BODY_LEADING, TA_JUSTIFY,
                         leftIndent=2 * BODY_FONT_SIZE * level, firstLineIndent=2 * BODY_FONT_SIZE)


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
        return self._style("body", BODY_FONT_SIZE, BODY_LEADING, TA_JUSTIFY, firstLineIndent=2 * BODY_FONT_SIZE)

    def cell_indented(self, level: int) -> ParagraphStyle:
        """A sub-line's name in the budget table: one character further in per level."""
        return self._style(f"cell_indented{level}", CELL_FONT_SIZE, CELL_LEADING, leftIndent=level * CELL_FONT_SIZE,
                           rightIndent=CELL_FONT_SIZE / 2)

    def indented(self, level: int) -> ParagraphStyle:
        """Budget lines: like body text; sub-lines (level 1, 2 …) two characters further in per level,
        their wrapped lines too."""
        if level == 0:
            return self.body
        return _indented(self, level)

    @cached_property
    def signature(self) -> ParagraphStyle:
        return self._style("signature", 10.5, 18)

    @cached_property
    def below(self) -> ParagraphStyle:
        """The line a template prints below its form (填表人:… 联系电话:…)."""
        return self._style("below", 10.5, 18, spaceBefore=4)

    @cached_property
    def unit_right(self) -> ParagraphStyle:
        """The right half of the line above a form's table (单位:万元)."""
        return self._style("unit_right", 10.5, 18, TA_RIGHT)

    def p(self, text: str, style: ParagraphStyle) -> Flowable:
        return Text(text, style, self.fonts)

    def bold(self, text: str, style: ParagraphStyle) -> Flowable:
        return Text(text, style, self.fonts, bold=True)

    def lines(self, text: str, style: ParagraphStyle) -> list[Flowable]:
        """One paragraph per line of ``text``; blank lines are dropped (an empty text gives none)."""
        return [self.p(line.strip(), style) for line in text.splitlines() if line.strip()]
