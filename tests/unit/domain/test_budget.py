"""The one budget arithmetic (domain/budget.py): what a line, a group and a node add up to."""
from __future__ import annotations

from g60desk.checks import check_document
from g60desk.checks.context import NodeContext
from g60desk.domain.budget import (
    amount_of,
    budget_total_fen,
    computed_fen,
    difference_fen,
    group_total_fen,
    line_amount_fen,
)
from g60desk.domain.model import BudgetGroup, BudgetLine, FundingExplanation
from g60desk.exchange.samples import sample_document

WAN = 1_000_000


def test_a_line_counts_its_stated_amount_first():
    line = BudgetLine(formula="0.9*12", stated_fen=10 * WAN, children=[BudgetLine(stated_fen=3 * WAN)])
    assert line_amount_fen(line) == 10 * WAN


def test_without_an_amount_a_line_counts_its_sub_lines():
    line = BudgetLine(formula="0.9*12", children=[BudgetLine(stated_fen=3 * WAN), BudgetLine(formula="0.2*12")])
    assert line_amount_fen(line) == 3 * WAN + 2_400_000


def test_a_formula_only_line_counts_its_formula_rounded_to_fen():
    assert line_amount_fen(BudgetLine(formula="0.9*12")) == 10_800_000
    assert line_amount_fen(BudgetLine(formula="100/3", formula_unit="yuan")) == 3333   # 33.333… 元 → 33.33 元
    assert line_amount_fen(BudgetLine(formula="0.9*12#")) == 0                         # cannot be computed
    assert line_amount_fen(BudgetLine()) == 0


def test_the_rule_itself():
    assert amount_of(5, 7, (9, 1)) == 5
    assert amount_of(None, 7, (9, 1)) == 7
    assert amount_of(None, None, (19, 2)) == 10   # 9.5 分 → 10 (四舍五入)
    assert amount_of(None, None, "公式有误") == 0
    assert amount_of(None, None, None) == 0


def test_groups_and_nodes_add_up_their_lines():
    group = BudgetGroup(lines=[BudgetLine(stated_fen=WAN), BudgetLine(formula="0.9*12")])
    assert group_total_fen(group) == 11_800_000
    explanation = FundingExplanation(budget_groups=[group, BudgetGroup(lines=[BudgetLine(stated_fen=WAN)])])
    assert budget_total_fen(explanation) == 12_800_000
    assert budget_total_fen(None) == 0


def test_stated_against_computed():
    line = BudgetLine(formula="0.3276*12", stated_fen=3_900_000)   # 3.9312 万元 computed, 3.9 stated
    assert computed_fen(line) == 3_931_200 and difference_fen(line) == -31_200
    assert difference_fen(BudgetLine(formula="0.9*12")) is None
    assert computed_fen(BudgetLine(stated_fen=5)) is None


def test_the_checks_count_every_line_of_the_samples_as_the_domain_does():
    for year in ("2022", "2026"):
        doc = sample_document(year)
        for path, node in doc.iter_nodes():
            if not node.declared:
                continue
            ctx = NodeContext(doc, doc.departments[0], path, node)
            assert ctx.budget_total == budget_total_fen(node.explanation)
            for entry in ctx.lines:
                assert ctx.line_amount(entry.line) == line_amount_fen(entry.line)


def test_a_formula_only_line_gives_the_same_total_in_the_checks():
    """The issue's case: a line with only "0.9*12" under 一、G60日常办公经费 of the 2022 sample."""
    doc = sample_document("2022")
    node = doc.departments[0].projects[0]
    node.explanation.budget_groups[0].lines.append(BudgetLine(formula="0.9*12"))
    total = budget_total_fen(node.explanation)
    assert total == 1_068_800_000
    [finding] = [f for f in check_document(doc) if f.rule == "F-SUM-01" and f.path[-1] == node.name]
    assert "六、年度预算安排合计 1,068.80 万元" in finding.message and finding.severity == "error"
