"""项目经费情况说明 N and 绩效目标设置情况 as flowables: headings, section texts, the budget lines of 六.

Budget lines print in the clerk's own words (domain/wording.py): "（1）保洁服务：2名保洁员，每月9000元，
全年合计0.9*12=10.8万；" is the clerk's label, basis, formula, amount and ending, joined as typed.
"""
from __future__ import annotations

from reportlab.platypus import CondPageBreak, Flowable

from ..domain.model import SECTION_KEYS, Department, FundingExplanation
from ..domain.templates import Template
from ..domain.vocabulary import SECTION_HEADINGS
from ..domain.wording import budget_paragraphs
from .styles import BODY_LEADING, Styles

EXPLANATION_TITLE = "项目经费情况说明"
OVERVIEW_TITLE = "绩效目标设置情况"
#: lines of its text a heading keeps with it at the foot of a page
HEADING_KEEP_LINES = 3


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

    def build(self, explanation: FundingExplanation, number: int, template: Template) -> list[Flowable]:
        """项目经费情况说明 N: each section the clerk wrote something in, under its heading. A section left
        empty prints nothing — not even its heading (docs/printing.md: the paper carries only what the clerk
        wrote; 审核 names the empty sections)."""
        s = self.styles
        story: list[Flowable] = [s.bold(f"{EXPLANATION_TITLE} {number}", s.title)]
        for key in SECTION_KEYS:
            section = explanation.sections[key]
            body = s.lines(section.text, s.body)
            if key == "budget":
                body += self.budget_groups(explanation, template.budget_unit)
            if not body:
                continue
            heading = s.bold(section.heading or SECTION_HEADINGS[key], s.heading)
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
