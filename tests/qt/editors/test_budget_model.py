"""六、年度预算安排 model without a window: groups, lines, live formula results and differences."""
from __future__ import annotations

from PySide6.QtCore import Qt

from g60desk.qt.editors.budget_model import (
    BASIS,
    DIFFERENCE,
    ENDING,
    FORMULA,
    LABEL,
    REMARK,
    RESULT,
    STATED,
    BudgetTableModel,
    KindRole,
    MarkRole,
    group_total_fen,
)
from g60desk.services.session import LinePath

Tip = Qt.ItemDataRole.ToolTipRole


def _model(session, i=0):
    node = session.doc.departments[0].declared_nodes()[i]
    model = BudgetTableModel(session, node)
    session.listeners.append(model.handle_change)
    return node, model


def _row(model, group, *indices):
    index = model.index(group, 0)
    for i in indices:
        index = model.index(i, 0, index)
    return [model.index(index.row(), c, index.parent()).data() for c in range(7)]


def test_passes_the_model_tester(qtmodeltester, session2022):
    _, model = _model(session2022)
    qtmodeltester.check(model)


def test_empty_budget_passes_the_model_tester(qtmodeltester, session2026):
    _, model = _model(session2026)
    qtmodeltester.check(model)
    assert model.rowCount() == 1 and model.index(0, 0).data(KindRole) == "new_group"


def test_groups_and_lines_read_like_the_explanation(session2022):
    _, model = _model(session2022)
    assert model.headerData(STATED, Qt.Orientation.Horizontal) == "申报金额"
    assert model.unit_word == "万元"
    group = _row(model, 0)
    assert group[LABEL] == "一、G60日常办公经费"
    first = _row(model, 0, 0)
    assert first[LABEL].startswith("（1）保洁")
    assert first[FORMULA] == "0.9*12〔万元〕"   # the unit of a formula of bare numbers always shows
    assert first[RESULT] == "10.8" and first[STATED] == "10.8万" and first[DIFFERENCE] == "0"   # as typed
    second = _row(model, 0, 1)
    assert second[RESULT] == "3.9312" and second[STATED] == "3.9万元" and second[DIFFERENCE] == "-0.0312"
    assert model.index(1, DIFFERENCE, model.index(0, 0)).data(Qt.ItemDataRole.BackgroundRole) is not None


def test_group_total_is_the_sum_of_its_lines(session2022):
    node, model = _model(session2022)
    assert model.index(0, STATED).data() == "102.5"  # 一、G60日常办公经费: 10.8 + 3.9 + … + 7.4 万元
    assert model.node_total_fen() == sum(group_total_fen(g) for g in node.explanation.budget_groups)


def test_typing_a_formula_shows_result_and_difference(session2022):
    node, model = _model(session2022)
    line = model.index(2, FORMULA, model.index(0, 0))
    model.setData(line, "0.9*12")
    assert model.index(2, RESULT, model.index(0, 0)).data() == "10.8"
    stated = node.explanation.budget_groups[0].lines[2].stated_fen
    assert model.index(2, DIFFERENCE, model.index(0, 0)).data() == model.format_amount(stated - 10_800_000, True)


def test_stated_amount_in_wan_exactly(session2022):
    node, model = _model(session2022)
    model.setData(model.index(0, STATED, model.index(0, 0)), "２３．９６５")
    line = node.explanation.budget_groups[0].lines[0]
    assert line.stated_fen == 23_965_000 and line.stated_text == "23.965万元"   # the column's unit added
    assert model.index(0, STATED, model.index(0, 0)).data() == "23.965万元"
    model.setData(model.index(0, STATED, model.index(0, 0)), "28.20万")
    assert node.explanation.budget_groups[0].lines[0].stated_text == "28.20万"   # the decimals as typed


def test_refused_formula_stays_with_reason(session2022):
    node, model = _model(session2022)
    cell = model.index(0, FORMULA, model.index(0, 0))
    model.setData(cell, "0.9*abc")
    assert cell.data() == "0.9*abc" and cell.data(MarkRole) == "refused"
    assert "公式" in cell.data(Tip)
    assert node.explanation.budget_groups[0].lines[0].formula == "0.9*12"


def test_typing_under_a_group_adds_a_line_and_paste_skips_computed_columns(session2022):
    node, model = _model(session2022)
    group = model.index(1, 0)
    lines = len(node.explanation.budget_groups[1].lines)
    new_row = model.index(model.rowCount(group) - 1, LABEL, group)
    assert new_row.data(KindRole) == "new_line"
    steps = session2022.undo_stack.index()
    model.paste(new_row, [["评审费", "3人×2天", "0.2*3", "x", "0.6", "x", "走电子集市"],
                          ["印刷费", "", "", "", "1万", "", ""]])
    assert session2022.undo_stack.index() == steps + 1
    added = node.explanation.budget_groups[1].lines[lines:]
    assert [(line.label, line.formula, line.stated_fen, line.remark) for line in added] == [
        ("评审费", "0.2*3", 600_000, "走电子集市"), ("印刷费", "", 1_000_000, "")]


def test_a_block_from_excel_fills_the_columns_one_types_in(session2022):
    # 名称, 测算依据, 计算公式, 申报金额, 备注 — the block a clerk copies from a budget sheet of their own
    node, model = _model(session2022)
    group = model.index(1, 0)
    lines = len(node.explanation.budget_groups[1].lines)
    new_row = model.index(model.rowCount(group) - 1, LABEL, group)
    model.paste(new_row, [["评审费", "3人×2天", "0.2*3", "0.6", "走电子集市"], ["印刷费", "", "", "1万", ""]],
                grid_columns=False)
    added = node.explanation.budget_groups[1].lines[lines:]
    assert [(line.label, line.formula, line.stated_fen, line.remark) for line in added] == [
        ("评审费", "0.2*3", 600_000, "走电子集市"), ("印刷费", "", 1_000_000, "")]

def test_delete_clears_cells_in_one_step_and_undo_restores(session2022):
    node, model = _model(session2022)
    group = model.index(0, 0)
    steps = session2022.undo_stack.index()
    model.clear_cells([model.index(0, BASIS, group), model.index(1, STATED, group), model.index(1, REMARK, group)])
    assert session2022.undo_stack.index() == steps + 1
    assert node.explanation.budget_groups[0].lines[1].stated_fen is None
    assert model.index(1, STATED, group).data() == ""
    assert node.explanation.budget_groups[0].lines[1].stated_text == ""
    session2022.undo_stack.undo()
    assert model.index(1, STATED, model.index(0, 0)).data() == "3.9万元"


def test_adding_a_group_from_the_last_row(session2022):
    node, model = _model(session2022)
    count = len(node.explanation.budget_groups)
    model.setData(model.index(model.rowCount() - 1, LABEL), "专家评审")
    assert len(node.explanation.budget_groups) == count + 1
    assert model.index(count, LABEL).data() == "九、专家评审"


def test_findings_mark_lines(session2022, fake_checker, finding):
    node, model = _model(session2022)
    session2022.checker = fake_checker
    fake_checker.by_path[session2022.path_of(node)] = [finding("line:0:2:stated_fen", "warning", "公式与金额不符")]
    model.refresh_findings()
    index = model.index_for_field("line:0:2:stated_fen")
    assert index == model.index(2, STATED, model.index(0, 0))
    assert index.data(MarkRole) == "warning" and index.data(Tip) == "公式与金额不符"


# ---- the wording on paper: numbering asked for, lines printed on the line before ---------------------

def test_only_numbering_asked_for_shows_and_follows_the_paragraphs(session2022):
    node, model = _model(session2022)
    crowd = model.index(1, 0)                                   # 二、产融结合新高地建设: （1）（2）（3） + run-on
    assert [model.index(r, LABEL, crowd).data()[:3] for r in range(3)] == ["（1）", "（2）", "（3）"]
    assert model.index(3, LABEL, crowd).data() == "“一网通办”深化"       # runs on in (3): no （4）
    assert model.index(3, LABEL, crowd).data(Qt.ItemDataRole.FontRole).italic()
    cadres = model.index(0, LABEL, model.index(4, 0))           # 五、派驻干部费用: the group asked for no number
    assert cadres.data() == ""
    session2022.set_group_numbering(node, 4, "①")
    assert model.index(0, LABEL, model.index(4, 0)).data() == "①"
    session2022.set_line_runs_on(node, LinePath(1, (3,)), False)
    assert model.index(3, LABEL, model.index(1, 0)).data() == "（4）“一网通办”深化"


def test_a_number_typed_before_a_label_asks_for_numbering(session2026, declared):
    node = declared(session2026)
    session2026.add_group(node, "评审")
    session2026.set_line_cells(node, 0, 0, 0, [["（1）专家评审费", "", "", "2万"], ["资料费", "", "", "1万"]])
    group = node.explanation.budget_groups[0]
    assert group.numbering == "（1）" and group.lines[0].label == "专家评审费"
    from g60desk.domain.wording import budget_paragraphs
    assert [p.text for p in budget_paragraphs(node.explanation)] == ["一、评审", "（1）专家评审费2万", "（2）资料费1万"]


def test_the_ending_column_is_typed_and_pasted_last(session2022):
    node, model = _model(session2022)
    assert model.headerData(ENDING, Qt.Orientation.Horizontal) == "结尾"
    cell = model.index(0, ENDING, model.index(0, 0))
    assert cell.data() == "；"
    model.setData(cell, "。")
    assert node.explanation.budget_groups[0].lines[0].ending == "。"
    model.setData(cell, "很长" * 30)
    assert cell.data(MarkRole) == "refused" and node.explanation.budget_groups[0].lines[0].ending == "。"


# ---- what an edit repaints ---------------------------------------------------------------------------

def _shown(model) -> None:
    """Read every cell, as a view showing the whole grid does (rows never shown are not announced)."""
    def walk(parent):
        for r in range(model.rowCount(parent)):
            for c in range(model.columnCount(parent)):
                model.index(r, c, parent).data()
            walk(model.index(r, 0, parent))
    from PySide6.QtCore import QModelIndex
    walk(QModelIndex())


def _announced(model) -> list:
    """(kind, group, indices) of every row announced by dataChanged, and the columns it covered."""
    seen = []

    def record(top, bottom, roles=()):
        for row in range(top.row(), bottom.row() + 1):
            item = model.item(model.index(row, 0, top.parent()))
            seen.append((item.key, top.column(), bottom.column()))
    model.dataChanged.connect(record)
    return seen


def test_typing_an_amount_repaints_its_row_and_its_group_total_only(session2022):
    node, model = _model(session2022)
    _shown(model)
    seen = _announced(model)
    model.setData(model.index(1, STATED, model.index(0, 0)), "4.2")
    assert sorted(seen) == [(("group", 0, ()), 0, 7), (("line", 0, (1,)), 0, 7)]
    assert model.index(0, STATED).data() != "102.5"   # the group's sum follows


def test_a_refused_entry_repaints_its_row_only(session2022):
    _node, model = _model(session2022)
    _shown(model)
    seen = _announced(model)
    model.setData(model.index(2, FORMULA, model.index(1, 0)), "0.9*abc")
    assert seen == [(("line", 1, (2,)), 0, 7)]


def test_a_finding_that_comes_repaints_the_row_it_marks(session2022, fake_checker, finding):
    node, model = _model(session2022)
    path = session2022.path_of(node)
    fake_checker.by_path[path] = list(session2022.checker.for_path(path))   # what the window shows now
    session2022.checker = fake_checker
    _shown(model)
    seen = _announced(model)
    fake_checker.by_path[path].append(finding("line:0:2:stated_fen", "warning", "公式与金额不符"))
    model.refresh_findings()
    assert seen == [(("line", 0, (2,)), 0, 7)]
    assert model.index(2, STATED, model.index(0, 0)).data(MarkRole) == "warning"


def test_what_a_row_shows_is_kept_until_it_changes(session2022, monkeypatch):
    """A repaint reads what was worked out: the formulas and amounts of unchanged rows are not computed again."""
    node, model = _model(session2022)
    _shown(model)
    computed = []
    original = model._compute_view
    monkeypatch.setattr(model, "_compute_view", lambda item: computed.append(item.key) or original(item))
    _shown(model)
    assert computed == []
    model.setData(model.index(0, STATED, model.index(2, 0)), "1.5")   # 三、: only that group is looked at again
    assert computed and {key[1] for key in computed} == {2}
