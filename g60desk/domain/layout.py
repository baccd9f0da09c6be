"""What the printed form and the Excel sheet lay out alike: rows in printed order, where each indicator column
starts, a value printed whole or in parts, the years of the goal headers."""
from __future__ import annotations

from .model import DeclarationForm, Indicator
from .templates import Column, Template, framework_of
from .values import format_value


def printed_order(form: DeclarationForm) -> list[Indicator]:
    """Indicators grouped in the framework's order (一级, then 二级), rows of a group in entry order."""
    framework = framework_of(form)
    if framework is None:
        return list(form.indicators)
    return sorted(form.indicators, key=lambda ind: framework.order_key(ind.level1, ind.level2))


def column_places(template: Template) -> list[tuple[Column, int]]:
    """Each indicator column with the paper column it starts at (after the 绩效指标 label column, if any)."""
    places = []
    col = 1 if template.indicators_label else 0
    for column in template.indicator_columns:
        places.append((column, col))
        col += column.span
    return places


def value_part(ind: Indicator, template: Template, part: str) -> str:
    """The indicator value as the template prints it, or one part of it (op, number, unit) in a column of its own;
    a qualitative value goes in the number column."""
    value = ind.value
    if not part:
        return format_value(value, template.value_style)
    if part == "op":
        return value.op or ""
    if part == "number":
        return value.number if value.number is not None else value.text
    return value.unit


def goal_years(form: DeclarationForm, year: int) -> tuple[int, int]:
    """The years of the planned dates for "项目总目标（2022 年- 2022 年）", the budget year when blank."""
    start = form.planned_start.year if form.planned_start else year
    end = form.planned_end.year if form.planned_end else year
    return start, end
