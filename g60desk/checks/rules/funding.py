"""Family 1 — the 项目资金（元） block adds up: left column, right column, and the two columns together."""
from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from ...domain.vocabulary import FIELD_LABELS, SECTION_HEADINGS, chinese_number
from ...domain.wording import name_of  # a label or title without the punctuation printed after it
from .. import evidence
from ..amounts import amount_in_text, wan_unit
from ..context import NodeContext
from ..findings import Finding, Operand, rule
from ..periods import parse_period

# Amounts on the form are exact 元 typed by the clerk: nothing is rounded, so 1 分 off is already wrong.


def _cell(ctx: NodeContext, name: str, label: str) -> str:
    value = getattr(ctx.form.funding, name)
    return f"{label}（空白）" if value is None else f"{label} {ctx.yuan(value)}"


def _cells(ctx: NodeContext, *names: str) -> tuple[Operand, ...]:
    return tuple(evidence.funding(ctx.form, name) for name in names)


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
            (f.project_total_fen, f.fiscal_fen, f.other_fen),
            evidence=_cells(ctx, "project_total_fen", "fiscal_fen", "other_fen"),
            fix=f"核对左栏三格：项目资金总额应等于财政资金与其他资金之和 {ctx.yuan(parts)}。"))
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
            (f.annual_request_fen, f.appropriation_fen, f.carryover_fen, f.annual_other_fen),
            evidence=_cells(ctx, "annual_request_fen", "appropriation_fen", "carryover_fen", "annual_other_fen"),
            fix=f"核对右栏四格：年度资金申请总额应等于三项来源之和 {ctx.yuan(parts)}。"))
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
            (f.annual_request_fen, f.project_total_fen),
            evidence=_cells(ctx, "annual_request_fen", "project_total_fen")))
    return results


_PAIRS = (
    ("project_total_fen", ("annual_request_fen",), "项目资金总额", ("年度资金申请总额",)),
    ("fiscal_fen", ("appropriation_fen", "carryover_fen"), "财政资金", ("当年财政拨款", "上年结转资金")),
    ("other_fen", ("annual_other_fen",), "其他资金（左栏）", ("其他资金（右栏）",)),
)


def _said_multi_year(ctx: NodeContext) -> bool:
    """The explanation says the project runs over several years: 五、实施周期 reaches outside the budget year,
    or 六、年度预算安排 calls something 跨年/多年度/分年."""
    period = parse_period(ctx.section_text("period"))
    if period is not None and (period[0].year != ctx.budget_year or period[1].year != ctx.budget_year):
        return True
    return next(_cross_year_mentions(ctx), None) is not None


@rule("F-FUND-04", "funding", "warning", "单年度项目的左右两栏应一致")
def single_year_columns_agree(ctx: NodeContext) -> list[Finding]:
    """计划开始和完成日期都填了、都在预算年度内，而且说明也没有写成跨年度（五、实施周期的起止在预算年度内，
    六、年度预算安排没有“跨年/多年度/分年”）的项目，全部资金都是本年的：项目资金总额 = 年度资金申请总额，
    财政资金 = 当年财政拨款 + 上年结转资金，其他资金左栏 = 右栏（空白按 0 计，精确到分）。计划日期有一个空白、
    任一日期在预算年度外，或说明写成跨年度时不查（另有规则核对日期）；两个总额有一个空白时不比较总额（由 F-REQ-01
    报告）。消息写出读到的日期和每一格的值（空白写作“空白”）。"""
    results: list[Finding] = []
    f = ctx.form.funding
    if f.project_total_fen == f.annual_request_fen and f.other_fen == f.annual_other_fen \
            and f.fiscal_fen == (f.appropriation_fen or 0) + (f.carryover_fen or 0):
        return results
    start, end, year = ctx.form.planned_start, ctx.form.planned_end, ctx.budget_year
    if not (isinstance(start, date) and isinstance(end, date)) or start.year != year or end.year != year:
        return results
    if _said_multi_year(ctx):
        return results
    for left, rights, left_label, right_labels in _PAIRS:
        if left == "project_total_fen" and (f.project_total_fen is None or f.annual_request_fen is None):
            continue  # a blank total is F-REQ-01's
        cells = [getattr(f, name) for name in (left,) + rights]
        if all(value is None for value in cells):
            continue
        left_fen, right_fen = ctx.fen(left), sum(ctx.fen(name) for name in rights)
        if left_fen == right_fen:
            continue
        right_text = " + ".join(_cell(ctx, name, label) for name, label in zip(rights, right_labels))
        if len(rights) > 1:
            right_text += f" = {ctx.yuan(right_fen)}"
        results.append(ctx.finding(
            "F-FUND-04", left,
            f"计划日期 {start.isoformat()} 至 {end.isoformat()} 都在 {year} 年内（单年度项目），但"
            f"{_cell(ctx, left, left_label)} ≠ {right_text}，相差 {ctx.yuan(abs(left_fen - right_fen))}。"
            f"若项目跨年度，请改计划日期；否则两栏应相同。",
            (left_fen, right_fen, start, end),
            evidence=(evidence.text("planned_start", start.isoformat()), evidence.text("planned_end", end.isoformat()))
            + _cells(ctx, left, *rights),
            fix="两栏改为相同的金额，或把计划日期改为跨年度的起止。"))
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
        f"{where}写有“{shown}”，但项目资金总额 {ctx.yuan(f.project_total_fen)}与年度资金申请总额 "
        f"{ctx.yuan(f.annual_request_fen)}相同，未含以后年度的资金：请核对项目资金总额和计划日期。",
        (f.project_total_fen, f.annual_request_fen, field, text),
        evidence=(evidence.text(field, text),) + _cells(ctx, "project_total_fen", "annual_request_fen")))
    return results


# ---- carry-over named in the words vs declared on the form ---------------------------------------------

#: words naming money carried over from an earlier year (a regex over Chinese text is slow: the rule looks
#: for 结转/结余 first)
_CARRY_OVER = re.compile(r"上年结转|以前年度结转|结转资金|结转结余|上年结余")
#: a negation right before the words: “无上年结转资金”“不含结转资金”“不涉及上年结转” name none
_NEGATION = re.compile(r"(?:无|不含|未含|没有|未有|非|不涉及|未涉及|不存在|不包括|不包含|未使用|不使用|未安排)$")
_CARRY_AMOUNT = re.compile(r"^[^。；;，,]{0,8}?([0-9][0-9,]*(?:\.[0-9]+)?)(万元|万|元)(?![/每])")


def _carry_over_texts(ctx: NodeContext) -> Iterator[tuple[str, str, str]]:
    """(field, label, text) of the words a reviewer reads for a carry-over: the goals, the sections where a form
    speaks of its money (一、项目概述, 四、实施方案, 六、年度预算安排, 七、绩效目标), the budget groups' titles
    and texts."""
    form = ctx.form
    yield "overall_goal", FIELD_LABELS["overall_goal"], form.overall_goal
    yield "annual_goal", FIELD_LABELS["annual_goal"], form.annual_goal
    sections = ctx.explanation.sections
    for key in _MONEY_SECTIONS:
        section = sections.get(key)
        if section is not None:
            yield f"section:{key}", SECTION_HEADINGS[key], section.text
    for index, group in enumerate(ctx.explanation.budget_groups):
        label = f"{SECTION_HEADINGS['budget']}·{chinese_number(index + 1)}、{name_of(group.title)}"
        yield f"group:{index}", label, group.title + ("：" if group.title and group.text else "") + group.text


#: the sections where a form speaks of its money (立项依据 quotes policies, 实施主体/周期 name who and when)
_MONEY_SECTIONS = ("overview", "plan", "budget", "targets")


def _may_name_carry_over(ctx: NodeContext) -> bool:
    """结转 or 上年结余 may be written in the words: one scan of all of them joined for 结 (rare enough)."""
    form, explanation = ctx.form, ctx.explanation
    sections = explanation.sections
    words = [form.annual_goal, form.overall_goal]
    for key in _MONEY_SECTIONS:
        section = sections.get(key)
        if section is not None:
            words.append(section.text)
    for group in explanation.budget_groups:
        words.append(group.title)
        words.append(group.text)
    return "结" in "".join(words)


def carry_over_mentions(ctx: NodeContext) -> list[tuple[str, str, str, int | None]]:
    """(field, label, the words around the mention, amount written right after it in 分 or None) of every
    place that names a carry-over, negations left out."""
    found: list[tuple[str, str, str, int | None]] = []
    for field, label, text in _carry_over_texts(ctx):
        if not text or ("结转" not in text and "上年结余" not in text):
            continue
        body = "".join(text.split())
        for match in _CARRY_OVER.finditer(body):
            if _NEGATION.search(body[max(0, match.start() - 3):match.start()]):
                continue
            after = _CARRY_AMOUNT.match(body[match.end():])
            written = amount_in_text(after.group(1) + after.group(2)) if after else None
            snippet = body[max(0, match.start() - 12):match.end() + 16]
            found.append((field, label, snippet, written))
    return found


@rule("F-FUND-06", "funding", "warning", "说明中的结转资金与申报表不符")
def carry_over_named_as_declared(ctx: NodeContext) -> list[Finding]:
    """绩效目标或项目经费情况说明（一、项目概述，四、实施方案，六、年度预算安排及其各组，七、绩效目标）写到上年结转
    （上年结转、以前年度结转、结转资金、上年结余，前面有“无/不含/没有/不涉及”等的不算），
    而申报表的上年结转资金空白或为 0：警告，请核对是漏填了结转资金还是说明写错了。反过来，上年结转资金填了金额，
    而目标和说明都没有提到结转资金（来源和用途无从核对）：警告。说明紧跟着写了结转金额（“上年结转资金 32 万元”），
    与申报表的上年结转资金不同：警告。"""
    results: list[Finding] = []
    declared = ctx.form.funding.carryover_fen
    if not declared and not _may_name_carry_over(ctx):
        return results  # the common form: no carry-over declared, none named
    mentions = carry_over_mentions(ctx)
    cell = evidence.funding(ctx.form, "carryover_fen")
    shown_declared = "空白" if declared is None else f"填的是 {ctx.yuan(declared)}"
    if mentions and not declared:
        field, label, snippet, _ = mentions[0]
        more = f"（共 {len(mentions)} 处）" if len(mentions) > 1 else ""
        results.append(ctx.finding(
            "F-FUND-06", field,
            f"{label}写有“…{snippet}…”{more}，但申报表的上年结转资金{shown_declared}：请核对是否有上年结转资金"
            f"（有则填入上年结转资金，并相应调整当年财政拨款），没有则改正这段文字。",
            ("named", declared, tuple(m[2] for m in mentions)),
            evidence=(evidence.text(field, snippet), cell),
            fix="有结转资金就填入上年结转资金；没有就删去说明中的“结转”。"))
    elif declared and not mentions:
        results.append(ctx.finding(
            "F-FUND-06", "carryover_fen",
            f"上年结转资金填了 {ctx.yuan(declared)}，但绩效目标和项目经费情况说明都没有提到结转资金：请在"
            f"六、年度预算安排或年度总体目标中说明这笔结转资金的来源和用途。",
            ("declared", declared), evidence=(cell,),
            fix="在说明中写明上年结转资金的来源、金额和用途。"))
    elif declared:
        for field, label, snippet, written in mentions:
            if written is not None and written != declared:
                results.append(ctx.finding(
                    "F-FUND-06", field,
                    f"{label}写有“…{snippet}…”，结转金额 {wan_unit(written)}，而申报表的上年结转资金是 "
                    f"{ctx.yuan(declared)}（{wan_unit(declared)}），相差 {wan_unit(abs(written - declared))}。",
                    ("amount", written, declared),
                    evidence=(evidence.text(field, snippet), cell),
                    fix="说明中的结转金额与申报表的上年结转资金改为一致。"))
                break
    return results
