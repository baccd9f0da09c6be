"""The evidence of a finding: the cells a rule read, each with its value as the form prints it.

A reviewer checks a finding without the program by looking at these cells; ``check --json`` lists them as
``operands``. Built only when a rule reports something, never for a form that is right.
"""
from __future__ import annotations

from ..domain.model import BudgetLine, DeclarationForm
from ..domain.templates import TEMPLATES
from ..domain.values import IndicatorValue, format_value
from .amounts import Exact, wan_unit, yuan
from .findings import Operand
from .places import indicator_field, line_field

__all__ = ["BLANK", "Operand", "amount", "funding", "indicator", "line", "line_field", "text", "text_value",
           "value_text"]

BLANK = "（空白）"


def _value_style(template_id: str) -> str:
    template = TEMPLATES.get(template_id)
    return template.value_style if template is not None else "2026"


def value_text(value: IndicatorValue, template_id: str) -> str:
    """An indicator value as the form prints it (``≤2.50(万元/次)``, ``>=85%``, ``完成``); blank as （空白）."""
    return format_value(value, _value_style(template_id)) or BLANK


def text_value(text: str | None, limit: int = 60) -> str:
    """A text cell shown in one line, long texts cut with …; blank as （空白）."""
    shown = " ".join((text or "").split())
    if not shown:
        return BLANK
    return shown if len(shown) <= limit else shown[:limit] + "…"


def funding(form: DeclarationForm, name: str, path: tuple[str, ...] = ()) -> Operand:
    """A cell of 项目资金（元）: ``780,000.00 元`` or （空白）."""
    fen = getattr(form.funding, name)
    return Operand(name, BLANK if fen is None else yuan(fen, form.template), path)


def indicator(form: DeclarationForm, row: int, column: str = "value") -> Operand:
    """A cell of the 绩效指标 grid."""
    ind = form.indicators[row]
    if column == "value":
        return Operand(indicator_field(row, column), value_text(ind.value, form.template))
    return Operand(indicator_field(row, column), text_value(getattr(ind, column)))


def line(group: int, indices: tuple[int, ...], budget_line: BudgetLine, column: str = "stated_fen") -> Operand:
    """A cell of a budget line: its amount in 万元, or its text."""
    field = line_field(group, indices, column)
    if column == "stated_fen":
        fen = budget_line.stated_fen
        return Operand(field, BLANK if fen is None else wan_unit(fen))
    return Operand(field, text_value(getattr(budget_line, column)))


def amount(field: str | None, fen: int | Exact, path: tuple[str, ...] = ()) -> Operand:
    """An amount worked out or read from text, shown in 万元."""
    return Operand(field, wan_unit(fen), path)


def text(field: str | None, value: str | None, path: tuple[str, ...] = (), limit: int = 60) -> Operand:
    return Operand(field, text_value(value, limit), path)
