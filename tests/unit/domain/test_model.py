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


def test_copies_keep_the_template_fields_of_lines_and_indicators_apart():
    """A template's own columns (绩效标准, 上年预算数 …) live in a dict: an undo copy must not share it."""
    doc = sample_document("2022")
    node = next(n for _, n in doc.iter_nodes() if n.declared)
    line, indicator = node.explanation.budget_groups[0].lines[0], node.form.indicators[0]
    line.extra, indicator.extra = {"last_year": 100}, {"standard": "行业标准"}
    [group], [row] = copy_groups(node.explanation.budget_groups[:1]), copy_indicators([indicator])
    group.lines[0].extra["last_year"] = 200
    row.extra["standard"] = "改了"
    assert line.extra == {"last_year": 100} and indicator.extra == {"standard": "行业标准"}
