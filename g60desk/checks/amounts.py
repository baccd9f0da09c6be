"""Money as the checks compare and show it: the rounding tolerance, 万元/元 display, formulas, amounts in prose.

Tolerance (DESIGN.md §3–4): amounts are exact int 分. A figure written in 万元 with two decimals is
correct when it equals the exact amount rounded 四舍五入 (ROUND_HALF_UP) to 0.01 万元. Two figures that
differ by at most one such step (0.01 万元 = 100 元 = 10,000 分) differ by rounding: at most a 提示.
More than one step is a real difference.
"""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from ..domain.formula import MAX_FORMULA_CHARS, FormulaError, evaluate_fen
from ..domain.money import FEN_PER_WAN, FEN_PER_YUAN, format_yuan, parse_money
from ..domain.templates import TEMPLATES
from ..domain.textnorm import ParseError, normalize

#: One rounding step of a 万元 figure with two decimals: 0.01 万元 in 分.
STEP_FEN = FEN_PER_WAN // 100

#: An exact amount in 分 as (numerator, denominator > 0): formula results need not be whole 分.
Exact = tuple[int, int]


def exact_round(value: Exact, step: int) -> int:
    """``value`` rounded 四舍五入 (halves away from zero) to a multiple of ``step`` 分."""
    numerator, denominator = value
    size = denominator * step
    steps, remainder = divmod(abs(numerator), size)
    if 2 * remainder >= size:
        steps += 1
    return (-steps if numerator < 0 else steps) * step


def exact_minus(value: Exact, fen: int) -> Exact:
    """``value - fen`` as an exact pair."""
    return value[0] - fen * value[1], value[1]


def to_fen(value: int | Exact | Decimal) -> int:
    """Any amount rounded 四舍五入 to whole 分."""
    if isinstance(value, tuple):
        return exact_round(value, 1)
    if isinstance(value, Decimal):
        return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return value


def within_step(diff_fen: int | Decimal) -> bool:
    """True when a nonzero difference is no more than one 0.01 万元 rounding step."""
    return -STEP_FEN <= diff_fen <= STEP_FEN


def exact_within_step(diff: Exact) -> bool:
    return abs(diff[0]) <= STEP_FEN * diff[1]


def wan(fen: int | Exact | Decimal) -> str:
    """分 → 万元 text as the clerk reads it: ``85.00``, ``1,058.00``, ``23.965``, ``28.2048``.

    Two decimals when exact, else every decimal down to 1 分 (rounded 四舍五入 to 分), thousands grouped.
    """
    fen = to_fen(fen)
    sign = "-" if fen < 0 else ""
    whole, part = divmod(abs(fen), FEN_PER_WAN)
    decimals = f"{part:06d}".rstrip("0")
    decimals = decimals.ljust(2, "0")
    return f"{sign}{whole:,}.{decimals}"


def wan_unit(fen: int | Exact | Decimal) -> str:
    return f"{wan(fen)} 万元"


def yuan(fen: int, template_id: str = "上海2026") -> str:
    """分 → 元 text in the style the form prints (780,000.00 or 10580000), with the unit."""
    template = TEMPLATES.get(template_id)
    style = template.amount_style if template is not None else "thousands2"
    return f"{format_yuan(fen, style)} 元"


def yuan_and_wan(fen: int, template_id: str) -> str:
    """An amount of the form beside 万元 figures: ``78.00 万元（780,000.00 元）``."""
    return f"{wan_unit(fen)}（{yuan(fen, template_id)}）"


#: Money units an indicator value (a cost ceiling) may be written in, in 分 per unit. "万" alone is read as
#: 万元 (and flagged by F-IND-06).
MONEY_UNITS: dict[str, int] = {"万元": 1_000_000, "万": 1_000_000, "元": 100, "千元": 100_000,
                               "百万元": 100_000_000, "亿元": 10_000_000_000}


def money_unit(unit: str) -> tuple[int, str | None] | None:
    """A compacted unit as money: ``"万元/次"`` → (1,000,000, "次"); ``"万元"`` → (1,000,000, None);
    not money → None."""
    left, slash, right = unit.partition("/")
    fen = MONEY_UNITS.get(left)
    if fen is None:
        return None
    return fen, (right if slash and right else None)


# ---- formulas ------------------------------------------------------------------------------------

#: 分 per unit of the bare numbers of a formula.
_FEN_PER_UNIT = {"wan": FEN_PER_WAN, "yuan": FEN_PER_YUAN}
#: Fast-path results at or above 10^15 分 go through the evaluator (which says why they are too large).
_SIMPLE_LIMIT = 10**15
#: 10 ** places and _SIMPLE_LIMIT * 10 ** places for the decimal places a fast-path product can have
#: (a formula has at most MAX_FORMULA_CHARS characters).
_POWERS = tuple(10**places for places in range(MAX_FORMULA_CHARS + 1))
_LIMITS = tuple(_SIMPLE_LIMIT * power for power in _POWERS)


@lru_cache(maxsize=16384)
def formula_fen(formula: str, unit: str) -> Exact | str:
    """Exact value of a budget-line formula in 分 as (numerator, denominator), or the evaluator's message
    when it cannot be read.

    A plain product of two or three ASCII decimal numbers ("0.3276*12", "1469*16*12"), the shape of nearly
    every real formula, is worked out here with the same exact result as :func:`evaluate_fen`: each factor is
    digits with at most one decimal point between digits; the numerator is the product of the factors' digits
    and the unit's 分, the denominator 10 ** their places. Anything else goes to the evaluator."""
    fen_per_unit = _FEN_PER_UNIT.get(unit)
    if fen_per_unit is None:
        return f"公式“{formula}”的单位“{unit}”无法识别。"
    # the fast path (a formula too long, which the evaluator refuses with its message, or not plain ASCII,
    # goes to the evaluator)
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


def formula_text(formula: str) -> str:
    """A formula as a message shows it: × for *."""
    return " ".join(formula.split()).replace("*", "×")


# ---- amounts written in prose --------------------------------------------------------------------

_AMOUNT = re.compile(r"([0-9][0-9,]*(?:\.[0-9]+)?)(万元|万|元)(?![/每])")
_KEYWORDS = ("金额", "合计", "总计", "共计", "安排", "总额", "预算")


def amount_in_text(text: str) -> int | None:
    """The one amount a sentence states ("该项目年度财政资金预算安排金额 23.965 万元。" → 239,650.00 元).

    Several amounts: the last one written right after 金额/合计/安排…; none of those: None (ambiguous).
    Rates ("2.5万/人/年") are not amounts.
    """
    if not text or ("元" not in text and "万" not in text):
        return None
    body = re.sub(r"\s+", "", normalize(text))
    matches = list(_AMOUNT.finditer(body))
    if not matches:
        return None
    if len(matches) > 1:
        keyed = [m for m in matches if any(k in body[max(0, m.start() - 6):m.start()] for k in _KEYWORDS)]
        if not keyed:
            return None
        matches = keyed[-1:]
    try:
        return parse_money(matches[0].group(1) + matches[0].group(2), "wan")
    except ParseError:
        return None
