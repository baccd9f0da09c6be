"""The bundled samples hold the two seed documents exactly as printed — read back from the .g60 files.

Every figure below is checked against ../shared/seeds/ (000_… is the 2022 document, 002_… the 2026 one);
inconsistencies of the documents are asserted to be *kept*.
"""
from __future__ import annotations

import tomllib
from datetime import date

import pytest

from g60desk.domain.model import BudgetLine, Document, Node
from g60desk.domain.summary import summarize
from g60desk.domain.templates import get_template
from g60desk.domain.values import IndicatorValue, format_value, parse_value
from g60desk.resources_path import resource
from g60desk.store import Store

WAN = 1_000_000   # 分 per 万元
YUAN = 100        # 分 per 元


@pytest.fixture(scope="module")
def docs(sample_files) -> dict[str, Document]:
    """Both samples as a clerk's program sees them: loaded from the .g60 files."""
    loaded = {}
    for year, path in sample_files.items():
        with Store.open(path, readonly=True) as store:
            loaded[year] = store.load()
    return loaded


def forms_of(doc: Document) -> list[Node]:
    return [node for _, node in doc.iter_nodes() if node.declared]


def node(doc: Document, *names: str) -> Node:
    found = doc.find((doc.departments[0].name,) + names)
    assert isinstance(found, Node), names
    return found


def line(n: Node, group: int, *path: int) -> BudgetLine:
    """The budget line 六、<group>（path[0]）… counted from 1, as the document numbers them."""
    lines = n.explanation.budget_groups[group - 1].lines
    item = lines[path[0] - 1]
    for i in path[1:]:
        item = item.children[i - 1]
    return item


# ---- counts and totals -----------------------------------------------------------------------------

def test_2026_counts_and_total(docs):
    doc = docs["2026"]
    assert doc.budget_year == 2026 and doc.template == "上海2026"
    [s] = summarize(doc)
    assert s.name == "上海市松江区长三角G60科创走廊创新研究中心"
    assert (s.projects, s.sub_projects, s.declared_forms, s.indicators) == (1, 6, 6, 40)
    assert s.total_fen == 287_965_000
    project = doc.departments[0].projects[0]
    assert project.name == "G60 科创走廊建设" and not project.declared
    assert [c.name for c in project.children] == ["金融赋能", "产业创新", "建设方案成效阶段性评估", "创新合作",
                                                  "政策研究", "宣传推广"]
    assert all(c.kind == "sub_project" for c in project.children)


def test_2022_counts_and_total(docs):
    doc = docs["2022"]
    assert doc.budget_year == 2022 and doc.template == "上海2022"
    [s] = summarize(doc)
    assert s.name == "上海市松江区科创发展办公室"
    assert (s.projects, s.sub_projects, s.declared_forms, s.indicators) == (2, 0, 2, 33)
    assert s.total_fen == 1_128_000_000
    assert s.budget_lines == 44   # 40 + 4, sub-lines of 四(1), 六(1) and 六(2) included
    assert [n.name for n in forms_of(doc)] == ["G60 科创走廊建设", "宣传与推广"]


@pytest.mark.parametrize("year, per_form", [
    ("2026", [("金融赋能", 780_000, 8), ("产业创新", 800_000, 7), ("建设方案成效阶段性评估", 239_650, 6),
              ("创新合作", 400_000, 7), ("政策研究", 450_000, 6), ("宣传推广", 210_000, 6)]),
    ("2022", [("G60 科创走廊建设", 10_580_000, 24), ("宣传与推广", 700_000, 9)]),
])
def test_per_form_totals_and_indicator_counts(docs, year, per_form):
    forms = forms_of(docs[year])
    assert [(n.name, n.form.funding.annual_request_fen, len(n.form.indicators)) for n in forms] == [
        (name, yuan * YUAN, count) for name, yuan, count in per_form]
    for n, (_, yuan, _) in zip(forms, per_form):
        f = n.form.funding
        assert f.project_total_fen == f.fiscal_fen == f.appropriation_fen == yuan * YUAN


def test_budget_line_counts_per_form(docs):
    counts = {n.name: sum(1 for _ in n.explanation.iter_lines()) for n in forms_of(docs["2022"])}
    assert counts == {"G60 科创走廊建设": 40, "宣传与推广": 4}
    groups = [len(n.explanation.budget_groups) for n in forms_of(docs["2022"])]
    assert groups == [8, 2]
    # the 2026 explanations state their budget in one sentence each, with no lines
    assert all(not n.explanation.budget_groups for n in forms_of(docs["2026"]))


# ---- header fields, funding, dates, goals ----------------------------------------------------------

def test_2026_headers(docs):
    for n in forms_of(docs["2026"]):
        f = n.form
        assert (f.template, f.framework, f.nature, f.category) == ("上海2026", "2021", "其他经常性项目", "其他运转类")
        assert (f.planned_start, f.planned_end) == (date(2026, 1, 1), date(2026, 12, 31))
    second = node(docs["2026"], "G60 科创走廊建设", "产业创新").form
    assert second.supervising_dept == second.implementing_unit == "上海市松江区长三角G60科创走廊创新研究中心"


def test_2026_form_1_keeps_its_own_spelling_of_the_unit(docs):
    """Form 1 prints 创新中心 where every other form prints 创新研究中心: kept as printed."""
    first = node(docs["2026"], "G60 科创走廊建设", "金融赋能").form
    assert first.supervising_dept == first.implementing_unit == "上海市松江区长三角G60科创走廊创新中心"
    assert docs["2026"].departments[0].name == "上海市松江区长三角G60科创走廊创新研究中心"


def test_2022_headers(docs):
    first = node(docs["2022"], "G60 科创走廊建设").form
    assert (first.template, first.framework, first.nature, first.category) == ("上海2022", "legacy", "", "经常性项目")
    assert first.supervising_dept == first.implementing_unit == "上海市松江区科创发展办公室"
    assert (first.planned_start, first.planned_end) == (date(2022, 1, 1), date(2022, 12, 31))


def test_2022_form_2_has_a_blank_supervising_department(docs):
    second = node(docs["2022"], "宣传与推广").form
    assert second.supervising_dept == ""
    assert second.implementing_unit == "上海市松江区科创发展办公室"


def test_2026_funding_blank_and_zero_differ(docs):
    f = node(docs["2026"], "G60 科创走廊建设", "建设方案成效阶段性评估").form.funding
    assert f.as_dict() == {"project_total_fen": 23_965_000, "fiscal_fen": 23_965_000, "other_fen": None,
                           "annual_request_fen": 23_965_000, "appropriation_fen": 23_965_000,
                           "carryover_fen": 0, "annual_other_fen": 0}
    for n in forms_of(docs["2026"]):   # every 2026 form: left 其他资金 blank, right one printed 0
        assert n.form.funding.other_fen is None
        assert n.form.funding.annual_other_fen == 0 and n.form.funding.carryover_fen == 0


def test_2022_funding_prints_zero_everywhere(docs):
    f = node(docs["2022"], "G60 科创走廊建设").form.funding
    assert f.as_dict() == {"project_total_fen": 1_058_000_000, "fiscal_fen": 1_058_000_000, "other_fen": 0,
                           "annual_request_fen": 1_058_000_000, "appropriation_fen": 1_058_000_000,
                           "carryover_fen": 0, "annual_other_fen": 0}


def test_goals_empty_and_filled(docs):
    for n in forms_of(docs["2026"]):   # 2026 prints an empty 项目总目标 and a filled 年度总体目标
        assert n.form.overall_goal == "" and n.form.annual_goal
    first = node(docs["2026"], "G60 科创走廊建设", "金融赋能").form
    assert first.annual_goal.startswith("1. 充分发挥金融服务实体经济")
    assert first.annual_goal.endswith("开展 2026 年长三角 G60 科创走廊 ESG 发展情况研究。")
    assert first.annual_goal.count("\n") == 4   # five numbered paragraphs
    for n in forms_of(docs["2022"]):   # 2022 fills both, with the same text
        assert n.form.overall_goal and n.form.overall_goal == n.form.annual_goal
    assert node(docs["2022"], "宣传与推广").form.annual_goal.startswith("1.全面立体化报道 G60 科创走廊九城市")


# ---- indicators ------------------------------------------------------------------------------------

def indicator(doc: Document, names: tuple[str, ...], third: str):
    matches = [i for i in node(doc, *names).form.indicators if i.name == third]
    assert len(matches) == 1, third
    return matches[0]


@pytest.mark.parametrize("year, names, third, expected", [
    ("2026", ("G60 科创走廊建设", "金融赋能"), "举办各类产融对接活动成本", IndicatorValue("≤", "2.5", "万元/次")),
    ("2026", ("G60 科创走廊建设", "金融赋能"), "产融对接活动次数", IndicatorValue("≥", "12", "次")),
    ("2026", ("G60 科创走廊建设", "金融赋能"), "企业满意度", IndicatorValue("≥", "85", "%")),
    ("2026", ("G60 科创走廊建设", "金融赋能"), "活动内容与主题匹配度", IndicatorValue(text="匹配")),
    ("2026", ("G60 科创走廊建设", "建设方案成效阶段性评估"), "委托业务费", IndicatorValue("≤", "20.96", "万元")),
    ("2026", ("G60 科创走廊建设", "创新合作"), "参与人数", IndicatorValue("≥", "100", "人/场")),
    ("2026", ("G60 科创走廊建设", "创新合作"), "分赛道办赛费用", IndicatorValue("≤", "10", "万元/场")),
    ("2026", ("G60 科创走廊建设", "政策研究"), "委托业务费", IndicatorValue("≤", "40", "万")),
    ("2026", ("G60 科创走廊建设", "政策研究"), "新一轮建设方案", IndicatorValue("=", "1", "个")),
    ("2026", ("G60 科创走廊建设", "宣传推广"), "助力企业发展", IndicatorValue(text="助力")),
    ("2022", ("G60 科创走廊建设",), "按照预定工作职责提供物业管理等相关服务", IndicatorValue("=", "100", "%")),
    ("2022", ("G60 科创走廊建设",), "完成接待任务", IndicatorValue("=", "50", "%")),
    ("2022", ("G60 科创走廊建设",), "“G60科创云”能满足 15000人同时上线", IndicatorValue(text="完成")),
    ("2022", ("G60 科创走廊建设",), "产业联盟、产业合作示范园区相关活动", IndicatorValue("≥", "10", "次")),
    ("2022", ("G60 科创走廊建设",), "持续保证展馆正常、有序运行", IndicatorValue(text="有序")),
    ("2022", ("G60 科创走廊建设",), "相关方满意度", IndicatorValue("≥", "85", "%")),
    ("2022", ("宣传与推广",), "完成一定数量报道", IndicatorValue("=", "300", "篇")),
    ("2022", ("宣传与推广",), "整体活动时间控制", IndicatorValue("≤", "30", "天")),
])
def test_indicator_values_are_structured(docs, year, names, third, expected):
    assert indicator(docs[year], names, third).value == expected


def test_indicator_rows_keep_their_levels_and_order(docs):
    first = node(docs["2026"], "G60 科创走廊建设", "金融赋能").form.indicators
    assert [(i.level1, i.level2) for i in first] == [
        ("成本指标", "经济成本指标")] * 4 + [("产出指标", "数量指标"), ("产出指标", "质量指标"),
                                           ("效益指标", "社会效益指标"), ("满意度指标", "服务对象满意度指标")]
    legacy = node(docs["2022"], "G60 科创走廊建设").form.indicators
    cost = [i for i in legacy if i.level2 == "成本指标"]
    assert [(i.level1, i.name, i.value.text) for i in cost] == [("产出指标", "控制在预算范围内", "完成")]


def _printed_values(year: str) -> list[tuple[str, str]]:
    """(三级指标, 指标值 as printed) of every row of the TOML source, in order."""
    with resource("samples", f"{year}.toml").open("rb") as handle:
        data = tomllib.load(handle)
    rows: list[tuple[str, str]] = []

    def walk(n: dict) -> None:
        rows.extend((r[2], r[3]) for r in n.get("form", {}).get("indicators", []))
        for child in n.get("sub_project", []):
            walk(child)
    for dept in data["department"]:
        for project in dept["project"]:
            walk(project)
    return rows


#: rows whose printed spelling differs from the template's canonical style — none in either document
PRINTED_DIFFERENTLY: dict[str, set[str]] = {"2026": set(), "2022": set()}


@pytest.mark.parametrize("year", ["2026", "2022"])
def test_every_value_prints_back_as_the_document_prints_it(docs, year):
    style = get_template(docs[year].template).value_style
    printed = _printed_values(year)
    stored = [i for n in forms_of(docs[year]) for i in n.form.indicators]
    assert [name for name, _ in printed] == [i.name for i in stored]
    mismatches = {name: (text, format_value(i.value, style)) for (name, text), i in zip(printed, stored)
                  if format_value(i.value, style) != text}
    assert set(mismatches) == PRINTED_DIFFERENTLY[year], mismatches
    assert all(parse_value(text) == i.value for (_, text), i in zip(printed, stored))


# ---- the explanations ------------------------------------------------------------------------------

def test_budget_line_with_formula_and_stated_amount(docs):
    office = node(docs["2022"], "G60 科创走廊建设")
    greening = line(office, 1, 2)
    assert (greening.label, greening.basis, greening.formula, greening.formula_unit, greening.stated_fen) == (
        "绿化服务：", "每月3276元，全年合计", "0.3276*12", "wan", 3_900_000)   # 0.3276*12 = 3.9312, stated 3.9万
    cleaning = line(office, 1, 1)
    assert (cleaning.formula, cleaning.stated_fen, cleaning.stated_text, cleaning.ending) == (
        "0.9*12", 10_800_000, "10.8万", "；")   # "万" as printed, not "万元"
    paper = line(office, 1, 11)
    assert (paper.label, paper.basis, paper.formula, paper.stated_fen, paper.remark) == (
        "复印纸和硒鼓：", "全年预计", "", 6 * WAN, "复印纸走电子集市")
    assert line(office, 1, 13).remark == "走电子集市" and line(office, 1, 13).label == "采购台式计算机"   # no "："
    assert line(office, 1, 14).ending == "。"
    cadres = line(office, 5, 1)   # "八城市派驻干部每人每月 0.3万元*16人*12月=57.60万": the formula once, as written
    assert (cadres.label, cadres.basis, cadres.formula, cadres.stated_fen, cadres.stated_text, cadres.ending) == (
        "", "八城市派驻干部每人每月", "0.3万元*16人*12月", 57_600_000, "57.60万", "")


def test_numbering_only_where_the_document_numbers(docs):
    office = node(docs["2022"], "G60 科创走廊建设").explanation.budget_groups
    assert [g.numbering for g in office] == ["（1）", "（1）", "（1）", "（1）", "", "（1）", "", "（1）"]
    one_net = office[1].lines[3]   # "（3）央行“15+1条”例会费用预估 20万；“一网通办”深化 10万。": three items
    assert (one_net.label, one_net.runs_on) == ("“一网通办”深化", True)
    assert office[6].text_runs_on and office[6].lines[0].runs_on   # 七、展示馆运维：该项目…；2022年申请资金…
    promo = node(docs["2022"], "宣传与推广").explanation.budget_groups
    assert [g.numbering for g in promo] == ["", ""]
    assert [x.runs_on for x in promo[1].lines] == [False, True, True]


def test_child_lines_under_four_1_and_six_1_2(docs):
    office = node(docs["2022"], "G60 科创走廊建设")
    cloud = line(office, 4, 1)
    assert (cloud.label, cloud.stated_fen, cloud.ending, cloud.numbering) == ("G60科创云运营", 75 * WAN, "：包括", "")
    assert [(c.label, c.stated_fen, c.ending, c.runs_on) for c in cloud.children] == [
        ("栏目信息更新稿费", 10 * WAN, "，", True), ("微信带货相关费用", 30 * WAN, "，", True),
        ("推广费", 20 * WAN, "；", True), ("宽带及服务器租赁费等其他费用", 15 * WAN, "。", True)]
    property_line = line(office, 6, 1)
    assert (property_line.label, property_line.stated_fen, property_line.ending) == (
        "展示馆物业管理、保洁保安费", 66_040_000, "。其中，")
    management = line(office, 6, 1, 1)   # the sentence starts with 展示馆面积: no label of its own
    assert (management.label, management.basis, management.formula, management.formula_unit,
            management.stated_fen, management.stated_text) == (
        "", "展示馆面积1,469平，物业管理费按16元/平/月，全年合计：", "1,469平*16*12", "yuan", 28_200_000, "28.20万元")
    assert line(office, 6, 1, 2).stated_fen == 37_830_000   # 3.15*12 = 37.8 but 37.83 printed: kept
    assert line(office, 6, 1, 2).formula == "3.15万元*12"
    energy = line(office, 6, 2)
    assert (energy.label, energy.stated_fen) == ("展示馆能源费、水电费", 36_860_000)
    assert [(c.label, c.formula, c.formula_unit, c.stated_fen) for c in energy.children] == [
        ("能源费", "1469平*9*12", "yuan", 15_870_000), ("水电费", "", "wan", 21 * WAN)]   # 水电费: no formula on paper
    assert energy.children[1].basis == "预计1.75万元/月，水电费全年合计为"
    assert all(not line(office, 4, i).children for i in (2, 3))


def test_group_titles_and_texts(docs):
    office = node(docs["2022"], "G60 科创走廊建设").explanation.budget_groups
    assert [g.title for g in office] == ["G60日常办公经费", "产融结合新高地建设", "产业要素对接", "科创要素对接",
                                         "派驻干部费用", "展示馆物业管理、能源费、水电费：", "展示馆运维：",
                                         "重大活动经费："]   # with the "：" the document prints
    assert office[5].text == "根据与上海临港企业服务有限公司的物业管理、能源合同约定。"
    assert office[6].text == "该项目为跨年项目，合计约360万元；"
    assert [(x.label, x.stated_fen) for x in office[6].lines] == [("2022年申请资金", 180 * WAN)]
    assert office[0].text == ""
    promo = node(docs["2022"], "宣传与推广").explanation.budget_groups
    assert [g.title for g in promo] == ["九城巡礼：", "展馆线上宣传推广；"]


def test_section_texts_and_the_heading_override(docs):
    subs = forms_of(docs["2026"])
    sixth = subs[5].explanation.sections
    assert sixth["plan"].heading == "五、实施方案"   # the document numbers 实施方案 "五" as well
    assert sixth["plan"].text.startswith("为“创赢未来”科技与产业创新大赛获奖项目")
    assert sixth["period"].heading is None
    assert all(s.heading is None for n in subs[:5] for s in n.explanation.sections.values())
    assert all(s.heading is None for n in forms_of(docs["2022"]) for s in n.explanation.sections.values())
    assert subs[0].explanation.text("budget") == "该项目年度财政资金预算安排金额78万元。"
    assert subs[2].explanation.text("budget") == "该项目年度财政资金预算安排金额 23.965 万元。"
    assert subs[2].explanation.text("period") == "2025 年 9 月-2026 年 6 月"
    assert subs[0].explanation.text("targets") == "见财政项目支出绩效目标申报表。"
    office = forms_of(docs["2022"])[0].explanation
    assert office.text("period") == "2022年 1月 1日至 2022年 12月 31日"
    assert office.text("overview").count("\n") == 7   # eight numbered items
    assert office.text("budget") == ""
    assert forms_of(docs["2022"])[1].explanation.text("period") == "2022年 1月至 2022年 12月"


def test_overview_paragraphs_as_printed(docs):
    assert docs["2026"].departments[0].overview.endswith("涉及项目预算资金 287.97 万元。")
    assert "编报绩效目标的项目 2个" in docs["2022"].departments[0].overview
    assert docs["2022"].departments[0].overview.endswith("涉及项目预算资金 1,128.00万元。")


# ---- inconsistencies of the documents stay ---------------------------------------------------------

def test_2022_form_2_budget_lines_say_85_wan_while_the_form_says_70(docs):
    promo = node(docs["2022"], "宣传与推广")
    lines_total = sum(x.stated_fen for g in promo.explanation.budget_groups for x in g.lines)
    assert lines_total == 85 * WAN
    assert promo.form.funding.annual_request_fen == 70 * WAN


def test_2022_form_1_budget_lines_add_up_to_its_request(docs):
    office = node(docs["2022"], "G60 科创走廊建设")
    top_level = sum(x.stated_fen for g in office.explanation.budget_groups for x in g.lines)
    assert top_level == office.form.funding.annual_request_fen == 1_058_000_000


def test_2026_form_4_names_the_fourth_contest_while_its_explanation_says_fifth(docs):
    n = node(docs["2026"], "G60 科创走廊建设", "创新合作")
    assert any("第四届" in i.name for i in n.form.indicators)
    assert "第五届" in n.explanation.text("overview")
