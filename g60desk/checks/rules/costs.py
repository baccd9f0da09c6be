"""Family 4 — 成本指标 against the money: fixed amounts plus unit amounts × the planned quantity, a total row
counted once and checked against its parts, each amount read as a ceiling or a planned amount as its words say."""
from __future__ import annotations

import re
from decimal import Decimal
from typing import cast

from .. import evidence
from ..amounts import STEP_FEN, Exact, wan, wan_unit, yuan_and_wan
from ..context import NodeContext, compact
from ..findings import Finding, Operand, rule

CEILING_OPS = (None, "≤", "<", "=")
MINIMUM_OPS = (None, "≥", ">", "=")
#: "=" or no operator is a ceiling only when the name says so; otherwise it is the planned amount
CEILING_WORDS = ("控制在", "不超过", "不高于", "不大于", "不多于", "以内", "以下", "上限", "最高")
#: names of a row that is the total of the other 成本指标 rows (each contains 总 or 计: tested first)
TOTAL_WORDS = ("总成本", "合计", "总计", "小计", "总额", "总费用", "总预算", "总金额", "总投入", "总经费")
CEILING, PLANNED = "ceiling", "planned"
#: a cost whose name says it is per unit — 每公里养护成本, 人均培训费 — with a plain 万元/元 value: the unit it is per
_PER_WORDS = ("公里|千米|平方米|平米|小时|课时|学时|人次|个|人|次|场|户|名|件|台|套|米|亩|天|日|月|年|期|批|所|家|项|"
              "篇|本|册|吨|辆|间|张|栋|座|处|份|位")
_PER_IN_NAME = re.compile(rf"每(?:一)?({_PER_WORDS})|(人|户|次|日|月)均")


def per_in_name(name: str) -> str | None:
    """The unit a cost named per unit is for: "每公里养护成本" → 公里, "人均培训费" → 人; None for other names."""
    found = _PER_IN_NAME.search(compact(name))
    return None if found is None else (found.group(1) or found.group(2))
#: An amount that counts: (row, amount in 分, 数量指标 row or None, per-unit or None, reading).
CostEntry = tuple[int, Exact, "int | None", "str | None", str]


class Ceiling:
    """A cost amount that counts against the budget: a fixed amount, or a unit amount × a quantity."""

    __slots__ = ("row", "amount", "number", "unit", "quantity", "per", "quantity_row")

    def __init__(self, row: int, amount: Exact, number: Decimal, unit: str, quantity: Decimal | None = None,
                 per: str = "", quantity_row: int | None = None):
        self.row = row
        self.amount = amount        # in 分
        self.number = number        # the amount as written
        self.unit = unit
        self.quantity = quantity    # the 数量指标 minimum a unit amount is multiplied by
        self.per = per
        self.quantity_row = quantity_row

    @property
    def shown(self) -> str:
        """``20.00（第1行）`` or ``2.50 万元/次（第3行单价）× 12 次（第5行数量）``."""
        if self.quantity is None:
            return f"{wan(self.amount)}（第{self.row + 1}行）"
        quantity_row = self.quantity_row if self.quantity_row is not None else self.row
        return (f"{_number_text(self.number)} {self.unit}（第{self.row + 1}行单价）× "
                f"{_count_text(self.quantity)} {self.per}（第{quantity_row + 1}行数量）")


def _bigrams(text: str) -> set[str]:
    text = compact(text)
    return {text[i:i + 2] for i in range(len(text) - 1)}


def _matching_quantity(ctx: NodeContext, row: int, per: str) -> int | None:
    """The 数量指标 row counting ``per`` (次, 场 …) that a unit amount multiplies; the most similar name wins."""
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


def _reading(ctx: NodeContext, index: int, op: str | None) -> str:
    """≤ and < are ceilings; "=" or no operator is a ceiling only when the name says so (控制在, 不超过, 以内 …)."""
    if op == "≤" or op == "<":
        return CEILING
    name = compact(ctx.form.indicators[index].name)
    return CEILING if any(word in name for word in CEILING_WORDS) else PLANNED


def _is_total_name(name: str) -> bool:
    name = compact(name)
    return any(word in name for word in TOTAL_WORDS)


def _total_row(ctx: NodeContext, entries: list[CostEntry], total: Exact) -> int | None:
    """The position in ``entries`` of the row that is the total of the others: named so (总成本, 合计 …, with at
    least one other row), else a fixed amount equal to the sum of at least two others; None without one."""
    indicators = ctx.form.indicators
    by_value = len(entries) >= 3
    total_numerator, total_denominator = total
    equal_to_rest = None
    for position, (index, (numerator, denominator), _, per, _) in enumerate(entries):
        if per is None:
            name = indicators[index].name
            if ("总" in name or "计" in name) and _is_total_name(name):
                return position
            if (by_value and equal_to_rest is None
                    and 2 * numerator * total_denominator == total_numerator * denominator):
                equal_to_rest = position
    return equal_to_rest


class Costs:
    """The 成本指标 of a node as the money rules count them.

    ``entries``: (row, amount in 分, 数量指标 row or None, per-unit or None, reading) of every amount that counts;
    ``unmatched``: (row, per-unit) of unit amounts with no matching 数量指标; ``total_at``: the position in
    ``entries`` of a total row, or None; ``counted``: what the amounts add up to, a total row counted once
    (its own amount); ``parts``: the sum of the other entries when there is a total row."""

    __slots__ = ("entries", "unmatched", "total_at", "counted", "parts")

    def __init__(self, entries: list[CostEntry], unmatched: list[tuple[int, str]], total: Exact):
        self.entries = entries
        self.unmatched = unmatched
        self.total_at: int | None = None
        self.counted = total
        self.parts: Exact | None = None

    def others(self) -> list[CostEntry]:
        return [e for i, e in enumerate(self.entries) if i != self.total_at]


def cost_ceilings(ctx: NodeContext) -> Costs:
    """The node's cost amounts (see :class:`Costs`). Only a message needs :class:`Ceiling` objects
    (:func:`_shown`): most forms are within their money."""
    entries: list[CostEntry] = []
    unmatched: list[tuple[int, str]] = []
    numerator, denominator = 0, 1
    rows = ctx.indicator_rows
    for index in ctx.cost_rows:
        row = rows[index]
        unit = row.money
        ratio = row.ratio
        op = row.op
        if unit is None or ratio is None or op not in CEILING_OPS:
            continue  # no money unit, or no number
        reading = CEILING if op == "≤" else _reading(ctx, index, op)
        fen_per, per = unit
        if per is None:   # ≤2.76万元 named 每公里养护成本 is per 公里, as ≤2.76万元/公里 would be
            per = per_in_name(ctx.form.indicators[index].name)
        if per is None:
            amount = (ratio[0] * fen_per, ratio[1])
            entries.append((index, amount, None, None, reading))
        else:
            quantity_row = _matching_quantity(ctx, index, per)
            if quantity_row is None:
                unmatched.append((index, per))
                continue
            quantity = rows[quantity_row].ratio
            assert quantity is not None   # _matching_quantity picks a row with a number
            q_numerator, q_denominator = quantity
            amount = (ratio[0] * fen_per * q_numerator, ratio[1] * q_denominator)
            entries.append((index, amount, quantity_row, per, reading))
        if amount[1] == denominator:
            numerator += amount[0]
        else:
            numerator, denominator = numerator * amount[1] + amount[0] * denominator, denominator * amount[1]
    total = (numerator, denominator)
    costs = Costs(entries, unmatched, total)
    if len(entries) >= 2:
        at = _total_row(ctx, entries, total)
        if at is not None:
            costs.total_at = at
            own = entries[at][1]
            costs.counted = own
            costs.parts = (total[0] * own[1] - own[0] * total[1], total[1] * own[1])
    return costs


_NO_COSTS = Costs([], [], (0, 1))


def _cached(ctx: NodeContext) -> Costs:
    """:func:`cost_ceilings`, worked out once per node."""
    memo = ctx.memo.get("cost")
    if memo is None:
        memo = ctx.memo["cost"] = cost_ceilings(ctx) if ctx.cost_rows else _NO_COSTS
    return cast(Costs, memo)


def _shown(ctx: NodeContext, entries: list[CostEntry]) -> list[Ceiling]:
    """The amounts as a message shows them."""
    rows = ctx.indicator_rows
    return [Ceiling(index, amount, cast(Decimal, rows[index].number), rows[index].unit,   # an amount has a number
                    None if quantity_row is None else rows[quantity_row].number, per or "", quantity_row)
            for index, amount, quantity_row, per, _ in entries]


def _sum_text(ctx: NodeContext, entries: list[CostEntry]) -> str:
    """``20.00（第1行）+ 2.50 万元/次（第3行单价）× 12 次（第5行数量）= `` (ready for the sum)."""
    if len(entries) > 12:
        return f"{len(entries)} 项之和 = "
    return "+ ".join(c.shown for c in _shown(ctx, entries)) + "= "


def _rows_text(rows: list[int]) -> str:
    return "第" + "、".join(str(r + 1) for r in rows) + "行"


def _label_and_note(entries: list[CostEntry]) -> tuple[str, str]:
    """What the amounts are called in a message, and which ones were read as planned amounts and why."""
    readings = {e[4] for e in entries}
    if readings == {CEILING}:
        return "成本指标上限", ""
    planned = [e[0] for e in entries if e[4] == PLANNED]
    note = (f"（{_rows_text(planned)}写的是“=”或没有符号，名称也没写“控制在、不超过、以内”，按计划金额计）")
    return ("成本指标计划金额" if readings == {PLANNED} else "成本指标（上限与计划金额）"), note


def _evidence(ctx: NodeContext, entries: list[CostEntry]) -> tuple[Operand, ...]:
    form = ctx.form
    cells = []
    for index, _, quantity_row, _, _ in entries[:12]:
        cells.append(evidence.indicator(form, index))
        if quantity_row is not None:
            cells.append(evidence.indicator(form, quantity_row))
    return tuple(cells) + (evidence.funding(form, "annual_request_fen"),)


def _gap(text: str) -> str:
    """No space after a closing full-width parenthesis (it has its own)."""
    return "" if text.endswith("）") else " "


def _counted_text(ctx: NodeContext, costs: Costs) -> tuple[str, list[CostEntry]]:
    """The left side of a comparison with the request: the sum of the amounts, or the total row alone."""
    if costs.total_at is None:
        label, note = _label_and_note(costs.entries)
        return f"{label}合计 {_sum_text(ctx, costs.entries)}{wan_unit(costs.counted)}{note}", costs.entries
    row = costs.entries[costs.total_at]
    _, note = _label_and_note([row])
    reading = "上限" if row[4] == CEILING else "计划金额"
    name = ctx.form.indicators[row[0]].name
    others = len(costs.entries) - 1
    return (f"成本指标按总成本行计：“{name}”{reading} {wan_unit(costs.counted)}（第{row[0] + 1}行；"
            f"其余 {others} 行是它的分项，不重复相加）{note}"), costs.entries


@rule("F-COST-01", "cost", "error", "成本指标合计超过年度资金申请总额", reads=("indicators", "annual_request_fen"))
def ceilings_within_request(ctx: NodeContext) -> list[Finding]:
    """成本指标中以金额表示的值（单位万元/元）相加；单价（万元/次、万元/场 …）乘以单位相同的数量指标的最低值
    （≥12次 → 12）。写“≤”“<”的是上限；写“=”或不带符号的，名称写了“控制在、不超过、以内”等才按上限读，否则按计划
    金额读，消息写明按哪种读法。有一行是其余各行的合计（名称是总成本、项目总成本、合计等，或金额正好等于其余至少
    两行之和）时，只按这一行计，不与分项重复相加（分项与它的核对见 F-COST-04）。合计超过年度资金申请总额 0.01 万元
    以上为错误，超过不到 0.01 万元为提示。"""
    results: list[Finding] = []
    request = ctx.form.funding.annual_request_fen
    costs = _cached(ctx)
    if request is None or not costs.entries:
        return results
    total = costs.counted
    diff = (total[0] - request * total[1], total[1])
    if diff[0] <= 0:
        return results
    severity = "info" if diff[0] <= STEP_FEN * diff[1] else "error"
    note = "，不超过一个 0.01 万元的舍入单位" if severity == "info" else ""
    left, entries = _counted_text(ctx, costs)
    label = ctx.short_label("annual_request_fen")
    results.append(ctx.finding(
        "F-COST-01", f"indicator:{entries[0][0]}:value",
        f"{left}{_gap(left)}> {label} {yuan_and_wan(request, ctx.form)}，"
        f"超出 {wan_unit(diff)}{note}。",
        (tuple(c[1] for c in costs.entries), request), severity,
        evidence=_evidence(ctx, entries),
        fix=f"成本指标合计应不超过{label} {wan_unit(request)}：调低金额，或核对{label}。"))
    return results


@rule("F-COST-02", "cost", "info", "成本指标合计低于年度资金申请总额", reads=("indicators", "annual_request_fen"))
def ceilings_cover_request(ctx: NodeContext) -> list[Finding]:
    """同 F-COST-01 的合计低于年度资金申请总额：有一部分预算没有对应的成本指标（相差不超过 0.01 万元时多为
    指标值只写到两位小数，如 20.96 + 3.00 = 23.96 万元对 23.965 万元）。只是提示。"""
    results: list[Finding] = []
    request = ctx.form.funding.annual_request_fen
    costs = _cached(ctx)
    if request is None or not costs.entries:
        return results
    total = costs.counted
    gap = (request * total[1] - total[0], total[1])
    if gap[0] <= 0:
        return results
    tail = ("，不超过一个 0.01 万元的舍入单位（指标值只写到两位小数）" if gap[0] <= STEP_FEN * gap[1]
            else "：有一部分预算没有对应的成本指标，请核对")
    left, entries = _counted_text(ctx, costs)
    results.append(ctx.finding(
        "F-COST-02", f"indicator:{entries[0][0]}:value",
        f"{left}{_gap(left)}< {ctx.short_label('annual_request_fen')} {yuan_and_wan(request, ctx.form)}，"
        f"相差 {wan_unit(gap)}{tail}。",
        (tuple(c[1] for c in costs.entries), request),
        evidence=_evidence(ctx, entries)))
    return results


@rule("F-COST-03", "cost", "warning", "单价成本指标找不到对应的数量指标", reads=("indicators",))
def unit_ceiling_has_quantity(ctx: NodeContext) -> list[Finding]:
    """单价（如 ≤2.50 万元/次；名称写明“每公里”“人均”等的 ≤2.76 万元也是单价）要乘以数量指标中单位相同
    （次、公里）的最低值才能与预算比较；没有这样的数量指标时为警告，该项不计入成本合计。"""
    results: list[Finding] = []
    costs = _cached(ctx)
    if not costs.unmatched:
        return results
    for row, per in costs.unmatched:
        ind = ctx.form.indicators[row]
        cell = evidence.indicator(ctx.form, row)
        results.append(ctx.finding(
            "F-COST-03", f"indicator:{row}:value",
            f"成本指标“{ind.name}”（第{row + 1}行）{cell.value} 是单价（{_per_unit(ctx, row, per)}），"
            f"但数量指标中没有"
            f"以“{per}”为单位的指标，算不出总成本：请补充数量指标（如“≥3{per}”）。",
            (ind.value, per), evidence=(cell,), fix=f"补充一行以“{per}”为单位的数量指标。"))
    return results


def _per_unit(ctx: NodeContext, row: int, per: str) -> str:
    """万元/次 as written, or 万元/公里 for a value in 万元 whose name says 每公里."""
    unit = ctx.indicator_rows[row].unit or ""
    return unit if "/" in unit else f"{unit}/{per}，名称写的是每{per}"


@rule("F-COST-04", "cost", "warning", "成本指标的分项之和与总成本行不符", reads=("indicators",))
def total_row_matches_parts(ctx: NodeContext) -> list[Finding]:
    """成本指标中有一行是其余各行的合计（名称是总成本、项目总成本、合计、总计等，或金额正好等于其余至少两行之和）
    时，其余各行（单价乘以对应数量指标的最低值）之和应等于它：分项之和多于总成本超过 0.01 万元为警告；其余各行都是
    单价 × 数量而算出的金额与写明的总成本不符（如 0 万元/人 × 8 人 ≠ 1 万元），消息就这样说，也是警告；分项之和少于
    总成本超过 0.01 万元为提示（有一部分成本没有分项）；相差不超过 0.01 万元为提示。"""
    results: list[Finding] = []
    costs = _cached(ctx)
    if costs.total_at is None or costs.parts is None:
        return results
    total_entry = costs.entries[costs.total_at]
    own, parts = total_entry[1], costs.parts
    diff = (parts[0] * own[1] - own[0] * parts[1], parts[1] * own[1])
    if diff[0] == 0:
        return results
    within = abs(diff[0]) <= STEP_FEN * diff[1]
    others = costs.others()
    name = ctx.form.indicators[total_entry[0]].name
    units = [e for e in others if e[2] is not None]
    only_units = len(units) == len(others)
    what = "单价 × 数量" if only_units else ("分项（含单价 × 数量）" if units else "分项")
    # parts above the total, or a total that is just a unit cost × its quantity and is not: 警告
    severity = "warning" if not within and (diff[0] > 0 or only_units) else "info"
    if within:
        tail = "，不超过一个 0.01 万元的舍入单位"
    elif diff[0] > 0:
        tail = "：分项合计超过了总成本，请核对单价、数量或总成本"
    elif only_units:
        tail = "：单价乘以数量不等于写明的总成本，请核对单价、数量或总成本"
    else:
        tail = "：有一部分总成本没有分项，请核对"
    results.append(ctx.finding(
        "F-COST-04", f"indicator:{total_entry[0]}:value",
        f"成本指标{what} {_sum_text(ctx, others)}{wan_unit(parts)} ≠ 总成本“{name}”{wan_unit(own)}"
        f"（第{total_entry[0] + 1}行），相差 {wan_unit((abs(diff[0]), diff[1]))}{tail}。",
        (own, tuple(e[1] for e in others)), severity,
        evidence=(evidence.indicator(ctx.form, total_entry[0]),) + _evidence(ctx, others)[:-1],
        fix="总成本行应等于各分项（单价 × 数量）之和。"))
    return results
