"""Family 3 — a budget line's formula and its stated amount agree."""
from __future__ import annotations

import re

from ...domain.model import BudgetLine
from ...domain.vocabulary import chinese_number
from ...domain.wording import name_of  # a label without the punctuation printed after it
from .. import evidence
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
            f"（如 {example}），或把这一行的公式单位改为“{word}”（表格上方的“公式单位”按钮，或 Ctrl+Shift+U）。")


@rule("F-CALC-01", "formula", "error", "预算明细的计算公式无法计算", reads=("budget",))
def formula_readable(ctx: NodeContext) -> list[Finding]:
    """公式只能含数字、+ - * /、百分数（2%）、括号，数字后可带万元/元或量词，单价可连同单位写
    （“0.45万元/人/月*24人*12月”，见 domain/formula.py）；算不出的公式是错误，消息说明哪个字符不对。"""
    results: list[Finding] = []
    for entry in ctx.formula_lines:
        value = entry.value
        if value.__class__ is str:
            line = entry.line
            name = f"“{name_of(line.label)}”的" if line.label else ""
            results.append(ctx.finding("F-CALC-01", entry.field("formula"), f"{name}{value}",
                                       (line.formula, line.formula_unit),
                                       evidence=(evidence.line(entry.group, entry.indices, line, "formula"),)))
    return results


@rule("F-CALC-02", "formula", "error", "计算公式的结果应等于填列金额", reads=("budget",))
def formula_matches_amount(ctx: NodeContext) -> list[Finding]:
    """公式按精确值计算（不经浮点），与填列金额比较：金额等于公式结果四舍五入到 1 分、1 元或 0.01 万元的，
    无误不报（如 1469×16×12 元 = 28.2048 万元填 28.20 万元）；等于四舍五入到 0.1 万元或 1 万元但相差超过
    0.01 万元的为警告（如 0.3276×12 = 3.9312 万元填 3.9 万元）；其余相差不超过 0.01 万元为提示，超过为错误。
    公式结果正好是金额的 10,000 倍（或万分之一）时，错误消息说明公式像是按“元”（或“万元”）写的；公式写成单价 ×
    数量（“0万元/人×8人”）时，消息说明是单价乘以数量不等于填列金额。"""
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
        unit_cost = is_unit_cost(line.formula)
        how = "按单价 × 数量" if unit_cost else "按公式"
        head = (f"{name}{how} {formula_text(line.formula)} = {wan_unit(exact)}，填列 {wan_unit(stated)}，"
                f"相差 {wan_unit((abs(diff[0]), diff[1]))}")
        coarse = next((label for step, label in COARSE_STEPS if stated == exact_round(exact, step)), None)
        operands = (line.formula, line.formula_unit, stated)
        field = entry.field("stated_fen")
        cells = (evidence.line(entry.group, entry.indices, line, "formula"),
                 evidence.line(entry.group, entry.indices, line))
        fix = f"按公式结果填列 {wan_unit(exact_round(exact, STEP_FEN))}，或改正公式。"
        if coarse is not None and not exact_within_step(diff):
            results.append(ctx.finding("F-CALC-02", field,
                                       f"{head}（只四舍五入到 {coarse}，超过 0.01 万元）：请按公式结果填列，或改公式。",
                                       operands, "warning", evidence=cells, fix=fix))
        elif exact_within_step(diff):
            results.append(ctx.finding("F-CALC-02", field, f"{head}，不超过一个 0.01 万元的舍入单位，请核对。",
                                       operands,
                                       "info", evidence=cells))
        else:
            hint = _unit_hint(exact, stated, line.formula_unit)
            if not hint:
                hint = ("单价乘以数量不等于填列金额，请核对单价、数量或金额。" if unit_cost
                        else "公式与金额不符，请改正其一。")
            results.append(ctx.finding("F-CALC-02", field, f"{head}：{hint}", operands, "error", evidence=cells,
                                       fix=fix))
    return results


#: a unit price in a formula: a money unit followed by a per-unit ("0.3万元/人", "16元/平/月")
_UNIT_PRICE = re.compile(r"(?:万元|万|元)\s*[/／]\s*[^0-9\s(（]")


def is_unit_cost(formula: str) -> bool:
    """True when a formula is written as a unit price × a quantity ("0万元/人×8人")."""
    return ("/" in formula or "／" in formula) and _UNIT_PRICE.search(formula) is not None


@rule("F-CALC-03", "formula", "warning", "预算明细没有金额", reads=("budget",))
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
                                       (line.formula,), "info",
                                       evidence=(evidence.line(entry.group, entry.indices, line, "formula"),
                                                 evidence.line(entry.group, entry.indices, line))))
        else:
            results.append(ctx.finding("F-CALC-03", entry.field("stated_fen"),
                                       f"{name}没有填列金额，合计按 0 计。", (), "warning",
                                       evidence=(evidence.line(entry.group, entry.indices, line),),
                                       fix="填写这一行的金额，或删去这一行。"))
    return results


#: a calculation written in a line's name ("八城市派驻干部每人每月0.3万元*16人*12月"): the name carries its basis
_CALC_IN_NAME = re.compile(r"[0-9][^*×xX]*[*×xX][^0-9]*[0-9]|每[^0-9]{0,6}[0-9]|[0-9][^/]{0,4}/[^0-9]")
MAX_LISTED = 12
#: a line without 测算依据: (group, its indices, the line)
MissingBasis = tuple[int, tuple[int, ...], BudgetLine]


def _blank(text: str) -> bool:
    return not text or text.isspace()


def _all_have_basis(lines: list[BudgetLine]) -> bool:
    """Every line without sub-lines, at any depth, has a 测算依据 of more than spaces (a plain loop: on the
    common form it is the cheapest way to look at every line)."""
    for line in lines:
        children = line.children
        if children:
            if not _all_have_basis(children):
                return False
            continue
        basis = line.basis
        if not basis or basis.isspace():
            return False
    return True


def _lines_without_basis(out: list[MissingBasis], group: int, prefix: tuple[int, ...], lines: list[BudgetLine]) -> int:
    """Append (group, indices, line) of every line with an amount and no 测算依据 to ``out``; return how many
    lines with an amount there are (lines with sub-lines are counted through their sub-lines)."""
    counted = 0
    for index, line in enumerate(lines):
        if line.children:
            counted += _lines_without_basis(out, group, prefix + (index,), line.children)
            continue
        if not line.stated_fen:
            continue  # no amount: F-CALC-03's
        counted += 1
        basis = line.basis
        if basis and not basis.isspace():
            continue
        if not _blank(line.formula) or (line.label and _CALC_IN_NAME.search(line.label)):
            continue
        out.append((group, prefix + (index,), line))
    return counted


def _line_name(group_title: str, group: int, indices: tuple[int, ...], line: BudgetLine) -> str:
    group_title = name_of(group_title)
    where = f"{chinese_number(group + 1)}、{group_title}" if group_title else f"第{group + 1}组"
    number = "".join(f"（{i + 1}）" if depth == 0 else f"其中第{i + 1}项" for depth, i in enumerate(indices))
    return f"{where}{number}“{name_of(line.label)}”" if line.label else f"{where}{number}"


@rule("F-CALC-04", "formula", "error", "预算明细没有测算依据", reads=("budget",))
def lines_have_basis(ctx: NodeContext) -> list[Finding]:
    """六、年度预算安排中有金额的每一行（有子项的行看其子项）都应写明测算依据：测算依据栏、计算公式，或名称中写明
    的算式（“每人每月0.3万元*16人*12月”）三者有其一即可。一行有金额而三者都没有，钱是怎么算出来的无从核对：警告。
    全表有金额的各行都没有测算依据：错误（报在六、年度预算安排上，不再逐行报告）。"""
    results: list[Finding] = []
    if not ctx.has_lines:
        return results
    groups = ctx.explanation.budget_groups
    for group in groups:
        if not _all_have_basis(group.lines):
            break
    else:
        return results  # the common form: every line has its basis written
    missing: list[MissingBasis] = []
    counted = 0
    for index, group in enumerate(groups):
        if group.lines:
            counted += _lines_without_basis(missing, index, (), group.lines)
    if not missing:
        return results
    if len(missing) == counted:
        shown = "、".join(_line_name(groups[g].title, g, i, line) + f" {wan_unit(line.stated_fen or 0)}"
                         for g, i, line in missing[:MAX_LISTED])
        more = f"等 {len(missing)} 行" if len(missing) > MAX_LISTED else ""
        results.append(ctx.finding(
            "F-CALC-04", "section:budget",
            f"{ctx.heading('budget')}有金额的 {counted} 行都没有测算依据（单价 × 数量、计算公式，或依据的合同、"
            f"标准）：{shown}{more}。每一笔钱是怎么算出来的都无从核对。",
            ("all", tuple((g, i, line.stated_fen) for g, i, line in missing)), "error",
            evidence=tuple(evidence.line(g, i, line, "basis") for g, i, line in missing[:MAX_LISTED])
            + tuple(evidence.line(g, i, line) for g, i, line in missing[:MAX_LISTED]),
            fix="在每一行的测算依据中写明单价、数量和计算方法（如“每月9000元×12个月”），或填写计算公式。"))
        return results
    for g, i, line in missing:
        # (a form like the 2022 seed has a line in two without basis: each finding is built cheaply)
        place = f"line:{g}:{'.'.join(map(str, i))}:"
        amount = wan_unit(line.stated_fen or 0)   # (a line here has an amount)
        basis = line.basis
        results.append(ctx.finding(
            "F-CALC-04", place + "basis",
            f"{_line_name(groups[g].title, g, i, line)} {amount} 没有测算依据（测算依据、计算公式都空白）："
            f"这笔钱是怎么算出来的无从核对。",
            (line.label, line.stated_fen), "warning",
            evidence=(evidence.Operand(place + "basis", evidence.text_value(basis) if basis else evidence.BLANK),
                      evidence.Operand(place + "stated_fen", amount)),
            fix=_BASIS_FIX))
    return results


_BASIS_FIX = "写明单价、数量和计算方法（如“每场2万元×3场”），或依据的合同、标准；也可填写计算公式。"
