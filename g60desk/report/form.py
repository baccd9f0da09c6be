"""The 申报表 of one declared node as flowables, laid out as its template says (docs/templates.md).

Title and year line; the header and funding rows as label/value pairs in the template's slots (a funding block's
label spanning its rows); the goals side by side or stacked; the indicator grid with the template's columns (一级
and 二级 cells merged when the template groups rows); rows after the grid; a line below it and the signature block.
Shanghai 2026 is DESIGN.md Appendix A (six columns, 项目资金（元） spanning four rows).
"""
from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table, TableStyle

from ..domain.fields import form_value, shown
from ..domain.layout import column_places, goal_years, printed_order, value_part
from ..domain.model import DeclarationForm, Indicator
from ..domain.templates import Column, Field, Slot, Template, template_of
from .grid import Caption, Cell, Grid, Row
from .options import Signature
from .styles import FRAME_HEIGHT, FRAME_WIDTH, Styles

GOAL_TEXT_MIN_HEIGHT = 60
BLANK_LINE = "_" * 16
#: after the form's title on a page that continues the form
CONTINUED = "（续）"
#: between the items of the line printed below the form (填表人：… 联系电话：…)
BELOW_GAP = "　　"


def widths(columns_mm: Sequence[float]) -> tuple[float, ...]:
    """Paper columns in points, scaled to fill the frame exactly (the template gives them in mm)."""
    points = [w * mm for w in columns_mm]
    if abs(sum(points) - FRAME_WIDTH) < 0.01:
        return tuple(points)
    scale = FRAME_WIDTH / sum(points)
    return tuple(w * scale for w in points)


class FormBuilder:
    """Builds the flowables of 申报表 N for one node; ``year`` is the document's budget year."""

    def __init__(self, styles: Styles, year: int):
        self.styles = styles
        self.year = year

    # ---- cells -------------------------------------------------------------------------------
    def label(self, text: str, col: int, span: int = 1, merge=None) -> Cell:
        """A centred label; each line the template wrote ("项目资金\n（元）") a paragraph of its own."""
        lines = text.split("\n") if text else []
        return Cell([self.styles.p(line, self.styles.cell_center) for line in lines], col, span, merge)

    def text(self, text: str, col: int, span: int = 1, valign: str = "MIDDLE") -> Cell:
        return Cell(self.styles.lines(text, self.styles.cell), col, span, valign=valign)

    def amount(self, text: str, col: int, span: int = 1) -> Cell:
        return Cell([self.styles.p(text, self.styles.cell_right)] if text else [], col, span)

    # ---- the form ----------------------------------------------------------------------------
    def title(self, template: Template, number: int) -> str:
        title = template.title.format(year=self.year)
        return f"{title} {number}" if template.numbered else title

    def build(self, node_name: str, form: DeclarationForm, number: int,
              signature: Signature | None) -> list[Flowable]:
        template = template_of(form)
        title = self.title(template, number)
        columns = widths(template.geometry.columns_mm)
        out: list[Flowable] = [self.styles.bold(title, self.styles.title)]
        if template.year_line:
            out.append(self.styles.p(template.year_line.format(year=self.year), self.styles.subtitle))
        if any(template.geometry.unit_line):
            out.append(self.unit_line(template))
        top = self.header_rows(node_name, form, template)
        caption = Caption(self.styles.bold(f"{title}{CONTINUED}", self.styles.title), top[:1], columns)
        grids: list[Grid] = []
        if top:
            grids.append(Grid(top, columns, FRAME_HEIGHT, self.styles.fonts.name))
        if template.goals:
            grids.append(self.goals_grid(form, template, caption))
        if template.indicator_columns:
            grids.append(self.indicator_grid(form, template, None, caption))
        after = self.after_rows(node_name, form, template)
        if after:
            grids.append(Grid(after, columns, FRAME_HEIGHT, self.styles.fonts.name, caption=caption))
        trailer = self.trailer(node_name, form, template, signature)
        if grids and trailer is not None:
            grids[-1].trailer = trailer
        return out + grids

    def unit_line(self, template: Template) -> Flowable:
        """The line above the table: 填报单位:(盖章) on the left, 单位:万元 on the right."""
        left, right = template.geometry.unit_line
        table = Table([[self.styles.p(left, self.styles.signature), self.styles.p(right, self.styles.unit_right)]],
                      colWidths=[FRAME_WIDTH / 2] * 2)
        table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
        return table

    # ---- header and funding rows --------------------------------------------------------------
    def value_text(self, node_name: str, form: DeclarationForm, template: Template, field: Field) -> str:
        """A field's printed value, with the fields joined into its cell (2023.07-2024.01)."""
        text = node_name if field.key == "name" else shown(template, field, form_value(form, field.key))
        for joined in (f for f in template.form_fields if f.join and f.row == field.row and f.pair == field.pair
                       and f.place == field.place and f is not field):
            text += joined.join + shown(template, joined, form_value(form, joined.key))
        return text

    def pair(self, node_name: str, form: DeclarationForm, template: Template, field: Field, slot: Slot) -> list[Cell]:
        value = self.value_text(node_name, form, template, field)
        cell = self.amount if field.type == "amount" else self.text
        return [self.label(field.label, slot.label_col, slot.label_span),
                cell(value, slot.value_col, slot.value_span)]

    def header_rows(self, node_name: str, form: DeclarationForm, template: Template) -> list[Row]:
        """The rows above the goals: header fields and funding cells by row, in the template's pair slots."""
        top = [f for f in template.header + template.funding if f.place == "top" and not f.join]
        funding = set(template.funding_keys)
        labelled = bool(template.funding_label)
        rows = []
        for number in sorted({f.row for f in top}):
            fields = sorted((f for f in top if f.row == number), key=lambda f: f.pair)
            block = labelled and any(f.key in funding for f in fields)
            geometry = template.geometry
            slots = geometry.funding_pairs if block else geometry.pairs[max(f.pair for f in fields) - 1]
            cells = [self.label(template.funding_label, 0, merge="funding")] if block else []
            for field in fields:
                cells += self.pair(node_name, form, template, field, slots[field.pair - 1])
            rows.append(Row(cells))
        return rows

    def after_rows(self, node_name: str, form: DeclarationForm, template: Template) -> list[Row]:
        """Fields printed in rows of their own after the indicator grid (财政部门审核意见)."""
        slot = template.geometry.pairs[0][0] if template.geometry.pairs else Slot(0, 1, 1, 1)
        return [Row(self.pair(node_name, form, template, f, slot))
                for f in template.form_fields if f.place == "after" and not f.join]

    # ---- goals --------------------------------------------------------------------------------
    def goals_grid(self, form: DeclarationForm, template: Template, caption: Caption | None = None) -> Grid:
        """项目绩效目标: side by side under their headers in the template's paper widths, or stacked rows."""
        start, end = goal_years(form, self.year)
        if template.goals_layout == "stacked":
            columns = widths(template.geometry.columns_mm)
            slot = template.geometry.pairs[0][0] if template.geometry.pairs else Slot(0, 1, 1, len(columns) - 1)
            rows = [Row([self.label(goal.label.format(start=start, end=end), slot.label_col, slot.label_span),
                         self.text(str(form_value(form, goal.key)), slot.value_col, slot.value_span)])
                    for goal in template.goals]
            return Grid(rows, columns, FRAME_HEIGHT, self.styles.fonts.name, caption=caption)
        columns = goal_columns(template)
        first = 1 if template.goals_label else 0
        lead = [self.label(template.goals_label, 0, merge="goals")] if template.goals_label else []
        header = Row(lead + [self.label(goal.label.format(start=start, end=end), first + i)
                             for i, goal in enumerate(template.goals)])
        body = Row(lead + [self.text(str(form_value(form, goal.key)), first + i, valign="TOP")
                           for i, goal in enumerate(template.goals)], min_height=GOAL_TEXT_MIN_HEIGHT)
        return Grid([body], columns, FRAME_HEIGHT, self.styles.fonts.name, header=[header], caption=caption)

    # ---- indicators ---------------------------------------------------------------------------
    def indicator_grid(self, form: DeclarationForm, template: Template, trailer: Flowable | None,
                       caption: Caption | None = None) -> Grid:
        columns = widths(template.geometry.grid_columns_mm)
        lead = [self.label(template.indicators_label, 0, merge="indicators")] if template.indicators_label else []
        places = column_places(template)
        header = Row(lead + [self.label(column.label, col, column.span) for column, col in places])
        rows = printed_order(form) if template.grouped else list(form.indicators)
        body = [self.indicator_row(ind, template, lead) for ind in rows]
        if not body:
            body = [Row(list(lead))]
        return Grid(body, columns, FRAME_HEIGHT, self.styles.fonts.name, header=[header], trailer=trailer,
                    caption=caption)

    def indicator_row(self, ind: Indicator, template: Template, lead: list[Cell]) -> Row:
        cells = list(lead)
        for column, col in column_places(template):
            cells.append(self.indicator_cell(ind, template, column, col))
        return Row(cells)

    def indicator_cell(self, ind: Indicator, template: Template, column: Column, col: int) -> Cell:
        key = column.key
        if key in ("level1", "level2"):
            merge = None
            if template.grouped:
                merge = ("level1", ind.level1) if key == "level1" else ("level2", ind.level1, ind.level2)
            return self.label(getattr(ind, key), col, column.span, merge=merge)
        if key == "name":
            return self.text(ind.name, col, column.span)
        if key == "value":
            return self.label(value_part(ind, template, column.part), col, column.span)
        text = ind.extra.get(key, "")
        return (self.text if column.type == "text" else self.label)(text, col, column.span)

    # ---- below the grid -----------------------------------------------------------------------
    def trailer(self, node_name: str, form: DeclarationForm, template: Template,
                signature: Signature | None) -> Flowable | None:
        parts: list[Flowable] = []
        below = [f for f in template.form_fields if f.place == "below" and not f.join]
        if below:
            separator = template.geometry.below_separator
            text = BELOW_GAP.join(f"{f.label}{separator}{self.value_text(node_name, form, template, f)}"
                                  for f in below)
            parts.append(self.styles.p(text, self.styles.below))
        if signature is not None and template.geometry.signature:
            parts.append(self.signature_block(signature))
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else Stack(parts)

    def signature_block(self, signature: Signature) -> Flowable:
        """Three fields to a line, 填报单位（盖章） two slots wide; a blank value leaves room to write."""
        rows: list[list] = []
        row: list = []
        spans = []
        for key, label, value in signature.items():
            width = 2 if key == "unit" else 1
            if len(row) + width > 3:
                rows.append(row + [""] * (3 - len(row)))
                row = []
            if width == 2:
                spans.append(("SPAN", (len(row), len(rows)), (len(row) + 1, len(rows))))
            row.append(self.styles.p(f"{label}：{value or BLANK_LINE}", self.styles.signature))
            row += [""] * (width - 1)
        if row:
            rows.append(row + [""] * (3 - len(row)))
        table = Table(rows or [[""] * 3], colWidths=[FRAME_WIDTH / 3] * 3)
        table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), self.styles.fonts.name),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("TOPPADDING", (0, 0), (-1, -1), 6),
                                   ("VALIGN", (0, 0), (-1, -1), "BOTTOM"), *spans]))
        table.spaceBefore = 12
        return table


class Stack(Flowable):
    """Flowables drawn one under the other as one (a grid's trailer: the line below the form, then signatures)."""

    def __init__(self, parts: list[Flowable]):
        super().__init__()
        self.parts = parts
        self._sizes: list[float] = []

    def getSpaceBefore(self):  # noqa: N802 - reportlab's name
        return self.parts[0].getSpaceBefore()

    def wrap(self, availWidth, availHeight):  # noqa: N803 - reportlab's names
        self._sizes = [part.wrap(availWidth, availHeight)[1] for part in self.parts]
        gaps = sum(part.getSpaceBefore() for part in self.parts[1:])
        self.width, self.height = availWidth, sum(self._sizes) + gaps
        return self.width, self.height

    def draw(self):
        y = self.height
        for i, (part, size) in enumerate(zip(self.parts, self._sizes)):
            if i:
                y -= part.getSpaceBefore()
            y -= size
            part.drawOn(self.canv, 0, y)


def goal_columns(template: Template) -> tuple[float, ...]:
    """Widths (pt) of the side-by-side goals grid: the label column (when there is one), then the goals."""
    goals = [w * mm for w in template.geometry.goal_columns_mm]
    if not template.goals_label:
        return widths(template.geometry.goal_columns_mm)
    label = widths(template.geometry.columns_mm)[0]
    scale = (FRAME_WIDTH - label) / sum(goals)   # a template's widths always fill the frame
    return (label, *(w * scale for w in goals))
