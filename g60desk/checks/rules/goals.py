"""Family 9 — the goals as a bureau reviewer reads them: results rather than spending, and every number a goal
promises measured by an indicator."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import cast

from ...domain.vocabulary import FIELD_LABELS
from .. import evidence
from ..context import NodeContext, compact
from ..findings import Finding, rule

_GOAL_FIELDS = ("overall_goal", "annual_goal")


def _body(text: str) -> str:
    """The text as compared: without whitespace. Full-width digits and punctuation are matched as they are by the
    regexes below (NFKC of a whole goal would cost ten times more than the rules themselves)."""
    return "".join(text.split())


_HALF_WIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")
_SENTENCE_END = re.compile(r"[。;；!！?？]")
_ITEM_MARK = re.compile(r"^[(（]?[0-9０-９]{1,2}[、.．)）]|^[一二三四五六七八九十]、")


def sentences(text: str) -> list[str]:
    """The sentences of a goal, without the item numbers ("1." "2、" "（3）")."""
    out = []
    for part in _SENTENCE_END.split(_body(text)):
        part = _ITEM_MARK.sub("", part.strip(",，、:："))
        if part:
            out.append(part)
    return out


# ---- spending instead of results -------------------------------------------------------------------------

#: what a sentence about spending says: “用于……费用”, “支付……”, “……经费支出”
_SPENDING = re.compile(r"用于.{0,40}?(?:费|经费|支出|开支|款|租金|补贴|补助|工资|报酬|薪酬)"
                       r"|支付|拨付|列支|缴纳|(?:费用|经费)(?:的)?(?:支出|开支|保障)")
#: what a sentence about results says: a change, a level reached, a count or a rate
_RESULT = re.compile(r"提升|提高|增强|促进|推动|实现|达到|达成|确保|改善|满意|覆盖|减少|降低|形成|建成|完成率|效率|"
                     r"效益|质量|水平|正常运[转行]|顺利|按时|及时|不少于|不低于|以上|[≥＞>]|"
                     r"[0-9０-９]+(?:[.．][0-9０-９]+)?(?:%|％|个|家|人|次|场|篇|项|份|户|所|期|批)")


def spending_only(sentence: str) -> bool:
    """True when a sentence says where money goes and nothing about what it achieves."""
    return _SPENDING.search(sentence) is not None and _RESULT.search(sentence) is None


@rule("F-GOAL-01", "goals", "info", "绩效目标只写了资金用途")
def goals_describe_results(ctx: NodeContext) -> list[Finding]:
    """绩效目标应写明用这笔钱要达到的产出和效果（做成什么、做多少、做到什么程度），而不是钱花在哪里。项目总目标或
    年度总体目标的每一句都只是资金用途（“用于……费用”“支付……”“……经费支出”），没有任何产出、效果、数量或
    比率时为提示，并给出这句话。"""
    results: list[Finding] = []
    form = ctx.form
    for field in _GOAL_FIELDS:
        text = getattr(form, field)
        # (费 covers 经费, 费用 and 用于……费)
        if not text or ("费" not in text and "支付" not in text and "拨付" not in text and "列支" not in text
                        and "缴纳" not in text):
            continue
        label = FIELD_LABELS[field]
        parts = [s for s in sentences(text) if len(s) >= 4]
        if not parts or not all(spending_only(s) for s in parts):
            continue
        shown = parts[0] if len(parts[0]) <= 40 else parts[0][:40] + "…"
        more = f"（共 {len(parts)} 句，都是如此）" if len(parts) > 1 else ""
        results.append(ctx.finding(
            "F-GOAL-01", field,
            f"{label}“{shown}”{more}只写了资金用途，没有写要达到的产出和效果：绩效目标应写明做成什么、做多少、"
            f"做到什么程度（如“全年开放不少于300天，服务对象满意度≥90%”）。",
            (text,), evidence=(evidence.text(field, text),),
            fix="改写为产出和效果：数量、质量、时效和受益对象的变化。"))
    return results


# ---- a number in a goal that no indicator measures -------------------------------------------------------

#: the first character of a unit that counts things, right after a digit (“举办4场”, “培训280人次”). The regex
#: starts with the unit's character class and looks back for the digit: sre then skips ahead over the text in C,
#: several times faster than a pattern starting with the digits (this rule reads every goal of a bureau's file)
_UNIT_CHARS = "人场家户批个篇次名位期项份本册所套台部条门件座处课学"
_UNIT_AFTER_DIGIT = re.compile(f"[{_UNIT_CHARS}](?<=[0-9０-９][{_UNIT_CHARS}])")
#: the same, leaving out a number right after 第, + or / (第12项, 15+1条) — for the common goal the rule needs no
#: more than the units' first characters, found in one call without a Python loop (fixed-width lookbehinds for
#: numbers of one to three digits)
_NOT_AFTER = "[第+/＋／]"
_UNIT_CHAR_AFTER_COUNT = re.compile(
    f"[{_UNIT_CHARS}](?<=[0-9０-９][{_UNIT_CHARS}])"
    + "".join(f"(?<!{_NOT_AFTER}[0-9０-９]{{{n}}}[{_UNIT_CHARS}])" for n in (1, 2, 3)))
#: first characters of units that count the same thing (名 and 位 are people, 学时 are 课时 …)
_SAME_FIRST = {"名": "人", "位": "人", "册": "本", "学": "课"}
_ALSO_FIRST = {"人": ("名", "位"), "本": ("册",), "课": ("学",)}
_TWO_CHAR_UNITS = frozenset(("人次", "场次", "家次", "户次", "批次", "课时", "学时"))
_NUMBER_CHARS = frozenset("0123456789.０１２３４５６７８９．")
#: what may not come right before the number: part of a name (15+1条, G60), a ratio, an ordinal (第5届)
_NOT_BEFORE = frozenset("+/第＋／")
_ONE_CHAR_UNITS = frozenset(_UNIT_CHARS) - {"课", "学"}
#: names and quotations: numbers inside them are names, not promises
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|《[^》]*》|‘[^’]*’|「[^」]*」")
_CLAUSE = re.compile(r"[,，、;；:：。()（）]")
#: counting units that measure the same thing
_SAME_UNIT = {"人次": "人", "名": "人", "位": "人", "场次": "场", "家次": "家", "户次": "户", "批次": "批", "册": "本",
              "学时": "课时"}
_CONTEXT = 8


@lru_cache(maxsize=1024)
def _unit_key(unit: str) -> str:
    unit = unit.partition("/")[0]
    return _SAME_UNIT.get(unit, unit)


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def _counts_in(body: str) -> list[tuple[str, str, int]]:
    """(number, unit, where the number starts) of every count in a text without whitespace."""
    out = []
    for match in _UNIT_AFTER_DIGIT.finditer(body):
        at = match.start()
        start = at
        while start and body[start - 1] in _NUMBER_CHARS:
            start -= 1
        number = body[start:at].strip(".．")
        if not number or (start and body[start - 1] in _NOT_BEFORE):
            continue
        unit = body[at:at + 2]
        if unit not in _TWO_CHAR_UNITS:
            unit = body[at]
            if unit not in _ONE_CHAR_UNITS:
                continue  # 课/学 without 时
        out.append((number if number.isascii() else number.translate(_HALF_WIDTH), unit, start))
    return out


def _count_unit_chars(text: str) -> list[str]:
    """The first characters of the units of a goal's counts (人 of 人次 …); quoted names not left out, so a few
    more than :func:`goal_counts` finds."""
    return _UNIT_CHAR_AFTER_COUNT.findall("".join(text.split()))


def goal_counts(text: str) -> list[tuple[str, str, str]]:
    """(number, unit, the words before it) of every count a goal promises ("举办4场" → ("4", "场", "举办")); numbers
    in quotes and 书名号 are names, not counts."""
    body = _body(text)
    if "“" in body or "《" in body or '"' in body or "‘" in body or "「" in body:
        body = _QUOTED.sub("", body)
    return [(number, unit, _CLAUSE.split(body[max(0, start - _CONTEXT):start])[-1])
            for number, unit, start in _counts_in(body)]


def _counted_keys(ctx: NodeContext) -> set[str]:
    """The units the node's quantitative indicators count in, as compared (人次 and 名 as 人 …)."""
    keys = ctx.memo.get("counted keys")
    if keys is None:
        units = {row.unit for row in ctx.indicator_rows if row.number is not None}
        keys = ctx.memo["counted keys"] = {_unit_key(unit) for unit in units if unit}
    return cast(set[str], keys)


@lru_cache(maxsize=1024)
def _first_chars_measured(unit: str) -> tuple[str, ...]:
    """The first characters of goal units an indicator counted in ``unit`` measures (人次 → 人, 名, 位 …)."""
    if not unit:
        return ()
    key = _unit_key(unit)[0]
    key = _SAME_FIRST.get(key, key)
    return (key,) + _ALSO_FIRST.get(key, ())


def _quantity_first_chars(ctx: NodeContext) -> set[str]:
    """The first characters of goal units that the node's 数量指标 measure."""
    rows = ctx.indicator_rows
    chars: set[str] = set()
    for index in ctx.quantity_rows:
        chars.update(_first_chars_measured(rows[index].unit))
    return chars


def _named_like(ctx: NodeContext, before: str) -> bool:
    """A quantitative indicator whose name shares two pairs of characters with the words before a count."""
    words = _bigrams(before)
    if not words:
        return False
    names = ctx.memo.get("quantitative name pairs")
    if names is None:
        indicators = ctx.form.indicators
        names = ctx.memo["quantitative name pairs"] = [
            _name_pairs(indicators[index].name) for index, row in enumerate(ctx.indicator_rows)
            if row.number is not None]
    return any(len(words & pairs) >= 2 for pairs in cast(list[frozenset[str]], names))


@lru_cache(maxsize=8192)
def _name_pairs(name: str) -> frozenset[str]:
    """The pairs of characters of an indicator name (names recur from form to form)."""
    return frozenset(_bigrams(compact(name)))


@rule("F-GOAL-02", "goals", "warning", "绩效目标中的数量没有对应的指标")
def goal_numbers_have_indicators(ctx: NodeContext) -> list[Finding]:
    """项目总目标或年度总体目标写了要做多少（“举办4场”“培训280人次”“形成研究报告1份”），绩效指标中就应有衡量它的
    定量指标：单位相同（人次、名、位都按人算，场次按场算），或名称写的就是这件事（“研究报告数量 ≥1个”）。没有时
    为警告（目标无法考核）。年份、月份、百分比、金额、序数（第五届）和引号、书名号里的名称中的数字不算。"""
    results: list[Finding] = []
    form = ctx.form
    for field in _GOAL_FIELDS:
        text = getattr(form, field)
        if not text:
            continue
        chars = _count_unit_chars(text)
        if not chars or _quantity_first_chars(ctx).issuperset(chars):
            continue  # the usual goal: every count has a 数量指标 in its unit
        keys = _counted_keys(ctx)
        missing = [(number, unit, before) for number, unit, before in goal_counts(text)
                   if _unit_key(unit) not in keys and not _named_like(ctx, before)]
        if not missing:
            continue
        label = FIELD_LABELS[field]
        shown = "、".join(f"“{before}{number}{unit}”" for number, unit, before in missing[:6])
        unit_names = "、".join(dict.fromkeys(f"“{unit}”" for _, unit, _ in missing))
        number, unit, _ = missing[0]
        results.append(ctx.finding(
            "F-GOAL-02", field,
            f"{label}写了{shown}，但绩效指标中没有以{unit_names}计量、也没有名称对应的定量指标：目标中的数量无法考核。",
            tuple(missing), evidence=(evidence.text(field, text),),
            fix=f"在数量指标中补充对应的指标（如“≥{number}({unit})”）。"))
    return results
