"""项目经费情况说明 N and 绩效目标设置情况 as flowables: headings, section texts, the budget lines of 六.

A budget line prints as the documents write them: "（1）保洁服务：2名保洁员，每月9000元，0.9*12=10.8万元；"
with sub-lines indented below their line ("①…"), the last line of a group ending in "。".
"""
from __future__ import annotations

from reportlab.platypus import CondPageBreak, Flowable

from ..domain.model import SECTION_KEYS, BudgetGroup, BudgetLine, Department, FundingExplanation
from ..domain.money import format_wan_exact, format_yuan
from ..domain.summary import derived_overview
from ..domain.templates import Template
from ..domain.vocabulary import SECTION_HEADINGS, chinese_number
from . import _reportlab  # noqa: F401 - first: reportlab.platypus without its slow URL pattern
from .styles import BODY_LEADING, Styles

EXPLANATION_TITLE = "项目经费情况说明"
OVERVIEW_TITLE = "绩效目标设置情况"
#: the title above 绩效目标设置情况 per template (the 2026 document prints one, the 2022 one none);
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
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


def money_text(fen: int | None, unit: str) -> str:
    """A budget amount as the explanation prints it: exact 万元 ("10.8万元") or 元 ("282,048.00元")."""
    if fen is None:
        return ""
    if unit == "yuan":
        return f"{format_yuan(fen, 'thousands2')}元"
    return f"{format_wan_exact(fen)}万元"


def line_number(index: int, depth: int) -> str:
    if depth == 0:
        return f"（{index}）"
    return CIRCLED[index - 1] if index <= len(CIRCLED) else f"({index})"


def line_body(line: BudgetLine, unit: str) -> str:
    """basis, formula = amount, as one phrase: "每月3276元，0.3276*12=3.9万元"."""
    amount = money_text(line.stated_fen, unit)
    if line.formula:
        calc = f"{line.formula}={amount}" if amount else line.formula
        return f"{line.basis}，{calc}" if line.basis else calc
    return f"{line.basis}{amount}"


def line_text(line: BudgetLine, number: str, unit: str, end: str) -> str:
    body = line_body(line, unit)
    head = f"{number}{line.label}"
    text = f"{head}：{body}" if line.label and body else head + body
    if line.remark:
        text += f"（{line.remark}）"
    return text + ("，其中：" if line.children else end)


def group_lines(group: BudgetGroup, unit: str) -> list[tuple[int, str]]:
    """(depth, text) of every line of a group in printed order; a lone unlabelled line has no number."""
    out: list[tuple[int, str]] = []
    numbered = len(group.lines) > 1 or any(line.label for line in group.lines)

    def walk(lines: list[BudgetLine], depth: int) -> None:
        for i, line in enumerate(lines, start=1):
            number = line_number(i, depth) if (numbered or depth) else ""
            out.append((depth, line_text(line, number, unit, "；")))
            walk(line.children, depth + 1)

    walk(group.lines, 0)
    if out:
        depth, text = out[-1]
        if text.endswith("；"):
            out[-1] = (depth, text[:-1] + "。")
    return out


def first_text(story: list[Flowable]) -> Flowable | None:
    return next((f for f in story if not isinstance(f, CondPageBreak)), None)


class ExplanationBuilder:
    def __init__(self, styles: Styles):
        self.styles = styles

    def build(self, explanation: FundingExplanation, number: int, template: Template) -> list[Flowable]:
        s = self.styles
        story: list[Flowable] = [s.bold(f"{EXPLANATION_TITLE} {number}", s.title)]
        for key in SECTION_KEYS:
            section = explanation.sections[key]
            heading = s.bold(section.heading or SECTION_HEADINGS[key], s.heading)
            body = s.lines(section.text, s.body)
            if key == "budget":
                body += self.budget_groups(explanation.budget_groups, template.budget_unit)
            story += [KeepHeading(heading, first_text(body)), heading, *body]
        return story

    def budget_groups(self, groups: list[BudgetGroup], unit: str) -> list[Flowable]:
        s = self.styles
        story: list[Flowable] = []
        for i, group in enumerate(groups, start=1):
            title = s.p(f"{chinese_number(i)}、{group.title}", s.body)
            body = s.lines(group.text, s.body)
            body += [s.p(text, s.indented(depth)) for depth, text in group_lines(group, unit)]
            story += [KeepHeading(title, first_text(body)), title, *body]
        return story

    def overview(self, dept: Department, year: int, template: Template) -> list[Flowable]:
        s = self.styles
        story: list[Flowable] = []
        title = template.document_title
        if title:
            story.append(s.bold(title.format(department=dept.name, year=year), s.title))
        story.append(s.bold(OVERVIEW_TITLE, s.heading_center))
        story += s.lines(dept.overview.strip() or derived_overview(dept, year), s.body)
        return story
