"""Family 2 (per node) — budget lines add up to their parent line, the explanation to the form."""
from __future__ import annotations

import re

from ...domain.vocabulary import chinese_number
from ...domain.wording import name_of  # a label or title without the punctuation printed after it
from ..amounts import amount_in_text, wan, wan_unit, within_step, yuan_and_wan
from ..context import NodeContext
from ..findings import Finding, rule

ROUNDING_NOTE = "，不超过一个 0.01 万元的舍入单位，请核对是否为四舍五入所致"
MAX_SHOWN_PARTS = 12


def _severity(diff: int) -> str:
    return "info" if within_step(diff) else "error"


def _note(diff: int) -> str:
    return ROUNDING_NOTE if within_step(diff) else ""


def _parts(amounts: list[int]) -> str:
    if len(amounts) > MAX_SHOWN_PARTS:
        return f"{len(amounts)} 项之和"
    return " + ".join(wan(a) for a in amounts)


@rule("F-SUM-01", "sums", "error", "六、年度预算安排合计应等于年度资金申请总额")
def lines_total_matches_request(ctx: NodeContext) -> list[Finding]:
    """六、年度预算安排各组明细（每行取填列金额；未填金额取其子项之和或公式结果）之和 = 年度资金申请总额。
    相差不超过 0.01 万元（一个舍入单位）为提示，超过为错误。没有预算明细的不查（见 F-SUM-03）。"""
    results: list[Finding] = []
    request = ctx.form.funding.annual_request_fen
    if request is None or not ctx.has_lines:
        return results
    total = ctx.budget_total
    diff = total - request
    if not diff:
        return results
    groups = ctx.explanation.budget_groups
    subtotals = [ctx.group_total(i) for i in range(len(groups))]
    detail = ""
    if 1 < len(groups) <= MAX_SHOWN_PARTS:
        detail = "（" + " + ".join(f"{chinese_number(i + 1)}、{name_of(g.title) or '未命名'} {wan(s)}"
                                   for i, (g, s) in enumerate(zip(groups, subtotals))) + "）"
    results.append(ctx.finding(
        "F-SUM-01", "annual_request_fen",
        f"六、年度预算安排合计 {wan_unit(total)}{detail} ≠ "
        f"年度资金申请总额 {yuan_and_wan(request, ctx.form.template)}，"
        f"相差 {wan_unit(abs(diff))}{_note(diff)}。",
        (total, request), _severity(diff)))
    return results


@rule("F-SUM-02", "sums", "error", "预算明细的子项之和应等于该行金额")
def children_add_up(ctx: NodeContext) -> list[Finding]:
    """一行预算明细填了金额又列了子项（“其中……”）时，子项金额之和 = 该行金额。相差不超过 0.01 万元为提示
    （常见于各子项分别四舍五入），超过为错误。"""
    results: list[Finding] = []
    for entry in ctx.parent_lines:
        line = entry.line
        if line.stated_fen is None:
            continue
        total = ctx.children_total(line)
        diff = line.stated_fen - total
        if diff:
            amounts = [ctx.line_amount(child) for child in line.children]
            name = f"“{name_of(line.label)}”" if line.label else "该行"
            results.append(ctx.finding(
                "F-SUM-02", entry.field("stated_fen"),
                f"{name}金额 {wan_unit(line.stated_fen)} ≠ 其中各项之和 {_parts(amounts)} = {wan_unit(total)}，"
                f"相差 {wan_unit(abs(diff))}{_note(diff)}。",
                (line.stated_fen, tuple(amounts)), _severity(diff)))
    return results


@rule("F-SUM-03", "sums", "error", "六、年度预算安排写明的金额应等于年度资金申请总额")
def stated_budget_text_matches_request(ctx: NodeContext) -> list[Finding]:
    """没有预算明细时，从六、年度预算安排的文字中读出写明的一个金额（如“预算安排金额 23.965 万元”，
    按写出的数字精确换算为分：23.965 万元 = 239,650.00 元），与年度资金申请总额比较。相差不超过 0.01 万元
    为提示，超过为错误；读不出唯一金额时不查。"""
    results: list[Finding] = []
    request = ctx.form.funding.annual_request_fen
    if request is None or ctx.has_lines:
        return results
    section = ctx.explanation.sections.get("budget")
    stated = amount_in_text(section.text if section else "")
    if stated is None or stated == request:
        return results
    diff = stated - request
    results.append(ctx.finding(
        "F-SUM-03", "section:budget",
        f"六、年度预算安排写明金额 {wan_unit(stated)} ≠ 年度资金申请总额 {yuan_and_wan(request, ctx.form.template)}，"
        f"相差 {wan_unit(abs(diff))}{_note(diff)}。",
        (stated, request), _severity(diff)))
    return results


#: (a regex over Chinese text is slow: the rule first looks for 计, which every one of these words ends with)
_GROUP_TOTAL = re.compile(r"(?:合计|共计|小计|总计)")


@rule("F-SUM-04", "sums", "error", "预算分组写明的合计应等于该组明细之和")
def group_text_total(ctx: NodeContext) -> list[Finding]:
    """预算分组的说明文字写了“合计/共计/小计 X 万元”（不含“约”）时，X = 该组各行金额之和。
    相差不超过 0.01 万元为提示，超过为错误。"""
    results: list[Finding] = []
    for index, group in enumerate(ctx.explanation.budget_groups):
        text = group.text
        if not group.lines or "计" not in text or not _GROUP_TOTAL.search(text) or "约" in text:
            continue
        stated = amount_in_text(text)
        if stated is None:
            continue
        total = ctx.group_total(index)
        diff = stated - total
        if diff:
            results.append(ctx.finding(
                "F-SUM-04", f"group:{index}",
                f"{chinese_number(index + 1)}、{name_of(group.title)} 写明合计 {wan_unit(stated)} ≠ 该组明细之和 "
                f"{wan_unit(total)}，相差 {wan_unit(abs(diff))}{_note(diff)}。",
                (stated, total), _severity(diff)))
    return results

