"""Family 7 (per node) — required fields, section numbering, numbered items, the same event counted the same."""
from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from functools import lru_cache
from operator import attrgetter
from typing import cast

from ...domain.model import SECTION_KEYS
from ...domain.vocabulary import FIELD_LABELS, SECTION_HEADINGS
from .. import evidence
from ..context import NodeContext
from ..findings import Finding, rule

_REQUIRED_FUNDING = ("project_total_fen", "annual_request_fen")
_DEFAULT_HEADER = ("name", "category", "supervising_dept", "implementing_unit", "planned_start", "planned_end")


@rule("F-REQ-01", "consistency", "error", "申报表必填项未填")
def header_filled(ctx: NodeContext) -> list[Finding]:
    """模板表头中的每一项（项目名称、项目性质（2026 模板）、项目类别、主管部门、实施单位、计划开始/完成日期）
    以及项目资金总额、年度资金申请总额都必须填写。"""
    results: list[Finding] = []
    form = ctx.form
    fields = ctx.template.header_fields if ctx.template else _DEFAULT_HEADER
    for name in fields:
        value = ctx.node.name if name == "name" else getattr(form, name, None)
        if value is None or (value.__class__ is str and (not value or value.isspace())):
            label = FIELD_LABELS.get(name, name)
            results.append(ctx.finding("F-REQ-01", name, f"{label}未填写。", (),
                                       evidence=(evidence.text(name, None),), fix=f"填写{label}。"))
    funding = form.funding
    if funding.project_total_fen is None or funding.annual_request_fen is None:
        for name in _REQUIRED_FUNDING:
            if getattr(funding, name) is None:
                results.append(ctx.finding("F-REQ-01", name, f"{FIELD_LABELS[name]}未填写。", (),
                                           evidence=(evidence.funding(form, name),), fix=f"填写{FIELD_LABELS[name]}。"))
    return results


@rule("F-REQ-02", "consistency", "error", "绩效目标未填")
def goals_filled(ctx: NodeContext) -> list[Finding]:
    """年度总体目标必须填写（错误）。项目总目标可空，但计划日期跨出预算年度（多年项目）时应填写（警告）。"""
    results: list[Finding] = []
    if not ctx.form.annual_goal.strip():
        results.append(ctx.finding("F-REQ-02", "annual_goal", "年度总体目标未填写。", (),
                                   evidence=(evidence.text("annual_goal", None),),
                                   fix="写明本年度要达到的产出和效果（数量、质量、时效、效益）。"))
    if not ctx.form.overall_goal.strip() and not ctx.single_year:
        form = ctx.form
        dates = [f"{d.isoformat()}" for d in (form.planned_start, form.planned_end) if d is not None]
        results.append(ctx.finding("F-REQ-02", "overall_goal",
                                   f"计划日期（{' 至 '.join(dates)}）跨出 {ctx.budget_year} 预算年度（多年项目），"
                                   f"但项目总目标未填写。",
                                   (), "warning",
                                   evidence=(evidence.text("overall_goal", None),
                                             evidence.text("planned_start", _iso(form.planned_start)),
                                             evidence.text("planned_end", _iso(form.planned_end)))))
    return results


def _iso(value: object) -> str | None:
    return value.isoformat() if isinstance(value, date) else None


_SECTIONS_REQUIRED = ("overview", "basis", "implementer", "plan", "period")


def _blank(text: str) -> bool:
    """``not text.strip()`` without making the stripped copy."""
    return not text or text.isspace()


@rule("F-REQ-03", "consistency", "warning", "项目经费情况说明有空白章节")
def sections_filled(ctx: NodeContext) -> list[Finding]:
    """一、项目概述至五、实施周期须有文字；六、年度预算安排须有文字或预算明细（警告）。七、绩效目标空白为提示。"""
    results: list[Finding] = []
    sections = ctx.explanation.sections
    for key in _SECTIONS_REQUIRED:
        section = sections.get(key)
        if section is not None and _blank(section.text):
            results.append(ctx.finding("F-REQ-03", f"section:{key}", f"{SECTION_HEADINGS[key]}没有内容。", (),
                                       evidence=(evidence.text(f"section:{key}", None),)))
    budget = sections.get("budget")
    if budget is not None and _blank(budget.text) and not ctx.has_lines:
        results.append(ctx.finding("F-REQ-03", "section:budget", "六、年度预算安排既没有文字也没有预算明细。", (),
                                   evidence=(evidence.text("section:budget", None),)))
    targets = sections.get("targets")
    if targets is not None and _blank(targets.text):
        results.append(ctx.finding("F-REQ-03", "section:targets",
                                   "七、绩效目标没有内容（可写“见财政项目支出绩效目标申报表”）。", (), "info",
                                   evidence=(evidence.text("section:targets", None),),
                                   fix="可写“见财政项目支出绩效目标申报表”。"))
    return results


_NUMERALS = "一二三四五六七八九十"


@rule("F-CONS-02", "consistency", "warning", "章节编号不对")
def section_numbering(ctx: NodeContext) -> list[Finding]:
    """七个章节按一至七编号；改写过的章节标题若以别的编号开头（如第四节印成“五、实施方案”，与“五、实施周期”
    重号）为警告。标题文字可以不同，只查编号。"""
    results: list[Finding] = []
    sections = ctx.explanation.sections
    if all(section.heading is None for section in sections.values()):
        return results  # every heading as standard: nothing renumbered
    for position, key in enumerate(SECTION_KEYS):
        section = sections.get(key)
        heading = (section.heading or "").strip() if section else ""
        if not heading or "、" not in heading:
            continue
        number = heading.split("、", 1)[0].strip()
        expected = _NUMERALS[position]
        if number == expected or not number or any(ch not in _NUMERALS for ch in number):
            continue
        clash = next((SECTION_HEADINGS[k] for i, k in enumerate(SECTION_KEYS)
                      if k != key and SECTION_HEADINGS[k].startswith(number + "、")), None)
        extra = f"，与“{clash}”重号" if clash else ""
        results.append(ctx.finding("F-CONS-02", f"section:{key}",
                                   f"第{expected}节标题印作“{heading}”，编号应为“{expected}、”{extra}。", (heading,),
                                   evidence=(evidence.Operand(f"section:{key}", heading),),
                                   fix=f"把标题改为“{expected}、{heading.split('、', 1)[1].strip()}”。"))
    return results


#: an item number ("1、", "2.", "3．"), counted only at the start of the text, a line or a sentence (blanks
#: may come between): the regex consumes the "\n" that starts the line, so it matches only there; a digit can
#: never come right before the number ("123、" is no item 23). The text is searched after "\n" (its start is
#: a line start) and with 。；; turned into "\n" (a sentence start is one too): a regex starting with one
#: literal character skips ahead fast, one starting with a character class looks at every character.
_ITEM = re.compile(r"\n[ \t\u3000]*([0-9]{1,2})[ \t]*[、.．](?![0-9])")


@lru_cache(maxsize=4096)
def _numbering_gap(text: str) -> tuple[int, int] | None:
    """(expected, written) at the first item number that neither continues the list nor restarts it at 1."""
    if "、" not in text and "." not in text and "．" not in text:
        return None
    previous = 0
    for digits in _ITEM.findall(("\n" + text).replace("。", "\n").replace("；", "\n").replace(";", "\n")):
        number = int(digits)
        if number not in (previous + 1, 1):
            return previous + 1, number
        previous = number
    return None


#: Sections whose prose may carry numbered items or event names (实施周期/预算安排/绩效目标 are short).
_PROSE_SECTIONS = ("overview", "basis", "implementer", "plan")


#: (field, label, text) of a piece of prose; an event mention: (event key, ordinal, as written, field, label).
Prose = tuple[str, str, str]
Mention = tuple[str, int, str, str, str]


def _texts(ctx: NodeContext) -> list[Prose]:
    """(field, label, text) of the node's prose: sections 一 to 四 and the two goals (worked out once)."""
    texts = ctx.memo.get("texts")
    if texts is None:
        texts = ctx.memo["texts"] = _prose(ctx)
    return cast(list[Prose], texts)


_PROSE_PLACES = tuple((key, f"section:{key}", SECTION_HEADINGS[key]) for key in _PROSE_SECTIONS)


def _prose(ctx: NodeContext) -> list[Prose]:
    sections = ctx.explanation.sections
    out: list[Prose] = []
    for key, field, label in _PROSE_PLACES:
        section = sections.get(key)
        if section is not None and section.text:
            out.append((field, label, section.text))
    if ctx.form.overall_goal:
        out.append(("overall_goal", FIELD_LABELS["overall_goal"], ctx.form.overall_goal))
    if ctx.form.annual_goal:
        out.append(("annual_goal", FIELD_LABELS["annual_goal"], ctx.form.annual_goal))
    return out


@rule("F-CONS-03", "consistency", "info", "条目编号不连续")
def item_numbering(ctx: NodeContext) -> list[Finding]:
    """段落开头或句号后的条目编号（1、2、… 或 1. 2. …）应连续；跳号或重号为提示（从 1 重新开始不算）。"""
    results: list[Finding] = []
    for field, label, text in _texts(ctx):
        gap = _numbering_gap(text)
        if gap:
            expected, written = gap
            results.append(ctx.finding("F-CONS-03", field,
                                       f"{label}的条目编号从 {expected - 1} 跳到 {written}，应为 {expected}。",
                                       (expected, written), evidence=(evidence.text(field, text),),
                                       fix=f"把“{written}”改为“{expected}”，或补上漏掉的条目。"))
    return results


_ORDINAL = re.compile(r"第([一二三四五六七八九十百零〇两0-9]{1,4})届(.{0,40}?)(大赛|论坛|峰会|大会|会议|博览会|展览会|"
                      r"交易会|运动会|比赛|赛事|活动|节)")
_QUOTES = str.maketrans("", "", "“”\"'‘’《》「」『』 \u3000\t\n")
_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}
_DIGITS.update({"〇": 0, "两": 2})


def ordinal_value(text: str) -> int | None:
    """“五” → 5, “十二” → 12, “二十” → 20, “12” → 12."""
    if text.isdigit() and text.isascii():
        return int(text)
    if "百" in text:
        return None
    if "十" in text:
        tens, _, ones = text.partition("十")
        value = (_DIGITS.get(tens, -100) if tens else 1) * 10 + (_DIGITS.get(ones, -100) if ones else 0)
        return value if value > 0 else None
    return _DIGITS.get(text) if len(text) == 1 else None


_NAME = attrgetter("name")


def _event_mentions(ctx: NodeContext) -> Iterator[Mention]:
    """(event key, ordinal, ordinal as written, field, label) for every “第N届…大赛” the node's texts mention."""
    places = [place for place in _texts(ctx) if "届" in place[2]]
    indicators = ctx.form.indicators
    if "届" in "".join(map(_NAME, indicators)):  # all the names at once: most grids never mention one
        places += [(f"indicator:{row}:name", f"第{row + 1}行三级指标", ind.name)
                   for row, ind in enumerate(indicators) if "届" in ind.name]
    if not places:
        return
    for field, label, text in places:
        for match in _ORDINAL.finditer(text.translate(_QUOTES)):
            value = ordinal_value(match.group(1))
            if value is not None:
                name = (match.group(2) + match.group(3))[-6:]
                yield name, value, match.group(1), field, label


@rule("F-CONS-04", "consistency", "warning", "同一活动的届次前后不一致")
def event_ordinals_agree(ctx: NodeContext) -> list[Finding]:
    """同一项目的说明、目标和指标里提到同一活动（“第N届……大赛/论坛/会议”，按名称末尾 6 个字认作同一活动）时，
    届次应相同；与多数写法不同的位置报警告（一比一时报在申报表上）。"""
    results: list[Finding] = []
    by_event: dict[str, list[Mention]] = {}
    for mention in _event_mentions(ctx):
        by_event.setdefault(mention[0], []).append(mention)
    for name, mentions in by_event.items():
        counts: dict[int, int] = {}
        for m in mentions:
            counts[m[1]] = counts.get(m[1], 0) + 1
        if len(counts) < 2:
            continue
        # the most frequent ordinal wins; a tie goes to the explanation (printed first), so the form is flagged
        def weight(value: int) -> tuple[int, int]:   # used at once, within this iteration
            return counts[value], sum(1 for m in mentions if m[1] == value and m[3].startswith("section:"))  # noqa: B023
        majority = max(counts, key=weight)
        where = "、".join(dict.fromkeys(m[4] for m in mentions if m[1] == majority))
        written = next(m[2] for m in mentions if m[1] == majority)
        cells = tuple(evidence.Operand(m[3], f"第{m[2]}届…{name}") for m in mentions)
        for _, value, as_written, field, label in mentions:
            if value != majority:
                results.append(ctx.finding("F-CONS-04", field,
                                           f"{label}写“第{as_written}届…{name}”，而{where}写“第{written}届”：届次前后不一致。",
                                           (name, value, majority), evidence=cells,
                                           fix=f"届次改为一致（多数写“第{written}届”）。"))
    return results


_OPTIONAL_FUNDING = (("other_fen", "其他资金（左栏）"), ("carryover_fen", "上年结转资金"),
                     ("annual_other_fen", "其他资金（右栏）"))


@rule("F-ZERO-01", "blanks", "info", "金额空白与 0 混用")
def blank_versus_zero(ctx: NodeContext) -> list[Finding]:
    """空白（未填）和 0 含义不同。同一张表的其他资金、上年结转资金中有的填 0、有的空白时，提示统一：
    没有这项资金就填 0。只是提示，不影响合计（空白按 0 计）。"""
    results: list[Finding] = []
    funding = ctx.form.funding
    values = (funding.other_fen, funding.carryover_fen, funding.annual_other_fen)
    if None not in values or 0 not in values:
        return results  # no blank, or no 0 (the common cases): nothing to compare
    zeros = [label for (_, label), value in zip(_OPTIONAL_FUNDING, values) if value == 0]
    for (name, label), value in zip(_OPTIONAL_FUNDING, values):
        if value is None:
            results.append(ctx.finding("F-ZERO-01", name,
                                       f"{label}空白，而{'、'.join(zeros)}填了 0：没有这项资金请填 0，空白表示未填。",
                                       tuple(zeros),
                                       evidence=tuple(evidence.funding(ctx.form, n) for n, _ in _OPTIONAL_FUNDING),
                                       fix=f"{label}填 0。"))
    return results

