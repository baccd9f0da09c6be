"""A refused entry stays as typed, marked red with the reason shown at the field or cell, while the clerk goes
elsewhere in the tree and comes back, until she corrects it or gives it up with Esc; the window asks before it
closes a file with such entries (they are not in the file)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QToolTip

from g60desk.qt.editors import budget_model as bm
from g60desk.qt.editors.node_editor import EXPLANATION_TAB, GOALS_TAB


def _other_node(session, node):
    return next(n for _, n in session.doc.iter_nodes() if n is not node)


def test_a_refused_amount_is_still_there_marked_after_visiting_another_node(make_editor, session2026, declared, qtbot):
    node = declared(session2026)
    editor = make_editor(session2026, node, wide=True)
    messages = []
    editor.status_message.connect(messages.append)
    edit = editor.form_page.editors["carryover_fen"]
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "12abc")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert edit.refused
    qtbot.waitUntil(lambda: QToolTip.isVisible() and "不是金额" in QToolTip.text())   # said at the field
    editor.show_target(_other_node(session2026, node))
    assert any("1 处输入未被接受" in m for m in messages)
    editor.show_target(node)
    edit = editor.form_page.editors["carryover_fen"]
    assert edit.text() == "12abc" and edit.refused and "不是金额" in edit.toolTip()
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Escape)                              # given up: the stored value again
    assert not edit.refused and edit.text() != "12abc"
    editor.show_target(_other_node(session2026, node))
    editor.show_target(node)
    assert not editor.form_page.editors["carryover_fen"].refused


def test_a_refused_budget_cell_stays_across_node_switches_until_esc(make_editor, session2022, declared, qtbot):
    node = declared(session2022)
    editor = make_editor(session2022, node, wide=True)
    editor.form.tabs.setCurrentIndex(EXPLANATION_TAB)
    view = editor.explanation_page.form.budgetView
    model = view.model()
    cell = model.index(2, bm.FORMULA, model.index(0, 0))
    view.setFocus()
    view.setCurrentIndex(cell)
    qtbot.keyClicks(view, "1")
    qtbot.keyClicks(QApplication.focusWidget(), "469*16*")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: model.index(2, bm.FORMULA, model.index(0, 0)).data(bm.MarkRole) == "refused")
    qtbot.waitUntil(lambda: QToolTip.isVisible() and "公式" in QToolTip.text())      # and at the cell
    editor.show_target(_other_node(session2022, node))
    editor.show_target(node)
    editor.form.tabs.setCurrentIndex(EXPLANATION_TAB)
    view = editor.explanation_page.form.budgetView
    model = view.model()
    cell = model.index(2, bm.FORMULA, model.index(0, 0))
    assert cell.data() == "1469*16*" and cell.data(bm.MarkRole) == "refused"
    view.setFocus()
    view.setCurrentIndex(cell)
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert cell.data(bm.MarkRole) != "refused" and cell.data() != "1469*16*"


def test_a_refused_indicator_value_stays_across_node_switches(make_editor, session2026, declared, qtbot):
    from g60desk.domain.values import MAX_VALUE_CHARS
    from g60desk.qt.editors.indicator_model import VALUE
    node = declared(session2026)
    editor = make_editor(session2026, node, wide=True)
    editor.form.tabs.setCurrentIndex(GOALS_TAB)
    model = editor.goals_page.form.indicatorView.model()
    typed = "≥" + "9" * (MAX_VALUE_CHARS + 1)                            # too long a 指标值
    model.set_cells(0, VALUE, [[typed]])
    assert model.index(0, VALUE).data(bm.MarkRole) == "refused"
    editor.show_target(_other_node(session2026, node))
    editor.show_target(node)
    model = editor.goals_page.form.indicatorView.model()
    assert model.index(0, VALUE).data(bm.MarkRole) == "refused" and model.index(0, VALUE).data() == typed


def test_closing_the_file_with_refused_entries_asks_first(make_window, sample_copy, answers, qtbot):
    window = make_window(sample_copy("2026"))
    node = next(n for _, n in window.open_session.doc.iter_nodes() if n.declared)
    window.select(node)
    edit = window.editor.form_page.editors["carryover_fen"]
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "12abc")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    answers.confirm = False
    assert not window.close()                                           # the clerk goes back to correct it
    assert window.isVisible() and "1 处输入未被接受" in answers.confirmations[-1]
    answers.confirm = True
    assert window.close()
