"""What changed between two submissions, field by field, in the clerks' words."""
from __future__ import annotations

import copy

from g60desk.domain.model import BudgetLine, Node
from g60desk.domain.values import parse_value
from g60desk.exchange.diff import diff_departments
from g60desk.exchange.samples import sample_document


def kechuang():
    return sample_document("2022").departments[0]


def test_equal_departments_have_no_differences():
    assert diff_departments(kechuang(), kechuang()) == []


def test_each_kind_of_change_is_named_with_its_place_and_printed_values():
    old, new = kechuang(), kechuang()
    project = new.projects[0]
    project.form.funding.other_fen = None                                  # 0 → blank
    project.form.indicators[23].value = parse_value("≥90%")               # 相关方满意度
    cleaning = project.explanation.budget_groups[0].lines[0]
    cleaning.stated_fen, cleaning.stated_text = 10_810_000, "10.81万"       # 保洁服务 +0.01 万元
    project.explanation.budget_groups[0].lines[0].children.append(BudgetLine(label="新增子项", stated_fen=0))
    new.projects[1].form.annual_goal += "。"
    new.projects.append(Node(name="新项目"))
    new.projects[0].explanation.budget_groups[1].lines[3].runs_on = False   # “一网通办” as a paragraph of its own
    changes = [str(c) for c in diff_departments(old, new)]
    assert "G60 科创走廊建设 · 预算明细（产融结合新高地建设 › “一网通办”深化）接排：是 → （空）" in changes
    assert "G60 科创走廊建设 · 项目资金·其他资金（左栏）：0 元 → （空）" in changes
    assert "G60 科创走廊建设 · 绩效指标（满意度指标/服务对象满意度指标/相关方满意度）：>=85% → >=90%" in changes
    assert ("G60 科创走廊建设 · 预算明细（G60日常办公经费 › 保洁服务）申报金额：10.8 万元（写作“10.8万”） → "
            "10.81 万元（写作“10.81万”）") in changes
    added = [c for c in changes if "新增子项" in c]
    place = "G60 科创走廊建设 · 预算明细（G60日常办公经费 › 保洁服务 › 新增子项）"
    assert sorted(added) == [f"{place}名称：（无） → 新增子项", f"{place}申报金额：（无） → 0 万元"]
    assert any(c.startswith("宣传与推广 · 年度总体目标：…") for c in changes)      # long text: an excerpt
    assert "新项目 · 项目：（无） → 未编报申报表" in changes


def test_a_removed_declared_project_is_one_line():
    old, new = kechuang(), kechuang()
    removed = new.projects.pop(1)
    changes = diff_departments(old, new)
    assert [(c.path, c.field, c.new) for c in changes] == [((removed.name,), "项目", "（无）")]
    assert changes[0].old.startswith("已编报，年度资金申请总额 700000 元")     # as the 2022 form prints it


def test_repeated_names_stay_apart():
    old = kechuang()
    new = copy.deepcopy(old)
    rows = new.projects[0].form.indicators
    rows.append(copy.deepcopy(rows[0]))
    changes = diff_departments(old, new)
    assert len(changes) == 1 and "（第 2 个）" in changes[0].field


def test_the_fields_a_template_adds_are_compared_with_its_labels():
    """湘潭's 填表人 and 该项目支出上级资金, and its 绩效标准 column: changes named as the form names them."""
    old = sample_document("湘潭2023").departments[0]
    new = sample_document("湘潭2023").departments[0]
    form = new.projects[0].form
    form.extra["preparer"] = "李四"
    form.extra["superior_fen"] = 500_000_000
    form.indicators[0].extra["standard"] = "行业标准"
    changes = {(c.field, c.old, c.new) for c in diff_departments(old, new)}
    assert ("填表人", "宋云花", "李四") in changes
    assert ("该项目支出上级资金", "0", "500万") in changes
    assert ("绩效指标（产出指标/数量指标/雾炮车降尘抑尘服务配备车辆数）绩效标准", "计划标准", "行业标准") in changes
