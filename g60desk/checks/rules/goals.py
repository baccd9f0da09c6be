"""Family 9 — the goals as a bureau reviewer reads them: results rather than spending, and every number a goal
promises measured by an indicator."""
from __future__ import annotations

import re
import unicodedata

from ...domain.vocabulary import FIELD_LABELS
from .. import evidence
from ..context import NodeContext, compact
from ..findings import rule

_GOAL_FIELDS = ("overall_goal", "annual_goal")


def _goals(ctx: NodeContext):
    """(field, label, text) of the goals that are filled."""
    form = ctx.form
    for field in _GOAL_FIELDS:
        text = getattr(form, field)
        if text and not text.isspace():
            yield field, FIELD_LABELS[field], text


def _body(text: str) -> str:
    """The text as compared: NFKC (only when needed), no whitespace."""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return "".join(text.split())


_SENTENCE_END = re.compile(r"[。;!?]")
_ITEM_MARK = re.compile(r"^\(?[0-9]{1,2}[、.)]|^[一二三四五六七八九十]、")


def sentences(text: str) -> list[str]:
    """The sentences of a goal, without the item numbers ("1." "2、" "（3）")."""
    out = []
    for part in _SENTENCE_END.split(_body(text)):
        part = _ITEM_MARK.sub("", part.strip(",、:"))
        if part:
            out.append(part)
    return out


# ---- spending instead of results -------------------------------------------------------------------------

#: what a sentence about spending says: “用于……费用”, “支付……”, “……经费支出”
_SPENDING = re.compile(r"用于.{0,40}?(?:费|经费|支出|开支|款|租金|补贴|补助|工资|报酬|薪酬)"
                       r"|支付|拨付|列支|缴纳|(?:费用|经费)(?:的)?(?:支出|开支|保障)")
#: what a sentence about results says: a change, a level reached, a count or a rate
_RESULT = re.compile(r"提升|提高|增强|促进|推动|实现|达到|达成|确保|改善|满意|覆盖|减少|降低|形成|建成|完成率|效率|"
                     r"效益|质量|水平|正常运[转行]|顺利|按时|及时|不少于|不低于|以上|≥|[0-9]+(?:\.[0-9]+)?(?:%|个|家|人|次|场|篇|项|份|户|所|期|批)")
_SPENDING_HINTS = ("用于", "支付", "拨付", "列支", "缴纳", "经费", "费用")


def spending_only(sentence: str) -> bool:
    """True when a sentence says where money goes and nothing about what it achieves."""
    return _SPENDING.search(sentence) is not None and _RESULT.search(sentence) is None


@rule("F-GOAL-01", "goals", "info", "绩效目标只写了资金用途")
def goals_describe_results(ctx: NodeContext):
    """绩效目标应写明用这笔钱要达到的产出和效果（做成什么、做多少、做到什么程度），而不是钱花在哪里。项目总目标或
    年度总体目标的每一句都只是资金用途（“用于……费用”“支付……”“……经费支出”），没有任何产出、效果、数量或
    比率时为提示，并给出这句话。"""
    results = []
    for field, label, text in _goals(ctx):
        if not any(hint in text for hint in _SPENDING_HINTS):
            continue
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

#: a count in a goal: a number right before a unit that counts things (not a year, month, rate or amount), not
#: an ordinal (第5届), not part of a bigger number or a name (G60, 15+1条 …)
_COUNT = re.compile(r"(?<![0-9.+第/])([0-9]+(?:\.[0-9]+)?)(人次|场次|家次|户次|批次|课时|学时|个|家|篇|场|次|人|名|位|期|批|项|份|本|册|"
                    r"所|户|套|台|部|条|门|件|座|处)")
#: names and quotations: numbers inside them are names, not promises
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|《[^》]*》|‘[^’]*’|「[^」]*」")
#: counting units that measure the same thing
_SAME_UNIT = {"人次": "人", "名": "人", "位": "人", "场次": "场", "家次": "家", "户次": "户", "批次": "批", "册": "本",
              "学时": "课时"}
_CONTEXT = 8


def _unit_key(unit: str) -> str:
    unit = unit.partition("/")[0]
    return _SAME_UNIT.get(unit, unit)


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def goal_counts(text: str) -> list[tuple[str, str, str]]:
    """(number, unit, the words before it) of every count a goal promises ("举办4场" → ("4", "场", "举办"))."""
    body = _QUOTED.sub("", _body(text))
    out = []
    for match in _COUNT.finditer(body):
        start = match.start()
        before = body[max(0, start - _CONTEXT):start]
        before = re.split(r"[,、;:。()]", before)[-1]
        out.append((match.group(1), match.group(2), before))
    return out


def _measured(ctx: NodeContext, unit: str, before: str) -> bool:
    """An indicator with a number measures a count: counted in the same unit, or named like the counted thing."""
    key = _unit_key(unit)
    words = _bigrams(before)
    rows, indicators = ctx.indicator_rows, ctx.form.indicators
    for index, row in enumerate(rows):
        if row.number is None:
            continue
        if row.unit and _unit_key(row.unit) == key:
            return True
        if words and len(words & _bigrams(compact(indicators[index].name))) >= 2:
            return True
    return False


@rule("F-GOAL-02", "goals", "warning", "绩效目标中的数量没有对应的指标")
def goal_numbers_have_indicators(ctx: NodeContext):
    """项目总目标或年度总体目标写了要做多少（“举办4场”“培训280人次”“形成研究报告1份”），绩效指标中就应有衡量它的
    定量指标：单位相同（人次、名、位都按人算，场次按场算），或名称写的就是这件事（“研究报告数量 ≥1个”）。没有时
    为警告（目标无法考核）。年份、月份、百分比、金额、序数（第五届）和引号、书名号里的名称中的数字不算。"""
    results = []
    for field, label, text in _goals(ctx):
        missing = []
        for number, unit, before in goal_counts(text):
            if not _measured(ctx, unit, before):
                missing.append((number, unit, before))
        if not missing:
            continue
        shown = "、".join(f"“{before}{number}{unit}”" for number, unit, before in missing[:6])
        units = "、".join(dict.fromkeys(f"“{_unit_key(unit)}”" for _, unit, _ in missing))
        number, unit, _ = missing[0]
        results.append(ctx.finding(
            "F-GOAL-02", field,
            f"{label}写了{shown}，但绩效指标中没有以{units}计量、也没有名称对应的定量指标：目标中的数量无法考核。",
            tuple(missing), evidence=(evidence.text(field, text),),
            fix=f"在数量指标中补充对应的指标（如“≥{number}({unit})”）。"))
    return results
