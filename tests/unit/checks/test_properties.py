"""No rule crashes on any document hypothesis can build, every finding is well formed, and the live checker
always agrees with a whole-file check."""
from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from g60desk.checks import RULES, LiveChecker, check_document, describe_field, parse_field
from g60desk.checks.findings import SEVERITY_RANK
from g60desk.domain.model import (
    SECTION_KEYS,
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
from g60desk.domain.values import IndicatorValue

# Words and characters the rules look for, mixed with anything at all.
WORDS = ["2025年9月", "-", "—", "至", "2026年12月31日", "前完成", "第五届", "第四届", "创新大赛", "跨年", "合计", "约",
         "万元", "万", "元", "78", "23.965", "1、", "2、", "3.", "。", "；", "\n", "金额", "成本指标", "数量指标",
         "编报绩效目标的项目", "个", "涉及项目预算资金", "本部门", "个预算单位", "开展了", "年", "包含六个二级项目",
         "“", "”"]
text = st.one_of(st.text(max_size=30), st.lists(st.sampled_from(WORDS), max_size=8).map("".join))
money = st.one_of(st.none(), st.integers(min_value=-10**14, max_value=10**14),
                  st.sampled_from([0, 78_000_000, 23_965_000, 10_000]))
dates = st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)))
number = st.one_of(st.none(), st.from_regex(r"-?[0-9]{1,7}(\.[0-9]{1,4})?", fullmatch=True),
                   st.sampled_from(["1e999999", "NaN", "abc", "", "46022", "1E+40"]))
unit = st.one_of(st.sampled_from(["", "万元", "万", "元", "万元/次", "万/场", "次", "场", "%", "个", "人/场",
                                  "千元/人"]),
                 st.text(max_size=4))
values = st.builds(IndicatorValue, op=st.sampled_from([None, "=", "≥", "≤", ">", "<", "?"]), number=number,
                   unit=unit, text=text)
LEVELS = [("成本指标", "经济成本指标"), ("产出指标", "数量指标"), ("产出指标", "质量指标"),
          ("产出指标", "时效指标"), ("产出指标", "成本指标"), ("效益指标", "社会效益指标"),
          ("满意度指标", "服务对象满意度指标"), ("", ""), ("x", "y")]
indicators = st.builds(lambda levels, name, value: Indicator(levels[0], levels[1], name, value),
                       st.sampled_from(LEVELS), text, values)
formulas = st.one_of(st.sampled_from(["", " ", "0.9*12", "1469*16*12", "3.15万*12", "1/3", "(1+2", "5-10",
                                      "0.3276×12", "12/0", "9" * 30]), st.text(max_size=12))
lines = st.recursive(
    st.builds(BudgetLine, label=text, basis=text, formula=formulas, formula_unit=st.sampled_from(["wan", "yuan", "x"]),
              stated_fen=money, remark=text),
    lambda children: st.builds(BudgetLine, label=text, basis=text, formula=formulas,
                               formula_unit=st.sampled_from(["wan", "yuan"]), stated_fen=money,
                               children=st.lists(children, max_size=3)),
    max_leaves=6)
groups = st.builds(BudgetGroup, title=text, text=text, lines=st.lists(lines, max_size=4))


@st.composite
def explanations(draw):
    explanation = FundingExplanation()
    for key in SECTION_KEYS:
        heading = draw(st.one_of(st.none(), st.sampled_from(["五、实施方案", "四、实施方案", "x、y", "、"]), text))
        explanation.sections[key] = Section(key, draw(text), heading)
    explanation.budget_groups = draw(st.lists(groups, max_size=3))
    return explanation


forms = st.builds(
    DeclarationForm, template=st.sampled_from(["上海2026", "上海2022", "其他"]),
    framework=st.sampled_from(["2021", "legacy", "bogus"]), nature=text, category=text,
    supervising_dept=st.sampled_from(["", "上海市某某中心", "上海市某某研究中心", "完全不同的单位"]),
    implementing_unit=st.sampled_from(["", "上海市某某中心", "上海市某某研究中心"]),
    planned_start=dates, planned_end=dates,
    funding=st.builds(FundingBlock, money, money, money, money, money, money, money),
    overall_goal=text, annual_goal=text, indicators=st.lists(indicators, max_size=8))


@st.composite
def nodes(draw, depth=0):
    declared = draw(st.booleans())
    node = Node(name=draw(st.sampled_from(["甲", "乙", "丙", ""])), kind="project" if depth == 0 else "sub_project",
                form=draw(forms) if declared else None, explanation=draw(explanations()) if declared else None)
    if depth < 2:
        node.children = draw(st.lists(nodes(depth + 1), max_size=2))
    return node


departments = st.builds(
    Department, name=st.sampled_from(["上海市某某中心", "上海市某某研究中心", "部门"]),
    budget_units=st.integers(min_value=-1, max_value=3), overview=text, projects=st.lists(nodes(), max_size=3))
documents = st.builds(Document, budget_year=st.integers(min_value=-5, max_value=10_000),
                      departments=st.lists(departments, max_size=2))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_no_rule_crashes_and_findings_are_well_formed(doc):
    findings = check_document(doc)
    for finding in findings:
        rule = RULES[finding.rule]
        assert SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[rule.severity]
        assert finding.message and isinstance(finding.message, str)
        assert finding.path and finding.path[0] in {d.name for d in doc.departments}
        int(finding.fingerprint, 16)
        if finding.field is not None:
            parse_field(finding.field)
            describe_field(doc.find(finding.path), finding.field)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.data())
def test_live_rechecks_agree_with_a_whole_file_check(doc, data):
    checker = LiveChecker(doc)
    assert checker.findings() == check_document(doc)
    declared = [(dept, node) for dept in doc.departments for _, node in dept.iter_nodes() if node.form is not None]
    if declared:
        dept, node = data.draw(st.sampled_from(declared))
        node.form.funding.annual_request_fen = data.draw(money)
        node.form.indicators.append(data.draw(indicators))
        checker.recheck_node(dept, node)
        assert checker.findings() == check_document(doc)
