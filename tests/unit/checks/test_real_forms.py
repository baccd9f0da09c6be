"""审核 on realistic forms of other regions (see real_forms.py): no false alarm from rule logic, and the findings a
bureau reviewer makes — each with the cells it read.

Every form of real_forms.py is right as built; each test changes what a clerk gets wrong (or writes in a way the
rules once misread) and says what the review list must show.
"""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from g60desk.checks import check_document
from g60desk.checks.report import findings_json, format_report
from g60desk.domain.model import BudgetLine, Indicator
from g60desk.domain.values import parse_value

from .real_forms import (
    ALL_FORMS,
    WAN,
    city_information_collection,
    first_node,
    office_building,
    party_school_training,
    science_outreach,
    venue_operation,
    yuan,
)


def found(doc, rule):
    return [f for f in check_document(doc) if f.rule == rule]


def one(doc, rule):
    findings = found(doc, rule)
    assert len(findings) == 1, [(f.rule, f.message) for f in check_document(doc)]
    return findings[0]


def form(doc):
    return first_node(doc).form


def expl(doc):
    return first_node(doc).explanation


def set_value(doc, row, text):
    form(doc).indicators[row].value = parse_value(text)


@pytest.mark.parametrize("name", list(ALL_FORMS))
def test_realistic_forms_written_correctly_have_no_findings(name):
    # 党校: a 项目总成本 row above 人均培训成本 × 人次 + 师资费 was added to its own parts (328 > 164 万元);
    # 数字城管: a formula written as a unit price "0.45万元/人/月*24人*12月" could not be read, and a 总成本 row was
    # counted twice
    assert check_document(ALL_FORMS[name]()) == []


# ---- F-COST-01: a total row counted once, checked against its parts --------------------------------------------

def test_a_total_row_above_the_request_is_compared_alone():
    doc = party_school_training()
    set_value(doc, 0, "≤170(万元)")
    finding = one(doc, "F-COST-01")
    assert finding.severity == "error"
    assert finding.message == ("成本指标按总成本行计：“项目总成本”上限 170.00 万元（第1行；"
                               "其余 2 行是它的分项，不重复相加）"
                               "> 年度资金申请总额 164.00 万元（1,640,000.00 元），超出 6.00 万元。")
    parts = one(doc, "F-COST-04")  # 0.50 × 280 + 24 = 164 < 170: part of the total has no item
    assert parts.severity == "info" and "有一部分总成本没有分项" in parts.message


def test_a_row_equal_to_the_sum_of_the_others_is_a_total_row_even_without_the_word():
    doc = office_building()
    form(doc).indicators.insert(0, Indicator("成本指标", "经济成本指标", "大楼运行保障经费", parse_value("=814(万元)")))
    assert check_document(doc) == []  # not 814 + 191 + 99 + 524 = 1,628 万元


@pytest.mark.parametrize("name", ["成本合计", "项目成本总计", "总费用"])
def test_rows_named_as_totals_are_total_rows(name):
    doc = party_school_training()
    form(doc).indicators[0].name = name
    assert check_document(doc) == []


def test_parts_above_their_total_are_a_warning_naming_each_part():
    doc = party_school_training()
    set_value(doc, 2, "≤34(万元)")  # 师资费 34: 0.50 × 280 + 34 = 174 > 164
    finding = one(doc, "F-COST-04")
    assert finding.severity == "warning"
    assert ("成本指标分项（含单价 × 数量） 0.50 万元/人次（第2行单价）× 280 人次（第4行数量）+ 34.00（第3行）"
            "= 174.00 万元 ≠ 总成本“项目总成本”164.00 万元（第1行），相差 10.00 万元：分项合计超过了总成本"
            ) in finding.message
    assert not found(doc, "F-COST-01")  # the total row, 164 万元, is within the request


def test_a_unit_cost_times_quantity_that_misses_the_stated_total_is_named_as_such():
    doc = city_information_collection()
    set_value(doc, 0, "≤1(万元)")
    set_value(doc, 1, "≤0(万元/人)")
    set_value(doc, 2, "≥8(人)")
    finding = one(doc, "F-COST-04")
    assert finding.severity == "warning"
    assert ("成本指标单价 × 数量 0.00 万元/人（第2行单价）× 8 人（第3行数量）= 0.00 万元 ≠ 总成本“信息采集服务总成本”"
            "1.00 万元（第1行），相差 1.00 万元：单价乘以数量不等于写明的总成本") in finding.message


# ---- "=" or no operator: a planned amount unless the words make it a ceiling ------------------------------------

def test_equals_without_ceiling_words_is_read_as_planned_amounts_and_the_message_says_so():
    doc = office_building()
    form(doc).funding = replace(form(doc).funding, project_total_fen=800 * WAN, fiscal_fen=800 * WAN,
                                annual_request_fen=800 * WAN, appropriation_fen=800 * WAN)
    finding = one(doc, "F-COST-01")
    assert finding.message.startswith(
        "成本指标计划金额合计 191.00（第1行）+ 99.00（第2行）+ 524.00（第3行）= 814.00 万元（第1、2、3行写的是"
        "“=”或没有符号，名称也没写“控制在、不超过、以内”，按计划金额计）> 年度资金申请总额 800.00 万元"
        "（8,000,000.00 元），超出 14.00 万元")


def test_ceiling_words_make_an_equals_value_a_ceiling():
    doc = office_building()
    form(doc).funding = replace(form(doc).funding, annual_request_fen=800 * WAN, appropriation_fen=800 * WAN,
                                project_total_fen=800 * WAN, fiscal_fen=800 * WAN)
    form(doc).indicators[2].name = "水电气、维修维护费控制在524万元以内"
    set_value(doc, 0, "191万元")  # no operator at all: still a planned amount
    finding = one(doc, "F-COST-01")
    assert finding.message.startswith("成本指标（上限与计划金额）合计 ")
    assert "（第1、2行写的是“=”或没有符号" in finding.message and "按计划金额计" in finding.message
    for row in (0, 1):
        form(doc).indicators[row].name += "不超过预算"
    assert one(doc, "F-COST-01").message.startswith("成本指标上限合计 ")


# ---- a unit price × quantity in a budget line's formula -----------------------------------------------------------

def test_a_formula_with_unit_prices_is_read_and_a_wrong_one_named_as_unit_price_times_quantity():
    doc = city_information_collection()
    budget_line = expl(doc).budget_groups[0].lines[0]
    budget_line.formula, budget_line.stated_fen = "0万元/人*8人", WAN
    finding = one(doc, "F-CALC-02")
    assert finding.severity == "error" and not found(doc, "F-CALC-01")
    assert ("“信息采集员劳务费”按单价 × 数量 0万元/人×8人 = 0.00 万元，填列 1.00 万元，相差 1.00 万元："
            "单价乘以数量不等于填列金额") in finding.message
    assert finding.fix == "按公式结果填列 0.00 万元，或改正公式。"


# ---- F-FUND-04: only on dates read, never states what it did not read ----------------------------------------

def multi_year_money(doc, total="600000.00"):
    form(doc).funding = replace(form(doc).funding, project_total_fen=yuan(total), fiscal_fen=yuan(total))


def test_blank_planned_dates_say_nothing_about_the_columns():
    doc = venue_operation()
    multi_year_money(doc)
    form(doc).planned_start = form(doc).planned_end = None
    assert not found(doc, "F-FUND-04")
    assert {f.field for f in found(doc, "F-REQ-01")} == {"planned_start", "planned_end"}


def test_a_project_the_explanation_calls_multi_year_is_not_called_single_year():
    doc = venue_operation()
    multi_year_money(doc)
    expl(doc).sections["period"].text = "2025年7月—2027年6月（委托运营合同期两年）"
    assert not found(doc, "F-FUND-04")
    assert one(doc, "F-DATE-03").severity == "warning"  # the dates are what disagrees


def test_a_blank_total_is_left_to_the_required_fields_rule():
    doc = venue_operation()
    form(doc).funding.project_total_fen = None
    assert not found(doc, "F-FUND-04")
    assert [f.field for f in found(doc, "F-REQ-01")] == ["project_total_fen"]


def test_a_single_year_project_with_different_columns_is_told_which_dates_and_cells_were_read():
    doc = venue_operation()
    multi_year_money(doc, "300000.00")
    form(doc).funding.other_fen = None
    form(doc).funding.annual_other_fen = 0
    finding, fiscal = found(doc, "F-FUND-04")
    assert (finding.field, fiscal.field) == ("project_total_fen", "fiscal_fen")
    assert finding.message.startswith(
        "计划日期 2026-01-01 至 2026-12-31 都在 2026 年内（单年度项目），但项目资金总额 300,000.00 元 ≠ "
        "年度资金申请总额 250,000.00 元，相差 50,000.00 元。")
    assert [(o.field, o.value) for o in finding.operands] == [
        ("planned_start", "2026-01-01"), ("planned_end", "2026-12-31"),
        ("project_total_fen", "300,000.00 元"), ("annual_request_fen", "250,000.00 元")]
    form(doc).funding.project_total_fen = form(doc).funding.fiscal_fen = yuan("250000.00")
    form(doc).funding.annual_other_fen = yuan("50000.00")
    form(doc).funding.annual_request_fen = yuan("300000.00")
    blank = next(f for f in found(doc, "F-FUND-04") if f.field == "other_fen")
    assert "但其他资金（左栏）（空白） ≠ 其他资金（右栏） 50,000.00 元" in blank.message


# ---- F-CALC-04: 测算依据 --------------------------------------------------------------------------------------

def test_a_line_with_money_and_no_basis_is_a_warning_on_that_line():
    doc = office_building()
    expl(doc).budget_groups[1].lines[0].basis = ""
    finding = one(doc, "F-CALC-04")
    assert (finding.severity, finding.field) == ("warning", "line:1:0:basis")
    assert finding.message.startswith("二、运行维护（1）“水电气、维修维护费” 524.00 万元 没有测算依据")


def test_every_line_without_basis_is_one_error_on_the_budget():
    doc = office_building()
    for group in expl(doc).budget_groups:
        for budget_line in group.lines:
            budget_line.basis = " "
    finding = one(doc, "F-CALC-04")
    assert (finding.severity, finding.field) == ("error", "section:budget")
    assert finding.message.startswith("六、年度预算安排有金额的 3 行都没有测算依据")
    assert "一、物业服务（1）“保安服务费” 191.00 万元" in finding.message


def test_a_formula_a_calculation_in_the_name_or_itemised_sub_lines_are_a_basis():
    doc = office_building()
    lines = expl(doc).budget_groups[0].lines
    lines[0].basis, lines[0].formula = "", "191"
    lines[1].basis, lines[1].label = "", "保洁服务费每月8.25万元*12月"
    group = expl(doc).budget_groups[1]
    group.lines[0].basis = ""
    group.lines[0].children = [BudgetLine(label="水电气费", basis="上年实际执行数", stated_fen=400 * WAN),
                               BudgetLine(label="维修维护费", basis="按维保合同", stated_fen=124 * WAN)]
    assert not found(doc, "F-CALC-04")
    group.lines[0].children[1].basis = ""
    assert one(doc, "F-CALC-04").field == "line:1:0.1:basis"


# ---- F-GOAL-01: spending instead of results ----------------------------------------------------------------

def test_a_goal_that_only_says_where_the_money_goes_is_a_hint_quoting_it():
    doc = venue_operation()
    form(doc).annual_goal = "用于支付体育中心委托运营方的年度运营管理费用。"
    finding = one(doc, "F-GOAL-01")
    assert finding.severity == "info"
    assert finding.message.startswith("年度总体目标“用于支付体育中心委托运营方的年度运营管理费用”只写了资金用途")
    form(doc).annual_goal = "1.支付委托运营管理费；2.用于场馆水电费支出。"
    assert "（共 2 句，都是如此）" in one(doc, "F-GOAL-01").message


def test_a_goal_with_a_result_is_not_spending_only():
    doc = venue_operation()
    form(doc).annual_goal = "支付委托运营管理费，确保场馆全年开放不少于300天。"
    assert not found(doc, "F-GOAL-01")


# ---- F-GOAL-02: a goal's number measured by an indicator ------------------------------------------------------

def test_a_goal_number_no_indicator_measures_is_a_warning_naming_it():
    doc = science_outreach()
    form(doc).annual_goal += "开展科普讲座20场，发放科普读物5000册。"
    finding = one(doc, "F-GOAL-02")
    assert finding.severity == "warning"
    assert finding.message.startswith("年度总体目标写了“发放科普读物5000册”，但绩效指标中没有以“册”计量")
    assert finding.fix == "在数量指标中补充对应的指标（如“≥5000(册)”）。"


def test_counts_measured_by_unit_or_by_name_and_names_in_quotes_are_fine():
    doc = party_school_training()
    form(doc).annual_goal = ("落实《2024—2028年全国干部教育培训规划》和“15+1条”要求，"
                             "配合“1000名干部联系10000家企业”行动，"
                             "举办第5届青年干部论坛，培训280名学员，形成调研报告2份。")
    form(doc).indicators.append(Indicator("产出指标", "数量指标", "调研报告数量", parse_value("≥2(个)")))
    assert not found(doc, "F-GOAL-02")


# ---- F-SUM-09: prose amounts tied to a named item -----------------------------------------------------------

def test_an_amount_in_parentheses_after_an_item_is_compared_with_the_lines_named_after_it():
    doc = science_outreach()
    section = expl(doc).sections["implementer"]
    section.text = section.text.replace("35 万元", "40 万元")
    finding = one(doc, "F-SUM-09")
    assert (finding.severity, finding.field) == ("warning", "section:implementer")
    assert finding.message == (
        "三、实施主体写“青少年科技节（场地搭建、展品运输等预计40万元）”，即 40.00 万元；"
        "而六、年度预算安排中以“青少年科技节”开头的各项：一、科普活动（1）青少年科技节场地搭建费 25.00 + "
        "一、科普活动（2）青少年科技节展品运输费 10.00 = 35.00 万元，相差 5.00 万元：请核对说明中的金额或预算明细。")
    assert [o.field for o in finding.operands] == ["section:implementer", "line:0:0:stated_fen", "line:0:1:stated_fen"]


def test_a_total_in_a_numbered_item_is_compared_with_its_group():
    doc = science_outreach()
    section = expl(doc).sections["basis"]
    section.text = section.text.replace("60 万元", "70 万元")
    assert "而六、年度预算安排中“一、科普活动”合计：一、科普活动 60.00 万元" in one(doc, "F-SUM-09").message


def test_a_part_of_an_item_in_parentheses_is_not_read_as_its_whole():
    doc = science_outreach()
    section = expl(doc).sections["implementer"]
    section.text = section.text.replace("（场地搭建、展品运输等预计 35 万元）", "（其中展品运输 10 万元）")
    expl(doc).sections["overview"].text += ("\n2、青少年科技节（含场地搭建 25 万元）。\n3、科技活动周（10万元）。"
                                            "\n4、青少年科技节（其中展品运输预计 10 万元）。")
    section = expl(doc).sections["basis"]
    section.text = section.text.replace("全年合计 60 万元", "全年合计 60 万元，其中财政安排 50 万元")
    assert not found(doc, "F-SUM-09")  # 科技活动周宣传费 10 = 10; the others are parts


def test_amounts_not_tied_to_an_item_and_rates_are_not_read():
    doc = science_outreach()
    expl(doc).sections["plan"].text = ("区财政安排 80 万元，按计划分批实施。\n"
                                       "1、科普活动项目：志愿者补助预计按 2.5万/人/年 标准发放。")
    assert not found(doc, "F-SUM-09")


# ---- F-FUND-06: carry-over named and declared -----------------------------------------------------------------

def test_a_declared_carry_over_nobody_explains_is_a_warning():
    doc = party_school_training()
    expl(doc).budget_groups[0].text = ""
    finding = one(doc, "F-FUND-06")
    assert (finding.severity, finding.field) == ("warning", "carryover_fen")
    assert finding.message.startswith("上年结转资金填了 320,000.00 元，但绩效目标和项目经费情况说明都没有提到结转资金")


def test_a_carry_over_named_but_not_declared_is_a_warning_on_the_words():
    doc = party_school_training()
    form(doc).funding = replace(form(doc).funding, carryover_fen=0, appropriation_fen=yuan("1640000.00"))
    finding = one(doc, "F-FUND-06")
    assert finding.field == "group:0"
    assert "六、年度预算安排·一、培训费写有“…" in finding.message
    assert "但申报表的上年结转资金填的是 0 元" in finding.message


def test_a_carry_over_amount_different_from_the_form_is_a_warning():
    doc = party_school_training()
    expl(doc).budget_groups[0].text = "本项目使用上年结转资金30万元，用于情景教学及外训。"
    assert "结转金额 30.00 万元，而申报表的上年结转资金是 320,000.00 元（32.00 万元），相差 2.00 万元" in \
        one(doc, "F-FUND-06").message


@pytest.mark.parametrize("words", ["本项目无上年结转资金。", "本项目资金不涉及上年结转。", "不包括以前年度结转资金。"])
def test_saying_there_is_no_carry_over_is_not_naming_one(words):
    doc = venue_operation()
    form(doc).annual_goal += words
    assert not found(doc, "F-FUND-06")


# ---- F-DATE-05: an Excel date serial ----------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["46387", "46,387"])
def test_an_excel_date_serial_is_a_warning_with_the_date_it_stands_for(typed):
    doc = city_information_collection()
    form(doc).indicators.insert(5, Indicator("产出指标", "时效指标", "系统升级完成时间", parse_value(typed)))
    finding = one(doc, "F-DATE-05")
    assert finding.severity == "warning"
    assert "（即 2026-12-31）" in finding.message and finding.fix == "改为“2026年12月31日前完成”。"
    assert (date(1899, 12, 30).toordinal() + 46387) == date(2026, 12, 31).toordinal()


# ---- evidence ----------------------------------------------------------------------------------------------------

def test_the_json_lists_the_cells_read_with_their_places_and_a_fix():
    doc = city_information_collection()
    budget_line = expl(doc).budget_groups[0].lines[0]
    budget_line.formula = "0.45万元/人/月*24人*11月"
    data = findings_json(doc, check_document(doc))
    calc = next(f for f in data["findings"] if f["rule"] == "F-CALC-02")
    assert calc["operands"] == [
        {"place": "六、年度预算安排·一、信息采集服务费·（1）信息采集员劳务费·计算公式",
         "value": "0.45万元/人/月*24人*11月",
         "path": ["某市城市管理监督指挥中心", "数字城管信息采集服务"], "field": "line:0:0:formula"},
        {"place": "六、年度预算安排·一、信息采集服务费·（1）信息采集员劳务费·金额", "value": "129.60 万元",
         "path": ["某市城市管理监督指挥中心", "数字城管信息采集服务"], "field": "line:0:0:stated_fen"}]
    assert calc["fix"] == "按公式结果填列 118.80 万元，或改正公式。"
    json.dumps(data, ensure_ascii=False)  # the whole answer is JSON


def test_the_text_report_prints_the_fix():
    doc = science_outreach()
    form(doc).annual_goal += "发放科普读物5000册。"
    report = format_report(doc, check_document(doc))
    assert "      建议：在数量指标中补充对应的指标（如“≥5000(册)”）。" in report
