"""Family 1 — the 项目资金（元） block adds up: left column, right column, and the two columns together."""
from __future__ import annotations

import re
from collections.abc import Iterator

from ...domain.vocabulary import chinese_number
from ...domain.wording import name_of  # a label or title without the punctuation printed after it
from ..context import NodeContext
from ..findings import Finding, rule

# Amounts on the form are exact 元 typed by the clerk: nothing is rounded, so 1 分 off is already wrong.


def _cell(ctx: NodeContext, name: str, label: str) -> str:
    value = getattr(ctx.form.funding, name)
    return f"{label}（空白）" if value is None else f"{label} {ctx.yuan(value)}"


@rule("F-FUND-01", "funding", "error", "项目资金总额应等于财政资金与其他资金之和")
def total_is_fiscal_plus_other(ctx: NodeContext) -> list[Finding]:
    """项目资金总额 = 其中：财政资金 + 其他资金（左栏）。空白按 0 计；表内金额是精确的元数，不存在舍入，
    相差 1 分即为错误。三格都空白时不查（由必填规则报告）。"""
    results: list[Finding] = []
    f = ctx.form.funding
    if f.project_total_fen is None:
        return results
    parts = ctx.fen("fiscal_fen") + ctx.fen("other_fen")
    diff = f.project_total_fen - parts
    if diff:
        results.append(ctx.finding(
            "F-FUND-01", "project_total_fen",
            f"项目资金总额 {ctx.yuan(f.project_total_fen)} ≠ {_cell(ctx, 'fiscal_fen', '财政资金')} + "
            f"{_cell(ctx, 'other_fen', '其他资金')} = {ctx.yuan(parts)}，相差 {ctx.yuan(abs(diff))}。",
            (f.project_total_fen, f.fiscal_fen, f.other_fen)))
    return results


@rule("F-FUND-02", "funding", "error", "年度资金申请总额应等于当年财政拨款、上年结转与其他资金之和")
def annual_is_sum_of_sources(ctx: NodeContext) -> list[Finding]:
    """年度资金申请总额 = 当年财政拨款 + 上年结转资金 + 其他资金（右栏）。空白按 0 计；精确到分，无容差。"""
    results: list[Finding] = []
    f = ctx.form.funding
    if f.annual_request_fen is None:
        return results
    parts = ctx.fen("appropriation_fen") + ctx.fen("carryover_fen") + ctx.fen("annual_other_fen")
    diff = f.annual_request_fen - parts
    if diff:
        results.append(ctx.finding(
            "F-FUND-02", "annual_request_fen",
            f"年度资金申请总额 {ctx.yuan(f.annual_request_fen)} ≠ {_cell(ctx, 'appropriation_fen', '当年财政拨款')} + "
            f"{_cell(ctx, 'carryover_fen', '上年结转资金')} + {_cell(ctx, 'annual_other_fen', '其他资金')} = "
            f"{ctx.yuan(parts)}，相差 {ctx.yuan(abs(diff))}。",
            (f.annual_request_fen, f.appropriation_fen, f.carryover_fen, f.annual_other_fen)))
    return results


@rule("F-FUND-03", "funding", "error", "年度资金申请总额不能超过项目资金总额")
def annual_within_total(ctx: NodeContext) -> list[Finding]:
    """一年的申请不能多于项目全部资金：年度资金申请总额 ≤ 项目资金总额（精确到分）。"""
    results: list[Finding] = []
    f = ctx.form.funding
    if f.annual_request_fen is None or f.project_total_fen is None:
        return results
    if f.annual_request_fen > f.project_total_fen:
        results.append(ctx.finding(
            "F-FUND-03", "annual_request_fen",
            f"年度资金申请总额 {ctx.yuan(f.annual_request_fen)} 大于项目资金总额 {ctx.yuan(f.project_total_fen)}，"
            f"多出 {ctx.yuan(f.annual_request_fen - f.project_total_fen)}。",
            (f.annual_request_fen, f.project_total_fen)))
    return results


_PAIRS = (
    ("project_total_fen", ("annual_request_fen",), "项目资金总额", "年度资金申请总额"),
    ("fiscal_fen", ("appropriation_fen", "carryover_fen"), "财政资金", "当年财政拨款 + 上年结转资金"),
    ("other_fen", ("annual_other_fen",), "其他资金（左栏）", "其他资金（右栏）"),
)


@rule("F-FUND-04", "funding", "warning", "单年度项目的左右两栏应一致")
def single_year_columns_agree(ctx: NodeContext) -> list[Finding]:
    """计划开始和完成日期都在预算年度内的项目，全部资金都是本年的：项目资金总额 = 年度资金申请总额，
    财政资金 = 当年财政拨款 + 上年结转资金，其他资金左栏 = 右栏（空白按 0 计，精确到分）。跨年度项目不查。"""
    results: list[Finding] = []
    f = ctx.form.funding
    if not ctx.single_year or (f.project_total_fen == f.annual_request_fen and f.other_fen == f.annual_other_fen
                               and f.fiscal_fen == (f.appropriation_fen or 0) + (f.carryover_fen or 0)):
        return results
    for left, rights, left_label, right_label in _PAIRS:
        cells = [getattr(ctx.form.funding, name) for name in (left,) + rights]
        if all(value is None for value in cells):
            continue
        left_fen, right_fen = ctx.fen(left), sum(ctx.fen(name) for name in rights)
        if left_fen != right_fen:
            results.append(ctx.finding(
                "F-FUND-04", left,
                f"计划日期都在 {ctx.budget_year} 年内（单年度项目），但{left_label} {ctx.yuan(left_fen)} ≠ "
                f"{right_label} {ctx.yuan(right_fen)}，相差 {ctx.yuan(abs(left_fen - right_fen))}。"
                f"若项目跨年度，请改计划日期；否则两栏应相同。",
                (left_fen, right_fen, ctx.form.planned_start, ctx.form.planned_end)))
    return results


_CROSS_YEAR = re.compile(r"跨年|多年度|分年")


def _cross_year_mentions(ctx: NodeContext) -> Iterator[tuple[str, str]]:
    """(field, text) of budget texts that say part of the money is spread over several years: the titles and
    lead texts of the budget groups, and the text of 六、年度预算安排 (where such a remark is written)."""
    search = _CROSS_YEAR.search
    for index, group in enumerate(ctx.explanation.budget_groups):
        if search(group.text) or search(group.title):
            yield f"group:{index}", group.text if search(group.text) else group.title
    budget = ctx.section_text("budget")
    if search(budget):
        yield "section:budget", budget


@rule("F-FUND-05", "funding", "info", "预算说明写有跨年度安排，但项目资金总额只等于本年申请")
def cross_year_money_in_total(ctx: NodeContext) -> list[Finding]:
    """六、年度预算安排写明某项是“跨年”项目，而项目资金总额 = 年度资金申请总额：以后年度的资金没有计入
    项目资金总额，或计划日期应跨年。只是提示，请核对。"""
    results: list[Finding] = []
    f = ctx.form.funding
    if f.project_total_fen is None or f.project_total_fen != f.annual_request_fen:
        return results
    groups = ctx.explanation.budget_groups
    said = "".join([g.title + g.text for g in groups]) + ctx.section_text("budget")
    if "跨" not in said and "多年" not in said and "分年" not in said:
        return results
    mention = next(_cross_year_mentions(ctx), None)
    if mention is None:
        return results
    field, text = mention
    shown = " ".join(text.split())
    shown = shown if len(shown) <= 40 else shown[:40] + "…"
    where = "六、年度预算安排"
    if field.startswith("group:"):
        index = int(field.split(":")[1])
        where += f"“{chinese_number(index + 1)}、{name_of(ctx.explanation.budget_groups[index].title)}”"
    results.append(ctx.finding(
        "F-FUND-05", "project_total_fen",
        f"{where}写有“{shown}”，但项目资金总额 {ctx.yuan(f.project_total_fen)}与年度资金申请总额相同，"
        f"未含以后年度的资金：请核对项目资金总额和计划日期。",
        (f.project_total_fen, f.annual_request_fen, field, text)))
    return results
