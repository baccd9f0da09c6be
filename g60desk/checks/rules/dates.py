"""Family 5 — planned dates: in order, in the budget year, as 五、实施周期 says, and 时效 deadlines inside them."""
from __future__ import annotations

from datetime import MAXYEAR, MINYEAR, date, timedelta

from .. import evidence
from ..context import NodeContext
from ..findings import Finding, Operand, rule
from ..periods import deadline_dates, parse_period

#: Excel counts days from 1899-12-30; serials of the years 1982–2119 are what a pasted date cell becomes.
EXCEL_EPOCH = date(1899, 12, 30)
EXCEL_SERIALS = range(30_000, 80_001)


def _date_cells(ctx: NodeContext, *fields: str) -> tuple[Operand, ...]:
    return tuple(evidence.text(name, value.isoformat() if isinstance(value, date) else None)
                 for name, value in ((f, getattr(ctx.form, f)) for f in fields))


def _dates(ctx: NodeContext) -> tuple[date | None, date | None]:
    start, end = ctx.form.planned_start, ctx.form.planned_end
    return (start if isinstance(start, date) else None), (end if isinstance(end, date) else None)


@rule("F-DATE-01", "dates", "error", "计划开始日期晚于计划完成日期")
def start_before_end(ctx: NodeContext) -> list[Finding]:
    """计划开始日期 ≤ 计划完成日期。"""
    results: list[Finding] = []
    start, end = _dates(ctx)
    if start and end and start > end:
        results.append(ctx.finding("F-DATE-01", "planned_end",
                                   f"计划开始日期 {start.isoformat()} 晚于计划完成日期 {end.isoformat()}。",
                                   (start, end),
                                   evidence=_date_cells(ctx, "planned_start", "planned_end"),
                                   fix="核对两个日期，是否写反了或年份写错了。"))
    return results


@rule("F-DATE-02", "dates", "error", "计划日期与预算年度不符")
def dates_in_budget_year(ctx: NodeContext) -> list[Finding]:
    """计划期间必须与预算年度有交集，否则为错误（多半是年份写错）；开始或完成日期在预算年度之外
    （跨年度项目）为提示。"""
    results: list[Finding] = []
    start, end = _dates(ctx)
    year = ctx.budget_year
    if not start and not end:
        return results
    first, last = start or end, end or start
    assert first is not None and last is not None
    if last.year < year or first.year > year:
        field = "planned_start" if start and start.year != year else "planned_end"
        results.append(ctx.finding("F-DATE-02", field,
                                   f"计划日期 {first.isoformat()} 至 {last.isoformat()} 不在 {year} 预算年度内："
                                   f"请核对年份。",
                                   (first, last, year), evidence=_date_cells(ctx, "planned_start", "planned_end"),
                                   fix=f"计划日期应与 {year} 年有交集，多半是年份写错了。"))
        return results
    for field, value, label in (("planned_start", start, "计划开始日期"), ("planned_end", end, "计划完成日期")):
        if value and value.year != year:
            results.append(ctx.finding("F-DATE-02", field,
                                       f"{label} {value.isoformat()} 不在 {year} 年内（跨年度项目），请确认。",
                                       (value, year), "info", evidence=_date_cells(ctx, field)))
    return results


@rule("F-DATE-03", "dates", "warning", "五、实施周期与计划日期不一致")
def period_text_matches_dates(ctx: NodeContext) -> list[Finding]:
    """从五、实施周期的文字读出起止（“2025年9月-2026年6月”“2026年1月—2026年12月”“2022年1月1日至
    2022年12月31日”），按文字写到的精度（年、月或日）与计划开始、完成日期比较，不一致为警告。"""
    results: list[Finding] = []
    start, end = _dates(ctx)
    text = ctx.section_text("period")
    period = parse_period(text)
    if period is None or not start or not end:
        return results
    written_start, written_end = period
    wrong = []
    if not written_start.agrees_with(start):
        wrong.append(f"开始 {written_start.text()} ≠ 计划开始日期 {start.isoformat()}")
    if not written_end.agrees_with(end):
        wrong.append(f"结束 {written_end.text()} ≠ 计划完成日期 {end.isoformat()}")
    if wrong:
        shown = " ".join(text.split())
        results.append(ctx.finding("F-DATE-03", "section:period",
                                   f"五、实施周期“{shown}”与申报表日期不一致：{'；'.join(wrong)}。",
                                   (written_start, written_end, start, end),
                                   evidence=(evidence.text("section:period", text),)
                                   + _date_cells(ctx, "planned_start", "planned_end"),
                                   fix="五、实施周期与计划开始、完成日期改为一致。"))
    return results


@rule("F-DATE-04", "dates", "warning", "时效指标的期限超出计划日期")
def deadlines_inside_period(ctx: NodeContext) -> list[Finding]:
    """时效指标的三级指标或指标值中写明的期限（“2022年12月31日前完成”“2026年6月底前”，只写到月的按该月
    最后一天）应在计划开始与完成日期之间（没有计划日期时在预算年度内），否则为警告。"""
    results: list[Finding] = []
    start, end = _dates(ctx)
    if not (start and end) and not MINYEAR <= ctx.budget_year <= MAXYEAR:
        return results
    low = start or date(ctx.budget_year, 1, 1)
    high = end or date(ctx.budget_year, 12, 31)
    for row in ctx.deadline_rows:
        ind = ctx.form.indicators[row]
        for column, text in (("name", ind.name), ("value", ind.value.text)):
            if not text:
                continue
            for deadline in deadline_dates(text):
                if low <= deadline <= high:
                    continue
                side = "晚于计划完成日期" if deadline > high else "早于计划开始日期"
                bound = high if deadline > high else low
                written = f"的指标值“{text}”" if column == "value" else ""
                results.append(ctx.finding("F-DATE-04", f"indicator:{row}:{column}",
                                           f"时效指标“{ind.name}”（第{row + 1}行）{written}写的期限 "
                                           f"{deadline.isoformat()} "
                                           f"{side} {bound.isoformat()}。",
                                           (deadline, low, high),
                                           evidence=(evidence.indicator(ctx.form, row, column),)
                                           + (_date_cells(ctx, "planned_start", "planned_end")
                                              if start and end else ())))
    return results


@rule("F-DATE-05", "dates", "warning", "时效指标值像是 Excel 日期序号")
def excel_serial_in_deadline(ctx: NodeContext) -> list[Finding]:
    """时效指标值是一个不带单位的 30000–80000 的整数时（也包括带千分位逗号的“44,561”），几乎总是从 Excel 粘贴的
    日期单元格（44561 即 2021-12-31），不是数字：警告，并给出它对应的日期。"""
    results: list[Finding] = []
    for row in ctx.deadline_rows:
        number = ctx.indicator_rows[row].number
        value = ctx.form.indicators[row].value
        if number is None or value.unit.strip() or number != number.to_integral_value():
            continue
        if int(number) in EXCEL_SERIALS:
            meant = EXCEL_EPOCH + timedelta(days=int(number))
            results.append(ctx.finding("F-DATE-05", f"indicator:{row}:value",
                                       f"时效指标“{ctx.form.indicators[row].name}”（第{row + 1}行）"
                                       f"的值 {value.number} 像是 "
                                       f"Excel 的日期序号（即 {meant.isoformat()}），不是期限："
                                       f"请写成“{meant.year}年{meant.month}月{meant.day}日前完成”之类的文字。",
                                       (value.number,), evidence=(evidence.indicator(ctx.form, row),),
                                       fix=f"改为“{meant.year}年{meant.month}月{meant.day}日前完成”。"))
    return results


@rule("F-DATE-06", "dates", "info", "五、实施周期读不出起止日期")
def period_text_readable(ctx: NodeContext) -> list[Finding]:
    """五、实施周期写了文字却读不出任何年份时为提示（无法与计划日期核对）；没写由 F-REQ-03 报告。"""
    results: list[Finding] = []
    text = ctx.section_text("period")
    if text.strip() and parse_period(text) is None:
        shown = " ".join(text.split())[:40]
        results.append(ctx.finding("F-DATE-06", "section:period",
                                   f"五、实施周期“{shown}”中读不出起止年月，无法与计划日期核对：建议写成“2026年1月—2026年12月”。",
                                   (text,), evidence=(evidence.text("section:period", text),)))
    return results
