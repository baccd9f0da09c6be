"""Typing an amount as a clerk does: the sums follow every keystroke, the amount is saved and checked (审核) a
moment after typing stops, the stint is one undo step, and Esc puts back what was there."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from g60desk.qt.editors.fields import PAUSE_MS
from g60desk.qt.editors.node_editor import EXPLANATION_TAB


@pytest.fixture
def form_editor(make_editor, session2026, declared):
    node = declared(session2026)
    return session2026, node, make_editor(session2026, node)


def _start_typing(qtbot, edit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)


def test_the_sum_line_follows_each_keystroke_before_anything_is_saved(form_editor, qtbot):
    session, node, editor = form_editor
    page = editor.form_page
    before = node.form.funding.appropriation_fen
    steps = session.undo_stack.index()
    edit = page.editors["appropriation_fen"]
    _start_typing(qtbot, edit, "1")
    first = page.right_sum_text
    qtbot.keyClicks(edit, "234")
    assert page.right_sum_text != first                 # every keystroke, not only Tab
    other = node.form.funding.carryover_fen or 0
    rest = node.form.funding.annual_other_fen or 0
    expected = f"{(123_400 + other + rest) // 100:,}.00"
    assert f"= {expected}" in page.right_sum_text
    assert node.form.funding.appropriation_fen == before  # not saved yet
    assert session.undo_stack.index() == steps


def test_a_pause_saves_and_checks_the_amount_and_the_stint_is_one_undo_step(form_editor, qtbot):
    session, node, editor = form_editor
    page = editor.form_page
    before = node.form.funding.annual_request_fen
    steps = session.undo_stack.index()
    edit = page.editors["annual_request_fen"]
    _start_typing(qtbot, edit, "5")
    qtbot.waitUntil(lambda: node.form.funding.annual_request_fen == 500, timeout=PAUSE_MS * 4)
    assert edit.text() == "5" and edit.hasFocus()       # saved, still as typed, the cursor stays
    found = [f for f in session.checker.for_path(session.path_of(node)) if f.field == "annual_request_fen"]
    assert found, "审核 followed the saved amount"
    qtbot.keyClicks(edit, "00")
    qtbot.waitUntil(lambda: node.form.funding.annual_request_fen == 50_000, timeout=PAUSE_MS * 4)
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert node.form.funding.annual_request_fen == 50_000
    assert session.undo_stack.index() == steps + 1      # two saves and Tab: one step
    session.undo_stack.undo()
    assert node.form.funding.annual_request_fen == before


def test_esc_puts_back_the_amount_the_stint_started_from(form_editor, qtbot):
    session, node, editor = form_editor
    page = editor.form_page
    before = node.form.funding.annual_request_fen
    steps = session.undo_stack.index()
    edit = page.editors["annual_request_fen"]
    _start_typing(qtbot, edit, "77")
    qtbot.waitUntil(lambda: node.form.funding.annual_request_fen == 7_700, timeout=PAUSE_MS * 4)
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert node.form.funding.annual_request_fen == before
    assert session.undo_stack.index() == steps
    assert "77" not in edit.text()


def test_text_that_is_not_an_amount_yet_is_not_saved_on_a_pause(form_editor, qtbot):
    session, node, editor = form_editor
    page = editor.form_page
    before = node.form.funding.carryover_fen
    edit = page.editors["carryover_fen"]
    _start_typing(qtbot, edit, "12abc")
    assert "上年结转资金正在输入" in page.right_sum_text
    qtbot.wait(PAUSE_MS * 2)
    assert node.form.funding.carryover_fen == before and not edit.refused   # no red while still typing
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert edit.refused and edit.text() == "12abc"
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert not edit.refused and node.form.funding.carryover_fen == before


# ---- 六、年度预算安排 ---------------------------------------------------------------------------------
@pytest.fixture
def budget_editor(make_editor, session2022, declared):
    node = declared(session2022)
    return session2022, node, make_editor(session2022, node, wide=True, tab=EXPLANATION_TAB)


def _open_cell(qtbot, view, index, first: str):
    from PySide6.QtWidgets import QApplication
    view.setFocus()
    view.setCurrentIndex(index)
    qtbot.keyClicks(view, first)
    return QApplication.focusWidget()


def test_a_budget_amount_being_typed_shows_in_its_row_group_and_total_at_once(budget_editor, qtbot):
    from g60desk.qt.editors import budget_model as bm
    session, node, editor = budget_editor
    view = editor.explanation_page.form.budgetView
    model = view.model()
    group = model.index(0, 0)
    line = node.explanation.budget_groups[0].lines[2]
    stated = line.stated_fen
    group_before = model.index(0, bm.STATED).data()
    total_before = editor.explanation_page.total_text
    cell = _open_cell(qtbot, view, model.index(2, bm.STATED, group), "9")
    qtbot.keyClicks(cell, "99")
    assert node.explanation.budget_groups[0].lines[2].stated_fen == stated     # nothing saved yet
    assert model.index(0, bm.STATED).data() != group_before                    # the group's total follows
    assert editor.explanation_page.total_text != total_before                  # and the node's
    assert "999" not in total_before
    qtbot.keyClick(cell, Qt.Key.Key_Escape)
    assert model.index(0, bm.STATED).data() == group_before
    assert editor.explanation_page.total_text == total_before


def test_a_formula_being_typed_shows_its_result_and_the_difference_then_is_saved_on_a_pause(budget_editor, qtbot):
    from g60desk.qt.editors import budget_model as bm
    session, node, editor = budget_editor
    view = editor.explanation_page.form.budgetView
    model = view.model()
    group = model.index(0, 0)
    before = node.explanation.budget_groups[0].lines[2].formula
    steps = session.undo_stack.index()
    cell = _open_cell(qtbot, view, model.index(2, bm.FORMULA, group), "0")
    qtbot.keyClicks(cell, ".9*")
    assert model.index(2, bm.RESULT, group).data() == bm.UNREAD               # "0.9*" does not read yet
    qtbot.keyClicks(cell, "12")
    assert model.index(2, bm.RESULT, group).data() == "10.8"
    assert model.index(2, bm.DIFFERENCE, group).data() == "-8.4"               # stated 2.4 万元 − 10.8
    assert node.explanation.budget_groups[0].lines[2].formula == before
    qtbot.waitUntil(lambda: node.explanation.budget_groups[0].lines[2].formula == "0.9*12", timeout=PAUSE_MS * 4)
    assert cell.isVisible() and cell.text() == "0.9*12"                       # the cell stays open
    qtbot.keyClicks(cell, "0")
    qtbot.keyClick(cell, Qt.Key.Key_Return)          # Qt commits a cell on the next turn of the event loop
    qtbot.waitUntil(lambda: node.explanation.budget_groups[0].lines[2].formula == "0.9*120")
    assert session.undo_stack.index() == steps + 1                             # one step for the stint
    session.undo_stack.undo()
    assert node.explanation.budget_groups[0].lines[2].formula == before


def test_esc_in_a_budget_cell_undoes_what_its_pause_saved(budget_editor, qtbot):
    from g60desk.qt.editors import budget_model as bm
    session, node, editor = budget_editor
    view = editor.explanation_page.form.budgetView
    model = view.model()
    group = model.index(0, 0)
    stated = node.explanation.budget_groups[0].lines[2].stated_fen
    steps = session.undo_stack.index()
    cell = _open_cell(qtbot, view, model.index(2, bm.STATED, group), "7")
    qtbot.waitUntil(lambda: node.explanation.budget_groups[0].lines[2].stated_fen == 7_000_000, timeout=PAUSE_MS * 4)
    qtbot.keyClick(cell, Qt.Key.Key_Escape)
    assert node.explanation.budget_groups[0].lines[2].stated_fen == stated
    assert session.undo_stack.index() == steps


def test_a_formula_follows_the_unit_its_line_names_and_the_unit_shows_and_switches(budget_editor, qtbot):
    """The seeds write 1,469 平*16*12 in 元 beside amounts in 万元: the words of the line decide, the grid says it."""
    from g60desk.qt.editors import budget_model as bm
    session, node, editor = budget_editor
    page = editor.explanation_page
    view = page.form.budgetView
    model = view.model()
    group = model.index(0, 0)
    messages = []
    page.status_message.connect(messages.append)
    session.set_line_cells(node, 0, 2, 0, [["物业管理费", "面积 1,469 平，按 16 元/平/月", ""]])
    line = lambda: node.explanation.budget_groups[0].lines[2]   # noqa: E731
    assert line().formula_unit == "wan"
    cell = _open_cell(qtbot, view, model.index(2, bm.FORMULA, group), "1")
    qtbot.keyClicks(cell, "469*16*12")
    assert model.index(2, bm.RESULT, group).data() == "28.2048"      # 元 at once, while typing
    qtbot.keyClick(cell, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: line().formula == "1469*16*12")
    assert line().formula_unit == "yuan"
    assert model.index(2, bm.FORMULA, group).data() == "1469*16*12〔元〕"
    assert any("按元计（依据“16 元/平/月”）" in m for m in messages)
    view.setCurrentIndex(model.index(2, bm.FORMULA, group))
    assert page.unit_button.text() == "公式单位：元" and page.unit_button.isVisible()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert line().formula_unit == "wan" and page.unit_button.text() == "公式单位：万元"
    assert model.index(2, bm.RESULT, group).data() == "282048"


def test_a_templates_own_amount_in_wan_feeds_its_sum_line_while_typed_and_is_saved_on_a_pause(make_editor, qtbot,
                                                                                              tmp_path):
    """甘肃2023: 中央补助安排 is the template's own cell, in 万元; 项目总投资 = 中央 + 省级 + 其他 follows each
    keystroke, and a pause saves it into the form's own fields."""
    from g60desk.exchange.samples import sample_document
    from g60desk.services.session import Session
    from g60desk.store import Store
    path = tmp_path / "甘肃.g60"
    Store.create(path, sample_document("甘肃2023")).close()
    session = Session.open(path)
    try:
        node = next(n for _, n in session.doc.iter_nodes() if n.declared)
        editor = make_editor(session, node)
        page = editor.form_page
        [label] = page.sum_labels.values()
        edit = page.editors["central_fen"]
        _start_typing(qtbot, edit, "3")
        assert "中央补助安排＋省级财政安排＋其他资金 = 23.00 万元" in label.text()   # 3 + 20 + 0, not saved yet
        assert node.form.extra.get("central_fen") == 0
        qtbot.waitUntil(lambda: node.form.extra.get("central_fen") == 3_000_000, timeout=PAUSE_MS * 4)
        assert "≠ 项目总投资 20.00 万元" in label.text()
    finally:
        session.close()
