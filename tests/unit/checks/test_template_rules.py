"""审核 follows the template: a rule runs only where the form has what it reads, no finding names a field the form does
not have, labels and vocabularies are the template's own."""
from __future__ import annotations

from dataclasses import replace

from g60desk.checks import RULES, check_document
from g60desk.checks.context import NodeContext
from g60desk.checks.engine import rules_for, run_node_rules
from g60desk.checks.findings import Operand, make_finding
from g60desk.checks.places import describe_field, names_absent
from g60desk.domain.template_file import parse_template
from g60desk.domain.templates import get_template

from .conftest import good_document

DATES = ('  { key = "planned_start", label = "计划开始日期", type = "date", row = 3 },\n'
         '  { key = "planned_end", label = "计划完成日期", type = "date", row = 3 },\n')


def without_dates_and_explanation():
    """上海2026 with no planned dates and no 项目经费情况说明, and its own words for 项目名称 and 主管部门."""
    text = get_template("上海2026").text.replace('id = "上海2026"', 'id = "无日期"').replace(DATES, "")
    text = text.replace('label = "项目名称"', 'label = "项目支出名称"')
    text = text.replace('label = "主管部门"', 'label = "预算部门"')
    start = text.index("[explanation]")
    end = text.index("[[frameworks]]")
    return parse_template(text[:start] + text[end:])


def in_template(doc, template):
    for _, node in doc.iter_nodes():
        if node.form is not None:
            node.form.template, node.form.spec = template.id, template
    doc.template, doc.templates = template.id, {template.id: template}
    return doc


def test_a_rule_does_not_run_where_the_template_lacks_what_it_reads():
    template = without_dates_and_explanation()
    skipped = {r.id for r in RULES.values() if r.scope == "node" and r.func not in rules_for(template)}
    assert {"F-DATE-01", "F-DATE-02", "F-DATE-03", "F-DATE-06", "F-FUND-04", "F-CALC-01", "F-SUM-01",
            "F-SUM-03", "F-CONS-02"} <= skipped
    assert not skipped & {"F-FUND-01", "F-FUND-02", "F-IND-01", "F-REQ-01", "F-COST-01"}
    assert rules_for(get_template("上海2026")) == tuple(r.func for r in RULES.values() if r.scope == "node")


def test_on_such_a_form_no_finding_names_a_field_it_does_not_have():
    template = without_dates_and_explanation()
    doc = in_template(good_document(), template)
    node = doc.departments[0].projects[0]
    node.form.planned_start = node.form.planned_start.replace(year=2030)   # would be F-DATE-02 on 上海
    node.form.supervising_dept = ""
    node.explanation.sections["basis"].text = ""                                    # would be F-REQ-03 on 上海
    ctx = NodeContext(doc, doc.departments[0], (doc.departments[0].name, node.name), node)
    raw = run_node_rules(ctx)
    assert [f for f in raw if names_absent(template, f)] == []   # the rules' reads say it all: nothing to drop
    found = check_document(doc)
    assert {f.rule for f in found} == {"F-REQ-01"}
    [finding] = found
    assert finding.message == "预算部门未填写。"                # the form's own word for 主管部门
    assert describe_field(node, "name") == "项目支出名称"


def test_the_guard_drops_a_finding_about_an_absent_field():
    template = without_dates_and_explanation()
    about_dates = make_finding("F-DATE-01", ("部门", "项目"), "planned_end", "x", ())
    with_date_operand = make_finding("F-FUND-03", ("部门", "项目"), "annual_request_fen", "x", (),
                                     evidence=(Operand("planned_start", "2026-01-01"),))
    fine = make_finding("F-FUND-03", ("部门", "项目"), "annual_request_fen", "x", ())
    assert names_absent(template, about_dates) and names_absent(template, with_date_operand)
    assert not names_absent(template, fine)
    assert not names_absent(get_template("上海2026"), about_dates)


def test_the_vocabulary_comes_from_the_templates_framework():
    """A framework whose satisfaction 二级 is 社会公众或服务对象满意度指标 under 效益指标 (湘潭): such a row is a
    satisfaction row (F-IND-05 reads it as a percentage), and 服务对象满意度指标 is not a 二级 of it (F-IND-02)."""
    text = get_template("上海2026").text.replace('id = "上海2026"', 'id = "另一体系"')
    start = text.index("[[frameworks]]")
    text = text[:start] + '''[[frameworks]]
id = "湘潭"
title = "湘潭市项目支出绩效指标"
cost = { level2 = ["成本指标"] }
satisfaction = { level2 = ["社会公众或服务对象满意度指标"] }
quantity = { level2 = ["数量指标"] }
deadline = { level2 = ["时效指标"] }
[frameworks.levels]
"产出指标" = ["数量指标", "质量指标", "时效指标", "成本指标"]
"效益指标" = ["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标", "社会公众或服务对象满意度指标"]
'''
    template = parse_template(text)
    doc = in_template(good_document(), template)
    form = doc.departments[0].projects[0].form
    form.framework = "湘潭"
    rows = form.indicators
    rows[:] = [replace(r, level1="产出指标", level2="成本指标") if r.level1 == "成本指标" else r for r in rows]
    last = rows[-1]
    rows[-1] = replace(last, level1="效益指标", level2="社会公众或服务对象满意度指标",
                       value=replace(last.value, number="120"))
    rows.append(replace(last))   # 满意度指标 / 服务对象满意度指标: not of this framework
    found = {(f.rule, f.field) for f in check_document(doc)}
    assert ("F-IND-05", f"indicator:{len(rows) - 2}:value") in found       # 120% as satisfaction
    assert ("F-IND-02", f"indicator:{len(rows) - 1}:level1") in found      # 满意度指标 is no 一级 here
