"""Family 4 — 成本指标 ceilings against the money: fixed ceilings plus unit ceilings × the planned quantity."""
from __future__ import annotations

from decimal import Decimal
from typing import cast

from ..amounts import STEP_FEN, Exact, wan, wan_unit
from ..context import NodeContext, compact
from ..findings import Finding, rule

CEILING_OPS = (None, "≤", "<", "=")
MINIMUM_OPS = (None, "≥", ">", "=")


class Ceiling:
    """A cost ceiling that counts against the budget: a fixed amount, or a unit ceiling × a quantity."""

    __slots__ = ("row", "amount", "number", "unit", "quantity", "per")

    def __init__(self, row: int, amount: Exact, number: Decimal, unit: str, quantity: Decimal | None = None,
                 per: str = ""):
        self.row = row
        self.amount = amount        # in 分
        self.number = number        # the ceiling as written
        self.unit = unit
        self.quantity = quantity    # the 数量指标 minimum a unit ceiling is multiplied by
        self.per = per

    @property
    def shown(self) -> str:
        """``20.00`` or ``2.50 万元/次 × 12 次``."""
        if self.quantity is None:
            return wan(self.amount)
        return f"{_number_text(self.number)} {self.unit} × {_count_text(self.quantity)} {self.per}"


def _bigrams(text: str) -> set[str]:
    text = compact(text)
    return {text[i:i + 2] for i in range(len(text) - 1)}


def _matching_quantity(ctx: NodeContext, row: int, per: str) -> int | None:
    """The 数量指标 row counting ``per`` (次, 场 …) that a unit ceiling multiplies; the most similar name wins."""
    rows, indicators = ctx.indicator_rows, ctx.form.indicators
    candidates = []
    for i in ctx.quantity_rows:
        quantity = rows[i]
        if quantity.unit == per and quantity.number is not None and quantity.op in MINIMUM_OPS:
            candidates.append(i)
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    name = _bigrams(indicators[row].name)
    return max(candidates, key=lambda i: (len(name & _bigrams(indicators[i].name)), -i))


def _number_text(value: Decimal) -> str:
    return f"{value:.2f}" if value == value.quantize(Decimal("0.01")) else f"{value.normalize():f}"


def _count_text(value: Decimal) -> str:
    return f"{value.normalize():f}" if value == value.to_integral_value() else _number_text(value)


#: A ceiling that counts: (row, amount in 分, 数量指标 row or None, per-unit or None).
CeilingRow = tuple[int, Exact, "int | None", "str | None"]
#: What :func:`cost_ceilings` works out.
Costs = tuple[list[CeilingRow], list[tuple[int, str]], Exact]


def cost_ceilings(ctx: NodeContext) -> Costs:
    """(ceilings that count as (row, amount in 分, 数量指标 row or None, per-unit or None), unit ceilings with no
    matching 数量指标 as (row, per-unit), the exact total of the ceilings). Only a message needs
    :class:`Ceiling` objects (:func:`_shown`): most forms are within their money."""
    ceilings: list[CeilingRow] = []
    unmatched: list[tuple[int, str]] = []
    numerator, denominator = 0, 1
    rows = ctx.indicator_rows
    for index in ctx.cost_rows:
        row = rows[index]
        unit = row.money
        ratio = row.ratio
        if unit is None or ratio is None or row.op not in CEILING_OPS:
            continue  # no money unit, or no number
        fen_per, per = unit
        if per is None:
            amount = (ratio[0] * fen_per, ratio[1])
            ceilings.append((index, amount, None, None))
        else:
            quantity_row = _matching_quantity(ctx, index, per)
            if quantity_row is None:
                unmatched.append((index, per))
                continue
            quantity = rows[quantity_row].ratio
            assert quantity is not None   # _matching_quantity picks a row with a number
            q_numerator, q_denominator = quantity
            amount = (ratio[0] * fen_per * q_numerator, ratio[1] * q_denominator)
            ceilings.append((index, amount, quantity_row, per))
        if amount[1] == denominator:
            numerator += amount[0]
        else:
            numerator, denominator = numerator * amount[1] + amount[0] * denominator, denominator * amount[1]
    return ceilings, unmatched, (numerator, denominator)


_NO_CEILINGS: Costs = ([], [], (0, 1))


def _cached(ctx: NodeContext) -> Costs:
    """:func:`cost_ceilings`, worked out once per node."""
    memo = ctx.memo.get("cost")
    if memo is None:
        memo = ctx.memo["cost"] = cost_ceilings(ctx) if ctx.cost_rows else _NO_CEILINGS
    return cast(Costs, memo)


def _shown(ctx: NodeContext, ceilings: list[CeilingRow]) -> list[Ceiling]:
    """The ceilings as a message shows them."""
    rows = ctx.indicator_rows
    return [Ceiling(index, amount, cast(Decimal, rows[index].number), rows[index].unit,   # a ceiling has a number
                    None if quantity_row is None else rows[quantity_row].number, per or "")
            for index, amount, quantity_row, per in ceilings]


def _sum_text(ctx: NodeContext, ceilings: list[CeilingRow]) -> str:
    if len(ceilings) > 12:
        return f"{len(ceilings)} 项之和"
    return " + ".join(c.shown for c in _shown(ctx, ceilings))


@rule("F-COST-01", "cost", "error", "成本指标上限合计超过年度资金申请总额")
def ceilings_within_request(ctx: NodeContext) -> list[Finding]:
    """成本指标中以金额表示的上限（≤、<、= 或不带符号，单位万元/元）相加；单价上限（万元/次、万元/场 …）乘以
    单位相同的数量指标的最低值（≥12次 → 12）。合计超过年度资金申请总额 0.01 万元以上为错误，超过不到
    0.01 万元为提示。"""
    results: list[Finding] = []
    request = ctx.form.funding.annual_request_fen
    ceilings, _, total = _cached(ctx)
    if request is None or not ceilings:
        return results
    diff = (total[0] - request * total[1], total[1])
    if diff[0] <= 0:
        return results
    severity = "info" if diff[0] <= STEP_FEN * diff[1] else "error"
    note = "，不超过一个 0.01 万元的舍入单位" if severity == "info" else ""
    results.append(ctx.finding(
        "F-COST-01", f"indicator:{ceilings[0][0]}:value",
        f"成本指标上限合计 {_sum_text(ctx, ceilings)} = {wan_unit(total)} > 年度资金申请总额 {wan_unit(request)}，"
        f"超出 {wan_unit(diff)}{note}。",
        (tuple(c[1] for c in ceilings), request), severity))
    return results


@rule("F-COST-02", "cost", "info", "成本指标上限合计低于年度资金申请总额")
def ceilings_cover_request(ctx: NodeContext) -> list[Finding]:
    """同 F-COST-01 的合计低于年度资金申请总额：有一部分预算没有对应的成本指标（相差不超过 0.01 万元时多为
    指标值只写到两位小数，如 20.96 + 3.00 = 23.96 万元对 23.965 万元）。只是提示。"""
    results: list[Finding] = []
    request = ctx.form.funding.annual_request_fen
    ceilings, _, total = _cached(ctx)
    if request is None or not ceilings:
        return results
    gap = (request * total[1] - total[0], total[1])
    if gap[0] <= 0:
        return results
    tail = ("，不超过一个 0.01 万元的舍入单位（指标值只写到两位小数）" if gap[0] <= STEP_FEN * gap[1]
            else "：有一部分预算没有对应的成本指标，请核对")
    results.append(ctx.finding(
        "F-COST-02", f"indicator:{ceilings[0][0]}:value",
        f"成本指标上限合计 {_sum_text(ctx, ceilings)} = {wan_unit(total)} < 年度资金申请总额 {wan_unit(request)}，"
        f"相差 {wan_unit(gap)}{tail}。",
        (tuple(c[1] for c in ceilings), request)))
    return results


@rule("F-COST-03", "cost", "warning", "单价成本指标找不到对应的数量指标")
def unit_ceiling_has_quantity(ctx: NodeContext) -> list[Finding]:
    """单价上限（如 ≤2.50 万元/次）要乘以数量指标中单位相同（次）的最低值才能与预算比较；没有这样的数量
    指标时为警告，该项不计入成本上限合计。"""
    results: list[Finding] = []
    _, unmatched, _ = _cached(ctx)
    if not unmatched:
        return results
    for row, per in unmatched:
        ind = ctx.form.indicators[row]
        results.append(ctx.finding(
            "F-COST-03", f"indicator:{row}:value",
            f"成本指标“{ind.name}”是单价上限（{ctx.indicator_rows[row].unit}），但数量指标中没有以“{per}”为单位的"
            f"指标，算不出总成本：请补充数量指标（如“≥3{per}”）。",
            (ind.value, per)))
    return results
