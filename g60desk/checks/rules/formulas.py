"""Family 3 — a budget line's formula and its stated amount agree."""
from __future__ import annotations

from ...domain.wording import name_of  # a label without the punctuation printed after it
from ..amounts import STEP_FEN, exact_minus, exact_round, exact_within_step, formula_text, wan_unit
from ..context import NodeContext
from ..findings import Finding, rule

#: Coarser roundings a clerk sometimes uses: 0.1 万元, 1 万元 (named in the warning).
COARSE_STEPS = ((100_000, "0.1 万元"), (1_000_000, "1 万元"))
#: 元 per 万元: a formula written in the other unit than its line's is off by exactly this factor.
YUAN_PER_WAN = 10_000
_UNIT_WORDS = {"wan": "万元", "yuan": "元"}


def _as_stated(exact: tuple[int, int], stated: int) -> bool:
    """``stated`` is ``exact`` rounded 四舍五入 to 1 分, 1 元 or 0.01 万元 (a correctly written amount)."""
    return stated in (exact_round(exact, 1), exact_round(exact, 100), exact_round(exact, STEP_FEN))


def _unit_hint(exact: tuple[int, int], stated: int, unit: str) -> str:
    """Why a formula is off by exactly 10,000 times: its numbers were written in 元 in a 万元 line, or the
    other way round; "" when that is not the case."""
    numerator, denominator = exact
    if _as_stated((numerator, denominator * YUAN_PER_WAN), stated):
        meant = "yuan"    # 10*3000 read as 万元 is 30,000 万元; the clerk meant 3 万元
    elif _as_stated((numerator * YUAN_PER_WAN, denominator), stated):
        meant = "wan"
    else:
        return ""
    if meant == unit:
        return ""
    word = _UNIT_WORDS[meant]
    ratio, example = (f" {YUAN_PER_WAN:,} 倍", "3000元") if meant == "yuan" else ("万分之一", "0.3万元")
    return (f"公式结果正好是填列金额的{ratio}：公式里的数字像是按“{word}”写的，可在数字后写上“{word}”"
            f"（如 {example}），或右键把这一行的公式单位改为“{word}”。")


@rule("F-CALC-01", "formula", "error", "预算明细的计算公式无法计算")
def formula_readable(ctx: NodeContext) -> list[Finding]:
    """公式只能含数字、+ - * /、括号，数字后可带万元/元或量词（见 domain/formula.py）；算不出的公式是错误，
    消息说明哪个字符不对。"""
    results: list[Finding] = []
    for entry in ctx.formula_lines:
        value = entry.value
        if value.__class__ is str:
            results.append(ctx.finding("F-CALC-01", entry.field("formula"), value,
                                       (entry.line.formula, entry.line.formula_unit)))
    return results


@rule("F-CALC-02", "formula", "error", "计算公式的结果应等于填列金额")
def formula_matches_amount(ctx: NodeContext) -> list[Finding]:
    """公式按精确值计算（不经浮点），与填列金额比较：金额等于公式结果四舍五入到 1 分、1 元或 0.01 万元的，
    无误不报（如 1469×16×12 元 = 28.2048 万元填 28.20 万元）；等于四舍五入到 0.1 万元或 1 万元但相差超过
    0.01 万元的为警告（如 0.3276×12 = 3.9312 万元填 3.9 万元）；其余相差不超过 0.01 万元为提示，超过为错误。
    公式结果正好是金额的 10,000 倍（或万分之一）时，错误消息说明公式像是按“元”（或“万元”）写的。"""
    results: list[Finding] = []
    for entry in ctx.formula_lines:
        line = entry.line
        stated = line.stated_fen
        exact = entry.value
        if stated is None or not isinstance(exact, tuple) or stated * exact[1] == exact[0]:
            continue
        if (stated == exact_round(exact, STEP_FEN) or stated == exact_round(exact, 100)
                or stated == exact_round(exact, 1)):
            continue  # rounded 四舍五入 to 1 分, 1 元 or 0.01 万元: correct
        diff = exact_minus(exact, stated)
        name = f"“{name_of(line.label)}”" if line.label else "该行"
        head = (f"{name}按公式 {formula_text(line.formula)} = {wan_unit(exact)}，填列 {wan_unit(stated)}，"
                f"相差 {wan_unit((abs(diff[0]), diff[1]))}")
        coarse = next((label for step, label in COARSE_STEPS if stated == exact_round(exact, step)), None)
        operands = (line.formula, line.formula_unit, stated)
        field = entry.field("stated_fen")
        if coarse is not None and not exact_within_step(diff):
            results.append(ctx.finding("F-CALC-02", field,
                                       f"{head}（只四舍五入到 {coarse}，超过 0.01 万元）：请按公式结果填列，或改公式。",
                                       operands, "warning"))
        elif exact_within_step(diff):
            results.append(ctx.finding("F-CALC-02", field, f"{head}，不超过一个 0.01 万元的舍入单位，请核对。",
                                       operands, "info"))
        else:
            hint = _unit_hint(exact, stated, line.formula_unit)
            results.append(ctx.finding("F-CALC-02", field, f"{head}：{hint or '公式与金额不符，请改正其一。'}",
                                       operands, "error"))
    return results


@rule("F-CALC-03", "formula", "warning", "预算明细没有金额")
def line_has_amount(ctx: NodeContext) -> list[Finding]:
    """一行预算明细既无金额、也无子项和公式时为警告（合计按 0 计）；只有公式没填金额时为提示（合计按公式结果计）。"""
    results: list[Finding] = []
    for entry in ctx.unstated_lines:
        line = entry.line
        name = f"“{name_of(line.label)}”" if line.label else f"第{entry.indices[-1] + 1}项"
        if line.formula.strip():
            results.append(ctx.finding("F-CALC-03", entry.field("stated_fen"),
                                       f"{name}只有公式 {formula_text(line.formula)}，没有填列金额，"
                                       f"合计按公式结果计入。",
                                       (line.formula,), "info"))
        else:
            results.append(ctx.finding("F-CALC-03", entry.field("stated_fen"),
                                       f"{name}没有填列金额，合计按 0 计。", (), "warning"))
    return results
