"""Family 6 — the 绩效指标 grid: complete for its framework, each value sensible for its 二级指标."""
from __future__ import annotations

from decimal import Decimal

from ...domain.frameworks import Framework
from .. import evidence
from ..amounts import wan
from ..context import NodeContext, decimal_of, framework_levels
from ..findings import Finding, rule

QUANTITY = "数量指标"
#: the units a percentage is written in (甘肃's forms print “=99百分比”)
PERCENT = frozenset(("%", "百分比"))
SATISFACTION = "满意度指标"


@rule("F-IND-01", "indicators", "error", "缺少一级指标", reads=("indicators",))
def every_level1_present(ctx: NodeContext) -> list[Finding]:
    """指标体系的每个一级指标至少有一行三级指标（2021 体系：成本、产出、效益、满意度；原体系：产出、效益、
    满意度）。"""
    results: list[Finding] = []
    if ctx.framework is None:
        return results
    if not ctx.indicator_rows:
        results.append(ctx.finding("F-IND-01", "indicators", "没有填写绩效指标。", (),
                                   evidence=(evidence.Operand("indicators", evidence.BLANK),)))
        return results
    missing = [name for name in _level1_names(ctx.framework) if name not in ctx.present_level1]
    if missing:
        present = [name for name in _level1_names(ctx.framework) if name in ctx.present_level1]
        results.append(ctx.finding("F-IND-01", "indicators",
                                   f"缺少一级指标：{'、'.join(missing)}（{ctx.framework.title}要求每个一级指标至少一条三级指标；"
                                   f"表中只有{'、'.join(present) or '（无）'}）。",
                                   tuple(missing), fix=f"补充“{missing[0]}”下至少一条三级指标。",
                                   evidence=(evidence.Operand("indicators",
                                                              f"一级指标：{'、'.join(present) or '（无）'}"),)))
    return results


_LEVEL1: dict[Framework, tuple[str, ...]] = {}


def _level1_names(framework: Framework) -> tuple[str, ...]:
    """``framework.level1_names()``, worked out once per framework."""
    names = _LEVEL1.get(framework)
    if names is None:
        names = _LEVEL1[framework] = framework.level1_names()
    return names


@rule("F-IND-02", "indicators", "error", "一级/二级指标不属于所选指标体系", reads=("indicators",))
def levels_belong_to_framework(ctx: NodeContext) -> list[Finding]:
    """一级指标须是所选指标体系的一级指标，二级指标须在该一级指标之下；指标体系本身须是已知的。"""
    results: list[Finding] = []
    framework = ctx.framework
    if framework is None:
        results.append(ctx.finding("F-IND-02", "framework", f"指标体系“{ctx.form.framework}”不是已知的指标体系。",
                                   (ctx.form.framework,)))
        return results
    level1_names = _level1_names(framework)
    allowed = framework_levels(framework)
    assert allowed is not None   # the framework is known
    for index in ctx.misplaced_rows:
        row, ind = ctx.indicator_rows[index], ctx.form.indicators[index]
        if row.level1 not in allowed:
            shown = f"“{ind.level1}”" if row.level1 else "（空白）"
            results.append(ctx.finding("F-IND-02", f"indicator:{index}:level1",
                                       f"第{index + 1}行一级指标{shown}不是{framework.title}的一级指标"
                                       f"（{'、'.join(level1_names)}）。", (ind.level1,),
                                       evidence=(evidence.indicator(ctx.form, index, "level1"),)))
        elif row.level2 not in allowed[row.level1]:
            shown = f"“{ind.level2}”" if row.level2 else "（空白）"
            results.append(ctx.finding("F-IND-02", f"indicator:{index}:level2",
                                       f"第{index + 1}行二级指标{shown}不在一级指标“{row.level1}”之下"
                                       f"（可用：{'、'.join(framework.level2_names(row.level1))}）。",
                                       (ind.level1, ind.level2),
                                       evidence=(evidence.indicator(ctx.form, index, "level1"),
                                                 evidence.indicator(ctx.form, index, "level2"))))
    return results


@rule("F-IND-03", "indicators", "error", "三级指标或指标值未填", reads=("indicators",))
def rows_filled(ctx: NodeContext) -> list[Finding]:
    """每行指标都要有三级指标名称和指标值。模板印出指标体系的每个二级指标（空行也印，blank_rows，如湘潭）时，只填了
    一级、二级而其余各栏都空的行是表上的空行，不算未填。"""
    results: list[Finding] = []
    blank_rows = ctx.template.blank_rows
    for index in ctx.incomplete_rows:
        ind = ctx.form.indicators[index]
        if blank_rows and not ind.name.strip() and ind.value.kind == "empty" and not ind.extra:
            continue
        if not ind.name.strip():
            results.append(ctx.finding("F-IND-03", f"indicator:{index}:name",
                                       f"第{index + 1}行指标没有填三级指标名称。", ()))
        if ind.value.kind == "empty":
            named = f"“{ind.name}”" if ind.name.strip() else ""   # a row emptied with Delete: no empty quotes
            results.append(ctx.finding("F-IND-03", f"indicator:{index}:value",
                                       f"第{index + 1}行指标{named}没有填指标值。", (ind.name,),
                                       evidence=(evidence.indicator(ctx.form, index, "name"),
                                                 evidence.indicator(ctx.form, index))))
    return results


@rule("F-IND-04", "indicators", "warning", "指标值的比较符号与二级指标不相称", reads=("indicators",))
def operator_fits_level(ctx: NodeContext) -> list[Finding]:
    """成本指标是上限，应写 ≤ 或 <（写 ≥、> 为警告）；满意度是下限，应写 ≥ 或 >（写 ≤、< 为警告）；
    数量指标一般是下限（写 ≤、< 为提示）。"""
    results: list[Finding] = []
    rows = ctx.indicator_rows
    for index in ctx.operator_rows:
        row = rows[index]
        op = row.op
        upper = op == "≤" or op == "<"
        if row.cost and not upper:
            what, severity = "成本指标是上限，应写“≤”", None
        elif upper and row.satisfaction:
            what, severity = "满意度是下限，应写“≥”", None
        elif upper and row.quantity:
            what, severity = "数量指标一般是下限（≥），请确认", "info"
        else:
            continue
        ind = ctx.form.indicators[index]
        number = ind.value.number
        kind = "成本指标" if row.cost and not upper else (SATISFACTION if row.satisfaction else QUANTITY)
        cell = evidence.indicator(ctx.form, index)
        results.append(ctx.finding("F-IND-04", f"indicator:{index}:value",
                                   f"{kind}“{ind.name}”（第{index + 1}行）写成“{op}{number}”（{cell.value}）：{what}。",
                                   (op, number), severity, evidence=(cell,),
                                   fix=f"把“{op}”改为“{'≤' if kind == '成本指标' else '≥'}”。"))
    return results


@rule("F-IND-05", "indicators", "error", "满意度应是不超过 100% 的百分比", reads=("indicators",))
def satisfaction_is_percent(ctx: NodeContext) -> list[Finding]:
    """满意度指标值应是百分比（单位 %，或写作“百分比”，如甘肃的表）：不是百分比为警告，超过 100% 为错误。"""
    results: list[Finding] = []
    for index in ctx.satisfaction_rows:
        row, ind = ctx.indicator_rows[index], ctx.form.indicators[index]
        value = ind.value
        if value.number is None and not value.text:
            continue
        field = f"indicator:{index}:value"
        if row.number is None or row.unit not in PERCENT:
            shown = value.text or f"{value.op or ''}{value.number}{value.unit}"
            results.append(ctx.finding("F-IND-05", field,
                                       f"满意度指标“{ind.name}”的值“{shown}”不是百分比：请写成“≥85%”的形式。",
                                       (value,), "warning", evidence=(evidence.indicator(ctx.form, index),)))
        elif row.number > 100:
            results.append(ctx.finding("F-IND-05", field,
                                       f"满意度指标“{ind.name}”的值 {value.number}% 超过 100%。", (value.number,),
                                       evidence=(evidence.indicator(ctx.form, index),)))
    return results


@rule("F-IND-06", "indicators", "warning", "成本指标的单位不是金额单位", reads=("indicators",))
def cost_unit_is_money(ctx: NodeContext) -> list[Finding]:
    """以数字表示的成本指标须带金额单位：万元、元（或单价：万元/次、元/人 …）。写成“万”的提示改为“万元”
    （合计时按万元计），表上的金额本来就写“万”的（模板的金额后缀是“万”，如湘潭的“250万”）除外；没有单位或单位
    不是金额的为警告（不计入成本上限合计）。"""
    results: list[Finding] = []
    rows = ctx.indicator_rows
    wan_is_written = ctx.template.amounts.suffix == "万"
    for index in ctx.cost_rows:
        row = rows[index]
        unit = row.unit
        if row.number is None or (row.money is not None and unit[0] != "万"):
            continue  # no number, or a proper money unit
        head = unit.partition("/")[0]
        if head == "万元":
            continue  # 万元 or 万元/次: right (the test above lets every unit starting with 万 through)
        ind = ctx.form.indicators[index]
        name, field = ind.name, f"indicator:{index}:value"
        cell = evidence.indicator(ctx.form, index)
        if head == "万" and wan_is_written:
            continue  # the form writes its amounts so (250万)
        if head == "万":
            results.append(ctx.finding("F-IND-06", field,
                                       f"成本指标“{name}”（第{index + 1}行，{cell.value}）的单位写成“{unit}”，"
                                       f"应为“万元{unit[1:]}”。",
                                       (unit,), evidence=(cell,), fix=f"把单位改为“万元{unit[1:]}”。"))
        elif not unit:
            results.append(ctx.finding("F-IND-06", field,
                                       f"成本指标“{name}”（第{index + 1}行）的值 {ind.value.number} 没有单位："
                                       f"请写明万元或元。",
                                       (unit,), evidence=(cell,), fix="写明单位“万元”或“元”。"))
        elif row.money is None:
            results.append(ctx.finding("F-IND-06", field,
                                       f"成本指标“{name}”（第{index + 1}行，{cell.value}）的单位“{unit}”不是金额单位："
                                       f"成本指标应以万元或元表示。", (unit,), evidence=(cell,)))
    return results


@rule("F-IND-07", "indicators", "info", "数量或成本指标用了定性的值", reads=("indicators",))
def measurable_levels_are_numbers(ctx: NodeContext) -> list[Finding]:
    """数量指标和成本指标应可计量：写成“完成”之类定性值的为提示（建议改为数字加单位）。"""
    results: list[Finding] = []
    rows = ctx.indicator_rows
    for index in ctx.qualitative_rows:
        row = rows[index]
        if row.quantity:
            what = "数量指标应写明数量，如“≥10次”"
        elif row.cost:
            what = "成本指标应写明金额上限，如“≤20万元”"
        else:
            continue
        ind = ctx.form.indicators[index]
        value = ind.value
        results.append(ctx.finding("F-IND-07", f"indicator:{index}:value",
                                   f"“{ind.name}”（第{index + 1}行）的指标值是“{value.text}”：{what}。", (value.text,),
                                   evidence=(evidence.indicator(ctx.form, index),)))
    return results


@rule("F-IND-08", "indicators", "warning", "指标重复", reads=("indicators",))
def no_duplicate_rows(ctx: NodeContext) -> list[Finding]:
    """同一二级指标下三级指标名称相同（忽略空格和全/半角）的行为重复，在后一行报警告。"""
    results: list[Finding] = []
    for index, first in ctx.duplicate_rows:
        row, ind = ctx.indicator_rows[index], ctx.form.indicators[index]
        results.append(ctx.finding("F-IND-08", f"indicator:{index}:name",
                                   f"第{index + 1}行指标“{ind.name}”与第{first + 1}行重复。",
                                   (row.level1, row.level2, ind.name),
                                   evidence=(evidence.indicator(ctx.form, index, "name"),
                                             evidence.indicator(ctx.form, first, "name")),
                                   fix=f"删去第{index + 1}行，或改写成不同的指标。"))
    return results


def _cost_is_level1(framework: Framework) -> bool:
    """The framework has a 成本 一级 of its own (F-IND-01 then reports a form without cost rows)."""
    return bool(framework.role_names("cost")[0] & set(_level1_names(framework)))


@rule("F-IND-09", "indicators", "info", "没有成本指标", reads=("indicators",))
def has_cost_rows(ctx: NodeContext) -> list[Finding]:
    """成本指标在原指标体系中是产出指标下的二级指标，不是必填的一级指标；没有任何成本指标行时提示补充
    （2021 体系缺成本一级指标由 F-IND-01 报告）。"""
    results: list[Finding] = []
    if ctx.framework is None or _cost_is_level1(ctx.framework) or not ctx.indicator_rows:
        return results
    if not ctx.cost_rows:
        request = ctx.form.funding.annual_request_fen
        example = f"（如“≤{wan(request)}万元”，{ctx.short_label('annual_request_fen')} {ctx.yuan(request)}）" \
            if request else ""
        results.append(ctx.finding("F-IND-09", "indicators",
                                   f"{len(ctx.indicator_rows)} 行绩效指标中没有成本指标：建议补充一行成本指标，"
                                   f"写明成本上限{example}。",
                                   (), evidence=(evidence.funding(ctx.form, "annual_request_fen"),)
                                   if ctx.has("annual_request_fen") else ()))
    return results


@rule("F-IND-10", "indicators", "warning", "指标列的合计与模板写明的不符", reads=("indicators",))
def column_totals(ctx: NodeContext) -> list[Finding]:
    """模板写明某一列的合计（如四川的“权重”合计 100）：填了数的各行相加应等于它（精确比较）。一行都没填时不查。"""
    results: list[Finding] = []
    for total in ctx.template.column_totals:
        rows = [(index, ind.extra[total.column]) for index, ind in enumerate(ctx.form.indicators)
                if ind.extra.get(total.column)]
        numbers = [(index, decimal_of(text)) for index, text in rows]
        if not numbers or any(number is None for _, number in numbers):
            continue
        found = sum((number for _, number in numbers if number is not None), Decimal(0))
        expected = Decimal(total.equals)
        if found == expected:
            continue
        label = next((c.label for c in ctx.template.indicator_columns if c.key == total.column), total.column)
        shown = " + ".join(text for _, text in rows[:12]) + (" + …" if len(rows) > 12 else "")
        results.append(ctx.finding(
            "F-IND-10", "indicators",
            f"{len(rows)} 行指标的{label}合计 {_plain(found)}（{shown}），模板要求合计 {_plain(expected)}，"
            f"相差 {_plain(abs(found - expected))}。",
            (total.column, tuple(text for _, text in rows)),
            evidence=tuple(evidence.indicator(ctx.form, index, total.column) for index, _ in rows[:12]),
            fix=f"调整各行{label}，使合计为 {_plain(expected)}。"))
    return results


def _plain(number: Decimal) -> str:
    """A Decimal as a person writes it: 90, 99.5 (no exponent, no trailing zeros)."""
    return format(number.normalize(), "f")
