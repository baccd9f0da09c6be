"""Money as the checks compare and show it: the rounding tolerance, 万元/元 display, formulas, amounts in prose.

Tolerance (DESIGN.md §3–4): amounts are exact int 分. A figure written in 万元 with two decimals is
correct when it equals the exact amount rounded 四舍五入 (ROUND_HALF_UP) to 0.01 万元. Two figures that
differ by at most one such step (0.01 万元 = 100 元 = 10,000 分) differ by rounding: at most a 提示.
More than one step is a real difference.
"""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

# re-exported (``as``): the rules take them from here
from ..domain.budget import Exact as Exact
from ..domain.budget import exact_round as exact_round
from ..domain.budget import formula_fen as formula_fen
from ..domain.money import FEN_PER_WAN, format_money, format_yuan, parse_money
from ..domain.templates import TEMPLATES
from ..domain.textnorm import ParseError, normalize

#: One rounding step of a 万元 figure with two decimals: 0.01 万元 in 分.
STEP_FEN = FEN_PER_WAN // 100



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
    return format_money(to_fen(fen), "wan", min_places=2, grouping=True)


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


# ---- formulas ----------------------------------------------------------------------------------------

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
