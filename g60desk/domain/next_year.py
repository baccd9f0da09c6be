"""下一年度申报: next year's document made from this year's — the same tree, header, goals, 说明 texts,
indicators and budget lines, with amounts, dates and 指标值 kept or cleared as the clerk chooses.

History, acknowledgements and the submission state are not carried over (they belong to this year's file);
the new document's history says where it came from.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from .model import (
    BudgetLine,
    DeclarationForm,
    Department,
    Document,
    ExtraValue,
    FundingBlock,
    HistoryEntry,
    Indicator,
    Node,
)
from .serialize import digest, short_digest
from .templates import Template, template_of
from .values import IndicatorValue, format_value, parse_value

#: the history entry that says which file a document was made from
DERIVED_KIND = "derived"

AmountChoice = Literal["keep", "clear", "move"]
DateChoice = Literal["shift", "keep", "clear"]
ValueChoice = Literal["keep", "clear_numbers", "clear", "move"]

AMOUNT_CHOICES: dict[str, str] = {"keep": "保留本年度金额", "clear": "清空（项目资金和预算明细的全部金额）",
                                  "move": "移入上年列（如上年预算数），本年度金额清空"}
DATE_CHOICES: dict[str, str] = {"shift": "顺延一年", "keep": "保留原日期", "clear": "清空"}
VALUE_CHOICES: dict[str, str] = {"keep": "保留", "clear_numbers": "清空数值（“完成”“及时”等文字保留）",
                                 "clear": "全部清空",
                                 "move": "移入上年列（如上年实际水平），本年度清空数值"}


@dataclass(frozen=True)
class NextYearOptions:
    """What happens to the figures that change from year to year (the words are always carried over)."""

    amounts: AmountChoice = "keep"
    dates: DateChoice = "shift"
    values: ValueChoice = "keep"
    #: "2026年" → "2027年" in every text the clerk wrote (titles, goals, 说明, budget lines, indicators)
    years_in_text: bool = False


@dataclass
class NextYearReport:
    """What was changed, for the message after the new file is made."""

    forms: int = 0
    amounts_cleared: int = 0
    amounts_moved: int = 0
    values_moved: int = 0
    dates_changed: int = 0
    values_cleared: int = 0
    years_replaced: int = 0

    def describe(self, options: NextYearOptions) -> str:
        """One sentence: what happened to amounts, dates, 指标值 and the years in the texts."""
        amounts = {"keep": "金额保留", "clear": f"金额已清空 {self.amounts_cleared} 处",
                   "move": f"金额移入上年列 {self.amounts_moved} 处，其余清空 {self.amounts_cleared} 处"}
        values = {"keep": "指标值保留", "clear_numbers": f"指标值已清空 {self.values_cleared} 个",
                  "clear": f"指标值已清空 {self.values_cleared} 个",
                  "move": f"指标值移入上年列 {self.values_moved} 个，本年度清空数值 {self.values_cleared} 个"}
        parts = [amounts[options.amounts],
                 (f"日期{DATE_CHOICES[options.dates]}（{self.dates_changed} 处）" if options.dates != "keep"
                  else "日期保留"),
                 values[options.values]]
        if options.years_in_text:
            parts.append(f"文字中的年份改了 {self.years_replaced} 处")
        return "；".join(parts) + "。审核确认记录和报送记录不带入新文件。"


def next_year_document(doc: Document, year: int, source_name: str, options: NextYearOptions,
                       now: datetime | None = None) -> tuple[Document, NextYearReport]:
    """The next year's document (``doc`` is not changed) and a report of what was done to it."""
    new = copy.deepcopy(doc)
    new.budget_year = year
    new.acknowledgements = []
    stamp = (now or datetime.now()).isoformat(timespec="seconds")
    source_digest = digest(doc)
    new.history = [HistoryEntry(time=stamp, kind=DERIVED_KIND, digest=source_digest,
                                detail=f"由“{source_name}”（{doc.budget_year} 年度，校验码 "
                                       f"{short_digest(source_digest)}）生成的 {year} 年度申报")]
    report = NextYearReport()
    shift = year - doc.budget_year
    years = YearWords(doc.budget_year, year) if options.years_in_text else None
    for dept in new.departments:
        _clear_ids(dept)
        if years:
            dept.overview = years.replace(dept.overview)
        for _, node in dept.iter_nodes():
            if years:
                node.name = years.replace(node.name)
            if node.form is not None:
                report.forms += 1
                _next_form(node, options, shift, report, years)
    if years:
        report.years_replaced = years.count
    return new, report


def _clear_ids(dept: Department) -> None:
    """A new file gives every row its own id (the store assigns them)."""
    dept.id = None
    for _, node in dept.iter_nodes():
        node.id = None
        if node.form is not None:
            for indicator in node.form.indicators:
                indicator.id = None
        if node.explanation is not None:
            for group in node.explanation.budget_groups:
                group.id = None
                for line in group.iter_lines():
                    line.id = None


def movable(doc: Document) -> tuple[bool, bool]:
    """Whether any form's template has a last year's column for amounts (funding cell or budget column) and for
    指标值: what the "移入上年列" choices can do for this document."""
    amounts = values = False
    for dept in doc.departments:
        for _, node in dept.iter_nodes():
            if node.form is not None:
                template = template_of(node.form)
                amounts = amounts or bool(template.last_year_funding or template.last_year_budget)
                values = values or bool(template.last_year_indicators)
    return amounts, values


def _next_form(node: Node, options: NextYearOptions, shift: int, report: NextYearReport,
               years: YearWords | None) -> None:
    form: DeclarationForm = node.form  # type: ignore[assignment]
    template = template_of(form)
    if options.amounts != "keep":
        _next_funding(form, template, options.amounts, report)
    for name in ("planned_start", "planned_end"):
        old = getattr(form, name)
        new = _next_date(old, options.dates, shift)
        if new != old:
            report.dates_changed += 1
            setattr(form, name, new)
    for indicator in form.indicators:
        if options.values == "move":
            _move_indicator(indicator, template, report)
        value = _next_value(indicator.value, options.values)
        if value != indicator.value:
            report.values_cleared += 1
            indicator.value = value
    if years:
        for name in ("nature", "category", "supervising_dept", "implementing_unit", "overall_goal", "annual_goal"):
            setattr(form, name, years.replace(getattr(form, name)))
        for indicator in form.indicators:
            indicator.name = years.replace(indicator.name)
            if indicator.value.text:
                indicator.value = IndicatorValue(indicator.value.op, indicator.value.number, indicator.value.unit,
                                                 years.replace(indicator.value.text))
    explanation = node.explanation
    if explanation is None:
        return
    if years:
        for section in explanation.sections.values():
            section.text = years.replace(section.text)
    for group in explanation.budget_groups:
        if years:
            group.title, group.text = years.replace(group.title), years.replace(group.text)
        for line in group.iter_lines():
            if options.amounts != "keep":
                _next_line(line, template, options.amounts, report)
            if years:
                _replace_line_years(line, years)


def _next_funding(form: DeclarationForm, template: Template, choice: AmountChoice, report: NextYearReport) -> None:
    """Every amount of the funding block cleared (the template's own cells too); with "move", this year's amount
    of each cell that has a last year's cell (上年预算安排) goes there."""
    own = [f.key for f in template.funding if f.extra and f.type == "amount"]
    before: dict[str, ExtraValue] = {**form.funding.as_dict(), **{key: form.extra.get(key) for key in own}}
    form.funding = FundingBlock()
    form.extra = {k: v for k, v in form.extra.items() if k not in own}
    moves = template.last_year_funding if choice == "move" else ()
    for holder, source in moves:
        if before.get(source) is not None:
            form.extra[holder] = before[source]
    _count(before, moves, report)


def _next_line(line: BudgetLine, template: Template, choice: AmountChoice, report: NextYearReport) -> None:
    """A budget line's amounts cleared (申报金额 and the template's own amount columns); with "move", each
    amount that has a last year's column (上年预算数) goes there."""
    own = [c.key for c in template.budget_columns if c.extra and c.type == "amount"]
    before: dict[str, ExtraValue] = {"stated_fen": line.stated_fen, **{key: line.extra.get(key) for key in own}}
    if line.stated_fen is None and line.stated_text:   # a typed amount that could not be read is an amount too
        before["stated_fen"] = line.stated_text
    line.stated_fen, line.stated_text = None, ""
    extra: dict[str, ExtraValue] = {k: v for k, v in line.extra.items() if k not in own}
    moves = template.last_year_budget if choice == "move" else ()
    for holder, source in moves:
        value = before.get(source)
        if isinstance(value, int):
            extra[holder] = value
    if extra or line.extra:
        line.extra = extra
    _count(before, tuple((h, s) for h, s in moves if isinstance(before.get(s), int)), report)


def _count(before: dict[str, ExtraValue], moves: tuple[tuple[str, str], ...], report: NextYearReport) -> None:
    moved = {source for _, source in moves if before.get(source) is not None}
    report.amounts_moved += len(moved)
    report.amounts_cleared += sum(value is not None for key, value in before.items() if key not in moved)


def _move_indicator(indicator: Indicator, template: Template, report: NextYearReport) -> None:
    """This year's 指标值 (or the template's own value column) written into its last year's column (上年实际水平);
    the caller then clears this year's numbers."""
    moves = template.last_year_indicators
    if not moves:
        return
    extra = dict(indicator.extra)
    for holder, source in moves:
        if source == "value":
            text = "" if indicator.value.kind == "empty" else format_value(indicator.value, template.value_style)
        else:
            text = extra.get(source, "")
            if text:
                extra[source] = format_value(_next_value(parse_value(text), "clear_numbers"), template.value_style)
        if text:
            extra[holder] = text
            report.values_moved += 1
        else:
            extra.pop(holder, None)
    indicator.extra = {k: v for k, v in extra.items() if v}


def _replace_line_years(line: BudgetLine, years: YearWords) -> None:
    line.label, line.basis = years.replace(line.label), years.replace(line.basis)
    line.remark, line.ending = years.replace(line.remark), years.replace(line.ending)


def _next_date(value: date | None, choice: DateChoice, shift: int) -> date | None:
    if value is None or choice == "keep":
        return value
    if choice == "clear":
        return None
    try:
        return value.replace(year=value.year + shift)
    except ValueError:       # 29 February into a year without it
        return value.replace(year=value.year + shift, day=28)


def _next_value(value: IndicatorValue, choice: ValueChoice) -> IndicatorValue:
    if choice == "keep" or value.kind == "empty":
        return value
    if choice == "clear" or value.kind == "quantitative":
        return IndicatorValue.empty()
    return value   # clear_numbers keeps the qualitative words (完成, 及时, 有效)


class YearWords:
    """"2026年" (also "2026 年", "2026年度") → "2027年" in a text, counted; other numbers are left alone."""

    def __init__(self, old: int, new: int):
        self._pattern = re.compile(rf"(?<![0-9０-９]){old}(\s*年)")
        self._new = str(new)
        self.count = 0

    def replace(self, text: str) -> str:
        if not text:
            return text
        result, n = self._pattern.subn(lambda m: self._new + m.group(1), text)
        self.count += n
        return result
