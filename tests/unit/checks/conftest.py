"""Documents for the rule tests: a small declaration that is correct in every respect, built fresh per test."""
from __future__ import annotations

from datetime import date

import pytest

from g60desk.domain.model import (
    BudgetGroup,
    BudgetLine,
    DeclarationForm,
    Department,
    Document,
    FundingBlock,
    FundingExplanation,
    Indicator,
    Node,
    Section,
)
from g60desk.domain.summary import derived_overview
from g60desk.domain.values import parse_value

DEPT = "上海市松江区长三角科创服务中心"
WAN = 1_000_000


def good_form(annual_fen: int = 50 * WAN) -> DeclarationForm:
    funding = FundingBlock(project_total_fen=annual_fen, fiscal_fen=annual_fen, other_fen=0,
                           annual_request_fen=annual_fen, appropriation_fen=annual_fen, carryover_fen=0,
                           annual_other_fen=0)
    rows = [
        ("成本指标", "经济成本指标", "委托业务费", "≤20.00(万元)"),
        ("成本指标", "经济成本指标", "举办对接活动成本", "≤2.50(万元/次)"),
        ("产出指标", "数量指标", "对接活动次数", "≥12.00(次)"),
        ("产出指标", "质量指标", "研究成果验收通过情况", "通过"),
        ("产出指标", "时效指标", "2026年12月31日前完成", "完成"),
        ("效益指标", "社会效益指标", "促进金融要素与企业精准对接", "促进"),
        ("满意度指标", "服务对象满意度指标", "企业满意度", "≥90.00(%)"),
    ]
    return DeclarationForm(
        template="上海2026", framework="2021", nature="其他经常性项目", category="其他运转类",
        supervising_dept=DEPT, implementing_unit=DEPT,
        planned_start=date(2026, 1, 1), planned_end=date(2026, 12, 31), funding=funding,
        annual_goal="1. 常态化举办产融对接活动，服务科创企业。2. 形成研究报告并公开发布。",
        indicators=[Indicator(a, b, c, parse_value(d)) for a, b, c, d in rows])


def good_explanation() -> FundingExplanation:
    texts = {
        "overview": "“示范项目”主要实施内容为举办产融对接活动，形成研究报告。",
        "basis": "《长三角 G60 科创走廊建设方案》。",
        "implementer": DEPT + "。",
        "plan": "1、举办对接活动；\n2、委托开展研究。",
        "period": "2026年1月—2026年12月",
        "budget": "",
        "targets": "见财政项目支出绩效目标申报表。",
    }
    explanation = FundingExplanation()
    for key, text in texts.items():
        explanation.sections[key] = Section(key, text)
    explanation.budget_groups = [
        BudgetGroup(title="活动费", lines=[
            BudgetLine(label="保洁服务", basis="每月9000元", formula="0.9*12", stated_fen=10_800_000),
            BudgetLine(label="场地", stated_fen=9_200_000, children=[
                # 1469×2×12 元 = 3.5256 万元, shown rounded HALF_UP as 3.53 万元: correct, no finding
                BudgetLine(label="物业管理费", basis="1,469平，2元/平/月", formula="1469*2*12", formula_unit="yuan",
                           stated_fen=3_530_000),
                BudgetLine(label="保洁保安费", basis="每月4725元，12个月", stated_fen=5_670_000),
            ]),
        ]),
        BudgetGroup(title="研究费", lines=[
            BudgetLine(label="委托业务费", basis="按委托研究合同约定", stated_fen=30 * WAN)]),
    ]
    return explanation


def good_node(name: str = "示范项目") -> Node:
    return Node(name=name, kind="project", form=good_form(), explanation=good_explanation())


def good_document() -> Document:
    dept = Department(name=DEPT, budget_units=1, projects=[good_node()])
    dept.overview = derived_overview(dept, 2026)
    return Document(budget_year=2026, template="上海2026", departments=[dept])


def to_legacy(doc: Document) -> Document:
    """The same declaration on the 2022 template and the old framework (成本 under 产出)."""
    for _, node in doc.iter_nodes():
        if node.form is None:
            continue
        node.form.template, node.form.framework, node.form.nature = "上海2022", "legacy", ""
        for ind in node.form.indicators:
            if ind.level1 == "成本指标":
                ind.level1, ind.level2 = "产出指标", "成本指标"
    return doc


@pytest.fixture
def good_doc() -> Document:
    return good_document()


@pytest.fixture
def node_of():
    def first(doc: Document) -> Node:
        return doc.departments[0].projects[0]
    return first
