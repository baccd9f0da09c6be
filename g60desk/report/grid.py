"""A bordered grid that breaks across pages like the paper form: header rows repeated, merged cells cut.

reportlab's own Table cannot do this (DESIGN.md §8): a span taller than the frame is a LayoutError, and
``splitInRow`` leaves the continued 一级/二级 cells empty. Here cells that merge vertically carry a
``merge`` key; merges are made per page, so a group cut by a page break shows its label again on the
next page. A row taller than the space left is moved to the next page, and a row taller than a whole
page is cut between lines of its text; nothing is ever too large.
"""
from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field, replace

from reportlab.lib import colors
from reportlab.platypus import Flowable

from . import _reportlab  # noqa: F401 - first: reportlab.platypus without its slow URL pattern
from .styles import CELL_PAD_X, CELL_PAD_Y, ROW_MIN_HEIGHT

BIG = 10**6
LINE_WIDTH = 0.6
#: never start a cut row in less room than this (a few lines of cell text)
MIN_CUT_HEIGHT = 40


@dataclass
class Cell:
    """One cell: paragraphs at a column, spanning ``span`` columns; equal ``merge`` keys merge down."""

    content: list[Flowable]
    col: int
    span: int = 1
    merge: Hashable | None = None
    valign: str = "MIDDLE"


@dataclass
class Row:
    cells: list[Cell]
    min_height: float = ROW_MIN_HEIGHT
    _heights: dict = field(default_factory=dict, repr=False, compare=False)

    def height(self, widths: Sequence[float]) -> float:
        """The row's own height: its unmerged cells' text, at least ``min_height`` (cached per widths)."""
        key = tuple(widths)
        if key not in self._heights:
            own = [cell_height(c, widths) for c in self.cells if c.merge is None]
            self._heights[key] = max([self.min_height, *own])
        return self._heights[key]


def cell_width(cell: Cell, widths: Sequence[float]) -> float:
    return sum(widths[cell.col:cell.col + cell.span]) - 2 * CELL_PAD_X


def content_height(content: Sequence[Flowable], width: float) -> float:
    total = 0.0
    for i, flowable in enumerate(content):
        total += flowable.wrap(width, BIG)[1]
        if i:
            total += flowable.getSpaceBefore()
        if i < len(content) - 1:
            total += flowable.getSpaceAfter()
    return total


def cell_height(cell: Cell, widths: Sequence[float]) -> float:
    if not cell.content:
        return 0.0
    return content_height(cell.content, cell_width(cell, widths)) + 2 * CELL_PAD_Y


def merge_runs(rows: Sequence[Row]) -> list[tuple[Cell, int, int]]:
    """(first cell, first row, last row) of every vertical merge among ``rows``, single rows included."""
    runs: list[tuple[Cell, int, int]] = []
    open_runs: dict[tuple[int, int], tuple[Cell, int, int]] = {}
    for r, row in enumerate(rows):
        seen = set()
        for cell in row.cells:
            if cell.merge is None:
                continue
            slot = (cell.col, cell.span)
            seen.add(slot)
            current = open_runs.get(slot)
            if current is not None and current[0].merge == cell.merge and current[2] == r - 1:
                open_runs[slot] = (current[0], current[1], r)
            else:
                if current is not None:
                    runs.append(current)
                open_runs[slot] = (cell, r, r)
        for slot in [s for s in open_runs if s not in seen]:
            runs.append(open_runs.pop(slot))
    runs.extend(open_runs.values())
    return runs


def layout_heights(rows: Sequence[Row], widths: Sequence[float]) -> list[float]:
    """Row heights once merged labels are placed: a label taller than its rows makes the last one taller."""
    heights = [row.height(widths) for row in rows]
    for cell, first, last in sorted(merge_runs(rows), key=lambda run: run[0].col):
        deficit = cell_height(cell, widths) - sum(heights[first:last + 1])
        if deficit > 0:
            heights[last] += deficit
    return heights


def split_content(content: Sequence[Flowable], width: float, height: float) -> tuple[list, list]:
    """The paragraphs that fit in ``height`` (the last one cut between lines) and the rest."""
    top: list[Flowable] = []
    used = 0.0
    for i, flowable in enumerate(content):
        gap = flowable.getSpaceBefore() if top else 0.0
        h = flowable.wrap(width, BIG)[1]
        if used + gap + h <= height:
            top.append(flowable)
            used += gap + h + flowable.getSpaceAfter()
            continue
        parts = flowable.split(width, height - used - gap) if height - used - gap > 0 else []
        if len(parts) >= 2:
            return top + [parts[0]], list(parts[1:]) + list(content[i + 1:])
        return top, list(content[i:])
    return top, []


def cut_row(row: Row, widths: Sequence[float], height: float) -> tuple[Row, Row] | None:
    """``row`` cut so that its first part is at most ``height`` tall; None when no line fits."""
    top_cells, rest_cells, moved = [], [], False
    for cell in row.cells:
        if cell.merge is not None:  # a label: shown on both pages
            top_cells.append(cell)
            rest_cells.append(cell)
            continue
        top, rest = split_content(cell.content, cell_width(cell, widths), height - 2 * CELL_PAD_Y)
        moved = moved or bool(top)
        top_cells.append(replace(cell, content=top, valign="TOP"))
        rest_cells.append(replace(cell, content=rest, valign="TOP"))
    if not moved:
        return None
    return Row(top_cells, min_height=0), Row(rest_cells, min_height=row.min_height)


@dataclass
class Box:
    """A drawn cell: a Cell (or nothing) over columns ``col``…``col + span - 1`` and rows ``first``…``last``."""

    cell: Cell | None
    col: int
    span: int
    first: int
    last: int


def boxes(rows: Sequence[Row], n_cols: int) -> list[Box]:
    """Every box of the grid: unmerged cells, merged runs, and an empty box for each slot left over."""
    found = [Box(c, c.col, c.span, r, r) for r, row in enumerate(rows) for c in row.cells if c.merge is None]
    found += [Box(c, c.col, c.span, first, last) for c, first, last in merge_runs(rows)]
    covered = [[False] * n_cols for _ in rows]
    for box in found:
        for r in range(box.first, box.last + 1):
            for col in range(box.col, min(box.col + box.span, n_cols)):
                covered[r][col] = True
    found += [Box(None, col, 1, r, r) for r in range(len(rows)) for col in range(n_cols) if not covered[r][col]]
    return found


@dataclass
class Caption:
    """What a page that continues a form shows above the grid: the form's title again and rows of its
    header (项目名称 …) drawn as a grid of their own columns."""

    title: Flowable
    rows: list[Row]
    widths: Sequence[float]
    gap: float = 4.0

    def height(self, width: float) -> float:
        title = self.title.wrap(width, BIG)[1]
        return title + self.gap + sum(layout_heights(self.rows, self.widths)) if self.rows else title + self.gap

    def draw_on(self, canvas, top: float, width: float, font_name: str) -> None:
        title_height = self.title.wrap(width, BIG)[1]
        self.title.drawOn(canvas, 0, top - title_height)
        if self.rows:
            part = GridPart(self.rows, self.widths, font_name)
            part.wrap(width, BIG)
            part.drawOn(canvas, 0, top - title_height - self.gap - part.height)


class GridPart(Flowable):
    """Rows drawn as a bordered grid, merges applied, plus an optional trailer drawn below and an optional
    caption above (on a page that continues a form).

    Drawn directly on the canvas (every box's border, then its paragraphs placed like a table cell):
    the rows are measured already, and reportlab's Table would measure and place them all again.
    """

    def __init__(self, rows: list[Row], widths: Sequence[float], font_name: str,
                 trailer: Flowable | None = None, caption: Caption | None = None):
        super().__init__()
        self.rows = rows
        self.widths = list(widths)
        self.font_name = font_name
        self.trailer = trailer
        self.caption = caption
        self._heights: list[float] | None = None

    def heights(self) -> list[float]:
        if self._heights is None:
            self._heights = layout_heights(self.rows, self.widths)
        return self._heights

    def _caption_height(self) -> float:
        return self.caption.height(sum(self.widths)) if self.caption is not None else 0.0

    def wrap(self, availWidth, availHeight):  # noqa: N803 - reportlab's names
        self.width = sum(self.widths)
        self.height = sum(self.heights()) + self._caption_height()
        if self.trailer is not None:
            self.height += self.trailer.wrap(availWidth, availHeight)[1] + self.trailer.getSpaceBefore()
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        heights = self.heights()
        if self.caption is not None:
            self.caption.draw_on(canvas, self.height, self.width, self.font_name)
        grid_top = self.height - self._caption_height()
        lefts = [sum(self.widths[:i]) for i in range(len(self.widths) + 1)]
        tops = [grid_top - sum(heights[:r]) for r in range(len(heights) + 1)]
        drawn = boxes(self.rows, len(self.widths))
        canvas.saveState()
        canvas.setLineWidth(LINE_WIDTH)
        canvas.setStrokeColor(colors.black)
        path = canvas.beginPath()
        for box in drawn:
            x, right = lefts[box.col], lefts[min(box.col + box.span, len(self.widths))]
            path.rect(x, tops[box.last + 1], right - x, tops[box.first] - tops[box.last + 1])
        canvas.drawPath(path, stroke=1, fill=0)
        canvas.restoreState()
        for box in drawn:
            if box.cell is not None and box.cell.content:
                x, right = lefts[box.col], lefts[min(box.col + box.span, len(self.widths))]
                self._draw_content(box.cell, x, right - x, tops[box.first], tops[box.last + 1])
        if self.trailer is not None:
            trailer_height = self.trailer.wrap(self.width, BIG)[1]
            self.trailer.drawOn(canvas, 0, tops[-1] - self.trailer.getSpaceBefore() - trailer_height)

    def _draw_content(self, cell: Cell, x: float, width: float, top: float, bottom: float) -> None:
        inner = width - 2 * CELL_PAD_X
        sizes = [f.wrap(inner, BIG)[1] for f in cell.content]
        total = content_height(cell.content, inner)
        if cell.valign == "TOP":
            y = top - CELL_PAD_Y
        elif cell.valign == "BOTTOM":
            y = bottom + CELL_PAD_Y + total
        else:
            y = (top + bottom + total) / 2
        for i, (flowable, height) in enumerate(zip(cell.content, sizes)):
            if i:
                y -= flowable.getSpaceBefore()
            y -= height
            flowable.drawOn(self.canv, x + CELL_PAD_X, y)
            y -= flowable.getSpaceAfter()


class Grid(Flowable):
    """Header rows, body rows and an optional trailer (kept with the last row) that flow across pages.

    ``frame_height`` is the height of an empty page's frame: a row that fits on an empty page is moved
    there whole; a taller one is cut between lines. ``caption`` (the form's title and 项目名称 row) is
    drawn above the grid on every page it continues on — after a split, or when the whole grid moves to
    the next page.
    """

    def __init__(self, body: list[Row], widths: Sequence[float], frame_height: float, font_name: str, *,
                 header: list[Row] | None = None, trailer: Flowable | None = None,
                 caption: Caption | None = None, continued: bool = False):
        super().__init__()
        self.font_name = font_name
        self.body = body
        self.header = header or []
        self.widths = list(widths)
        self.frame_height = frame_height
        self.trailer = trailer
        self.caption = caption
        #: this grid starts a page of its own (a continued part, or moved whole): it shows the caption
        self.continued = continued

    def _trailer_height(self, width: float) -> float:
        if self.trailer is None:
            return 0.0
        return self.trailer.wrap(width, BIG)[1] + self.trailer.getSpaceBefore()

    def _caption(self) -> Caption | None:
        return self.caption if self.continued else None

    def _caption_height(self) -> float:
        caption = self._caption()
        return caption.height(sum(self.widths)) if caption is not None else 0.0

    def _height(self, body: Sequence[Row]) -> float:
        return sum(layout_heights(self.header + list(body), self.widths)) + self._caption_height()

    def wrap(self, availWidth, availHeight):  # noqa: N803
        self.width = sum(self.widths)
        self.height = self._height(self.body) + self._trailer_height(self.width)
        return self.width, self.height

    def _fitting_rows(self, avail: float) -> int:
        """How many body rows (from the top) fit in ``avail`` with the header (and the trailer after the last)."""
        header_h = sum(row.height(self.widths) for row in self.header) + self._caption_height()
        used, k = header_h, 0
        for row in self.body:
            used += row.height(self.widths)
            if used > avail:
                break
            k += 1
        trailer_h = self._trailer_height(self.width)
        while k and self._height(self.body[:k]) + (trailer_h if k == len(self.body) else 0) > avail:
            k -= 1
        return k

    def _rest(self, body: list[Row]) -> Grid:
        return Grid(body, self.widths, self.frame_height, self.font_name, header=self.header, trailer=self.trailer,
                    caption=self.caption, continued=True)

    def split(self, availWidth, availHeight):  # noqa: N803
        self.width = sum(self.widths)
        k = self._fitting_rows(availHeight)
        if k:
            return [GridPart(self.header + self.body[:k], self.widths, self.font_name, caption=self._caption()),
                    self._rest(self.body[k:])]
        return self._cut_first_row(availHeight)

    def _moved(self) -> list[Flowable]:
        """Nothing fits here: the grid goes to the next page whole, where it continues its form."""
        self.continued = True
        return []

    def _cut_first_row(self, avail: float) -> list[Flowable]:
        """No whole row fits: move to the next page, or cut the first row when even a page is too small."""
        fresh_page = avail >= self.frame_height - 1
        first_alone = self._height(self.body[:1]) + (self._trailer_height(self.width) if len(self.body) == 1 else 0)
        if first_alone <= self.frame_height and not fresh_page:
            return self._moved()
        room = avail - self._height([])
        if room < MIN_CUT_HEIGHT and not fresh_page:
            return self._moved()
        cut = cut_row(self.body[0], self.widths, room)
        if cut is None:
            return self._moved()
        top, rest = cut
        return [GridPart(self.header + [top], self.widths, self.font_name, caption=self._caption()),
                self._rest([rest] + self.body[1:])]

    def draw(self):
        part = GridPart(self.header + self.body, self.widths, self.font_name, self.trailer, caption=self._caption())
        part.wrap(self.width, BIG)
        part.drawOn(self.canv, 0, 0)
