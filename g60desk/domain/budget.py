"""The budget arithmetic of 六、年度预算安排: a line's amount, a group's, a node's; stated vs computed.

Every layer asks here — the window's grid and sum lines, 审核, printing, Excel and the 汇总 — so a line
counts the same everywhere. The one rule (:func:`amount_of`): a line adds its **stated** amount (the
amount the clerk typed); without one, the sum of its **sub-lines**; without sub-lines, its **formula's**
value rounded 四舍五入 to 分; without a formula (or with one that cannot be computed), 0.

Formula values are exact: (numerator, denominator) in 分, because "0.3276*12" 万元 is 39,312 元 exactly
but "100/3" 元 is not a whole number of 分. Nothing here is ever a float.
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from .formula import MAX_FORMULA_CHARS, FormulaError, evaluate_fen
from .model import BudgetGroup, BudgetLine, FundingExplanation
from .money import FEN_PER_WAN, FEN_PER_YUAN

__all__ = [
    "Exact",
    "amount_of",
    "budget_total_fen",
    "children_total_fen",
    "computed_fen",
    "difference_fen",
    "exact_round",
    "formula_fen",
    "group_total_fen",
    "line_amount_fen",
    "line_formula_fen",
]

#: An exact amount in 分 as (numerator, denominator > 0).
Exact = tuple[int, int]

_FEN_PER_UNIT = {"wan": FEN_PER_WAN, "yuan": FEN_PER_YUAN}
#: Fast-path results at or above 10^15 分 go through the evaluator (which says why they are too large).
_SIMPLE_LIMIT = 10**15
_POWERS = tuple(10**places for places in range(MAX_FORMULA_CHARS + 1))
_LIMITS = tuple(_SIMPLE_LIMIT * power for power in _POWERS)


def exact_round(value: Exact, step: int) -> int:
    """``value`` rounded 四舍五入 (halves away from zero) to a multiple of ``step`` 分."""
    numerator, denominator = value
    size = denominator * step
    steps, remainder = divmod(abs(numerator), size)
    if 2 * remainder >= size:
        steps += 1
    return (-steps if numerator < 0 else steps) * step


@lru_cache(maxsize=16384)
def formula_fen(formula: str, unit: str) -> Exact | str:
    """Exact value of a budget-line formula in 分, or the evaluator's message when it cannot be read.

    A plain product of two or three ASCII decimal numbers ("0.3276*12", "1469*16*12"), the shape of nearly
    every real formula, is worked out directly with the same exact result as :func:`evaluate_fen`; anything
    else (units, thousands separators, full-width characters, other operators) goes to the evaluator."""
    fen_per_unit = _FEN_PER_UNIT.get(unit)
    if fen_per_unit is None:
        return f"公式“{formula}”的单位“{unit}”无法识别。"
    if len(formula) <= MAX_FORMULA_CHARS and formula.isascii():
        parts = formula.split("*")
        if 2 <= len(parts) <= 3:
            numerator, places = fen_per_unit, 0
            for part in parts:
                if part.isdigit():  # ASCII digits only (checked above), at least one
                    numerator *= int(part)
                else:
                    whole, _, fraction = part.partition(".")
                    if not (whole.isdigit() and fraction.isdigit()):
                        break
                    numerator *= int(whole + fraction)
                    places += len(fraction)
            else:
                if numerator < _LIMITS[places]:
                    return numerator, _POWERS[places]
    try:
        value = evaluate_fen(formula, unit)
        return value.numerator, value.denominator
    except FormulaError as exc:
        return exc.message
    except (ArithmeticError, ValueError, RecursionError) as exc:
        return f"公式无法计算（{exc}）。"


def line_formula_fen(line: BudgetLine) -> Exact | str | None:
    """The line's formula value: None without a formula, the message when it cannot be computed."""
    formula = line.formula
    if not formula or formula.isspace():
        return None
    return formula_fen(formula, line.formula_unit)


def amount_of(stated: int | None, children_total: int | None, value: Exact | str | None) -> int:
    """The one rule: what a line adds to its total, from its stated amount, the sum of its sub-lines
    (None when it has none) and its formula's value (:func:`line_formula_fen`)."""
    if stated is not None:
        return stated
    if children_total is not None:
        return children_total
    if value.__class__ is tuple:
        return exact_round(value, 1)
    return 0


def children_total_fen(line: BudgetLine) -> int:
    """The sum of a line's sub-lines, each counted by :func:`line_amount_fen`."""
    return sum(line_amount_fen(child) for child in line.children)


def line_amount_fen(line: BudgetLine) -> int:
    """What ``line`` adds to its group (see :func:`amount_of`)."""
    if line.stated_fen is not None:
        return line.stated_fen
    children = children_total_fen(line) if line.children else None
    return amount_of(None, children, None if children is not None else line_formula_fen(line))


def lines_total_fen(lines: Iterable[BudgetLine]) -> int:
    return sum(line_amount_fen(line) for line in lines)


def group_total_fen(group: BudgetGroup) -> int:
    """一、二、… group: the sum of its lines."""
    return lines_total_fen(group.lines)


def budget_total_fen(explanation: FundingExplanation | None) -> int:
    """六、年度预算安排合计 of a node: the sum of its groups (0 without an explanation)."""
    if explanation is None:
        return 0
    return sum(group_total_fen(group) for group in explanation.budget_groups)


def computed_fen(line: BudgetLine) -> int | None:
    """The formula's value rounded to whole 分; None without a formula or when it cannot be computed."""
    value = line_formula_fen(line)
    return exact_round(value, 1) if value.__class__ is tuple else None


def difference_fen(line: BudgetLine) -> int | None:
    """Stated minus computed (both rounded to 分); None unless the line has both."""
    computed = computed_fen(line)
    if computed is None or line.stated_fen is None:
        return None
    return line.stated_fen - computed
