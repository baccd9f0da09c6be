"""Family 2 (per node) — budget lines add up to their parent line, the explanation to the form."""
from __future__ import annotations

import re
from collections.abc import Iterator

from ...domain.model import BudgetLine
from ...domain.vocabulary import SECTION_HEADINGS, chinese_number
from ...domain.wording import name_of  # a label or title without the punctuation printed after it
from .. import evidence
from ..amounts import amount_in_text, wan, wan_unit, within_step, yuan_and_wan
from ..context import NodeContext, squeeze
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
        (total, request), _severity(diff),
        evidence=tuple(evidence.amount(f"group:{i}", s) for i, s in enumerate(subtotals[:MAX_SHOWN_PARTS]))
        + (evidence.funding(ctx.form, "annual_request_fen"),),
        fix=f"核对六、年度预算安排各项金额，或把年度资金申请总额改为 {yuan_and_wan(total, ctx.form.template)}。"))
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
                (line.stated_fen, tuple(amounts)), _severity(diff),
                evidence=(evidence.line(entry.group, entry.indices, line),)
                + tuple(evidence.amount(evidence.line_field(entry.group, entry.indices + (i,), "stated_fen"), a)
                        for i, a in enumerate(amounts[:MAX_SHOWN_PARTS])),
                fix=f"把该行金额改为各项之和 {wan_unit(total)}，或核对其中各项。"))
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
        (stated, request), _severity(diff),
        evidence=(evidence.text("section:budget", section.text if section else ""),
                  evidence.funding(ctx.form, "annual_request_fen"))))
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
                (stated, total), _severity(diff),
                evidence=(evidence.text(f"group:{index}", text), evidence.amount(f"group:{index}", total))))
    return results



# ---- amounts written in the prose of the explanation, against the budget lines -------------------------

#: an amount in prose (whitespace gone, NFKC): "250万", "102.5万元", "30,000元"; not a rate ("2.5万/人/年")
_PROSE_AMOUNT = re.compile(r"([0-9][0-9,]*(?:\.[0-9]+)?)(万元|万|元)(?![/每])")
#: words that make an amount the total of the item its paragraph is about ("全年合计 102.5万元")
_TOTAL_WORDS = ("合计", "共计", "总计", "总额", "预算", "预计", "约", "安排", "共需", "需要")
#: words that make an amount a part of the item, not its whole ("其中劳务费 2 万元", "含税 5 万元")
_PART_WORDS = ("其中", "含", "包括", "另")
#: a numbered item's name at the start of a paragraph: "1、G60日常办公经费项目：", "8、重大活动经费项目实施主体："
_ITEM_HEAD = re.compile(r"^[0-9]{1,2}[、.．]([^:：。,，;；()]{2,40}?)(?:项目)?(?:实施主体)?[:：]")
_CLAUSE_END = "、,;:。!?()"
#: the words as the clerk wrote them (NFKC turned the full-width punctuation into ASCII)
_FULL_WIDTH = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"})
_PROSE_SECTIONS = ("overview", "basis", "implementer", "plan")
MIN_PREFIX = 3


def _cjk(text: str) -> int:
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")


def _owner_before(body: str, position: int) -> str:
    """The name written right before ``position`` (back to the previous 、，；：。 or parenthesis)."""
    start = position
    while start > 0 and body[start - 1] not in _CLAUSE_END:
        start -= 1
    return body[start:position]


def _tied_amounts(paragraph: str) -> Iterator[tuple[str, int, str]]:
    """(owner name, amount in 分, the words that tie them) for each amount a paragraph ties to a named item:
    an amount alone in parentheses right after a name ("进博会九城市配套活动（…预计250万）"), or a total
    ("合计/共计/预计 … X 万元") in a numbered item ("1、G60日常办公经费项目：…全年合计102.5万元")."""
    body = squeeze(paragraph)
    head = _ITEM_HEAD.match(body)
    for match in _PROSE_AMOUNT.finditer(body):
        amount = amount_in_text(match.group(1) + match.group(2))
        if amount is None:
            continue
        opening = body.rfind("(", 0, match.start())
        closing = body.find(")", match.end())
        if opening >= 0 and ")" not in body[opening:match.start()] and closing >= 0:
            inside = body[opening + 1:closing]
            lead = body[opening + 1:match.start()]
            # the item's whole amount: alone in the parentheses, or after 预计/约/合计 …; not a part (其中, 含 …)
            whole = not lead or any(word in lead for word in _TOTAL_WORDS)
            if len(_PROSE_AMOUNT.findall(inside)) == 1 and whole and not any(w in lead for w in _PART_WORDS):
                owner = _owner_before(body, opening)
                if _cjk(owner) >= 2:
                    yield owner, amount, body[opening - len(owner):closing + 1]
            continue
        before = body[max(0, match.start() - 8):match.start()]
        if any(word in before for word in _PART_WORDS):
            continue
        before = before[-6:]
        if head is not None and any(word in before for word in _TOTAL_WORDS):
            owner = head.group(1)
            yield owner, amount, body[max(0, match.start() - 12):match.end()]


def _named_lines(ctx: NodeContext, owner: str) -> tuple[str, list[tuple[str, str, int]], int] | None:
    """(what, [(field, label, amount)], total) of the budget entries ``owner`` names: a budget group whose title
    it names, else the lines whose names start with the longest beginning of ``owner`` (≥ 3 characters, 2 of
    them Chinese) that any line's name starts with. None when nothing is named."""
    groups = ctx.explanation.budget_groups
    for index, group in enumerate(groups):
        name = name_of(group.title)
        title = squeeze(name)
        if _cjk(title) >= 2 and (title in owner or (len(owner) >= 4 and owner in title)):
            what = f"“{chinese_number(index + 1)}、{name}”合计"
            return what, [(f"group:{index}", f"{chinese_number(index + 1)}、{name}", ctx.group_total(index))], \
                ctx.group_total(index)
    labels: list[tuple[int, tuple[int, ...], BudgetLine, str]] = []
    for index, group in enumerate(groups):
        stack: list[tuple[tuple[int, ...], BudgetLine]] = [((i,), line) for i, line in enumerate(group.lines)]
        while stack:
            indices, line = stack.pop(0)
            labels.append((index, indices, line, squeeze(name_of(line.label))))
            stack[:0] = [(indices + (i,), child) for i, child in enumerate(line.children)]
    for size in range(len(owner), MIN_PREFIX - 1, -1):
        prefix = owner[:size]
        if _cjk(prefix) < 2:
            break
        chosen: list[tuple[int, tuple[int, ...], BudgetLine]] = []
        covered: list[tuple[int, tuple[int, ...]]] = []
        for group_index, indices, line, label in labels:
            if label.startswith(prefix) and not any(indices[:len(c[1])] == c[1] and c[0] == group_index
                                                    for c in covered):
                chosen.append((group_index, indices, line))
                covered.append((group_index, indices))
        if chosen:
            parts = [(evidence.line_field(g, i, "stated_fen"),
                      f"{chinese_number(g + 1)}、{name_of(groups[g].title)}（{i[0] + 1}）{name_of(line.label)}",
                      ctx.line_amount(line))
                     for g, i, line in chosen]
            return f"以“{prefix}”开头的各项", parts, sum(p[2] for p in parts)
    return None


@rule("F-SUM-09", "sums", "warning", "说明文字中的金额与预算明细不符")
def prose_amounts_match_lines(ctx: NodeContext) -> list[Finding]:
    """项目经费情况说明一至四节的文字里，只读与某一具体事项连在一起的金额：紧跟在事项名称后的括号里唯一的金额，
    括号里只有这个金额或写明预计/约/合计（“进博会九城市配套活动（场地租金……等预计 250 万）”），或编号条目
    （“1、G60日常办公经费项目：”）中写明的合计/共计/预计金额；写明“其中/含/包括”的是一部分，不读。与六、年度预算安排中同名的分组合计（分组标题被写到），或名称以该事项名称开头的各行之和
    比较：相差超过 0.01 万元为警告，消息写出两处的位置和金额。单价（“2.5万/人/年”）和找不到同名预算明细的金额不查。"""
    results: list[Finding] = []
    if not ctx.has_lines:
        return results
    sections = ctx.explanation.sections
    prose = "".join([sections[key].text for key in _PROSE_SECTIONS if key in sections])
    if "万" not in prose and "元" not in prose:
        return results  # the common explanation: no amount in its prose
    for key in _PROSE_SECTIONS:
        section = sections.get(key)
        text = section.text if section is not None else ""
        if not text or ("万" not in text and "元" not in text):
            continue
        for paragraph in text.splitlines():
            if "万" not in paragraph and "元" not in paragraph:
                continue
            for owner, amount, words in _tied_amounts(paragraph):
                named = _named_lines(ctx, owner)
                if named is None:
                    continue
                what, parts, total = named
                diff = amount - total
                if within_step(diff):
                    continue
                heading = f"{SECTION_HEADINGS[key]}"
                shown = " + ".join(f"{label} {wan(fen)}" for _, label, fen in parts[:MAX_SHOWN_PARTS])
                if len(parts) > 1:
                    shown += f" = {wan_unit(total)}"
                else:
                    shown += " 万元"
                results.append(ctx.finding(
                    "F-SUM-09", f"section:{key}",
                    f"{heading}写“{words.translate(_FULL_WIDTH)}”，即 {wan_unit(amount)}；"
                    f"而六、年度预算安排中{what}：{shown}，"
                    f"相差 {wan_unit(abs(diff))}：请核对说明中的金额或预算明细。",
                    (owner, amount, total),
                    evidence=(evidence.text(f"section:{key}", words.translate(_FULL_WIDTH)),)
                    + tuple(evidence.amount(field, fen) for field, _, fen in parts[:MAX_SHOWN_PARTS]),
                    fix=f"说明中的金额改为 {wan_unit(total)}，或调整预算明细。"))
    return results
