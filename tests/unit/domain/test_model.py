"""The document's dataclasses: copies for undo are deep (a change to a copy never reaches the document)."""
from __future__ import annotations

import copy

from g60desk.domain.model import BudgetLine, copy_groups, copy_indicators
from g60desk.exchange.samples import sample_document


def test_copies_of_budget_groups_and_indicators_are_deep():
    doc = sample_document("2022")
    node = next(n for _, n in doc.iter_nodes() if n.declared)
    node.explanation.budget_groups[0].lines[0].children = [BudgetLine(label="其中甲", stated_fen=1)]
    groups, indicators = node.explanation.budget_groups, node.form.indicators
    copied, rows = copy_groups(groups), copy_indicators(indicators)
    assert copied == copy.deepcopy(groups) and rows == copy.deepcopy(indicators)
    copied[0].lines[0].children[0].label = "改了"
    copied[0].lines.append(BudgetLine(label="新"))
    rows[0].name = "改了"
    assert groups[0].lines[0].children[0].label == "其中甲" and groups[0].lines[-1].label != "新"
    assert indicators[0].name != "改了"
