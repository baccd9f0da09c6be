"""项目经费情况说明 N and 绩效目标设置情况 as flowables: headings, section texts, the budget lines of 六.

Budget lines print in the clerk's own words (domain/wording.py): "（1）保洁服务：2名保洁员，每月9000元，
全年合计0.9*12=10.8万；" is the clerk's label, basis, formula, amount and ending, joined as typed.
"""
from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer

from ..domain.model import Department, ExtraValue, FundingExplanation
from ..domain.templates import Template
from ..domain.wording import budget_paragraphs, budget_table_rows
from .grid import Cell, Grid, Row
from .styles import BODY_LEADING, FRAME_HEIGHT, FRAME_WIDTH, Styles

EXPLANATION_TITLE = "项目经费情况说明"
OVERVIEW_TITLE = "绩效目标设置情况"
#: lines of its text a heading keeps with it at the foot of a page
HEADING_KEEP_LINES = 3
#: how the page is shared out among budget columns a template gives no widths (budget_columns_mm) for
BUDGET_COLUMN_WEIGHTS = {"label": 3.0, "basis": 4.0, "formula": 3.0, "stated_fen": 2.0, "remark": 2.0}


def budget_widths_mm(template: Template) -> tuple[float, ...]:
    """The budget table's column widths: the template's budget_columns_mm, else the page shared by weights (an
    amount column of its own like 申报金额, a text column like 备注)."""
    if template.geometry.budget_columns_mm:
        return template.geometry.budget_columns_mm
    weights = [BUDGET_COLUMN_WEIGHTS.get(c.key, 2.0 if c.type == "amount" else 2.5) for c in template.budget_columns]
    page = FRAME_WIDTH / mm
    return tuple(page * w / sum(weights) for w in weights)


class KeepHeading(CondPageBreak):
    """Before a heading: a new page unless the heading and the first lines of its text fit here."""

    def __init__(self, heading: Flowable, text: Flowable | None):
        super().__init__(0)
        self.heading = heading
        self.text = text

    def wrap(self, availWidth, availHeight):  # noqa: N803 - reportlab's names
        need = self.heading.wrap(availWidth, availHeight)[1] + self.heading.getSpaceBefore()
        if self.text is not None:
            text_height = self.text.wrap(availWidth, availHeight)[1] + self.heading.getSpaceAfter()
            need += min(text_height, HEADING_KEEP_LINES * BODY_LEADING)
        self.height = need
        return super().wrap(availWidth, availHeight)


def first_text(story: list[Flowable]) -> Flowable | None:
    return next((f for f in story if not isinstance(f, CondPageBreak)), None)


class ExplanationBuilder:
    def __init__(self, styles: Styles):
        self.styles = styles

    def build(self, explanation: FundingExplanation, number: int, template: Template,
              extra: dict[str, ExtraValue] | None = None) -> list[Flowable]:
        """项目经费情况说明 N: each section of the template the clerk wrote something in, under its heading. A
        section left empty prints nothing — not even its heading (docs/printing.md: the paper carries only what
        the clerk wrote; 审核 names the empty sections). ``extra``: the form's own fields (sections the template
        adds)."""
        s = self.styles
        story: list[Flowable] = [s.bold(f"{EXPLANATION_TITLE} {number}", s.title)]
        for declared in template.sections:
            key = declared.key
            section = explanation.sections.get(key)
            text = section.text if section is not None else str((extra or {}).get(key) or "")
            body = s.lines(text, s.body)
            if key == "budget" and template.budget_layout == "table":
                body += self.budget_table(explanation, template)
            elif key == "budget":
                body += self.budget_groups(explanation, template.budget_unit)
            if not body:
                continue
            heading = s.bold((section.heading if section is not None else None) or declared.heading, s.heading)
            story += [KeepHeading(heading, first_text(body)), heading, *body]
        return story

    def budget_groups(self, explanation: FundingExplanation, unit: str) -> list[Flowable]:
        """六's groups and lines in the clerk's wording (domain/wording.py); a title keeps its first lines."""
        s = self.styles
        paragraphs = budget_paragraphs(explanation, unit)
        flowables = [s.p(p.text, s.indented(p.depth)) for p in paragraphs]
        story: list[Flowable] = []
        for i, (paragraph, flowable) in enumerate(zip(paragraphs, flowables)):
            if paragraph.kind == "title":
                story.append(KeepHeading(flowable, flowables[i + 1] if i + 1 < len(flowables) else None))
            story.append(flowable)
        return story

    def budget_table(self, explanation: FundingExplanation, template: Template) -> list[Flowable]:
        """六's lines as a table of the template's budget columns (domain/wording.budget_table_rows), the column
        labels repeated at the top of each page it runs onto; nothing when there are no groups."""
        if not explanation.budget_groups:
            return []
        s = self.styles
        columns = template.budget_columns
        widths = budget_widths_mm(template)
        right = {i for i, c in enumerate(columns) if c.key == "stated_fen" or c.type == "amount"}

        def cell(text: str, col: int, depth: int = 0) -> Cell:
            style = s.cell_right if col in right else s.cell
            if col == 0 and depth:
                style = s.cell_indented(depth)
            return Cell(s.lines(text, style), col, valign="TOP")

        header = Row([Cell(s.lines(c.label, s.cell_center), i) for i, c in enumerate(columns)])
        rows = []
        for row in budget_table_rows(explanation, columns, template.budget_unit):
            if row.kind == "line":
                rows.append(Row([cell(text, i, row.depth) for i, text in enumerate(row.cells)]))
            else:
                rows.append(Row([Cell(s.lines(row.cells[0], s.cell), 0, span=len(columns), valign="TOP")]))
        return [Spacer(0, 2), Grid(rows, [w * mm for w in widths], FRAME_HEIGHT, s.fonts.name, header=[header])]

    def overview(self, dept: Department, year: int, template: Template) -> list[Flowable]:
        """绩效目标设置情况 as the department wrote it; nothing when it is blank (the window proposes the
        derived paragraph for the clerk to accept — it never goes on paper unasked)."""
        if not dept.overview.strip():
            return []
        s = self.styles
        story: list[Flowable] = []
        title = template.document_title
        if title:
            story.append(s.bold(title.format(department=dept.name, year=year), s.title))
        story.append(s.bold(OVERVIEW_TITLE, s.heading_center))
        story += s.lines(dept.overview.strip(), s.body)
        return story
