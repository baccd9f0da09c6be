"""Each rule fires on a minimal bad case, with the operands in its message, and stays silent on the good one."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from g60desk.checks import RULES, check_document
from g60desk.checks.report import operand_place
from g60desk.domain.model import Indicator, Node, Section
from g60desk.domain.values import IndicatorValue, parse_value

from .conftest import DEPT, WAN, good_document, good_node, to_legacy


def form(doc):
    return doc.departments[0].projects[0].form


def expl(doc):
    return doc.departments[0].projects[0].explanation


def row(doc, index):
    return form(doc).indicators[index]


def set_value(doc, index, text):
    row(doc, index).value = parse_value(text)


def line(doc, group, *indices):
    lines = expl(doc).budget_groups[group].lines
    found = lines[indices[0]]
    for i in indices[1:]:
        found = found.children[i]
    return found


def add_declared_copy(doc, name="第二项目"):
    doc.departments[0].projects.append(good_node(name))


def declared_child(doc):
    child = good_node("子项目甲")
    child.kind = "sub_project"
    child.form.funding = replace(child.form.funding, project_total_fen=20 * WAN, fiscal_fen=20 * WAN,
                                 annual_request_fen=20 * WAN, appropriation_fen=20 * WAN)
    doc.departments[0].projects[0].children.append(child)


def with_grants(doc):
    """The form in a copy of 上海2026 whose funding block adds 中央补助 + 地方配套 = 补助合计 (an identity of its own,
    F-FUND-07), the three filled so that they do not add up."""
    from g60desk.domain.template_file import parse_template
    from g60desk.domain.templates import get_template
    text = get_template("上海2026").text.replace('id = "上海2026"', 'id = "补助模板"').replace(
        '  { key = "annual_other_fen", label = "其他资金", row = 4, pair = 2 },\n',
        '  { key = "annual_other_fen", label = "其他资金", row = 4, pair = 2 },\n'
        '  { key = "grant_fen", label = "补助合计", row = 5, pair = 1 },\n'
        '  { key = "central_fen", label = "其中：中央补助", row = 6, pair = 1 },\n'
        '  { key = "local_fen", label = "地方配套", row = 7, pair = 1 },\n').replace(
        'identities = [\n', 'identities = [\n  { total = "grant_fen", parts = ["central_fen", "local_fen"] },\n')
    template = parse_template(text)
    target = form(doc)
    target.template, target.spec = template.id, template
    target.extra = {"grant_fen": 30 * WAN, "central_fen": 20 * WAN, "local_fen": 5 * WAN}


def with_weights(doc):
    """The form in a copy of 上海2026 whose indicator grid has a 权重 column adding up to 100 (as 四川's does), the
    weights filled so that they add up to 80."""
    from g60desk.domain.template_file import parse_template
    from g60desk.domain.templates import get_template
    text = get_template("上海2026").text.replace('id = "上海2026"', 'id = "权重模板"').replace(
        '{ key = "value", label = "年度(/项目)指标值", span = 2 },',
        '{ key = "value", label = "年度(/项目)指标值" },\n  { key = "weight", label = "权重", type = "number" },\n'
        ']\ntotals = [\n  { column = "weight", equals = 100 },')
    template = parse_template(text)
    target = form(doc)
    target.template, target.spec = template.id, template
    for index, ind in enumerate(target.indicators):
        ind.extra = {"weight": "20" if index == 0 else "10"}
    del target.indicators[8:]


def goal_copy(doc):
    add_declared_copy(doc)
    first = form(doc)
    first.annual_goal = ("常态化、项目化、精细化举办“金融赋能·铸就品牌”活动，有效推动金融惠企政策直达产业园区和企业。"
                         "举办阿拉伯国家投资论坛，邀请阿拉伯国家的企业和机构走进松江，链接投资机会。")
    doc.departments[0].projects[1].form.annual_goal = "1. " + first.annual_goal


def heading(doc, key, text):
    expl(doc).sections[key] = Section(key, expl(doc).sections[key].text, heading=text)


def event_ordinals(doc):
    expl(doc).sections["overview"].text = "举办“创赢未来”第五届长三角科技与产业创新大赛。"
    row(doc, 2).name = "举办“创赢未来”第四届长三角科技与产业创新大赛"


# (rule, how to break the good document, severity of the finding, words the message must show)
CASES = [
    ("F-FUND-01", lambda d: setattr(form(d).funding, "fiscal_fen", 45 * WAN), "error",
     ["项目资金总额 500,000.00 元", "财政资金 450,000.00 元", "其他资金 0 元", "相差 50,000.00 元"]),
    ("F-FUND-02", lambda d: setattr(form(d).funding, "carryover_fen", WAN), "error",
     ["年度资金申请总额 500,000.00 元", "上年结转资金 10,000.00 元", "= 510,000.00 元", "相差 10,000.00 元"]),
    ("F-FUND-07", with_grants, "error",
     ["补助合计 300,000.00 元 ≠ 中央补助 200,000.00 元 + 地方配套 50,000.00 元 = 250,000.00 元",
      "相差 50,000.00 元"]),
    ("F-IND-10", with_weights, "warning", ["7 行指标的权重合计 80（20 + 10 + 10", "模板要求合计 100", "相差 20"]),
    ("F-FUND-03", lambda d: (setattr(form(d).funding, "project_total_fen", 40 * WAN),
                             setattr(form(d).funding, "fiscal_fen", 40 * WAN)), "error",
     ["年度资金申请总额 500,000.00 元 大于项目资金总额 400,000.00 元", "多出 100,000.00 元"]),
    ("F-FUND-04", lambda d: (setattr(form(d).funding, "project_total_fen", 60 * WAN),
                             setattr(form(d).funding, "fiscal_fen", 60 * WAN)), "warning",
     ["项目资金总额 600,000.00 元 ≠ 年度资金申请总额 500,000.00 元", "相差 100,000.00 元"]),
    ("F-FUND-05", lambda d: setattr(expl(d).budget_groups[1], "text", "该项目为跨年项目，合计约100万元；"), "info",
     ["二、研究费", "跨年项目", "项目资金总额 500,000.00 元"]),
    ("F-SUM-01", lambda d: setattr(line(d, 1, 0), "stated_fen", 31 * WAN), "error",
     ["六、年度预算安排合计 51.00 万元", "一、活动费 20.00 + 二、研究费 31.00", "年度资金申请总额 50.00 万元",
      "相差 1.00 万元"]),
    ("F-SUM-02", lambda d: setattr(line(d, 0, 1, 1), "stated_fen", 6_170_000), "error",
     ["“场地”金额 9.20 万元 ≠ 其中各项之和 3.53 + 6.17 = 9.70 万元", "相差 0.50 万元"]),
    ("F-SUM-03", lambda d: (expl(d).budget_groups.clear(),
                            setattr(expl(d).sections["budget"], "text", "该项目年度财政资金预算安排金额 60 万元。")),
     "error", ["写明金额 60.00 万元 ≠ 年度资金申请总额 50.00 万元", "相差 10.00 万元"]),
    ("F-SUM-04", lambda d: setattr(expl(d).budget_groups[0], "text", "本组合计 25 万元。"), "error",
     ["一、活动费 写明合计 25.00 万元 ≠ 该组明细之和 20.00 万元", "相差 5.00 万元"]),
    ("F-SUM-05", declared_child, "error",
     ["年度资金申请总额 50.00 万元 ≠ 子项目合计 20.00 = 20.00 万元", "相差 30.00 万元"]),
    ("F-SUM-06",
     lambda d: setattr(d.departments[0], "overview", d.departments[0].overview.replace("项目 1 个", "项目 3 个")),
     "error", ["编报绩效目标的项目 3 个", "有 1 张申报表"]),
    ("F-SUM-07", lambda d: setattr(d.departments[0], "overview", d.departments[0].overview.replace("50.00", "52.00")),
     "error", ["涉及项目预算资金 52.00 万元", "合计 50.00 万元", "相差 2.00 万元"]),
    ("F-SUM-08", lambda d: setattr(d.departments[0], "budget_units", 2), "error",
     ["本部门 1 个预算单位", "预算单位数填的是 2"]),
    ("F-CALC-01", lambda d: setattr(line(d, 0, 0), "formula", "0.9*12#"), "error", ["公式“0.9*12#”"]),
    ("F-CALC-02", lambda d: setattr(line(d, 0, 0), "formula", "0.9*11"), "error",
     ["按公式 0.9×11 = 9.90 万元，填列 10.80 万元", "相差 0.90 万元"]),
    ("F-CALC-03", lambda d: setattr(line(d, 1, 0), "stated_fen", None), "warning", ["“委托业务费”没有填列金额"]),
    ("F-CALC-04", lambda d: setattr(line(d, 1, 0), "basis", " "), "warning",
     ["二、研究费（1）“委托业务费” 30.00 万元 没有测算依据"]),
    ("F-COST-01", lambda d: set_value(d, 0, "≤30.00(万元)"), "error",
     [("成本指标上限合计 30.00（第1行）+ 2.50 万元/次（第2行单价）× 12 次（第3行数量）= 60.00 万元 > "
       "年度资金申请总额 50.00 万元（500,000.00 元）"), "超出 10.00 万元"]),
    ("F-COST-02", lambda d: set_value(d, 0, "≤10.00(万元)"), "info",
     [("成本指标上限合计 10.00（第1行）+ 2.50 万元/次（第2行单价）× 12 次（第3行数量）= 40.00 万元 < "
       "年度资金申请总额 50.00 万元"), "相差 10.00 万元"]),
    ("F-COST-03", lambda d: set_value(d, 2, "≥12.00(个)"), "warning",
     ["“举办对接活动成本”（第2行）≤2.50(万元/次) 是单价（万元/次）", "以“次”为单位"]),
    ("F-COST-04", lambda d: form(d).indicators.insert(0, Indicator("成本指标", "经济成本指标", "项目总成本",
                                                                   parse_value("≤45.00(万元)"))), "warning",
     [("成本指标分项（含单价 × 数量） 20.00（第2行）+ 2.50 万元/次（第3行单价）× 12 次（第4行数量）= "
       "50.00 万元 ≠ 总成本“项目总成本”45.00 万元（第1行）"), "相差 5.00 万元", "分项合计超过了总成本"]),
    ("F-DATE-01", lambda d: (setattr(form(d), "planned_start", date(2026, 12, 31)),
                             setattr(form(d), "planned_end", date(2026, 1, 1))), "error",
     ["计划开始日期 2026-12-31 晚于计划完成日期 2026-01-01"]),
    ("F-DATE-02", lambda d: (setattr(form(d), "planned_start", date(2025, 1, 1)),
                             setattr(form(d), "planned_end", date(2025, 12, 31))), "error",
     ["2025-01-01 至 2025-12-31 不在 2026 预算年度内"]),
    ("F-DATE-03", lambda d: setattr(expl(d).sections["period"], "text", "2025年9月-2026年6月"), "warning",
     ["开始 2025年9月 ≠ 计划开始日期 2026-01-01", "结束 2026年6月 ≠ 计划完成日期 2026-12-31"]),
    ("F-DATE-04", lambda d: setattr(row(d, 4), "name", "2027年3月底前完成"), "warning",
     ["期限 2027-03-31 晚于计划完成日期 2026-12-31"]),
    ("F-DATE-05", lambda d: set_value(d, 4, "46022"), "warning", ["（第5行）的值 46022", "2025-12-31"]),
    ("F-DATE-06", lambda d: setattr(expl(d).sections["period"], "text", "全年"), "info", ["“全年”中读不出起止年月"]),
    ("F-IND-01", lambda d: form(d).indicators.pop(), "error", ["缺少一级指标：满意度指标"]),
    ("F-IND-02", lambda d: setattr(row(d, 5), "level2", "数量指标"), "error",
     ["二级指标“数量指标”不在一级指标“效益指标”之下"]),
    ("F-IND-03", lambda d: setattr(row(d, 3), "value", IndicatorValue()), "error",
     ["“研究成果验收通过情况”没有填指标值"]),
    ("F-IND-04", lambda d: set_value(d, 0, "≥20(万元)"), "warning",
     ["成本指标“委托业务费”（第1行）写成“≥20”（≥20.00(万元)）"]),
    ("F-IND-05", lambda d: set_value(d, 6, "≥120%"), "error", ["120% 超过 100%"]),
    ("F-IND-06", lambda d: set_value(d, 0, "≤20.00(万)"), "warning", ["单位写成“万”，应为“万元”"]),
    ("F-IND-07", lambda d: set_value(d, 3, "完成") or setattr(row(d, 3), "level2", "数量指标"), "info",
     ["指标值是“完成”：数量指标应写明数量"]),
    ("F-IND-08", lambda d: form(d).indicators.insert(4, replace(row(d, 3))), "warning",
     ["第5行指标“研究成果验收通过情况”与第4行重复"]),
    ("F-REQ-01", lambda d: setattr(form(d), "supervising_dept", " "), "error", ["主管部门未填写"]),
    ("F-REQ-02", lambda d: setattr(form(d), "annual_goal", ""), "error", ["年度总体目标未填写"]),
    ("F-REQ-03", lambda d: setattr(expl(d).sections["plan"], "text", ""), "warning", ["四、实施方案没有内容"]),
    ("F-REQ-04", lambda d: d.departments[0].projects.append(Node(name="示范项目")), "error",
     ["“示范项目”重复出现 2 次"]),
    ("F-CONS-01", lambda d: setattr(form(d), "supervising_dept", DEPT.replace("服务中心", "服务研究中心")), "warning",
     ["主管部门写作“上海市松江区长三角科创服务研究中心”", "写作“上海市松江区长三角科创服务中心”"]),
    ("F-CONS-02", lambda d: heading(d, "plan", "五、实施方案"), "warning",
     ["印作“五、实施方案”", "与“五、实施周期”重号"]),
    ("F-CONS-03", lambda d: setattr(form(d), "annual_goal", "1. 举办活动。3. 形成报告。"), "info", ["从 1 跳到 3"]),
    ("F-CONS-04", event_ordinals, "warning", ["写“第四届…产业创新大赛”", "一、项目概述写“第五届”"]),
    ("F-CONS-05", goal_copy, "warning", ["与“第二项目”有 2 句", "完全相同"]),
    ("F-ZERO-01", lambda d: setattr(form(d).funding, "other_fen", None), "info",
     ["其他资金（左栏）空白，而上年结转资金、其他资金（右栏）填了 0"]),
    ("F-FUND-06", lambda d: setattr(form(d), "annual_goal", form(d).annual_goal + "3. 使用上年结转资金完成平台升级。"),
     "warning", ["年度总体目标写有“", "上年结转资金", "但申报表的上年结转资金填的是 0 元"]),
    ("F-SUM-09", lambda d: setattr(expl(d).sections["plan"], "text",
                                   "1、举办对接活动；\n2、委托业务费（委托开展研究，预计 35 万元）。"),
     "warning", ["四、实施方案写“委托业务费（委托开展研究，预计35万元）”，即 35.00 万元",
                 "以“委托业务费”开头的各项：二、研究费（1）委托业务费 30.00 万元", "相差 5.00 万元"]),
    ("F-GOAL-01", lambda d: setattr(form(d), "annual_goal", "用于支付产融对接活动的场地租赁费用。"), "info",
     ["年度总体目标“用于支付产融对接活动的场地租赁费用”只写了资金用途"]),
    ("F-GOAL-02", lambda d: setattr(form(d), "annual_goal", "常态化举办产融对接活动12次，发布榜单2份。"), "warning",
     ["年度总体目标写了“发布榜单2份”", "没有以“份”计量"]),
]

LEGACY_CASES = [
    ("F-IND-09", lambda d: form(d).indicators.__delitem__(slice(0, 2)), "info", ["没有成本指标", "≤50.00万元"]),
]


def test_the_good_documents_have_no_findings_at_all():
    assert check_document(good_document()) == []
    assert check_document(to_legacy(good_document())) == []


def test_every_rule_has_a_case():
    assert {c[0] for c in CASES + LEGACY_CASES} == set(RULES)


def finding_of_case(rule, breaks, severity, words):
    """(document, the one finding) of a case of CASES/LEGACY_CASES."""
    doc = to_legacy(good_document()) if (rule, breaks, severity, words) in LEGACY_CASES else good_document()
    breaks(doc)
    found = [f for f in check_document(doc) if f.rule == rule and words[0] in f.message]
    assert len(found) == 1, [f.message for f in check_document(doc)]
    return doc, found[0]


@pytest.mark.parametrize("rule, breaks, severity, words", CASES + LEGACY_CASES,
                         ids=[c[0] for c in CASES + LEGACY_CASES])
def test_rule_fires_on_its_bad_case(rule, breaks, severity, words):
    _, finding = finding_of_case(rule, breaks, severity, words)
    assert finding.severity == severity
    for word in words:
        assert word in finding.message


@pytest.mark.parametrize("rule, breaks, severity, words", CASES + LEGACY_CASES,
                         ids=[c[0] for c in CASES + LEGACY_CASES])
def test_every_finding_carries_the_cells_it_read(rule, breaks, severity, words):
    doc, finding = finding_of_case(rule, breaks, severity, words)
    assert finding.operands, f"{rule} reports no evidence"
    for operand in finding.operands:
        place = operand_place(doc, finding, operand)
        assert place and ":" not in place, (rule, operand)  # described in the clerk's words, not as a field
        assert operand.value


def test_docs_give_every_rule_an_example_the_rule_really_writes():
    from pathlib import Path
    text = (Path(__file__).resolve().parents[3] / "docs" / "checks.md").read_text(encoding="utf-8")
    for case in CASES + LEGACY_CASES:
        _, finding = finding_of_case(*case)
        assert f"| {finding.rule} | {finding.message} |" in text, finding.message


def test_docs_list_every_rule_with_its_title():
    from pathlib import Path
    text = (Path(__file__).resolve().parents[3] / "docs" / "checks.md").read_text(encoding="utf-8")
    for rule in RULES.values():
        assert f"| {rule.id} |" in text and rule.title in text and rule.docs in text


def test_rules_declare_family_severity_title_and_docs():
    for rule in RULES.values():
        assert rule.family and rule.title and rule.docs
        assert rule.severity in ("error", "warning", "info")


@pytest.mark.parametrize("formula, unit, meant", [("9000*12", "wan", "元"), ("0.9*12", "yuan", "万元")])
def test_a_formula_written_in_the_other_unit_is_named_as_such(formula, unit, meant):
    doc = good_document()
    target = line(doc, 0, 0)                                  # 10.80 万元: 0.9*12 万元 = 9000*12 元
    target.formula, target.formula_unit = formula, unit
    found = [f for f in check_document(doc) if f.rule == "F-CALC-02"]
    assert len(found) == 1 and found[0].severity == "error"
    assert f"公式里的数字像是按“{meant}”写的" in found[0].message
    assert "10.80 万元" in found[0].message                    # the operands are still shown


def test_a_formula_that_is_simply_wrong_gets_no_unit_hint():
    doc = good_document()
    line(doc, 0, 0).formula = "0.9*11"
    (finding,) = [f for f in check_document(doc) if f.rule == "F-CALC-02"]
    assert "像是按" not in finding.message and "公式与金额不符" in finding.message


def test_a_row_emptied_with_delete_is_named_by_its_number_without_empty_quotes():
    # Delete on a row's cells leaves it in the grid: its messages said “第7行指标“”没有填指标值”
    doc = good_document()
    form(doc).indicators[6] = Indicator(level1="", level2="", name="", value=IndicatorValue())
    messages = [f.message for f in check_document(doc) if f.rule == "F-IND-03"]
    assert messages == ["第7行指标没有填三级指标名称。", "第7行指标没有填指标值。"]


def test_a_quantity_counted_in_a_unit_of_signs_only_does_not_stop_the_goal_rule():
    """A 数量指标 whose unit is only a sign ("/"), under a goal that counts: F-GOAL-02 reads it as no unit."""
    doc = good_document()
    target = row(doc, 2)                                        # 产出指标 / 数量指标 / 对接活动次数
    target.value = IndicatorValue(op="≥", number="12", unit="/")
    form(doc).annual_goal = "发布榜单2份。"
    assert any(f.rule == "F-GOAL-02" for f in check_document(doc))


def test_a_cost_named_per_unit_is_a_unit_cost_even_with_a_plain_money_unit():
    """四川 writes 每公里养护成本 ≤2.76万元: per 公里, not a ceiling of the whole cost (a false F-COST-02)."""
    doc = good_document()
    row(doc, 1).name, row(doc, 1).value = "每次对接活动成本", parse_value("≤2.50(万元)")   # × 12 次 as before
    assert [f.rule for f in check_document(doc) if f.rule.startswith("F-COST")] == []
    row(doc, 1).name = "每公里养护成本"                          # no 数量指标 counted in 公里
    [finding] = [f for f in check_document(doc) if f.rule == "F-COST-03"]     # as if written ≤2.50(万元/公里)
    assert "是单价（万元/公里，名称写的是每公里）" in finding.message
    assert "以“公里”为单位" in finding.message
