"""The 申报表 of one declared node as flowables: title, header and funding rows, goals, indicator grid.

The grid is DESIGN.md Appendix A (six columns, 项目资金（元） spanning four rows, 绩效指标 spanning the
indicator rows with 一级/二级 cells merged); the template decides the words and the print styles.
"""
from __future__ import annotations

from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table, TableStyle

from ..domain.frameworks import FRAMEWORKS
from ..domain.model import DeclarationForm, Indicator
from ..domain.money import format_yuan
from ..domain.templates import Template, get_template
from ..domain.values import format_value
from ..domain.vocabulary import FIELD_LABELS
from .grid import Caption, Cell, Grid, Row
from .options import Signature
from .styles import FORM_COLUMNS, FRAME_HEIGHT, FRAME_WIDTH, Styles

#: header fields grouped into printed rows; a template's fields outside these follow two per row
HEADER_ROWS: tuple[tuple[str, ...], ...] = (
    ("name", "nature", "category"),
    ("supervising_dept", "implementing_unit"),
    ("planned_start", "planned_end"),
)
#: (column, span) of each label/value pair for rows of one, two and three pairs
PAIR_SLOTS = {
    1: (((0, 1), (1, 5)),),
    2: (((0, 1), (1, 1)), ((2, 1), (3, 3))),
    3: (((0, 1), (1, 1)), ((2, 1), (3, 1)), ((4, 1), (5, 1))),
}
#: the funding block: (left field, right field) per row; None leaves both cells of that side empty
FUNDING_ROWS = (
    ("project_total_fen", "annual_request_fen"),
    ("fiscal_fen", "appropriation_fen"),
    (None, "carryover_fen"),
    ("other_fen", "annual_other_fen"),
)
FUNDING_LABEL = ("项目资金", "（元）")
GOALS_LABEL = "项目绩效目标"
INDICATORS_LABEL = "绩效指标"
INDICATOR_HEADERS = (FIELD_LABELS["level1"], FIELD_LABELS["level2"], FIELD_LABELS["indicator_name"])
GOAL_TEXT_MIN_HEIGHT = 60
BLANK_LINE = "_" * 16
#: after the form's title on a page that continues the form
CONTINUED = "（续）"


class FormBuilder:
    """Builds the flowables of 申报表 N for one node; ``year`` is the document's budget year."""

    def __init__(self, styles: Styles, year: int):
        self.styles = styles
        self.year = year

    # ---- cells -------------------------------------------------------------------------------
    def label(self, text: str, col: int, span: int = 1, merge=None) -> Cell:
        return Cell([self.styles.p(text, self.styles.cell_center)] if text else [], col, span, merge)

    def text(self, text: str, col: int, span: int = 1, valign: str = "MIDDLE") -> Cell:
        return Cell(self.styles.lines(text, self.styles.cell), col, span, valign=valign)

    def amount(self, text: str, col: int, span: int = 1) -> Cell:
        return Cell([self.styles.p(text, self.styles.cell_right)] if text else [], col, span)

    # ---- the form ----------------------------------------------------------------------------
    def build(self, node_name: str, form: DeclarationForm, number: int,
              signature: Signature | None) -> list[Flowable]:
        template = get_template(form.template)
        title = self.styles.bold(f"{template.form_title} {number}", self.styles.title)
        year_line = self.styles.p(template.year_line.format(year=self.year), self.styles.subtitle)
        trailer = self.signature_block(signature) if signature is not None else None
        caption = Caption(self.styles.bold(f"{template.form_title} {number}{CONTINUED}", self.styles.title),
                          self.header_rows(node_name, form, template)[:1], FORM_COLUMNS)
        return [
            title, year_line,
            Grid(self.header_rows(node_name, form, template) + self.funding_rows(form, template),
                 FORM_COLUMNS, FRAME_HEIGHT, self.styles.fonts.name),
            self.goals_grid(form, template, caption),
            self.indicator_grid(form, template, trailer, caption),
        ]

    def header_rows(self, node_name: str, form: DeclarationForm, template: Template) -> list[Row]:
        wanted = list(template.header_fields)
        groups = [[f for f in group if f in wanted] for group in HEADER_ROWS]
        known = {f for group in HEADER_ROWS for f in group}
        extra = [f for f in wanted if f not in known]
        groups += [extra[i:i + 2] for i in range(0, len(extra), 2)]
        rows = []
        for group in (g for g in groups if g):
            cells = []
            for field_name, ((label_col, label_span), (value_col, value_span)) in zip(group, PAIR_SLOTS[len(group)]):
                cells.append(self.label(FIELD_LABELS.get(field_name, field_name), label_col, label_span))
                cells.append(self.text(header_value(node_name, form, field_name), value_col, value_span))
            rows.append(Row(cells))
        return rows

    def funding_rows(self, form: DeclarationForm, template: Template) -> list[Row]:
        funding = form.funding
        rows = []
        for left, right in FUNDING_ROWS:
            cells = [Cell([self.styles.p(t, self.styles.cell_center) for t in FUNDING_LABEL], 0,
                          merge="funding")]
            for field_name, label_col, amount_col, amount_span in ((left, 1, 2, 1), (right, 3, 4, 2)):
                if field_name is None:
                    continue
                cells.append(self.label(FIELD_LABELS[field_name], label_col))
                cells.append(self.amount(format_yuan(getattr(funding, field_name), template.amount_style),
                                         amount_col, amount_span))
            rows.append(Row(cells))
        return rows

    def goals_grid(self, form: DeclarationForm, template: Template, caption: Caption | None = None) -> Grid:
        """项目绩效目标: the label, then 项目总目标 and 年度总体目标 in the template's paper widths."""
        start, end = goal_years(form, self.year)
        widths = goal_columns(template)
        header = Row([
            self.label(GOALS_LABEL, 0, merge="goals"),
            self.label(template.overall_goal_header.format(start=start, end=end), 1),
            self.label(template.annual_goal_header.format(start=start, end=end), 2),
        ])
        body = Row([
            self.label(GOALS_LABEL, 0, merge="goals"),
            self.text(form.overall_goal, 1, valign="TOP"),
            self.text(form.annual_goal, 2, valign="TOP"),
        ], min_height=GOAL_TEXT_MIN_HEIGHT)
        return Grid([body], widths, FRAME_HEIGHT, self.styles.fonts.name, header=[header], caption=caption)

    def indicator_grid(self, form: DeclarationForm, template: Template, trailer: Flowable | None,
                       caption: Caption | None = None) -> Grid:
        header = Row([self.label(INDICATORS_LABEL, 0, merge="indicators")]
                     + [self.label(text, col) for col, text in enumerate(INDICATOR_HEADERS, start=1)]
                     + [self.label(template.value_header, 4, 2)])
        body = [self.indicator_row(ind, template) for ind in printed_order(form)]
        if not body:
            body = [Row([self.label(INDICATORS_LABEL, 0, merge="indicators")])]
        return Grid(body, FORM_COLUMNS, FRAME_HEIGHT, self.styles.fonts.name, header=[header], trailer=trailer,
                    caption=caption)

    def indicator_row(self, ind: Indicator, template: Template) -> Row:
        value = format_value(ind.value, template.value_style)
        return Row([
            self.label(INDICATORS_LABEL, 0, merge="indicators"),
            self.label(ind.level1, 1, merge=("level1", ind.level1)),
            self.label(ind.level2, 2, merge=("level2", ind.level1, ind.level2)),
            self.text(ind.name, 3),
            self.label(value, 4, 2),
        ])

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


def goal_columns(template: Template) -> tuple[float, float, float]:
    """Widths (pt) of the goals grid: the 项目绩效目标 label column, 项目总目标, 年度总体目标."""
    overall, annual = (w * mm for w in template.goal_widths_mm)
    label = FORM_COLUMNS[0]
    scale = (FRAME_WIDTH - label) / (overall + annual)   # a template's widths always fill the frame
    return label, overall * scale, annual * scale


def header_value(node_name: str, form: DeclarationForm, field_name: str) -> str:
    if field_name == "name":
        return node_name
    value = getattr(form, field_name, "")
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def goal_years(form: DeclarationForm, year: int) -> tuple[int, int]:
    """The years of the planned dates for "项目总目标（2022 年- 2022 年）", the budget year when blank."""
    start = form.planned_start.year if form.planned_start else year
    end = form.planned_end.year if form.planned_end else year
    return start, end


def printed_order(form: DeclarationForm) -> list[Indicator]:
    """Indicators grouped in the framework's order (一级, then 二级), rows of a group in entry order."""
    framework = FRAMEWORKS.get(form.framework)
    if framework is None:
        return list(form.indicators)
    return sorted(form.indicators, key=lambda ind: framework.order_key(ind.level1, ind.level2))
